/* or-rpc: talk JSON-RPC to an EVM node as a JSON-lines filter: raw calls,
 * fill/send/wait for transactions, call, logs, and small reads. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "cli.h"
#include "hex.h"
#include "http.h"
#include "jsonl.h"
#include "logscan.h"
#include "quantity.h"
#include "rpcdecode.h"
#include "rpcraw.h"
#include "rpcread.h"
#include "rpcverb.h"
#include "txfill.h"
#include "txsend.h"
#include "banned.h"

static const char usage[] =
    "usage: or-rpc [options] [METHOD [PARAM ...]]\n"
    "       or-rpc [options] fill\n"
    "       or-rpc [options] send [RAW ...]\n"
    "       or-rpc [options] wait [TXHASH ...]\n"
    "       or-rpc [options] receipt [TXHASH ...]\n"
    "       or-rpc [options] call [TO DATA | TO SIG [ARG ...]]\n"
    "       or-rpc [options] logs [ADDRESS [TOPIC ...]]\n"
    "       or-rpc [options] chain-id\n"
    "       or-rpc [options] block-number\n"
    "       or-rpc [options] gas-price\n"
    "       or-rpc [options] balance [ADDRESS ...]\n"
    "       or-rpc [options] nonce [ADDRESS ...]\n"
    "       or-rpc [options] code [ADDRESS ...]\n"
    "\n"
    "  -a, --abi FILE             call, wait, logs: decode with this ABI; repeatable\n"
    "      --batch                fill: ask the node in one JSON-RPC batch per record\n"
    "  -b, --block BLOCK          block for reads and call (default latest)\n"
    "      --confirmations N      wait: blocks on top of the receipt (default 1)\n"
    "      --fail-fast            stop after the first failed record\n"
    "      --from ADDRESS         fill: sender for nonce and estimate (ETH_FROM)\n"
    "      --follow               logs: keep streaming new blocks\n"
    "      --from-block BLOCK     logs: first block (default 0)\n"
    "      --gas-factor X         fill: gas limit = estimate x X (default 1.2)\n"
    "      --gas-limit N          fill: gas limit (ETH_GAS_LIMIT)\n"
    "      --gas-price PRICE      fill: gasPrice or maxFeePerGas, wei or 1gwei\n"
    "                             (ETH_GAS_PRICE)\n"
    "  -h, --help                 show this help\n"
    "      --interval SECS        wait, logs --follow: poll interval (default 0.5)\n"
    "      --max-range N          logs: blocks per request at most (default 10000)\n"
    "      --priority-gas-price PRICE\n"
    "                             fill: maxPriorityFeePerGas, at most the gas price\n"
    "                             (ETH_PRIORITY_GAS_PRICE)\n"
    "  -q, --quiet                no stderr line per failed record\n"
    "      --retries N            further attempts after a transport failure (default 5)\n"
    "  -r, --rpc-url URL          JSON-RPC endpoint (ETH_RPC_URL)\n"
    "      --rpc-timeout SECS     time limit per request (ETH_RPC_TIMEOUT, default 45)\n"
    "      --timeout SECS         wait, logs --follow: give up after SECS (default 120)\n"
    "      --to-block BLOCK       logs: last block (default latest)\n"
    "      --value AMOUNT         fill, call: value, wei or with a unit (0.5ether)\n"
    "      --version              print the version\n";

static struct opts {
	enum rpcverb verb;
	const char *url, *block;
	uint64_t timeout_us;
	int retries;
	const char **abis;	/* --abi paths, in order */
	size_t nabis;
	char value[QUANTITY_DEC_MAX];	/* --value in wei, or "" */
	/* where fill's fees came from, for the tip check */
	const char *gas_price_from, *prio_from;
} o = { V_RAW, "http://127.0.0.1:8545", "latest", 45000000, 5, NULL, 0,
	"", NULL, NULL };

/* wait's and logs' settings: interval and timeout are shared */
static struct txsend_wait W = { 500000, 120000000, 1, 0 };
/* receipt's: one look, no waiting */
static const struct txsend_wait R = { 0, 0, 1, 1 };
static struct logscan_opts L = { "0", "latest", 10000, 0, 500000,
	120000000 };

static struct abicache A;	/* the --abi files, loaded before any input */

static struct http_client C;
static struct jl J;

/* fill's settings and per-stream nonces */
static struct txfill F = { .gas_factor_ppm = 1200000 };

/* Each log goes out at once as a detail record, decoded when it can be. */
static void
put_log(cJSON *d, void *ud)
{
	(void)ud;
	rpcdecode_log(&A, d);
	jl_detail(&J, d);
}

static int
enrich(cJSON *rec, struct or_err *e)
{
	static const enum rpcread_account account[] = {
		[V_BALANCE] = RPCREAD_BALANCE, [V_NONCE] = RPCREAD_NONCE,
		[V_CODE] = RPCREAD_CODE };
	struct logscan s;
	int rc;

	/* --value is the default of records without one */
	if ((o.verb == V_FILL || o.verb == V_CALL) && o.value[0] != '\0' &&
	    json_get(rec, "value") == NULL)
		json_set_str(rec, "value", o.value);
	switch (o.verb) {
	case V_RAW:
		return rpcraw_record(&C, rec, e);
	case V_FILL:
		return txfill_record(&F, rec, e);
	case V_SEND:
		return txsend_send(&C, rec, e);
	case V_WAIT:
	case V_RECEIPT:
		/* a failed transaction is data, without an error object */
		if ((rc = txsend_wait_record(&C, &A, o.verb == V_WAIT ? &W :
		    &R, rec, e)) > 0) {
			/* reported like every failed record */
			jl_report(&J, e);
			jl_failed(&J, 1);
		}
		return rc < 0 ? -1 : 0;
	case V_CALL:
		return rpcread_call(&C, &A, rec, o.block, e);
	case V_LOGS:
		rc = logscan_record(&C, &L, rec, &s, put_log, NULL, e);
		if (s.splits > 0)
			debug("node refused %lu ranges; now %llu blocks per "
			    "request", s.splits, (unsigned long long)s.chunk);
		return rc;
	case V_CHAIN_ID:
		return rpcread_u64(&C, "eth_chainId", rec, "chainId", e);
	case V_BLOCK_NUMBER:
		return rpcread_u64(&C, "eth_blockNumber", rec, "blockNumber",
		    e);
	case V_GAS_PRICE:
		return rpcread_wei(&C, "eth_gasPrice", rec, "gasPrice", e);
	case V_BALANCE:
	case V_NONCE:
	case V_CODE:
		return rpcread_account(&C, account[o.verb], rec, o.block, e);
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
	http_node_extras(&C, eo);
	jl_emit_error(&J, rec, eo);
}

static const char wei_hint[] =
    ": decimal wei, or an amount with a unit such as 1.5gwei or 0.5ether";

/* A wei amount from an option or the environment (what names it). */
static void
set_price(const char *what, const char *s, struct quantity *v, int *have)
{
	if (quantity_parse_price(s, v) < 0)
		cli_usage_error(usage, "invalid %s '%s'%s", what, s, wei_hint);
	*have = 1;
}

static const char *
check_block_opt(const char *opt, const char *s)
{
	if (!rpcverb_is_block(s))
		cli_usage_error(usage, "invalid %s '%s': a block number or "
		    "latest, earliest, pending, safe, finalized", opt, s);
	return s;
}

enum {
	OPT_BATCH = OPT_TOOL_BASE, OPT_FROM, OPT_CONFIRMATIONS, OPT_FOLLOW, OPT_FROM_BLOCK,
	OPT_GAS_FACTOR, OPT_GAS_LIMIT, OPT_GAS_PRICE, OPT_INTERVAL,
	OPT_MAX_RANGE, OPT_PRIORITY, OPT_RETRIES, OPT_RPC_TIMEOUT,
	OPT_TIMEOUT, OPT_TO_BLOCK, OPT_VALUE
};

static const struct option longopts[] = {
	{ "abi", required_argument, NULL, 'a' },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "block", required_argument, NULL, 'b' },
	{ "confirmations", required_argument, NULL, OPT_CONFIRMATIONS },
	{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "from", required_argument, NULL, OPT_FROM },
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
	{ "value", required_argument, NULL, OPT_VALUE },
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

	if (address_decode(s, a, what, &e) < 0)
		cli_usage_error(usage, "%s", e.msg);
	hex_encode(buf, a, 20);
	F.from = buf;
}

static void
parse_opts(int argc, char **argv, struct cli_args *a)
{
	const char *s;
	struct quantity value;
	int c, have_value;

	if ((s = getenv("ETH_RPC_URL")) != NULL && *s != '\0')
		o.url = s;
	if ((s = getenv("ETH_RPC_TIMEOUT")) != NULL && *s != '\0')
		o.timeout_us = secs_opt("ETH_RPC_TIMEOUT", s);
	*a = (struct cli_args){ .usage = usage, .shortopts = "a:b:hqr:",
	    .longopts = longopts };
	while ((c = cli_getopt(a, &J, argc, argv)) != -1) {
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
			W.confirmations = num_opt("--confirmations", optarg, 1,
			    1000000);
			break;
		case OPT_FOLLOW:
			L.follow = 1;
			break;
		case OPT_FROM:
			set_from("--from", optarg);
			break;
		case OPT_FROM_BLOCK:
			L.from_block = check_block_opt("--from-block", optarg);
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
			    JSON_MAX_SAFE);
			F.have_gas_limit = 1;
			break;
		case OPT_GAS_PRICE:
			set_price("--gas-price", optarg, &F.gas_price,
			    &F.have_gas_price);
			o.gas_price_from = "--gas-price";
			break;
		case OPT_INTERVAL:
			W.interval_us = L.interval_us = secs_opt("--interval",
			    optarg);
			break;
		case OPT_MAX_RANGE:
			L.max_range = num_opt("--max-range", optarg, 1,
			    1000000000);
			break;
		case OPT_PRIORITY:
			set_price("--priority-gas-price", optarg, &F.prio,
			    &F.have_prio);
			o.prio_from = "--priority-gas-price";
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
			W.timeout_us = L.timeout_us = secs_opt("--timeout",
			    optarg);
			break;
		case OPT_TO_BLOCK:
			L.to_block = check_block_opt("--to-block", optarg);
			break;
		case OPT_VALUE:
			set_price("--value", optarg, &value, &have_value);
			quantity_to_dec(&value, o.value);
			break;
		}
	}
	if (o.timeout_us == 0)
		cli_usage_error(usage, "the request time limit must be above 0");
	if (a->argc > 0) {
		if ((c = rpcverb_find(a->argv[0])) < 0)
			cli_unknown_verb(usage, a->argv[0], rpcverb_names);
		if ((o.verb = c) != V_RAW) {
			a->argc--;
			a->argv++;
		}
	}
	/* the transaction settings matter to fill only; options win */
	if (o.verb != V_FILL)
		return;
	if (F.from == NULL && (s = getenv("ETH_FROM")) != NULL && *s != '\0')
		set_from("ETH_FROM", s);
	if (!F.have_gas_limit && (s = getenv("ETH_GAS_LIMIT")) != NULL &&
	    *s != '\0') {
		F.gas_limit = num_opt("ETH_GAS_LIMIT", s, 1,
		    JSON_MAX_SAFE);
		F.have_gas_limit = 1;
	}
	if (!F.have_gas_price && (s = getenv("ETH_GAS_PRICE")) != NULL &&
	    *s != '\0') {
		set_price("ETH_GAS_PRICE", s, &F.gas_price, &F.have_gas_price);
		o.gas_price_from = "ETH_GAS_PRICE";
	}
	if (!F.have_prio && (s = getenv("ETH_PRIORITY_GAS_PRICE")) != NULL &&
	    *s != '\0') {
		set_price("ETH_PRIORITY_GAS_PRICE", s, &F.prio, &F.have_prio);
		o.prio_from = "ETH_PRIORITY_GAS_PRICE";
	}
	/* a tip above the cap is refused, never silently lowered */
	if (F.have_gas_price && F.have_prio &&
	    quantity_cmp(&F.prio, &F.gas_price) > 0) {
		char p[QUANTITY_DEC_MAX], g[QUANTITY_DEC_MAX];

		quantity_to_dec(&F.prio, p);
		quantity_to_dec(&F.gas_price, g);
		cli_usage_error(usage, "%s (%s wei) is above %s (%s wei): the "
		    "priority fee (tip) cannot exceed the fee cap", o.prio_from,
		    p, o.gas_price_from, g);
	}
}

int
main(int argc, char *argv[])
{
	struct or_err e = { 0 };
	cJSON *rec, **recs;
	size_t n, i;
	struct cli_args a;
	const char *need;
	int nops, terminal;

	util_setprog(argv[0]);
	jl_init(&J, "or-rpc");
	parse_opts(argc, argv, &a);
	nops = a.argc;
	need = rpcverb_need(o.verb);
	if (nops > 0 && (need == NULL || o.verb == V_FILL))
		cli_usage_error(usage, "unexpected operand '%s'", a.argv[0]);
	/* a terminal on stdin is not a stream (conventions.md section 3) */
	if (nops == 0 && o.verb == V_FILL && isatty(0))
		cli_usage_error(usage, "fill: pipe transaction records as "
		    "JSON lines");
	terminal = nops == 0 && cli_terminal_stdin(usage, o.verb == V_RAW ?
	    NULL : rpcverb_names[o.verb - 1], need);
	if (o.verb == V_CALL && (nops == 1 || (nops > 2 &&
	    strncmp(a.argv[1], "0x", 2) == 0)))
		cli_usage_error(usage, "call takes TO and DATA, or TO SIG "
		    "[ARG ...]");
	/* the --abi files are read before any input: an unreadable one is a
	 * system error (3), an invalid one a usage error (2) */
	if (abicache_pin(&A, o.abis, o.nabis, &e) < 0 ||
	    http_open(&C, o.url, o.timeout_us, o.retries, &e) < 0)
		cli_setup_failed(usage, &e);
	F.c = &C;
	if (terminal) {
		J.argmode = 1;
		rec = json_object();
		emit(rec, enrich(rec, &J.err));
	} else if (nops > 0) {
		J.argmode = 1;
		recs = rpcverb_records(o.verb, nops, a.argv, &n);
		for (i = 0; i < n; i++)
			if (J.stop)
				cJSON_Delete(recs[i]);
			else
				emit(recs[i], enrich(recs[i], &J.err));
		free(recs);
	} else {
		while ((rec = jl_next(&J)) != NULL)
			emit(rec, enrich(rec, &J.err));
	}
	debug("%lu requests, %lu attempts to '%s'", C.requests, C.attempts,
	    C.shown);
	http_close(&C);
	txfill_free(&F);
	abicache_free(&A);
	free(o.abis);
	return jl_finish(&J);
}
