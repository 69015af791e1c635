/* Keccak-256 against vectors/keccak.tsv, and the SHA3 confusion check. */
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
	return done_testing();
}
