/* The harness: reads one integer key per line, has src/sort.c sort their
 * indices, counts every comparison, checks the result is a sorted
 * permutation, and prints the count.  The keys stay private to this file. */
#include <stdio.h>
#include <stdlib.h>

#include "../src/sort.h"

static long *keys;
static unsigned long long count;

static int
counted_less(size_t a, size_t b)
{
	count++;
	return keys[a] < keys[b];
}

int
main(int argc, char **argv)
{
	FILE *f;
	size_t n = 0, cap = 1024, i, *idx;
	char *seen;
	long k;

	if (argc != 2 || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: bench SUITE\n");
		return 2;
	}
	if (!(keys = malloc(cap * sizeof(*keys))))
		return 3;
	while (fscanf(f, "%ld", &k) == 1) {
		if (n == cap && !(keys = realloc(keys, (cap *= 2) * sizeof(*keys))))
			return 3;
		keys[n++] = k;
	}
	fclose(f);
	if (!(idx = malloc((n + 1) * sizeof(*idx))) || !(seen = calloc(n + 1, 1)))
		return 3;
	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_indices(idx, n, counted_less);
	for (i = 0; i < n; i++) {
		if (idx[i] >= n || seen[idx[i]]++) {
			fprintf(stderr, "error: not a permutation at %zu\n", i);
			return 1;
		}
		if (i > 0 && keys[idx[i]] < keys[idx[i - 1]]) {
			fprintf(stderr, "error: not sorted at %zu\n", i);
			return 1;
		}
	}
	printf("sorted %zu keys\ncomparisons: %llu\n", n, count);
	return 0;
}
