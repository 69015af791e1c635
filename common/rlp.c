/* rlp: RLP encode and strict decode. */
#include <string.h>

#include "rlp.h"
#include "banned.h"

/* Header for a payload of n bytes: short form below 56, else the length
 * itself in big-endian bytes after a length-of-length prefix. */
static void
put_header(struct buf *b, uint8_t base, size_t n)
{
	uint8_t h[9];
	size_t k = 0, i;

	if (n < 56) {
		buf_addc(b, base + (uint8_t)n);
		return;
	}
	for (i = n; i > 0; i >>= 8)
		k++;
	h[0] = (uint8_t)(base + 55 + k);
	for (i = 0; i < k; i++)
		h[k - i] = (uint8_t)(n >> (8 * i));
	buf_add(b, h, k + 1);
}

void
rlp_put_bytes(struct buf *b, const uint8_t *p, size_t n)
{
	if (n == 1 && p[0] < 0x80) {
		buf_addc(b, p[0]);
		return;
	}
	put_header(b, 0x80, n);
	buf_add(b, p, n);
}

void
rlp_put_uint(struct buf *b, const uint8_t *be, size_t n)
{
	while (n > 0 && be[0] == 0) {
		be++;
		n--;
	}
	rlp_put_bytes(b, be, n);
}

void
rlp_put_u64(struct buf *b, uint64_t v)
{
	uint8_t be[8];
	int i;

	for (i = 7; i >= 0; i--) {
		be[i] = (uint8_t)v;
		v >>= 8;
	}
	rlp_put_uint(b, be, sizeof(be));
}

void
rlp_put_list(struct buf *b, const uint8_t *payload, size_t n)
{
	put_header(b, 0xc0, n);
	buf_add(b, payload, n);
}

int
rlp_decode_prefix(const uint8_t *p, size_t n, struct rlp_item *it,
    size_t *used, struct or_err *e)
{
	size_t hdr, len = 0, k, i;
	uint8_t c;

	if (n == 0)
		return or_error(e, "rlp.truncated", "RLP input ends early");
	c = p[0];
	if (c < 0x80) {
		it->list = 0;
		it->p = p;
		it->n = 1;
		*used = 1;
		return 0;
	}
	it->list = c >= 0xc0;
	c = (uint8_t)(c - (it->list ? 0xc0 : 0x80));
	if (c < 56) {
		hdr = 1;
		len = c;
	} else {
		k = (size_t)c - 55;
		if (n < 1 + k)
			return or_error(e, "rlp.truncated",
			    "RLP length ends early");
		if (p[1] == 0)
			return or_error(e, "rlp.non_canonical",
			    "RLP length has a leading zero byte");
		for (i = 0; i < k; i++) {
			if (len >> 56 != 0)
				return or_error(e, "rlp.truncated",
				    "RLP length exceeds the input");
			len = len << 8 | p[1 + i];
		}
		if (len < 56)
			return or_error(e, "rlp.non_canonical",
			    "RLP long form used for a short item");
		hdr = 1 + k;
	}
	if (len > n - hdr)
		return or_error(e, "rlp.truncated",
		    "RLP item of %zu bytes exceeds the input", len);
	if (!it->list && len == 1 && p[hdr] < 0x80)
		return or_error(e, "rlp.non_canonical",
		    "RLP single byte below 0x80 must not have a header");
	it->p = p + hdr;
	it->n = len;
	*used = hdr + len;
	return 0;
}

int
rlp_decode(const uint8_t *p, size_t n, struct rlp_item *it, struct or_err *e)
{
	size_t used;

	if (rlp_decode_prefix(p, n, it, &used, e) < 0)
		return -1;
	if (used != n)
		return or_error(e, "rlp.trailing_bytes",
		    "%zu bytes after the RLP item", n - used);
	return 0;
}

int
rlp_list(const struct rlp_item *list, struct rlp_item *items, size_t max,
    size_t *count, struct or_err *e)
{
	size_t off = 0, used, k = 0;

	if (!list->list)
		return or_error(e, "rlp.not_list", "RLP item is not a list");
	while (off < list->n) {
		if (k == max)
			return or_error(e, "rlp.too_many_items",
			    "RLP list has more than %zu items", max);
		if (rlp_decode_prefix(list->p + off, list->n - off, &items[k],
		    &used, e) < 0)
			return -1;
		off += used;
		k++;
	}
	*count = k;
	return 0;
}

int
rlp_uint(const struct rlp_item *it, uint8_t *out, size_t maxlen,
    const char *what, struct or_err *e)
{
	if (it->list)
		return or_error(e, "rlp.not_string",
		    "'%s' must be an RLP string", what);
	if (it->n > 0 && it->p[0] == 0)
		return or_error(e, "rlp.non_canonical",
		    "'%s' has a leading zero byte", what);
	if (it->n > maxlen)
		return or_error(e, "rlp.too_large",
		    "'%s' is longer than %zu bytes", what, maxlen);
	memset(out, 0, maxlen - it->n);
	if (it->n > 0)
		memcpy(out + maxlen - it->n, it->p, it->n);
	return 0;
}

int
rlp_u64(const struct rlp_item *it, uint64_t *v, const char *what,
    struct or_err *e)
{
	uint8_t be[8];
	int i;

	if (rlp_uint(it, be, sizeof(be), what, e) < 0)
		return -1;
	*v = 0;
	for (i = 0; i < 8; i++)
		*v = *v << 8 | be[i];
	return 0;
}
