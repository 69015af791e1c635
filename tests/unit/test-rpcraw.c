/* Unit tests: rpcraw, the checks made before a record's method is sent
 * (no node is needed: every case fails before the request) and which
 * methods are asked again after a lost reply. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "rpcraw.h"

/* The error code of a record that must fail before any request. */
static void
refused(const char *json, const char *want, const char *name)
{
	struct http_client c = { 0 };
	struct or_err e = { 0 };
	cJSON *rec = json_parse(json, strlen(json), 0, &e);

	if (rec == NULL) {
		ok(0, "%s: test record parses: %s", name, e.msg);
		return;
	}
	is_str(rpcraw_record(&c, rec, &e) < 0 ? e.code : NULL, want, "%s",
	    name);
	ok(json_get(rec, "result") == NULL, "%s: no result", name);
	ok(c.requests == 0, "%s: nothing sent", name);
	cJSON_Delete(rec);
}

int
main(void)
{
	(void)vector_path;	/* no shared vector covers these cases */
	ok(rpcraw_retry("eth_getBalance") == HTTP_RETRY, "reads are retried");
	ok(rpcraw_retry("eth_call") == HTTP_RETRY, "eth_call is retried");
	ok(rpcraw_retry("eth_sendRawTransaction") == HTTP_RETRY,
	    "the same signed bytes may be sent again");
	ok(rpcraw_retry("net_version") == HTTP_RETRY, "net_ is retried");
	ok(rpcraw_retry("anvil_mine") == HTTP_ONCE, "anvil_mine is not");
	ok(rpcraw_retry("evm_increaseTime") == HTTP_ONCE,
	    "evm_increaseTime is not");
	ok(rpcraw_retry("eth_newFilter") == HTTP_ONCE, "eth_newFilter is not");
	refused("{}", "rpc.no_method", "no method");
	refused("{\"method\":1}", "json.bad_field", "method not a string");
	refused("{\"method\":\"\"}", "rpc.bad_method", "empty method");
	refused("{\"method\":\"eth call\"}", "rpc.bad_method",
	    "space in a method");
	refused("{\"method\":\"eth_call\\u0000\"}", "rpc.bad_method",
	    "NUL in a method");
	refused("{\"method\":\"eth_sendTransaction\"}", "rpc.unsupported",
	    "eth_sendTransaction");
	refused("{\"method\":\"eth_signTypedData_v4\"}", "rpc.unsupported",
	    "eth_sign*");
	refused("{\"method\":\"personal_unlockAccount\"}", "rpc.unsupported",
	    "personal_*");
	refused("{\"method\":\"eth_chainId\",\"params\":\"x\"}",
	    "json.bad_field", "params a string");
	refused("{\"method\":\"eth_chainId\",\"params\":3}",
	    "json.bad_field", "params a number");
	return done_testing();
}
