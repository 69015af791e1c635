/* rpcraw: a JSON-RPC method called as a record says (see rpcraw.h). */
#include <string.h>

#include "rpcraw.h"
#include "banned.h"

enum http_retry
rpcraw_retry(const char *m)
{
	static const char *const prefixes[] = { "eth_get", "eth_call",
		"eth_chainId", "eth_blockNumber", "eth_estimateGas",
		"eth_gasPrice", "eth_feeHistory", "eth_maxPriorityFeePerGas",
		"eth_syncing", "eth_sendRawTransaction", "net_", "web3_",
		"zgs_get", "eth_protocolVersion", NULL };
	int i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(m, prefixes[i], strlen(prefixes[i])) == 0)
			return HTTP_RETRY;
	return HTTP_ONCE;
}

int
rpcraw_record(struct http_client *c, cJSON *rec, struct or_err *e)
{
	const char *m;
	const cJSON *pv = json_get(rec, "params");
	cJSON *r;
	size_t n, i;
	int rc;

	if ((rc = json_field_str(rec, "method", &m, &n, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_method",
		    "no 'method' to call");
	for (i = 0; i < n; i++)
		if (!((m[i] >= 'a' && m[i] <= 'z') || (m[i] >= 'A' &&
		    m[i] <= 'Z') || (m[i] >= '0' && m[i] <= '9') ||
		    m[i] == '_'))
			return or_error(e, "rpc.bad_method",
			    "invalid method name '%.*s'", (int)(n > 64 ? 64 :
			    n), m);
	if (n == 0)
		return or_error(e, "rpc.bad_method", "empty method name");
	/* signing belongs to or-sign: no key is ever handed to a node */
	if (strcmp(m, "eth_sendTransaction") == 0 ||
	    strcmp(m, "eth_signTransaction") == 0 ||
	    strncmp(m, "eth_sign", 8) == 0 || strncmp(m, "personal_", 9) == 0)
		return or_error(e, "rpc.unsupported", "'%s' is not supported: "
		    "sign with or-sign and use send", m);
	if (pv != NULL && !cJSON_IsArray(pv) && !cJSON_IsObject(pv))
		return or_error(e, "json.bad_field",
		    "'params' must be an array or an object");
	if (http_call(c, m, pv != NULL ? json_dup(pv) : NULL, rpcraw_retry(m),
	    &r, e) < 0)
		return -1;
	json_set(rec, "result", r);
	return 0;
}
