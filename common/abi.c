/* abi: type trees, signature text, ABI JSON entries and files (abi.h).
 * Encoding and decoding are in abicodec.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "keccak.h"
#include "banned.h"

struct lex {
	const char *p, *end;
	struct or_err *e;
};

static int
bad(struct lex *lx, const char *what)
{
	return or_error(lx->e, "abi.bad_signature", "invalid signature: %s",
	    what);
}

static void
skip_ws(struct lex *lx)
{
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
	    *lx->p == '\n'))
		lx->p++;
}

static int
is_ident(int c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == '$' || (!first && c >= '0' && c <= '9');
}

/* An identifier at lx->p; returns its length (0 when none). */
static size_t
ident(struct lex *lx, const char **s)
{
	const char *p = lx->p;

	*s = p;
	if (p >= lx->end || !is_ident((unsigned char)*p, 1))
		return 0;
	while (p < lx->end && is_ident((unsigned char)*p, 0))
		p++;
	lx->p = p;
	return (size_t)(p - *s);
}

void
abi_type_free(struct abi_type *t)
{
	size_t i;

	if (t == NULL)
		return;
	abi_type_free(t->elem);
	if (t->kind == ABI_TUPLE) {
		for (i = 0; i < t->len; i++) {
			abi_type_free(t->comp[i]);
			free(t->names[i]);
		}
	}
	free(t->comp);
	free(t->names);
	free(t->indexed);
	free(t);
}

static struct abi_type *
new_type(enum abi_kind k, unsigned size)
{
	struct abi_type *t = xcalloc(1, sizeof(*t));

	t->kind = k;
	t->size = size;
	t->head = 32;
	t->dynamic = k == ABI_BYTES || k == ABI_STRING;
	return t;
}

/* Parse the decimal N of uintN/intN/bytesN; 0 when absent, -1 when bad. */
static int
type_width(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	if (n == 0)
		return 0;
	if (s[0] == '0' || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
prefix(const char *s, size_t n, const char *w, const char **rest,
    size_t *rn)
{
	size_t k = strlen(w);

	if (n < k || memcmp(s, w, k) != 0)
		return 0;
	*rest = s + k;
	*rn = n - k;
	return 1;
}

static struct abi_type *
elementary(struct lex *lx, const char *s, size_t n)
{
	const char *r;
	size_t rn;
	int w;

	if (n == 7 && memcmp(s, "address", 7) == 0)
		return new_type(ABI_ADDRESS, 160);
	if (n == 4 && memcmp(s, "bool", 4) == 0)
		return new_type(ABI_BOOL, 8);
	if (n == 6 && memcmp(s, "string", 6) == 0)
		return new_type(ABI_STRING, 0);
	if (n == 5 && memcmp(s, "bytes", 5) == 0)
		return new_type(ABI_BYTES, 0);
	if (prefix(s, n, "uint", &r, &rn) || prefix(s, n, "int", &r, &rn)) {
		w = rn == 0 ? 256 : type_width(r, rn);
		if (w <= 0 || w > 256 || w % 8 != 0)
			goto unknown;
		return new_type(s[0] == 'u' ? ABI_UINT : ABI_INT, (unsigned)w);
	}
	if (prefix(s, n, "bytes", &r, &rn)) {
		w = type_width(r, rn);
		if (w <= 0 || w > 32)
			goto unknown;
		return new_type(ABI_FBYTES, (unsigned)w);
	}
unknown:
	or_error(lx->e, "abi.bad_type", "unknown type '%.*s'", (int)n, s);
	return NULL;
}

/* Fill in dynamic/head/seq sizes of a tuple; -1 when too large. */
static int
size_tuple(struct abi_type *t, struct or_err *e)
{
	size_t i, sum = 0;

	t->dynamic = 0;
	for (i = 0; i < t->len; i++) {
		t->dynamic |= t->comp[i]->dynamic;
		sum += t->comp[i]->head;
		if (sum > ABI_MAX_STATIC)
			return or_error(e, "abi.bad_type", "type too large");
	}
	t->head = t->dynamic ? 32 : sum;
	return 0;
}

static struct abi_type *parse_type(struct lex *lx, int depth);

/* "(" param ("," param)* ")" into a tuple; nested tuples must not be
 * empty, since a zero-size element would let a tiny input declare an
 * enormous array. */
static struct abi_type *
parse_tuple(struct lex *lx, int depth, int allow_empty)
{
	struct abi_type *t = new_type(ABI_TUPLE, 0), *c;
	size_t cap = 0, i;
	const char *s;
	size_t n;

	if (depth > ABI_MAX_DEPTH) {
		or_error(lx->e, "abi.bad_type", "type nested too deeply");
		goto fail;
	}
	lx->p++;	/* '(' */
	skip_ws(lx);
	if (lx->p < lx->end && *lx->p == ')') {
		lx->p++;
		if (!allow_empty) {
			or_error(lx->e, "abi.bad_type", "empty tuple");
			goto fail;
		}
		t->head = 0;
		return t;
	}
	for (;;) {
		skip_ws(lx);
		if ((c = parse_type(lx, depth + 1)) == NULL)
			goto fail;
		if (t->len == ABI_MAX_COMPONENTS) {
			abi_type_free(c);
			or_error(lx->e, "abi.bad_type", "tuple with more than %d "
			    "components", ABI_MAX_COMPONENTS);
			goto fail;
		}
		if (t->len == cap) {
			cap = cap ? cap * 2 : 4;
			t->comp = xreallocarray(t->comp, cap, sizeof(*t->comp));
			t->names = xreallocarray(t->names, cap,
			    sizeof(*t->names));
			t->indexed = xrealloc(t->indexed, cap);
		}
		t->comp[t->len] = c;
		t->names[t->len] = NULL;
		t->indexed[t->len] = 0;
		t->len++;
		skip_ws(lx);
		/* modifiers and a name: "address indexed from" */
		while ((n = ident(lx, &s)) > 0) {
			if (n == 7 && memcmp(s, "indexed", 7) == 0)
				t->indexed[t->len - 1] = 1;
			else if ((n == 6 && memcmp(s, "memory", 6) == 0) ||
			    (n == 8 && memcmp(s, "calldata", 8) == 0) ||
			    (n == 7 && memcmp(s, "storage", 7) == 0))
				;
			else if (t->names[t->len - 1] == NULL)
				t->names[t->len - 1] = xmemdup(s, n);
			else {
				bad(lx, "unexpected word after parameter");
				goto fail;
			}
			skip_ws(lx);
		}
		if (lx->p < lx->end && *lx->p == ',') {
			lx->p++;
			continue;
		}
		if (lx->p < lx->end && *lx->p == ')') {
			lx->p++;
			break;
		}
		bad(lx, "expected ',' or ')'");
		goto fail;
	}
	for (i = 0; i + 1 < t->len; i++) {
		size_t k;

		for (k = i + 1; t->names[i] != NULL && k < t->len; k++)
			if (t->names[k] != NULL &&
			    strcmp(t->names[i], t->names[k]) == 0) {
				or_error(lx->e, "abi.bad_signature",
				    "duplicate parameter name '%s'",
				    t->names[i]);
				goto fail;
			}
	}
	if (size_tuple(t, lx->e) < 0)
		goto fail;
	return t;
fail:
	abi_type_free(t);
	return NULL;
}

/* Array suffixes "[]" and "[k]" wrapping t. */
static struct abi_type *
parse_suffixes(struct lex *lx, struct abi_type *t, int depth)
{
	struct abi_type *a;
	uint64_t k;
	const char *q;

	while (lx->p < lx->end && *lx->p == '[') {
		if (++depth > ABI_MAX_DEPTH) {
			or_error(lx->e, "abi.bad_type", "type nested too deeply");
			goto fail;
		}
		q = ++lx->p;
		while (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9')
			lx->p++;
		if (lx->p >= lx->end || *lx->p != ']') {
			bad(lx, "expected ']'");
			goto fail;
		}
		a = new_type(ABI_ARRAY, 0);
		a->elem = t;
		t = a;
		if (lx->p > q) {
			k = 0;
			if (*q == '0' || lx->p - q > 9) {
				or_error(lx->e, "abi.bad_type",
				    "bad array length '%.*s'",
				    (int)(lx->p - q), q);
				goto fail;
			}
			for (; q < lx->p; q++)
				k = k * 10 + (uint64_t)(*q - '0');
			t->kind = ABI_FARRAY;
			t->len = (size_t)k;
			t->dynamic = t->elem->dynamic;
			if (!t->dynamic) {
				if (k > ABI_MAX_STATIC / t->elem->head) {
					or_error(lx->e, "abi.bad_type",
					    "type too large");
					goto fail;
				}
				t->head = (size_t)k * t->elem->head;
			}
		} else {
			t->dynamic = 1;
		}
		lx->p++;
	}
	return t;
fail:
	abi_type_free(t);
	return NULL;
}

static struct abi_type *
parse_type(struct lex *lx, int depth)
{
	struct abi_type *t;
	const char *s;
	size_t n;

	if (depth > ABI_MAX_DEPTH) {
		or_error(lx->e, "abi.bad_type", "type nested too deeply");
		return NULL;
	}
	if (lx->p < lx->end && *lx->p == '(') {
		t = parse_tuple(lx, depth, 0);
	} else {
		n = ident(lx, &s);
		if (n == 0) {
			bad(lx, "expected a type");
			return NULL;
		}
		/* "tuple(uint256 a,bool b)" as human-readable ABIs write it */
		if (n == 5 && memcmp(s, "tuple", 5) == 0 && lx->p < lx->end &&
		    *lx->p == '(')
			t = parse_tuple(lx, depth, 0);
		else
			t = elementary(lx, s, n);
	}
	if (t == NULL)
		return NULL;
	return parse_suffixes(lx, t, depth);
}

struct abi_type *
abi_type_parse(const char *s, size_t n, struct or_err *e)
{
	struct lex lx = { s, s + n, e };
	struct abi_type *t;

	skip_ws(&lx);
	if ((t = parse_type(&lx, 0)) == NULL)
		return NULL;
	skip_ws(&lx);
	if (lx.p != lx.end) {
		abi_type_free(t);
		bad(&lx, "trailing characters after type");
		return NULL;
	}
	return t;
}

/* Where the parenthesis at p closes, or NULL. */
static const char *
closing(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
		if (depth == 0)
			return p;
	}
	return NULL;
}

static struct abi_type *
params(const char *s, size_t n, int wrapped, struct or_err *e)
{
	struct lex lx = { s, s + n, e };
	struct abi_type *t;
	struct buf b = { 0 };
	const char *q = s, *c;

	/* "(uint256,address)" is a list; "uint256,address" and
	 * "(uint256,bool)[]" are wrapped in parentheses to make one */
	while (q < s + n && (*q == ' ' || *q == '\t'))
		q++;
	c = q < s + n && *q == '(' ? closing(q, s + n) : NULL;
	if (c != NULL)
		for (c++; c < s + n && (*c == ' ' || *c == '\t'); c++)
			;
	if (!wrapped && (c == NULL || c != s + n)) {
		buf_addc(&b, '(');
		buf_add(&b, s, n);
		buf_addc(&b, ')');
		t = params(b.p, b.len, 1, e);
		buf_free(&b);
		return t;
	}
	lx.p = q;
	if (lx.p >= lx.end || *lx.p != '(') {
		bad(&lx, "expected '('");
		return NULL;
	}
	if ((t = parse_tuple(&lx, 0, 1)) == NULL)
		return NULL;
	skip_ws(&lx);
	if (lx.p != lx.end) {
		abi_type_free(t);
		bad(&lx, "trailing characters after parameter list");
		return NULL;
	}
	return t;
}

struct abi_type *
abi_params_parse(const char *s, size_t n, struct or_err *e)
{
	return params(s, n, 0, e);
}

void
abi_type_canon(const struct abi_type *t, struct buf *b)
{
	size_t i;

	switch (t->kind) {
	case ABI_UINT:
		buf_addf(b, "uint%u", t->size);
		break;
	case ABI_INT:
		buf_addf(b, "int%u", t->size);
		break;
	case ABI_ADDRESS:
		buf_add(b, "address", 7);
		break;
	case ABI_BOOL:
		buf_add(b, "bool", 4);
		break;
	case ABI_FBYTES:
		buf_addf(b, "bytes%u", t->size);
		break;
	case ABI_BYTES:
		buf_add(b, "bytes", 5);
		break;
	case ABI_STRING:
		buf_add(b, "string", 6);
		break;
	case ABI_ARRAY:
		abi_type_canon(t->elem, b);
		buf_add(b, "[]", 2);
		break;
	case ABI_FARRAY:
		abi_type_canon(t->elem, b);
		buf_addf(b, "[%zu]", t->len);
		break;
	case ABI_TUPLE:
		buf_addc(b, '(');
		for (i = 0; i < t->len; i++) {
			if (i > 0)
				buf_addc(b, ',');
			abi_type_canon(t->comp[i], b);
		}
		buf_addc(b, ')');
		break;
	}
}

static void
finish_sig(struct abi_sig *g)
{
	struct buf b = { 0 };

	buf_add(&b, g->name, strlen(g->name));
	abi_type_canon(g->in, &b);
	g->canon = b.p;
	keccak256(b.p, b.len, g->hash);
}

void
abi_sig_free(struct abi_sig *g)
{
	if (g == NULL)
		return;
	free(g->name);
	abi_type_free(g->in);
	abi_type_free(g->out);
	free(g->canon);
	free(g);
}

static int
word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

struct abi_sig *
abi_sig_parse(const char *text, enum abi_what what, struct or_err *e)
{
	struct lex lx = { text, text + strlen(text), e };
	struct abi_sig *g = xcalloc(1, sizeof(*g));
	const char *s, *open;
	size_t n;
	int depth = 0;

	g->what = what;
	skip_ws(&lx);
	n = ident(&lx, &s);
	if (word_is(s, n, "function") || word_is(s, n, "event") ||
	    word_is(s, n, "error")) {
		g->what = s[0] == 'f' ? ABI_FUNCTION : s[0] == 'e' &&
		    s[1] == 'v' ? ABI_EVENT : ABI_ERROR;
		skip_ws(&lx);
		n = ident(&lx, &s);
	} else if (word_is(s, n, "constructor")) {
		g->what = ABI_CONSTRUCTOR;
		n = 0;
	}
	g->name = xmemdup(s, n);
	skip_ws(&lx);
	if (lx.p >= lx.end || *lx.p != '(') {
		bad(&lx, "expected '('");
		goto fail;
	}
	/* the parameter list ends at the matching parenthesis */
	open = lx.p;
	for (; lx.p < lx.end; lx.p++) {
		depth += *lx.p == '(' ? 1 : *lx.p == ')' ? -1 : 0;
		if (depth == 0)
			break;
	}
	if (lx.p >= lx.end) {
		bad(&lx, "unbalanced parentheses");
		goto fail;
	}
	lx.p++;
	if ((g->in = abi_params_parse(open, (size_t)(lx.p - open), e)) ==
	    NULL)
		goto fail;
	for (;;) {
		skip_ws(&lx);
		if (lx.p >= lx.end)
			break;
		if (*lx.p == '(') {
			if (g->out != NULL) {
				bad(&lx, "two return lists");
				goto fail;
			}
			if ((g->out = abi_params_parse(lx.p,
			    (size_t)(lx.end - lx.p), e)) == NULL)
				goto fail;
			lx.p = lx.end;
			break;
		}
		n = ident(&lx, &s);
		if (word_is(s, n, "anonymous"))
			g->anonymous = 1;
		else if (!(word_is(s, n, "returns") || word_is(s, n, "external")
		    || word_is(s, n, "public") || word_is(s, n, "view") ||
		    word_is(s, n, "pure") || word_is(s, n, "payable") ||
		    word_is(s, n, "nonpayable"))) {
			bad(&lx, "unexpected text after parameter list");
			goto fail;
		}
	}
	if (g->what == ABI_CONSTRUCTOR) {
		free(g->name);
		g->name = xstrdup("constructor");
	}
	finish_sig(g);
	return g;
fail:
	abi_sig_free(g);
	return NULL;
}

/* ---- ABI JSON ---- */

static struct abi_type *json_params(const cJSON *arr, int depth,
    int allow_empty, struct or_err *e);

static struct abi_type *
json_param(const cJSON *p, int depth, struct or_err *e)
{
	const char *ty = json_strval(json_get(p, "type"), NULL);
	struct lex lx;
	struct abi_type *t;

	if (ty == NULL) {
		or_error(e, "abi.bad_abi", "ABI parameter without 'type'");
		return NULL;
	}
	lx.p = ty;
	lx.end = ty + strlen(ty);
	lx.e = e;
	if (strncmp(ty, "tuple", 5) == 0) {
		lx.p += 5;
		t = json_params(json_get(p, "components"), depth + 1, 0, e);
		if (t == NULL)
			return NULL;
		t = parse_suffixes(&lx, t, depth);
	} else {
		t = parse_type(&lx, depth);
	}
	if (t != NULL && lx.p != lx.end) {
		abi_type_free(t);
		or_error(e, "abi.bad_type", "unknown type '%s'", ty);
		return NULL;
	}
	return t;
}

static struct abi_type *
json_params(const cJSON *arr, int depth, int allow_empty, struct or_err *e)
{
	struct abi_type *t;
	const cJSON *c;
	size_t n = 0, i, k;
	const char *name;

	if (depth > ABI_MAX_DEPTH) {
		or_error(e, "abi.bad_type", "type nested too deeply");
		return NULL;
	}
	if (arr != NULL && !cJSON_IsArray(arr)) {
		or_error(e, "abi.bad_abi", "ABI parameters are not an array");
		return NULL;
	}
	for (c = arr ? arr->child : NULL; c != NULL; c = c->next)
		n++;
	if (n == 0 && !allow_empty) {
		or_error(e, "abi.bad_type", "empty tuple");
		return NULL;
	}
	if (n > ABI_MAX_COMPONENTS) {
		or_error(e, "abi.bad_type", "tuple with more than %d "
		    "components", ABI_MAX_COMPONENTS);
		return NULL;
	}
	t = new_type(ABI_TUPLE, 0);
	t->comp = xcalloc(n ? n : 1, sizeof(*t->comp));
	t->names = xcalloc(n ? n : 1, sizeof(*t->names));
	t->indexed = xcalloc(n ? n : 1, 1);
	for (c = arr ? arr->child : NULL; c != NULL; c = c->next) {
		if (!cJSON_IsObject(c)) {
			or_error(e, "abi.bad_abi", "ABI parameter is not an "
			    "object");
			goto fail;
		}
		if ((t->comp[t->len] = json_param(c, depth, e)) == NULL)
			goto fail;
		name = json_strval(json_get(c, "name"), NULL);
		if (name != NULL && *name != '\0')
			t->names[t->len] = xstrdup(name);
		t->indexed[t->len] = cJSON_IsTrue(json_get(c, "indexed"));
		t->len++;
	}
	for (i = 0; i < n; i++)
		for (k = i + 1; t->names[i] != NULL && k < n; k++)
			if (t->names[k] != NULL &&
			    strcmp(t->names[i], t->names[k]) == 0) {
				or_error(e, "abi.bad_abi",
				    "duplicate parameter name '%s'",
				    t->names[i]);
				goto fail;
			}
	if (size_tuple(t, e) < 0)
		goto fail;
	return t;
fail:
	abi_type_free(t);
	return NULL;
}

struct abi_sig *
abi_sig_from_json(const cJSON *entry, struct or_err *e)
{
	const char *ty = json_strval(json_get(entry, "type"), NULL);
	const char *name = json_strval(json_get(entry, "name"), NULL);
	struct abi_sig *g;

	if (!cJSON_IsObject(entry)) {
		or_error(e, "abi.bad_abi", "ABI entry is not an object");
		return NULL;
	}
	g = xcalloc(1, sizeof(*g));
	if (ty == NULL || strcmp(ty, "function") == 0)
		g->what = ABI_FUNCTION;
	else if (strcmp(ty, "event") == 0)
		g->what = ABI_EVENT;
	else if (strcmp(ty, "error") == 0)
		g->what = ABI_ERROR;
	else if (strcmp(ty, "constructor") == 0)
		g->what = ABI_CONSTRUCTOR;
	else {
		or_error(e, "abi.bad_abi", "ABI entry of type '%s' has no "
		    "signature", ty);
		goto fail;
	}
	if (g->what == ABI_CONSTRUCTOR)
		name = "constructor";
	if (name == NULL || (*name == '\0')) {
		or_error(e, "abi.bad_abi", "ABI entry without 'name'");
		goto fail;
	}
	g->name = xstrdup(name);
	if ((g->in = json_params(json_get(entry, "inputs"), 0, 1, e)) == NULL)
		goto fail;
	if (g->what == ABI_FUNCTION && (g->out = json_params(json_get(entry,
	    "outputs"), 0, 1, e)) == NULL)
		goto fail;
	g->anonymous = cJSON_IsTrue(json_get(entry, "anonymous"));
	finish_sig(g);
	return g;
fail:
	abi_sig_free(g);
	return NULL;
}

int
abi_file_load(const cJSON *doc, struct abi_file *f, struct or_err *e)
{
	const cJSON *arr = doc, *c, *bc;
	const char *ty, *hex;
	struct abi_sig *g;
	size_t n = 0;

	memset(f, 0, sizeof(*f));
	if (cJSON_IsObject(doc)) {
		arr = json_get(doc, "abi");
		/* solc/forge artifacts: "bytecode" is a string or
		 * {"object": "0x..."} */
		bc = json_get(doc, "bytecode");
		if (cJSON_IsObject(bc))
			bc = json_get(bc, "object");
		if ((hex = json_strval(bc, NULL)) != NULL && *hex != '\0')
			f->bytecode = strncmp(hex, "0x", 2) == 0 ?
			    xstrdup(hex) : xasprintf("0x%s", hex);
	}
	if (!cJSON_IsArray(arr)) {
		abi_file_free(f);
		return or_error(e, "abi.bad_abi", "no ABI array (a JSON array, "
		    "or an object with \"abi\")");
	}
	for (c = arr->child; c != NULL; c = c->next)
		n++;
	f->sigs = xcalloc(n ? n : 1, sizeof(*f->sigs));
	for (c = arr->child; c != NULL; c = c->next) {
		ty = json_strval(json_get(c, "type"), NULL);
		if (ty != NULL && (strcmp(ty, "fallback") == 0 ||
		    strcmp(ty, "receive") == 0))
			continue;
		if ((g = abi_sig_from_json(c, e)) == NULL) {
			abi_file_free(f);
			return -1;
		}
		f->sigs[f->n++] = g;
	}
	return 0;
}

int
abi_file_read(const char *path, struct abi_file *f, struct or_err *e)
{
	struct buf b = { 0 };
	cJSON *doc;

	if (read_file(path, ABI_FILE_MAX, &b, e) < 0) {
		buf_free(&b);
		return -1;
	}
	doc = json_parse(b.p, b.len, 0, e);
	buf_free(&b);
	if (doc == NULL || abi_file_load(doc, f, e) < 0) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		cJSON_Delete(doc);
		return or_error(e, "abi.bad_abi", "invalid ABI file '%s': %s",
		    path, why);
	}
	cJSON_Delete(doc);
	return 0;
}

void
abi_file_free(struct abi_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		abi_sig_free(f->sigs[i]);
	free(f->sigs);
	free(f->bytecode);
	memset(f, 0, sizeof(*f));
}

const struct abi_sig *
abi_file_find(const struct abi_file *f, enum abi_what what, const char *name,
    struct or_err *e)
{
	const struct abi_sig *hit = NULL;
	struct abi_sig *want = NULL;
	size_t i, count = 0;

	/* "submit(uint256,bytes32)" picks one overload by its signature */
	if (strchr(name, '(') != NULL) {
		if ((want = abi_sig_parse(name, what, e)) == NULL)
			return NULL;
	}
	for (i = 0; i < f->n; i++) {
		const struct abi_sig *g = f->sigs[i];

		if (g->what != what)
			continue;
		if (want != NULL ? strcmp(g->canon, want->canon) != 0 :
		    strcmp(g->name, name) != 0)
			continue;
		hit = g;
		count++;
	}
	abi_sig_free(want);
	if (count == 0) {
		or_error(e, "abi.no_function", "no %s '%s' in the ABI",
		    what == ABI_EVENT ? "event" : what == ABI_ERROR ? "error" :
		    what == ABI_CONSTRUCTOR ? "constructor" : "function", name);
		return NULL;
	}
	if (count > 1) {
		or_error(e, "abi.ambiguous", "'%s' is overloaded: give the "
		    "full signature", name);
		return NULL;
	}
	return hit;
}

const struct abi_sig *
abi_file_by_hash(const struct abi_file *f, enum abi_what what,
    const uint8_t *hash, size_t n)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->sigs[i]->what == what &&
		    memcmp(f->sigs[i]->hash, hash, n) == 0)
			return f->sigs[i];
	return NULL;
}

const char *
abi_panic_name(const uint8_t code[32])
{
	static const struct {
		uint8_t code;
		const char *name;
	} panics[] = {
		{ 0x00, "generic compiler panic" },
		{ 0x01, "assertion failed" },
		{ 0x11, "arithmetic underflow or overflow" },
		{ 0x12, "division or modulo by zero" },
		{ 0x21, "invalid enum value" },
		{ 0x22, "invalid storage byte array encoding" },
		{ 0x31, "pop on empty array" },
		{ 0x32, "array index out of bounds" },
		{ 0x41, "out of memory" },
		{ 0x51, "call to zero-initialized function" },
	};
	size_t i;

	for (i = 0; i < 31; i++)
		if (code[i] != 0)
			return NULL;
	for (i = 0; i < sizeof(panics) / sizeof(panics[0]); i++)
		if (panics[i].code == code[31])
			return panics[i].name;
	return NULL;
}
