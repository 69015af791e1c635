/* keccak: Keccak-256 as Ethereum uses it (padding byte 0x01, not SHA3's 0x06).
 * Ownership: no allocation; contexts live wherever the caller puts them. */
#ifndef OR_KECCAK_H
#define OR_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#define KECCAK256_RATE 136

struct keccak {
	uint64_t s[25];
	size_t pos;	/* bytes absorbed into the current block */
};

void keccak_init(struct keccak *k);
void keccak_update(struct keccak *k, const void *p, size_t n);
void keccak_final(struct keccak *k, uint8_t out[32]);
void keccak256(const void *p, size_t n, uint8_t out[32]);
/* keccak256(a || b) of two 32-byte values: the merkle node hash. */
void keccak256_pair(const uint8_t a[32], const uint8_t b[32], uint8_t out[32]);
void keccak_f1600(uint64_t s[25]);

#endif
