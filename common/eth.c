/* eth: Ethereum JSON-RPC values and objects (see eth.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "address.h"
#include "eth.h"
#include "hex.h"
#include "banned.h"

cJSON *
eth_hexq(uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_new_str(buf);
}

cJSON *
eth_hex(const uint8_t *p, size_t n)
{
	char *h = hex_encode_new(p, n);
	cJSON *v = json_new_str(h);

	free(h);
	return v;
}

uint64_t
eth_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void
eth_sleep_us(uint64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000),
	    (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static int
bad(const struct http_client *c, const char *what, struct or_err *e)
{
	return or_error_st(e, 4, "rpc.bad_reply",
	    "node sent an invalid '%s' from '%s'", what, c->shown);
}

int
eth_reply_u64(const struct http_client *c, const cJSON *v, const char *what,
    uint64_t *out, struct or_err *e)
{
	const char *s;
	size_t n;
	struct quantity q;

	if ((s = json_strval(v, &n)) == NULL ||
	    quantity_parse_hex(s, n, &q) < 0 ||
	    quantity_get_u64(&q, out) < 0 || *out > JSON_MAX_SAFE)
		return bad(c, what, e);
	return 0;
}

int
eth_reply_q(const struct http_client *c, const cJSON *v, const char *what,
    struct quantity *out, struct or_err *e)
{
	const char *s;
	size_t n;

	if ((s = json_strval(v, &n)) == NULL ||
	    quantity_parse_hex(s, n, out) < 0)
		return bad(c, what, e);
	return 0;
}

int
eth_call_u64(struct http_client *c, const char *method, cJSON *params,
    uint64_t *out, struct or_err *e)
{
	cJSON *r;
	int rc;

	if (http_call(c, method, params, HTTP_RETRY, &r, e) < 0)
		return -1;
	rc = eth_reply_u64(c, r, method, out, e);
	cJSON_Delete(r);
	return rc;
}

int
eth_field_address(const cJSON *rec, const char *key, char dst[43],
    struct or_err *e)
{
	const char *s;
	uint8_t a[20];
	int rc = json_field_str(rec, key, &s, NULL, e);

	if (rc <= 0)
		return rc;
	if (address_decode(s, a, key, e) < 0)
		return -1;
	hex_encode(dst, a, 20);
	return 1;
}

int
eth_field_bytes(const cJSON *rec, const char *key, char **hex,
    uint8_t **bytes, size_t *n, struct or_err *e)
{
	const char *s;
	size_t len, blen;
	uint8_t *b;
	int rc = json_field_str(rec, key, &s, &len, e);

	if (rc <= 0)
		return rc;
	if (hex_decode(s, len, &b, &blen, key, e) < 0)
		return -1;
	if (hex != NULL)
		*hex = hex_encode_new(b, blen);
	if (bytes != NULL) {
		*bytes = b;
		*n = blen;
	} else {
		free(b);
	}
	return 1;
}

static int
is_tag(const char *s)
{
	static const char *const tags[] = { "latest", "earliest", "pending",
		"safe", "finalized", NULL };
	int i;

	for (i = 0; s != NULL && tags[i] != NULL; i++)
		if (strcmp(s, tags[i]) == 0)
			return 1;
	return 0;
}

cJSON *
eth_block_param(const cJSON *v, const char *what, struct or_err *e)
{
	const char *s = json_strval(v, NULL);
	uint64_t n;

	if (is_tag(s))
		return json_new_str(s);
	if (json_value_u64(v, what, JSON_MAX_SAFE, &n, e) < 0)
		return NULL;
	return eth_hexq(n);
}

int
eth_block_number(struct http_client *c, const cJSON *v, const char *what,
    uint64_t *out, struct or_err *e)
{
	const char *s = json_strval(v, NULL);
	cJSON *p, *r;
	int rc;

	if (!is_tag(s))
		return json_value_u64(v, what, JSON_MAX_SAFE, out, e) < 0 ? -1 :
		    0;
	if (strcmp(s, "earliest") == 0) {
		*out = 0;
		return 0;
	}
	if (strcmp(s, "latest") == 0)
		return eth_call_u64(c, "eth_blockNumber", NULL, out, e);
	p = json_array();
	json_push(p, json_new_str(s));
	json_push(p, json_bool(0));
	if (http_call(c, "eth_getBlockByNumber", p, HTTP_RETRY, &r, e) < 0)
		return -1;
	rc = cJSON_IsObject(r) ? eth_reply_u64(c, json_get(r, "number"),
	    "number", out, e) : or_error(e, "rpc.no_block",
	    "node has no '%s' block", s);
	cJSON_Delete(r);
	return rc;
}

cJSON *
eth_call_object(const cJSON *rec, const char *from, struct or_err *e)
{
	cJSON *t = json_object();
	const cJSON *v;
	char a[43], hx[QUANTITY_HEX_MAX], *data = NULL;
	struct quantity q;
	int rc;

	if (from != NULL)
		json_set_str(t, "from", from);
	if ((rc = eth_field_address(rec, "to", a, e)) < 0)
		goto fail;
	if (rc > 0)
		json_set_str(t, "to", a);
	if ((v = json_get(rec, "value")) != NULL) {
		if (quantity_from_json(v, "value", &q, e) < 0)
			goto fail;
		quantity_to_hex(&q, hx);
		json_set_str(t, "value", hx);
	}
	if ((rc = eth_field_bytes(rec, "data", &data, NULL, NULL, e)) < 0)
		goto fail;
	if (rc > 0) {
		json_set_str(t, "data", data);
		free(data);
	}
	return t;
fail:
	cJSON_Delete(t);
	return NULL;
}

/* Copy field key of src into dst: a quantity as a number. */
static int
copy_num(const struct http_client *c, cJSON *dst, const cJSON *src,
    const char *key, struct or_err *e)
{
	const cJSON *v = json_get(src, key);
	uint64_t n;

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (eth_reply_u64(c, v, key, &n, e) < 0)
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
		return bad(c, key, e);
	json_set(dst, key, json_dup(v));
	return 0;
}

cJSON *
eth_log(const struct http_client *c, const cJSON *l, struct or_err *e)
{
	cJSON *d = json_object();
	const cJSON *t = json_get(l, "topics");

	if (!cJSON_IsObject(l) || !cJSON_IsArray(t)) {
		cJSON_Delete(d);
		bad(c, "log", e);
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
eth_receipt(const struct http_client *c, const cJSON *r, struct or_err *e)
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
		if (eth_reply_q(c, v, "effectiveGasPrice", &q, e) < 0)
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
		if ((l = eth_log(c, v, e)) == NULL)
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

const char *
eth_revert_hex(const cJSON *data)
{
	const char *s = json_strval(data, NULL);

	if (s == NULL && cJSON_IsObject(data))
		s = json_strval(json_get(data, "data"), NULL);
	if (s == NULL || strncmp(s, "0x", 2) != 0)
		return NULL;
	return s;
}
