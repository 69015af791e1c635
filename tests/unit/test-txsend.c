/* Unit tests: tx_wait_record's checks of the record, made before any
 * request (no node is needed for these cases). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "txsend.h"

static void
refused(const char *json, const char *want, const char *name)
{
	const struct txsend_wait w = { 1000, 1000000, 1, 0 };
	struct http_client c = { 0 };
	struct abicache none = { 0 };
	struct or_err e = { 0 };
	cJSON *rec = json_parse(json, strlen(json), 0, &e);

	if (rec == NULL) {
		ok(0, "test record parses: %s", e.msg);
		exit(1);
	}
	is_str(txsend_wait_record(&c, &none, &w, rec, &e) < 0 ? e.code : NULL,
	    want, "%s", name);
	ok(c.requests == 0 && json_get(rec, "receipt") == NULL,
	    "%s: nothing sent, no receipt", name);
	cJSON_Delete(rec);
}

int
main(void)
{
	(void)vector_path;	/* no shared vector covers these cases */
	refused("{}", "rpc.no_tx_hash", "no txHash");
	refused("{\"txHash\":7}", "json.bad_field", "txHash not a string");
	refused("{\"txHash\":\"0x12\"}", "hex.bad_length", "short txHash");
	refused("{\"txHash\":\"0x"
	    "zz00000000000000000000000000000000000000000000000000000000000000"
	    "\"}", "hex.bad_digit", "txHash not hex");
	return done_testing();
}
