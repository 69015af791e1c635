/* sandbox-record: record fields to struct sb_config, results to JSON. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox-record.h"
#include "banned.h"

/* The defaults of the record being parsed (sbrec_parse's argument). */
struct src {
	const cJSON *rec, *dflt;
};

/* A record field, else the option's default. */
static const cJSON *
get(const struct src *rec, const char *key)
{
	const cJSON *v = json_get(rec->rec, key);

	return v != NULL ? v : json_get(rec->dflt, key);
}

static int
bad(struct or_err *e, const char *key, const char *what)
{
	return or_error(e, "sandbox.bad_field", "'%s' must be %s", key, what);
}

static int
get_str(const struct src *rec, const char *key, const char **out,
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
get_size(const struct src *rec, const char *key, uint64_t dflt, uint64_t *out,
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
get_secs(const struct src *rec, const char *key, uint64_t dflt, uint64_t *us,
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
get_list(const struct src *rec, const char *key, const char ***out, size_t *n,
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


void
sbrec_free(struct sbrec *p)
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

int
sbrec_parse(const cJSON *record, const cJSON *dflt, struct sbrec *p,
    struct or_err *e)
{
	struct src src = { record, dflt }, *rec = &src;
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

cJSON *
sbrec_run_object(const struct sbrec *p, const struct sb_result *r)
{
	static const char *const cg_names[] = { "none", "v1", "v2" };
	const struct sb_config *c = &p->c;
	cJSON *o = json_object(), *l = json_object();
	cJSON *col = json_array();
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
		cJSON *it = json_object();

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
