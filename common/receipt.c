/* receipt: the node's receipts and logs in record form (see receipt.h). */
#include "receipt.h"
#include "reply.h"
#include "banned.h"

/* Copy field key of src into dst: a quantity as a number. */
static int
copy_num(const struct http_client *c, cJSON *dst, const cJSON *src,
    const char *key, struct or_err *e)
{
	const cJSON *v = json_get(src, key);
	uint64_t n;

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (reply_u64(c, v, key, &n, e) < 0)
		return -1;
	json_set(dst, key, json_new_uint(n));
	return 0;
}

static int
copy_str(const struct http_client *c, cJSON *dst, const cJSON *src,
    const char *key, struct or_err *e)
{
	const cJSON *v = json_get(src, key);

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (json_strval(v, NULL) == NULL)
		return reply_bad(c, key, e);
	json_set(dst, key, json_dup(v));
	return 0;
}

cJSON *
receipt_log(const struct http_client *c, const cJSON *l, struct or_err *e)
{
	cJSON *d = json_object();
	const cJSON *t = json_get(l, "topics");

	if (!cJSON_IsObject(l) || !cJSON_IsArray(t)) {
		cJSON_Delete(d);
		reply_bad(c, "log", e);
		return NULL;
	}
	if (copy_str(c, d, l, "address", e) < 0)
		goto fail;
	json_set(d, "topics", json_dup(t));
	if (copy_str(c, d, l, "data", e) < 0 ||
	    copy_num(c, d, l, "blockNumber", e) < 0 ||
	    copy_str(c, d, l, "blockHash", e) < 0 ||
	    copy_str(c, d, l, "transactionHash", e) < 0 ||
	    copy_num(c, d, l, "transactionIndex", e) < 0 ||
	    copy_num(c, d, l, "logIndex", e) < 0)
		goto fail;
	if (cJSON_IsBool(json_get(l, "removed")))
		json_set_bool(d, "removed", cJSON_IsTrue(json_get(l,
		    "removed")));
	return d;
fail:
	cJSON_Delete(d);
	return NULL;
}

cJSON *
receipt_record(const struct http_client *c, const cJSON *r, struct or_err *e)
{
	cJSON *d = json_object(), *logs = json_array(), *l;
	const cJSON *v, *src = json_get(r, "logs");
	struct quantity q;
	char dec[QUANTITY_DEC_MAX];

	if (copy_num(c, d, r, "status", e) < 0 ||
	    copy_num(c, d, r, "blockNumber", e) < 0 ||
	    copy_str(c, d, r, "blockHash", e) < 0 ||
	    copy_num(c, d, r, "transactionIndex", e) < 0 ||
	    copy_num(c, d, r, "gasUsed", e) < 0 ||
	    copy_num(c, d, r, "cumulativeGasUsed", e) < 0)
		goto fail;
	if ((v = json_get(r, "effectiveGasPrice")) != NULL) {
		if (reply_quantity(c, v, "effectiveGasPrice", &q, e) < 0)
			goto fail;
		quantity_to_dec(&q, dec);
		json_set_str(d, "effectiveGasPrice", dec);
	}
	if (copy_str(c, d, r, "contractAddress", e) < 0)
		goto fail;
	if (json_get(d, "status") == NULL || json_get(d, "blockNumber") ==
	    NULL) {
		or_error_st(e, 4, "rpc.bad_reply",
		    "receipt from '%s' lacks status or blockNumber", c->shown);
		goto fail;
	}
	cJSON_ArrayForEach(v, src) {
		if ((l = receipt_log(c, v, e)) == NULL)
			goto fail;
		json_push(logs, l);
	}
	json_set(d, "logs", logs);
	return d;
fail:
	cJSON_Delete(logs);
	cJSON_Delete(d);
	return NULL;
}
