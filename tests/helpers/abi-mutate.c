/* abi-mutate SEED: read lines "TYPES<TAB>0xHEX" (valid encodings) and
 * write malformed decode records for or-abi, several per input:
 *   {"output":TYPES,"data":..,"mut":"trunc"}  the data cut short by a
 *                                              random number of bytes;
 *   {"output":TYPES,"data":..,"mut":"flip"}   one random bit flipped;
 *   {"output":TYPES,"data":..,"mut":"word"}   one whole word set to
 *                                              0xff..ff (a huge offset,
 *                                              length or dirty value);
 *   {"output":TYPES,"data":..,"mut":"tail"}   one byte appended.
 * Truncations, "tail" and most "word" cases must fail; flips may land in
 * a value and stay valid, but must never crash the decoder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "util.h"
#include "banned.h"

static uint64_t rng;

static uint64_t
next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static void
emit(const char *types, const uint8_t *p, size_t n, const char *mut)
{
	char *h = hex_encode_new(p, n);

	printf("{\"output\":\"%s\",\"data\":\"%s\",\"mut\":\"%s\"}\n", types,
	    h, mut);
	free(h);
}

int
main(int argc, char *argv[])
{
	char *line = NULL, *tab;
	size_t cap = 0, n, k, w;
	ssize_t len;
	uint64_t seed;
	uint8_t *p, *q;
	struct or_err e;

	util_setprog(argv[0]);
	if (argc != 2 || parse_u64(argv[1], &seed) < 0)
		die(2, "usage: abi-mutate SEED < cases");
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab++ = '\0';
		if (hex_decode(tab, strlen(tab), &p, &n, "data", &e) < 0)
			continue;
		if (n == 0) {
			free(p);
			continue;
		}
		q = xmalloc(n + 1);
		k = 1 + next() % n;
		emit(line, p, n - k, "trunc");
		memcpy(q, p, n);
		k = next() % (8 * n);
		q[k / 8] ^= (uint8_t)(1u << (k % 8));
		emit(line, q, n, "flip");
		if (n >= 32) {
			memcpy(q, p, n);
			w = next() % (n / 32);
			memset(q + 32 * w, 0xff, 32);
			emit(line, q, n, "word");
		}
		memcpy(q, p, n);
		q[n] = (uint8_t)next();
		emit(line, q, n + 1, "tail");
		free(q);
		free(p);
	}
	free(line);
	return 0;
}
