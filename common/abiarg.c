/* abiarg: ABI argument operands read by their type (abiarg.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abiarg.h"
#include "quantity.h"
#include "banned.h"

#define SAFE_MAX 9007199254740991ull	/* 2^53-1: a JSON number */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A JSON string literal "..." as a whole: its content, else NULL. */
static cJSON *
json_string_literal(const char *s, size_t n)
{
	struct or_err e;
	cJSON *v;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return NULL;
	if ((v = json_parse(s, n, 0, &e)) == NULL)
		return NULL;
	if (!cJSON_IsString(v)) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

/* An integer's stream form: a plain decimal up to 2^53-1 is a JSON
 * number (so "1000" on the command line writes the record a user would
 * pipe); a wei amount with a unit ("1ether") its decimal string; anything
 * else the text, which the encoder reads as decimal or 0x of any size or
 * rejects with a precise code. */
static cJSON *
int_value(const char *s, size_t n)
{
	struct quantity q;
	char dec[QUANTITY_DEC_MAX];
	const char *d = s;
	size_t k = n, i;
	uint64_t v = 0;

	if (k > 0 && *d == '-') {
		d++;
		k--;
	}
	if (k > 0 && k <= 16 && (d[0] != '0' || k == 1)) {
		for (i = 0; i < k && d[i] >= '0' && d[i] <= '9'; i++)
			v = v * 10 + (uint64_t)(d[i] - '0');
		if (i == k && v <= SAFE_MAX)
			return json_new_int(d == s ? (int64_t)v : -(int64_t)v);
	}
	/* digits, maybe a fraction, then a unit name */
	for (i = 0; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'); i++)
		;
	if (i > 0 && i < n && quantity_unit(s + i, n - i) >= 0 &&
	    quantity_parse_wei(s, n, &q) == 0) {
		quantity_to_dec(&q, dec);
		return json_new_str(dec);
	}
	return json_new_lossy(s, n);
}

static cJSON *value_n(const struct abi_type *t, const char *s, size_t n,
    const char *what, struct or_err *e);

static int
list_error(const struct abi_type *t, const char *what, const char *why,
    struct or_err *e)
{
	return or_error(e, t->kind == ABI_TUPLE ? "abi.bad_tuple" :
	    "abi.bad_array", "'%s' is not a list: %s", what, why);
}

/* "[a,b]" or "(a,b)": the elements, split at the commas outside brackets
 * and quotes, each read as the element (or component) type. */
static cJSON *
list_value(const struct abi_type *t, const char *s, size_t n,
    const char *what, struct or_err *e)
{
	char close = s[0] == '(' ? ')' : ']', stack[ABI_MAX_DEPTH + 2];
	char sub[256];
	size_t i, start, k = 0, depth = 0;
	cJSON *arr = json_array(), *v;
	int quoted = 0, any = 0;

	if (n < 2 || s[n - 1] != close) {
		list_error(t, what, "no closing bracket", e);
		goto fail;
	}
	for (start = i = 1; i < n; i++) {
		char c = s[i];

		if (quoted) {
			if (c == '\\')
				i++;
			else if (c == '"')
				quoted = 0;
			continue;
		}
		if (c == '"') {
			quoted = 1;
		} else if (c == '[' || c == '(' || c == '{') {
			if (depth == sizeof(stack)) {
				list_error(t, what, "nested too deeply", e);
				goto fail;
			}
			stack[depth++] = c == '[' ? ']' : c == '(' ? ')' : '}';
		} else if (depth > 0 && (c == ']' || c == ')' || c == '}')) {
			if (stack[--depth] != c) {
				list_error(t, what, "unbalanced brackets", e);
				goto fail;
			}
		} else if (depth == 0 && (c == ',' || i == n - 1)) {
			const char *p = s + start;
			size_t m = i - start;
			const struct abi_type *et;

			while (m > 0 && is_space(*p)) {
				p++;
				m--;
			}
			while (m > 0 && is_space(p[m - 1]))
				m--;
			if (i == n - 1 && c != close) {
				list_error(t, what, "unbalanced brackets", e);
				goto fail;
			}
			/* "[]" has no element; "[1,]" an empty last one */
			if (m == 0 && c == close && !any)
				break;
			any = 1;
			if (t->kind == ABI_TUPLE) {
				if (k >= t->len) {
					/* too many: the encoder counts them */
					json_push(arr, json_new_lossy(p, m));
					k++;
					start = i + 1;
					continue;
				}
				et = t->comp[k];
			} else {
				et = t->elem;
			}
			snprintf(sub, sizeof(sub), "%s[%zu]", what, k++);
			if ((v = value_n(et, p, m, sub, e)) == NULL)
				goto fail;
			json_push(arr, v);
			start = i + 1;
		} else if (c == ']' || c == ')' || c == '}') {
			list_error(t, what, "unbalanced brackets", e);
			goto fail;
		}
	}
	if (quoted || depth != 0) {
		list_error(t, what, quoted ? "an unclosed string" :
		    "unbalanced brackets", e);
		goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

static cJSON *
value_n(const struct abi_type *t, const char *s, size_t n, const char *what,
    struct or_err *e)
{
	cJSON *v, *lit;
	const char *c;
	size_t cn;

	if ((lit = json_string_literal(s, n)) != NULL) {
		/* a value written as a JSON string: read its content */
		c = json_strval(lit, &cn);
		if (t->kind == ABI_STRING || strlen(c) != cn)
			return lit;
		v = value_n(t, c, cn, what, e);
		cJSON_Delete(lit);
		return v;
	}
	switch (t->kind) {
	case ABI_UINT:
	case ABI_INT:
		return int_value(s, n);
	case ABI_BOOL:
		if (n == 4 && memcmp(s, "true", 4) == 0)
			return json_bool(1);
		if (n == 5 && memcmp(s, "false", 5) == 0)
			return json_bool(0);
		break;
	case ABI_ARRAY:
	case ABI_FARRAY:
	case ABI_TUPLE:
		if (n > 0 && s[0] == '{' && t->kind == ABI_TUPLE)
			return json_parse(s, n, 0, e);
		if (n > 0 && (s[0] == '[' || (s[0] == '(' &&
		    t->kind == ABI_TUPLE)))
			return list_value(t, s, n, what, e);
		break;
	default:
		break;
	}
	/* the text as it is (invalid UTF-8 as U+FFFD, as JSON holds it): a
	 * string, or a value the encoder rejects */
	return json_new_lossy(s, n);
}

cJSON *
abiarg_value(const struct abi_type *t, const char *text, const char *what,
    struct or_err *e)
{
	return value_n(t, text, strlen(text), what, e);
}

cJSON *
abiarg_list(const struct abi_type *params, char *const *argv, size_t n,
    struct or_err *e)
{
	cJSON *arr = json_array(), *v;
	char what[32];
	size_t i;

	for (i = 0; i < n; i++) {
		if (i >= params->len) {
			json_push(arr, json_new_lossy(argv[i],
			    strlen(argv[i])));
			continue;
		}
		snprintf(what, sizeof(what), "args[%zu]", i);
		if ((v = abiarg_value(params->comp[i], argv[i], what, e)) ==
		    NULL) {
			cJSON_Delete(arr);
			return NULL;
		}
		json_push(arr, v);
	}
	return arr;
}
