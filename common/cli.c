/* cli: --help, --version and usage errors. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonl.h"
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
cli_setup_failed(const char *usage, const struct or_err *e)
{
	if (e->status == 3 || strncmp(e->code, "file.", 5) == 0)
		die(3, "%s", e->msg);
	cli_usage_error(usage, "%s", e->msg);
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

static void
set_optstr(struct cli_args *a, int in_order)
{
	/* ':' first (after '+'): a missing value is told from a bad option */
	snprintf(a->optstr, sizeof(a->optstr), "%s:%s", in_order ? "+" : "",
	    a->shortopts);
}

/* argv[optind] is the verb: look it up and restart after it. */
static void
take_verb(struct cli_args *a)
{
	a->verb = cli_verb(a->usage, a->verbs, a->argc, a->argv);
	/* the verb stands as argv[0] of the rest; optind 0 reinitialises
	 * getopt, so the new ordering rule takes effect */
	a->argc -= optind - 1;
	a->argv += optind - 1;
	optind = 0;
	set_optstr(a, a->ordered);
}

int
cli_getopt(struct cli_args *a, struct jl *j, int argc, char *argv[])
{
	int c;

	if (a->pass == 0) {
		a->argc = argc;
		a->argv = argv;
		a->pass = 1;
		opterr = 0;	/* cli_bad_option names the option */
		optind = 0;
		/* before the verb, options end at the first word: the verb */
		set_optstr(a, a->verbs != NULL || a->ordered);
	}
	if (a->pass > 2)
		return -1;
	for (;;) {
		c = getopt_long(a->argc, a->argv, a->optstr, a->longopts,
		    NULL);
		switch (c) {
		case -1:
			break;
		case OPT_HELP:
			cli_help(a->usage);
		case OPT_QUIET:
			j->quiet = 1;
			continue;
		case OPT_FAIL_FAST:
			j->fail_fast = 1;
			continue;
		case OPT_VERSION:
			cli_version();
		case '?':
		case ':':
			cli_bad_option(a->usage, a->argv);
		default:
			return c;
		}
		if (a->pass == 1 && a->verbs != NULL) {
			take_verb(a);
			a->pass = 2;
			continue;
		}
		a->argc -= optind;
		a->argv += optind;
		a->pass = 3;
		return -1;
	}
}
