/* protocheck: the rules of protocol.md 6 over a parsed protocol or draft. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "protoschema.h"
#include "decimal.h"
#include "extract.h"
#include "glob.h"
#include "regex.h"
#include "tree.h"
#include "banned.h"

struct ck {
	struct protocol_check *c;
	const cJSON *doc;
	int v10;
};

static void __attribute__((format(printf, 5, 6)))
prob(struct ck *k, int warning, const char *field, const char *code,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (warning)
		k->c->warnings++;
	else
		k->c->errors++;
	if (k->c->report != NULL)
		k->c->report(k->c->arg, warning, field, code, msg);
}

/* parent + "/" + escaped key, malloc'd */
static char *
child(const char *parent, const char *key)
{
	struct buf b = { 0 };

	buf_add(&b, parent, strlen(parent));
	buf_addc(&b, '/');
	for (; *key != '\0'; key++) {
		if (*key == '~')
			buf_add(&b, "~0", 2);
		else if (*key == '/')
			buf_add(&b, "~1", 2);
		else
			buf_addc(&b, *key);
	}
	return b.p;
}

static char *
childi(const char *parent, size_t i)
{
	return xasprintf("%s/%zu", parent, i);
}

/* A short description of what was found. */
static const char *
found(const cJSON *v, char out[80])
{
	char *t;

	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsArray(v))
		return "an array";
	t = json_print_new(v);
	if (strlen(t) > 60)
		snprintf(out, 80, "%.56s...", t);
	else
		snprintf(out, 80, "%s", t);
	free(t);
	return out;
}

static void
list_vals(const char *const *v, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (; *v != NULL && len < n; v++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		    len ? ", " : "", *v);
}

static int
in_vals(const char *const *v, const char *s)
{
	for (; *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

/* Relative path rules of protocol.md 2.  Returns a reason or NULL. */
static const char *
bad_path(const char *s, size_t n, int glob)
{
	const char *seg, *end = s + n, *q;

	if (n == 0)
		return "it is empty";
	if (memchr(s, '\0', n) != NULL)
		return "it holds a NUL character";
	if (s[0] == '/')
		return "it is absolute";
	if (n >= 2 && s[0] == '.' && s[1] == '/')
		return "it starts with './'";
	if (!glob && n == 1 && s[0] == '.')
		return NULL;
	for (seg = s; seg <= end; seg = q + 1) {
		if ((q = memchr(seg, '/', (size_t)(end - seg))) == NULL)
			q = end;
		if (q - seg == 2 && seg[0] == '.' && seg[1] == '.')
			return "it has a '..' segment";
		if (q == seg && q != end)
			return "it has an empty segment";
		if (q - seg == 1 && seg[0] == '.')
			return "it has a '.' segment";
	}
	return NULL;
}

/* Extra glob syntax: classes closed, no trailing lone backslash. */
static const char *
bad_glob(const char *s, size_t n)
{
	const char *r = bad_path(s, n, 1);
	size_t i, j;

	if (r != NULL)
		return r;
	for (i = 0; i < n; i++) {
		if (s[i] == '\\') {
			if (i + 1 == n)
				return "it ends in a lone '\\'";
			i++;
		} else if (s[i] == '[') {
			j = i + 1;
			if (j < n && (s[j] == '!' || s[j] == '^'))
				j++;
			if (j < n && s[j] == ']')
				j++;
			while (j < n && s[j] != ']' && s[j] != '/')
				j++;
			if (j >= n || s[j] != ']')
				return "a '[' class is not closed";
			i = j;
		}
	}
	return NULL;
}

static void walk_obj(struct ck *k, const cJSON *o, const struct ps_field *sch,
    int open, const char *ptr);

static void
check_setup(struct ck *k, const cJSON *v, const char *ptr)
{
	static const char *const kinds[] = { "pip", "uv", "npm", "pnpm",
		"yarn", "cargo", "make", "bash", "sh", NULL };
	const cJSON *c, *a, *kind;
	char *p, *q, f[80], vals[200];
	const char *ks;
	size_t i = 0, j, n;

	if (!cJSON_IsArray(v)) {
		prob(k, 0, ptr, "protocol.type", "expected an array of setup "
		    "commands, found %s", found(v, f));
		return;
	}
	for (c = v->child; c != NULL; c = c->next, i++) {
		p = childi(ptr, i);
		if (cJSON_IsString(c)) {
			json_strval(c, &n);
			if (memchr(c->valuestring, '\0', n) != NULL)
				prob(k, 0, p, "protocol.bad_value", "expected "
				    "a command, found a string holding a NUL "
				    "character");
			else if (*c->valuestring == '\0')
				prob(k, 0, p, "protocol.empty", "expected a "
				    "command, found an empty string");
		} else if (!cJSON_IsObject(c)) {
			prob(k, 0, p, "protocol.type", "expected a string or "
			    "{kind, args}, found %s", found(c, f));
		} else {
			if (k->v10)
				prob(k, 0, p, "protocol.version", "object-form "
				    "setupCommands need protocolVersion 1.1");
			for (a = c->child; a != NULL; a = a->next)
				if (strcmp(a->string, "kind") != 0 &&
				    strcmp(a->string, "args") != 0) {
					q = child(p, a->string);
					prob(k, 0, q, "protocol.unknown_key",
					    "unknown key '%s' (expected kind "
					    "and args)", a->string);
					free(q);
				}
			kind = json_get(c, "kind");
			ks = json_strval(kind, NULL);
			q = child(p, "kind");
			list_vals(kinds, vals, sizeof(vals));
			if (kind == NULL)
				prob(k, 0, q, "protocol.missing", "required "
				    "field 'kind' is missing");
			else if (ks == NULL || !in_vals(kinds, ks))
				prob(k, 0, q, "protocol.enum", "expected one "
				    "of %s; found %s", vals, found(kind, f));
			free(q);
			a = json_get(c, "args");
			q = child(p, "args");
			if (a == NULL) {
				prob(k, 0, q, "protocol.missing", "required "
				    "field 'args' is missing");
			} else if (!cJSON_IsArray(a)) {
				prob(k, 0, q, "protocol.type", "expected an "
				    "array of strings, found %s", found(a, f));
			} else {
				const cJSON *x;

				for (j = 0, x = a->child; x != NULL;
				    x = x->next, j++)
					if (!cJSON_IsString(x)) {
						char *r = childi(q, j);

						prob(k, 0, r, "protocol.type",
						    "expected a string, found "
						    "%s", found(x, f));
						free(r);
					}
				if (ks != NULL && (strcmp(ks, "bash") == 0 ||
				    strcmp(ks, "sh") == 0) && j == 0)
					prob(k, 0, q, "protocol.empty", "expected "
					    "the script as args[0], found no "
					    "args");
			}
			free(q);
		}
		free(p);
	}
}

static void
walk_field(struct ck *k, const cJSON *v, const struct ps_field *f,
    const char *ptr)
{
	char fb[80], vals[400], tmp[64], *p, *norm;
	const char *s, *why;
	const cJSON *c;
	size_t n, i;
	uint64_t u;
	struct or_err de;

	if (k->v10 && (f->flags & F_V11))
		prob(k, 0, ptr, "protocol.version", "'%s' needs "
		    "protocolVersion 1.1, found 1.0", f->name);
	switch (f->type) {
	case T_STR:
		if ((s = json_strval(v, &n)) == NULL) {
			prob(k, 0, ptr, "protocol.type", "expected a string, "
			    "found %s", found(v, fb));
			return;
		}
		if (memchr(s, '\0', n) != NULL) {
			prob(k, 0, ptr, "protocol.bad_value", "expected text, "
			    "found a string holding a NUL character");
			return;
		}
		if (f->vals != NULL && !in_vals(f->vals, s)) {
			list_vals(f->vals, vals, sizeof(vals));
			prob(k, 0, ptr, "protocol.enum", "expected one of %s; "
			    "found %s", vals, found(v, fb));
		}
		if ((f->flags & F_NONEMPTY) && strspn(s, " \t\r\n") == n)
			prob(k, 0, ptr, "protocol.empty", "expected a non-empty "
			    "string, found %s", found(v, fb));
		else if ((f->flags & F_PATH) && (why = bad_path(s, n, 0)) !=
		    NULL)
			prob(k, 0, ptr, "protocol.bad_path", "expected a "
			    "relative path, found %s: %s", found(v, fb), why);
		return;
	case T_BOOL:
		if (!cJSON_IsBool(v))
			prob(k, 0, ptr, "protocol.type", "expected true or "
			    "false, found %s", found(v, fb));
		return;
	case T_INT:
		if (!json_is_number(v)) {
			prob(k, 0, ptr, "protocol.type", "expected an integer, "
			    "found %s", found(v, fb));
			return;
		}
		s = json_numtext(v, tmp);
		if (!ps_digits(s, strlen(s))) {
			prob(k, 0, ptr, *s == '-' && ps_digits(s + 1,
			    strlen(s) - 1) ? "protocol.range" : "protocol.type",
			    "expected an integer of at least %lld, found %s",
			    f->min, s);
			return;
		}
		if (parse_u64(s, &u) < 0 || u < (uint64_t)f->min ||
		    (f->max >= 0 && u > (uint64_t)f->max)) {
			if (f->max >= 0)
				prob(k, 0, ptr, "protocol.range", "expected an "
				    "integer from %lld to %lld, found %s",
				    f->min, f->max, s);
			else
				prob(k, 0, ptr, "protocol.range", "expected an "
				    "integer of at least %lld, found %s",
				    f->min, s);
		}
		return;
	case T_NUM:
		if (!json_is_number(v)) {
			prob(k, 0, ptr, "protocol.type", "expected a number, "
			    "found %s", found(v, fb));
			return;
		}
		s = json_numtext(v, tmp);
		if ((norm = dec_normalize(s, strlen(s), &de)) == NULL ||
		    strlen(norm) > 256) {
			free(norm);
			prob(k, 0, ptr, "protocol.bad_number", "expected a "
			    "decimal number of at most 256 digits, found %.40s",
			    s);
			return;
		}
		if (protocol_deccmp(norm, f->min ? "1" : "0") < 0)
			prob(k, 0, ptr, "protocol.range", "expected a number "
			    "of at least %lld, found %s", f->min, s);
		free(norm);
		return;
	case T_SINT:
	case T_CPUS:
		if (json_is_number(v))
			s = json_numtext(v, tmp), n = strlen(s);
		else if ((s = json_strval(v, &n)) == NULL)
			s = "";
		if (!ps_digits(s, n)) {
			prob(k, 0, ptr, f->type == T_CPUS ? "protocol.bad_value" :
			    "protocol.type", "expected %s, found %s",
			    f->type == T_CPUS ? "a decimal integer of at least 1 "
			    "as a string (\"2\")" : "an integer or a decimal "
			    "string", found(v, fb));
			return;
		}
		if (f->type == T_CPUS && strspn(s, "0") == n)
			prob(k, 0, ptr, "protocol.range", "expected at least "
			    "1 CPU, found %s", found(v, fb));
		return;
	case T_OBJ:
		if (!cJSON_IsObject(v)) {
			prob(k, 0, ptr, "protocol.type", "expected an object, "
			    "found %s", found(v, fb));
			return;
		}
		walk_obj(k, v, f->sub, (f->flags & F_OPEN) != 0, ptr);
		return;
	case T_OBJS:
	case T_STRS:
	case T_GLOBS:
		if (!cJSON_IsArray(v)) {
			prob(k, 0, ptr, "protocol.type", "expected an array, "
			    "found %s", found(v, fb));
			return;
		}
		if ((f->flags & F_NONEMPTY) && v->child == NULL)
			prob(k, 0, ptr, "protocol.empty", "expected at least "
			    "one item, found []");
		for (i = 0, c = v->child; c != NULL; c = c->next, i++) {
			p = childi(ptr, i);
			if (f->type == T_OBJS) {
				if (!cJSON_IsObject(c))
					prob(k, 0, p, "protocol.type", "expected "
					    "an object, found %s", found(c, fb));
				else
					walk_obj(k, c, f->sub, 0, p);
			} else if ((s = json_strval(c, &n)) == NULL) {
				prob(k, 0, p, "protocol.type", "expected a "
				    "string, found %s", found(c, fb));
			} else if (memchr(s, '\0', n) != NULL) {
				prob(k, 0, p, "protocol.bad_value", "expected "
				    "text, found a string holding a NUL "
				    "character");
			} else if (f->type == T_GLOBS &&
			    (why = bad_glob(s, n)) != NULL) {
				prob(k, 0, p, "protocol.bad_glob", "expected a "
				    "path glob, found %s: %s", found(c, fb),
				    why);
			} else if (f->vals != NULL && !in_vals(f->vals, s)) {
				list_vals(f->vals, vals, sizeof(vals));
				prob(k, 0, p, "protocol.enum", "expected one of "
				    "%s; found %s", vals, found(c, fb));
			}
			free(p);
		}
		return;
	case T_SETUP:
		check_setup(k, v, ptr);
		return;
	}
}

static void
walk_obj(struct ck *k, const cJSON *o, const struct ps_field *sch, int open,
    const char *ptr)
{
	const cJSON *c;
	const struct ps_field *f;
	char *p;

	for (c = o->child; c != NULL; c = c->next) {
		if (ps_lookup(sch, c->string) != NULL || open)
			continue;
		p = child(ptr, c->string);
		prob(k, 0, p, "protocol.unknown_key", "unknown key '%s'",
		    c->string);
		free(p);
	}
	for (f = sch; f != NULL && f->name != NULL; f++) {
		p = child(ptr, f->name);
		if ((c = json_get(o, f->name)) != NULL)
			walk_field(k, c, f, p);
		else if (f->flags & F_REQ)
			prob(k, 0, p, "protocol.missing", "required field "
			    "'%s' is missing", f->name);
		free(p);
	}
}

/* ---- rules beyond the shape ---- */

static const cJSON *
at(const cJSON *doc, const char *ptr)
{
	return jptr_get(doc, ptr, strlen(ptr));
}

static const char *
str_at(const cJSON *doc, const char *ptr)
{
	return json_strval(at(doc, ptr), NULL);
}

static void
check_time(struct ck *k, const char *ptr)
{
	const char *s = str_at(k->doc, ptr);
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; shape[i] != '\0'; i++)
		if (s[i] == '\0' || (shape[i] == 'd' ? (s[i] < '0' ||
		    s[i] > '9') : s[i] != shape[i]))
			break;
	if (shape[i] != '\0' || s[i] != '\0')
		prob(k, 0, ptr, "protocol.bad_value", "expected an ISO-8601 "
		    "UTC time YYYY-MM-DDTHH:MM:SSZ, found \"%.40s\"", s);
}

static void
check_env(struct ck *k)
{
	const char *s, *colon;
	const cJSON *a, *c;
	uint64_t u;
	size_t i;
	char *p;

	s = str_at(k->doc, "/meta/repo/cloneUrl");
	if (s != NULL && strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "ssh://", 6) != 0 && strncmp(s, "git@", 4) != 0)
		prob(k, 0, "/meta/repo/cloneUrl", "protocol.bad_value",
		    "expected an https://, ssh:// or git@ URL, found \"%.60s\"",
		    s);
	check_time(k, "/meta/createdAt");
	check_time(k, "/meta/updatedAt");
	s = str_at(k->doc, "/environment/sandbox/memory");
	if (s != NULL && (parse_size(s, &u) < 0 || u == 0))
		prob(k, 0, "/environment/sandbox/memory", "protocol.bad_value",
		    "expected bytes with an optional K, M, G or T suffix "
		    "(\"512m\"), found \"%.40s\"", s);
	a = at(k->doc, "/environment/constraints/networkAllowlist");
	if (a != NULL && cJSON_IsArray(a))
		for (i = 0, c = a->child; c != NULL; c = c->next, i++) {
			if ((s = json_strval(c, NULL)) == NULL)
				continue;
			colon = strrchr(s, ':');
			if (*s == '\0' || s[strcspn(s, " \t/@")] != '\0' ||
			    colon == s || (colon != NULL && (parse_u64(colon + 1,
			    &u) < 0 || u < 1 || u > 65535))) {
				p = childi("/environment/constraints/"
				    "networkAllowlist", i);
				prob(k, 0, p, "protocol.bad_value", "expected "
				    "host or host:port, found \"%.60s\"", s);
				free(p);
			}
		}
	s = str_at(k->doc, "/environment/constraints/networkPolicy");
	if (s != NULL && strcmp(s, "full") == 0)
		prob(k, 1, "/environment/constraints/networkPolicy",
		    "protocol.network_full", "a full-network protocol cannot "
		    "be verified with confidence: runs depend on the network");
}

static void
check_exec(struct ck *k)
{
	const char *s, *type;
	const cJSON *v, *sd, *b;
	char tmp[64], tmp2[64], *hn = NULL, *bn = NULL;
	struct or_err de;
	uint64_t seed = 0, bits = 64;
	const char *ms;

	s = str_at(k->doc, "/execution/command");
	if (s != NULL && s[strcspn(s, "\r\n")] != '\0')
		prob(k, 0, "/execution/command", "protocol.bad_value",
		    "expected one line, found a command with a line break");
	type = str_at(k->doc, "/execution/stopCondition/type");
	if (type != NULL && strcmp(type, "wall_clock") == 0) {
		b = at(k->doc, "/execution/stopCondition/trainingSecondsBudget");
		v = at(k->doc, "/execution/hardTimeoutSeconds");
		if (b == NULL)
			prob(k, 0, "/execution/stopCondition/"
			    "trainingSecondsBudget", "protocol.stop_condition",
			    "stop condition wall_clock needs "
			    "trainingSecondsBudget");
		else if (json_is_number(b) && json_is_number(v)) {
			const char *bt = json_numtext(b, tmp),
			    *ht = json_numtext(v, tmp2);

			bn = dec_normalize(bt, strlen(bt), &de);
			hn = dec_normalize(ht, strlen(ht), &de);
			if (bn != NULL && hn != NULL &&
			    protocol_deccmp(hn, bn) <= 0)
				prob(k, 0, "/execution/hardTimeoutSeconds",
				    "protocol.stop_condition", "expected more "
				    "than trainingSecondsBudget (%s), found %s",
				    bn, hn);
			free(bn);
			free(hn);
		}
	}
	if (type != NULL && strcmp(type, "max_steps") == 0 &&
	    at(k->doc, "/execution/stopCondition/maxSteps") == NULL)
		prob(k, 0, "/execution/stopCondition/maxSteps",
		    "protocol.stop_condition", "stop condition max_steps needs "
		    "maxSteps");
	if (type != NULL && strcmp(type, "epochs") == 0 &&
	    at(k->doc, "/execution/stopCondition/epochs") == NULL)
		prob(k, 0, "/execution/stopCondition/epochs",
		    "protocol.stop_condition", "stop condition epochs needs "
		    "epochs");
	sd = at(k->doc, "/execution/determinism/seedDerivation");
	ms = str_at(k->doc, "/execution/determinism/seedDerivation/mode");
	s = str_at(k->doc, "/execution/determinism/seedPolicy");
	if (s != NULL && strcmp(s, "required") == 0 && (sd == NULL ||
	    (ms != NULL && strcmp(ms, "none") == 0)))
		prob(k, 0, sd == NULL ? "/execution/determinism/seedPolicy" :
		    "/execution/determinism/seedDerivation/mode",
		    "protocol.seed", "seedPolicy required needs a seed: "
		    "expected seedDerivation.mode fixed or fiat_shamir, found "
		    "%s", sd == NULL ? "no seedDerivation" : "none");
	if (sd == NULL || !cJSON_IsObject(sd))
		return;
	v = json_get(sd, "seedBits");
	if (v != NULL && json_is_number(v) && (parse_u64(json_numtext(v, tmp),
	    &bits) < 0 || (bits != 32 && bits != 64))) {
		prob(k, 0, "/execution/determinism/seedDerivation/seedBits",
		    "protocol.enum", "expected 32 or 64, found %s",
		    json_numtext(v, tmp));
		bits = 64;
	}
	v = json_get(sd, "fixedSeed");
	if (v != NULL) {
		s = json_is_number(v) ? json_numtext(v, tmp) :
		    json_strval(v, NULL);
		if (s != NULL && ps_digits(s, strlen(s)) &&
		    (parse_u64(s, &seed) < 0 || (bits == 32 &&
		    seed > UINT32_MAX)))
			prob(k, 0, "/execution/determinism/seedDerivation/"
			    "fixedSeed", "protocol.seed", "expected a seed "
			    "below 2^%u, found %.40s", (unsigned)bits, s);
	}
}

static void
check_extract(struct ck *k, const cJSON *x, const char *ptr, int primary)
{
	const char *kind = json_strval(json_get(x, "kind"), NULL), *s;
	const char *ex;
	size_t exn, pn;
	char *p, *value = NULL;
	struct or_err e = { 0 };
	struct or_regex *re;
	size_t matches;

	if (kind == NULL || !cJSON_IsObject(x))
		return;
	if (strcmp(kind, "regex") == 0) {
		p = child(ptr, "pattern");
		if ((s = json_strval(json_get(x, "pattern"), &pn)) == NULL) {
			if (json_get(x, "pattern") == NULL)
				prob(k, 0, p, "protocol.missing", "a regex "
				    "extract needs 'pattern'");
		} else if (memchr(s, '\0', pn) != NULL) {
			prob(k, 0, p, "protocol.bad_pattern", "expected a "
			    "PCRE2 pattern, found a NUL character");
		} else if ((re = regex_compile(s, &e)) == NULL) {
			prob(k, 0, p, "protocol.bad_pattern", "expected a "
			    "PCRE2 pattern: %s", e.msg);
		} else {
			regex_free(re);
		}
		free(p);
	}
	if (strcmp(kind, "json_pointer") == 0) {
		p = child(ptr, "jsonPointer");
		if ((s = json_strval(json_get(x, "jsonPointer"), &pn)) == NULL) {
			if (json_get(x, "jsonPointer") == NULL)
				prob(k, 0, p, "protocol.missing", "a json_pointer "
				    "extract needs 'jsonPointer'");
		} else if (jptr_check(s, pn, &e) < 0) {
			prob(k, 0, p, "protocol.bad_pointer", "expected an RFC "
			    "6901 pointer: %s", e.msg);
		}
		free(p);
	}
	if (strcmp(kind, "junit") == 0 && json_get(x, "path") == NULL) {
		p = child(ptr, "path");
		prob(k, 0, p, "protocol.missing", "a junit extract needs "
		    "'path'");
		free(p);
	}
	if (json_get(x, "path") != NULL && strcmp(kind, "junit") != 0 &&
	    strcmp(kind, "json_pointer") != 0) {
		p = child(ptr, "path");
		prob(k, 0, p, "protocol.bad_value", "'path' is for junit and "
		    "json_pointer, not %s", kind);
		free(p);
	}
	if (json_get(x, "field") != NULL && strcmp(kind, "junit") != 0 &&
	    strcmp(kind, "pytest_summary") != 0) {
		p = child(ptr, "field");
		prob(k, 0, p, "protocol.bad_value", "'field' is for junit and "
		    "pytest_summary, not %s", kind);
		free(p);
	}
	p = child(ptr, "kind");
	if (strcmp(kind, "custom") == 0) {
		if (k->c->eligible && primary)
			prob(k, 0, p, "protocol.eligibility", "E2: expected an "
			    "implemented extractor, found custom");
		else
			prob(k, 1, p, "protocol.custom", "extract kind custom "
			    "is not implemented: or-bench refuses it");
	}
	free(p);
	ex = json_strval(json_get(x, "exampleStdout"), &exn);
	p = child(ptr, "exampleStdout");
	if (ex == NULL) {
		if (k->c->eligible && primary)
			prob(k, 0, p, "protocol.eligibility", "E2: expected "
			    "exampleStdout (a golden output the extractor "
			    "parses), found none");
	} else if (strcmp(kind, "custom") != 0) {
		if (extract_metric(x, ex, exn, &value, &matches, &e) == 0) {
			free(value);
		} else if (strcmp(e.code, "extract.unsupported") == 0) {
			prob(k, 1, p, "protocol.example_not_run", "%s: "
			    "exampleStdout was not tried", e.msg);
		} else if (strncmp(e.code, "extract.bad_spec", 16) != 0 &&
		    strcmp(e.code, "regex.bad_pattern") != 0 &&
		    strcmp(e.code, "extract.bad_pointer") != 0) {
			prob(k, 0, p, "protocol.example", "expected "
			    "exampleStdout to yield a metric value: %s", e.msg);
		}
	}
	free(p);
}

static void
check_measure(struct ck *k)
{
	const cJSON *v, *c;
	const char *s;
	char tmp[64], *p, *q;
	size_t i;

	v = at(k->doc, "/measurement/metricScale");
	if (v != NULL) {
		s = json_is_number(v) ? json_numtext(v, tmp) :
		    json_strval(v, NULL);
		if (s != NULL && ps_digits(s, strlen(s)) && (s[0] != '1' ||
		    strspn(s + 1, "0") != strlen(s + 1) || strlen(s) > 19))
			prob(k, 0, "/measurement/metricScale",
			    "protocol.range", "expected a power of ten from 1 "
			    "to 10^18, found %.40s", s);
	}
	v = at(k->doc, "/measurement/primaryMetric/extract");
	if (v != NULL)
		check_extract(k, v, "/measurement/primaryMetric/extract", 1);
	v = at(k->doc, "/measurement/secondaryMetrics");
	if (v != NULL && cJSON_IsArray(v))
		for (i = 0, c = v->child; c != NULL; c = c->next, i++) {
			if (!cJSON_IsObject(c) || json_get(c, "extract") == NULL)
				continue;
			p = childi("/measurement/secondaryMetrics", i);
			q = child(p, "extract");
			check_extract(k, json_get(c, "extract"), q, 0);
			free(q);
			free(p);
		}
}

/* ---- against the tree (--repo) ---- */

struct globs {
	const char **g;
	size_t n;
};

static void
globs_at(const cJSON *doc, const char *ptr, struct globs *g)
{
	const cJSON *a = at(doc, ptr), *c;

	g->n = 0;
	g->g = NULL;
	if (a == NULL || !cJSON_IsArray(a))
		return;
	g->g = xreallocarray(NULL, (size_t)cJSON_GetArraySize(a) + 1,
	    sizeof(*g->g));
	for (c = a->child; c != NULL; c = c->next)
		if (cJSON_IsString(c))
			g->g[g->n++] = c->valuestring;
}

static int
check_repo(struct ck *k, struct or_err *e)
{
	struct tree t;
	struct globs al, fo, ha;
	size_t i, j, n_af = 0, n_ah = 0, n_hd = 0, n_ad = 0, n_eff = 0, *hits;
	const char *x_af = NULL, *x_ah = NULL, *x_hd = NULL, *x_ad = NULL;
	const char *cwd = str_at(k->doc, "/execution/cwd");
	size_t cwdn = cwd != NULL ? strlen(cwd) : 0;
	int cwd_ok = cwd == NULL || strcmp(cwd, ".") == 0;
	char *p;

	if (tree_load(k->c->repo, NULL, NULL, &t, e) < 0)
		return -1;
	globs_at(k->doc, "/mutableSurface/allowedGlobs", &al);
	globs_at(k->doc, "/mutableSurface/forbiddenGlobs", &fo);
	globs_at(k->doc, "/immutableHarness/paths", &ha);
	hits = xcalloc(ha.n + 1, sizeof(*hits));
	for (i = 0; i < t.n; i++) {
		const char *path = t.e[i].path;
		int a = glob_match_any(al.g, al.n, path);
		int f = glob_match_any(fo.g, fo.n, path);
		int d = glob_hard_denied(path), h = 0;

		for (j = 0; j < ha.n; j++)
			if (glob_match(ha.g[j], path)) {
				hits[j]++;
				h = 1;
			}
		if (a && f && n_af++ == 0)
			x_af = path;
		if (a && h && n_ah++ == 0)
			x_ah = path;
		if (h && d && n_hd++ == 0)
			x_hd = path;
		if (a && d && n_ad++ == 0)
			x_ad = path;
		if (a && !f && !h && !d)
			n_eff++;
		if (!cwd_ok && strncmp(path, cwd, cwdn) == 0 &&
		    path[cwdn] == '/')
			cwd_ok = 1;
	}
	for (j = 0; j < ha.n; j++)
		if (hits[j] == 0) {
			p = childi("/immutableHarness/paths", j);
			prob(k, 0, p, "protocol.no_match", "expected a glob that "
			    "matches at least one tracked file, found \"%.60s\" "
			    "matching none", ha.g[j]);
			free(p);
		}
	if (n_af)
		prob(k, 0, "/mutableSurface/forbiddenGlobs", "protocol.overlap",
		    "expected no tracked file in both allowedGlobs and "
		    "forbiddenGlobs, found %zu ('%.100s' first)", n_af, x_af);
	if (n_ah)
		prob(k, 0, "/immutableHarness/paths", "protocol.overlap",
		    "expected no tracked file in both allowedGlobs and "
		    "immutableHarness.paths, found %zu ('%.100s' first)", n_ah,
		    x_ah);
	if (n_hd)
		prob(k, 0, "/immutableHarness/paths", "protocol.hard_deny",
		    "expected no harness file on the hard-deny list, found %zu "
		    "('%.100s' first)", n_hd, x_hd);
	if (n_ad)
		prob(k, 0, "/mutableSurface/allowedGlobs", "protocol.hard_deny",
		    "expected no tracked file on the hard-deny list inside "
		    "allowedGlobs, found %zu ('%.100s' first)", n_ad, x_ad);
	if (al.n > 0 && n_eff == 0)
		prob(k, 0, "/mutableSurface/allowedGlobs",
		    "protocol.empty_surface", "expected at least one tracked "
		    "file in the effective mutable surface, found none among "
		    "%zu files", t.n);
	if (!cwd_ok)
		prob(k, 0, "/execution/cwd", "protocol.no_cwd", "expected a "
		    "folder of the tree, found \"%.100s\" holding no tracked "
		    "file", cwd);
	free(hits);
	free(al.g);
	free(fo.g);
	free(ha.g);
	tree_free(&t);
	return 0;
}

static void
check_eligible(struct ck *k)
{
	const char *s = str_at(k->doc, "/meta/eligibility");
	const cJSON *v;

	if (s != NULL && strcmp(s, "eligible") != 0)
		prob(k, 0, "/meta/eligibility", "protocol.eligibility",
		    "expected eligible to publish, found \"%s\"", s);
	if (k->c->repo == NULL)
		prob(k, 0, "", "protocol.eligibility", "E4: expected --repo DIR "
		    "to check the surface and the harness against the tree");
	v = at(k->doc, "/measurement/baselinePolicy/sameDataSnapshot");
	if (v != NULL && cJSON_IsBool(v) && !cJSON_IsTrue(v))
		prob(k, 0, "/measurement/baselinePolicy/sameDataSnapshot",
		    "protocol.eligibility", "E5: expected true, found false");
	s = str_at(k->doc, "/environment/constraints/networkPolicy");
	if (s != NULL && strcmp(s, "full") == 0) {
		prob(k, 1, "/environment/constraints/networkPolicy",
		    "protocol.eligibility", "E6: expected a policy other than "
		    "full; the verdict is needs_harness");
		k->c->needs_harness = 1;
	}
}

int
protocol_check(const cJSON *doc, struct protocol_check *c, struct or_err *e)
{
	struct ck k = { c, doc, 0 };
	const char *kind = json_strval(json_get(doc, "schemaKind"), NULL);
	const char *ver = json_strval(json_get(doc, "protocolVersion"), NULL);
	const cJSON *x;
	int draft = kind != NULL && strcmp(kind, "discoveryDraft") == 0;

	c->errors = c->warnings = 0;
	c->needs_harness = 0;
	k.v10 = ver != NULL && strcmp(ver, "1.0") == 0;
	walk_obj(&k, doc, draft ? ps_draft : ps_protocol, 0, "");
	if (draft) {
		x = at(doc, "/measurement/metricGuess/extractGuess");
		if (x != NULL)
			check_extract(&k, x, "/measurement/metricGuess/"
			    "extractGuess", 0);
		if (c->eligible)
			prob(&k, 0, "/schemaKind", "protocol.eligibility",
			    "expected a protocol, found a discoveryDraft");
		return 0;
	}
	check_env(&k);
	check_exec(&k);
	check_measure(&k);
	if (c->repo != NULL && check_repo(&k, e) < 0)
		return -1;
	if (c->eligible)
		check_eligible(&k);
	return 0;
}
