/* b64: standard base64 (RFC 4648 section 4: A-Z a-z 0-9 + /, '=' padding,
 * no line breaks), strict on input, as the 0G storage node speaks it.
 * Ownership: callers give the output buffers. */
#ifndef OR_B64_H
#define OR_B64_H

#include <stddef.h>
#include <stdint.h>

/* Encoded length of n bytes (without a NUL). */
size_t b64_len(size_t n);
/* Encode n bytes into dst (b64_len(n) + 1 bytes, NUL-terminated). */
void b64_encode(char *dst, const uint8_t *p, size_t n);
/* Decode exactly the text s (n chars) into dst (at least n / 4 * 3
 * bytes): the byte count, or -1 for anything but canonical padded
 * standard base64 (other alphabets, blanks, bad padding, nonzero pad
 * bits). */
long long b64_decode(uint8_t *dst, const char *s, size_t n);

#endif
