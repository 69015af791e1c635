/* The routine under improvement.  Sort idx[0..n) so that the keys it names
 * are in ascending order, comparing keys only through less(a, b), which says
 * whether the key of index a is smaller than the key of index b. */
#include <stddef.h>

typedef int (*less_fn)(size_t a, size_t b);

void sort_indices(size_t *idx, size_t n, less_fn less);
