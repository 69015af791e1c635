/* Unit tests: logscan_record, the fields a logs record gets when it fails
 * before any request (no node is needed for these cases). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "logscan.h"

#define ADDR "0x0000000000000000000000000000000000000001"

static void
never(cJSON *log, void *ud)
{
	(void)ud;
	ok(0, "no log is handed over");
	cJSON_Delete(log);
}

/* Run a record that fails first; return it for its fields. */
static cJSON *
failing(const char *json, const char *want, const char *name)
{
	const struct logscan_opts o = { "0", "latest", 10000, 0, 500000,
		120000000 };
	struct http_client c = { 0 };
	struct logscan s;
	struct or_err e = { 0 };
	cJSON *rec = json_parse(json, strlen(json), 0, &e);

	if (rec == NULL) {
		ok(0, "test record parses: %s", e.msg);
		exit(1);
	}
	is_str(logscan_record(&c, &o, rec, &s, never, NULL, &e) < 0 ?
	    e.code : NULL, want, "%s", name);
	ok(c.requests == 0 && s.count == 0, "%s: nothing sent", name);
	return rec;
}

int
main(void)
{
	cJSON *rec;
	char *n;

	(void)vector_path;	/* no shared vector covers these cases */
	rec = failing("{\"address\":\"0x12\"}", "hex.bad_address",
	    "bad address");
	ok(json_get(rec, "logCount") == NULL, "bad filter: no logCount");
	cJSON_Delete(rec);
	rec = failing("{\"address\":\"" ADDR "\",\"topics\":[\"0x12\"]}",
	    "hex.bad_length", "bad topic");
	ok(json_get(rec, "logCount") == NULL, "bad topic: no logCount");
	cJSON_Delete(rec);
	rec = failing("{\"address\":\"" ADDR "\",\"fromBlock\":\"soon\"}",
	    "json.bad_field", "bad fromBlock");
	n = json_print_new(json_get(rec, "logCount"));
	is_str(n, "0", "bad fromBlock: logCount 0");
	free(n);
	ok(json_get(rec, "lastBlock") == NULL, "and no lastBlock");
	cJSON_Delete(rec);
	return done_testing();
}
