/* or-sandbox: run one untrusted command in a throwaway Linux sandbox and
 * append its "run" result (sandbox.md).  The mechanics are in
 * common/sandbox*.c, cgroup.c and seccomp-policy.c; this file maps options
 * and record fields to a struct sb_config and the result to JSON. */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonl.h"
#include "sandbox.h"
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
"  --stderr FILE         write the command's stderr to new FILE\n"
"  --stdin FILE          the command's stdin (default /dev/null)\n"
"  --stdout FILE         write the command's stdout to new FILE\n"
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

/* A record field, else the option's default. */
static const cJSON *
get(const cJSON *rec, const char *key)
{
	const cJSON *v = json_get(rec, key);

	return v != NULL ? v : json_get(defaults, key);
}

static int
bad(struct or_err *e, const char *key, const char *what)
{
	return or_error(e, "sandbox.bad_field", "'%s' must be %s", key, what);
}

static int
get_str(const cJSON *rec, const char *key, const char **out,
    struct or_err *e)
{
	const cJSON *v = get(rec, key);
	size_t n;

	*out = NULL;
	if (v == NULL)
		return 0;
	if ((*out = json_strval(v, &n)) == NULL || strlen(*out) != n || n == 0)
		return bad(e, key, "a non-empty string");
	return 1;
}

static int
get_size(const cJSON *rec, const char *key, uint64_t dflt, uint64_t *out,
    struct or_err *e)
{
	const cJSON *v = get(rec, key);
	const char *s;

	*out = dflt;
	if (v == NULL)
		return 0;
	if (json_is_number(v))
		return json_value_u64(v, key, UINT64_MAX >> 11, out, e);
	if ((s = json_strval(v, NULL)) == NULL || parse_size(s, out) < 0)
		return bad(e, key, "a size (bytes, or a number with K, M, G "
		    "or T)");
	return 0;
}

static int
get_secs(const cJSON *rec, const char *key, uint64_t dflt, uint64_t *us,
    struct or_err *e)
{
	const cJSON *v = get(rec, key);
	char tmp[64];

	*us = dflt;
	if (v == NULL)
		return 0;
	if (!json_is_number(v) || parse_duration_us(json_numtext(v, tmp),
	    us) < 0 || *us == 0 || *us > 31536000000000ULL)
		return bad(e, key, "a positive number of seconds with at most "
		    "6 decimals");
	return 0;
}

/* An array of strings (borrowed); pairs split at the first ':' when
 * pairs != NULL. */
static int
get_list(const cJSON *rec, const char *key, const char ***out, size_t *n,
    struct sb_pair **pairs, int need_b, struct or_err *e)
{
	const cJSON *v = get(rec, key), *it;
	size_t i = 0;

	*n = 0;
	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v))
		return bad(e, key, "an array of strings");
	*n = (size_t)cJSON_GetArraySize(v);
	*out = xcalloc(*n + 1, sizeof(char *));
	if (pairs != NULL)
		*pairs = xcalloc(*n + 1, sizeof(struct sb_pair));
	cJSON_ArrayForEach(it, v) {
		size_t len;
		const char *s = json_strval(it, &len);

		if (s == NULL || len == 0 || strlen(s) != len)
			return bad(e, key, "an array of non-empty strings");
		(*out)[i] = s;
		if (pairs != NULL) {
			const char *colon = strchr(s, ':');

			if (colon == NULL && need_b)
				return bad(e, key, "an array of \"A:B\" strings");
			/* the halves live in a copy freed with the pairs */
			if (colon != NULL) {
				char *a = xstrdup(s);

				a[colon - s] = '\0';
				(*pairs)[i].a = a;
				(*pairs)[i].b = a + (colon - s) + 1;
				if (*a == '\0' || a[colon - s + 1] == '\0')
					return bad(e, key, "an array of "
					    "\"A:B\" strings");
			} else {
				(*pairs)[i].a = xstrdup(s);
			}
		}
		i++;
	}
	return 0;
}

static void
free_pairs(struct sb_pair *p, size_t n)
{
	size_t i;

	for (i = 0; p != NULL && i < n; i++)
		free((char *)p[i].a);
	free(p);
}

struct parsed {
	struct sb_config c;
	const char **argv, **h, **r, **col, **dev, **keep, **env;
	struct sb_pair *hp, *rp, *cp;
	uint64_t cpu_us;
};

static void
parsed_free(struct parsed *p)
{
	size_t i;

	free(p->argv);
	free(p->h);
	free(p->r);
	free(p->col);
	free(p->dev);
	free(p->keep);
	for (i = 0; p->env != NULL && i < p->c.n_setenv; i++)
		free((char *)p->env[i]);
	free(p->env);
	free_pairs(p->hp, p->c.n_harness);
	free_pairs(p->rp, p->c.n_ro_bind);
	free_pairs(p->cp, p->c.n_collect);
}

/* --keep-env never passes secrets or the host's protocol settings. */
static int
keep_refused(const char *n)
{
	size_t len = strlen(n);

	return strncmp(n, "ETH_", 4) == 0 || strncmp(n, "OR_", 3) == 0 ||
	    strstr(n, "TOKEN") != NULL || strstr(n, "SECRET") != NULL ||
	    strstr(n, "PASSWORD") != NULL ||
	    (len >= 4 && strcmp(n + len - 4, "_KEY") == 0) ||
	    strchr(n, '=') != NULL;
}

static int
parse_record(const cJSON *rec, struct parsed *p, struct or_err *e)
{
	struct sb_config *c = &p->c;
	const cJSON *v, *it;
	const char *s;
	uint64_t u;
	size_t i, n;

	memset(p, 0, sizeof(*p));
	c->uid = -1;
	if (get_list(rec, "argv", &p->argv, &n, NULL, 0, e) < 0)
		return -1;
	if (n == 0)
		return or_error(e, "sandbox.no_command", "the record has no "
		    "'argv' (a non-empty array of strings)");
	c->argv = (char *const *)p->argv;
	if (get_str(rec, "workdir", &c->workdir, e) < 0 ||
	    get_str(rec, "cwd", &c->cwd, e) < 0 ||
	    get_str(rec, "cpus", &c->cpus, e) < 0 ||
	    get_str(rec, "stdin", &c->stdin_path, e) < 0 ||
	    get_str(rec, "stdout", &c->stdout_path, e) < 0 ||
	    get_str(rec, "stderr", &c->stderr_path, e) < 0)
		return -1;
	if (c->cwd != NULL && c->cwd[0] == '/')
		return bad(e, "cwd", "relative to /repo");
	if (get_str(rec, "net", &s, e) < 0)
		return -1;
	if (s != NULL && strcmp(s, "host") != 0 && strcmp(s, "none") != 0)
		return bad(e, "net", "\"none\" or \"host\"");
	c->net_host = s != NULL && strcmp(s, "host") == 0;
	if (get_str(rec, "cgroup", &s, e) < 0)
		return -1;
	if (s == NULL || strcmp(s, "auto") == 0)
		c->cgroup = CG_AUTO;
	else if (strcmp(s, "require") == 0)
		c->cgroup = CG_REQUIRE;
	else if (strcmp(s, "off") == 0)
		c->cgroup = CG_OFF;
	else
		return bad(e, "cgroup", "\"auto\", \"require\" or \"off\"");
	if (get_secs(rec, "timeout", 600000000, &c->timeout_us, e) < 0 ||
	    get_secs(rec, "cpu", c->timeout_us, &p->cpu_us, e) < 0)
		return -1;
	c->cpu_s = (p->cpu_us + 999999) / 1000000;	/* RLIMIT_CPU: whole s */
	if (get_size(rec, "mem", 4ULL << 30, &c->mem, e) < 0 ||
	    get_size(rec, "fsize", 1ULL << 30, &c->fsize, e) < 0 ||
	    get_size(rec, "tmpSize", 512ULL << 20, &c->tmp_size, e) < 0 ||
	    get_size(rec, "overlay", 0, &c->overlay, e) < 0 ||
	    get_size(rec, "logMax", 16ULL << 20, &c->log_max, e) < 0)
		return -1;
	if (c->mem < (1 << 20) || c->tmp_size == 0 || c->log_max == 0)
		return bad(e, "mem", "at least 1M (and tmpSize, logMax > 0)");
	c->nofile = 1024;
	c->pids = 256;
	if ((v = get(rec, "nofile")) != NULL &&
	    json_value_u64(v, "nofile", 1 << 20, &c->nofile, e) < 0)
		return -1;
	if ((v = get(rec, "pids")) != NULL &&
	    json_value_u64(v, "pids", 1 << 22, &c->pids, e) < 0)
		return -1;
	if (c->nofile < 4 || c->pids < 1)
		return bad(e, "nofile", "at least 4 (and pids at least 1)");
	if ((v = get(rec, "uid")) != NULL) {
		if (json_value_u64(v, "uid", 0x7fffffff, &u, e) < 0)
			return -1;
		c->uid = (long)u;
	}
	if ((v = get(rec, "allowPerf")) != NULL) {
		if (!cJSON_IsBool(v))
			return bad(e, "allowPerf", "true or false");
		c->allow_perf = cJSON_IsTrue(v);
	}
	if (get_list(rec, "harness", &p->h, &c->n_harness, &p->hp, 1, e) < 0 ||
	    get_list(rec, "roBind", &p->r, &c->n_ro_bind, &p->rp, 0, e) < 0 ||
	    get_list(rec, "collect", &p->col, &c->n_collect, &p->cp, 1,
	    e) < 0 ||
	    get_list(rec, "dev", &p->dev, &c->n_devs, NULL, 0, e) < 0 ||
	    get_list(rec, "keepEnv", &p->keep, &c->n_keep_env, NULL, 0, e) < 0)
		return -1;
	c->harness = p->hp;
	c->ro_bind = p->rp;
	c->collect = p->cp;
	c->devs = p->dev;
	c->keep_env = p->keep;
	for (i = 0; i < c->n_harness; i++)
		if (c->harness[i].b[0] == '/' || strstr(c->harness[i].b, "..")
		    != NULL)
			return bad(e, "harness", "SRC:REL with REL relative, "
			    "without '..'");
	for (i = 0; i < c->n_ro_bind; i++) {
		const char *d = c->ro_bind[i].b != NULL ? c->ro_bind[i].b :
		    c->ro_bind[i].a;

		if (d[0] != '/' || strstr(d, "..") != NULL ||
		    strcmp(d, "/") == 0 || strncmp(d, "/repo", 5) == 0 ||
		    strncmp(d, "/proc", 5) == 0 || strncmp(d, "/dev", 4) == 0 ||
		    strncmp(d, "/tmp", 4) == 0 || strncmp(d, "/etc", 4) == 0)
			return bad(e, "roBind", "SRC[:DST] with DST absolute "
			    "and outside /, /repo, /proc, /dev, /tmp and /etc");
	}
	for (i = 0; i < c->n_collect; i++)
		if (c->collect[i].a[0] == '/')
			return bad(e, "collect", "REL:FILE with REL relative");
	for (i = 0; i < c->n_devs; i++)
		if (strncmp(c->devs[i], "/dev/", 5) != 0 ||
		    strchr(c->devs[i] + 5, '/') != NULL)
			return bad(e, "dev", "an array of /dev/NAME paths");
	for (i = 0; i < c->n_keep_env; i++)
		if (keep_refused(c->keep_env[i]))
			return or_error(e, "sandbox.keep_env_refused",
			    "refusing to pass '%s' into the sandbox",
			    c->keep_env[i]);
	if ((v = get(rec, "setenv")) != NULL) {
		if (!cJSON_IsObject(v))
			return bad(e, "setenv", "an object of strings");
		p->env = xcalloc((size_t)cJSON_GetArraySize(v) + 1,
		    sizeof(char *));
		cJSON_ArrayForEach(it, v) {
			size_t len;

			if ((s = json_strval(it, &len)) == NULL ||
			    strlen(s) != len || it->string[0] == '\0' ||
			    strchr(it->string, '=') != NULL)
				return bad(e, "setenv", "an object of strings");
			p->env[c->n_setenv++] = xasprintf("%s=%s", it->string,
			    s);
		}
		c->setenv = p->env;
	}
	return 0;
}

static const char *
signame(int sig)
{
	static char buf[32];
	const char *abbrev = sigabbrev_np(sig);

	snprintf(buf, sizeof(buf), "SIG%s", abbrev != NULL ? abbrev : "?");
	return buf;
}

static cJSON *
run_object(const struct parsed *p, const struct sb_result *r)
{
	static const char *const cg_names[] = { "none", "v1", "v2" };
	const struct sb_config *c = &p->c;
	cJSON *o = cJSON_CreateObject(), *l = cJSON_CreateObject();
	cJSON *col = cJSON_CreateArray();
	char tmp[64];
	size_t i;

	if (o == NULL || l == NULL || col == NULL)
		die_oom();
	json_set_str(o, "cause", sb_cause_name(r->cause));
	json_set(o, "exit", r->cause == SB_EXIT ? json_new_int(r->exit_code) :
	    cJSON_CreateNull());
	json_set(o, "signal", r->sig != 0 ? cJSON_CreateString(signame(r->sig)) :
	    cJSON_CreateNull());
	json_set(o, "wallUs", json_new_uint(r->wall_us));
	json_set(o, "userUs", json_new_uint(r->user_us));
	json_set(o, "sysUs", json_new_uint(r->sys_us));
	json_set(o, "maxrssKib", json_new_uint(r->maxrss_kib));
	json_set(o, "memPeakBytes", r->mem_peak >= 0 ?
	    json_new_int(r->mem_peak) : cJSON_CreateNull());
	json_set(o, "oomKills", r->ooms >= 0 ? json_new_int(r->ooms) :
	    cJSON_CreateNull());
	json_set(o, "stdoutBytes", json_new_uint(r->out_bytes));
	json_set(o, "stderrBytes", json_new_uint(r->err_bytes));
	json_set_bool(o, "stdoutTruncated", r->out_trunc);
	json_set_bool(o, "stderrTruncated", r->err_trunc);
	json_set_str(o, "cgroup", cg_names[r->cgroup]);
	json_set_str(o, "workMode", r->overlay ? "overlay" : "bind");
	json_set_str(o, "pidsVia", r->cgroup == CG_NONE ? "rlimit" : "cgroup");
	/* timeout as decimal seconds, exactly as the option reads */
	snprintf(tmp, sizeof(tmp), "%llu.%06llu",
	    (unsigned long long)(c->timeout_us / 1000000),
	    (unsigned long long)(c->timeout_us % 1000000));
	for (i = strlen(tmp) - 1; tmp[i] == '0'; i--)
		tmp[i] = '\0';
	if (tmp[i] == '.')
		tmp[i] = '\0';
	json_set(l, "timeout", cJSON_CreateRaw(tmp));
	json_set(l, "cpu", json_new_uint(c->cpu_s));
	json_set(l, "mem", json_new_uint(c->mem));
	json_set(l, "fsize", json_new_uint(c->fsize));
	json_set(l, "tmpSize", json_new_uint(c->tmp_size));
	json_set(l, "overlay", json_new_uint(c->overlay));
	json_set(l, "nofile", json_new_uint(c->nofile));
	json_set(l, "pids", json_new_uint(c->pids));
	json_set(l, "cpus", c->cpus != NULL ? cJSON_CreateString(c->cpus) :
	    cJSON_CreateNull());
	json_set(o, "limits", l);
	for (i = 0; i < r->n_collected; i++) {
		cJSON *it = cJSON_CreateObject();

		if (it == NULL)
			die_oom();
		json_set_str(it, "path", r->collected[i].path);
		if (r->collected[i].file != NULL)
			json_set_str(it, "file", r->collected[i].file);
		else
			json_set_str(it, "refused", r->collected[i].refused);
		cJSON_AddItemToArray(col, it);
	}
	json_set(o, "collected", col);
	return o;
}

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
	struct parsed p;
	struct sb_result r;

	if (parse_record(rec, &p, &j->err) < 0) {
		parsed_free(&p);
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
			if (!quiet) {
				fprintf(stderr, "or-sandbox: error: %s\n",
				    j->err.msg);
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
		parsed_free(&p);
		return;
	}
	json_set(rec, "run", run_object(&p, &r));
	if (r.cause != SB_EXIT || r.exit_code != 0) {
		int limit = r.cause == SB_CPU || r.cause == SB_WALL ||
		    r.cause == SB_MEMORY || r.cause == SB_FSIZE;

		if (!quiet && r.cause == SB_EXIT)
			fprintf(stderr, "or-sandbox: error: '%s' exited with "
			    "status %d\n", p.c.argv[0], r.exit_code);
		else if (!quiet)
			fprintf(stderr, "or-sandbox: error: '%s' stopped: "
			    "cause %s\n", p.c.argv[0], sb_cause_name(r.cause));
		jl_failed(j, limit ? 5 : 1);
	}
	jl_emit(j, rec, 0);
	sb_result_free(&r);
	parsed_free(&p);
}

static int
check(void)
{
	struct sb_check k;
	cJSON *o = cJSON_CreateObject();
	int usable = sb_check(&k);
	struct jl j;

	if (o == NULL)
		die_oom();
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
			cur = cJSON_CreateArray();
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
			cur = cJSON_CreateObject();
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
	struct parsed p;
	struct or_err e = { 0 };
	int c, fail_fast = 0, want_check = 0;
	cJSON *probe;

	util_setprog(argv[0]);
	defaults = cJSON_CreateObject();
	if (defaults == NULL)
		die_oom();
	while ((c = getopt_long(argc, argv, "+hq", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP:
			cli_help(usage);
		case OPT_QUIET:
			quiet = 1;
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_FAIL_FAST:
			fail_fast = 1;
			break;
		case OPT_CHECK:
			want_check = 1;
			break;
		case '?':
			cli_usage_error(usage, "unknown or incomplete option");
		default:
			add_default(c, optarg);
		}
	}
	if (want_check) {
		if (optind < argc)
			cli_usage_error(usage, "--check takes no command");
		return check();
	}
	/* option values are checked once, before any input is read */
	probe = cJSON_CreateObject();
	json_set(probe, "argv", cJSON_CreateStringArray(
	    (const char *const[]){ "true" }, 1));
	if (parse_record(probe, &p, &e) < 0)
		cli_usage_error(usage, "%s", e.msg);
	parsed_free(&p);
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
	if (optind < argc) {
		cJSON *rec = cJSON_CreateObject(), *a = cJSON_CreateArray();
		int i;

		if (rec == NULL || a == NULL)
			die_oom();
		for (i = optind; i < argc; i++)
			cJSON_AddItemToArray(a, json_new_strn(argv[i],
			    strlen(argv[i])));
		json_set(rec, "argv", a);
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
