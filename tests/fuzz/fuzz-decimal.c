/* fuzz-decimal: metric values (the decimal grammar of conventions.md
 * section 4) from any bytes.  What passes the check normalises, the normal
 * form is its own normal form (and passes the check again when it is within
 * the input length limit), and scoring never crashes. */
#include <stdlib.h>
#include <string.h>

#include "decimal.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	const char *s = (const char *)p;
	struct or_err e;
	char *a, *b, score[DEC_MAX];


	if (n > 300 || decimal_check(s, n, &e) < 0)
		return 0;
	if ((a = decimal_normalize(s, n, &e)) == NULL)
		abort();	/* checked values always normalise */
	if (strlen(a) <= 256) {
		if (decimal_check(a, strlen(a), &e) < 0)
			abort();
		b = decimal_normalize(a, strlen(a), &e);
		if (b == NULL || strcmp(a, b) != 0)
			abort();	/* normalising twice changes nothing */
		free(b);
	}
	(void)decimal_score(s, n, "1000000", 0, score, &e);
	(void)decimal_score(s, n, "1", 1, score, &e);
	free(a);
	return 0;
}
