/* or-rpc: talk JSON-RPC to an EVM node as a JSON-lines filter: raw calls,
 * fill/send/wait for transactions, call, logs, and small reads. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eth.h"
#include "hex.h"
#include "http.h"
#include "jsonl.h"
#include "logscan.h"
#include "quantity.h"
#include "rpcdecode.h"
#include "txfill.h"
#include "txsend.h"
#include "banned.h"

static const char usage[] =
    "usage: or-rpc [options] [METHOD [PARAM ...]]\n"
    "       or-rpc [options] fill\n"
    "       or-rpc [options] send [RAW ...]\n"
    "       or-rpc [options] wait [TXHASH ...]\n"
    "       or-rpc [options] call [TO DATA]\n"
    "       or-rpc [options] logs [ADDRESS [TOPIC ...]]\n"
    "       or-rpc [options] chain-id\n"
    "       or-rpc [options] block-number\n"
    "       or-rpc [options] balance [ADDRESS ...]\n"
    "       or-rpc [options] nonce [ADDRESS ...]\n"
    "       or-rpc [options] code [ADDRESS ...]\n"
    "\n"
    "  -a, --abi FILE             call, wait, logs: decode with this ABI; repeatable\n"
    "      --batch                fill: ask the node in one JSON-RPC batch per record\n"
    "  -b, --block BLOCK          block for reads and call (default latest)\n"
    "      --confirmations N      wait: blocks on top of the receipt (default 1)\n"
    "      --fail-fast            stop after the first failed record\n"
    "  -f, --from ADDRESS         fill: sender for nonce and estimate (ETH_FROM)\n"
    "      --follow               logs: keep streaming new blocks\n"
    "      --from-block BLOCK     logs: first block (default 0)\n"
    "      --gas-factor X         fill: gas limit = estimate x X (default 1.2)\n"
    "      --gas-limit N          fill: gas limit (ETH_GAS_LIMIT)\n"
    "      --gas-price PRICE      fill: gasPrice or maxFeePerGas (ETH_GAS_PRICE)\n"
    "  -h, --help                 show this help\n"
    "      --interval SECS        wait, logs --follow: poll interval (default 0.5)\n"
    "      --max-range N          logs: blocks per request at most (default 10000)\n"
    "      --priority-gas-price PRICE\n"
    "                             fill: maxPriorityFeePerGas (ETH_PRIORITY_GAS_PRICE)\n"
    "  -q, --quiet                no stderr line per failed record\n"
    "      --retries N            further attempts after a transport failure (default 5)\n"
    "  -r, --rpc-url URL          JSON-RPC endpoint (ETH_RPC_URL)\n"
    "      --rpc-timeout SECS     time limit per request (ETH_RPC_TIMEOUT, default 45)\n"
    "      --timeout SECS         wait, logs --follow: give up after SECS (default 120)\n"
    "      --to-block BLOCK       logs: last block (default latest)\n"
    "      --version              print the version\n";

enum verb {
	V_RAW, V_FILL, V_SEND, V_WAIT, V_CALL, V_LOGS, V_CHAIN_ID,
	V_BLOCK_NUMBER, V_BALANCE, V_NONCE, V_CODE
};

static const struct {
	const char *name;
	enum verb verb;
} verbs[] = {
	{ "balance", V_BALANCE }, { "block-number", V_BLOCK_NUMBER },
	{ "call", V_CALL }, { "chain-id", V_CHAIN_ID }, { "code", V_CODE },
	{ "fill", V_FILL }, { "logs", V_LOGS }, { "nonce", V_NONCE },
	{ "send", V_SEND }, { "wait", V_WAIT },
};

static struct opts {
	enum verb verb;
	const char *url, *block, *from_block, *to_block;
	uint64_t timeout_us, interval_us, wait_us;
	uint64_t confirmations, max_range;
	int retries, follow;
	const char **abis;	/* --abi paths, in order */
	size_t nabis;
} o;

static struct rpc_abis A;	/* the --abi files, loaded before any input */

static struct rpc_client C;
static struct jl J;

static struct txfill F;	/* fill's settings and per-stream nonces */

/* --- helpers -------------------------------------------------------------- */

/* The record's "block" or --block, as a JSON-RPC parameter. */
static cJSON *
record_block(const cJSON *rec, struct or_err *e)
{
	const cJSON *v = json_get(rec, "block");
	cJSON *opt, *r;

	if (v != NULL)
		return eth_block_param(v, "block", e);
	opt = eth_str(o.block);
	r = eth_block_param(opt, "--block", e);
	cJSON_Delete(opt);
	return r;
}

/* The one place where decoding plugs in, for kind "revert" (p is the
 * revert data), "return" (p is the return data of the record's call) and
 * "log" (rec is a log; its topics and data are read from it).  Revert data
 * and logs that cannot be decoded keep their raw fields and get a
 * decodeError: that is not a failure of the record.  Return data that does
 * not fit the outputs of its function is. */
static int
decode_into(cJSON *rec, const char *kind, const uint8_t *p, size_t n,
    struct or_err *e)
{
	if (strcmp(kind, "revert") == 0)
		rpcdecode_revert(&A, rec, p, n);
	else if (strcmp(kind, "log") == 0)
		rpcdecode_log(&A, rec);
	else
		return rpcdecode_return(&A, rec, p, n, e);
	return 0;
}

/* Add revertData (and its decoding) from lowercase hex. */
static void
add_revert(cJSON *rec, const char *hex)
{
	struct or_err e = { 0 };
	uint8_t *b;
	size_t n;

	if (hex == NULL || hex_decode(hex, strlen(hex), &b, &n, "data",
	    &e) < 0)
		return;
	json_set(rec, "revertData", eth_hex(b, n));
	decode_into(rec, "revert", b, n, &e);
	free(b);
}

/* --- send, wait, call ---------------------------------------------------- */

static int
wait_receipt(cJSON *rec, struct or_err *e)
{
	const struct tx_wait w = { o.interval_us, o.wait_us, o.confirmations };
	const char *given;
	uint8_t h[32];
	char hash[67], *revert;
	uint64_t status, bn;
	cJSON *receipt, *l;
	int rc;

	if ((rc = json_field_str(rec, "txHash", &given, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_tx_hash",
		    "no 'txHash' to wait for");
	if (hex_decode_fixed(given, h, 32, "txHash", e) < 0)
		return -1;
	hex_encode(hash, h, 32);
	if (tx_wait(&C, hash, &w, &receipt, e) < 0)
		return -1;
	json_set(rec, "receipt", receipt);
	cJSON_ArrayForEach(l, json_get(receipt, "logs"))
		decode_into(l, "log", NULL, 0, e);
	if (json_value_u64(json_get(receipt, "status"), "status", 1, &status,
	    e) < 0)
		status = 0;
	memset(e, 0, sizeof(*e));
	if (status != 0)
		return 0;
	/* a documented negative outcome: failed, without an error object */
	if (json_value_u64(json_get(receipt, "blockNumber"), "blockNumber",
	    ETH_MAX_SAFE, &bn, e) > 0) {
		revert = tx_replay_revert(&C, hash, bn);
		add_revert(rec, revert);
		free(revert);
	}
	memset(e, 0, sizeof(*e));
	jl_failed(&J, 1);
	return 0;
}

static int
call(cJSON *rec, struct or_err *e)
{
	char from[43];
	cJSON *p, *t, *b, *r;
	const char *s;
	size_t n;
	uint8_t *bytes;
	int rc;

	if ((rc = eth_field_address(rec, "from", from, e)) < 0)
		return -1;
	if (json_get(rec, "to") == NULL)
		return or_error(e, "rpc.no_to", "no 'to' address to call");
	if ((t = eth_call_object(rec, rc > 0 ? from : NULL, e)) == NULL)
		return -1;
	if ((b = record_block(rec, e)) == NULL) {
		cJSON_Delete(t);
		return -1;
	}
	p = eth_array();
	eth_push(p, t);
	eth_push(p, b);
	if (rpc_call(&C, "eth_call", p, RPC_RETRY, &r, e) < 0) {
		if (strcmp(e->code, "rpc.node_error") == 0)
			add_revert(rec, eth_revert_hex(C.node_data));
		return -1;
	}
	if ((s = json_strval(r, &n)) == NULL ||
	    hex_decode(s, n, &bytes, &n, "result", e) < 0) {
		cJSON_Delete(r);
		return or_error_st(e, 4, "rpc.bad_reply", "node sent invalid "
		    "return data from '%s'", C.shown);
	}
	cJSON_Delete(r);
	json_set(rec, "returnData", eth_hex(bytes, n));
	rc = decode_into(rec, "return", bytes, n, e);
	free(bytes);
	return rc;
}

/* --- logs ---------------------------------------------------------------- */

/* Each log goes out at once as a detail record, "kind" first. */
static void
put_log(cJSON *l, void *ud)
{
	cJSON *d = eth_object(), *it;

	(void)ud;
	json_set_str(d, "kind", "log");
	while ((it = l->child) != NULL) {
		cJSON_DetachItemViaPointer(l, it);
		if (!cJSON_AddItemToObject(d, it->string, it))
			die_oom();
	}
	cJSON_Delete(l);
	decode_into(d, "log", NULL, 0, NULL);
	jl_detail(&J, d);
}

static int
logs(cJSON *rec, struct or_err *e)
{
	struct logscan s = { &C, NULL, 0, o.max_range, 0, 0 };
	const cJSON *fv = json_get(rec, "fromBlock"), *tv = json_get(rec,
	    "toBlock");
	cJSON *filter, *opt;
	const char *ts;
	uint64_t from = 0, to = 0, stop = UINT64_MAX, head;
	uint64_t deadline = eth_now_us() + o.wait_us;
	int rc, have_stop = 0;

	if ((filter = logscan_filter(rec, e)) == NULL)
		return -1;
	s.filter = filter;
	opt = eth_str(o.from_block);
	rc = eth_block_number(&C, fv != NULL ? fv : opt, "fromBlock", &from,
	    e);
	cJSON_Delete(opt);
	opt = eth_str(o.to_block);
	if (tv == NULL)
		tv = opt;
	ts = json_strval(tv, NULL);
	if (rc == 0 && ts != NULL && ts[0] >= 'a' && ts[0] <= 'z') {
		rc = eth_block_number(&C, tv, "toBlock", &to, e);
	} else if (rc == 0) {
		/* a numeric end is where --follow stops */
		rc = eth_block_number(&C, tv, "toBlock", &stop, e);
		have_stop = 1;
		to = stop;
		if (rc == 0 && o.follow && (rc = eth_call_u64(&C,
		    "eth_blockNumber", NULL, &head, e)) == 0 && head < to)
			to = head;
	}
	cJSON_Delete(opt);
	if (rc < 0)
		goto out;
	s.next = from;
	if ((rc = logscan_to(&s, to, put_log, NULL, e)) < 0 &&
	    (!o.follow || strcmp(e->code, "rpc.node_error") != 0))
		goto out;
	while (o.follow && (!have_stop || s.next <= stop) &&
	    eth_now_us() + o.interval_us <= deadline) {
		eth_sleep_us(o.interval_us);
		if ((rc = eth_call_u64(&C, "eth_blockNumber", NULL, &head,
		    e)) < 0)
			goto out;
		/* a node may announce a block before it serves its logs
		 * (anvil does): a node error here is tried again at the next
		 * poll, and only the last one counts */
		memset(e, 0, sizeof(*e));
		if ((rc = logscan_to(&s, head < stop ? head : stop, put_log,
		    NULL, e)) < 0 && strcmp(e->code, "rpc.node_error") != 0)
			goto out;
	}
	rc = e->code[0] != '\0' ? -1 : 0;
out:
	if (s.splits > 0)
		debug("node refused %lu ranges; now %llu blocks per request",
		    s.splits, (unsigned long long)s.chunk);
	cJSON_Delete(filter);
	json_set(rec, "logCount", json_new_uint(s.count));
	if (s.next > from)
		json_set(rec, "lastBlock", json_new_uint(s.next - 1));
	return rc;
}

/* --- small reads and raw calls ------------------------------------------- */

static int
account_read(cJSON *rec, struct or_err *e)
{
	static const char *const method[] = { [V_BALANCE] = "eth_getBalance",
		[V_NONCE] = "eth_getTransactionCount",
		[V_CODE] = "eth_getCode" };
	char a[43];
	cJSON *p, *b, *r;
	struct u256 q;
	uint64_t n;
	const char *s;
	size_t len;
	uint8_t *bytes;
	int rc;

	if ((rc = eth_field_address(rec, "address", a, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_address",
		    "no 'address' to read");
	if ((b = record_block(rec, e)) == NULL)
		return -1;
	p = eth_array();
	eth_push(p, eth_str(a));
	eth_push(p, b);
	if (rpc_call(&C, method[o.verb], p, RPC_RETRY, &r, e) < 0)
		return -1;
	rc = 0;
	if (o.verb == V_BALANCE) {
		if ((rc = eth_reply_q(&C, r, "balance", &q, e)) == 0)
			{
			char dec[Q_DEC_MAX];

			q_to_dec(&q, dec);
			json_set_str(rec, "balance", dec);
		}
	} else if (o.verb == V_NONCE) {
		if ((rc = eth_reply_u64(&C, r, "nonce", &n, e)) == 0)
			json_set(rec, "nonce", json_new_uint(n));
	} else if ((s = json_strval(r, &len)) != NULL &&
	    hex_decode(s, len, &bytes, &len, "code", e) == 0) {
		json_set(rec, "code", eth_hex(bytes, len));
		free(bytes);
	} else {
		rc = or_error_st(e, 4, "rpc.bad_reply", "node sent invalid "
		    "code from '%s'", C.shown);
	}
	cJSON_Delete(r);
	return rc;
}

/* Methods whose repetition has no effect, so a lost reply may be asked
 * again; eth_sendRawTransaction is among them (the same signed bytes). */
static int
retry_safe(const char *m)
{
	static const char *const prefixes[] = { "eth_get", "eth_call",
		"eth_chainId", "eth_blockNumber", "eth_estimateGas",
		"eth_gasPrice", "eth_feeHistory", "eth_maxPriorityFeePerGas",
		"eth_syncing", "eth_sendRawTransaction", "net_", "web3_",
		"zgs_get", "eth_protocolVersion", NULL };
	int i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(m, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

static int
raw_call(cJSON *rec, struct or_err *e)
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
	if (rpc_call(&C, m, pv != NULL ? json_dup(pv) : NULL, retry_safe(m) ?
	    RPC_RETRY : RPC_ONCE, &r, e) < 0)
		return -1;
	json_set(rec, "result", r);
	return 0;
}

static int
enrich(cJSON *rec, struct or_err *e)
{
	uint64_t n;

	switch (o.verb) {
	case V_RAW:
		return raw_call(rec, e);
	case V_FILL:
		return txfill_record(&F, rec, e);
	case V_SEND:
		return tx_send(&C, rec, e);
	case V_WAIT:
		return wait_receipt(rec, e);
	case V_CALL:
		return call(rec, e);
	case V_LOGS:
		return logs(rec, e);
	case V_CHAIN_ID:
		if (eth_call_u64(&C, "eth_chainId", NULL, &n, e) < 0)
			return -1;
		json_set(rec, "chainId", json_new_uint(n));
		return 0;
	case V_BLOCK_NUMBER:
		if (eth_call_u64(&C, "eth_blockNumber", NULL, &n, e) < 0)
			return -1;
		json_set(rec, "blockNumber", json_new_uint(n));
		return 0;
	case V_BALANCE:
	case V_NONCE:
	case V_CODE:
		return account_read(rec, e);
	}
	return 0;
}

/* jl_emit, plus the node's code, message and data on rpc.node_error. */
static void
emit(cJSON *rec, int rc)
{
	cJSON *eo;

	if (rc == 0 || strcmp(J.err.code, "rpc.node_error") != 0) {
		jl_emit(&J, rec, rc);
		return;
	}
	eo = jl_error_object(&J, &J.err);
	rpc_node_extras(&C, eo);
	json_set(rec, "error", eo);
	if (!J.quiet && !J.argmode && J.line > 0)
		fprintf(stderr, "%s: error: line %ld: %s\n", J.tool, J.line,
		    J.err.msg);
	else if (!J.quiet)
		fprintf(stderr, "%s: error: %s\n", J.tool, J.err.msg);
	jl_failed(&J, 1);
	jl_emit(&J, rec, 0);
}

/* --- setup --------------------------------------------------------------- */

/* An operand as a JSON value: JSON when it parses, else the string. */
static cJSON *
operand_value(const char *s)
{
	struct or_err e = { 0 };
	cJSON *v = json_parse(s, strlen(s), 0, &e);

	return v != NULL ? v : eth_str(s);
}

static cJSON **
operand_records(int argc, char **argv, size_t *n)
{
	cJSON **recs = NULL, *r, *arr;
	static const char *const key[] = { [V_SEND] = "raw",
		[V_WAIT] = "txHash", [V_BALANCE] = "address",
		[V_NONCE] = "address", [V_CODE] = "address" };
	int i;

	*n = 0;
	switch (o.verb) {
	case V_RAW:
	case V_CALL:
	case V_LOGS:
		r = eth_object();
		if (o.verb == V_RAW) {
			json_set_str(r, "method", argv[0]);
			arr = eth_array();
			for (i = 1; i < argc; i++)
				eth_push(arr, operand_value(argv[i]));
			json_set(r, "params", arr);
		} else if (o.verb == V_CALL) {
			json_set_str(r, "to", argv[0]);
			json_set_str(r, "data", argv[1]);
		} else {
			json_set_str(r, "address", argv[0]);
			if (argc > 1) {
				arr = eth_array();
				for (i = 1; i < argc; i++)
					eth_push(arr, strcmp(argv[i], "null") == 0 ?
					    cJSON_CreateNull() : eth_str(argv[i]));
				json_set(r, "topics", arr);
			}
		}
		recs = xmalloc(sizeof(*recs));
		recs[(*n)++] = r;
		return recs;
	default:
		recs = xreallocarray(NULL, (size_t)argc, sizeof(*recs));
		for (i = 0; i < argc; i++) {
			r = eth_object();
			json_set_str(r, key[o.verb], argv[i]);
			recs[(*n)++] = r;
		}
		return recs;
	}
}

static void
env_price(const char *name, struct u256 *v, int *have)
{
	const char *s = getenv(name);

	if (s == NULL || *s == '\0')
		return;
	if (q_parse_price(s, v) < 0)
		cli_usage_error(usage, "invalid %s '%s': decimal wei or a "
		    "number of gwei such as 1.5gwei", name, s);
	*have = 1;
}

static const char *
check_block_opt(const char *opt, const char *s)
{
	struct or_err e = { 0 };
	cJSON *v = operand_value(s), *b = eth_block_param(v, opt, &e);

	cJSON_Delete(v);
	if (b == NULL)
		cli_usage_error(usage, "invalid %s '%s': a block number or "
		    "latest, earliest, pending, safe, finalized", opt, s);
	cJSON_Delete(b);
	return s;
}

enum {
	OPT_BATCH = OPT_TOOL_BASE, OPT_CONFIRMATIONS, OPT_FOLLOW, OPT_FROM_BLOCK,
	OPT_GAS_FACTOR, OPT_GAS_LIMIT, OPT_GAS_PRICE, OPT_INTERVAL,
	OPT_MAX_RANGE, OPT_PRIORITY, OPT_RETRIES, OPT_RPC_TIMEOUT,
	OPT_TIMEOUT, OPT_TO_BLOCK
};

static const struct option longopts[] = {
	{ "abi", required_argument, NULL, 'a' },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "block", required_argument, NULL, 'b' },
	{ "confirmations", required_argument, NULL, OPT_CONFIRMATIONS },
	{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "from", required_argument, NULL, 'f' },
	{ "from-block", required_argument, NULL, OPT_FROM_BLOCK },
	{ "gas-factor", required_argument, NULL, OPT_GAS_FACTOR },
	{ "gas-limit", required_argument, NULL, OPT_GAS_LIMIT },
	{ "gas-price", required_argument, NULL, OPT_GAS_PRICE },
	{ "help", no_argument, NULL, 'h' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "max-range", required_argument, NULL, OPT_MAX_RANGE },
	{ "priority-gas-price", required_argument, NULL, OPT_PRIORITY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "rpc-timeout", required_argument, NULL, OPT_RPC_TIMEOUT },
	{ "rpc-url", required_argument, NULL, 'r' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "to-block", required_argument, NULL, OPT_TO_BLOCK },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static uint64_t
num_opt(const char *opt, const char *s, uint64_t min, uint64_t max)
{
	uint64_t v;

	if (parse_u64(s, &v) < 0 || v < min || v > max)
		cli_usage_error(usage, "invalid %s '%s'", opt, s);
	return v;
}

static uint64_t
secs_opt(const char *opt, const char *s)
{
	uint64_t v;

	if (parse_duration_us(s, &v) < 0)
		cli_usage_error(usage, "invalid %s '%s': decimal seconds",
		    opt, s);
	return v;
}

static void
set_from(const char *what, const char *s)
{
	static char buf[43];
	struct or_err e = { 0 };
	uint8_t a[20];

	if (hex_decode_address(s, a, what, &e) < 0)
		cli_usage_error(usage, "%s", e.msg);
	hex_encode(buf, a, 20);
	F.from = buf;
}

static void
parse_opts(int argc, char **argv)
{
	const char *s;
	size_t i;
	int c;

	o.url = "http://127.0.0.1:8545";
	o.block = "latest";
	o.from_block = "0";
	o.to_block = "latest";
	o.timeout_us = 45000000;
	o.interval_us = 500000;
	o.wait_us = 120000000;
	F.gas_factor_ppm = 1200000;
	o.confirmations = 1;
	o.max_range = 10000;
	o.retries = 5;
	if ((s = getenv("ETH_RPC_URL")) != NULL && *s != '\0')
		o.url = s;
	if ((s = getenv("ETH_RPC_TIMEOUT")) != NULL && *s != '\0')
		o.timeout_us = secs_opt("ETH_RPC_TIMEOUT", s);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "a:b:f:hqr:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'a':
			o.abis = xreallocarray(o.abis, o.nabis + 1,
			    sizeof(*o.abis));
			o.abis[o.nabis++] = optarg;
			break;
		case OPT_BATCH:
			F.batch = 1;
			break;
		case 'b':
			o.block = check_block_opt("--block", optarg);
			break;
		case OPT_CONFIRMATIONS:
			o.confirmations = num_opt("--confirmations", optarg, 1,
			    1000000);
			break;
		case OPT_FAIL_FAST:
			J.fail_fast = 1;
			break;
		case OPT_FOLLOW:
			o.follow = 1;
			break;
		case 'f':
			set_from("--from", optarg);
			break;
		case OPT_FROM_BLOCK:
			o.from_block = check_block_opt("--from-block", optarg);
			break;
		case OPT_GAS_FACTOR:
			F.gas_factor_ppm = secs_opt("--gas-factor", optarg);
			if (F.gas_factor_ppm < 1000000 ||
			    F.gas_factor_ppm > 10000000)
				cli_usage_error(usage, "--gas-factor must be "
				    "between 1 and 10");
			break;
		case OPT_GAS_LIMIT:
			F.gas_limit = num_opt("--gas-limit", optarg, 1,
			    (1ull << 53) - 1);
			F.have_gas_limit = 1;
			break;
		case OPT_GAS_PRICE:
			if (q_parse_price(optarg, &F.gas_price) < 0)
				cli_usage_error(usage, "invalid --gas-price "
				    "'%s'", optarg);
			F.have_gas_price = 1;
			break;
		case 'h':
			cli_help(usage);
		case OPT_INTERVAL:
			o.interval_us = secs_opt("--interval", optarg);
			break;
		case OPT_MAX_RANGE:
			o.max_range = num_opt("--max-range", optarg, 1,
			    1000000000);
			break;
		case OPT_PRIORITY:
			if (q_parse_price(optarg, &F.prio) < 0)
				cli_usage_error(usage, "invalid "
				    "--priority-gas-price '%s'", optarg);
			F.have_prio = 1;
			break;
		case 'q':
			J.quiet = 1;
			break;
		case OPT_RETRIES:
			o.retries = (int)num_opt("--retries", optarg, 0, 100);
			break;
		case OPT_RPC_TIMEOUT:
			o.timeout_us = secs_opt("--rpc-timeout", optarg);
			break;
		case 'r':
			o.url = optarg;
			break;
		case OPT_TIMEOUT:
			o.wait_us = secs_opt("--timeout", optarg);
			break;
		case OPT_TO_BLOCK:
			o.to_block = check_block_opt("--to-block", optarg);
			break;
		case OPT_VERSION:
			cli_version();
		default:
			cli_bad_option(usage, argv);
		}
	}
	if (o.timeout_us == 0)
		cli_usage_error(usage, "the request time limit must be above 0");
	o.verb = V_RAW;
	if (optind < argc)
		for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (strcmp(argv[optind], verbs[i].name) == 0) {
				o.verb = verbs[i].verb;
				optind++;
				break;
			}
	/* the transaction settings matter to fill only; options win */
	if (o.verb != V_FILL)
		return;
	if (F.from == NULL && (s = getenv("ETH_FROM")) != NULL && *s != '\0')
		set_from("ETH_FROM", s);
	if (!F.have_gas_limit && (s = getenv("ETH_GAS_LIMIT")) != NULL &&
	    *s != '\0') {
		F.gas_limit = num_opt("ETH_GAS_LIMIT", s, 1,
		    (1ull << 53) - 1);
		F.have_gas_limit = 1;
	}
	if (!F.have_gas_price)
		env_price("ETH_GAS_PRICE", &F.gas_price, &F.have_gas_price);
	if (!F.have_prio)
		env_price("ETH_PRIORITY_GAS_PRICE", &F.prio, &F.have_prio);
}

int
main(int argc, char *argv[])
{
	struct or_err e = { 0 };
	cJSON *rec, **recs;
	size_t n, i;
	int nops, quiet, ff;

	util_setprog(argv[0]);
	memset(&J, 0, sizeof(J));
	parse_opts(argc, argv);
	nops = argc - optind;
	switch (o.verb) {
	case V_FILL:
	case V_CHAIN_ID:
	case V_BLOCK_NUMBER:
		if (nops > 0)
			cli_usage_error(usage, "unexpected operand '%s'",
			    argv[optind]);
		break;
	case V_CALL:
		if (nops != 0 && nops != 2)
			cli_usage_error(usage, "call takes TO and DATA");
		break;
	default:
		break;
	}
	/* the --abi files are read before any input: an unreadable one is a
	 * system error (3), an invalid one a usage error (2) */
	for (i = 0; i < o.nabis; i++)
		if (rpc_abis_add(&A, o.abis[i], &e) < 0) {
			if (strncmp(e.code, "file.", 5) == 0)
				die(3, "%s", e.msg);
			cli_usage_error(usage, "%s", e.msg);
		}
	if (rpc_open(&C, o.url, o.timeout_us, o.retries, &e) < 0) {
		if (e.status == 3)
			die(3, "%s", e.msg);
		cli_usage_error(usage, "%s", e.msg);
	}
	F.c = &C;
	quiet = J.quiet;
	ff = J.fail_fast;
	jl_init(&J, "or-rpc");
	J.quiet = quiet;
	J.fail_fast = ff;
	if (nops > 0) {
		J.argmode = 1;
		recs = operand_records(nops, argv + optind, &n);
		for (i = 0; i < n; i++) {
			if (J.stop) {
				cJSON_Delete(recs[i]);
				continue;
			}
			emit(recs[i], enrich(recs[i], &J.err));
		}
		free(recs);
	} else {
		while ((rec = jl_next(&J)) != NULL)
			emit(rec, enrich(rec, &J.err));
	}
	debug("%lu requests, %lu attempts to '%s'", C.requests, C.attempts,
	    C.shown);
	rpc_close(&C);
	txfill_free(&F);
	rpc_abis_free(&A);
	free(o.abis);
	return jl_finish(&J);
}
