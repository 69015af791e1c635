/* Unit tests: rpcverb, or-rpc's verb names and the records its operands
 * stand for in argument mode. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "rpcverb.h"

#define ADDR "0x0000000000000000000000000000000000000001"
#define TOPIC "0x000000000000000000000000000000000000000000000000000000000000002a"

/* The records of the operands, printed one after another. */
static char *
records(enum rpcverb v, int argc, char **argv, size_t *n)
{
	cJSON **recs = rpcverb_records(v, argc, argv, n);
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < *n; i++) {
		json_print(&b, recs[i]);
		buf_add(&b, "\n", 1);
		cJSON_Delete(recs[i]);
	}
	free(recs);
	return b.p;
}

static void
names(void)
{
	ok(rpcverb_find("logs") == V_LOGS, "logs is a verb");
	ok(rpcverb_find("block-number") == V_BLOCK_NUMBER,
	    "block-number is a verb");
	ok(rpcverb_find("code") == V_CODE, "code is a verb");
	ok(rpcverb_find("receipt") == V_RECEIPT, "receipt is a verb");
	ok(rpcverb_find("gas-price") == V_GAS_PRICE, "gas-price is a verb");
	ok(rpcverb_find("eth_call") == V_RAW, "a method is no verb");
	ok(rpcverb_find("my_method") == V_RAW, "a word with _ is a method");
	ok(rpcverb_find("Logs") == -1, "verbs are case-sensitive");
	ok(rpcverb_find("blocknumber") == -1, "a typo is neither");
	ok(rpcverb_find("") == -1, "the empty name is neither");
	is_str(rpcverb_names[V_GAS_PRICE - 1], "gas-price",
	    "names follow the verbs");
	ok(rpcverb_need(V_CHAIN_ID) == NULL && rpcverb_need(V_GAS_PRICE) ==
	    NULL, "chain-id and gas-price need no input");
	is_str(rpcverb_need(V_BALANCE), "ADDRESS", "balance needs ADDRESS");
}

static void
operands(void)
{
	cJSON *v;

	v = rpcverb_operand_value("[1,\"a\"]");
	ok(cJSON_IsArray(v), "JSON operand parses");
	cJSON_Delete(v);
	v = rpcverb_operand_value("latest");
	is_str(json_strval(v, NULL), "latest", "non-JSON operand: a string");
	cJSON_Delete(v);
	v = rpcverb_operand_value("12");
	ok(json_is_number(v), "number operand: a number");
	cJSON_Delete(v);
	ok(rpcverb_is_block("latest"), "latest is a block");
	ok(rpcverb_is_block("finalized"), "finalized is a block");
	ok(rpcverb_is_block("12"), "12 is a block");
	ok(rpcverb_is_block("0x1f"), "0x1f is a block");
	ok(!rpcverb_is_block("latests"), "latests is no block");
	ok(!rpcverb_is_block("-1"), "-1 is no block");
	ok(!rpcverb_is_block("[1]"), "an array is no block");
	ok(!rpcverb_is_block(""), "nothing is no block");
}

static void
argument_records(void)
{
	char *raw[] = { "eth_getBalance", ADDR, "\"latest\"", "nope" };
	char *call[] = { ADDR, "0x06661abd" };
	char *logs[] = { ADDR, "null", TOPIC };
	char *addrs[] = { ADDR, "0x2" };
	char *bysig[] = { ADDR, "f(uint256,string,bool,uint8[])(uint256)",
		"1000000000000000000000", "123", "true", "[1,2]", "x" };
	size_t n;
	char *s;

	s = records(V_RAW, 4, raw, &n);
	is_str(s, "{\"method\":\"eth_getBalance\",\"params\":[\"" ADDR
	    "\",\"latest\",\"nope\"]}\n", "method: one record, JSON params");
	ok(n == 1, "method: one record");
	free(s);
	s = records(V_RAW, 1, raw, &n);
	is_str(s, "{\"method\":\"eth_getBalance\",\"params\":[]}\n",
	    "method without params: an empty array");
	free(s);
	s = records(V_CALL, 2, call, &n);
	is_str(s, "{\"to\":\"" ADDR "\",\"data\":\"0x06661abd\"}\n",
	    "call: to, then data");
	free(s);
	s = records(V_CALL, 6, bysig, &n);
	is_str(s, "{\"to\":\"" ADDR "\",\"sig\":\"f(uint256,string,bool,"
	    "uint8[])(uint256)\",\"args\":[\"1000000000000000000000\","
	    "\"123\",true,[1,2]]}\n", "call TO SIG ARGs: args read by type");
	free(s);
	s = records(V_CALL, 2, bysig + 5, &n);
	is_str(s, "{\"to\":\"[1,2]\",\"sig\":\"x\",\"args\":[]}\n",
	    "call TO SIG: empty args");
	free(s);
	s = records(V_RECEIPT, 1, addrs, &n);
	is_str(s, "{\"txHash\":\"" ADDR "\"}\n", "receipt: txHash");
	free(s);
	s = records(V_LOGS, 3, logs, &n);
	is_str(s, "{\"address\":\"" ADDR "\",\"topics\":[null,\"" TOPIC
	    "\"]}\n", "logs: null is a wildcard topic");
	free(s);
	s = records(V_LOGS, 1, logs, &n);
	is_str(s, "{\"address\":\"" ADDR "\"}\n", "logs: no topics field");
	free(s);
	s = records(V_BALANCE, 2, addrs, &n);
	is_str(s, "{\"address\":\"" ADDR "\"}\n{\"address\":\"0x2\"}\n",
	    "balance: one record per address");
	ok(n == 2, "balance: two records");
	free(s);
	s = records(V_WAIT, 1, addrs, &n);
	is_str(s, "{\"txHash\":\"" ADDR "\"}\n", "wait: txHash");
	free(s);
	s = records(V_SEND, 1, call + 1, &n);
	is_str(s, "{\"raw\":\"0x06661abd\"}\n", "send: raw");
	free(s);
}

int
main(void)
{
	(void)vector_path;	/* no shared vector covers these cases */
	names();
	operands();
	argument_records();
	return done_testing();
}
