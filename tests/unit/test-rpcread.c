/* Unit tests: rpcread, the block a record asks for and the checks made
 * before any request (no node is needed: those cases fail first). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "rpcread.h"

#define ADDR "0x0000000000000000000000000000000000000001"

static cJSON *
record(const char *json)
{
	struct or_err e = { 0 };
	cJSON *rec = json_parse(json, strlen(json), 0, &e);

	if (rec == NULL) {
		ok(0, "test record parses: %s", e.msg);
		exit(1);
	}
	return rec;
}

/* The block parameter of a record, printed, or the error code. */
static void
block_case(const char *json, const char *dflt, const char *want,
    const char *name)
{
	struct or_err e = { 0 };
	cJSON *rec = record(json), *b = rpcread_block(rec, dflt, &e);
	char *s = b != NULL ? json_print_new(b) : xstrdup(e.code);

	cJSON_Delete(rec);
	cJSON_Delete(b);
	is_str(s, want, "%s", name);
	free(s);
}

/* A read that must fail with code before anything is sent. */
static void
refused(int call, enum rpcread_account what, const char *json,
    const char *want, const char *name)
{
	struct http_client c = { 0 };
	struct abicache none = { 0 };
	struct or_err e = { 0 };
	cJSON *rec = record(json);
	int rc = call ? rpcread_call(&c, &none, rec, "latest", &e) :
	    rpcread_account(&c, what, rec, "latest", &e);

	is_str(rc < 0 ? e.code : NULL, want, "%s", name);
	ok(c.requests == 0, "%s: nothing sent", name);
	cJSON_Delete(rec);
}

int
main(void)
{
	(void)vector_path;	/* no shared vector covers these cases */
	block_case("{}", "latest", "\"latest\"", "no block: the default");
	block_case("{}", "12", "\"0xc\"", "a numeric default");
	block_case("{\"block\":5}", "latest", "\"0x5\"", "the record's block");
	block_case("{\"block\":\"safe\"}", "12", "\"safe\"",
	    "the record's tag wins");
	block_case("{\"block\":\"soon\"}", "latest", "json.bad_field",
	    "a bad block");
	block_case("{\"block\":-1}", "latest", "json.unsafe_integer",
	    "a negative block");
	refused(0, RPCREAD_BALANCE, "{}", "rpc.no_address", "no address");
	refused(0, RPCREAD_NONCE, "{\"address\":\"0x12\"}", "hex.bad_address",
	    "a short address");
	refused(0, RPCREAD_CODE, "{\"address\":\"" ADDR "\",\"block\":\"x\"}",
	    "json.bad_field", "code at a bad block");
	refused(1, 0, "{}", "rpc.no_to", "call without to");
	refused(1, 0, "{\"to\":\"" ADDR "\",\"from\":7}", "json.bad_field",
	    "call with a bad from");
	refused(1, 0, "{\"to\":\"" ADDR "\",\"data\":\"0x\",\"block\":\"x\"}",
	    "json.bad_field", "call at a bad block");
	refused(1, 0, "{\"to\":\"" ADDR "\"}", "rpc.no_data",
	    "call without data or sig");
	refused(1, 0, "{\"to\":\"" ADDR "\",\"sig\":\"(uint256)\"}",
	    "abi.bad_signature", "call of a sig without a name");
	refused(1, 0, "{\"to\":\"" ADDR "\",\"sig\":\"f(uint256)\","
	    "\"args\":[\"x\"]}", "abi.bad_int", "call with bad args");
	return done_testing();
}
