/* benchrun: protocol fields, tree copies, sandboxed runs, summaries. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "benchrun.h"
#include "decimal.h"
#include "extract.h"
#include "glob.h"
#include "proc.h"
#include "banned.h"

#define LOG_MAX (16u * 1024 * 1024)
#define SANDBOX_UID 65534
#define MAX_DEPTH 256

/* ---- protocol ---- */

static int
bad(struct or_err *e, const char *what, const char *why)
{
	return or_error(e, "bench.bad_protocol", "protocol %s %s", what, why);
}

/* A string field; 1 present, 0 absent, -1 wrong type. */
static int
str_at(const cJSON *v, const char *what, const char **s, struct or_err *e)
{
	size_t len;

	*s = NULL;
	if (v == NULL)
		return 0;
	if ((*s = json_strval(v, &len)) == NULL || strlen(*s) != len)
		return bad(e, what, "is not a string");
	return 1;
}

static int
bool_at(const cJSON *v, const char *what, int *b, struct or_err *e)
{
	if (v == NULL)
		return 0;
	if (!cJSON_IsBool(v))
		return bad(e, what, "is not a boolean");
	*b = cJSON_IsTrue(v);
	return 1;
}

static int
u64_at(const cJSON *v, const char *what, uint64_t max, uint64_t *u,
    struct or_err *e)
{
	struct or_err e2;

	if (v == NULL)
		return 0;
	if (json_value_u64(v, what, max, u, &e2) < 0)
		return bad(e, what, "is not an integer in range");
	return 1;
}

/* A non-negative decimal JSON number's source text. */
static int
num_at(const cJSON *v, const char *what, char *out, size_t size,
    struct or_err *e)
{
	char tmp[64];
	const char *s;

	if (v == NULL)
		return 0;
	if (!json_is_number(v))
		return bad(e, what, "is not a number");
	s = json_numtext(v, tmp);
	if (s[0] == '-' || strlen(s) >= size || dec_check(s, strlen(s),
	    &(struct or_err){ 0 }) < 0)
		return bad(e, what, "is not a non-negative number");
	snprintf(out, size, "%s", s);
	return 1;
}

static int
rel_path_ok(const char *p)
{
	const char *s = p;

	if (*p == '\0' || *p == '/')
		return 0;
	while (*s != '\0') {
		size_t k = strcspn(s, "/");

		if (k == 2 && s[0] == '.' && s[1] == '.')
			return 0;
		s += k;
		if (*s == '/')
			s++;
	}
	return 1;
}

static int
load_execution(struct bench_proto *p, struct or_err *e)
{
	const cJSON *d = p->doc, *sc, *v;
	uint64_t us;
	char num[64];
	size_t k = 0;

	if (str_at(json_at(d, "execution", "command", NULL), "execution.command",
	    &p->command, e) < 0)
		return -1;
	if (p->command == NULL || *p->command == '\0' ||
	    strchr(p->command, '\n') != NULL)
		return bad(e, "execution.command", "must be one non-empty "
		    "line");
	if (str_at(json_at(d, "execution", "cwd", NULL), "execution.cwd", &p->cwd,
	    e) < 0)
		return -1;
	if (p->cwd == NULL)
		p->cwd = ".";
	if (!rel_path_ok(p->cwd))
		return bad(e, "execution.cwd", "must be a relative path "
		    "without '..'");
	snprintf(p->timeout, sizeof(p->timeout), "600");
	if (num_at(json_at(d, "execution", "hardTimeoutSeconds", NULL),
	    "execution.hardTimeoutSeconds", num, sizeof(num), e) < 0)
		return -1;
	if (json_at(d, "execution", "hardTimeoutSeconds", NULL) != NULL) {
		if (parse_duration_us(num, &us) < 0)
			return bad(e, "execution.hardTimeoutSeconds", "is not "
			    "a number of seconds with at most 6 decimals");
		if (us > 0)
			snprintf(p->timeout, sizeof(p->timeout), "%s", num);
	}
	p->stopenv = xcalloc(5, sizeof(*p->stopenv));
	sc = json_at(d, "execution", "stopCondition", NULL);
	if (sc != NULL && !cJSON_IsObject(sc))
		return bad(e, "execution.stopCondition", "is not an object");
	if (sc != NULL) {
		const char *type;

		if (str_at(json_get(sc, "type"), "stopCondition.type", &type,
		    e) < 0)
			return -1;
		if (type != NULL)
			p->stopenv[k++] = xasprintf("OR_STOP_TYPE=%s", type);
		if ((v = json_get(sc, "trainingSecondsBudget")) != NULL) {
			if (num_at(v, "stopCondition.trainingSecondsBudget",
			    num, sizeof(num), e) < 0)
				return -1;
			p->stopenv[k++] = xasprintf(
			    "OR_TRAINING_SECONDS_BUDGET=%s", num);
		}
		if ((v = json_get(sc, "maxSteps")) != NULL) {
			if (u64_at(v, "stopCondition.maxSteps", UINT64_MAX, &us,
			    e) < 0)
				return -1;
			p->stopenv[k++] = xasprintf("OR_MAX_STEPS=%llu",
			    (unsigned long long)us);
		}
		if ((v = json_get(sc, "epochs")) != NULL) {
			if (u64_at(v, "stopCondition.epochs", UINT64_MAX, &us,
			    e) < 0)
				return -1;
			p->stopenv[k++] = xasprintf("OR_EPOCHS=%llu",
			    (unsigned long long)us);
		}
	}
	return 0;
}

static int
load_environment(struct bench_proto *p, struct or_err *e)
{
	const cJSON *d = p->doc, *v, *c, *a;
	const char *s;
	uint64_t u;

	p->setup = json_at(d, "environment", "setupCommands", NULL);
	if (p->setup != NULL && !cJSON_IsArray(p->setup))
		return bad(e, "environment.setupCommands", "is not an array");
	cJSON_ArrayForEach(c, p->setup) {
		if (cJSON_IsString(c))
			continue;
		if (str_at(json_get(c, "kind"), "setupCommands[].kind", &s,
		    e) < 0)
			return -1;
		if (s == NULL || (strcmp(s, "pip") != 0 && strcmp(s, "uv") &&
		    strcmp(s, "npm") && strcmp(s, "pnpm") && strcmp(s, "yarn") &&
		    strcmp(s, "cargo") && strcmp(s, "make") && strcmp(s, "bash") &&
		    strcmp(s, "sh")))
			return bad(e, "environment.setupCommands[].kind", "is "
			    "not pip, uv, npm, pnpm, yarn, cargo, make, bash or "
			    "sh");
		a = json_get(c, "args");
		if (a != NULL && !cJSON_IsArray(a))
			return bad(e, "environment.setupCommands[].args", "is "
			    "not an array");
		cJSON_ArrayForEach(v, a)
			if (str_at(v, "setupCommands[].args[]", &s, e) < 0)
				return -1;
		if ((strcmp(json_strval(json_get(c, "kind"), NULL), "bash") ==
		    0 || strcmp(json_strval(json_get(c, "kind"), NULL), "sh") ==
		    0) && cJSON_GetArraySize(a) < 1)
			return bad(e, "environment.setupCommands[].args", "of "
			    "bash or sh needs the script");
	}
	if (str_at(json_at(d, "environment", "constraints", "networkPolicy"),
	    "environment.constraints.networkPolicy", &s, e) < 0)
		return -1;
	p->network_full = s != NULL && strcmp(s, "full") == 0;
	if ((v = json_at(d, "environment", "sandbox", "cpus")) != NULL) {
		if (cJSON_IsString(v) ? parse_u64(v->valuestring, &u) < 0 :
		    json_value_u64(v, "cpus", 4096, &u, e) < 0)
			return bad(e, "environment.sandbox.cpus", "is not a "
			    "whole number of CPUs");
		if (u < 1 || u > 4096)
			return bad(e, "environment.sandbox.cpus", "is out of "
			    "range");
		p->cpus = (unsigned)u;
	}
	if (str_at(json_at(d, "environment", "sandbox", "memory"),
	    "environment.sandbox.memory", &p->memory, e) < 0)
		return -1;
	if (p->memory != NULL && parse_size(p->memory, &u) < 0)
		return bad(e, "environment.sandbox.memory", "is not a size");
	if (u64_at(json_at(d, "environment", "sandbox", "pids"),
	    "environment.sandbox.pids", 1u << 22, &p->pids, e) < 0)
		return -1;
	return 0;
}

static int
check_extract(const cJSON *x, const char *what, struct or_err *e)
{
	struct or_err e2;
	char *v = NULL;
	size_t m;

	const char *kind = json_strval(json_get(x, "kind"), NULL), *probe = "";

	/* extract_metric checks the spec before it reads anything: on an
	 * empty stream (a one-test report for the counting kinds, whose
	 * field is checked once counts exist) only a spec error or "no
	 * metric" can come back */
	if (kind != NULL && strcmp(kind, "junit") == 0)
		probe = "<testsuite tests=\"1\"/>";
	else if (kind != NULL && strcmp(kind, "pytest_summary") == 0)
		probe = "1 passed in 1s\n";
	if (extract_metric(x, probe, strlen(probe), &v, &m, &e2) == 0) {
		free(v);
		return 0;
	}
	if (strcmp(e2.code, "extract.bad_spec") == 0 ||
	    strcmp(e2.code, "extract.bad_pointer") == 0)
		return or_error(e, "bench.bad_protocol", "%s: %s", what,
		    e2.msg);
	if (strcmp(e2.code, "extract.unsupported") == 0 ||
	    strcmp(e2.code, "regex.bad_pattern") == 0)
		return or_error(e, "bench.extract_unsupported", "%s: %s", what,
		    e2.msg);
	return 0;
}

static int
load_measurement(struct bench_proto *p, struct or_err *e)
{
	const cJSON *d = p->doc, *v, *c;
	const char *s;
	uint64_t u;
	size_t i;

	if (str_at(json_at(d, "measurement", "primaryMetric", "name"),
	    "primaryMetric.name", &p->metric, e) < 0)
		return -1;
	if (str_at(json_at(d, "measurement", "primaryMetric", "direction"),
	    "primaryMetric.direction", &s, e) < 0)
		return -1;
	if (s == NULL || (strcmp(s, "minimize") != 0 &&
	    strcmp(s, "maximize") != 0))
		return bad(e, "measurement.primaryMetric.direction", "must be "
		    "minimize or maximize");
	p->bp.minimize = strcmp(s, "minimize") == 0;
	p->extract = json_at(d, "measurement", "primaryMetric", "extract");
	if (p->extract == NULL)
		return bad(e, "measurement.primaryMetric.extract", "is "
		    "missing");
	if (check_extract(p->extract, "primaryMetric.extract", e) < 0)
		return -1;
	if (bool_at(json_at(d, "measurement", "primaryMetric", "deterministic"),
	    "primaryMetric.deterministic", &p->bp.deterministic, e) < 0)
		return -1;
	p->secondary = json_at(d, "measurement", "secondaryMetrics", NULL);
	if (p->secondary != NULL && !cJSON_IsArray(p->secondary))
		return bad(e, "measurement.secondaryMetrics", "is not an "
		    "array");
	cJSON_ArrayForEach(c, p->secondary) {
		if (str_at(json_get(c, "name"), "secondaryMetrics[].name", &s,
		    e) < 0)
			return -1;
		if (s == NULL)
			return bad(e, "secondaryMetrics[].name", "is missing");
		if (json_get(c, "extract") != NULL && check_extract(
		    json_get(c, "extract"), "secondaryMetrics[].extract", e) < 0)
			return -1;
	}
	p->warmup = 1;
	if (u64_at(json_at(d, "measurement", "sampling", "warmupTrials"),
	    "sampling.warmupTrials", 1000, &u, e) < 0)
		return -1;
	if (json_at(d, "measurement", "sampling", "warmupTrials") != NULL)
		p->warmup = (unsigned)u;
	p->bp.measured = 5;
	if (u64_at(json_at(d, "measurement", "sampling", "measuredTrials"),
	    "sampling.measuredTrials", 100000, &u, e) < 0)
		return -1;
	if (json_at(d, "measurement", "sampling", "measuredTrials") != NULL) {
		if (u < 1)
			return bad(e, "sampling.measuredTrials", "must be at "
			    "least 1");
		p->bp.measured = (unsigned)u;
	}
	if (str_at(json_at(d, "measurement", "sampling", "aggregator"),
	    "sampling.aggregator", &s, e) < 0)
		return -1;
	p->bp.aggregator = s != NULL ? s : "median";
	if (strcmp(p->bp.aggregator, "median") != 0 &&
	    strcmp(p->bp.aggregator, "mean") != 0 &&
	    strcmp(p->bp.aggregator, "min") != 0 &&
	    strcmp(p->bp.aggregator, "max") != 0)
		return bad(e, "measurement.sampling.aggregator", "must be "
		    "median, mean, min or max");
	snprintf(p->rho, sizeof(p->rho), "0.1");
	if (num_at(json_at(d, "measurement", "sampling", "maxRelativeStdDev"),
	    "sampling.maxRelativeStdDev", p->rho, sizeof(p->rho), e) < 0)
		return -1;
	p->bp.rho = p->rho;
	p->bp.bips = 100;
	if (u64_at(json_at(d, "measurement", "minScoreImprovementBips", NULL),
	    "measurement.minScoreImprovementBips", 10000, &u, e) < 0)
		return -1;
	if (json_at(d, "measurement", "minScoreImprovementBips", NULL) != NULL)
		p->bp.bips = (unsigned)u;
	snprintf(p->scale, sizeof(p->scale), "1000000");
	if ((v = json_at(d, "measurement", "metricScale", NULL)) != NULL) {
		char tmp[64];

		s = cJSON_IsString(v) ? v->valuestring : json_is_number(v) ?
		    json_numtext(v, tmp) : "";
		if (s[0] != '1' || strspn(s + 1, "0") != strlen(s + 1) ||
		    strlen(s) > 19)
			return bad(e, "measurement.metricScale", "must be a "
			    "power of ten from 1 to 10^18");
		snprintf(p->scale, sizeof(p->scale), "%s", s);
	}
	p->bp.scale = p->scale;
	if (bool_at(json_at(d, "measurement", "baselinePolicy",
	    "establishOnHardware"), "baselinePolicy.establishOnHardware",
	    &p->bp.establish, e) < 0)
		return -1;
	v = json_at(d, "immutableHarness", "paths", NULL);
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1)
		return bad(e, "immutableHarness.paths", "must be a non-empty "
		    "array of globs");
	p->nharness = (size_t)cJSON_GetArraySize(v);
	p->harness = xcalloc(p->nharness, sizeof(*p->harness));
	i = 0;
	cJSON_ArrayForEach(c, v)
		if (str_at(c, "immutableHarness.paths[]", &p->harness[i++],
		    e) < 0)
			return -1;
	return 0;
}

int
bench_proto_load(const char *path, struct bench_proto *p, struct or_err *e)
{
	struct buf b = { 0 };
	const char *kind;
	struct or_err e2;

	memset(p, 0, sizeof(*p));
	if (read_file(path, 16u << 20, &b, &e2) < 0)
		return or_error(e, "bench.bad_protocol", "%s", e2.msg);
	p->doc = json_parse(b.p, b.len, 1, &e2);
	buf_free(&b);
	if (p->doc == NULL)
		return or_error(e, "bench.bad_protocol", "%s: %s", path,
		    e2.msg);
	p->path = xstrdup(path);
	if (str_at(json_get(p->doc, "schemaKind"), "schemaKind", &kind, e) < 0)
		return -1;
	if (kind == NULL || strcmp(kind, "protocol") != 0)
		return bad(e, "schemaKind", "is not \"protocol\"");
	if (load_execution(p, e) < 0 || load_environment(p, e) < 0 ||
	    load_measurement(p, e) < 0)
		return -1;
	return 0;
}

void
bench_proto_free(struct bench_proto *p)
{
	size_t i;

	for (i = 0; p->stopenv != NULL && p->stopenv[i] != NULL; i++)
		free(p->stopenv[i]);
	free(p->stopenv);
	free(p->harness);
	free(p->path);
	cJSON_Delete(p->doc);
	memset(p, 0, sizeof(*p));
}

int
bench_proto_bips(const char *path, unsigned *bips, struct or_err *e)
{
	struct buf b = { 0 };
	struct or_err e2;
	cJSON *d;
	uint64_t u;
	int rc = 0;

	if (read_file(path, 16u << 20, &b, &e2) < 0)
		return or_error(e, "bench.bad_protocol", "%s", e2.msg);
	d = json_parse(b.p, b.len, 1, &e2);
	buf_free(&b);
	if (d == NULL)
		return or_error(e, "bench.bad_protocol", "%s: %s", path,
		    e2.msg);
	*bips = 100;
	rc = u64_at(json_at(d, "measurement", "minScoreImprovementBips", NULL),
	    "measurement.minScoreImprovementBips", 10000, &u, e);
	if (rc > 0)
		*bips = (unsigned)u;
	cJSON_Delete(d);
	return rc < 0 ? -1 : 0;
}

/* ---- extraction ---- */

static int
one_extract(const cJSON *x, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	struct or_err e2;

	if (extract_metric(x, buf, n, value, matches, &e2) == 0)
		return 0;
	if (strcmp(e2.code, "extract.no_metric") == 0)
		return or_error(e, "bench.no_metric", "%s", e2.msg);
	if (strcmp(e2.code, "extract.bad_metric") == 0 ||
	    strcmp(e2.code, "regex.limit") == 0)
		return or_error(e, "bench.bad_metric", "%s", e2.msg);
	return or_error(e, "bench.extract_unsupported", "%s", e2.msg);
}

int
bench_extract(const struct bench_proto *p, const char *buf, size_t n,
    cJSON *rec, struct or_err *e)
{
	const char *ex;
	size_t len, m;
	char *v, score[DEC_MAX];
	const cJSON *c, *x;
	cJSON *sec = json_object();

	ex = json_strval(json_get(p->extract, "exampleStdout"), &len);
	if (buf == NULL && ex == NULL) {
		cJSON_Delete(sec);
		return or_error(e, "bench.no_metric", "no FILE and no "
		    "primaryMetric.extract.exampleStdout");
	}
	if (one_extract(p->extract, buf != NULL ? buf : ex, buf != NULL ? n :
	    len, &v, &m, e) < 0) {
		cJSON_Delete(sec);
		return -1;
	}
	if (bench_score(v, &p->bp, score, e) < 0) {
		free(v);
		cJSON_Delete(sec);
		return -1;
	}
	json_set_str(rec, "metric", v);
	json_set_int(rec, "matches", (int64_t)m);
	json_set_str(rec, "score", score);
	free(v);
	cJSON_ArrayForEach(c, p->secondary) {
		const char *s2 = buf;
		size_t n2 = n;

		if ((x = json_get(c, "extract")) == NULL)
			continue;
		if (s2 == NULL) {
			s2 = json_strval(json_get(x, "exampleStdout"), &n2);
			if (s2 == NULL) {
				s2 = ex;
				n2 = len;
			}
		}
		if (one_extract(x, s2, n2, &v, &m, &(struct or_err){ 0 }) == 0) {
			json_set_str(sec, json_strval(json_get(c, "name"),
			    NULL), v);
			free(v);
		}
	}
	json_set(rec, "secondary", sec);
	return 0;
}

/* ---- trees ---- */

static int
skip_name(const char *rel, const char *name, const struct bench_proto *p)
{
	if (strcmp(name, ".git") == 0 || strcmp(name, ".autoresearch") == 0)
		return 1;
	return glob_match_any(p->harness, p->nharness, rel);
}

static int
copy_file(int sfd, int dfd, const char *name, mode_t mode, struct or_err *e)
{
	int in, out;
	char b[65536];
	ssize_t r;

	if ((in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return or_error_st(e, 3, "bench.copy", "cannot open %s: %s",
		    name, strerror(errno));
	out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode & 0777);
	if (out < 0) {
		close(in);
		return or_error_st(e, 3, "bench.copy", "cannot create %s: %s",
		    name, strerror(errno));
	}
	while ((r = read_in_full(in, b, sizeof(b))) > 0)
		if (write_in_full(out, b, (size_t)r) < 0) {
			r = -1;
			break;
		}
	if (fchmod(out, mode & 0777) < 0)
		r = -1;
	close(in);
	if (close(out) < 0 || r < 0)
		return or_error_st(e, 3, "bench.copy", "cannot copy %s: %s",
		    name, strerror(errno));
	return 0;
}

static int
copy_dir(int sfd, int dfd, const char *rel, int depth,
    const struct bench_proto *p, uid_t uid, struct or_err *e)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	int s2, d2, rc = 0, fd;
	char *r2, link[PATH_MAX + 1];
	ssize_t ll;

	if (depth > MAX_DEPTH)
		return or_error(e, "bench.copy", "tree deeper than %d",
		    MAX_DEPTH);
	if ((fd = dup(sfd)) < 0 || (d = fdopendir(fd)) == NULL)
		return or_error_st(e, 3, "bench.copy", "cannot read %s: %s",
		    *rel ? rel : ".", strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") ==
		    0)
			continue;
		r2 = *rel ? xasprintf("%s/%s", rel, de->d_name) :
		    xstrdup(de->d_name);
		if (skip_name(r2, de->d_name, p) ||
		    fstatat(sfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			free(r2);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (mkdirat(dfd, de->d_name, 0700) < 0 ||
			    (s2 = openat(sfd, de->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
				rc = or_error_st(e, 3, "bench.copy", "cannot "
				    "copy %s: %s", r2, strerror(errno));
			} else {
				if ((d2 = openat(dfd, de->d_name, O_RDONLY |
				    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
					rc = or_error_st(e, 3, "bench.copy",
					    "cannot open %s: %s", r2,
					    strerror(errno));
				else {
					rc = copy_dir(s2, d2, r2, depth + 1, p,
					    uid, e);
					if (rc == 0 && fchmod(d2, st.st_mode &
					    0777) < 0)
						rc = -1;
					close(d2);
				}
				close(s2);
			}
		} else if (S_ISREG(st.st_mode)) {
			rc = copy_file(sfd, dfd, de->d_name, st.st_mode, e);
		} else if (S_ISLNK(st.st_mode)) {
			ll = readlinkat(sfd, de->d_name, link, PATH_MAX);
			if (ll < 0 || (link[ll] = '\0', symlinkat(link, dfd,
			    de->d_name) < 0))
				rc = or_error_st(e, 3, "bench.copy", "cannot "
				    "copy the link %s: %s", r2,
				    strerror(errno));
		}
		if (rc == 0 && uid == 0 && (S_ISDIR(st.st_mode) ||
		    S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) &&
		    fchownat(dfd, de->d_name, SANDBOX_UID, SANDBOX_UID,
		    AT_SYMLINK_NOFOLLOW) < 0)
			rc = or_error_st(e, 3, "bench.copy", "cannot chown "
			    "%s: %s", r2, strerror(errno));
		free(r2);
	}
	closedir(d);
	return rc;
}

/* Copy src to the new folder dst (leaving out .git, .autoresearch and the
 * harness paths; symlinks as symlinks; no setuid bits). */
static int
copy_tree(const char *src, const char *dst, const struct bench_proto *p,
    struct or_err *e)
{
	int s, d, rc;

	if ((s = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return or_error(e, "bench.bad_path", "cannot open the tree %s: "
		    "%s", src, strerror(errno));
	if (mkdir(dst, 0700) < 0 || (d = open(dst, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0) {
		close(s);
		return or_error_st(e, 3, "bench.copy", "cannot create %s: %s",
		    dst, strerror(errno));
	}
	rc = copy_dir(s, d, "", 0, p, geteuid(), e);
	if (rc == 0 && geteuid() == 0 && fchown(d, SANDBOX_UID,
	    SANDBOX_UID) < 0)
		rc = or_error_st(e, 3, "bench.copy", "cannot chown %s: %s",
		    dst, strerror(errno));
	close(d);
	close(s);
	return rc;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		return rmdir(path) < 0 ? 0 : 0;
	unlink(path);
	return 0;
}

static void
rm_tree(const char *path)
{
	nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* The harness binds: every file of --trusted matching the harness globs. */
struct strv {
	char **v;
	size_t n;
};

static void
strv_add(struct strv *s, char *x)
{
	s->v = xreallocarray(s->v, s->n + 2, sizeof(*s->v));
	s->v[s->n++] = x;
	s->v[s->n] = NULL;
}

static void
strv_free(struct strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* mkdir -p for the parents of rel under root (mode 0755). */
static int
mkparents(const char *root, const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel), *s;
	int rc = 0;

	for (s = p + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	free(p);
	return rc;
}

/* Copy each file of the trusted folder that matches the harness globs to
 * dst (readable by the sandbox's user whoever owns --trusted), and list
 * the binds "DST/REL:REL". */
static int
walk_harness(const char *root, const char *rel, int depth,
    const struct bench_proto *p, const char *dst, struct strv *out,
    struct or_err *e)
{
	char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	char *r2, *full;
	int rc = 0, sfd, dfd;

	if (d == NULL) {
		free(dir);
		return or_error(e, "bench.bad_path", "cannot read the trusted "
		    "folder %s: %s", root, strerror(errno));
	}
	while (rc == 0 && depth < MAX_DEPTH && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") ==
		    0 || strcmp(de->d_name, ".git") == 0)
			continue;
		r2 = *rel ? xasprintf("%s/%s", rel, de->d_name) :
		    xstrdup(de->d_name);
		full = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = walk_harness(root, r2, depth + 1, p, dst,
				    out, e);
			} else if (S_ISREG(st.st_mode) &&
			    glob_match_any(p->harness, p->nharness, r2)) {
				char *t = xasprintf("%s/%s", dst, r2), *dn;

				dn = xstrdup(t);
				*strrchr(dn, '/') = '\0';
				sfd = open(dir, O_RDONLY | O_DIRECTORY |
				    O_CLOEXEC);
				dfd = -1;
				if (sfd < 0 || mkparents(dst, r2) < 0 ||
				    (dfd = open(dn, O_RDONLY | O_DIRECTORY |
				    O_NOFOLLOW | O_CLOEXEC)) < 0)
					rc = or_error_st(e, 3, "bench.copy",
					    "cannot copy the harness file %s: "
					    "%s", r2, strerror(errno));
				else
					rc = copy_file(sfd, dfd, de->d_name,
					    (st.st_mode & 0755) | 0444, e);
				if (sfd >= 0)
					close(sfd);
				if (dfd >= 0)
					close(dfd);
				strv_add(out, xasprintf("%s:%s", t, r2));
				free(dn);
				free(t);
			}
		}
		free(full);
		free(r2);
	}
	closedir(d);
	free(dir);
	return rc;
}

/* ---- one sandboxed run ---- */

struct arm {
	const char *name;	/* "S", "I" or "C" */
	char *src;		/* the measured tree */
	char *copy;		/* its prepared copy */
	char *seed;		/* decimal seed or NULL */
	int setup_failed;
	int tampered, host_error;
	size_t warm, meas;	/* runs so far per phase */
	char **vals;		/* measured values, NULL = failed */
	long *matches;
	size_t nvals;
	int failed;		/* a measured run failed */
	int warm_failed;	/* a warm-up run failed */
	cJSON *secs;		/* each measured run's secondary values */
	cJSON *lastsec;		/* those of the last run */
};

struct ctx {
	struct bench_job *job;
	const struct bench_proto *p;
	char *tmp;		/* private temporary folder */
	char *out;		/* absolute --out */
	struct strv harness;
	char cpus[256];
	int net;
	int overlay;		/* 1 overlay, 0 copy per run */
	char cgroup[16];
	const char *seedvar;
	size_t nrun;
	int runs_fd, runs_err;
	char loadavg[32];	/* 1-minute load average at the start */
};

static void
set_status(struct bench_job *job, int st)
{
	if (st == 5 || (st == 1 && job->status == 0))
		job->status = st;
}

/* Run or-sandbox; *res gets its record. */
static int
sandbox(struct ctx *c, const char *workdir, int overlay, const struct arm *arm,
    const char *logbase, char *const *cmd, char *const *collect,
    cJSON **res, struct or_err *e)
{
	struct strv a = { 0 };
	struct buf out = { 0 };
	struct or_err e2;
	size_t i;
	int status, rc;

	strv_add(&a, xstrdup(c->job->sandbox));
	strv_add(&a, xstrdup("-q"));
	strv_add(&a, xasprintf("--workdir=%s", workdir));
	strv_add(&a, xasprintf("--cwd=%s", c->p->cwd));
	if (overlay)
		strv_add(&a, xstrdup("--overlay=1G"));
	for (i = 0; i < c->harness.n; i++)
		strv_add(&a, xasprintf("--harness=%s", c->harness.v[i]));
	if (arm->seed != NULL) {
		strv_add(&a, xasprintf("--setenv=%s=%s", c->seedvar,
		    arm->seed));
		strv_add(&a, xasprintf("--setenv=OR_TRIAL_SEED=%s",
		    arm->seed));
	}
	for (i = 0; c->p->stopenv[i] != NULL; i++)
		strv_add(&a, xasprintf("--setenv=%s", c->p->stopenv[i]));
	strv_add(&a, xstrdup(c->net ? "--net=host" : "--net=none"));
	strv_add(&a, xasprintf("--timeout=%s", c->p->timeout));
	if (c->p->memory != NULL)
		strv_add(&a, xasprintf("--mem=%s", c->p->memory));
	if (c->p->pids > 0)
		strv_add(&a, xasprintf("--pids=%llu",
		    (unsigned long long)c->p->pids));
	if (c->cpus[0] != '\0')
		strv_add(&a, xasprintf("--cpus=%s", c->cpus));
	strv_add(&a, xasprintf("--stdout=%s.out", logbase));
	strv_add(&a, xasprintf("--stderr=%s.err", logbase));
	for (i = 0; collect != NULL && collect[i] != NULL; i++)
		strv_add(&a, xstrdup(collect[i]));
	strv_add(&a, xstrdup("--"));
	for (i = 0; cmd[i] != NULL; i++)
		strv_add(&a, xstrdup(cmd[i]));
	rc = proc_capture(NULL, a.v, &out, 1u << 20, &status, &e2);
	strv_free(&a);
	*res = NULL;
	if (rc == 0 && (*res = json_parse(out.p, out.len > 0 &&
	    out.p[out.len - 1] == '\n' ? out.len - 1 : out.len, 1,
	    &e2)) == NULL)
		rc = -1;
	buf_free(&out);
	if (rc < 0)
		return or_error_st(e, 3, "bench.host", "or-sandbox gave no "
		    "result (%s): %s", c->job->sandbox, e2.msg);
	return 0;
}

/* The sandbox error code of a result, or NULL. */
static const char *
sandbox_error(const cJSON *res, const char **msg)
{
	const cJSON *err = json_get(res, "error");

	*msg = json_strval(json_get(err, "message"), NULL);
	return json_strval(json_get(err, "code"), NULL);
}

static cJSON *
error_obj(const struct or_err *e)
{
	cJSON *o = json_object();

	json_set_str(o, "code", e->code);
	json_set_str(o, "message", e->msg);
	json_set_str(o, "tool", "or-bench");
	return o;
}

static const char *
cpu_model(char *buf, size_t size)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[512];

	buf[0] = '\0';
	if (f == NULL)
		return buf;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "model name", 10) == 0) {
			char *s = strchr(line, ':');

			if (s != NULL) {
				s += strspn(s + 1, " ") + 1;
				s[strcspn(s, "\n")] = '\0';
				snprintf(buf, size, "%s", s);
			}
			break;
		}
	fclose(f);
	return buf;
}

static cJSON *
host_info(struct ctx *c)
{
	cJSON *h = json_object();
	struct utsname u;
	char buf[512];
	FILE *f;

	if (uname(&u) == 0)
		json_set_str(h, "kernel", u.release);
	json_set_str(h, "cpuModel", cpu_model(buf, sizeof(buf)));
	json_set_int(h, "cpuCount", sysconf(_SC_NPROCESSORS_ONLN));
	if (c->cpus[0] != '\0')
		json_set_str(h, "cpus", c->cpus);
	else
		json_set(h, "cpus", cJSON_CreateNull());
	f = fopen("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
	    "re");
	if (f != NULL && fgets(buf, sizeof(buf), f) != NULL) {
		buf[strcspn(buf, "\n")] = '\0';
		json_set_str(h, "governor", buf);
	} else {
		json_set(h, "governor", cJSON_CreateNull());
	}
	if (f != NULL)
		fclose(f);
	json_set_str(h, "cgroup", c->cgroup[0] ? c->cgroup : "none");
	json_set_str(h, "loadavg", c->loadavg);
	return h;
}

/* The argv of setup command k. */
static void
setup_argv(const cJSON *s, struct strv *v)
{
	const char *kind;
	const cJSON *a;

	if (cJSON_IsString(s)) {
		strv_add(v, xstrdup("bash"));
		strv_add(v, xstrdup("-c"));
		strv_add(v, xstrdup(s->valuestring));
		return;
	}
	kind = json_strval(json_get(s, "kind"), NULL);
	if (strcmp(kind, "pip") == 0) {
		strv_add(v, xstrdup("python3"));
		strv_add(v, xstrdup("-m"));
		strv_add(v, xstrdup("pip"));
	} else {
		strv_add(v, xstrdup(kind));
		if (strcmp(kind, "bash") == 0 || strcmp(kind, "sh") == 0)
			strv_add(v, xstrdup("-c"));
	}
	cJSON_ArrayForEach(a, json_get(s, "args"))
		strv_add(v, xstrdup(a->valuestring));
}

static int run_ok(const cJSON *run);

static void
detail(struct ctx *c, cJSON *rec)
{
	c->job->detail(c->job->arg, rec);
}

/* Setup of one arm: each command once, in bind mode on the copy. */
static int
arm_setup(struct ctx *c, struct arm *a, struct or_err *e)
{
	const cJSON *s;
	int k = 0;

	cJSON_ArrayForEach(s, c->p->setup) {
		struct strv cmd = { 0 };
		cJSON *res, *rec;
		const char *code, *msg;
		char *base = xasprintf("%s/%s-setup-%d", c->out, a->name, ++k);
		const cJSON *run;

		if (c->job->interrupted != NULL && *c->job->interrupted) {
			free(base);
			a->host_error = 1;
			return or_error_st(e, 3, "bench.interrupted",
			    "interrupted by a signal");
		}
		setup_argv(s, &cmd);
		if (sandbox(c, a->copy, 0, a, base, cmd.v, NULL, &res,
		    e) < 0) {
			strv_free(&cmd);
			free(base);
			a->host_error = 1;
			return -1;
		}
		strv_free(&cmd);
		rec = json_object();
		json_set_str(rec, "kind", "setup");
		if (c->job->paired)
			json_set_str(rec, "arm", a->name);
		json_set_int(rec, "i", k);
		run = json_get(res, "run");
		if (run != NULL)
			json_set(rec, "run", json_dup(run));
		{
			char *o = xasprintf("%s.out", base), *r = xasprintf(
			    "%s.err", base);

			json_set_str(rec, "stdout", o);
			json_set_str(rec, "stderr", r);
			free(o);
			free(r);
		}
		free(base);
		code = sandbox_error(res, &msg);
		if (code != NULL || run == NULL || !run_ok(run)) {
			struct or_err fe;

			if (code != NULL && strcmp(code, "sandbox.harness_path")
			    == 0)
				a->tampered = 1;
			else if (code != NULL && strncmp(code, "sandbox.", 8) ==
			    0 && strcmp(code, "sandbox.exec") != 0 &&
			    strcmp(code, "sandbox.cwd") != 0)
				a->host_error = 1;
			or_error(&fe, "bench.setup_failed", "setup command %d "
			    "of tree %s failed: %s", k, a->name, code != NULL ?
			    msg : "non-zero exit or killed");
			json_set(rec, "error", error_obj(&fe));
			set_status(c->job, code != NULL && !a->tampered ? 5 :
			    1);
			detail(c, rec);
			cJSON_Delete(res);
			a->setup_failed = 1;
			return 0;
		}
		detail(c, rec);
		cJSON_Delete(res);
	}
	return 0;
}

/* ---- runs ---- */

static void
write_detail(struct ctx *c, cJSON *rec)
{
	struct buf b = { 0 };

	json_print(&b, rec);
	buf_addc(&b, '\n');
	if (c->runs_fd >= 0 && write_in_full(c->runs_fd, b.p, b.len) < 0)
		c->runs_err = 1;
	buf_free(&b);
	detail(c, rec);
}

static int
run_ok(const cJSON *run)
{
	const cJSON *x = json_get(run, "exit");
	const char *cause = json_strval(json_get(run, "cause"), NULL);

	char tmp[64];

	return cause != NULL && strcmp(cause, "exit") == 0 &&
	    json_is_number(x) && strcmp(json_numtext(x, tmp), "0") == 0;
}

static int
limit_cause(const cJSON *run)
{
	const char *cause = json_strval(json_get(run, "cause"), NULL);

	return cause != NULL && (strcmp(cause, "wall") == 0 ||
	    strcmp(cause, "cpu") == 0 || strcmp(cause, "memory") == 0 ||
	    strcmp(cause, "fsize") == 0);
}

/* The extractor k: 0 the primary, k > 0 the secondary metric k - 1. */
static const cJSON *
extractor(const struct bench_proto *p, int k, const char **name)
{
	const cJSON *s;

	*name = p->metric;
	if (k == 0)
		return p->extract;
	s = cJSON_GetArrayItem(p->secondary, k - 1);
	*name = json_strval(json_get(s, "name"), NULL);
	return json_get(s, "extract");
}

static char *
collect_target(struct ctx *c, const char *arm, const char *phase, size_t i,
    int k)
{
	return xasprintf("%s/%s-%s-%zu.collect%d", c->tmp, arm, phase, i, k);
}

/* Read the bytes an extractor reads after a run. */
static int
source_bytes(const cJSON *x, const char *base,
    const char *collected, struct buf *b, struct or_err *e)
{
	const char *stream, *path;
	char *f;
	int rc;

	if (extract_source(x, &stream, &path, e) < 0)
		return -1;
	if (path != NULL) {
		if (read_file(collected, LOG_MAX + 1, b, e) < 0)
			return or_error(e, "bench.no_metric", "the run left no "
			    "readable %s", path);
		return 0;
	}
	f = xasprintf("%s.%s", base, strcmp(stream, "stderr") == 0 ? "err" :
	    "out");
	rc = read_file(f, LOG_MAX + 1, b, e);
	free(f);
	return rc;
}

/* One warm-up or measured run of arm a.  *val gets the metric (NULL when
 * the run failed) and *m its match count (-1: not searched). */
static int
arm_run(struct ctx *c, struct arm *a, int measured, size_t pair, char **val,
    long *m, struct or_err *e)
{
	const char *phase = measured ? "measured" : "warmup", *code, *msg;
	size_t i = measured ? ++a->meas : ++a->warm, nx;
	char *base = xasprintf("%s/%s-%s-%zu", c->out, a->name, phase, i);
	char *work = NULL, *coll[65];
	struct strv cmd = { 0 }, col = { 0 };
	cJSON *res = NULL, *rec, *sec;
	const cJSON *run, *x;
	struct or_err fe;
	const char *nm, *stream, *path;
	int k, rc = 0, ok = 1;

	*val = NULL;
	*m = -1;
	if (c->job->interrupted != NULL && *c->job->interrupted) {
		free(base);
		a->host_error = 1;
		return or_error_st(e, 3, "bench.interrupted", "interrupted "
		    "by a signal");
	}
	nx = 1 + (size_t)cJSON_GetArraySize(c->p->secondary);
	if (nx > 64)
		nx = 64;
	for (k = 0; k < (int)nx; k++) {
		coll[k] = NULL;
		x = extractor(c->p, k, &nm);
		if (x == NULL || extract_source(x, &stream, &path, &fe) < 0 ||
		    path == NULL)
			continue;
		coll[k] = collect_target(c, a->name, phase, i, k);
		strv_add(&col, xasprintf("--collect=%s%s%s:%s",
		    strcmp(c->p->cwd, ".") == 0 ? "" : c->p->cwd,
		    strcmp(c->p->cwd, ".") == 0 ? "" : "/", path, coll[k]));
	}
	strv_add(&cmd, xstrdup("bash"));
	strv_add(&cmd, xstrdup("-c"));
	strv_add(&cmd, xstrdup(c->p->command));
again:
	if (!c->overlay) {
		work = xasprintf("%s/%s/run-%zu", c->tmp, a->name, ++c->nrun);
		if (copy_tree(a->copy, work, c->p, e) < 0) {
			a->host_error = 1;
			rc = -1;
			goto out;
		}
	}
	rc = sandbox(c, work != NULL ? work : a->copy, c->overlay, a, base,
	    cmd.v, col.v, &res, e);
	if (rc < 0) {
		a->host_error = 1;
		goto out;
	}
	code = sandbox_error(res, &msg);
	if (code != NULL && strcmp(code, "sandbox.overlay") == 0 &&
	    c->overlay) {
		c->overlay = 0;
		cJSON_Delete(res);
		res = NULL;
		goto again;
	}
	run = json_get(res, "run");
	if (run != NULL && c->cgroup[0] == '\0' && json_strval(json_get(run,
	    "cgroup"), NULL) != NULL)
		snprintf(c->cgroup, sizeof(c->cgroup), "%s",
		    json_strval(json_get(run, "cgroup"), NULL));
	rec = json_object();
	json_set_str(rec, "kind", "run");
	if (c->job->paired)
		json_set_str(rec, "arm", a->name);
	json_set_str(rec, "phase", phase);
	json_set_int(rec, "i", (int64_t)i);
	if (pair > 0)
		json_set_int(rec, "pair", (int64_t)pair);
	if (code != NULL) {
		ok = 0;
		if (strcmp(code, "sandbox.harness_path") == 0)
			a->tampered = 1;
		else if (strncmp(code, "sandbox.", 8) != 0 ||
		    (strcmp(code, "sandbox.exec") != 0 &&
		    strcmp(code, "sandbox.cwd") != 0))
			a->host_error = 1;
		or_error(&fe, code, "%s", msg != NULL ? msg : code);
		set_status(c->job, strcmp(code, "sandbox.exec") == 0 ? 1 : 5);
	} else if (run == NULL || !run_ok(run)) {
		ok = 0;
		or_error(&fe, "bench.run_failed", "the run ended with cause "
		    "%s", run != NULL && json_strval(json_get(run, "cause"),
		    NULL) != NULL ? json_strval(json_get(run, "cause"), NULL) :
		    "unknown");
		set_status(c->job, run != NULL && limit_cause(run) ? 5 : 1);
	}
	sec = json_object();
	for (k = 0; ok && k < (int)nx; k++) {
		struct buf b = { 0 };
		size_t mm = 0;
		char *v;

		x = extractor(c->p, k, &nm);
		if (x == NULL)
			continue;
		if (source_bytes(x, base, coll[k], &b, &fe) < 0 ||
		    one_extract(x, b.p, b.len, &v, &mm, &fe) < 0) {
			buf_free(&b);
			if (k == 0) {
				ok = 0;
				if (strcmp(fe.code, "bench.no_metric") != 0 &&
				    strcmp(fe.code, "bench.bad_metric") != 0)
					or_error(&fe, "bench.no_metric", "%s",
					    fe.msg);
				set_status(c->job, 1);
				*m = (long)mm;	/* the run was searched */
			}
			continue;
		}
		buf_free(&b);
		if (k == 0) {
			*val = v;
			*m = (long)mm;
		} else {
			json_set_str(sec, nm, v);
			free(v);
		}
	}
	if (*val != NULL)
		json_set_str(rec, "metric", *val);
	if (*m >= 0)
		json_set_int(rec, "matches", *m);
	cJSON_Delete(a->lastsec);
	a->lastsec = json_dup(sec);
	json_set(rec, "secondary", sec);
	if (run != NULL)
		json_set(rec, "run", json_dup(run));
	json_set_str(rec, "fresh", c->overlay ? "overlay" : "copy");
	{
		char *o = xasprintf("%s.out", base), *r = xasprintf("%s.err",
		    base);

		json_set_str(rec, "stdout", o);
		json_set_str(rec, "stderr", r);
		free(o);
		free(r);
	}
	if (!ok) {
		cJSON *eo = error_obj(&fe);

		if (strcmp(fe.code, "bench.run_failed") == 0 && run != NULL &&
		    json_get(run, "cause") != NULL)
			json_set(eo, "cause", json_dup(json_get(run, "cause")));
		json_set(rec, "error", eo);
	}
	write_detail(c, rec);
out:
	cJSON_Delete(res);
	if (work != NULL) {
		rm_tree(work);
		free(work);
	}
	for (k = 0; k < (int)nx; k++) {
		if (coll[k] != NULL)
			unlink(coll[k]);
		free(coll[k]);
	}
	strv_free(&cmd);
	strv_free(&col);
	free(base);
	return rc;
}

/* ---- measurement ---- */

static void
progress(struct ctx *c, const struct arm *a, size_t i, size_t n)
{
	char msg[256];
	cJSON *s;
	const char *med;

	if (c->job->progress == NULL)
		return;
	s = bench_summary((const char *const *)a->vals, a->nvals, &c->p->bp,
	    &(struct or_err){ 0 });
	med = s != NULL ? json_strval(json_get(s, "median"), NULL) : NULL;
	snprintf(msg, sizeof(msg), "%s%s%s run %zu of %zu%s%s",
	    c->job->paired ? "tree " : "", c->job->paired ? a->name : "",
	    c->job->paired ? ":" : "", i, n, med != NULL ? ", median " : "",
	    med != NULL ? med : "");
	cJSON_Delete(s);
	c->job->progress(c->job->arg, msg);
}

static int
measured_run(struct ctx *c, struct arm *a, size_t pair, size_t total,
    struct or_err *e)
{
	char *v;
	long m;

	if (arm_run(c, a, 1, pair, &v, &m, e) < 0)
		return -1;
	a->vals = xreallocarray(a->vals, a->nvals + 1, sizeof(*a->vals));
	a->matches = xreallocarray(a->matches, a->nvals + 1,
	    sizeof(*a->matches));
	a->vals[a->nvals] = v;
	a->matches[a->nvals++] = m;
	if (a->secs == NULL)
		a->secs = json_array();
	cJSON_AddItemToArray(a->secs, a->lastsec != NULL ? a->lastsec :
	    json_object());
	a->lastsec = NULL;
	if (v == NULL)
		a->failed = 1;
	progress(c, a, a->nvals, total);
	return 0;
}

static int
warmup_run(struct ctx *c, struct arm *a, struct or_err *e)
{
	char *v;
	long m;

	if (arm_run(c, a, 0, 0, &v, &m, e) < 0)
		return -1;
	if (v == NULL)
		a->warm_failed = 1;
	free(v);
	return 0;
}

static void
arm_free(struct arm *a)
{
	size_t i;

	for (i = 0; i < a->nvals; i++)
		free(a->vals[i]);
	free(a->vals);
	free(a->matches);
	cJSON_Delete(a->secs);
	cJSON_Delete(a->lastsec);
	free(a->src);
	free(a->copy);
	free(a->seed);
}

/* Create the missing parent folders of every harness path in the copy,
 * never through a link: a link or a file on the way is left for the
 * sandbox to refuse (sandbox.harness_path). */
static void
harness_parents(struct ctx *c, const char *copy)
{
	size_t i;

	for (i = 0; i < c->harness.n; i++) {
		const char *rel = strrchr(c->harness.v[i], ':') + 1;
		char *r = xstrdup(rel), *s = r, *slash;
		int fd = open(copy, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC), nfd;

		while (fd >= 0 && (slash = strchr(s, '/')) != NULL) {
			*slash = '\0';
			nfd = openat(fd, s, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
			if (nfd < 0 && errno == ENOENT &&
			    mkdirat(fd, s, 0755) == 0) {
				if (geteuid() == 0 && fchownat(fd, s,
				    SANDBOX_UID, SANDBOX_UID,
				    AT_SYMLINK_NOFOLLOW) < 0) {
					close(fd);
					break;
				}
				nfd = openat(fd, s, O_RDONLY | O_DIRECTORY |
				    O_NOFOLLOW | O_CLOEXEC);
			}
			close(fd);
			fd = nfd;
			s = slash + 1;
		}
		if (fd >= 0)
			close(fd);
		free(r);
	}
}

/* Copy the tree and compute its seed. */
static int
arm_prepare(struct ctx *c, struct arm *a, const char *name, const char *tree,
    struct or_err *e)
{
	struct seed_result r;
	char *dir;
	static char seedvar[256];

	a->name = name;
	if ((a->src = realpath(tree, NULL)) == NULL)
		return or_error(e, "bench.bad_path", "cannot resolve the tree "
		    "%s: %s", tree, strerror(errno));
	dir = xasprintf("%s/%s", c->tmp, name);
	/* root's sandbox runs as uid 65534, which must reach the copy (its
	 * own 0700 folder) through these: search permission only */
	if (mkdir(dir, 0700) < 0 || (geteuid() == 0 && chmod(dir, 0711) < 0)) {
		free(dir);
		return or_error_st(e, 3, "bench.host", "cannot create %s: %s",
		    c->tmp, strerror(errno));
	}
	a->copy = xasprintf("%s/tree", dir);
	free(dir);
	if (copy_tree(a->src, a->copy, c->p, e) < 0)
		return -1;
	harness_parents(c, a->copy);
	if (seed_compute(c->p->path, 0, a->src, NULL, NULL, &r, e) < 0)
		return or_error(e, "bench.seed", "trial seed of %s: %s", tree,
		    e->msg);
	if (r.has_seed)
		a->seed = xasprintf("%llu", (unsigned long long)r.seed);
	snprintf(seedvar, sizeof(seedvar), "%s", r.env_var != NULL ?
	    r.env_var : "ARAH_TRIAL_SEED");
	c->seedvar = seedvar;
	seed_result_free(&r);
	return 0;
}

/* Is path (resolved) inside the tree root (resolved)? */
static int
inside(const char *path, const char *root)
{
	size_t n = strlen(root);

	return strncmp(path, root, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/' || strcmp(root, "/") == 0);
}

static int
check_outside(struct ctx *c, const char *tree, struct or_err *e)
{
	char *t = realpath(tree, NULL), *tr;
	int rc = 0;

	if (t == NULL)
		return or_error(e, "bench.bad_path", "cannot resolve the tree "
		    "%s: %s", tree, strerror(errno));
	tr = realpath(c->job->trusted, NULL);
	if (inside(c->out, t) || (tr != NULL && inside(tr, t) &&
	    strcmp(tr, t) != 0) || inside(c->tmp, t))
		rc = or_error(e, "bench.bad_path", "--out, the temporary "
		    "folder and --trusted (unless it is the tree itself) must "
		    "lie outside the measured tree %s", tree);
	free(tr);
	free(t);
	return rc;
}

static void
pick_cpus(struct ctx *c)
{
	cpu_set_t set;
	unsigned k = 0;
	int i;
	size_t len = 0;

	c->cpus[0] = '\0';
	if (c->p->cpus == 0 || sched_getaffinity(0, sizeof(set), &set) < 0)
		return;
	for (i = 0; i < CPU_SETSIZE && k < c->p->cpus; i++) {
		if (!CPU_ISSET(i, &set))
			continue;
		len += (size_t)snprintf(c->cpus + len, sizeof(c->cpus) - len,
		    "%s%d", k > 0 ? "," : "", i);
		if (len >= sizeof(c->cpus) - 8)
			break;
		k++;
	}
}

static int
prepare_out(struct ctx *c, struct or_err *e)
{
	const char *out = c->job->out;
	DIR *d;
	struct dirent *de;
	int n = 0;

	if (mkdir(out, 0755) < 0 && errno != EEXIST)
		return or_error(e, "bench.bad_path", "cannot create --out %s: "
		    "%s", out, strerror(errno));
	if ((d = opendir(out)) == NULL)
		return or_error(e, "bench.bad_path", "cannot open --out %s: %s",
		    out, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") !=
		    0)
			n++;
	closedir(d);
	if (n > 0)
		return or_error(e, "bench.bad_path", "--out %s is not empty",
		    out);
	if ((c->out = realpath(out, NULL)) == NULL)
		return or_error(e, "bench.bad_path", "cannot resolve --out %s: "
		    "%s", out, strerror(errno));
	return 0;
}

static size_t
count_ok(const struct arm *a)
{
	size_t i, k = 0;

	for (i = 0; i < a->nvals; i++)
		k += a->vals[i] != NULL;
	return k;
}

/* Each secondary metric: how many measured runs gave it, and its exact
 * median. */
static cJSON *
secondary_summary(struct ctx *c, const struct arm *a,
    const struct bench_params *bp)
{
	cJSON *out = json_object(), *one, *s;
	const cJSON *m;
	const char *name, **vals;
	size_t i;

	cJSON_ArrayForEach(m, c->p->secondary) {
		name = json_strval(json_get(m, "name"), NULL);
		if (json_get(m, "extract") == NULL || a->nvals == 0)
			continue;
		vals = xcalloc(a->nvals, sizeof(*vals));
		for (i = 0; i < a->nvals; i++)
			vals[i] = json_strval(json_get(cJSON_GetArrayItem(
			    a->secs, (int)i), name), NULL);
		s = bench_summary(vals, a->nvals, bp, &(struct or_err){ 0 });
		free(vals);
		if (s == NULL)
			continue;
		one = json_object();
		json_set(one, "n", json_dup(json_get(s, "n")));
		json_set(one, "median", json_get(s, "median") != NULL ?
		    json_dup(json_get(s, "median")) : cJSON_CreateNull());
		json_set(out, name, one);
		cJSON_Delete(s);
	}
	return out;
}

static cJSON *
arm_summary(struct ctx *c, struct arm *a, const struct bench_params *bp,
    struct or_err *e)
{
	cJSON *s = bench_summary((const char *const *)a->vals, a->nvals, bp,
	    e), *m;
	size_t i;

	if (s == NULL)
		return NULL;
	m = json_array();
	for (i = 0; i < a->nvals; i++)
		cJSON_AddItemToArray(m, a->matches[i] >= 0 ?
		    json_new_int(a->matches[i]) : cJSON_CreateNull());
	json_set(s, "matches", m);
	json_set(s, "secondary", secondary_summary(c, a, bp));
	json_set(s, "host", host_info(c));
	return s;
}

static int
measure_single(struct ctx *c, cJSON *rec, struct or_err *e)
{
	struct arm s = { 0 }, *a = &s;
	struct bench_params bp = c->p->bp;
	size_t i, warm, runs;
	cJSON *sum;
	int rc = -1;

	warm = c->job->warmup >= 0 ? (size_t)c->job->warmup : c->p->warmup;
	runs = c->job->runs >= 0 ? (size_t)c->job->runs : c->p->bp.measured;
	if (c->job->baseline && runs < 3)
		runs = 3;
	bp.measured = (unsigned)runs;
	if (check_outside(c, c->job->tree, e) < 0 ||
	    arm_prepare(c, a, "S", c->job->tree, e) < 0)
		goto out;
	if (arm_setup(c, a, e) < 0)
		goto out;
	if (a->setup_failed) {
		or_error(e, "bench.setup_failed", "a setup command failed");
		goto out;
	}
	for (i = 0; i < warm && !a->host_error && !a->tampered; i++)
		if (warmup_run(c, a, e) < 0)
			goto out;
	for (i = 0; i < runs && !a->host_error && !a->tampered; i++)
		if (measured_run(c, a, 0, runs, e) < 0)
			goto out;
	if ((sum = arm_summary(c, a, &bp, e)) == NULL)
		goto out;
	if (a->failed) {
		struct or_err fe;

		or_error(&fe, "bench.incomplete", "%zu of %zu measured runs "
		    "failed", a->nvals -
		    count_ok(a), runs);
		json_set(sum, "error", error_obj(&fe));
		set_status(c->job, 1);
	}
	json_set(rec, "summary", sum);
	rc = 0;
out:
	arm_free(a);
	return rc;
}

static int
measure_paired(struct ctx *c, cJSON *rec, struct or_err *e)
{
	struct arm I = { 0 }, C = { 0 }, *first, *second;
	struct bench_params bp = c->p->bp;
	struct paired_in in;
	size_t i, warm, n0, k;
	cJSON *paired = NULL;
	int extend = 1, rc = -1, stop = 0;

	warm = c->job->warmup >= 0 ? (size_t)c->job->warmup : c->p->warmup;
	if (c->job->runs >= 0)
		bp.measured = (unsigned)c->job->runs;
	n0 = paired_batch(&bp);
	if (check_outside(c, c->job->incumbent, e) < 0 ||
	    check_outside(c, c->job->candidate, e) < 0 ||
	    arm_prepare(c, &I, "I", c->job->incumbent, e) < 0 ||
	    arm_prepare(c, &C, "C", c->job->candidate, e) < 0)
		goto out;
	memset(&in, 0, sizeof(in));
	in.p = &bp;
	in.incumbent_score = c->job->incumbent_score;
	if (arm_setup(c, &I, e) < 0 || arm_setup(c, &C, e) < 0)
		stop = 1;
	if (I.setup_failed || C.setup_failed)
		stop = 1;
	/* a failed warm-up run is a failed run of its tree (section 8) */
	for (i = 0; !stop && i < warm; i++)
		if (warmup_run(c, &I, e) < 0 || warmup_run(c, &C, e) < 0 ||
		    I.warm_failed || C.warm_failed || I.tampered ||
		    C.tampered)
			stop = 1;
	for (k = 1; !stop && extend; k++) {
		first = k % 2 == 1 ? &I : &C;
		second = k % 2 == 1 ? &C : &I;
		if (measured_run(c, first, k, 4 * n0, e) < 0 ||
		    measured_run(c, second, k, 4 * n0, e) < 0 ||
		    first->tampered || second->tampered ||
		    first->host_error || second->host_error) {
			stop = 1;
			break;
		}
		if (I.failed || C.failed)
			stop = 1;
		if (stop || k % n0 == 0) {
			in.pairs = k;
			in.inc = (const char *const *)I.vals;
			in.cand = (const char *const *)C.vals;
			in.inc_matches = I.matches;
			in.cand_matches = C.matches;
			cJSON_Delete(paired);
			if (paired_eval(&in, &paired, &extend, e) < 0)
				goto out;
		}
	}
	if (stop) {
		in.pairs = I.nvals < C.nvals ? I.nvals : C.nvals;
		in.inc = (const char *const *)I.vals;
		in.cand = (const char *const *)C.vals;
		in.inc_matches = I.matches;
		in.cand_matches = C.matches;
		in.tampered = C.tampered;
		in.verifier_error = I.host_error || C.host_error;
		in.inc_failed = I.setup_failed || I.tampered || I.failed ||
		    I.warm_failed;
		in.cand_failed = C.setup_failed || C.failed || C.warm_failed;
		cJSON_Delete(paired);
		if (paired_eval(&in, &paired, &extend, e) < 0)
			goto out;
	}
	json_set(paired, "incumbent", arm_summary(c, &I, &bp, e));
	json_set(paired, "candidate", arm_summary(c, &C, &bp, e));
	json_set(rec, "paired", paired);
	paired = NULL;
	rc = 0;
out:
	cJSON_Delete(paired);
	arm_free(&I);
	arm_free(&C);
	return rc;
}

static int
write_final(struct ctx *c, const cJSON *rec, const char *name,
    struct or_err *e)
{
	struct buf b = { 0 };
	char *path = xasprintf("%s/%s", c->out, name);
	int rc;

	json_print(&b, rec);
	buf_addc(&b, '\n');
	rc = write_file_atomic(path, b.p, b.len, 0644, e);
	buf_free(&b);
	free(path);
	return rc;
}

/* Run as root, the sandbox's user (uid 65534) must be able to enter every
 * folder above the private copies. */
static int
searchable(const char *dir, struct or_err *e)
{
	char *p = xstrdup(dir), *s;
	struct stat st;
	int rc = 0;

	while ((s = strrchr(p, '/')) != NULL && rc == 0) {
		*s = '\0';
		if (stat(*p ? p : "/", &st) == 0 && !(st.st_mode & S_IXOTH))
			rc = or_error(e, "bench.bad_path", "the temporary "
			    "folder lies in %s, which the sandbox's user (uid "
			    "%d) cannot enter: set TMPDIR to a folder every "
			    "user can enter", *p ? p : "/", SANDBOX_UID);
	}
	free(p);
	return rc;
}

int
bench_measure(struct bench_job *job, cJSON *rec, struct or_err *e)
{
	struct ctx c;
	char *tmpl, *runs;
	const char *td = getenv("TMPDIR");
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.job = job;
	c.p = job->proto;
	c.runs_fd = -1;
	c.overlay = 1;
	c.seedvar = "ARAH_TRIAL_SEED";
	{
		FILE *f = fopen("/proc/loadavg", "re");

		if (f == NULL || fgets(c.loadavg, sizeof(c.loadavg), f) ==
		    NULL)
			c.loadavg[0] = '\0';
		c.loadavg[strcspn(c.loadavg, " ")] = '\0';
		if (f != NULL)
			fclose(f);
	}
	if (c.p->network_full && !job->allow_network)
		return or_error(e, "bench.network_refused", "the protocol asks "
		    "for the network (networkPolicy full): opt in with "
		    "--allow-network or OR_ALLOW_NETWORK=1");
	c.net = c.p->network_full;
	if (job->paired && (job->incumbent_score == NULL ||
	    dec_int256_check(job->incumbent_score, e) < 0))
		return or_error(e, "bench.no_incumbent_score", "the incumbent "
		    "score is missing or not an integer");
	if (prepare_out(&c, e) < 0)
		return -1;
	tmpl = xasprintf("%s/or-bench.XXXXXX", td != NULL && *td == '/' ? td :
	    "/tmp");
	if ((c.tmp = mkdtemp(tmpl)) == NULL) {
		free(tmpl);
		free(c.out);
		return or_error_st(e, 3, "bench.host", "cannot create a "
		    "temporary folder: %s", strerror(errno));
	}
	if (geteuid() == 0 && chmod(c.tmp, 0711) < 0) {
		or_error_st(e, 3, "bench.host", "cannot chmod %s: %s", c.tmp,
		    strerror(errno));
		goto out;
	}
	if (geteuid() == 0 && searchable(c.tmp, e) < 0)
		goto out;
	runs = xasprintf("%s/runs.jsonl", c.out);
	c.runs_fd = open(runs, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	free(runs);
	if (c.runs_fd < 0) {
		or_error_st(e, 3, "bench.host", "cannot create runs.jsonl: %s",
		    strerror(errno));
		goto out;
	}
	{
		char *h = xasprintf("%s/harness", c.tmp);
		int hr = mkdir(h, 0755);

		if (hr < 0 || walk_harness(job->trusted, "", 0, c.p, h,
		    &c.harness, e) < 0) {
			if (hr < 0)
				or_error_st(e, 3, "bench.host", "cannot create "
				    "%s: %s", h, strerror(errno));
			free(h);
			goto out;
		}
		free(h);
	}
	pick_cpus(&c);
	rc = job->paired ? measure_paired(&c, rec, e) :
	    measure_single(&c, rec, e);
	if (rc < 0) {
		cJSON *copy = json_dup(rec);

		json_set(copy, "error", error_obj(e));
		write_final(&c, copy, job->paired ? "paired.json" :
		    "summary.json", &(struct or_err){ 0 });
		cJSON_Delete(copy);
	} else if (write_final(&c, rec, job->paired ? "paired.json" :
	    "summary.json", e) < 0) {
		rc = -1;
	}
	if (c.runs_err && rc == 0)
		rc = or_error_st(e, 3, "bench.host", "cannot write "
		    "runs.jsonl");
out:
	if (c.runs_fd >= 0)
		close(c.runs_fd);
	strv_free(&c.harness);
	rm_tree(c.tmp);
	free(c.tmp);
	free(c.out);
	return rc;
}
