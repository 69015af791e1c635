/* abicodec: standard and packed ABI encoding of cJSON values, and strict
 * decoding into `decoded` objects (abi.h).
 *
 * Decoding accepts only the canonical encoding: every offset must point
 * exactly where the previous tail ended, so each input byte is read once,
 * nothing is shared or skipped, and the output is bounded by a small
 * multiple of the input (every array element costs at least one 32-byte
 * word, and the parser rejects zero-size types). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "abi.h"
#include "hex.h"
#include "u256.h"
#include "banned.h"

/* The position of the value being worked on, for messages: "args[2].a".
 * Kept as a stack and only formatted when a message needs it, since the
 * happy path pushes and pops once per value. */
#define PATH_MAX_DEPTH (ABI_MAX_DEPTH + 4)

struct path {
	const char *root;
	const char *name[PATH_MAX_DEPTH];	/* NULL: an index */
	size_t idx[PATH_MAX_DEPTH];
	size_t n;
	char s[256];
};

static size_t
path_push_index(struct path *pa, size_t i)
{
	if (pa->n < PATH_MAX_DEPTH) {
		pa->name[pa->n] = NULL;
		pa->idx[pa->n] = i;
	}
	return pa->n++;
}

static size_t
path_push_name(struct path *pa, const char *name)
{
	if (pa->n < PATH_MAX_DEPTH)
		pa->name[pa->n] = name;
	return pa->n++;
}

static void
path_pop(struct path *pa, size_t old)
{
	pa->n = old;
}

static void
path_init(struct path *pa, const char *what)
{
	pa->root = what;
	pa->n = 0;
}

/* The text of the path, e.g. "args[2].a". */
static const char *
P(struct path *pa)
{
	size_t i, len;
	int k;

	k = snprintf(pa->s, sizeof(pa->s), "%s", pa->root);
	len = k > 0 ? (size_t)k : 0;
	for (i = 0; i < pa->n && i < PATH_MAX_DEPTH; i++) {
		if (len >= sizeof(pa->s))
			break;
		k = pa->name[i] != NULL ?
		    snprintf(pa->s + len, sizeof(pa->s) - len, ".%s",
		    pa->name[i]) : snprintf(pa->s + len, sizeof(pa->s) - len,
		    "[%zu]", pa->idx[i]);
		if (k > 0)
			len += (size_t)k;
	}
	return pa->s;
}

/* Append n zero bytes; returns the offset where they start. */
static size_t
add_zeros(struct buf *b, size_t n)
{
	static const char z[256];
	size_t at = b->len;

	while (n > 0) {
		size_t k = n < sizeof(z) ? n : sizeof(z);

		buf_add(b, z, k);
		n -= k;
	}
	return at;
}

static void
put_len_word(uint8_t *dst, size_t v)
{
	u256_from_u64((uint64_t)v, dst);
}

/* ---- values from JSON ---- */

/* An integer value into a two's-complement word, range-checked for t. */
static int
int_value(const struct abi_type *t, const cJSON *v, uint8_t w[32],
    struct path *pa, struct or_err *e)
{
	int neg;
	unsigned bits;

	switch (json_int_read(v, 1, w, &neg)) {
	case JSON_INT_OK:
		break;
	case JSON_INT_UNSAFE:
		return json_int_error(JSON_INT_UNSAFE, P(pa), e);
	case JSON_INT_RANGE:
		return or_error(e, "abi.int_range", "integer in '%s' does not "
		    "fit %s%u", P(pa), t->kind == ABI_INT ? "int" : "uint",
		    t->size);
	case JSON_INT_SYNTAX:
		return or_error(e, "abi.bad_int", "invalid integer in '%s'",
		    P(pa));
	default:
		return or_error(e, "abi.bad_int", "invalid integer in '%s': "
		    "want a decimal string, a JSON integer or a 0x quantity",
		    P(pa));
	}
	bits = u256_bitlen(w);
	if (t->kind == ABI_UINT) {
		if (neg || bits > t->size)
			goto range;
		return 0;
	}
	/* intN: -2^(N-1) <= v < 2^(N-1) */
	if (bits > t->size)
		goto range;
	if (bits == t->size) {
		/* only -2^(N-1) itself: a single bit set */
		unsigned i, ones = 0;

		for (i = 0; i < 32; i++)
			ones += (unsigned)__builtin_popcount(w[i]);
		if (!neg || ones != 1)
			goto range;
	}
	if (neg)
		u256_neg(w);
	return 0;
range:
	return or_error(e, "abi.int_range", "integer in '%s' is out of range "
	    "for %s%u", P(pa), t->kind == ABI_INT ? "int" : "uint", t->size);
}

/* A JSON string holding no NUL byte (hex text), or NULL. */
static const char *
text_value(const cJSON *v, size_t *n)
{
	const char *s = json_strval(v, n);

	if (s == NULL || strlen(s) != *n)
		return NULL;
	return s;
}

static int
word_value(const struct abi_type *t, const cJSON *v, uint8_t *dst,
    struct path *pa, struct or_err *e)
{
	const char *s;
	size_t n;

	memset(dst, 0, 32);
	switch (t->kind) {
	case ABI_UINT:
	case ABI_INT:
		return int_value(t, v, dst, pa, e);
	case ABI_ADDRESS:
		if ((s = text_value(v, &n)) == NULL)
			return or_error(e, "abi.bad_address", "invalid address "
			    "in '%s'", P(pa));
		if (address_decode(s, dst + 12, P(pa), e) < 0) {
			if (strcmp(e->code, "hex.no_prefix") == 0 ||
			    strcmp(e->code, "hex.bad_checksum") == 0)
				return -1;
			return or_error(e, "abi.bad_address", "invalid "
			    "address in '%s'", P(pa));
		}
		return 0;
	case ABI_BOOL:
		if (!cJSON_IsBool(v))
			return or_error(e, "abi.bad_bool", "'%s' must be true "
			    "or false", P(pa));
		dst[31] = cJSON_IsTrue(v) ? 1 : 0;
		return 0;
	case ABI_FBYTES:
		if ((s = text_value(v, &n)) == NULL)
			return or_error(e, "abi.bad_bytes", "'%s' must be 0x "
			    "hex of %u bytes", P(pa), t->size);
		if (hex_decode_fixed(s, dst, t->size, P(pa), e) < 0) {
			if (strcmp(e->code, "hex.bad_length") == 0)
				return or_error(e, "abi.bad_bytes", "'%s' must "
				    "be %u bytes", P(pa), t->size);
			return -1;
		}
		return 0;
	default:
		return or_error(e, "abi.bad_type", "internal: not a word type");
	}
}

/* The raw bytes of a bytes or string value (*freeme set for bytes). */
static int
bytes_value(const struct abi_type *t, const cJSON *v, const uint8_t **p,
    size_t *n, uint8_t **freeme, struct path *pa, struct or_err *e)
{
	const char *s;
	size_t sn;

	*freeme = NULL;
	if (t->kind == ABI_STRING) {
		if ((s = json_strval(v, &sn)) == NULL)
			return or_error(e, "abi.bad_string", "'%s' must be a "
			    "JSON string", P(pa));
		*p = (const uint8_t *)s;
		*n = sn;
		return 0;
	}
	if ((s = text_value(v, &sn)) == NULL)
		return or_error(e, "abi.bad_bytes", "'%s' must be 0x hex",
		    P(pa));
	if (hex_decode(s, sn, freeme, n, P(pa), e) < 0)
		return -1;
	*p = *freeme;
	return 0;
}

/* ---- standard encoding ---- */

static int enc_into(const struct abi_type *t, const cJSON *v,
    struct buf *out, size_t at, struct path *pa, struct or_err *e);

/* The members of a tuple, fixed array or array value, in order. */
static int
members(const struct abi_type *t, const cJSON *v, const cJSON ***items,
    size_t *count, struct path *pa, struct or_err *e)
{
	const cJSON *c;
	size_t n = 0, i;

	*items = NULL;
	if (t->kind == ABI_TUPLE && cJSON_IsObject(v)) {
		for (c = v->child; c != NULL; c = c->next)
			n++;
		*items = xcalloc(t->len ? t->len : 1, sizeof(**items));
		/* keyed as in `decoded`: by name, or by position when the
		 * component is unnamed */
		for (i = 0; i < t->len; i++) {
			char pos[24];
			const char *key = t->names[i];

			if (key == NULL) {
				snprintf(pos, sizeof(pos), "%zu", i);
				key = pos;
			}
			if (((*items)[i] = json_get(v, key)) == NULL) {
				free(*items);
				return or_error(e, "abi.bad_tuple", "'%s' lacks "
				    "'%s'", P(pa), key);
			}
		}
		if (n != t->len) {
			free(*items);
			return or_error(e, "abi.bad_tuple", "'%s' has keys that "
			    "are no component names", P(pa));
		}
		*count = t->len;
		return 0;
	}
	if (!cJSON_IsArray(v))
		return or_error(e, t->kind == ABI_TUPLE ? "abi.bad_tuple" :
		    "abi.bad_array", "'%s' must be a JSON array%s", P(pa),
		    t->kind == ABI_TUPLE ? " or object" : "");
	for (c = v->child; c != NULL; c = c->next)
		n++;
	if (t->kind == ABI_TUPLE && n != t->len)
		return or_error(e, "abi.arg_count", "'%s' has %zu values, the "
		    "type has %zu", P(pa), n, t->len);
	if (t->kind == ABI_FARRAY && n != t->len)
		return or_error(e, "abi.bad_array", "'%s' has %zu elements, "
		    "the type has %zu", P(pa), n, t->len);
	*items = xcalloc(n ? n : 1, sizeof(**items));
	for (c = v->child, i = 0; c != NULL; c = c->next)
		(*items)[i++] = c;
	*count = n;
	return 0;
}

/* Encode the members of t (a tuple, T[k] or the body of T[]) as one
 * head-and-tail sequence appended to out. */
static int
enc_seq(const struct abi_type *t, const cJSON *const *items, size_t n,
    struct buf *out, struct path *pa, struct or_err *e)
{
	size_t base, pos, i, head = 0, old;
	const struct abi_type *c;

	for (i = 0; i < n; i++) {
		c = t->kind == ABI_TUPLE ? t->comp[i] : t->elem;
		if (__builtin_add_overflow(head, c->head, &head))
			return or_error(e, "abi.too_large", "'%s' is too large",
			    P(pa));
	}
	base = add_zeros(out, head);
	pos = base;
	for (i = 0; i < n; i++) {
		c = t->kind == ABI_TUPLE ? t->comp[i] : t->elem;
		old = t->kind == ABI_TUPLE && t->names[i] != NULL ?
		    path_push_name(pa, t->names[i]) : path_push_index(pa, i);
		if (c->dynamic) {
			put_len_word((uint8_t *)out->p + pos, out->len - base);
			if (enc_into(c, items[i], out, (size_t)-1, pa, e) < 0)
				return -1;
		} else if (enc_into(c, items[i], out, pos, pa, e) < 0) {
			return -1;
		}
		path_pop(pa, old);
		pos += c->head;
	}
	return 0;
}

/* Encode v as t: a static value is written at offset at (already
 * reserved), a dynamic one (at == -1) is appended as a tail. */
static int
enc_into(const struct abi_type *t, const cJSON *v, struct buf *out,
    size_t at, struct path *pa, struct or_err *e)
{
	const cJSON **items;
	const uint8_t *p;
	uint8_t *freeme, w[32];
	size_t n, start;
	int rc;

	switch (t->kind) {
	case ABI_UINT: case ABI_INT: case ABI_ADDRESS: case ABI_BOOL:
	case ABI_FBYTES:
		if (word_value(t, v, w, pa, e) < 0)
			return -1;
		memcpy(out->p + at, w, 32);
		return 0;
	case ABI_BYTES:
	case ABI_STRING:
		if (bytes_value(t, v, &p, &n, &freeme, pa, e) < 0)
			return -1;
		start = add_zeros(out, 32);
		put_len_word((uint8_t *)out->p + start, n);
		buf_add(out, p, n);
		add_zeros(out, (32 - n % 32) % 32);
		free(freeme);
		return 0;
	default:
		break;
	}
	if (members(t, v, &items, &n, pa, e) < 0)
		return -1;
	if (t->kind == ABI_ARRAY) {
		start = add_zeros(out, 32);
		put_len_word((uint8_t *)out->p + start, n);
	}
	if (!t->dynamic) {
		/* a static tuple or T[k] is encoded in place: encode into a
		 * scratch buffer and copy (its size is known) */
		struct buf tmp = { 0 };

		rc = enc_seq(t, items, n, &tmp, pa, e);
		if (rc == 0)
			memcpy(out->p + at, tmp.p, tmp.len);
		buf_free(&tmp);
	} else {
		rc = enc_seq(t, items, n, out, pa, e);
	}
	free(items);
	return rc;
}

int
abi_encode(const struct abi_type *t, const cJSON *v, struct buf *out,
    const char *what, struct or_err *e)
{
	const cJSON **items;
	struct path pa;
	size_t n;
	int rc;

	path_init(&pa, what);
	if (t->kind != ABI_TUPLE) {
		if (t->dynamic)
			return enc_into(t, v, out, (size_t)-1, &pa, e);
		return enc_into(t, v, out, add_zeros(out, t->head), &pa, e);
	}
	if (members(t, v, &items, &n, &pa, e) < 0)
		return -1;
	rc = enc_seq(t, items, n, out, &pa, e);
	free(items);
	return rc;
}

/* ---- packed encoding ---- */

static int
packed_one(const struct abi_type *t, const cJSON *v, struct buf *out,
    int in_array, struct path *pa, struct or_err *e)
{
	const cJSON **items;
	const uint8_t *p;
	uint8_t *freeme, w[32];
	size_t n, i, old;
	unsigned width;

	switch (t->kind) {
	case ABI_UINT: case ABI_INT: case ABI_ADDRESS: case ABI_BOOL:
	case ABI_FBYTES:
		if (word_value(t, v, w, pa, e) < 0)
			return -1;
		/* array elements keep their 32-byte word, as in Solidity */
		width = in_array ? 32 : t->kind == ABI_FBYTES ? t->size :
		    t->size / 8;
		buf_add(out, t->kind == ABI_FBYTES && !in_array ? w : w + 32 -
		    width, width);
		return 0;
	case ABI_BYTES:
	case ABI_STRING:
		if (in_array)
			break;
		if (bytes_value(t, v, &p, &n, &freeme, pa, e) < 0)
			return -1;
		buf_add(out, p, n);
		free(freeme);
		return 0;
	case ABI_ARRAY:
	case ABI_FARRAY:
		if (in_array)
			break;
		if (members(t, v, &items, &n, pa, e) < 0)
			return -1;
		for (i = 0; i < n; i++) {
			old = path_push_index(pa, i);
			if (packed_one(t->elem, items[i], out, 1, pa, e) < 0) {
				free(items);
				return -1;
			}
			path_pop(pa, old);
		}
		free(items);
		return 0;
	default:
		break;
	}
	return or_error(e, "abi.packed_unsupported", "'%s': abi.encodePacked "
	    "has no encoding for this type", P(pa));
}

int
abi_encode_packed(const struct abi_type *t, const cJSON *v, struct buf *out,
    const char *what, struct or_err *e)
{
	const cJSON **items;
	struct path pa;
	size_t n, i, old;

	path_init(&pa, what);
	if (members(t, v, &items, &n, &pa, e) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		old = path_push_index(&pa, i);
		if (packed_one(t->comp[i], items[i], out, 0, &pa, e) < 0) {
			free(items);
			return -1;
		}
		path_pop(&pa, old);
	}
	free(items);
	return 0;
}

/* ---- decoding ---- */

struct dec {
	const uint8_t *p;
	size_t n;	/* bytes available */
	struct path pa;
	struct or_err *e;
};

static cJSON *
new_string(const char *s)
{
	cJSON *v = json_new_strn(s, strlen(s));

	return v;
}

static cJSON *
hex_value(const uint8_t *p, size_t n)
{
	char small[67], *s;
	cJSON *v;

	if (n <= 32) {
		hex_encode(small, p, n);
		return new_string(small);
	}
	s = hex_encode_new(p, n);
	v = json_new_strn(s, 2 + 2 * n);
	free(s);
	return v;
}

/* A word of a value type, with every unused bit checked. */
static cJSON *
dec_word(const struct abi_type *t, const uint8_t *w, struct dec *d)
{
	char txt[U256_DEC_MAX];
	unsigned i, full, bits;
	uint8_t fill;

	switch (t->kind) {
	case ABI_UINT:
	case ABI_ADDRESS:
	case ABI_BOOL:
		bits = t->kind == ABI_BOOL ? 1 : t->size;
		/* bytes above the width must be zero */
		full = (256 - bits) / 8;
		for (i = 0; i < full; i++)
			if (w[i] != 0)
				goto dirty;
		if (bits % 8 != 0 && (w[full] >> (bits % 8)) != 0)
			goto dirty;
		if (t->kind == ABI_BOOL)
			return json_bool(w[31]);
		if (t->kind == ABI_ADDRESS)
			return hex_value(w + 12, 20);
		u256_to_dec(w, txt);
		return new_string(txt);
	case ABI_INT:
		/* bytes above the width repeat the sign bit */
		full = (256 - t->size) / 8;
		fill = (w[full] & 0x80) ? 0xff : 0x00;
		for (i = 0; i < full; i++)
			if (w[i] != fill)
				goto dirty;
		u256_to_dec_signed(w, txt);
		return new_string(txt);
	case ABI_FBYTES:
		for (i = t->size; i < 32; i++)
			if (w[i] != 0) {
				or_error(d->e, "abi.bad_padding", "non-zero "
				    "padding in '%s'", P(&d->pa));
				return NULL;
			}
		return hex_value(w, t->size);
	default:
		or_error(d->e, "abi.bad_type", "internal: not a word type");
		return NULL;
	}
dirty:
	or_error(d->e, "abi.dirty_bits", "value in '%s' has bits set beyond "
	    "its %s", P(&d->pa), t->kind == ABI_BOOL ? "0 or 1" : "width");
	return NULL;
}

/* A length or offset word as a size: it must be below 2^32 and in the
 * data (callers compare it with what is left). */
static int
small_word(const uint8_t *w, size_t *out)
{
	size_t i;

	for (i = 0; i < 28; i++)
		if (w[i] != 0)
			return -1;
	*out = (size_t)w[28] << 24 | (size_t)w[29] << 16 |
	    (size_t)w[30] << 8 | w[31];
	return 0;
}

static cJSON *dec_at(const struct abi_type *t, size_t at, size_t *end,
    struct dec *d);

/* cJSON copies the key; out of memory is fatal, as in the x-allocators. */
static void
add_key(cJSON *o, const char *key, cJSON *v)
{
	if (!cJSON_AddItemToObject(o, key, v))
		die_oom();
}

static void
add_member(cJSON *parent, const struct abi_type *t, size_t i, cJSON *v)
{
	char key[24];

	if (cJSON_IsArray(parent)) {
		json_push(parent, v);
		return;
	}
	if (t->names[i] != NULL) {
		add_key(parent, t->names[i], v);
		return;
	}
	snprintf(key, sizeof(key), "%zu", i);
	add_key(parent, key, v);
}

/* Decode n members of t (tuple, T[k], or the body of T[]) whose head
 * starts at base; *end receives the end of the last tail. */
static cJSON *
dec_seq(const struct abi_type *t, size_t base, size_t n, size_t *end,
    struct dec *d)
{
	const struct abi_type *c;
	size_t head = 0, pos, next, off, i, old, tend;
	cJSON *out, *v;

	for (i = 0; i < n; i++) {
		c = t->kind == ABI_TUPLE ? t->comp[i] : t->elem;
		head += c->head;	/* n * head was checked by callers */
	}
	if (head > d->n - base) {
		or_error(d->e, "abi.short_data", "data too short for '%s'",
		    P(&d->pa));
		return NULL;
	}
	out = t->kind == ABI_TUPLE ? json_object() : json_array();
	pos = base;
	next = base + head;
	for (i = 0; i < n; i++) {
		c = t->kind == ABI_TUPLE ? t->comp[i] : t->elem;
		old = t->kind == ABI_TUPLE && t->names[i] != NULL ?
		    path_push_name(&d->pa, t->names[i]) :
		    path_push_index(&d->pa, i);
		if (c->dynamic) {
			if (small_word(d->p + pos, &off) < 0 ||
			    off > d->n - base) {
				or_error(d->e, "abi.bad_offset", "offset of "
				    "'%s' points outside the data", P(&d->pa));
				goto fail;
			}
			if (base + off != next) {
				or_error(d->e, "abi.bad_offset", "offset of "
				    "'%s' is %zu, the canonical encoding has "
				    "%zu", P(&d->pa), off, next - base);
				goto fail;
			}
			v = dec_at(c, next, &tend, d);
			next = tend;
		} else {
			v = dec_at(c, pos, &tend, d);
		}
		if (v == NULL)
			goto fail;
		add_member(out, t, i, v);
		path_pop(&d->pa, old);
		pos += c->head;
	}
	*end = next;
	return out;
fail:
	cJSON_Delete(out);
	return NULL;
}

/* Decode a value of type t whose encoding starts at at. */
static cJSON *
dec_at(const struct abi_type *t, size_t at, size_t *end, struct dec *d)
{
	size_t len, pad, i;
	cJSON *v;

	switch (t->kind) {
	case ABI_UINT: case ABI_INT: case ABI_ADDRESS: case ABI_BOOL:
	case ABI_FBYTES:
		if (d->n - at < 32)
			goto short_data;
		*end = at + 32;
		return dec_word(t, d->p + at, d);
	case ABI_BYTES:
	case ABI_STRING:
		if (d->n - at < 32)
			goto short_data;
		if (small_word(d->p + at, &len) < 0 || len > d->n - at - 32) {
			or_error(d->e, "abi.bad_length", "length of '%s' "
			    "exceeds the data", P(&d->pa));
			return NULL;
		}
		pad = (32 - len % 32) % 32;
		if (pad > d->n - at - 32 - len)
			goto short_data;
		for (i = 0; i < pad; i++)
			if (d->p[at + 32 + len + i] != 0) {
				or_error(d->e, "abi.bad_padding", "non-zero "
				    "padding after '%s'", P(&d->pa));
				return NULL;
			}
		*end = at + 32 + len + pad;
		if (t->kind == ABI_BYTES)
			return hex_value(d->p + at + 32, len);
		v = json_new_lossy((const char *)d->p + at + 32, len);
		return v;
	case ABI_ARRAY:
		if (d->n - at < 32)
			goto short_data;
		/* each element takes at least elem->head >= 32 bytes */
		if (small_word(d->p + at, &len) < 0 ||
		    len > (d->n - at - 32) / t->elem->head) {
			or_error(d->e, "abi.bad_length", "length of '%s' "
			    "exceeds the data", P(&d->pa));
			return NULL;
		}
		return dec_seq(t, at + 32, len, end, d);
	case ABI_FARRAY:
	case ABI_TUPLE:
		return dec_seq(t, at, t->len, end, d);
	}
	return NULL;
short_data:
	or_error(d->e, "abi.short_data", "data too short for '%s'", P(&d->pa));
	return NULL;
}

cJSON *
abi_decode(const struct abi_type *t, const uint8_t *p, size_t n,
    struct or_err *e)
{
	struct dec d = { .p = p, .n = n, .e = e };
	size_t end;
	cJSON *v;

	path_init(&d.pa, "data");
	if (t->kind != ABI_TUPLE) {
		or_error(e, "abi.bad_type", "internal: decode wants a tuple");
		return NULL;
	}
	if ((v = dec_seq(t, 0, t->len, &end, &d)) == NULL)
		return NULL;
	if (end != n) {
		cJSON_Delete(v);
		or_error(e, "abi.trailing_data", "%zu bytes after the encoded "
		    "values", n - end);
		return NULL;
	}
	return v;
}

cJSON *
abi_decode_log(const struct abi_sig *ev, const uint8_t (*topics)[32],
    size_t ntopics, const uint8_t *data, size_t n, struct or_err *e)
{
	const struct abi_type *in = ev->in;
	struct abi_type body = { 0 };
	struct dec d = { .p = NULL, .n = 32, .e = e };
	size_t i, nidx = 0, k = 0, t0 = ev->anonymous ? 0 : 1;
	cJSON *plain = NULL, *out = NULL, *v;
	char key[24];

	for (i = 0; i < in->len; i++)
		nidx += in->indexed[i] != 0;
	if (ntopics != t0 + nidx) {
		or_error(e, "abi.bad_topics", "%s wants %zu topics, the log "
		    "has %zu", ev->canon, t0 + nidx, ntopics);
		return NULL;
	}
	if (t0 && memcmp(topics[0], ev->hash, 32) != 0) {
		or_error(e, "abi.bad_topics", "topic 0 is not the topic of %s",
		    ev->canon);
		return NULL;
	}
	/* the data holds the parameters that are not indexed */
	body.kind = ABI_TUPLE;
	body.comp = xcalloc(in->len + 1, sizeof(*body.comp));
	body.names = xcalloc(in->len + 1, sizeof(*body.names));
	for (i = 0; i < in->len; i++)
		if (!in->indexed[i]) {
			body.comp[body.len] = in->comp[i];
			body.names[body.len++] = in->names[i];
		}
	if ((plain = abi_decode(&body, data, n, e)) == NULL)
		goto done;
	out = json_object();
	for (i = 0; i < in->len; i++) {
		const struct abi_type *c = in->comp[i];

		if (in->indexed[i]) {
			path_init(&d.pa, "topics");
			path_push_index(&d.pa, t0 + k);
			d.p = topics[t0 + k];
			k++;
			/* reference types are indexed by their hash */
			v = c->kind <= ABI_FBYTES ? dec_word(c, d.p, &d) :
			    hex_value(d.p, 32);
			if (v == NULL) {
				cJSON_Delete(out);
				out = NULL;
				goto done;
			}
		} else {
			v = cJSON_DetachItemViaPointer(plain, plain->child);
		}
		if (in->names[i] != NULL) {
			add_key(out, in->names[i], v);
		} else {
			snprintf(key, sizeof(key), "%zu", i);
			add_key(out, key, v);
		}
	}
done:
	cJSON_Delete(plain);
	free(body.comp);
	free(body.names);
	return out;
}

int
abi_decode_revert(const struct abi_file *const *files, size_t nfiles,
    const uint8_t *p, size_t n, cJSON **decoded, char **sig,
    const char **panic, struct or_err *e)
{
	static const uint8_t err_sel[4] = { 0x08, 0xc3, 0x79, 0xa0 };
	static const uint8_t panic_sel[4] = { 0x4e, 0x48, 0x7b, 0x71 };
	struct abi_sig *own = NULL;
	const struct abi_sig *g = NULL;
	size_t i;

	*decoded = NULL;
	*sig = NULL;
	*panic = NULL;
	if (n < 4)
		return or_error(e, "abi.short_data", "revert data shorter than "
		    "a selector (%zu bytes)", n);
	if (memcmp(p, err_sel, 4) == 0)
		g = own = abi_sig_parse("error Error(string)",
		    ABI_ERROR, e);
	else if (memcmp(p, panic_sel, 4) == 0)
		g = own = abi_sig_parse("error Panic(uint256)", ABI_ERROR,
		    e);
	for (i = 0; g == NULL && i < nfiles; i++)
		g = abi_file_by_hash(files[i], ABI_ERROR, p, 4);
	if (g == NULL)
		return or_error(e, "abi.unknown_error", "no error with selector "
		    "0x%02x%02x%02x%02x in the ABIs given", p[0], p[1], p[2],
		    p[3]);
	if ((*decoded = abi_decode(g->in, p + 4, n - 4, e)) == NULL) {
		abi_sig_free(own);
		return -1;
	}
	*sig = xstrdup(g->canon);
	if (own != NULL && memcmp(p, panic_sel, 4) == 0) {
		*panic = abi_panic_name(p + 4);
		if (*panic == NULL)
			*panic = "unknown panic code";
	}
	abi_sig_free(own);
	return 0;
}
