/* rpcdecode: decoded node data in or-rpc records (see rpcdecode.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "rpcdecode.h"
#include "banned.h"

/* A new decoding replaces whatever an earlier one left in the record. */
static void
clear_decoding(cJSON *rec)
{
	static const char *const keys[] = { "decoded", "decodedSig", "panic",
		"decodeError" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		cJSON_DeleteItemFromObjectCaseSensitive(rec, keys[i]);
}

static void
set_decoded(cJSON *rec, cJSON *decoded, const char *sig)
{
	json_set(rec, "decoded", decoded);
	json_set_str(rec, "decodedSig", sig);
}

void
rpcdecode_revert(const struct abicache *a, cJSON *rec, const uint8_t *p,
    size_t n)
{
	struct or_err e = { 0 };
	const char *panic;
	char *sig;
	cJSON *d;

	clear_decoding(rec);
	if (abi_decode_revert(a->pinned, a->npinned,
	    p, n, &d, &sig, &panic, &e) < 0) {
		json_set_str(rec, "decodeError", e.msg);
		return;
	}
	set_decoded(rec, d, sig);
	free(sig);
	if (panic != NULL)
		json_set_str(rec, "panic", panic);
}

void
rpcdecode_revert_hex(const struct abicache *a, cJSON *rec, const char *hex)
{
	struct or_err e = { 0 };
	uint8_t *b;
	char *lower;
	size_t n;

	if (hex == NULL || hex_decode(hex, strlen(hex), &b, &n, "data",
	    &e) < 0)
		return;
	lower = hex_encode_new(b, n);
	json_set_str(rec, "revertData", lower);
	free(lower);
	rpcdecode_revert(a, rec, b, n);
	free(b);
}

/* The calldata of a call record, or n = 0 when it has none. */
static int
calldata(const cJSON *rec, uint8_t **p, size_t *n, struct or_err *e)
{
	const char *s;
	size_t len;
	int r;

	*p = NULL;
	*n = 0;
	if ((r = json_field_str(rec, "data", &s, &len, e)) <= 0)
		return r;
	return hex_decode(s, len, p, n, "data", e);
}

/* Decode return data with the outputs of g; a mismatch fails the record. */
static int
decode_out(cJSON *rec, const struct abi_sig *g, const uint8_t *p, size_t n,
    struct or_err *e)
{
	struct abi_type none = { .kind = ABI_TUPLE };
	cJSON *d;

	if ((d = abi_decode(g->out != NULL ? g->out : &none, p, n, e)) ==
	    NULL) {
		char code[sizeof(e->code)], why[sizeof(e->msg)];

		snprintf(code, sizeof(code), "%s", e->code);
		snprintf(why, sizeof(why), "%s", e->msg);
		return or_error(e, code, "return data of %s: %s", g->canon,
		    why);
	}
	clear_decoding(rec);
	set_decoded(rec, d, g->canon);
	return 0;
}

int
rpcdecode_return(const struct abicache *a, cJSON *rec, const uint8_t *p,
    size_t n, struct or_err *e)
{
	uint8_t *cd;
	size_t ncd;
	int r;

	if (calldata(rec, &cd, &ncd, e) < 0)
		return -1;
	r = rpcdecode_return_of(a, rec, cd, ncd, p, n, e);
	free(cd);
	return r;
}

int
rpcdecode_return_of(const struct abicache *a, cJSON *rec, const uint8_t *cd,
    size_t ncd, const uint8_t *p, size_t n, struct or_err *e)
{
	const struct abi_sig *g = NULL;
	struct abi_sig *own = NULL;
	const char *text;
	size_t i;
	int r;

	if (json_field_str(rec, "sig", &text, NULL, e) < 0)
		return -1;
	r = 0;
	if (json_get(rec, "sig") != NULL) {
		if ((own = abi_sig_parse(text, ABI_FUNCTION, e)) == NULL) {
			r = -1;
			goto out;
		}
		if (own->what == ABI_FUNCTION && own->out != NULL) {
			if (*own->name != '\0' && (ncd < 4 ||
			    memcmp(cd, own->hash, 4) != 0)) {
				r = or_error(e, "abi.selector_mismatch", "the "
				    "calldata does not start with the "
				    "selector of 'sig' %s", own->canon);
				goto out;
			}
			r = decode_out(rec, own, p, n, e);
			goto out;
		}
	}
	if (a->npinned == 0)
		goto out;
	if (ncd < 4) {
		clear_decoding(rec);
		json_set_str(rec, "decodeError", "calldata shorter than a "
		    "selector: no function to decode the return data by");
		goto out;
	}
	for (i = 0; i < a->npinned && g == NULL; i++)
		g = abi_file_by_hash(a->pinned[i], ABI_FUNCTION, cd, 4);
	if (g != NULL) {
		r = decode_out(rec, g, p, n, e);
	} else {
		char msg[96];

		snprintf(msg, sizeof(msg), "no function with selector "
		    "0x%02x%02x%02x%02x in the ABIs given", cd[0], cd[1],
		    cd[2], cd[3]);
		clear_decoding(rec);
		json_set_str(rec, "decodeError", msg);
	}
out:
	abi_sig_free(own);
	return r;
}

/* The topics and data of a log record. */
static int
log_parts(const cJSON *log, uint8_t (*topics)[32], size_t *nt, uint8_t **data,
    size_t *n, struct or_err *e)
{
	const cJSON *tv = json_get(log, "topics"), *c;
	const char *s;
	size_t len;
	char what[32];

	*nt = 0;
	if (!cJSON_IsArray(tv))
		return or_error(e, "abi.bad_topics", "the log has no 'topics' "
		    "array");
	for (c = tv->child; c != NULL; c = c->next) {
		if (*nt == 4)
			return or_error(e, "abi.bad_topics", "a log has at "
			    "most 4 topics");
		snprintf(what, sizeof(what), "topics[%zu]", *nt);
		if ((s = json_strval(c, NULL)) == NULL)
			return or_error(e, "abi.bad_topics", "'%s' is not a "
			    "string", what);
		if (hex_decode_fixed(s, topics[(*nt)++], 32, what, e) < 0)
			return -1;
	}
	if (*nt == 0)
		return or_error(e, "abi.unknown_event", "a log without topics "
		    "(an anonymous event) cannot be looked up");
	if (json_field_str(log, "data", &s, &len, e) <= 0)
		return or_error(e, "abi.missing_field", "the log has no "
		    "'data' string");
	return hex_decode(s, len, data, n, "data", e);
}

void
rpcdecode_log(const struct abicache *a, cJSON *log)
{
	struct or_err e = { 0 }, first = { 0 };
	uint8_t topics[4][32], *data = NULL;
	const struct abi_sig *g;
	size_t nt, n, i;
	cJSON *d;

	if (a->npinned == 0)
		return;
	clear_decoding(log);
	if (log_parts(log, topics, &nt, &data, &n, &e) < 0) {
		json_set_str(log, "decodeError", e.msg);
		free(data);
		return;
	}
	/* the same event text may be indexed differently in two ABIs
	 * (ERC-20 and ERC-721 Transfer): the first that fits wins */
	for (i = 0; i < a->npinned; i++) {
		g = abi_file_by_hash(a->pinned[i], ABI_EVENT, topics[0], 32);
		if (g == NULL || g->anonymous)
			continue;
		memset(&e, 0, sizeof(e));
		d = abi_decode_log(g, (const uint8_t (*)[32])topics, nt, data,
		    n, &e);
		if (d != NULL) {
			set_decoded(log, d, g->canon);
			free(data);
			return;
		}
		if (first.code[0] == '\0')
			first = e;
	}
	free(data);
	if (first.code[0] != '\0')
		json_set_str(log, "decodeError", first.msg);
	else
		json_set_str(log, "decodeError", "no event with this topic 0 "
		    "in the ABIs given");
}
