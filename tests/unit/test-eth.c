/* Unit tests: eth (record fields, block parameters, receipts and logs in
 * record form) and logscan (filters, refused ranges), without a node. */
#include <string.h>

#include "tap.h"
#include "eth.h"
#include "receipt.h"
#include "reply.h"
#include "logscan.h"

static cJSON *
parse(const char *s)
{
	struct or_err e = { 0 };

	return json_parse(s, strlen(s), 0, &e);
}

/* Apply f to the JSON text in and compare the printed result. */
static void
check_block(const char *in, const char *want)
{
	struct or_err e = { 0 };
	cJSON *v = parse(in), *r = eth_block_param(v, "block", &e);
	char *got = r != NULL ? json_print_new(r) : NULL;

	is_str(got != NULL ? got : e.code, want, "block %s", in);
	free(got);
	cJSON_Delete(r);
	cJSON_Delete(v);
}

static void
check_filter(const char *rec, const char *want)
{
	struct or_err e = { 0 };
	cJSON *v = parse(rec), *f = logscan_filter(v, &e);
	char *got = f != NULL ? json_print_new(f) : NULL;

	is_str(got != NULL ? got : e.code, want, "filter %s", rec);
	free(got);
	cJSON_Delete(f);
	cJSON_Delete(v);
}

static void
check_receipt(const char *in, const char *want)
{
	struct http_client c;
	struct or_err e = { 0 };
	cJSON *v = parse(in), *r;
	char *got;

	memset(&c, 0, sizeof(c));
	snprintf(c.shown, sizeof(c.shown), "http://node");
	r = receipt_record(&c, v, &e);
	got = r != NULL ? json_print_new(r) : NULL;
	is_str(got != NULL ? got : e.code, want, "receipt %.40s", in);
	free(got);
	cJSON_Delete(r);
	cJSON_Delete(v);
}

static void
check_refused(long code, const char *msg, int want)
{
	struct http_client c;

	memset(&c, 0, sizeof(c));
	c.node_code = code;
	c.node_msg = (char *)msg;
	ok(logscan_refused(&c) == want, "refused(%ld, %s) is %d", code, msg,
	    want);
}

int
main(void)
{
	struct or_err e = { 0 };
	char addr[43];
	cJSON *v;

	(void)vector_path;	/* no shared vector covers these cases */
	check_block("\"latest\"", "\"latest\"");
	check_block("\"finalized\"", "\"finalized\"");
	check_block("17", "\"0x11\"");
	check_block("\"0x11\"", "\"0x11\"");
	check_block("\"17\"", "\"0x11\"");
	check_block("\"Latest\"", "json.bad_field");
	check_block("1.5", "json.unsafe_integer");
	check_block("9007199254740992", "json.unsafe_integer");
	check_block("null", "json.bad_field");

	v = parse("{\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
	    "\"bad\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79C8\"}");
	ok(eth_field_address(v, "to", addr, &e) == 1 && strcmp(addr,
	    "0x70997970c51812dc3a010c7d01b50e0d17dc79c8") == 0,
	    "checksummed address lowercased");
	ok(eth_field_address(v, "bad", addr, &e) < 0 &&
	    strcmp(e.code, "hex.bad_checksum") == 0, "bad checksum refused");
	ok(eth_field_address(v, "none", addr, &e) == 0, "absent address");
	cJSON_Delete(v);

	check_filter("{}", "{}");
	check_filter("{\"address\":\"0x00000000000000000000000000000000000000AA\"}",
	    "{\"address\":\"0x00000000000000000000000000000000000000aa\"}");
	check_filter("{\"address\":[\"0x00000000000000000000000000000000000000aa\",1]}",
	    "json.bad_field");
	check_filter("{\"topics\":[null,[\"0x" "0000000000000000000000000000000000000000000000000000000000000001\"]]}",
	    "{\"topics\":[null,[\"0x0000000000000000000000000000000000000000000000000000000000000001\"]]}");
	check_filter("{\"topics\":[\"0x01\"]}", "hex.bad_length");
	check_filter("{\"topics\":[[1]]}", "json.bad_field");
	check_filter("{\"topics\":\"x\"}", "json.bad_field");

	check_receipt("{\"status\":\"0x1\",\"blockNumber\":\"0x10\","
	    "\"gasUsed\":\"0x5208\",\"effectiveGasPrice\":\"0x3b9aca00\","
	    "\"contractAddress\":null,\"logs\":[{\"address\":\"0xaa\","
	    "\"topics\":[],\"data\":\"0x\",\"logIndex\":\"0x0\"}]}",
	    "{\"status\":1,\"blockNumber\":16,\"gasUsed\":21000,"
	    "\"effectiveGasPrice\":\"1000000000\",\"logs\":[{\"address\":"
	    "\"0xaa\",\"topics\":[],\"data\":\"0x\",\"logIndex\":0}]}");
	check_receipt("{\"status\":\"0x1\"}", "rpc.bad_reply");
	check_receipt("{\"status\":\"0x1\",\"blockNumber\":\"0x20000000000000\"}",
	    "rpc.bad_reply");
	check_receipt("{\"status\":1,\"blockNumber\":\"0x1\"}", "rpc.bad_reply");
	check_receipt("{\"status\":\"0x1\",\"blockNumber\":\"0x1\",\"logs\":[7]}",
	    "rpc.bad_reply");

	v = parse("{\"data\":\"0x08c379a0\"}");
	is_str(reply_revert_hex(v), "0x08c379a0", "revert data nested in data");
	cJSON_Delete(v);
	v = parse("\"execution reverted\"");
	ok(reply_revert_hex(v) == NULL, "a message is not revert data");
	cJSON_Delete(v);

	check_refused(-32005, "whatever", 1);
	check_refused(-32000, "query returned more than 10000 results", 1);
	check_refused(-32602, "block range is too wide", 1);
	check_refused(-32000, "Log response size exceeded", 1);
	check_refused(-32602, "invalid argument 0: hex string has length 3", 0);
	check_refused(-32601, "Method not found", 0);
	return done_testing();
}
