/* rpcread: reads of chain state into a record (see rpcread.h). */
#include <stdlib.h>
#include <string.h>

#include "abirecord.h"
#include "eth.h"
#include "reply.h"
#include "hex.h"
#include "rpcread.h"
#include "banned.h"

cJSON *
rpcread_block(const cJSON *rec, const char *dflt, struct or_err *e)
{
	const cJSON *v = json_get(rec, "block");
	cJSON *opt, *r;

	if (v != NULL)
		return eth_block_param(v, "block", e);
	opt = json_new_str(dflt);
	r = eth_block_param(opt, "--block", e);
	cJSON_Delete(opt);
	return r;
}

int
rpcread_u64(struct http_client *c, const char *method, cJSON *rec,
    const char *key, struct or_err *e)
{
	uint64_t n;

	if (reply_call_u64(c, method, NULL, &n, e) < 0)
		return -1;
	json_set(rec, key, json_new_uint(n));
	return 0;
}

int
rpcread_wei(struct http_client *c, const char *method, cJSON *rec,
    const char *key, struct or_err *e)
{
	char dec[QUANTITY_DEC_MAX];
	struct quantity q;
	cJSON *r;
	int rc;

	if (http_call(c, method, NULL, HTTP_RETRY, &r, e) < 0)
		return -1;
	if ((rc = reply_quantity(c, r, key, &q, e)) == 0) {
		quantity_to_dec(&q, dec);
		json_set_str(rec, key, dec);
	}
	cJSON_Delete(r);
	return rc;
}

int
rpcread_account(struct http_client *c, enum rpcread_account what,
    cJSON *rec, const char *dflt_block, struct or_err *e)
{
	static const char *const method[] = {
		[RPCREAD_BALANCE] = "eth_getBalance",
		[RPCREAD_NONCE] = "eth_getTransactionCount",
		[RPCREAD_CODE] = "eth_getCode" };
	char a[43], dec[QUANTITY_DEC_MAX];
	cJSON *p, *b, *r;
	struct quantity q;
	uint64_t n;
	const char *s;
	size_t len;
	uint8_t *bytes;
	int rc;

	if ((rc = eth_field_address(rec, "address", a, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_address",
		    "no 'address' to read");
	if ((b = rpcread_block(rec, dflt_block, e)) == NULL)
		return -1;
	p = json_array();
	json_push(p, json_new_str(a));
	json_push(p, b);
	if (http_call(c, method[what], p, HTTP_RETRY, &r, e) < 0)
		return -1;
	rc = 0;
	if (what == RPCREAD_BALANCE) {
		if ((rc = reply_quantity(c, r, "balance", &q, e)) == 0) {
			quantity_to_dec(&q, dec);
			json_set_str(rec, "balance", dec);
		}
	} else if (what == RPCREAD_NONCE) {
		if ((rc = reply_u64(c, r, "nonce", &n, e)) == 0) {
			json_set(rec, "nonce", json_new_uint(n));
			/* the sender and its nonce, as or-abi create-address
			 * reads them */
			if (json_get(rec, "from") == NULL)
				json_set_str(rec, "from", a);
		}
	} else if ((s = json_strval(r, &len)) != NULL &&
	    hex_decode(s, len, &bytes, &len, "code", e) == 0) {
		json_set(rec, "code", eth_hex(bytes, len));
		free(bytes);
	} else {
		rc = or_error_st(e, 4, "rpc.bad_reply", "node sent invalid "
		    "code from '%s'", c->shown);
	}
	cJSON_Delete(r);
	return rc;
}

/* The calldata of a record without "data": its "sig" (a named function)
 * and "args" encoded by the ABI engine of or-abi encode, on a record of
 * those two fields only.  The record itself gets no "data" (or-abi's). */
static int
encode_call(const cJSON *rec, uint8_t **cd, size_t *ncd, struct or_err *e)
{
	struct abirecord s;
	struct abi_sig *g;
	const char *text, *hex;
	cJSON *tmp;
	int rc;

	if ((rc = json_field_str(rec, "sig", &text, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_data", "no 'data' or "
		    "'sig' to call: give the calldata, or a function "
		    "signature and its 'args'");
	if ((g = abi_sig_parse(text, ABI_FUNCTION, e)) == NULL)
		return -1;
	rc = g->what != ABI_FUNCTION || *g->name == '\0';
	abi_sig_free(g);
	if (rc)
		return or_error(e, "abi.bad_signature", "'sig' %s names no "
		    "function to call", text);
	memset(&s, 0, sizeof(s));
	tmp = json_object();
	json_set(tmp, "sig", json_dup(json_get(rec, "sig")));
	if (json_get(rec, "args") != NULL)
		json_set(tmp, "args", json_dup(json_get(rec, "args")));
	rc = abirecord_encode(tmp, &s, e);
	if (rc == 0 && (hex = json_strval(json_get(tmp, "data"), NULL)) != NULL)
		rc = hex_decode(hex, strlen(hex), cd, ncd, "data", e);
	cJSON_Delete(tmp);
	abirecord_free(&s);
	return rc;
}

int
rpcread_call(struct http_client *c, const struct abicache *a, cJSON *rec,
    const char *dflt_block, struct or_err *e)
{
	char from[43], *hex;
	cJSON *p, *t, *b, *r;
	const char *s;
	size_t n, ncd = 0;
	uint8_t *bytes, *cd = NULL;
	int rc;

	if ((rc = eth_field_address(rec, "from", from, e)) < 0)
		return -1;
	if (json_get(rec, "to") == NULL)
		return or_error(e, "rpc.no_to", "no 'to' address to call");
	/* never an empty calldata by omission: data, else sig and args */
	if (json_get(rec, "data") == NULL && encode_call(rec, &cd, &ncd,
	    e) < 0)
		return -1;
	if ((t = eth_call_object(rec, rc > 0 ? from : NULL, e)) == NULL) {
		free(cd);
		return -1;
	}
	if (cd != NULL) {
		hex = hex_encode_new(cd, ncd);
		json_set_str(t, "data", hex);
		free(hex);
	}
	if ((b = rpcread_block(rec, dflt_block, e)) == NULL) {
		cJSON_Delete(t);
		free(cd);
		return -1;
	}
	p = json_array();
	json_push(p, t);
	json_push(p, b);
	if (http_call(c, "eth_call", p, HTTP_RETRY, &r, e) < 0) {
		if (strcmp(e->code, "rpc.node_error") == 0)
			rpcdecode_revert_hex(a, rec,
			    reply_revert_hex(c->node_data));
		free(cd);
		return -1;
	}
	if ((s = json_strval(r, &n)) == NULL ||
	    hex_decode(s, n, &bytes, &n, "result", e) < 0) {
		cJSON_Delete(r);
		free(cd);
		return or_error_st(e, 4, "rpc.bad_reply", "node sent invalid "
		    "return data from '%s'", c->shown);
	}
	cJSON_Delete(r);
	json_set(rec, "returnData", eth_hex(bytes, n));
	rc = cd != NULL ? rpcdecode_return_of(a, rec, cd, ncd, bytes, n, e) :
	    rpcdecode_return(a, rec, bytes, n, e);
	free(bytes);
	free(cd);
	return rc;
}
