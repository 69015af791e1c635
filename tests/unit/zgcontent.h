/* zgcontent.h: the content rules of zg-roots.json ("contentRules":
 * seq251, affine, rep:HH:N, text:S) for the unit tests (header-only). */
#ifndef OR_ZGCONTENT_H
#define OR_ZGCONTENT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* n bytes of rule; the caller frees them */
static __attribute__((unused)) uint8_t *
content(const char *rule, size_t n)
{
	uint8_t *p = xmalloc(n + 1);
	unsigned hh;
	size_t i;

	if (strncmp(rule, "text:", 5) == 0)
		memcpy(p, rule + 5, n);
	else if (sscanf(rule, "rep:%2x:", &hh) == 1)
		memset(p, (int)hh, n);
	else
		for (i = 0; i < n; i++)
			p[i] = strcmp(rule, "affine") == 0 ?
			    (uint8_t)((31 * i + 7) % 256) : (uint8_t)(i % 251);
	return p;
}

#endif
