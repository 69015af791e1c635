/* hex: strict 0x hex parsing and lowercase output (addresses with their
 * EIP-55 checksum are address.h's).
 * Ownership: decoders write into caller buffers or return malloc'd memory
 * the caller frees. */
#ifndef OR_HEX_H
#define OR_HEX_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Decode "0x..." (even digit count, any case) into a new buffer. */
int hex_decode(const char *s, size_t slen, uint8_t **out, size_t *outlen,
    const char *what, struct or_err *e);
/* Decode "0x..." of exactly n bytes into out (fixed-width values). */
int hex_decode_fixed(const char *s, uint8_t *out, size_t n, const char *what,
    struct or_err *e);

/* Lowercase "0x" + 2n digits; dst must hold 2n + 3 bytes. */
void hex_encode(char *dst, const uint8_t *p, size_t n);
/* Same, into a new string. */
char *hex_encode_new(const uint8_t *p, size_t n);

/* Value of a hex digit, or -1. */
int hex_digit(int c);

#endif
