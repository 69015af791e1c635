/* Keccak-256 against vectors/keccak.tsv, the SHA3 confusion check, and
 * keccak256_many (AVX-512 and scalar paths) against a loop of keccak256. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "hex.h"
#include "json.h"
#include "keccak.h"

/* Input bytes of a row: text, hex, rep:HH:N or seq251:N. */
static uint8_t *
row_bytes(const char *kind, const char *lit, size_t *n)
{
	struct or_err e;
	cJSON *v = json_parse(lit, strlen(lit), 0, &e);
	const char *s;
	uint8_t *p = NULL;
	size_t len, i;
	unsigned hh;

	if (v == NULL || (s = json_strval(v, &len)) == NULL)
		return NULL;
	if (strcmp(kind, "text") == 0) {
		p = xmalloc(len + 1);
		memcpy(p, s, len);
		*n = len;
	} else if (strcmp(kind, "hex") == 0) {
		if (hex_decode(s, len, &p, n, "input", &e) < 0)
			p = NULL;
	} else if (sscanf(s, "rep:%2x:%zu", &hh, n) == 2) {
		p = xmalloc(*n + 1);
		memset(p, (int)hh, *n);
	} else if (sscanf(s, "seq251:%zu", n) == 1) {
		p = xmalloc(*n + 1);
		for (i = 0; i < *n; i++)
			p[i] = (uint8_t)(i % 251);
	}
	cJSON_Delete(v);
	return p;
}

/* keccak256_many against n calls of keccak256 for every (len, n) pair, on
 * the path selected now (path names it in the test names). */
static void
many_matches(const uint8_t *buf, const char *path)
{
	static const size_t lens[] = { 0, 1, 32, 64, 135, 136, 137, 200, 256,
	    271, 272, 273, 1000 };
	static const size_t ns[] = { 0, 1, 2, 3, 7, 8, 9, 16, 17, 1024 };
	uint8_t (*got)[32], want[32];
	size_t a, b, i, bad;

	got = xmalloc((1024 + 1) * sizeof(*got));
	for (a = 0; a < sizeof(lens) / sizeof(lens[0]); a++)
		for (b = 0; b < sizeof(ns) / sizeof(ns[0]); b++) {
			/* a canary past out[n - 1]: nothing beyond n written */
			memset(got, 0xa5, (ns[b] + 1) * sizeof(*got));
			keccak256_many(buf, lens[a], ns[b], got);
			for (i = bad = 0; i < ns[b]; i++) {
				keccak256(buf + i * lens[a], lens[a], want);
				bad += memcmp(got[i], want, 32) != 0;
			}
			for (i = 0; i < 32; i++)
				bad += got[ns[b]][i] != 0xa5;
			ok(bad == 0, "keccak256_many %s len %zu n %zu equals "
			    "keccak256 each", path, lens[a], ns[b]);
		}
	free(got);
}

int
main(void)
{
	FILE *f = fopen(vector_path("keccak.tsv"), "r");
	char line[1 << 16], *kind, *lit, *want, *sel, *save;
	uint8_t h[32], *p;
	char hex[67];
	size_t n, rows = 0, i;
	struct keccak k;

	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || strncmp(line, "kind\t", 5) == 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		kind = strtok_r(line, "\t", &save);
		lit = strtok_r(NULL, "\t", &save);
		want = strtok_r(NULL, "\t", &save);
		sel = strtok_r(NULL, "\t", &save);
		p = row_bytes(kind, lit, &n);
		ok(p != NULL, "row %zu input %s parses", ++rows, lit);
		if (p == NULL)
			continue;
		keccak256(p, n, h);
		hex_encode(hex, h, 32);
		is_str(hex, want, "keccak256 %s %.40s (%zu bytes)", kind, lit, n);
		hex_encode(hex, h, 4);
		is_str(hex, sel, "selector of %.40s", lit);
		/* the same digest fed one byte, then odd pieces, at a time */
		keccak_init(&k);
		for (i = 0; i < n; i += (i % 7) + 1)
			keccak_update(&k, p + i, (i + (i % 7) + 1 > n ? n - i :
			    (i % 7) + 1));
		keccak_final(&k, h);
		hex_encode(hex, h, 32);
		is_str(hex, want, "streamed keccak256 of row %zu", rows);
		free(p);
	}
	fclose(f);
	ok(rows >= 20, "keccak.tsv has %zu rows", rows);

	/* hashes.md 1.2: the classic mistake gives a7ff... (SHA3-256) */
	keccak256("", 0, h);
	hex_encode(hex, h, 32);
	ok(strcmp(hex, "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a") != 0,
	    "keccak256(\"\") is not SHA3-256(\"\")");
	{
		uint8_t a[32], b[32], ab[64], h2[32];

		for (i = 0; i < 32; i++) {
			a[i] = (uint8_t)i;
			b[i] = (uint8_t)(255 - i);
		}
		memcpy(ab, a, 32);
		memcpy(ab + 32, b, 32);
		keccak256(ab, 64, h);
		keccak256_pair(a, b, h2);
		ok(memcmp(h, h2, 32) == 0, "keccak256_pair equals keccak256 "
		    "of the 64 bytes");
	}
	{
		/* xorshift64: pseudo-random bytes without rand() */
		uint64_t x = 0x9e3779b97f4a7c15ULL;
		size_t sz = 1024 * 1000;
		uint8_t *buf = xmalloc(sz), one[1][32];

		for (i = 0; i < sz; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = (uint8_t)(x >> 32);
		}
		printf("# keccak256_many: AVX-512 path %s\n",
		    keccak256_many_simd() ? "available" : "not available "
		    "(SIMD tests run the scalar path)");
		many_matches(buf, keccak256_many_simd() ? "avx512" : "default");
		keccak_force_portable(1);
		ok(!keccak256_many_simd(), "keccak_force_portable(1) turns "
		    "the AVX-512 path off");
		many_matches(buf, "scalar");
		keccak_force_portable(0);
		/* the empty message with p NULL, and one vector row */
		keccak256_many(NULL, 0, 1, one);
		hex_encode(hex, one[0], 32);
		is_str(hex, "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b"
		    "7bfad8045d85a470", "keccak256_many(NULL, 0, 1)");
		free(buf);
	}
	return done_testing();
}
