/* msghash: EIP-191 and EIP-712 digests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "hex.h"
#include "intval.h"
#include "keccak.h"
#include "msghash.h"
#include "banned.h"

#define MAX_DEPS 256

void
msghash_eip191(const uint8_t *msg, size_t n, uint8_t out[32])
{
	struct keccak k;
	char len[32];
	int l = snprintf(len, sizeof(len), "%zu", n);

	keccak_init(&k);
	keccak_update(&k, "\x19" "Ethereum Signed Message:\n", 26);
	keccak_update(&k, len, (size_t)l);
	keccak_update(&k, msg, n);
	keccak_final(&k, out);
}

/* The members array of a struct type, or NULL when name is no struct. */
static const cJSON *
members(const cJSON *types, const char *name, size_t n)
{
	const cJSON *c;

	for (c = types->child; c != NULL; c = c->next)
		if (strlen(c->string) == n && memcmp(c->string, name, n) == 0)
			return c;
	return NULL;
}

/* Length of the base type name: "Person[][3]" -> 6. */
static size_t
base_len(const char *type)
{
	const char *b = strchr(type, '[');

	return b != NULL ? (size_t)(b - type) : strlen(type);
}

static int
check_members(const cJSON *m, struct or_err *e)
{
	const cJSON *f;

	if (!cJSON_IsArray(m))
		return or_error(e, "eip712.bad_format",
		    "type '%s' must be an array of {name, type}", m->string);
	cJSON_ArrayForEach(f, m)
		if (json_strval(json_get(f, "name"), NULL) == NULL ||
		    json_strval(json_get(f, "type"), NULL) == NULL)
			return or_error(e, "eip712.bad_format",
			    "type '%s' has a member without name or type",
			    m->string);
	return 0;
}

/* Collect name and the struct types it references, depth first. */
static int
collect(const cJSON *types, const char *name, size_t n, const char **deps,
    size_t *ndeps, struct or_err *e)
{
	const cJSON *m = members(types, name, n), *f;
	size_t i;

	if (m == NULL)
		return 0;
	for (i = 0; i < *ndeps; i++)
		if (strcmp(deps[i], m->string) == 0)
			return 0;
	if (*ndeps == MAX_DEPS)
		return or_error(e, "eip712.bad_format", "too many types");
	if (check_members(m, e) < 0)
		return -1;
	deps[(*ndeps)++] = m->string;
	cJSON_ArrayForEach(f, m) {
		const char *t = json_strval(json_get(f, "type"), NULL);

		if (collect(types, t, base_len(t), deps, ndeps, e) < 0)
			return -1;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
encode_one(struct buf *b, const cJSON *m)
{
	const cJSON *f;

	buf_add(b, m->string, strlen(m->string));
	buf_addc(b, '(');
	cJSON_ArrayForEach(f, m) {
		const char *t = json_strval(json_get(f, "type"), NULL);
		const char *nm = json_strval(json_get(f, "name"), NULL);

		buf_addf(b, "%s %s%s", t, nm, f->next != NULL ? "," : "");
	}
	buf_addc(b, ')');
}

static int
type_hash(const cJSON *types, const char *name, uint8_t out[32],
    struct or_err *e)
{
	const char *deps[MAX_DEPS];
	size_t n = 0, i;
	struct buf b = { 0 };

	if (collect(types, name, strlen(name), deps, &n, e) < 0)
		return -1;
	/* the primary type first, then its dependencies by name */
	qsort(deps + 1, n - 1, sizeof(*deps), cmp_str);
	for (i = 0; i < n; i++)
		encode_one(&b, members(types, deps[i], strlen(deps[i])));
	keccak256(b.p, b.len, out);
	buf_free(&b);
	return 0;
}

/* The decimal width suffix of a type name ("256" of "uint256"). */
static int
width(const char *s, unsigned *out)
{
	uint64_t v;

	if (parse_u64(s, &v) < 0 || v > 256 || s[0] == '0')
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int hash_struct(const cJSON *types, const char *name,
    const cJSON *val, const char *what, int depth, uint8_t out[32],
    struct or_err *e);

/* One member value to its 32-byte encoding. */
static int
encode_value(const cJSON *types, const char *type, const cJSON *val,
    const char *what, int depth, uint8_t out[32], struct or_err *e)
{
	size_t tl = strlen(type), n;
	const char *s;
	uint8_t *bytes;
	unsigned bits = 0;
	char tmp[96];

	if (depth > JSON_MAX_DEPTH)
		return or_error(e, "eip712.bad_value", "'%s' nests too deep",
		    what);
	memset(out, 0, 32);
	if (tl > 0 && type[tl - 1] == ']') {
		/* array: keccak of the concatenated encodings */
		const char *open = strrchr(type, '[');
		char *inner;
		struct keccak k;
		uint64_t want = 0;
		const cJSON *it;
		uint8_t h[32];
		int idx = 0;

		if (open == NULL || open == type || (open[1] != ']' &&
		    (tl - (size_t)(open - type) > 20 ||
		    (snprintf(tmp, sizeof(tmp), "%.*s", (int)(tl - 2 -
		    (size_t)(open - type)), open + 1),
		    parse_u64(tmp, &want) < 0))))
			return or_error(e, "eip712.unknown_type",
			    "unknown type '%s' in '%s'", type, what);
		if (!cJSON_IsArray(val))
			return or_error(e, "eip712.bad_value",
			    "'%s' must be an array", what);
		if (open[1] != ']' && (uint64_t)cJSON_GetArraySize(val) != want)
			return or_error(e, "eip712.bad_value",
			    "'%s' must have the length of '%s'", what, type);
		inner = xmemdup(type, (size_t)(open - type));
		keccak_init(&k);
		cJSON_ArrayForEach(it, val) {
			snprintf(tmp, sizeof(tmp), "%.80s[%d]", what, idx++);
			if (encode_value(types, inner, it, tmp, depth + 1, h,
			    e) < 0) {
				free(inner);
				return -1;
			}
			keccak_update(&k, h, 32);
		}
		keccak_final(&k, out);
		free(inner);
		return 0;
	}
	if (members(types, type, tl) != NULL)
		return hash_struct(types, type, val, what, depth + 1, out, e);
	if (strcmp(type, "string") == 0) {
		if ((s = json_strval(val, &n)) == NULL)
			return or_error(e, "eip712.bad_value",
			    "'%s' must be a string", what);
		keccak256(s, n, out);
		return 0;
	}
	if (strcmp(type, "bool") == 0) {
		if (!cJSON_IsBool(val))
			return or_error(e, "eip712.bad_value",
			    "'%s' must be true or false", what);
		out[31] = cJSON_IsTrue(val) ? 1 : 0;
		return 0;
	}
	if (strcmp(type, "address") == 0) {
		if ((s = json_strval(val, NULL)) == NULL)
			return or_error(e, "eip712.bad_value",
			    "'%s' must be an address string", what);
		return address_decode(s, out + 12, what, e);
	}
	if (strcmp(type, "bytes") == 0 || (strncmp(type, "bytes", 5) == 0 &&
	    width(type + 5, &bits) == 0)) {
		if ((s = json_strval(val, &n)) == NULL ||
		    hex_decode(s, n, &bytes, &n, what, e) < 0)
			return s == NULL ? or_error(e, "eip712.bad_value",
			    "'%s' must be a 0x hex string", what) : -1;
		if (type[5] == '\0') {
			keccak256(bytes, n, out);
		} else if (bits < 1 || bits > 32 || n > bits) {
			free(bytes);
			return or_error(e, "eip712.bad_value",
			    "'%s' does not fit %s", what, type);
		} else {
			memcpy(out, bytes, n);	/* right-padded */
		}
		free(bytes);
		return 0;
	}
	if (strncmp(type, "uint", 4) == 0 || strncmp(type, "int", 3) == 0) {
		int sign = type[0] == 'i';
		const char *w = type + (sign ? 3 : 4);

		bits = 256;
		if (*w != '\0' && (width(w, &bits) < 0 || bits < 8 ||
		    bits > 256 || bits % 8 != 0))
			return or_error(e, "eip712.unknown_type",
			    "unknown type '%s' in '%s'", type, what);
		return intval_from_json(val, (int)bits, sign, out, what, e);
	}
	return or_error(e, "eip712.unknown_type", "unknown type '%s' in '%s'",
	    type, what);
}

static int
hash_struct(const cJSON *types, const char *name, const cJSON *val,
    const char *what, int depth, uint8_t out[32], struct or_err *e)
{
	const cJSON *m = members(types, name, strlen(name)), *f;
	struct keccak k;
	uint8_t h[32];
	char tmp[96];

	if (!cJSON_IsObject(val))
		return or_error(e, "eip712.bad_value",
		    "'%s' must be an object of type '%s'", what, name);
	if (type_hash(types, name, h, e) < 0)
		return -1;
	keccak_init(&k);
	keccak_update(&k, h, 32);
	cJSON_ArrayForEach(f, m) {
		const char *t = json_strval(json_get(f, "type"), NULL);
		const char *nm = json_strval(json_get(f, "name"), NULL);
		const cJSON *v = json_get(val, nm);

		snprintf(tmp, sizeof(tmp), "%.40s.%.40s", what, nm);
		if (v == NULL)
			return or_error(e, "eip712.bad_value",
			    "missing '%s'", tmp);
		if (encode_value(types, t, v, tmp, depth, h, e) < 0)
			return -1;
		keccak_update(&k, h, 32);
	}
	keccak_final(&k, out);
	return 0;
}

/* Types with an EIP712Domain made from the domain's fields in the standard
 * order.  Wallets differ on a domain type listed in another order (cast and
 * ethers reorder it, MetaMask follows it), so such a type, and a domain
 * field outside the standard five, are refused rather than signed in a way
 * some verifier would not reproduce. */
static cJSON *
with_domain(const cJSON *types, const cJSON *domain, struct or_err *e)
{
	static const char *const std[][2] = {
		{ "name", "string" }, { "version", "string" },
		{ "chainId", "uint256" }, { "verifyingContract", "address" },
		{ "salt", "bytes32" },
	};
	const size_t nstd = sizeof(std) / sizeof(std[0]);
	const cJSON *given = json_get(types, "EIP712Domain"), *f, *g;
	cJSON *t, *arr;
	size_t i;

	cJSON_ArrayForEach(f, domain) {
		for (i = 0; i < nstd && strcmp(f->string, std[i][0]) != 0; i++)
			;
		if (i == nstd) {
			or_error(e, "eip712.bad_domain", "domain field '%s' is "
			    "not one of name, version, chainId, "
			    "verifyingContract, salt", f->string);
			return NULL;
		}
	}
	arr = json_array();
	for (i = 0; i < nstd; i++) {
		cJSON *m;

		if (json_get(domain, std[i][0]) == NULL)
			continue;
		m = json_object();
		json_set_str(m, "name", std[i][0]);
		json_set_str(m, "type", std[i][1]);
		json_push(arr, m);
	}
	if (given != NULL) {
		const char *gn, *gt;

		g = cJSON_IsArray(given) ? given->child : NULL;
		for (f = arr->child; f != NULL && g != NULL;
		    f = f->next, g = g->next) {
			gn = json_strval(json_get(g, "name"), NULL);
			gt = json_strval(json_get(g, "type"), NULL);
			if (gn == NULL || gt == NULL ||
			    strcmp(gn, json_strval(json_get(f, "name"), NULL)) ||
			    strcmp(gt, json_strval(json_get(f, "type"), NULL)))
				break;
		}
		if (f != NULL || g != NULL || !cJSON_IsArray(given)) {
			cJSON_Delete(arr);
			return or_error(e, "eip712.bad_domain", "'EIP712Domain' "
			    "must list the domain's fields in the order name, "
			    "version, chainId, verifyingContract, salt, with "
			    "types string, string, uint256, address, bytes32"),
			    NULL;
		}
	}
	t = json_dup(types);
	json_set(t, "EIP712Domain", arr);
	return t;
}

int
msghash_eip712(const cJSON *typed, uint8_t out[32], struct or_err *e)
{
	const cJSON *types = json_get(typed, "types");
	const cJSON *domain = json_get(typed, "domain");
	const cJSON *msg = json_get(typed, "message");
	const char *primary = json_strval(json_get(typed, "primaryType"), NULL);
	uint8_t pre[66] = { 0x19, 0x01 };
	cJSON *all;
	int rc = -1;

	if (!cJSON_IsObject(typed) || !cJSON_IsObject(types) ||
	    !cJSON_IsObject(domain) || primary == NULL)
		return or_error(e, "eip712.bad_format", "typed data needs "
		    "'types', 'primaryType', 'domain' and 'message'");
	if ((all = with_domain(types, domain, e)) == NULL)
		return -1;
	if (hash_struct(all, "EIP712Domain", domain, "domain", 0, pre + 2,
	    e) < 0)
		goto out;
	if (strcmp(primary, "EIP712Domain") == 0) {
		keccak256(pre, 34, out);
		rc = 0;
		goto out;
	}
	if (members(all, primary, strlen(primary)) == NULL) {
		or_error(e, "eip712.unknown_type",
		    "primaryType '%s' is not in 'types'", primary);
		goto out;
	}
	if (msg == NULL) {
		or_error(e, "eip712.bad_format", "typed data has no 'message'");
		goto out;
	}
	if (hash_struct(all, primary, msg, "message", 0, pre + 34, e) < 0)
		goto out;
	keccak256(pre, 66, out);
	rc = 0;
out:
	cJSON_Delete(all);
	return rc;
}
