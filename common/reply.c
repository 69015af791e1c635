/* reply: values in a node's JSON-RPC replies (see reply.h). */
#include <string.h>

#include "reply.h"
#include "banned.h"

int
reply_bad(const struct http_client *c, const char *what, struct or_err *e)
{
	return or_error_st(e, 4, "rpc.bad_reply",
	    "node sent an invalid '%s' from '%s'", what, c->shown);
}

int
reply_u64(const struct http_client *c, const cJSON *v, const char *what,
    uint64_t *out, struct or_err *e)
{
	const char *s;
	size_t n;
	struct quantity q;

	if ((s = json_strval(v, &n)) == NULL ||
	    quantity_parse_hex(s, n, &q) < 0 ||
	    quantity_get_u64(&q, out) < 0 || *out > JSON_MAX_SAFE)
		return reply_bad(c, what, e);
	return 0;
}

int
reply_quantity(const struct http_client *c, const cJSON *v,
    const char *what, struct quantity *out, struct or_err *e)
{
	const char *s;
	size_t n;

	if ((s = json_strval(v, &n)) == NULL ||
	    quantity_parse_hex(s, n, out) < 0)
		return reply_bad(c, what, e);
	return 0;
}

int
reply_call_u64(struct http_client *c, const char *method, cJSON *params,
    uint64_t *out, struct or_err *e)
{
	cJSON *r;
	int rc;

	if (http_call(c, method, params, HTTP_RETRY, &r, e) < 0)
		return -1;
	rc = reply_u64(c, r, method, out, e);
	cJSON_Delete(r);
	return rc;
}

const char *
reply_revert_hex(const cJSON *data)
{
	const char *s = json_strval(data, NULL);

	if (s == NULL && cJSON_IsObject(data))
		s = json_strval(json_get(data, "data"), NULL);
	if (s == NULL || strncmp(s, "0x", 2) != 0)
		return NULL;
	return s;
}
