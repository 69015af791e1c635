/* cli: --help, --version and usage errors. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Edit distance (insert, delete, substitute, swap of neighbours) between
 * a and b with dashes and case ignored, capped at CAP + 1. */
#define NEAR_CAP 3
#define NEAR_LEN 40

static size_t
squash(const char *s, char out[NEAR_LEN + 1])
{
	size_t n = 0;

	for (; *s != '\0' && n < NEAR_LEN; s++)
		if (*s != '-' && *s != '_')
			out[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
	out[n] = '\0';
	return n;
}

static unsigned
distance(const char *a, const char *b)
{
	char x[NEAR_LEN + 1], y[NEAR_LEN + 1];
	size_t m = squash(a, x), n = squash(b, y), i, j;
	unsigned d[NEAR_LEN + 1][NEAR_LEN + 1], c;

	for (i = 0; i <= m; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= n; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= m; i++)
		for (j = 1; j <= n; j++) {
			c = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[m][n];
}

const char *
cli_nearest(const char *word, const char *const *choices)
{
	const char *best = NULL;
	unsigned bd = NEAR_CAP + 1, d;
	size_t wl = strlen(word), i;

	if (wl == 0 || wl > NEAR_LEN)
		return NULL;
	for (i = 0; choices[i] != NULL; i++) {
		d = distance(word, choices[i]);
		/* a word that opens a longer verb (keccak, keccak256) */
		if (wl >= 3 && strncmp(choices[i], word, wl) == 0 && d > 1)
			d = 1;
		if (d < bd) {
			bd = d;
			best = choices[i];
		}
	}
	/* near: at most a third of the word's letters differ */
	return best != NULL && bd * 3 <= wl + 2 ? best : NULL;
}

void
cli_unknown_verb(const char *usage, const char *word,
    const char *const *verbs)
{
	const char *near = cli_nearest(word, verbs);
	const char *end = strstr(usage, "\n\n");

	fprintf(stderr, "%s: error: unknown verb '%s'\n", util_prog(), word);
	if (near != NULL)
		fprintf(stderr, "%s: hint: did you mean '%s'?\n", util_prog(),
		    near);
	fwrite(usage, 1, end != NULL ? (size_t)(end - usage) + 1 :
	    strlen(usage), stderr);
	exit(2);
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
		cli_unknown_verb(usage, argv[optind], verbs);
	optind++;
	return i;
}

int
cli_terminal_stdin(const char *usage, const char *verb, const char *need)
{
	if (!isatty(0))
		return 0;
	if (need == NULL)
		return 1;
	if (verb != NULL)
		cli_usage_error(usage, "%s: give %s, or pipe JSON lines", verb,
		    need);
	cli_usage_error(usage, "give %s, or pipe JSON lines", need);
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
