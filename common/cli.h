/* cli: the command-line conventions shared by every tool (conventions.md
 * sections 3 and 9): option parsing with the common options and the verb,
 * --help, --version, usage errors.
 * Ownership: nothing is allocated; struct cli_args borrows argv. */
#ifndef OR_CLI_H
#define OR_CLI_H

#include <getopt.h>

#include "util.h"

struct jl;

#define OR_VERSION "0.1.0"

/* Long-option codes shared by every tool's getopt_long table. */
enum {
	OPT_HELP = 'h',
	OPT_QUIET = 'q',
	OPT_VERSION = 0x100,
	OPT_FAIL_FAST,
	OPT_TOOL_BASE	/* first code free for a tool's own long options */
};

/* usage is the full --help text: synopsis lines, a blank line, options. */
void cli_help(const char *usage) __attribute__((noreturn));
void cli_version(void) __attribute__((noreturn));
/* "or-x: error: <msg>" then the synopsis on stderr; exit 2. */
void cli_usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* A setup step failed before any input (an --abi file, the RPC URL): a
 * system error (status 3, or a file.* code: unreadable) exits 3, any other
 * is a usage error (exit 2).  The message is e's. */
void cli_setup_failed(const char *usage, const struct or_err *e)
    __attribute__((noreturn));
/* The verb at argv[optind] among the NULL-terminated verbs: its index, with
 * optind moved past it; a missing or unknown verb is a usage error. */
int cli_verb(const char *usage, const char *const *verbs, int argc,
    char *argv[]);

/* The choice nearest to word, dashes and case ignored (a word that opens
 * a choice counts as near: keccak, keccak256), or NULL when none is near. */
const char *cli_nearest(const char *word, const char *const *choices);
/* "unknown verb 'W'", a hint naming the nearest verb, the synopsis; exit 2. */
void cli_unknown_verb(const char *usage, const char *word,
    const char *const *verbs) __attribute__((noreturn));

/* The terminal rule of conventions.md section 3, for a run without
 * operands.  Returns 0 when stdin is not a terminal (stream it), 1 when it
 * is and need is NULL (the verb needs no input: act once on an empty
 * record); otherwise prints "VERB: give NEED, or pipe JSON lines" with the
 * synopsis and exits 2. */
int cli_terminal_stdin(const char *usage, const char *verb, const char *need);

/* After getopt_long returned '?' or ':' (with opterr = 0 set before
 * parsing): name the bad option in the conventions' form and exit 2. */
void cli_bad_option(const char *usage, char *const argv[])
    __attribute__((noreturn));

/* The one option parser of every tool.  The caller fills the first five
 * fields and calls cli_getopt until it returns -1; it returns each of the
 * tool's own options (optarg set as by getopt_long) and handles the common
 * ones itself: -h/--help and --version print and exit 0, -q/--quiet and
 * --fail-fast set j->quiet and j->fail_fast, an unknown option or a missing
 * value exits 2.  Options may stand before and after the verb and the
 * operands; `--` ends them.  shortopts lists the tool's letters and "hq";
 * longopts holds every long option, the common ones included.
 *
 *	struct cli_args a = { .usage = usage, .shortopts = "f:hq",
 *	    .longopts = longopts, .verbs = verbs };
 *	while ((c = cli_getopt(&a, &j, argc, argv)) != -1)
 *		switch (c) { case 'f': ...; }
 *	... verbs[a.verb], a.argv[0 .. a.argc) are the operands ...
 */
struct cli_args {
	const char *usage;
	const char *shortopts;
	const struct option *longopts;
	const char *const *verbs;	/* NULL-terminated; NULL: no verb */
	int ordered;	/* after the verb, options end at the first operand
			 * (an ABI argument such as -5 is an operand) */
	/* results, once cli_getopt returned -1 */
	int verb;		/* index in verbs: missing or unknown exits 2 */
	int argc;		/* the operands */
	char **argv;
	/* private */
	int pass;
	char optstr[96];
};
int cli_getopt(struct cli_args *a, struct jl *j, int argc, char *argv[]);

#endif
