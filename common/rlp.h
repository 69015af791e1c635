/* rlp: Recursive Length Prefix encoding (Ethereum yellow paper, appendix B).
 * Encoders append to a caller's struct buf; the decoder is strict (every
 * non-canonical form is refused) and returns items that point into the
 * caller's input, so the input must outlive them.
 * Ownership: nothing here allocates except through the caller's buf. */
#ifndef OR_RLP_H
#define OR_RLP_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A byte string of n bytes. */
void rlp_put_bytes(struct buf *b, const uint8_t *p, size_t n);
/* An unsigned integer given big-endian in n bytes: leading zeros are
 * dropped, so zero is the empty string. */
void rlp_put_uint(struct buf *b, const uint8_t *be, size_t n);
void rlp_put_u64(struct buf *b, uint64_t v);
/* A list whose already-encoded items are payload[0..n). */
void rlp_put_list(struct buf *b, const uint8_t *payload, size_t n);

struct rlp_item {
	int list;		/* 1 for a list, 0 for a byte string */
	const uint8_t *p;	/* payload (list: the encoded items) */
	size_t n;
};

/* Decode the single item that fills p[0..n) exactly.  Errors:
 * rlp.truncated, rlp.non_canonical, rlp.trailing_bytes. */
int rlp_decode(const uint8_t *p, size_t n, struct rlp_item *it,
    struct or_err *e);
/* Decode the item at the start of p[0..n); *used is its encoded size. */
int rlp_decode_prefix(const uint8_t *p, size_t n, struct rlp_item *it,
    size_t *used, struct or_err *e);
/* Split a list into its items: at most max, else rlp.too_many_items. */
int rlp_list(const struct rlp_item *list, struct rlp_item *items,
    size_t max, size_t *count, struct or_err *e);
/* A canonical unsigned integer (no leading zero byte) of at most maxlen
 * bytes, written right-aligned into out[0..maxlen).  Errors: rlp.not_string,
 * rlp.non_canonical, rlp.too_large.  what names the field in messages. */
int rlp_uint(const struct rlp_item *it, uint8_t *out, size_t maxlen,
    const char *what, struct or_err *e);
int rlp_u64(const struct rlp_item *it, uint64_t *v, const char *what,
    struct or_err *e);

#endif
