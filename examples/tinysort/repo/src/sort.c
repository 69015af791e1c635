/* Insertion sort: simple, stable, and quadratic in comparisons. */
#include "sort.h"

void
sort_indices(size_t *idx, size_t n, less_fn less)
{
	size_t i, j, v;

	for (i = 1; i < n; i++) {
		v = idx[i];
		for (j = i; j > 0 && less(v, idx[j - 1]); j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}
