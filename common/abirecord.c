/* abirecord: the or-abi verbs on one record (abirecord.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "abirecord.h"
#include "hex.h"
#include "keccak.h"
#include "rlp.h"
#include "banned.h"

/* ---- record fields ---- */

static int
str_field(const cJSON *rec, const char *key, const char **s,
    struct or_err *e)
{
	size_t n;
	int r = json_field_str(rec, key, s, &n, e);

	if (r == 1 && strlen(*s) != n)
		return or_error(e, "json.bad_field", "'%s' holds a NUL byte",
		    key);
	return r;
}

/* The ABI files of a record: "abi" (a path or an array of paths), else
 * the --abi options.  Returns the count, -1 on error. */
static int
record_abis(const cJSON *rec, struct abirecord *s, const struct abi_file **out,
    size_t max, struct or_err *e)
{
	const cJSON *a = json_get(rec, "abi"), *c;
	const char *path;
	size_t n = 0, i;

	if (a == NULL) {
		for (i = 0; i < s->nabis && n < max; i++)
			if ((out[n++] = abicache_file(&s->cache, s->abis[i], 0,
			    e)) == NULL)
				return -1;
		return (int)n;
	}
	if ((path = json_strval(a, NULL)) != NULL) {
		if ((out[0] = abicache_file(&s->cache, path, 0, e)) == NULL)
			return -1;
		return 1;
	}
	if (!cJSON_IsArray(a))
		return or_error(e, "json.bad_field", "'abi' must be a path or "
		    "an array of paths");
	for (c = a->child; c != NULL; c = c->next) {
		if (n == max)
			return or_error(e, "json.bad_field", "'abi' names more "
			    "than %zu files", max);
		if ((path = json_strval(c, NULL)) == NULL)
			return or_error(e, "json.bad_field", "'abi' must be a "
			    "path or an array of paths");
		if ((out[n++] = abicache_file(&s->cache, path, 0, e)) == NULL)
			return -1;
	}
	return (int)n;
}

/* Find NAME of kind what in the record's ABIs. */
static const struct abi_sig *
find_in_abis(const cJSON *rec, struct abirecord *s, enum abi_what what,
    const char *name, struct or_err *e)
{
	const struct abi_file *files[ABIRECORD_MAX_ABIS];
	const struct abi_sig *g;
	int n, i;

	if ((n = record_abis(rec, s, files, ABIRECORD_MAX_ABIS, e)) < 0)
		return NULL;
	if (n == 0) {
		or_error(e, "abi.missing_field", "'%s' needs an ABI: give "
		    "'abi' or --abi", name);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if ((g = abi_file_find(files[i], what, name, e)) != NULL ||
		    strcmp(e->code, "abi.no_function") != 0)
			return g;
	return NULL;
}

/* The bytes to decode: "data", or for return and revert data the
 * "returnData" / "revertData" that or-rpc call and wait add next to the
 * calldata in "data". */
static int
data_field(const cJSON *rec, const char *mode, uint8_t **p, size_t *n,
    struct or_err *e)
{
	const char *key = "data", *s;
	int r;

	if (strcmp(mode, "output") == 0 && json_get(rec, "returnData"))
		key = "returnData";
	else if (strcmp(mode, "error") == 0 && json_get(rec, "revertData"))
		key = "revertData";
	if ((r = str_field(rec, key, &s, e)) < 0)
		return -1;
	if (r == 0)
		return or_error(e, "abi.missing_field", "record has no 'data'");
	return hex_decode(s, strlen(s), p, n, key, e);
}

/* The hex text is written straight into the new string node: for a
 * stream of large calldata this saves a copy per record. */
static void
set_hex(cJSON *rec, const char *key, const uint8_t *p, size_t n)
{
	cJSON *v = cJSON_CreateString("");

	if (v == NULL)
		die_oom();
	free(v->valuestring);
	v->valuestring = xmalloc(2 * n + 3);
	hex_encode(v->valuestring, p, n);
	json_set(rec, key, v);
}

/* ---- encode ---- */

const struct abi_sig *
abirecord_encode_sig(const cJSON *rec, struct abirecord *s, struct or_err *e)
{
	const char *sig, *fn;
	int r;

	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		return NULL;
	if (r == 1)
		return abicache_sig(&s->cache, sig, ABI_FUNCTION, e);
	if ((r = str_field(rec, "function", &fn, e)) < 0)
		return NULL;
	if (r == 0) {
		or_error(e, "abi.missing_field", "record has no 'sig' (or "
		    "'function' with an ABI)");
		return NULL;
	}
	return find_in_abis(rec, s, strcmp(fn, "constructor") == 0 ?
	    ABI_CONSTRUCTOR : ABI_FUNCTION, fn, e);
}

int
abirecord_encode(cJSON *rec, struct abirecord *s, struct or_err *e)
{
	const struct abi_sig *g;
	const cJSON *args = json_get(rec, "args");
	const char *sig = NULL, *code = NULL;
	struct buf out = { 0 };
	cJSON *pk = json_get(rec, "packed");
	int r, packed = s->packed, selector;
	uint8_t *bc = NULL;
	size_t bn = 0;

	if ((g = abirecord_encode_sig(rec, s, e)) == NULL)
		return -1;
	if (str_field(rec, "sig", &sig, e) < 0)
		return -1;
	if (g->what == ABI_EVENT)
		return or_error(e, "abi.bad_signature", "'%s' is an event: "
		    "events are not encoded as calls", g->canon);
	if (pk != NULL && !cJSON_IsBool(pk))
		return or_error(e, "json.bad_field", "'packed' must be true or "
		    "false");
	if (pk != NULL)
		packed = cJSON_IsTrue(pk);
	if (args != NULL && !cJSON_IsArray(args) && !cJSON_IsObject(args))
		return or_error(e, "json.bad_field", "'args' must be an array "
		    "or an object");
	/* no 'args': an empty list, freed below */
	if (args == NULL)
		args = json_array();
	selector = g->what != ABI_CONSTRUCTOR && *g->name != '\0' && !packed;
	/* creation code: the record's, the option's, or the artifact's */
	if ((r = str_field(rec, "bytecode", &code, e)) < 0)
		goto fail;
	if (r == 0)
		code = s->bytecode;
	if (code == NULL && g->what == ABI_CONSTRUCTOR && sig == NULL) {
		const struct abi_file *files[ABIRECORD_MAX_ABIS];
		int n = record_abis(rec, s, files, ABIRECORD_MAX_ABIS, e), i;

		for (i = 0; i < n && code == NULL; i++)
			if (abi_file_find(files[i], ABI_CONSTRUCTOR,
			    "constructor", e) != NULL)
				code = files[i]->bytecode;
	}
	if (code != NULL) {
		if (selector || packed) {
			or_error(e, "json.bad_field", "'bytecode' goes with a "
			    "constructor, not with '%s'", g->canon);
			goto fail;
		}
		if (hex_decode(code, strlen(code), &bc, &bn, "bytecode", e) < 0)
			goto fail;
		buf_add(&out, bc, bn);
		free(bc);
	}
	if (selector)
		buf_add(&out, g->hash, 4);
	if ((packed ? abi_encode_packed(g->in, args, &out, "args", e) :
	    abi_encode(g->in, args, &out, "args", e)) < 0)
		goto fail;
	set_hex(rec, "data", (const uint8_t *)out.p, out.len);
	if (args != json_get(rec, "args"))
		cJSON_Delete((cJSON *)args);
	buf_free(&out);
	return 0;
fail:
	if (args != json_get(rec, "args"))
		cJSON_Delete((cJSON *)args);
	buf_free(&out);
	return -1;
}

/* ---- decode ---- */

static int
set_decoded(cJSON *rec, cJSON *decoded, const char *sig)
{
	if (decoded == NULL)
		return -1;
	json_set(rec, "decoded", decoded);
	json_set_str(rec, "decodedSig", sig);
	return 0;
}

static int
decode_calldata(cJSON *rec, struct abirecord *s, const uint8_t *p, size_t n,
    struct or_err *e)
{
	const struct abi_file *files[ABIRECORD_MAX_ABIS];
	const struct abi_sig *g = NULL;
	const char *sig, *fn;
	int rs, rf = 0, k, i;

	if ((rs = str_field(rec, "sig", &sig, e)) < 0)
		return -1;
	if (rs == 0 && (rf = str_field(rec, "function", &fn, e)) < 0)
		return -1;
	if (rs == 0 && rf == 0 && s->sig != NULL) {
		sig = s->sig;
		rs = 1;
	}
	if (rs == 1) {
		if ((g = abicache_sig(&s->cache, sig, ABI_FUNCTION, e)) == NULL)
			return -1;
		/* a bare list or a constructor has no selector */
		if (*g->name == '\0' || g->what == ABI_CONSTRUCTOR)
			return set_decoded(rec, abi_decode(g->in, p, n, e),
			    g->canon);
	}
	if (n < 4)
		return or_error(e, "abi.short_data", "calldata shorter than a "
		    "selector");
	if (rf == 1 && (g = find_in_abis(rec, s, ABI_FUNCTION, fn, e)) == NULL)
		return -1;
	if (g == NULL) {
		/* no sig, no function: the selector picks it in the ABIs */
		if ((k = record_abis(rec, s, files, ABIRECORD_MAX_ABIS, e)) < 0)
			return -1;
		if (k == 0)
			return or_error(e, "abi.missing_field", "record has no "
			    "'sig' and no ABI is given");
		for (i = 0; i < k && g == NULL; i++)
			g = abi_file_by_hash(files[i], ABI_FUNCTION, p, 4);
		if (g == NULL)
			return or_error(e, "abi.unknown_selector", "no function "
			    "with selector 0x%02x%02x%02x%02x in the ABI",
			    p[0], p[1], p[2], p[3]);
	}
	if (memcmp(g->hash, p, 4) != 0)
		return or_error(e, "abi.selector_mismatch", "calldata selector "
		    "0x%02x%02x%02x%02x is not that of %s", p[0], p[1], p[2],
		    p[3], g->canon);
	return set_decoded(rec, abi_decode(g->in, p + 4, n - 4, e), g->canon);
}

static int
decode_output(cJSON *rec, struct abirecord *s, const char *types,
    const uint8_t *p, size_t n, struct or_err *e)
{
	const struct abi_file *files[ABIRECORD_MAX_ABIS];
	const struct abi_sig *g;
	struct abi_type *t;
	struct buf canon = { 0 };
	int k, r;
	const char *q;

	if ((k = record_abis(rec, s, files, ABIRECORD_MAX_ABIS, e)) < 0)
		return -1;
	if (k > 0) {
		/* with an ABI, TYPES names a function */
		if ((g = find_in_abis(rec, s, ABI_FUNCTION, types, e)) == NULL)
			return -1;
		return set_decoded(rec, abi_decode(g->out, p, n, e), g->canon);
	}
	/* "f(uint256)(address)": an identifier right before the first '(' */
	if ((q = strchr(types, '(')) != NULL)
		while (q > types && q[-1] == ' ')
			q--;
	if (q != NULL && q > types && (q[-1] == '_' || q[-1] == '$' ||
	    (q[-1] >= 'a' && q[-1] <= 'z') || (q[-1] >= 'A' && q[-1] <= 'Z') ||
	    (q[-1] >= '0' && q[-1] <= '9')) && !(q - types >= 5 &&
	    strncmp(q - 5, "tuple", 5) == 0)) {
		/* "f(uint256)(address)": the return list of a signature */
		g = abicache_sig(&s->cache, types, ABI_FUNCTION, e);
		if (g == NULL)
			return -1;
		if (g->out == NULL)
			return or_error(e, "abi.bad_signature", "'%s' has no "
			    "return types", types);
		return set_decoded(rec, abi_decode(g->out, p, n, e), g->canon);
	}
	if ((t = abi_params_parse(types, strlen(types), e)) == NULL)
		return -1;
	abi_type_canon(t, &canon);
	r = set_decoded(rec, abi_decode(t, p, n, e), canon.p);
	buf_free(&canon);
	abi_type_free(t);
	return r;
}

static int
decode_log(cJSON *rec, struct abirecord *s, const uint8_t *p, size_t n,
    struct or_err *e)
{
	const struct abi_file *files[ABIRECORD_MAX_ABIS];
	const struct abi_sig *g = NULL;
	const cJSON *tv = json_get(rec, "topics"), *c;
	uint8_t (*topics)[32] = NULL;
	size_t nt = 0, i;
	const char *sig, *hex;
	char what[32];
	int r, k;

	if (tv == NULL || !cJSON_IsArray(tv))
		return or_error(e, "abi.missing_field", "a log needs 'topics', "
		    "an array of 32-byte hex strings");
	for (c = tv->child; c != NULL; c = c->next)
		nt++;
	if (nt > 4)
		return or_error(e, "abi.bad_topics", "a log has at most 4 "
		    "topics, this one has %zu", nt);
	topics = xcalloc(nt ? nt : 1, 32);
	for (c = tv->child, i = 0; c != NULL; c = c->next, i++) {
		snprintf(what, sizeof(what), "topics[%zu]", i);
		if ((hex = json_strval(c, NULL)) == NULL) {
			or_error(e, "abi.bad_topics", "'%s' must be a 32-byte "
			    "hex string", what);
			goto fail;
		}
		if (hex_decode_fixed(hex, topics[i], 32, what, e) < 0)
			goto fail;
	}
	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		goto fail;
	if (r == 0 && s->sig != NULL) {
		sig = s->sig;
		r = 1;
	}
	if (r == 1) {
		if ((g = abicache_sig(&s->cache, sig, ABI_EVENT, e)) == NULL)
			goto fail;
	} else {
		if ((k = record_abis(rec, s, files, ABIRECORD_MAX_ABIS, e)) < 0)
			goto fail;
		if (k == 0) {
			or_error(e, "abi.missing_field", "record has no 'sig' "
			    "and no ABI is given");
			goto fail;
		}
		for (i = 0; nt > 0 && i < (size_t)k && g == NULL; i++)
			g = abi_file_by_hash(files[i], ABI_EVENT, topics[0],
			    32);
		if (g == NULL) {
			or_error(e, "abi.unknown_event", "no event with this "
			    "topic 0 in the ABI");
			goto fail;
		}
	}
	r = set_decoded(rec, abi_decode_log(g, (const uint8_t (*)[32])topics,
	    nt, p, n, e), g->canon);
	free(topics);
	return r;
fail:
	free(topics);
	return -1;
}

static int
decode_error(cJSON *rec, struct abirecord *s, const uint8_t *p, size_t n,
    struct or_err *e)
{
	const struct abi_file *files[ABIRECORD_MAX_ABIS];
	const struct abi_sig *g;
	const char *sig, *panic;
	char *canon;
	cJSON *decoded;
	int r, k;

	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		return -1;
	if (r == 0 && s->sig != NULL) {
		sig = s->sig;
		r = 1;
	}
	if (r == 1) {
		/* one given error, checked against the selector */
		if ((g = abicache_sig(&s->cache, sig, ABI_ERROR, e)) == NULL)
			return -1;
		if (n < 4 || memcmp(g->hash, p, 4) != 0)
			return or_error(e, "abi.selector_mismatch", "revert "
			    "data does not start with the selector of %s",
			    g->canon);
		return set_decoded(rec, abi_decode(g->in, p + 4, n - 4, e),
		    g->canon);
	}
	if ((k = record_abis(rec, s, files, ABIRECORD_MAX_ABIS, e)) < 0)
		return -1;
	if (abi_decode_revert(files, (size_t)k, p, n, &decoded, &canon,
	    &panic, e) < 0)
		return -1;
	set_decoded(rec, decoded, canon);
	if (panic != NULL)
		json_set_str(rec, "panic", panic);
	free(canon);
	return 0;
}

int
abirecord_decode(cJSON *rec, struct abirecord *s, struct or_err *e)
{
	const char *mode = s->mode, *types = s->output;
	uint8_t *p = NULL;
	size_t n;
	int r;

	if ((r = str_field(rec, "output", &types, e)) < 0)
		return -1;
	if (r == 1)
		mode = "output";
	if (str_field(rec, "decode", &mode, e) < 0)
		return -1;
	/* the record or-rpc logs ends with (after its "log" detail
	 * records) is no log: it passes through unchanged */
	if (strcmp(mode, "log") == 0 && json_get(rec, "kind") == NULL &&
	    json_get(rec, "data") == NULL && json_get(rec, "logCount") != NULL)
		return 0;
	if (data_field(rec, mode, &p, &n, e) < 0)
		return -1;
	if (strcmp(mode, "calldata") == 0)
		r = decode_calldata(rec, s, p, n, e);
	else if (strcmp(mode, "output") == 0 && types != NULL)
		r = decode_output(rec, s, types, p, n, e);
	else if (strcmp(mode, "output") == 0)
		r = or_error(e, "abi.missing_field", "output decoding needs "
		    "'output' (types or a function name)");
	else if (strcmp(mode, "log") == 0)
		r = decode_log(rec, s, p, n, e);
	else if (strcmp(mode, "error") == 0)
		r = decode_error(rec, s, p, n, e);
	else
		r = or_error(e, "json.bad_field", "'decode' must be calldata, "
		    "output, log or error");
	free(p);
	return r;
}

/* ---- selector, topic ---- */

int
abirecord_hash(cJSON *rec, struct abirecord *s, int topic,
    struct or_err *e)
{
	const cJSON *entry = json_get(rec, "entry");
	struct abi_sig *own = NULL;
	const struct abi_sig *g;
	const char *sig, *name;
	int r;

	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		return -1;
	if (r == 1) {
		g = abicache_sig(&s->cache, sig, topic ? ABI_EVENT :
		    ABI_FUNCTION, e);
	} else if (entry != NULL) {
		g = own = abi_sig_from_json(entry, e);
	} else {
		if ((r = str_field(rec, "name", &name, e)) < 0)
			return -1;
		if (r == 0)
			return or_error(e, "abi.missing_field", "record has no "
			    "'sig', 'entry' or 'name'");
		if (topic)
			g = find_in_abis(rec, s, ABI_EVENT, name, e);
		else if ((g = find_in_abis(rec, s, ABI_FUNCTION, name, e)) ==
		    NULL && strcmp(e->code, "abi.no_function") == 0)
			g = find_in_abis(rec, s, ABI_ERROR, name, e);
	}
	if (g == NULL)
		return -1;
	json_set_str(rec, "signature", g->canon);
	set_hex(rec, topic ? "topic" : "selector", g->hash, topic ? 32 : 4);
	abi_sig_free(own);
	return 0;
}

/* ---- create-address ---- */

int
abirecord_create_address(cJSON *rec, struct or_err *e)
{
	uint8_t from[20], h[32];
	const cJSON *nv = json_get(rec, "nonce");
	struct buf item = { 0 }, list = { 0 };
	const char *s;
	uint64_t nonce;
	int r;

	/* "from", else the "address" whose nonce or-rpc nonce added */
	if ((r = str_field(rec, "from", &s, e)) < 0)
		return -1;
	if (r == 0 && (r = str_field(rec, "address", &s, e)) < 0)
		return -1;
	if (r == 0)
		return or_error(e, "abi.missing_field", "record has no 'from' "
		    "(or 'address')");
	if (address_decode(s, from, json_get(rec, "from") != NULL ? "from" :
	    "address", e) < 0)
		return -1;
	if (nv == NULL)
		return or_error(e, "abi.missing_field", "record has no "
		    "'nonce'");
	if (json_value_u64(nv, "nonce", UINT64_MAX - 1, &nonce, e) < 0)
		return -1;
	/* keccak256(rlp([from, nonce]))[12:] */
	rlp_put_bytes(&item, from, 20);
	rlp_put_u64(&item, nonce);
	rlp_put_list(&list, (const uint8_t *)item.p, item.len);
	keccak256(list.p, list.len, h);
	buf_free(&item);
	buf_free(&list);
	set_hex(rec, "contractAddress", h + 12, 20);
	return 0;
}

/* ---- create2-address ---- */

int
abirecord_create2_address(cJSON *rec, const char *code_hash,
    struct or_err *e)
{
	uint8_t pre[85], *code = NULL, h[32];
	const char *s, *hs = NULL;
	size_t n;
	int rc, rh;

	if ((rc = str_field(rec, "deployer", &s, e)) < 0)
		return -1;
	if (rc == 0)
		return or_error(e, "abi.missing_field", "record has no "
		    "'deployer'");
	if (address_decode(s, pre + 1, "deployer", e) < 0)
		return -1;
	if ((rc = str_field(rec, "salt", &s, e)) < 0)
		return -1;
	if (rc == 0)
		return or_error(e, "abi.missing_field", "record has no 'salt'");
	if (hex_decode_fixed(s, pre + 21, 32, "salt", e) < 0)
		return -1;
	if ((rc = str_field(rec, "initCode", &s, e)) < 0 ||
	    (rh = str_field(rec, "initCodeHash", &hs, e)) < 0)
		return -1;
	if (rc == 1 && rh == 1)
		return or_error(e, "json.bad_field", "give 'initCode' or "
		    "'initCodeHash', not both");
	if (rc == 0 && rh == 0)
		hs = code_hash;
	if (rc == 1) {
		if (hex_decode(s, strlen(s), &code, &n, "initCode", e) < 0)
			return -1;
		keccak256(code, n, pre + 53);
		free(code);
	} else if (hs != NULL) {
		if (hex_decode_fixed(hs, pre + 53, 32, "initCodeHash", e) < 0)
			return -1;
	} else {
		return or_error(e, "abi.missing_field", "record has no "
		    "'initCode' or 'initCodeHash'");
	}
	/* keccak256(0xff ++ deployer ++ salt ++ keccak256(initCode))[12:] */
	pre[0] = 0xff;
	keccak256(pre, sizeof(pre), h);
	set_hex(rec, "contractAddress", h + 12, 20);
	return 0;
}

void
abirecord_free(struct abirecord *s)
{
	abicache_free(&s->cache);
}
