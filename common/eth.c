/* eth: JSON-RPC request parameters from records (see eth.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "eth.h"
#include "hex.h"
#include "reply.h"
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
		return reply_call_u64(c, "eth_blockNumber", NULL, out, e);
	p = json_array();
	json_push(p, json_new_str(s));
	json_push(p, json_bool(0));
	if (http_call(c, "eth_getBlockByNumber", p, HTTP_RETRY, &r, e) < 0)
		return -1;
	rc = cJSON_IsObject(r) ? reply_u64(c, json_get(r, "number"),
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
		if (quantity_wei_from_json(v, "value", &q, e) < 0)
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
