/* or-abi: Solidity ABI encoding and decoding as a JSON-lines filter.
 * Verbs: encode (adds "data"), decode (adds "decoded", "decodedSig"),
 * selector, topic (add "signature" and "selector"/"topic"), create-address
 * (adds "contractAddress").  See man/or-abi.1. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "cli.h"
#include "hex.h"
#include "json.h"
#include "jsonl.h"
#include "keccak.h"
#include "rlp.h"
#include "util.h"
#include "banned.h"

#define ABI_FILE_MAX (64u * 1024 * 1024)

static const char usage[] =
"usage: or-abi encode [options] SIGNATURE [ARG ...]\n"
"       or-abi encode [options] --abi FILE FUNCTION [ARG ...]\n"
"       or-abi decode [options] [SIGNATURE] DATA\n"
"       or-abi decode [options] --output TYPES DATA\n"
"       or-abi decode [options] --log [SIGNATURE] DATA [TOPIC ...]\n"
"       or-abi decode [options] --error DATA\n"
"       or-abi selector | topic [options] [SIGNATURE ...]\n"
"       or-abi create-address [options] [ADDRESS NONCE]\n"
"\n"
"  -a, --abi FILE        contract ABI (JSON array or artifact); repeatable\n"
"  -b, --bytecode HEX    creation code put before constructor arguments\n"
"      --error           decode revert data\n"
"      --fail-fast       stop after the first failed record\n"
"  -h, --help            show this help\n"
"      --log             decode event logs (data and topics)\n"
"  -o, --output TYPES    decode return data of these types (or FUNCTION)\n"
"      --packed          encode as abi.encodePacked\n"
"  -q, --quiet           no stderr line for each failed record\n"
"      --version         print the version\n";

enum verb { ENCODE, DECODE, SELECTOR, TOPIC, CREATE };

static const char *const log_kinds[] = { "log", NULL };

enum {
	OPT_ERROR = OPT_TOOL_BASE,
	OPT_LOG,
	OPT_PACKED
};

static struct {
	enum verb verb;
	const char **abis;
	size_t nabis;
	const char *bytecode;
	const char *output;
	const char *mode;	/* default decode mode */
	int packed;
} opt;

/* ---- caches: ABI files by path, the last signature parsed ---- */

struct abi_cache {
	char *path;
	struct abi_file f;
	int pinned;		/* an --abi file, kept for the whole run */
	struct abi_cache *next;
};
static struct abi_cache *abi_cache;
static size_t abi_cached;

#define ABI_CACHE_MAX 64

/* Between records, forget the files records named once there are many,
 * so a stream naming ever new files keeps a bounded cache. */
static void
trim_abi_cache(void)
{
	struct abi_cache **pp = &abi_cache, *c;

	if (abi_cached <= ABI_CACHE_MAX)
		return;
	while ((c = *pp) != NULL) {
		if (c->pinned) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		abi_file_free(&c->f);
		free(c->path);
		free(c);
		abi_cached--;
	}
}

static const struct abi_file *
load_abi(const char *path, struct or_err *e)
{
	struct abi_cache *c;
	struct buf b = { 0 };
	cJSON *doc;
	struct abi_file f;

	for (c = abi_cache; c != NULL; c = c->next)
		if (strcmp(c->path, path) == 0)
			return &c->f;
	if (read_file(path, ABI_FILE_MAX, &b, e) < 0) {
		buf_free(&b);
		return NULL;
	}
	doc = json_parse(b.p, b.len, 0, e);
	buf_free(&b);
	if (doc == NULL || abi_file_load(doc, &f, e) < 0) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		cJSON_Delete(doc);
		or_error(e, "abi.bad_abi", "invalid ABI file '%s': %s", path,
		    why);
		return NULL;
	}
	cJSON_Delete(doc);
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->f = f;
	c->next = abi_cache;
	abi_cache = c;
	abi_cached++;
	return &c->f;
}

/* The last signature text parsed, since a stream usually repeats one. */
static struct {
	char *text;
	int what;
	struct abi_sig *sig;
} sig_cache;

static const struct abi_sig *
parse_sig(const char *text, enum abi_what what, struct or_err *e)
{
	struct abi_sig *g;

	if (sig_cache.text != NULL && sig_cache.what == (int)what &&
	    strcmp(sig_cache.text, text) == 0)
		return sig_cache.sig;
	if ((g = abi_sig_parse(text, what, e)) == NULL)
		return NULL;
	free(sig_cache.text);
	abi_sig_free(sig_cache.sig);
	sig_cache.text = xstrdup(text);
	sig_cache.what = (int)what;
	sig_cache.sig = g;
	return g;
}

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
record_abis(const cJSON *rec, const struct abi_file **out, size_t max,
    struct or_err *e)
{
	const cJSON *a = json_get(rec, "abi"), *c;
	const char *s;
	size_t n = 0, i;

	if (a == NULL) {
		for (i = 0; i < opt.nabis && n < max; i++)
			if ((out[n++] = load_abi(opt.abis[i], e)) == NULL)
				return -1;
		return (int)n;
	}
	if ((s = json_strval(a, NULL)) != NULL) {
		if ((out[0] = load_abi(s, e)) == NULL)
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
		if ((s = json_strval(c, NULL)) == NULL)
			return or_error(e, "json.bad_field", "'abi' must be a "
			    "path or an array of paths");
		if ((out[n++] = load_abi(s, e)) == NULL)
			return -1;
	}
	return (int)n;
}

#define MAX_ABIS 16

/* Find NAME of kind what in the record's ABIs. */
static const struct abi_sig *
find_in_abis(const cJSON *rec, enum abi_what what, const char *name,
    struct or_err *e)
{
	const struct abi_file *files[MAX_ABIS];
	const struct abi_sig *g;
	int n, i;

	if ((n = record_abis(rec, files, MAX_ABIS, e)) < 0)
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

static cJSON *
new_array(void)
{
	cJSON *a = cJSON_CreateArray();

	if (a == NULL)
		die_oom();
	return a;
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

static int
enrich_encode(cJSON *rec, struct or_err *e)
{
	const struct abi_sig *g;
	const cJSON *args = json_get(rec, "args");
	const char *sig = NULL, *fn, *code = NULL;
	struct buf out = { 0 };
	cJSON *pk = json_get(rec, "packed");
	int r, packed = opt.packed, selector;
	uint8_t *bc = NULL;
	size_t bn = 0;

	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		return -1;
	if (r == 1) {
		g = parse_sig(sig, ABI_FUNCTION, e);
	} else {
		if ((r = str_field(rec, "function", &fn, e)) < 0)
			return -1;
		if (r == 0)
			return or_error(e, "abi.missing_field", "record has no "
			    "'sig' (or 'function' with an ABI)");
		g = find_in_abis(rec, strcmp(fn, "constructor") == 0 ?
		    ABI_CONSTRUCTOR : ABI_FUNCTION, fn, e);
	}
	if (g == NULL)
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
	if (args == NULL)
		args = new_array();	/* freed below */
	selector = g->what != ABI_CONSTRUCTOR && *g->name != '\0' && !packed;
	/* creation code: the record's, the option's, or the artifact's */
	if ((r = str_field(rec, "bytecode", &code, e)) < 0)
		goto fail;
	if (r == 0)
		code = opt.bytecode;
	if (code == NULL && g->what == ABI_CONSTRUCTOR && sig == NULL) {
		const struct abi_file *files[MAX_ABIS];
		int n = record_abis(rec, files, MAX_ABIS, e), i;

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
decode_calldata(cJSON *rec, const uint8_t *p, size_t n, struct or_err *e)
{
	const struct abi_file *files[MAX_ABIS];
	const struct abi_sig *g = NULL;
	const char *sig, *fn;
	int rs, rf = 0, k, i;

	if ((rs = str_field(rec, "sig", &sig, e)) < 0)
		return -1;
	if (rs == 0 && (rf = str_field(rec, "function", &fn, e)) < 0)
		return -1;
	if (rs == 1) {
		if ((g = parse_sig(sig, ABI_FUNCTION, e)) == NULL)
			return -1;
		/* a bare list or a constructor has no selector */
		if (*g->name == '\0' || g->what == ABI_CONSTRUCTOR)
			return set_decoded(rec, abi_decode(g->in, p, n, e),
			    g->canon);
	}
	if (n < 4)
		return or_error(e, "abi.short_data", "calldata shorter than a "
		    "selector");
	if (rf == 1 && (g = find_in_abis(rec, ABI_FUNCTION, fn, e)) == NULL)
		return -1;
	if (g == NULL) {
		/* no sig, no function: the selector picks it in the ABIs */
		if ((k = record_abis(rec, files, MAX_ABIS, e)) < 0)
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
decode_output(cJSON *rec, const char *types, const uint8_t *p, size_t n,
    struct or_err *e)
{
	const struct abi_file *files[MAX_ABIS];
	const struct abi_sig *g;
	struct abi_type *t;
	struct buf canon = { 0 };
	int k, r;
	const char *q;

	if ((k = record_abis(rec, files, MAX_ABIS, e)) < 0)
		return -1;
	if (k > 0) {
		/* with an ABI, TYPES names a function */
		if ((g = find_in_abis(rec, ABI_FUNCTION, types, e)) == NULL)
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
		if ((g = parse_sig(types, ABI_FUNCTION, e)) == NULL)
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
decode_log(cJSON *rec, const uint8_t *p, size_t n, struct or_err *e)
{
	const struct abi_file *files[MAX_ABIS];
	const struct abi_sig *g = NULL;
	const cJSON *tv = json_get(rec, "topics"), *c;
	uint8_t (*topics)[32] = NULL;
	size_t nt = 0, i;
	const char *sig, *s;
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
		if ((s = json_strval(c, NULL)) == NULL) {
			or_error(e, "abi.bad_topics", "'%s' must be a 32-byte "
			    "hex string", what);
			goto fail;
		}
		if (hex_decode_fixed(s, topics[i], 32, what, e) < 0)
			goto fail;
	}
	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		goto fail;
	if (r == 1) {
		if ((g = parse_sig(sig, ABI_EVENT, e)) == NULL)
			goto fail;
	} else {
		if ((k = record_abis(rec, files, MAX_ABIS, e)) < 0)
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
decode_error(cJSON *rec, const uint8_t *p, size_t n, struct or_err *e)
{
	const struct abi_file *files[MAX_ABIS];
	const struct abi_sig *g;
	const char *sig, *panic;
	char *canon;
	cJSON *decoded;
	int r, k;

	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		return -1;
	if (r == 1) {
		/* one given error, checked against the selector */
		if ((g = parse_sig(sig, ABI_ERROR, e)) == NULL)
			return -1;
		if (n < 4 || memcmp(g->hash, p, 4) != 0)
			return or_error(e, "abi.selector_mismatch", "revert "
			    "data does not start with the selector of %s",
			    g->canon);
		return set_decoded(rec, abi_decode(g->in, p + 4, n - 4, e),
		    g->canon);
	}
	if ((k = record_abis(rec, files, MAX_ABIS, e)) < 0)
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

static int
enrich_decode(cJSON *rec, struct or_err *e)
{
	const char *mode = opt.mode, *types = opt.output;
	uint8_t *p = NULL;
	size_t n;
	int r;

	if ((r = str_field(rec, "output", &types, e)) < 0)
		return -1;
	if (r == 1)
		mode = "output";
	if (str_field(rec, "decode", &mode, e) < 0)
		return -1;
	if (data_field(rec, mode, &p, &n, e) < 0)
		return -1;
	if (strcmp(mode, "calldata") == 0)
		r = decode_calldata(rec, p, n, e);
	else if (strcmp(mode, "output") == 0 && types != NULL)
		r = decode_output(rec, types, p, n, e);
	else if (strcmp(mode, "output") == 0)
		r = or_error(e, "abi.missing_field", "output decoding needs "
		    "'output' (types or a function name)");
	else if (strcmp(mode, "log") == 0)
		r = decode_log(rec, p, n, e);
	else if (strcmp(mode, "error") == 0)
		r = decode_error(rec, p, n, e);
	else
		r = or_error(e, "json.bad_field", "'decode' must be calldata, "
		    "output, log or error");
	free(p);
	return r;
}

/* ---- selector, topic ---- */

static int
enrich_hash(cJSON *rec, struct or_err *e)
{
	const cJSON *entry = json_get(rec, "entry");
	struct abi_sig *own = NULL;
	const struct abi_sig *g;
	const char *sig, *name;
	int r;

	if ((r = str_field(rec, "sig", &sig, e)) < 0)
		return -1;
	if (r == 1) {
		g = parse_sig(sig, opt.verb == TOPIC ? ABI_EVENT : ABI_FUNCTION,
		    e);
	} else if (entry != NULL) {
		g = own = abi_sig_from_json(entry, e);
	} else {
		if ((r = str_field(rec, "name", &name, e)) < 0)
			return -1;
		if (r == 0)
			return or_error(e, "abi.missing_field", "record has no "
			    "'sig', 'entry' or 'name'");
		if (opt.verb == TOPIC)
			g = find_in_abis(rec, ABI_EVENT, name, e);
		else if ((g = find_in_abis(rec, ABI_FUNCTION, name, e)) ==
		    NULL && strcmp(e->code, "abi.no_function") == 0)
			g = find_in_abis(rec, ABI_ERROR, name, e);
	}
	if (g == NULL)
		return -1;
	json_set_str(rec, "signature", g->canon);
	set_hex(rec, opt.verb == TOPIC ? "topic" : "selector", g->hash,
	    opt.verb == TOPIC ? 32 : 4);
	abi_sig_free(own);
	return 0;
}

/* ---- create-address ---- */

static int
enrich_create(cJSON *rec, struct or_err *e)
{
	uint8_t from[20], h[32];
	const cJSON *nv = json_get(rec, "nonce");
	struct buf item = { 0 }, list = { 0 };
	const char *s;
	uint64_t nonce;
	int r;

	if ((r = str_field(rec, "from", &s, e)) < 0)
		return -1;
	if (r == 0)
		return or_error(e, "abi.missing_field", "record has no 'from'");
	if (hex_decode_address(s, from, "from", e) < 0)
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

static int
enrich(cJSON *rec, struct or_err *e)
{
	trim_abi_cache();
	switch (opt.verb) {
	case ENCODE:
		return enrich_encode(rec, e);
	case DECODE:
		return enrich_decode(rec, e);
	case SELECTOR:
	case TOPIC:
		return enrich_hash(rec, e);
	case CREATE:
		return enrich_create(rec, e);
	}
	return -1;
}

/* ---- argument mode ---- */

/* An ABI argument operand: its JSON value if it parses, else the text. */
static cJSON *
operand_value(const char *s)
{
	struct or_err e;
	cJSON *v = json_parse(s, strlen(s), 0, &e);

	return v != NULL ? v : json_new_strn(s, strlen(s));
}

static cJSON *
new_object(void)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		die_oom();
	return o;
}

static void
run_one(struct jl *j, cJSON *rec)
{
	jl_emit(j, rec, enrich(rec, &j->err));
}

static void
run_operands(struct jl *j, int argc, char **argv)
{
	cJSON *rec, *arr;
	int i = 0;

	j->argmode = 1;
	switch (opt.verb) {
	case ENCODE:
		rec = new_object();
		json_set_str(rec, opt.nabis > 0 ? "function" : "sig", argv[i++]);
		arr = new_array();
		for (; i < argc; i++)
			cJSON_AddItemToArray(arr, operand_value(argv[i]));
		json_set(rec, "args", arr);
		run_one(j, rec);
		break;
	case DECODE:
		rec = new_object();
		if (strncmp(argv[0], "0x", 2) != 0 && strncmp(argv[0], "0X",
		    2) != 0)
			json_set_str(rec, "sig", argv[i++]);
		if (i >= argc)
			cli_usage_error(usage, "missing DATA operand");
		json_set_str(rec, "data", argv[i++]);
		if (opt.mode != NULL && strcmp(opt.mode, "log") == 0) {
			arr = new_array();
			for (; i < argc; i++)
				cJSON_AddItemToArray(arr,
				    json_new_strn(argv[i], strlen(argv[i])));
			json_set(rec, "topics", arr);
		} else if (i < argc) {
			cli_usage_error(usage, "unexpected operand '%s'",
			    argv[i]);
		}
		run_one(j, rec);
		break;
	case SELECTOR:
	case TOPIC:
		for (; i < argc && !j->stop; i++) {
			rec = new_object();
			json_set_str(rec, opt.nabis > 0 ? "name" : "sig",
			    argv[i]);
			run_one(j, rec);
		}
		break;
	case CREATE:
		if (argc != 2)
			cli_usage_error(usage, "create-address wants ADDRESS "
			    "and NONCE");
		rec = new_object();
		json_set_str(rec, "from", argv[0]);
		json_set(rec, "nonce", operand_value(argv[1]));
		run_one(j, rec);
		break;
	}
}

static enum verb
parse_verb(const char *s)
{
	if (strcmp(s, "encode") == 0)
		return ENCODE;
	if (strcmp(s, "decode") == 0)
		return DECODE;
	if (strcmp(s, "selector") == 0)
		return SELECTOR;
	if (strcmp(s, "topic") == 0)
		return TOPIC;
	if (strcmp(s, "create-address") == 0)
		return CREATE;
	cli_usage_error(usage, "unknown verb '%s'", s);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "abi", required_argument, NULL, 'a' },
		{ "bytecode", required_argument, NULL, 'b' },
		{ "error", no_argument, NULL, OPT_ERROR },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "help", no_argument, NULL, 'h' },
		{ "log", no_argument, NULL, OPT_LOG },
		{ "output", required_argument, NULL, 'o' },
		{ "packed", no_argument, NULL, OPT_PACKED },
		{ "quiet", no_argument, NULL, 'q' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct jl j;
	int c, pass, quiet = 0, fail_fast = 0;
	cJSON *rec;

	util_setprog(argv[0]);
	/* options may come before and after the verb, never after the
	 * first operand ('+': an ARG like -5 is not an option) */
	for (pass = 0; pass < 2; pass++) {
		opterr = 0;	/* our own messages, in the usual form */
		while ((c = getopt_long(argc, argv, "+:a:b:ho:q", longopts,
		    NULL)) != -1) {
			switch (c) {
			case 'a':
				opt.abis = xreallocarray(opt.abis,
				    opt.nabis + 1, sizeof(*opt.abis));
				opt.abis[opt.nabis++] = optarg;
				break;
			case 'b':
				opt.bytecode = optarg;
				break;
			case 'h':
				cli_help(usage);
			case 'o':
				opt.output = optarg;
				opt.mode = "output";
				break;
			case 'q':
				quiet = 1;
				break;
			case OPT_ERROR:
				opt.mode = "error";
				break;
			case OPT_FAIL_FAST:
				fail_fast = 1;
				break;
			case OPT_LOG:
				opt.mode = "log";
				break;
			case OPT_PACKED:
				opt.packed = 1;
				break;
			case OPT_VERSION:
				cli_version();
			default:
				cli_bad_option(usage, argv);
			}
		}
		if (pass == 0) {
			if (optind >= argc)
				cli_usage_error(usage, "missing verb");
			opt.verb = parse_verb(argv[optind]);
			/* restart getopt after the verb (0: reinitialise) */
			argc -= optind;
			argv += optind;
			optind = 0;
		}
	}
	if (opt.mode != NULL && opt.verb != DECODE)
		cli_usage_error(usage, "--output, --log and --error go with "
		    "decode");
	if ((opt.packed || opt.bytecode != NULL) && opt.verb != ENCODE)
		cli_usage_error(usage, "--packed and --bytecode go with encode");
	if (opt.mode == NULL)
		opt.mode = "calldata";
	argc -= optind;
	argv += optind;
	if (opt.verb == ENCODE && opt.packed && opt.bytecode != NULL)
		cli_usage_error(usage, "--packed and --bytecode exclude each "
		    "other");

	/* the --abi files are read before any input: an unreadable one is a
	 * system error (3), an invalid one a usage error (2) */
	for (c = 0; c < (int)opt.nabis; c++) {
		struct or_err e;

		if (load_abi(opt.abis[c], &e) == NULL) {
			if (strncmp(e.code, "file.", 5) == 0)
				die(3, "%s", e.msg);
			cli_usage_error(usage, "%s", e.msg);
		}
		abi_cache->pinned = 1;	/* the entry just added */
	}
	if (opt.nabis > MAX_ABIS)
		cli_usage_error(usage, "at most %d --abi files", MAX_ABIS);

	jl_init(&j, "or-abi");
	/* with --log, the log detail records of or-rpc logs are decoded */
	if (opt.verb == DECODE && strcmp(opt.mode, "log") == 0)
		j.kinds = log_kinds;
	j.quiet = quiet;
	j.fail_fast = fail_fast;
	if (argc > 0) {
		run_operands(&j, argc, argv);
	} else {
		while ((rec = jl_next(&j)) != NULL)
			run_one(&j, rec);
	}
	return jl_finish(&j);
}
