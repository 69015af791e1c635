/* or-sandbox: run one untrusted command in a throwaway Linux sandbox and
 * append its "run" result (sandbox.md).  The mechanics are the subsystem
 * in common/sandbox/ (its interface: sandbox.h), the record glue is
 * common/sandbox-record.c; this file maps options to record fields and
 * runs the jsonl loop. */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonl.h"
#include "sandbox-record.h"
#include "banned.h"

static const char usage[] =
"usage: or-sandbox [-q] [--check] [--workdir DIR] [--cwd REL] [--overlay SIZE]\n"
"           [--harness SRC:REL]... [--ro-bind SRC[:DST]]... [--dev PATH]...\n"
"           [--setenv NAME=VALUE]... [--keep-env NAME]... [--net none|host]\n"
"           [--timeout SEC] [--cpu SEC] [--mem SIZE] [--fsize SIZE] [--nofile N]\n"
"           [--pids N] [--tmp-size SIZE] [--cpus LIST] [--uid UID]\n"
"           [--cgroup auto|require|off] [--allow-perf] [--stdin FILE]\n"
"           [--stdout FILE] [--stderr FILE] [--log-max SIZE] [--collect REL:FILE]...\n"
"           [--fail-fast] [-- COMMAND [ARG...]]\n"
"\n"
"  --allow-perf          let the command call perf_event_open\n"
"  --cgroup MODE         auto (v2, else v1, else rlimits), require or off\n"
"  --check               describe what this host supports; run nothing\n"
"  --collect REL:FILE    copy the file /repo/REL to FILE after the run\n"
"  --cpu SEC             CPU seconds per process (default: the timeout)\n"
"  --cpus LIST           CPUs the command may use (cpuset list)\n"
"  --cwd REL             working folder under /repo\n"
"  --dev PATH            also bind the device node PATH into /dev\n"
"  --fail-fast           stop after the first failed record\n"
"  --fsize SIZE          largest file the command may write (default 1G)\n"
"  --harness SRC:REL     bind trusted SRC read-only over /repo/REL\n"
"  -h, --help            show this help\n"
"  --keep-env NAME       pass NAME from this environment\n"
"  --log-max SIZE        keep the last SIZE bytes of each stream (16M)\n"
"  --mem SIZE            memory limit (default 4G)\n"
"  --net MODE            none (default) or host\n"
"  --nofile N            open-file limit (default 1024)\n"
"  --overlay SIZE        mount /repo as an overlay, writes capped at SIZE\n"
"  --pids N              process limit (default 256)\n"
"  -q, --quiet           no stderr line for each failed record\n"
"  --ro-bind SRC[:DST]   bind SRC read-only at DST (default SRC)\n"
"  --setenv NAME=VALUE   set NAME in the command's environment\n"
"  --stderr FILE         write the command's stderr to FILE (replaced)\n"
"  --stdin FILE          the command's stdin (default /dev/null)\n"
"  --stdout FILE         write the command's stdout to FILE (replaced)\n"
"  --timeout SEC         wall-clock limit (default 600)\n"
"  --tmp-size SIZE       size of /tmp (default 512M)\n"
"  --uid UID             host uid the sandbox maps to when run as root\n"
"  --version             print the version\n"
"  --workdir DIR         the work tree, mounted at /repo\n";

enum {
	OPT_ALLOW_PERF = OPT_TOOL_BASE, OPT_CGROUP, OPT_CHECK, OPT_COLLECT,
	OPT_CPU, OPT_CPUS, OPT_CWD, OPT_DEV, OPT_FSIZE, OPT_HARNESS,
	OPT_KEEP_ENV, OPT_LOG_MAX, OPT_MEM, OPT_NET, OPT_NOFILE, OPT_OVERLAY,
	OPT_PIDS, OPT_RO_BIND, OPT_SETENV, OPT_STDERR, OPT_STDIN, OPT_STDOUT,
	OPT_TIMEOUT, OPT_TMP_SIZE, OPT_UID, OPT_WORKDIR,
};

static const struct option longopts[] = {
	{ "allow-perf", no_argument, NULL, OPT_ALLOW_PERF },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "collect", required_argument, NULL, OPT_COLLECT },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "cwd", required_argument, NULL, OPT_CWD },
	{ "dev", required_argument, NULL, OPT_DEV },
	{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
	{ "fsize", required_argument, NULL, OPT_FSIZE },
	{ "harness", required_argument, NULL, OPT_HARNESS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "keep-env", required_argument, NULL, OPT_KEEP_ENV },
	{ "log-max", required_argument, NULL, OPT_LOG_MAX },
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "net", required_argument, NULL, OPT_NET },
	{ "nofile", required_argument, NULL, OPT_NOFILE },
	{ "overlay", required_argument, NULL, OPT_OVERLAY },
	{ "pids", required_argument, NULL, OPT_PIDS },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "ro-bind", required_argument, NULL, OPT_RO_BIND },
	{ "setenv", required_argument, NULL, OPT_SETENV },
	{ "stderr", required_argument, NULL, OPT_STDERR },
	{ "stdin", required_argument, NULL, OPT_STDIN },
	{ "stdout", required_argument, NULL, OPT_STDOUT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "tmp-size", required_argument, NULL, OPT_TMP_SIZE },
	{ "uid", required_argument, NULL, OPT_UID },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "workdir", required_argument, NULL, OPT_WORKDIR },
	{ NULL, 0, NULL, 0 },
};

/* Option -> record field; options only give defaults (conventions §3). */
static const struct {
	int opt;
	const char *field;
	char kind;	/* s string, n number text, a array, e setenv, b bool */
} fields[] = {
	{ OPT_ALLOW_PERF, "allowPerf", 'b' }, { OPT_CGROUP, "cgroup", 's' },
	{ OPT_COLLECT, "collect", 'a' }, { OPT_CPU, "cpu", 'n' },
	{ OPT_CPUS, "cpus", 's' }, { OPT_CWD, "cwd", 's' },
	{ OPT_DEV, "dev", 'a' }, { OPT_FSIZE, "fsize", 's' },
	{ OPT_HARNESS, "harness", 'a' }, { OPT_KEEP_ENV, "keepEnv", 'a' },
	{ OPT_LOG_MAX, "logMax", 's' }, { OPT_MEM, "mem", 's' },
	{ OPT_NET, "net", 's' }, { OPT_NOFILE, "nofile", 'n' },
	{ OPT_OVERLAY, "overlay", 's' }, { OPT_PIDS, "pids", 'n' },
	{ OPT_RO_BIND, "roBind", 'a' }, { OPT_SETENV, "setenv", 'e' },
	{ OPT_STDERR, "stderr", 's' }, { OPT_STDIN, "stdin", 's' },
	{ OPT_STDOUT, "stdout", 's' }, { OPT_TIMEOUT, "timeout", 'n' },
	{ OPT_TMP_SIZE, "tmpSize", 's' }, { OPT_UID, "uid", 'n' },
	{ OPT_WORKDIR, "workdir", 's' },
};

static cJSON *defaults;	/* the options as record fields */
static int quiet, blocked;
static volatile sig_atomic_t stop_sig;
static sigset_t stop_sigs;

/* SIGINT, SIGTERM, SIGHUP: sb_run kills the sandbox and cleans up, then
 * main re-raises the signal (conventions.md section 5). */
static void
on_stop(int sig)
{
	stop_sig = sig;
}

/* One record: run it and append "run" (or an error). */
static void
run_record(struct jl *j, cJSON *rec)
{
	struct sbrec p;
	struct sb_result r;

	if (sbrec_parse(rec, defaults, &p, &j->err) < 0) {
		sbrec_free(&p);
		jl_emit(j, rec, -1);
		return;
	}
	p.c.interrupted = &stop_sig;
	p.c.sigs = &stop_sigs;
	if (sb_run(&p.c, &r, &j->err) < 0) {
		if (stop_sig != 0) {
			/* the sandbox is gone: die of the signal itself */
			signal(stop_sig, SIG_DFL);
			raise(stop_sig);
		}
		if (j->err.status == 3)
			die(3, "%s", j->err.msg);
		if (strcmp(j->err.code, "sandbox.userns_blocked") == 0) {
			cJSON *eo = jl_error_object(j, &j->err);

			json_set_str(eo, "reason", r.reason);
			json_set_str(eo, "hint", r.hint[1]);
			json_set(rec, "error", eo);
			jl_report(j, &j->err);
			if (!quiet) {
				hint("%s", r.hint[0]);
				hint("%s", r.hint[1]);
			}
			jl_failed(j, 5);
			jl_emit(j, rec, 0);
			blocked = 1;
		} else {
			jl_emit(j, rec, -1);
		}
		sb_result_free(&r);
		sbrec_free(&p);
		return;
	}
	json_set(rec, "run", sbrec_run_object(&p, &r));
	if (r.cause != SB_EXIT || r.exit_code != 0) {
		struct or_err e;
		int limit = r.cause == SB_CPU || r.cause == SB_WALL ||
		    r.cause == SB_MEMORY || r.cause == SB_FSIZE;

		if (r.cause == SB_EXIT)
			or_error(&e, "sandbox.exit", "'%s' exited with status %d",
			    p.c.argv[0], r.exit_code);
		else
			or_error(&e, "sandbox.limit", "'%s' was stopped: cause %s",
			    p.c.argv[0], sb_cause_name(r.cause));
		jl_report(j, &e);
		jl_failed(j, limit ? 5 : 1);
	}
	jl_emit(j, rec, 0);
	sb_result_free(&r);
	sbrec_free(&p);
}

static int
check(void)
{
	struct sb_check k;
	cJSON *o = json_object();
	int usable = sb_check(&k);
	struct jl j;

	jl_init(&j, "or-sandbox");
	json_set_bool(o, "userns", k.userns);
	if (!k.userns) {
		json_set_str(o, "reason", k.reason);
		json_set_str(o, "hint", k.hint[1]);
	}
	json_set_str(o, "cgroup", k.cgroup);
	if (strcmp(k.cgroup, "none") == 0)
		json_set_str(o, "cgroupReason", k.cgroup_reason);
	json_set_bool(o, "overlay", k.overlay);
	json_set_bool(o, "openat2", k.openat2);
	json_set_bool(o, "seccomp", k.seccomp);
	json_set_bool(o, "tiocstiLegacy", k.tiocsti_legacy);
	json_set_str(o, "kernel", k.kernel);
	jl_detail(&j, o);
	jl_finish(&j);
	return usable ? 0 : 5;
}

/* Store an option as the default of its record field. */
static void
add_default(int opt, const char *arg)
{
	size_t i;
	cJSON *v, *cur;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].opt == opt)
			break;
	cur = json_get(defaults, fields[i].field);
	switch (fields[i].kind) {
	case 'a':
		if (cur == NULL) {
			cur = json_array();
			json_set(defaults, fields[i].field, cur);
		}
		cJSON_AddItemToArray(cur, json_new_strn(arg, strlen(arg)));
		return;
	case 'e': {
		const char *eq = strchr(arg, '=');
		char *name;

		if (eq == NULL || eq == arg)
			cli_usage_error(usage, "--setenv needs NAME=VALUE: '%s'",
			    arg);
		if (cur == NULL) {
			cur = json_object();
			json_set(defaults, fields[i].field, cur);
		}
		name = xmemdup(arg, (size_t)(eq - arg));
		json_set(cur, name, json_new_strn(eq + 1, strlen(eq + 1)));
		free(name);
		return;
	}
	case 'b':
		v = cJSON_CreateTrue();
		break;
	case 'n': {
		uint64_t x;

		if (parse_u64(arg, &x) < 0 && parse_duration_us(arg, &x) < 0)
			cli_usage_error(usage, "invalid number '%s'", arg);
		v = cJSON_CreateRaw(arg);
		break;
	}
	default:
		v = json_new_strn(arg, strlen(arg));
	}
	json_set(defaults, fields[i].field, v);
}

int
main(int argc, char *argv[])
{
	struct jl j;
	struct sbrec p;
	struct or_err e = { 0 };
	struct cli_args a = { .usage = usage, .shortopts = "hq",
	    .longopts = longopts, .ordered = 1 };
	int c, fail_fast, want_check = 0;
	cJSON *probe;

	util_setprog(argv[0]);
	atexit(sb_abandon);	/* die() and out-of-memory exits mid-run */
	defaults = json_object();
	/* options end at the command's first word: its own options follow */
	memset(&j, 0, sizeof(j));	/* -q and --fail-fast, until jl_init */
	while ((c = cli_getopt(&a, &j, argc, argv)) != -1) {
		if (c == OPT_CHECK)
			want_check = 1;
		else
			add_default(c, optarg);
	}
	quiet = j.quiet;
	fail_fast = j.fail_fast;
	if (want_check) {
		if (a.argc > 0)
			cli_usage_error(usage, "--check takes no command");
		return check();
	}
	if (a.argc == 0)
		cli_terminal_stdin(usage, NULL, "-- COMMAND");
	/* option values are checked once, before any input is read */
	probe = json_object();
	json_set(probe, "argv", cJSON_CreateStringArray(
	    (const char *const[]){ "true" }, 1));
	if (sbrec_parse(probe, defaults, &p, &e) < 0)
		cli_usage_error(usage, "%s", e.msg);
	sbrec_free(&p);
	cJSON_Delete(probe);

	sigemptyset(&stop_sigs);
	sigaddset(&stop_sigs, SIGINT);
	sigaddset(&stop_sigs, SIGTERM);
	sigaddset(&stop_sigs, SIGHUP);
	{
		struct sigaction sa = { 0 };

		sa.sa_handler = on_stop;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	jl_init(&j, "or-sandbox");
	j.quiet = quiet;
	j.fail_fast = fail_fast;
	if (a.argc > 0) {
		cJSON *rec = json_object(), *words = json_array();
		int i;

		for (i = 0; i < a.argc; i++)
			cJSON_AddItemToArray(words, json_new_strn(a.argv[i],
			    strlen(a.argv[i])));
		json_set(rec, "argv", words);
		j.argmode = 1;
		run_record(&j, rec);
	} else {
		cJSON *rec;

		while (!blocked && (rec = jl_next(&j)) != NULL)
			run_record(&j, rec);
	}
	cJSON_Delete(defaults);
	return jl_finish(&j);
}
