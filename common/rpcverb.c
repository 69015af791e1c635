/* rpcverb: or-rpc's verbs and argument-mode records (see rpcverb.h). */
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "abiarg.h"
#include "eth.h"
#include "rpcverb.h"
#include "banned.h"

/* Indexed by enum rpcverb less one: V_RAW has no name. */
const char *const rpcverb_names[] = { "fill", "send", "wait", "receipt",
	"call", "logs", "chain-id", "block-number", "gas-price", "balance",
	"nonce", "code", NULL };

int
rpcverb_find(const char *name)
{
	int i;

	for (i = 0; rpcverb_names[i] != NULL; i++)
		if (strcmp(name, rpcverb_names[i]) == 0)
			return i + 1;
	return strchr(name, '_') != NULL ? V_RAW : -1;
}

const char *
rpcverb_need(enum rpcverb v)
{
	static const char *const need[] = {
		[V_RAW] = "METHOD [PARAM ...]",
		[V_FILL] = "transaction records",
		[V_SEND] = "RAW", [V_WAIT] = "TXHASH", [V_RECEIPT] = "TXHASH",
		[V_CALL] = "TO SIG [ARG ...] or TO DATA",
		[V_LOGS] = "ADDRESS [TOPIC ...]", [V_BALANCE] = "ADDRESS",
		[V_NONCE] = "ADDRESS", [V_CODE] = "ADDRESS",
	};

	return need[v];
}

cJSON *
rpcverb_operand_value(const char *s)
{
	struct or_err e = { 0 };
	cJSON *v = json_parse(s, strlen(s), 0, &e);

	return v != NULL ? v : json_new_str(s);
}

int
rpcverb_is_block(const char *s)
{
	struct or_err e = { 0 };
	cJSON *v = rpcverb_operand_value(s);
	cJSON *b = eth_block_param(v, "block", &e);

	cJSON_Delete(v);
	cJSON_Delete(b);
	return b != NULL;
}

/* The ARG operands of call TO SIG [ARG ...], each read by its ABI type by
 * the one operand reader or-abi encode uses (abiarg.h).  A SIG that does
 * not parse, or a malformed list, leaves every operand text: the record
 * then fails on its 'sig' or on that argument, named by the encoder. */
static cJSON *
call_args(const char *sig, int argc, char **argv)
{
	struct or_err e = { 0 };
	struct abi_sig *g = abi_sig_parse(sig, ABI_FUNCTION, &e);
	cJSON *arr = g != NULL ? abiarg_list(g->in, argv, (size_t)argc, &e) :
	    NULL;
	int i;

	abi_sig_free(g);
	if (arr != NULL)
		return arr;
	arr = json_array();
	for (i = 0; i < argc; i++)
		json_push(arr, json_new_str(argv[i]));
	return arr;
}

/* The one record of a method, call or logs. */
static cJSON *
whole_record(enum rpcverb v, int argc, char **argv)
{
	cJSON *r = json_object(), *arr;
	int i;

	if (v == V_RAW) {
		json_set_str(r, "method", argv[0]);
		arr = json_array();
		for (i = 1; i < argc; i++)
			json_push(arr, rpcverb_operand_value(argv[i]));
		json_set(r, "params", arr);
	} else if (v == V_CALL) {
		json_set_str(r, "to", argv[0]);
		if (strncmp(argv[1], "0x", 2) == 0) {
			json_set_str(r, "data", argv[1]);
		} else {
			json_set_str(r, "sig", argv[1]);
			json_set(r, "args", call_args(argv[1], argc - 2,
			    argv + 2));
		}
	} else {
		json_set_str(r, "address", argv[0]);
		if (argc > 1) {
			arr = json_array();
			for (i = 1; i < argc; i++)
				json_push(arr, strcmp(argv[i], "null") == 0 ?
				    json_null() : json_new_str(argv[i]));
			json_set(r, "topics", arr);
		}
	}
	return r;
}

cJSON **
rpcverb_records(enum rpcverb v, int argc, char **argv, size_t *n)
{
	static const char *const key[] = { [V_SEND] = "raw",
		[V_WAIT] = "txHash", [V_RECEIPT] = "txHash", [V_BALANCE] = "address",
		[V_NONCE] = "address", [V_CODE] = "address" };
	cJSON **recs, *r;
	int i;

	*n = 0;
	if (v == V_RAW || v == V_CALL || v == V_LOGS) {
		recs = xmalloc(sizeof(*recs));
		recs[(*n)++] = whole_record(v, argc, argv);
		return recs;
	}
	recs = xreallocarray(NULL, (size_t)argc, sizeof(*recs));
	for (i = 0; i < argc; i++) {
		r = json_object();
		json_set_str(r, key[v], argv[i]);
		recs[(*n)++] = r;
	}
	return recs;
}
