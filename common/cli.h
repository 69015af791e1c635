/* cli: the command-line conventions shared by every tool (conventions.md
 * sections 3 and 9): --help, --version, usage errors.
 * Ownership: nothing is allocated. */
#ifndef OR_CLI_H
#define OR_CLI_H

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

/* The verb at argv[optind] among the NULL-terminated verbs: its index, with
 * optind moved past it; a missing or unknown verb is a usage error. */
int cli_verb(const char *usage, const char *const *verbs, int argc,
    char *argv[]);

/* After getopt_long returned '?' or ':' (with opterr = 0 set before
 * parsing): name the bad option in the conventions' form and exit 2. */
void cli_bad_option(const char *usage, char *const argv[])
    __attribute__((noreturn));

#endif
