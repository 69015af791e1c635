/* cli: --help, --version and usage errors. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"
#include "banned.h"

void
cli_help(const char *usage)
{
	if (fputs(usage, stdout) == EOF || fflush(stdout) == EOF ||
	    ferror(stdout))
		die(3, "write error on 'stdout':");
	exit(0);
}

void
cli_version(void)
{
	if (printf("%s %s\n", util_prog(), OR_VERSION) < 0 ||
	    fflush(stdout) == EOF)
		die(3, "write error on 'stdout':");
	exit(0);
}

void
cli_usage_error(const char *usage, const char *fmt, ...)
{
	const char *end = strstr(usage, "\n\n");
	va_list ap;

	fprintf(stderr, "%s: error: ", util_prog());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fwrite(usage, 1, end != NULL ? (size_t)(end - usage) + 1 :
	    strlen(usage), stderr);
	exit(2);
}

void
cli_bad_option(const char *usage, char *const argv[])
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	/* a long option is named as written; a short one by its letter, which
	 * may sit inside a cluster such as -qx */
	if (!(arg[0] == '-' && arg[1] == '-') && optopt > ' ' && optopt < 127)
		cli_usage_error(usage, "unknown option or missing value: '-%c'",
		    optopt);
	cli_usage_error(usage, "unknown option or missing value: '%s'", arg);
}

int
cli_verb(const char *usage, const char *const *verbs, int argc, char *argv[])
{
	int i;

	if (optind >= argc)
		cli_usage_error(usage, "missing verb");
	for (i = 0; verbs[i] != NULL; i++)
		if (strcmp(argv[optind], verbs[i]) == 0)
			break;
	if (verbs[i] == NULL)
		cli_usage_error(usage, "unknown verb '%s'", argv[optind]);
	optind++;
	return i;
}
