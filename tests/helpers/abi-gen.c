/* abi-gen SEED COUNT DIR: a reproducible corpus of random ABI type lists
 * and values for the cross-check against cast (tests/or-abi.bats).
 * Writes DIR/records.jsonl ({"output":TYPES,"args":[..],"expect":{..}},
 * one per case, for or-abi encode and decode) and DIR/cast.sh (one
 * `cast abi-encode` line per case, in the same order).  The type trees and
 * values are built here, independently of common/abi.c; only the hex
 * helpers and u256 decimal printing come from the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "hex.h"
#include "u256.h"
#include "util.h"
#include "xorshift.h"
#include "banned.h"


static unsigned
pick(unsigned n)
{
	return (unsigned)(next() % n);
}

enum kind { UINT, INT, ADDR, BOOL, FBYTES, BYTES, STR, ARR, FARR, TUP };

struct ty {
	enum kind k;
	unsigned n;		/* bits, bytes, k, or component count */
	struct ty *sub[4];	/* element, or components */
};

static struct ty *
gen_type(int depth)
{
	struct ty *t = xcalloc(1, sizeof(*t));
	unsigned r = pick(depth < 3 ? 13 : 10), i;

	switch (r) {
	case 0: case 1:
		t->k = pick(2) ? UINT : INT;
		t->n = 8 * (1 + pick(32));
		break;
	case 2:
		t->k = ADDR;
		break;
	case 3:
		t->k = BOOL;
		break;
	case 4: case 5:
		t->k = FBYTES;
		t->n = 1 + pick(32);
		break;
	case 6: case 7:
		t->k = BYTES;
		break;
	case 8: case 9:
		t->k = STR;
		break;
	case 10:
		t->k = ARR;
		t->sub[0] = gen_type(depth + 1);
		break;
	case 11:
		t->k = FARR;
		t->n = 1 + pick(3);
		t->sub[0] = gen_type(depth + 1);
		break;
	default:
		t->k = TUP;
		t->n = 1 + pick(4);
		for (i = 0; i < t->n; i++)
			t->sub[i] = gen_type(depth + 1);
	}
	return t;
}

static void
type_text(const struct ty *t, struct buf *b)
{
	unsigned i;

	switch (t->k) {
	case UINT: buf_addf(b, "uint%u", t->n); break;
	case INT: buf_addf(b, "int%u", t->n); break;
	case ADDR: buf_add(b, "address", 7); break;
	case BOOL: buf_add(b, "bool", 4); break;
	case FBYTES: buf_addf(b, "bytes%u", t->n); break;
	case BYTES: buf_add(b, "bytes", 5); break;
	case STR: buf_add(b, "string", 6); break;
	case ARR: type_text(t->sub[0], b); buf_add(b, "[]", 2); break;
	case FARR: type_text(t->sub[0], b); buf_addf(b, "[%u]", t->n); break;
	case TUP:
		buf_addc(b, '(');
		for (i = 0; i < t->n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			type_text(t->sub[i], b);
		}
		buf_addc(b, ')');
	}
}

static void
rand_bytes(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)next();
}

static void
add_hex(struct buf *b, const uint8_t *p, size_t n)
{
	char *s = hex_encode_new(p, n);

	buf_add(b, s, strlen(s));
	free(s);
}

/* A random magnitude of at most bits bits, biased to edges and small. */
static void
rand_mag(uint8_t w[32], unsigned bits)
{
	unsigned k, i;

	memset(w, 0, 32);
	switch (pick(5)) {
	case 0:
		k = 0;
		break;
	case 1:
		k = bits;	/* all ones */
		for (i = 0; i < k; i++)
			w[31 - i / 8] |= (uint8_t)(1u << (i % 8));
		return;
	case 2:
		k = 1 + pick(bits < 40 ? bits : 40);
		break;
	default:
		k = 1 + pick(bits);
	}
	rand_bytes(w, 32);
	for (i = 0; i < 256; i++)
		if (i >= k)
			w[31 - i / 8] &= (uint8_t)~(1u << (i % 8));
}

/* One value: JSON for or-abi args (ours), cast's argument text (cast,
 * nested says whether strings need quotes), and the decoded form. */
static void
gen_value(const struct ty *t, struct buf *ours, struct buf *cast,
    struct buf *dec, int nested)
{
	uint8_t w[32], a[70];
	char txt[U256_DEC_MAX], ck[43];
	unsigned i, n;
	int neg;

	switch (t->k) {
	case UINT:
	case INT:
		neg = t->k == INT && pick(2);
		rand_mag(w, t->k == INT ? t->n - 1 : t->n);
		if (neg && pick(4) == 0) {
			/* the minimum, -2^(N-1) */
			memset(w, 0, 32);
			w[31 - (t->n - 1) / 8] = (uint8_t)(1u <<
			    ((t->n - 1) % 8));
		}
		u256_to_dec(w, txt);
		if (strcmp(txt, "0") == 0)
			neg = 0;
		/* args in all three integer forms */
		if (!neg && pick(3) == 0) {
			buf_add(ours, "\"", 1);
			buf_add(ours, "0x", 2);
			for (i = 0; i < 31 && w[i] == 0; i++)
				;
			{
				char *h = hex_encode_new(w + i, 32 - i);

				buf_add(ours, h + 2, strlen(h + 2));
				free(h);
			}
			buf_add(ours, "\"", 1);
		} else if (u256_bitlen(w) <= 53 && pick(2)) {
			buf_addf(ours, "%s%s", neg ? "-" : "", txt);
		} else {
			buf_addf(ours, "\"%s%s\"", neg ? "-" : "", txt);
		}
		buf_addf(cast, "%s%s", neg ? "-" : "", txt);
		buf_addf(dec, "\"%s%s\"", neg ? "-" : "", txt);
		break;
	case ADDR:
		rand_bytes(a, 20);
		if (pick(2)) {
			address_checksum(ck, a);
			buf_addf(ours, "\"%s\"", ck);
		} else {
			buf_addc(ours, '"');
			add_hex(ours, a, 20);
			buf_addc(ours, '"');
		}
		add_hex(cast, a, 20);
		buf_addc(dec, '"');
		add_hex(dec, a, 20);
		buf_addc(dec, '"');
		break;
	case BOOL:
		i = pick(2);
		buf_addf(ours, "%s", i ? "true" : "false");
		buf_addf(cast, "%s", i ? "true" : "false");
		buf_addf(dec, "%s", i ? "true" : "false");
		break;
	case FBYTES:
	case BYTES:
		n = t->k == FBYTES ? t->n : pick(70);
		rand_bytes(a, n);
		buf_addc(ours, '"');
		add_hex(ours, a, n);
		buf_addc(ours, '"');
		add_hex(cast, a, n);
		buf_addc(dec, '"');
		add_hex(dec, a, n);
		buf_addc(dec, '"');
		break;
	case STR:
		n = pick(41);
		buf_addc(ours, '"');
		buf_addc(dec, '"');
		if (nested)
			buf_addc(cast, '"');
		for (i = 0; i < n; i++) {
			static const char al[] = "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
			char c = al[pick(sizeof(al) - 1)];

			buf_addc(ours, c);
			buf_addc(cast, c);
			buf_addc(dec, c);
		}
		buf_addc(ours, '"');
		buf_addc(dec, '"');
		if (nested)
			buf_addc(cast, '"');
		break;
	case ARR:
	case FARR:
		n = t->k == FARR ? t->n : pick(4);
		buf_addc(ours, '[');
		buf_addc(cast, '[');
		buf_addc(dec, '[');
		for (i = 0; i < n; i++) {
			if (i > 0) {
				buf_addc(ours, ',');
				buf_addc(cast, ',');
				buf_addc(dec, ',');
			}
			gen_value(t->sub[0], ours, cast, dec, 1);
		}
		buf_addc(ours, ']');
		buf_addc(cast, ']');
		buf_addc(dec, ']');
		break;
	case TUP:
		/* a tuple argument as an array, or keyed by position */
		n = pick(4) == 0;
		buf_addc(ours, n ? '{' : '[');
		buf_addc(cast, '(');
		buf_addc(dec, '{');
		for (i = 0; i < t->n; i++) {
			if (i > 0) {
				buf_addc(ours, ',');
				buf_addc(cast, ',');
				buf_addc(dec, ',');
			}
			buf_addf(dec, "\"%u\":", i);
			if (n)
				buf_addf(ours, "\"%u\":", i);
			gen_value(t->sub[i], ours, cast, dec, 1);
		}
		buf_addc(ours, n ? '}' : ']');
		buf_addc(cast, ')');
		buf_addc(dec, '}');
	}
}

static void
free_type(struct ty *t)
{
	unsigned i;

	for (i = 0; i < 4; i++)
		if (t->sub[i] != NULL)
			free_type(t->sub[i]);
	free(t);
}

int
main(int argc, char *argv[])
{
	uint64_t seed, count, c;
	FILE *rec, *sh;
	char *path;

	util_setprog(argv[0]);
	if (argc != 4 || parse_u64(argv[1], &seed) < 0 ||
	    parse_u64(argv[2], &count) < 0)
		die(2, "usage: abi-gen SEED COUNT DIR");
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	path = xasprintf("%s/records.jsonl", argv[3]);
	if ((rec = fopen(path, "w")) == NULL)
		die(3, "cannot create '%s':", path);
	free(path);
	path = xasprintf("%s/cast.sh", argv[3]);
	if ((sh = fopen(path, "w")) == NULL)
		die(3, "cannot create '%s':", path);
	free(path);
	for (c = 0; c < count; c++) {
		struct buf types = { 0 }, ours = { 0 }, dec = { 0 }, cast = { 0 };
		unsigned n = pick(5), i;
		struct ty *t[4];

		buf_add(&types, "(", 1);
		for (i = 0; i < n; i++) {
			t[i] = gen_type(0);
			if (i > 0)
				buf_addc(&types, ',');
			type_text(t[i], &types);
		}
		buf_addc(&types, ')');
		buf_add(&ours, "[", 1);
		buf_add(&dec, "{", 1);
		for (i = 0; i < n; i++) {
			struct buf one = { 0 };

			if (i > 0) {
				buf_addc(&ours, ',');
				buf_addc(&dec, ',');
			}
			buf_addf(&dec, "\"%u\":", i);
			buf_add(&one, "", 0);
			gen_value(t[i], &ours, &one, &dec, 0);
			/* no argument of cast starts with '-' after '--' */
			buf_addf(&cast, " '%s'", one.p);
			buf_free(&one);
			free_type(t[i]);
		}
		buf_addc(&ours, ']');
		buf_addc(&dec, '}');
		fprintf(rec, "{\"sig\":\"%s\",\"args\":%s,\"expect\":%s}\n",
		    types.p, ours.p, dec.p);
		fprintf(sh, "cast abi-encode 'f%s' --%s\n", types.p,
		    cast.p ? cast.p : "");
		buf_free(&types);
		buf_free(&ours);
		buf_free(&dec);
		buf_free(&cast);
	}
	if (fclose(rec) != 0 || fclose(sh) != 0)
		die(3, "write error:");
	return 0;
}
