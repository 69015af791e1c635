/* json: strict parser and compact printer over cJSON nodes (see json.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "hex.h"
#include "u256.h"
#include "banned.h"

/* Length of the UTF-8 sequence at p (n bytes left), or 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;
		if (c == 0xed && p[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

int
json_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

struct parser {
	const char *p, *end;
	int depth;
	struct or_err *e;
};

static int
perr(struct parser *ps, const char *what)
{
	return or_error(ps->e, "json.parse", "invalid JSON: %s", what);
}

static void
skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	    *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static cJSON *parse_value(struct parser *ps);

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i, d;

	for (i = 0; i < 4; i++) {
		d = hex_digit((unsigned char)p[i]);
		if (d < 0)
			return -1;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct buf *b, unsigned cp)
{
	char t[4];
	size_t n;

	if (cp < 0x80) {
		t[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xc0 | cp >> 6);
		t[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xe0 | cp >> 12);
		t[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		t[0] = (char)(0xf0 | cp >> 18);
		t[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		t[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		t[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, t, n);
}

/* Parse a string at ps->p (on the opening quote) into out. */
static int
parse_string(struct parser *ps, struct buf *out)
{
	const char *p = ps->p + 1, *run;
	unsigned cp, lo;

	out->len = 0;
	buf_add(out, "", 0);
	for (;;) {
		run = p;
		while (p < ps->end && *p != '"' && *p != '\\' &&
		    (unsigned char)*p >= 0x20)
			p++;
		buf_add(out, run, (size_t)(p - run));
		if (p >= ps->end)
			return perr(ps, "unterminated string");
		if (*p == '"')
			break;
		if ((unsigned char)*p < 0x20)
			return perr(ps, "control character in string");
		if (++p >= ps->end)
			return perr(ps, "unterminated string");
		switch (*p++) {
		case '"': buf_addc(out, '"'); break;
		case '\\': buf_addc(out, '\\'); break;
		case '/': buf_addc(out, '/'); break;
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'n': buf_addc(out, '\n'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'u':
			if (ps->end - p < 4 || hex4(p, &cp) < 0)
				return perr(ps, "bad \\u escape");
			p += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return or_error(ps->e, "json.utf8",
				    "invalid UTF-8: lone surrogate \\u%04x", cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (ps->end - p < 6 || p[0] != '\\' ||
				    p[1] != 'u' || hex4(p + 2, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return or_error(ps->e, "json.utf8",
					    "invalid UTF-8: lone surrogate "
					    "\\u%04x", cp);
				p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			put_utf8(out, cp);
			break;
		default:
			return perr(ps, "bad escape in string");
		}
	}
	ps->p = p + 1;
	return 0;
}

static cJSON *
make_string(const char *p, size_t n)
{
	cJSON *v = cJSON_CreateString("");

	if (v == NULL)
		die_oom();
	free(v->valuestring);
	v->valuestring = xmemdup(p, n);
	if (memchr(p, '\0', n) != NULL) {
		v->type |= JSON_BINSTR;
		v->valueint = (int)n;
	}
	return v;
}

static cJSON *
parse_number(struct parser *ps)
{
	const char *s = ps->p, *p = ps->p;
	cJSON *v;

	if (p < ps->end && *p == '-')
		p++;
	if (p >= ps->end || *p < '0' || *p > '9')
		return perr(ps, "bad number"), NULL;
	if (*p == '0')
		p++;
	else
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	if (p < ps->end && *p == '.') {
		if (++p >= ps->end || *p < '0' || *p > '9')
			return perr(ps, "bad number"), NULL;
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= ps->end || *p < '0' || *p > '9')
			return perr(ps, "bad number"), NULL;
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	v = cJSON_CreateRaw("");
	if (v == NULL)
		die_oom();
	free(v->valuestring);
	v->valuestring = xmemdup(s, (size_t)(p - s));
	v->valuedouble = strtod(v->valuestring, NULL);
	ps->p = p;
	return v;
}

static int
keycmp(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

/* Duplicate keys: quadratic for small objects, sorted for large ones. */
static int
check_dups(struct parser *ps, cJSON *o, size_t count)
{
	cJSON *a, *b, **v;
	size_t i = 0;
	int bad = 0;

	if (count <= 16) {
		for (a = o->child; a != NULL; a = a->next)
			for (b = a->next; b != NULL; b = b->next)
				if (strcmp(a->string, b->string) == 0)
					goto dup;
		return 0;
	}
	v = xreallocarray(NULL, count, sizeof(*v));
	for (a = o->child; a != NULL; a = a->next)
		v[i++] = a;
	qsort(v, count, sizeof(*v), keycmp);
	for (i = 1; i < count && !bad; i++)
		if (strcmp(v[i - 1]->string, v[i]->string) == 0) {
			a = v[i];
			bad = 1;
		}
	free(v);
	if (!bad)
		return 0;
dup:
	return or_error(ps->e, "json.duplicate_key", "duplicate key '%s'",
	    a->string);
}

static cJSON *
parse_container(struct parser *ps, int object)
{
	cJSON *c = object ? cJSON_CreateObject() : cJSON_CreateArray();
	cJSON *item, *last = NULL;
	struct buf key = { 0 };
	size_t count = 0;

	if (c == NULL)
		die_oom();
	if (++ps->depth > JSON_MAX_DEPTH) {
		perr(ps, "nesting too deep");
		goto fail;
	}
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
		ps->p++;
		goto done;
	}
	for (;;) {
		skip_ws(ps);
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"') {
				perr(ps, "expected a key");
				goto fail;
			}
			if (parse_string(ps, &key) < 0)
				goto fail;
			if (memchr(key.p, '\0', key.len) != NULL) {
				perr(ps, "NUL in key");
				goto fail;
			}
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				perr(ps, "expected ':'");
				goto fail;
			}
			ps->p++;
			skip_ws(ps);
		}
		if ((item = parse_value(ps)) == NULL)
			goto fail;
		if (object)
			item->string = xmemdup(key.p, key.len);
		/* append in O(1): cJSON keeps child->prev as the tail */
		if (last == NULL) {
			c->child = item;
		} else {
			last->next = item;
			item->prev = last;
		}
		c->child->prev = item;
		last = item;
		count++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
			ps->p++;
			break;
		}
		perr(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
		goto fail;
	}
	if (object && check_dups(ps, c, count) < 0)
		goto fail;
done:
	ps->depth--;
	buf_free(&key);
	return c;
fail:
	buf_free(&key);
	cJSON_Delete(c);
	return NULL;
}

static int
lit(struct parser *ps, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0)
		return 0;
	ps->p += n;
	return 1;
}

static cJSON *
parse_value(struct parser *ps)
{
	struct buf s = { 0 };
	cJSON *v;

	if (ps->p >= ps->end)
		return perr(ps, "unexpected end"), NULL;
	switch (*ps->p) {
	case '{':
		return parse_container(ps, 1);
	case '[':
		return parse_container(ps, 0);
	case '"':
		if (parse_string(ps, &s) < 0) {
			buf_free(&s);
			return NULL;
		}
		v = make_string(s.p, s.len);
		buf_free(&s);
		return v;
	case 't':
		if (lit(ps, "true"))
			return json_bool(1);
		break;
	case 'f':
		if (lit(ps, "false"))
			return json_bool(0);
		break;
	case 'n':
		if (lit(ps, "null"))
			return json_null();
		break;
	default:
		return parse_number(ps);
	}
	return perr(ps, "unexpected character"), NULL;
}

cJSON *
json_parse(const char *p, size_t n, int want_object, struct or_err *e)
{
	struct parser ps = { p, p + n, 0, e };
	cJSON *v;

	if (!json_utf8_valid(p, n)) {
		or_error(e, "json.utf8", "invalid UTF-8");
		return NULL;
	}
	skip_ws(&ps);
	if ((v = parse_value(&ps)) == NULL)
		return NULL;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		cJSON_Delete(v);
		perr(&ps, "trailing characters");
		return NULL;
	}
	if (want_object && !cJSON_IsObject(v)) {
		cJSON_Delete(v);
		or_error(e, "json.not_object", "record is not a JSON object");
		return NULL;
	}
	return v;
}

const char *
json_strval(const cJSON *v, size_t *len)
{
	if (v == NULL || !cJSON_IsString(v) || v->valuestring == NULL)
		return NULL;
	if (len != NULL)
		*len = (v->type & JSON_BINSTR) ? (size_t)v->valueint :
		    strlen(v->valuestring);
	return v->valuestring;
}

void
json_print_str(struct buf *b, const char *s, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i, run = 0;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
			continue;
		if (c >= 0x80) {
			/* Valid UTF-8 passes through; each byte that starts no
			 * valid sequence becomes U+FFFD, so the output is JSON
			 * whatever bytes a caller holds (conventions.md 4). */
			size_t k = utf8_seq((const unsigned char *)s + i, n - i);

			if (k > 0) {
				i += k - 1;
				continue;
			}
			buf_add(b, s + run, i - run);
			run = i + 1;
			buf_add(b, "\xef\xbf\xbd", 3);
			continue;
		}
		buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hx[c >> 4];
			u[5] = hx[c & 15];
			u[6] = '\0';
			esc = u;
		}
		buf_add(b, esc, strlen(esc));
	}
	buf_add(b, s + run, n - run);
	buf_addc(b, '"');
}

void
json_print(struct buf *b, const cJSON *v)
{
	const cJSON *c;
	const char *s;
	size_t n = 0;
	char tmp[64];

	switch (v->type & 0xff) {
	case cJSON_False:
		buf_add(b, "false", 5);
		break;
	case cJSON_True:
		buf_add(b, "true", 4);
		break;
	case cJSON_NULL:
		buf_add(b, "null", 4);
		break;
	case cJSON_Number:
	case cJSON_Raw:
		s = json_numtext(v, tmp);
		buf_add(b, s, strlen(s));
		break;
	case cJSON_String:
		s = json_strval(v, &n);
		json_print_str(b, s, n);
		break;
	case cJSON_Array:
		buf_addc(b, '[');
		for (c = v->child; c != NULL; c = c->next) {
			json_print(b, c);
			if (c->next != NULL)
				buf_addc(b, ',');
		}
		buf_addc(b, ']');
		break;
	case cJSON_Object:
		buf_addc(b, '{');
		for (c = v->child; c != NULL; c = c->next) {
			json_print_str(b, c->string, strlen(c->string));
			buf_addc(b, ':');
			json_print(b, c);
			if (c->next != NULL)
				buf_addc(b, ',');
		}
		buf_addc(b, '}');
		break;
	default:
		buf_add(b, "null", 4);
	}
}

char *
json_print_new(const cJSON *v)
{
	struct buf b = { 0 };

	json_print(&b, v);
	return b.p;
}

cJSON *
json_dup(const cJSON *v)
{
	cJSON *d, *c;
	size_t n = 0;
	const char *s;

	switch (v->type & 0xff) {
	case cJSON_String:
		s = json_strval(v, &n);
		d = make_string(s, n);
		break;
	case cJSON_Array:
	case cJSON_Object:
		d = (v->type & 0xff) == cJSON_Array ? cJSON_CreateArray() :
		    cJSON_CreateObject();
		if (d == NULL)
			die_oom();
		for (c = v->child; c != NULL; c = c->next) {
			cJSON *k = json_dup(c);

			if (c->string != NULL)
				k->string = xstrdup(c->string);
			if (d->child == NULL) {
				d->child = k;
			} else {
				d->child->prev->next = k;
				k->prev = d->child->prev;
			}
			d->child->prev = k;
		}
		return d;
	default:
		d = cJSON_Duplicate(v, 0);
		if (d == NULL)
			die_oom();
		if (d->string != NULL) {
			cJSON_free(d->string);
			d->string = NULL;
		}
	}
	return d;
}

cJSON *
json_object(void)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		die_oom();
	return o;
}

cJSON *
json_array(void)
{
	cJSON *a = cJSON_CreateArray();

	if (a == NULL)
		die_oom();
	return a;
}

cJSON *
json_bool(int v)
{
	cJSON *b = cJSON_CreateBool(v);

	if (b == NULL)
		die_oom();
	return b;
}

cJSON *
json_null(void)
{
	cJSON *z = cJSON_CreateNull();

	if (z == NULL)
		die_oom();
	return z;
}

void
json_push(cJSON *arr, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToArray(arr, item))
		die_oom();
}

cJSON *
json_new_strn(const char *p, size_t n)
{
	return make_string(p, n);
}

cJSON *
json_new_str(const char *s)
{
	return make_string(s, strlen(s));
}

cJSON *
json_new_lossy(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	struct buf b = { 0 };
	size_t i = 0, k;
	cJSON *v;

	buf_add(&b, "", 0);
	while (i < n) {
		k = utf8_seq(s + i, n - i);
		if (k == 0) {
			buf_add(&b, "\xef\xbf\xbd", 3);
			i++;
		} else {
			buf_add(&b, p + i, k);
			i += k;
		}
	}
	v = make_string(b.p, b.len);
	buf_free(&b);
	return v;
}

static cJSON *
make_raw(const char *text)
{
	cJSON *v = cJSON_CreateRaw(text);

	if (v == NULL)
		die_oom();
	v->valuedouble = strtod(text, NULL);
	return v;
}

cJSON *
json_new_int(int64_t v)
{
	char t[32];

	snprintf(t, sizeof(t), "%lld", (long long)v);
	return make_raw(t);
}

cJSON *
json_new_uint(uint64_t v)
{
	char t[32];

	snprintf(t, sizeof(t), "%llu", (unsigned long long)v);
	return make_raw(t);
}

cJSON *
json_new_double(double d)
{
	char t[40];
	int prec;

	if (!isfinite(d))
		return json_null();
	for (prec = 1; prec <= 17; prec++) {
		snprintf(t, sizeof(t), "%.*g", prec, d);
		if (strtod(t, NULL) == d)
			break;
	}
	return make_raw(t);
}

int
json_is_number(const cJSON *v)
{
	return v != NULL && (cJSON_IsNumber(v) || cJSON_IsRaw(v));
}

const char *
json_numtext(const cJSON *v, char tmp[64])
{
	if (cJSON_IsRaw(v))
		return v->valuestring;
	if (v->valuedouble == (double)(long long)v->valuedouble &&
	    fabs(v->valuedouble) < 9.2e18)
		snprintf(tmp, 64, "%lld", (long long)v->valuedouble);
	else
		snprintf(tmp, 64, "%.17g", v->valuedouble);
	return tmp;
}

const cJSON *
json_at(const cJSON *o, const char *a, const char *b, const char *c)
{
	const cJSON *v = json_get(o, a);

	if (v != NULL && b != NULL)
		v = cJSON_IsObject(v) ? json_get(v, b) : NULL;
	if (v != NULL && c != NULL)
		v = cJSON_IsObject(v) ? json_get(v, c) : NULL;
	return v;
}

cJSON *
json_get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

void
json_set(cJSON *o, const char *key, cJSON *item)
{
	cJSON *old = json_get(o, key);

	if (item == NULL)
		die_oom();
	/* name the item ourselves: cJSON's own copy of the key can fail and
	 * leave a nameless member behind */
	if (item->string != NULL && !(item->type & cJSON_StringIsConst))
		cJSON_free(item->string);
	item->type &= ~cJSON_StringIsConst;
	item->string = xstrdup(key);
	if (old != NULL) {
		if (!cJSON_ReplaceItemViaPointer(o, old, item))
			die_oom();
		return;
	}
	json_push(o, item);
}

void
json_set_str(cJSON *o, const char *key, const char *s)
{
	json_set(o, key, json_new_strn(s, strlen(s)));
}

void
json_set_int(cJSON *o, const char *key, int64_t v)
{
	json_set(o, key, json_new_int(v));
}

void
json_set_bool(cJSON *o, const char *key, int v)
{
	json_set(o, key, json_bool(v));
}

int
json_field_str(const cJSON *o, const char *key, const char **s, size_t *len,
    struct or_err *e)
{
	cJSON *v = json_get(o, key);

	if (v == NULL)
		return 0;
	if ((*s = json_strval(v, len)) == NULL)
		return or_error(e, "json.bad_field", "'%s' must be a string",
		    key);
	return 1;
}

int
json_field_bool(const cJSON *o, const char *key, int *out, struct or_err *e)
{
	cJSON *v = json_get(o, key);

	if (v == NULL)
		return 0;
	if (!cJSON_IsBool(v))
		return or_error(e, "json.bad_field", "'%s' must be true or false",
		    key);
	*out = cJSON_IsTrue(v);
	return 1;
}

/* The low 64 bits of a big-endian word. */
static uint64_t
low64(const uint8_t w[32])
{
	uint64_t x = 0;
	int i;

	for (i = 24; i < 32; i++)
		x = x << 8 | w[i];
	return x;
}

enum json_int
json_int_text(const char *s, size_t n, int is_signed, uint8_t mag[32],
    int *neg)
{
	int r;

	*neg = 0;
	if (memchr(s, '\0', n) != NULL)
		return JSON_INT_SYNTAX;
	if (n > 2 && s[0] == '0' && s[1] == 'x') {
		r = u256_from_hex(s + 2, n - 2, mag);
	} else {
		if (is_signed && n > 0 && s[0] == '-') {
			*neg = 1;
			s++;
			n--;
		}
		r = u256_from_dec(s, n, mag);
	}
	if (r < 0)
		return r == -2 ? JSON_INT_RANGE : JSON_INT_SYNTAX;
	if (u256_is_zero(mag))
		*neg = 0;
	return JSON_INT_OK;
}

enum json_int
json_int_read(const cJSON *v, int is_signed, uint8_t mag[32], int *neg)
{
	char tmp[64];
	const char *s;
	size_t n;

	if (json_is_number(v)) {
		/* digits only, after an optional '-': no fraction, no
		 * exponent, and no magnitude beyond JSON_MAX_SAFE */
		s = json_numtext(v, tmp);
		n = strlen(s);
		*neg = s[0] == '-';
		if (strpbrk(s, ".eE") != NULL ||
		    u256_from_dec(s + *neg, n - (size_t)*neg, mag) != 0 ||
		    u256_bitlen(mag) > 64 || low64(mag) > JSON_MAX_SAFE)
			return JSON_INT_UNSAFE;
		if (u256_is_zero(mag))
			*neg = 0;
		/* a negative number where none can be: as unsafe as 1.5 */
		return *neg && !is_signed ? JSON_INT_UNSAFE : JSON_INT_OK;
	}
	if ((s = json_strval(v, &n)) == NULL)
		return JSON_INT_TYPE;
	return json_int_text(s, n, is_signed, mag, neg);
}

int
json_int_error(enum json_int r, const char *what, struct or_err *e)
{
	switch (r) {
	case JSON_INT_UNSAFE:
		return or_error(e, "json.unsafe_integer",
		    "'%s' must be an integer up to 2^53-1 (use a "
		    "decimal string for larger values)", what);
	case JSON_INT_TYPE:
		return or_error(e, "json.bad_field",
		    "'%s' must be an integer", what);
	default:
		return or_error(e, "json.bad_field",
		    "'%s' is not a valid integer", what);
	}
}

int
json_value_u64(const cJSON *v, const char *what, uint64_t max,
    uint64_t *out, struct or_err *e)
{
	enum json_int r;
	uint8_t w[32];
	uint64_t x;
	int neg;

	if ((r = json_int_read(v, 0, w, &neg)) != JSON_INT_OK)
		return json_int_error(r, what, e);
	if (neg || u256_bitlen(w) > 64)
		return or_error(e, "json.bad_field", "'%s' is out of range",
		    what);
	if ((x = low64(w)) > max)
		return or_error(e, "json.bad_field", "'%s' is out of range",
		    what);
	*out = x;
	return 1;
}

int
json_field_u64(const cJSON *o, const char *key, uint64_t max, uint64_t *out,
    struct or_err *e)
{
	cJSON *v = json_get(o, key);

	if (v == NULL)
		return 0;
	return json_value_u64(v, key, max, out, e);
}
