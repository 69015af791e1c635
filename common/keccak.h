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

/* keccakx8.c: keccak256 of each of n messages of len bytes each, laid out
 * one after the other at p (message i at p + i * len), into out[i]: the 0G
 * leaf (len 256) and node (len 64) hashes, 8 at a time with AVX-512 where
 * the CPU has it.  Same digests as n calls of keccak256; thread-safe.  out
 * may be p when len >= 32 (a merkle level hashed in place): messages are
 * read in order, each before its own digest and later ones are written. */
void keccak256_many(const uint8_t *p, size_t len, size_t n,
    uint8_t (*out)[32]);
/* 1 when keccak256_many takes the AVX-512 path (CPU support, not forced
 * off); for tests and benchmarks to say which path they measured. */
int keccak256_many_simd(void);
/* Tests only: on != 0 sends keccak256_many through the scalar keccak256. */
void keccak_force_portable(int on);

#endif
