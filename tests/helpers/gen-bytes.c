/* gen-bytes RULE N: write N bytes of a vector content rule to stdout
 * (zg-roots.json "contentRules": seq251, affine, rep:HH, text:S). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	unsigned long long n, i;
	unsigned hh;
	char buf[65536];
	size_t k = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-bytes RULE N\n");
		return 2;
	}
	n = strtoull(argv[2], NULL, 10);
	for (i = 0; i < n; i++) {
		if (strcmp(argv[1], "seq251") == 0)
			buf[k] = (char)(i % 251);
		else if (strcmp(argv[1], "affine") == 0)
			buf[k] = (char)((31 * i + 7) % 256);
		else if (sscanf(argv[1], "rep:%2x", &hh) == 1)
			buf[k] = (char)hh;
		else if (strncmp(argv[1], "text:", 5) == 0)
			buf[k] = argv[1][5 + i % strlen(argv[1] + 5)];
		else {
			fprintf(stderr, "gen-bytes: unknown rule %s\n", argv[1]);
			return 2;
		}
		if (++k == sizeof(buf)) {
			if (fwrite(buf, 1, k, stdout) != k)
				return 1;
			k = 0;
		}
	}
	return fwrite(buf, 1, k, stdout) != k || fflush(stdout) != 0;
}
