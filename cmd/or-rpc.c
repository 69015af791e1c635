/* or-rpc: talk JSON-RPC to an EVM node as a JSON-lines filter: raw calls,
 * fill/send/wait for transactions, call, logs, and small reads. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "hex.h"
#include "http.h"
#include "jsonl.h"
#include "keccak.h"
#include "quantity.h"
#include "revert.h"
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
	const char *url, *from, *block, *from_block, *to_block;
	uint64_t timeout_us, interval_us, wait_us, gas_factor_ppm;
	uint64_t confirmations, max_range, gas_limit;
	int retries, follow, batch, have_gas_limit, have_gas_price, have_prio;
	struct u256 gas_price, prio;
} o;

static struct rpc_client C;
static struct jl J;

/* Per-stream state of fill: the chain id and the next nonce per sender. */
static struct {
	int have_chain;
	uint64_t chain_id;
	struct nonce_slot {
		char addr[43];
		uint64_t next;
	} *slots;
	size_t nslots;
} S;

/* --- small helpers ------------------------------------------------------ */

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void
sleep_us(uint64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000),
	    (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static cJSON *
new_array(void)
{
	cJSON *a = cJSON_CreateArray();

	if (a == NULL)
		die_oom();
	return a;
}

static cJSON *
new_object(void)
{
	cJSON *a = cJSON_CreateObject();

	if (a == NULL)
		die_oom();
	return a;
}

static void
push(cJSON *arr, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToArray(arr, item))
		die_oom();
}

static cJSON *
str(const char *s)
{
	return json_new_strn(s, strlen(s));
}

static cJSON *
hexq(uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return str(buf);
}

static cJSON *
hex_new(const uint8_t *p, size_t n)
{
	char *h = hex_encode_new(p, n);
	cJSON *v = str(h);

	free(h);
	return v;
}

static void
set_hex(cJSON *rec, const char *key, const uint8_t *p, size_t n)
{
	json_set(rec, key, hex_new(p, n));
}

/* A reply field that must be a hex quantity below 2^53. */
static int
reply_u64(const cJSON *v, const char *what, uint64_t *out, struct or_err *e)
{
	const char *s;
	size_t n;
	struct u256 q;

	if ((s = json_strval(v, &n)) == NULL || q_parse_hex(s, n, &q) < 0 ||
	    q_get_u64(&q, out) < 0 || *out > (1ull << 53) - 1)
		return or_error_st(e, 4, "rpc.bad_reply",
		    "node sent an invalid '%s' from '%s'", what, C.shown);
	return 0;
}

static int
reply_q(const cJSON *v, const char *what, struct u256 *out, struct or_err *e)
{
	const char *s;
	size_t n;

	if ((s = json_strval(v, &n)) == NULL || q_parse_hex(s, n, out) < 0)
		return or_error_st(e, 4, "rpc.bad_reply",
		    "node sent an invalid '%s' from '%s'", what, C.shown);
	return 0;
}

/* A call whose result must be a hex quantity below 2^53. */
static int
call_u64(const char *method, cJSON *params, uint64_t *out, struct or_err *e)
{
	cJSON *r;
	int rc;

	if (rpc_call(&C, method, params, RPC_RETRY, &r, e) < 0)
		return -1;
	rc = reply_u64(r, method, out, e);
	cJSON_Delete(r);
	return rc;
}

/* An address field, lowercased into dst (43 bytes).  1 present, 0 absent. */
static int
field_address(const cJSON *rec, const char *key, char dst[43],
    struct or_err *e)
{
	const char *s;
	uint8_t a[20];
	int rc = json_field_str(rec, key, &s, NULL, e);

	if (rc <= 0)
		return rc;
	if (hex_decode_address(s, a, key, e) < 0)
		return -1;
	hex_encode(dst, a, 20);
	return 1;
}

/* A hex byte-string field (validated), as a new lowercase string. */
static int
field_bytes(const cJSON *rec, const char *key, char **dst, uint8_t **bytes,
    size_t *n, struct or_err *e)
{
	const char *s;
	size_t len, blen;
	uint8_t *b;
	int rc = json_field_str(rec, key, &s, &len, e);

	if (rc <= 0)
		return rc;
	if (hex_decode(s, len, &b, &blen, key, e) < 0)
		return -1;
	if (dst != NULL)
		*dst = hex_encode_new(b, blen);
	if (bytes != NULL) {
		*bytes = b;
		*n = blen;
	} else {
		free(b);
	}
	return 1;
}

/* A block: a number (integer rule) or one of the tags; as a wire value. */
static cJSON *
block_value(const cJSON *v, const char *what, struct or_err *e)
{
	static const char *const tags[] = { "latest", "earliest", "pending",
		"safe", "finalized", NULL };
	const char *s = json_strval(v, NULL);
	uint64_t n;
	int i;

	for (i = 0; s != NULL && tags[i] != NULL; i++)
		if (strcmp(s, tags[i]) == 0)
			return str(s);
	if (json_value_u64(v, what, (1ull << 53) - 1, &n, e) < 0)
		return NULL;
	return hexq(n);
}

/* The record's "block" or --block, as a wire value. */
static cJSON *
record_block(const cJSON *rec, struct or_err *e)
{
	const cJSON *v = json_get(rec, "block");
	cJSON *opt, *r;

	if (v != NULL)
		return block_value(v, "block", e);
	opt = str(o.block);
	r = block_value(opt, "--block", e);
	cJSON_Delete(opt);
	return r;
}

/* --- receipts and logs --------------------------------------------------- */

/* Copy field key of src into dst: quantities as numbers, else unchanged. */
static int
copy_num(cJSON *dst, const cJSON *src, const char *key, struct or_err *e)
{
	const cJSON *v = json_get(src, key);
	uint64_t n;

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (reply_u64(v, key, &n, e) < 0)
		return -1;
	json_set(dst, key, json_new_uint(n));
	return 0;
}

static int
copy_str(cJSON *dst, const cJSON *src, const char *key, struct or_err *e)
{
	const cJSON *v = json_get(src, key);

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (json_strval(v, NULL) == NULL)
		return or_error_st(e, 4, "rpc.bad_reply",
		    "node sent an invalid '%s' from '%s'", key, C.shown);
	json_set(dst, key, json_dup(v));
	return 0;
}

/* A log in our form: numbers for block, index and position fields. */
static cJSON *
convert_log(const cJSON *l, struct or_err *e)
{
	cJSON *d = new_object();
	const cJSON *t = json_get(l, "topics");

	if (!cJSON_IsObject(l) || !cJSON_IsArray(t)) {
		cJSON_Delete(d);
		or_error_st(e, 4, "rpc.bad_reply",
		    "node sent an invalid log from '%s'", C.shown);
		return NULL;
	}
	if (copy_str(d, l, "address", e) < 0)
		goto fail;
	json_set(d, "topics", json_dup(t));
	if (copy_str(d, l, "data", e) < 0 ||
	    copy_num(d, l, "blockNumber", e) < 0 ||
	    copy_str(d, l, "blockHash", e) < 0 ||
	    copy_str(d, l, "transactionHash", e) < 0 ||
	    copy_num(d, l, "transactionIndex", e) < 0 ||
	    copy_num(d, l, "logIndex", e) < 0)
		goto fail;
	if (cJSON_IsBool(json_get(l, "removed")))
		json_set_bool(d, "removed", cJSON_IsTrue(json_get(l,
		    "removed")));
	return d;
fail:
	cJSON_Delete(d);
	return NULL;
}

/* The receipt object of the output (man page, OUTPUT). */
static cJSON *
convert_receipt(const cJSON *r, struct or_err *e)
{
	cJSON *d = new_object(), *logs = new_array(), *l;
	const cJSON *v, *src = json_get(r, "logs");
	struct u256 q;
	char dec[Q_DEC_MAX];

	if (copy_num(d, r, "status", e) < 0 ||
	    copy_num(d, r, "blockNumber", e) < 0 ||
	    copy_str(d, r, "blockHash", e) < 0 ||
	    copy_num(d, r, "transactionIndex", e) < 0 ||
	    copy_num(d, r, "gasUsed", e) < 0 ||
	    copy_num(d, r, "cumulativeGasUsed", e) < 0)
		goto fail;
	if ((v = json_get(r, "effectiveGasPrice")) != NULL) {
		if (reply_q(v, "effectiveGasPrice", &q, e) < 0)
			goto fail;
		q_to_dec(&q, dec);
		json_set_str(d, "effectiveGasPrice", dec);
	}
	if (copy_str(d, r, "contractAddress", e) < 0)
		goto fail;
	if (json_get(d, "status") == NULL || json_get(d, "blockNumber") ==
	    NULL) {
		or_error_st(e, 4, "rpc.bad_reply",
		    "receipt from '%s' lacks status or blockNumber", C.shown);
		goto fail;
	}
	cJSON_ArrayForEach(v, src) {
		if ((l = convert_log(v, e)) == NULL)
			goto fail;
		push(logs, l);
	}
	json_set(d, "logs", logs);
	return d;
fail:
	cJSON_Delete(logs);
	cJSON_Delete(d);
	return NULL;
}

/* The one place where decoding plugs in.  Without ABIs only the standard
 * revert payloads are known; the abi module will add custom errors, return
 * values and events here (kind: "revert", "return" or "log"). */
static void
decode_into(cJSON *rec, const char *kind, const uint8_t *p, size_t n)
{
	const char *sig;
	cJSON *d;

	if (strcmp(kind, "revert") != 0)
		return;
	if ((d = revert_decode(p, n, &sig)) == NULL)
		return;
	json_set(rec, "decoded", d);
	json_set_str(rec, "decodedSig", sig);
}

/* The revert data a node attached to an error: a hex string, or an object
 * holding one in "data" (some nodes nest it). */
static const char *
revert_hex(const cJSON *data)
{
	const char *s = json_strval(data, NULL);

	if (s == NULL && cJSON_IsObject(data))
		s = json_strval(json_get(data, "data"), NULL);
	if (s == NULL || strncmp(s, "0x", 2) != 0)
		return NULL;
	return s;
}

static void
add_revert(cJSON *rec, const cJSON *data)
{
	const char *s = revert_hex(data);
	struct or_err e = { 0 };
	uint8_t *b;
	size_t n;

	if (s == NULL || hex_decode(s, strlen(s), &b, &n, "data", &e) < 0)
		return;
	set_hex(rec, "revertData", b, n);
	decode_into(rec, "revert", b, n);
	free(b);
}

/* --- fill ---------------------------------------------------------------- */

/* The call object for eth_estimateGas and eth_call from a record. */
static cJSON *
tx_object(const cJSON *rec, const char *from, struct or_err *e)
{
	cJSON *t = new_object();
	const cJSON *v;
	char a[43], hx[Q_HEX_MAX], *data = NULL;
	struct u256 q;
	int rc;

	if (from != NULL)
		json_set_str(t, "from", from);
	if ((rc = field_address(rec, "to", a, e)) < 0)
		goto fail;
	if (rc > 0)
		json_set_str(t, "to", a);
	if ((v = json_get(rec, "value")) != NULL) {
		if (q_from_json(v, "value", &q, e) < 0)
			goto fail;
		q_to_hex(&q, hx);
		json_set_str(t, "value", hx);
	}
	if ((rc = field_bytes(rec, "data", &data, NULL, NULL, e)) < 0)
		goto fail;
	if (rc > 0) {
		json_set_str(t, "data", data);
		free(data);
	}
	return t;
fail:
	cJSON_Delete(t);
	return NULL;
}

/* The calls one record of fill needs.  With --batch they travel in one
 * JSON-RPC batch (one round trip); each reply is taken in a fixed order so
 * that the first failure is the one reported. */
enum { W_CHAIN, W_NONCE, W_EST, W_GP, W_PRIO, W_BASE, W_N };

struct want {
	const char *method;
	cJSON *params;		/* NULL = [] */
	cJSON *reply;		/* the batch reply, until taken */
	int used;
};

static void
want(struct want *w, const char *method, cJSON *params)
{
	w->method = method;
	w->params = params;
	w->used = 1;
}

/* Send the wanted calls in one batch.  A node that refuses batches gets
 * single calls for the rest of the stream. */
static int
prefetch(struct want *w, struct or_err *e)
{
	const char *m[W_N];
	cJSON *p[W_N], *r[W_N];
	size_t n = 0, i, k;

	for (i = 0; i < W_N; i++)
		if (w[i].used) {
			m[n] = w[i].method;
			p[n++] = w[i].params != NULL ?
			    json_dup(w[i].params) : NULL;
		}
	if (!o.batch || n < 2) {
		for (i = 0; i < n; i++)
			cJSON_Delete(p[i]);
		return 0;
	}
	if (rpc_batch(&C, n, m, p, RPC_RETRY, r, e) < 0) {
		if (e->status == 4 && strcmp(e->code, "rpc.http_status") != 0)
			return -1;
		debug("batch refused by '%s': %s", C.shown, e->msg);
		memset(e, 0, sizeof(*e));
		o.batch = 0;
		return 0;
	}
	for (i = 0, k = 0; i < W_N; i++)
		if (w[i].used)
			w[i].reply = r[k++];
	return 0;
}

/* The result of a wanted call: from the batch, or asked now. */
static int
fetch(struct want *w, cJSON **result, struct or_err *e)
{
	cJSON *r = w->reply, *p = w->params;

	w->reply = NULL;
	w->params = NULL;
	if (r != NULL) {
		cJSON_Delete(p);
		return rpc_reply_take(&C, r, result, e);
	}
	return rpc_call(&C, w->method, p, RPC_RETRY, result, e);
}

static int
fetch_u64(struct want *w, uint64_t *out, struct or_err *e)
{
	cJSON *r;
	int rc;

	if (fetch(w, &r, e) < 0)
		return -1;
	rc = reply_u64(r, w->method, out, e);
	cJSON_Delete(r);
	return rc;
}

static int
fetch_q(struct want *w, struct u256 *out, struct or_err *e)
{
	cJSON *r;
	int rc;

	if (fetch(w, &r, e) < 0)
		return -1;
	rc = reply_q(r, w->method, out, e);
	cJSON_Delete(r);
	return rc;
}

static void
wants_free(struct want *w)
{
	size_t i;

	for (i = 0; i < W_N; i++) {
		cJSON_Delete(w[i].params);
		cJSON_Delete(w[i].reply);
	}
}

/* The base fee of the next block: the last entry of eth_feeHistory, else
 * the latest block's. */
static int
base_fee(struct want *w, struct u256 *out, struct or_err *e)
{
	cJSON *p, *r, *b;
	int rc;

	if (fetch(w, &r, e) == 0) {
		b = json_get(r, "baseFeePerGas");
		if (cJSON_IsArray(b) && cJSON_GetArraySize(b) > 0) {
			rc = reply_q(cJSON_GetArrayItem(b,
			    cJSON_GetArraySize(b) - 1), "baseFeePerGas", out, e);
			cJSON_Delete(r);
			return rc;
		}
		cJSON_Delete(r);
	} else if (e->status == 4) {
		return -1;
	}
	memset(e, 0, sizeof(*e));
	p = new_array();
	push(p, str("latest"));
	push(p, cJSON_CreateFalse());
	if (rpc_call(&C, "eth_getBlockByNumber", p, RPC_RETRY, &r, e) < 0)
		return -1;
	b = cJSON_IsObject(r) ? json_get(r, "baseFeePerGas") : NULL;
	if (b == NULL) {
		cJSON_Delete(r);
		return or_error(e, "rpc.no_base_fee", "'%s' reports no base "
		    "fee: set \"type\":0 or ETH_GAS_PRICE", C.shown);
	}
	rc = reply_q(b, "baseFeePerGas", out, e);
	cJSON_Delete(r);
	return rc;
}

static struct nonce_slot *
nonce_slot(const char *addr)
{
	size_t i;

	for (i = 0; i < S.nslots; i++)
		if (strcmp(S.slots[i].addr, addr) == 0)
			return &S.slots[i];
	return NULL;
}

/* The next nonce of a sender: the pending count first (from w), then one
 * more for every transaction this stream filled. */
static int
take_nonce(const char *from, struct want *w, uint64_t *nonce,
    struct or_err *e)
{
	struct nonce_slot *s = nonce_slot(from);
	uint64_t n;

	if (s == NULL) {
		if (fetch_u64(w, &n, e) < 0)
			return -1;
		S.slots = xreallocarray(S.slots, S.nslots + 1,
		    sizeof(*S.slots));
		s = &S.slots[S.nslots++];
		snprintf(s->addr, sizeof(s->addr), "%s", from);
		s->next = n;
	}
	*nonce = s->next++;
	return 0;
}

static void
set_q(cJSON *rec, const char *key, const struct u256 *v)
{
	char dec[Q_DEC_MAX];

	q_to_dec(v, dec);
	json_set_str(rec, key, dec);
}

/* What fill reads from a record and decides to add. */
struct fillplan {
	const char *from;
	uint64_t type;
	int have_type, has_gp, has_max, has_prio;
	int add_chain, add_nonce, add_gas, add_gp, add_max, add_prio;
};

static int
fill_plan(const cJSON *rec, char from[43], struct fillplan *f,
    struct want *w, struct or_err *e)
{
	cJSON *t, *p;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = field_address(rec, "from", from, e)) < 0)
		return -1;
	f->from = rc > 0 ? from : o.from;
	if ((f->have_type = json_field_u64(rec, "type", 2, &f->type, e)) < 0)
		return -1;
	f->has_gp = json_get(rec, "gasPrice") != NULL;
	f->has_max = json_get(rec, "maxFeePerGas") != NULL;
	f->has_prio = json_get(rec, "maxPriorityFeePerGas") != NULL;
	if (!f->have_type)
		f->type = f->has_gp ? (json_get(rec, "accessList") != NULL ?
		    1 : 0) : 2;
	f->add_chain = json_get(rec, "chainId") == NULL;
	f->add_nonce = json_get(rec, "nonce") == NULL;
	f->add_gas = json_get(rec, "gasLimit") == NULL;
	if (f->add_nonce && f->from == NULL)
		return or_error(e, "rpc.no_from", "the nonce needs the sender: "
		    "give 'from', --from or ETH_FROM");
	if (f->add_chain && !S.have_chain)
		want(&w[W_CHAIN], "eth_chainId", NULL);
	if (f->add_nonce && nonce_slot(f->from) == NULL) {
		p = new_array();
		push(p, str(f->from));
		push(p, str("pending"));
		want(&w[W_NONCE], "eth_getTransactionCount", p);
	}
	if (f->add_gas && !o.have_gas_limit) {
		if ((t = tx_object(rec, f->from, e)) == NULL)
			return -1;
		p = new_array();
		push(p, t);
		want(&w[W_EST], "eth_estimateGas", p);
	}
	if (f->type < 2) {
		f->add_gp = !f->has_gp;
		if (f->add_gp && !o.have_gas_price)
			want(&w[W_GP], "eth_gasPrice", NULL);
	} else if (!f->has_gp) {
		f->add_prio = !f->has_prio;
		f->add_max = !f->has_max;
		if (f->add_prio && !o.have_prio)
			want(&w[W_PRIO], "eth_maxPriorityFeePerGas", NULL);
		if (f->add_max && !o.have_gas_price) {
			p = new_array();
			push(p, str("0x1"));
			push(p, str("latest"));
			push(p, new_array());
			want(&w[W_BASE], "eth_feeHistory", p);
		}
	}
	return 0;
}

static int
fill_record(cJSON *rec, struct want *w, struct or_err *e)
{
	char from[43];
	struct fillplan f;
	uint64_t gas = 0, est, nonce = 0;
	struct u256 gp, maxfee, prio, base, two;
	const cJSON *v;

	if (fill_plan(rec, from, &f, w, e) < 0 || prefetch(w, e) < 0)
		return -1;
	if (w[W_CHAIN].used) {
		if (fetch_u64(&w[W_CHAIN], &S.chain_id, e) < 0)
			return -1;
		S.have_chain = 1;
	}
	if (f.add_gas) {
		if (o.have_gas_limit) {
			gas = o.gas_limit;
		} else {
			if (fetch_u64(&w[W_EST], &est, e) < 0)
				return -1;
			/* round the safety margin up */
			gas = (uint64_t)(((unsigned __int128)est *
			    o.gas_factor_ppm + 999999) / 1000000);
		}
	}
	if (f.add_gp) {
		if (o.have_gas_price)
			gp = o.gas_price;
		else if (fetch_q(&w[W_GP], &gp, e) < 0)
			return -1;
	}
	if (f.type >= 2 && !f.has_gp) {
		if (!f.add_prio) {
			if (q_from_json(json_get(rec, "maxPriorityFeePerGas"),
			    "maxPriorityFeePerGas", &prio, e) < 0)
				return -1;
		} else if (o.have_prio) {
			prio = o.prio;
		} else if (fetch_q(&w[W_PRIO], &prio, e) < 0) {
			return -1;
		}
		if (!f.add_max) {
			if (q_from_json(json_get(rec, "maxFeePerGas"),
			    "maxFeePerGas", &maxfee, e) < 0)
				return -1;
		} else if (o.have_gas_price) {
			maxfee = o.gas_price;
		} else {
			/* room for the base fee to double, plus the tip */
			if (base_fee(&w[W_BASE], &base, e) < 0)
				return -1;
			if (q_mul_u64(&base, 2, &two) < 0 ||
			    q_add(&two, &prio, &maxfee) < 0)
				return or_error(e, "rpc.bad_fee",
				    "fee overflows uint256");
		}
		if (f.add_prio && q_cmp(&prio, &maxfee) > 0)
			prio = maxfee;
	}
	/* the nonce last, so that a record failing above uses none */
	if (f.add_nonce) {
		if (take_nonce(f.from, &w[W_NONCE], &nonce, e) < 0)
			return -1;
	} else if (f.from != NULL) {
		struct nonce_slot *s = nonce_slot(f.from);
		struct or_err ig = { 0 };
		uint64_t n;

		v = json_get(rec, "nonce");
		if (s != NULL && json_value_u64(v, "nonce", UINT64_MAX - 1, &n,
		    &ig) > 0 && n >= s->next)
			s->next = n + 1;
	}
	if (f.add_chain)
		json_set(rec, "chainId", json_new_uint(S.chain_id));
	if (f.add_nonce)
		json_set(rec, "nonce", json_new_uint(nonce));
	if (f.add_gas)
		json_set(rec, "gasLimit", json_new_uint(gas));
	if (!f.have_type)
		json_set(rec, "type", json_new_uint(f.type));
	if (f.add_gp)
		set_q(rec, "gasPrice", &gp);
	if (f.add_max)
		set_q(rec, "maxFeePerGas", &maxfee);
	if (f.add_prio)
		set_q(rec, "maxPriorityFeePerGas", &prio);
	return 0;
}

static int
fill(cJSON *rec, struct or_err *e)
{
	struct want w[W_N];
	int rc;

	memset(w, 0, sizeof(w));
	rc = fill_record(rec, w, e);
	wants_free(w);
	return rc;
}

/* --- send, wait, call ---------------------------------------------------- */

/* Does the node know this transaction (pending or mined)? */
static int
node_knows(const char *hash, struct or_err *e)
{
	cJSON *p = new_array(), *r;
	int known;

	push(p, str(hash));
	if (rpc_call(&C, "eth_getTransactionByHash", p, RPC_RETRY, &r, e) < 0)
		return -1;
	known = cJSON_IsObject(r);
	cJSON_Delete(r);
	return known;
}

static int
send(cJSON *rec, struct or_err *e)
{
	uint8_t *raw, h[32];
	size_t n;
	char hash[67], *rawhex = NULL, mine[67];
	const char *given, *got;
	cJSON *p, *r;
	int rc;

	if ((rc = field_bytes(rec, "raw", &rawhex, &raw, &n, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_raw",
		    "no 'raw' transaction to send");
	keccak256(raw, n, h);
	free(raw);
	hex_encode(hash, h, 32);
	if ((rc = json_field_str(rec, "txHash", &given, NULL, e)) < 0 ||
	    (rc > 0 && hex_decode_fixed(given, h, 32, "txHash", e) < 0)) {
		free(rawhex);
		return -1;
	}
	if (rc > 0) {
		hex_encode(mine, h, 32);
		if (strcmp(mine, hash) != 0) {
			free(rawhex);
			return or_error(e, "rpc.hash_mismatch", "'txHash' %s "
			    "is not the hash of 'raw' (%s)", mine, hash);
		}
	}
	p = new_array();
	push(p, str(rawhex));
	free(rawhex);
	/* the same signed bytes can be sent again without spending twice */
	if (rpc_call(&C, "eth_sendRawTransaction", p, RPC_RETRY, &r, e) < 0) {
		struct or_err le = { 0 };

		if (strcmp(e->code, "rpc.node_error") != 0)
			return -1;
		/* "already known", "nonce too low" after a lost reply: fine
		 * when the node holds this very transaction */
		if (node_knows(hash, &le) > 0)
			return 0;
		return -1;
	}
	got = json_strval(r, NULL);
	if (got == NULL || hex_decode_fixed(got, h, 32, "result", e) < 0) {
		cJSON_Delete(r);
		return or_error_st(e, 4, "rpc.bad_reply", "node sent an invalid "
		    "transaction hash from '%s'", C.shown);
	}
	cJSON_Delete(r);
	hex_encode(mine, h, 32);
	if (strcmp(mine, hash) != 0)
		return or_error(e, "rpc.hash_mismatch", "node returned hash %s "
		    "for transaction %s", mine, hash);
	return 0;
}

/* Replay a reverted transaction as a call on the state before its block
 * and keep the revert data. */
static void
fetch_revert(cJSON *rec, const char *hash, uint64_t block)
{
	struct or_err e = { 0 };
	cJSON *p = new_array(), *tx, *call, *r;
	static const char *const keys[] = { "from", "to", "value", "input",
		"gas", NULL };
	int i;

	push(p, str(hash));
	if (rpc_call(&C, "eth_getTransactionByHash", p, RPC_RETRY, &tx,
	    &e) < 0)
		return;
	if (!cJSON_IsObject(tx)) {
		cJSON_Delete(tx);
		return;
	}
	call = new_object();
	for (i = 0; keys[i] != NULL; i++) {
		const cJSON *v = json_get(tx, keys[i]);

		if (v != NULL && !cJSON_IsNull(v))
			json_set(call, strcmp(keys[i], "input") == 0 ?
			    "data" : keys[i], json_dup(v));
	}
	cJSON_Delete(tx);
	p = new_array();
	push(p, call);
	push(p, hexq(block > 0 ? block - 1 : 0));
	if (rpc_call(&C, "eth_call", p, RPC_RETRY, &r, &e) == 0) {
		cJSON_Delete(r);
		return;
	}
	if (strcmp(e.code, "rpc.node_error") == 0 && C.node_data != NULL)
		add_revert(rec, C.node_data);
}

static int
wait_receipt(cJSON *rec, struct or_err *e)
{
	const char *given;
	uint8_t h[32];
	char hash[67];
	uint64_t deadline = now_us() + o.wait_us, status, bn, head;
	cJSON *p, *r, *rc_obj;
	int rc;

	if ((rc = json_field_str(rec, "txHash", &given, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_tx_hash",
		    "no 'txHash' to wait for");
	if (hex_decode_fixed(given, h, 32, "txHash", e) < 0)
		return -1;
	hex_encode(hash, h, 32);
	for (;;) {
		p = new_array();
		push(p, str(hash));
		if (rpc_call(&C, "eth_getTransactionReceipt", p, RPC_RETRY, &r,
		    e) < 0)
			return -1;
		if (cJSON_IsObject(r)) {
			if ((rc_obj = convert_receipt(r, e)) == NULL) {
				cJSON_Delete(r);
				return -1;
			}
			cJSON_Delete(r);
			if (json_value_u64(json_get(rc_obj, "blockNumber"),
			    "blockNumber", UINT64_MAX, &bn, e) < 0)
				bn = 0;
			if (o.confirmations <= 1)
				break;
			if (call_u64("eth_blockNumber", NULL, &head, e) < 0) {
				cJSON_Delete(rc_obj);
				return -1;
			}
			if (head + 1 >= bn + o.confirmations)
				break;
			cJSON_Delete(rc_obj);
		} else {
			cJSON_Delete(r);
		}
		if (now_us() + o.interval_us > deadline)
			return or_error_st(e, 4, "rpc.wait_timeout",
			    "no receipt for %s after %llu.%06llu s", hash,
			    (unsigned long long)(o.wait_us / 1000000),
			    (unsigned long long)(o.wait_us % 1000000));
		sleep_us(o.interval_us);
	}
	json_set(rec, "receipt", rc_obj);
	if (json_value_u64(json_get(rc_obj, "status"), "status", 1, &status,
	    e) < 0)
		status = 0;
	if (status == 0) {
		fetch_revert(rec, hash, bn);
		jl_failed(&J, 1);
	}
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

	if ((rc = field_address(rec, "from", from, e)) < 0)
		return -1;
	if (json_get(rec, "to") == NULL)
		return or_error(e, "rpc.no_to", "no 'to' address to call");
	if ((t = tx_object(rec, rc > 0 ? from : NULL, e)) == NULL)
		return -1;
	if ((b = record_block(rec, e)) == NULL) {
		cJSON_Delete(t);
		return -1;
	}
	p = new_array();
	push(p, t);
	push(p, b);
	if (rpc_call(&C, "eth_call", p, RPC_RETRY, &r, e) < 0) {
		if (strcmp(e->code, "rpc.node_error") == 0 &&
		    C.node_data != NULL)
			add_revert(rec, C.node_data);
		return -1;
	}
	if ((s = json_strval(r, &n)) == NULL ||
	    hex_decode(s, n, &bytes, &n, "result", e) < 0) {
		cJSON_Delete(r);
		return or_error_st(e, 4, "rpc.bad_reply", "node sent invalid "
		    "return data from '%s'", C.shown);
	}
	cJSON_Delete(r);
	set_hex(rec, "returnData", bytes, n);
	decode_into(rec, "return", bytes, n);
	free(bytes);
	return 0;
}

/* --- logs ---------------------------------------------------------------- */

static int
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; hay[i] != '\0'; i++) {
		for (k = 0; k < n; k++) {
			char a = hay[i + k], b = needle[k];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != b)
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

/* Nodes word "your range is too wide" in many ways; these cover geth,
 * erigon, nethermind, anvil forks and the common hosted providers. */
static int
range_refused(void)
{
	static const char *const words[] = { "range", "limit", "too many",
		"exceed", "more than", "too large", "too big", "max", NULL };
	int i;

	if (C.node_code == -32005)
		return 1;
	for (i = 0; C.node_msg != NULL && words[i] != NULL; i++)
		if (contains_ci(C.node_msg, words[i]))
			return 1;
	return 0;
}

/* A block field, option or tag resolved to a number. */
static int
resolve_block(const cJSON *v, const char *what, uint64_t *out,
    struct or_err *e)
{
	const char *s = json_strval(v, NULL);
	cJSON *p, *r;
	int rc;

	if (s != NULL && strcmp(s, "earliest") == 0) {
		*out = 0;
		return 0;
	}
	if (s != NULL && strcmp(s, "latest") == 0)
		return call_u64("eth_blockNumber", NULL, out, e);
	if (s != NULL && (strcmp(s, "pending") == 0 ||
	    strcmp(s, "safe") == 0 || strcmp(s, "finalized") == 0)) {
		p = new_array();
		push(p, str(s));
		push(p, cJSON_CreateFalse());
		if (rpc_call(&C, "eth_getBlockByNumber", p, RPC_RETRY, &r,
		    e) < 0)
			return -1;
		rc = cJSON_IsObject(r) ? reply_u64(json_get(r, "number"),
		    "number", out, e) : or_error(e, "rpc.no_block",
		    "node has no '%s' block", s);
		cJSON_Delete(r);
		return rc;
	}
	return json_value_u64(v, what, (1ull << 53) - 1, out, e) < 0 ? -1 : 0;
}

/* The filter's address and topics, checked and copied. */
static cJSON *
log_filter(const cJSON *rec, struct or_err *e)
{
	cJSON *f = new_object(), *arr;
	const cJSON *a = json_get(rec, "address"), *t = json_get(rec,
	    "topics"), *x, *y;
	uint8_t buf[32];

	if (a != NULL) {
		if (cJSON_IsArray(a)) {
			arr = new_array();
			cJSON_ArrayForEach(x, a) {
				const char *s = json_strval(x, NULL);

				if (s == NULL || hex_decode_address(s, buf,
				    "address", e) < 0) {
					cJSON_Delete(arr);
					goto fail;
				}
				push(arr, hex_new(buf, 20));
			}
			json_set(f, "address", arr);
		} else {
			char ad[43];

			if (field_address(rec, "address", ad, e) < 0)
				goto fail;
			json_set_str(f, "address", ad);
		}
	}
	if (t != NULL) {
		if (!cJSON_IsArray(t)) {
			or_error(e, "json.bad_field", "'topics' must be an "
			    "array");
			goto fail;
		}
		cJSON_ArrayForEach(x, t) {
			if (cJSON_IsNull(x))
				continue;
			if (cJSON_IsArray(x)) {
				cJSON_ArrayForEach(y, x)
					if (json_strval(y, NULL) == NULL ||
					    hex_decode_fixed(json_strval(y,
					    NULL), buf, 32, "topics", e) < 0)
						goto fail;
				continue;
			}
			if (json_strval(x, NULL) == NULL ||
			    hex_decode_fixed(json_strval(x, NULL), buf, 32,
			    "topics", e) < 0)
				goto fail;
		}
		json_set(f, "topics", json_dup(t));
	}
	return f;
fail:
	if (e->code[0] == '\0')
		or_error(e, "json.bad_field", "invalid log filter");
	cJSON_Delete(f);
	return NULL;
}

/* eth_getLogs over [*cur, to], halving the range when the node refuses
 * it; each log goes out at once as a detail record. */
static int
scan_logs(const cJSON *filter, uint64_t *cur, uint64_t to, uint64_t *chunk,
    uint64_t *count, struct or_err *e)
{
	cJSON *f, *p, *r, *l, *d, *x;
	uint64_t end;

	while (*cur <= to) {
		end = to - *cur < *chunk - 1 ? to : *cur + *chunk - 1;
		f = json_dup(filter);
		json_set(f, "fromBlock", hexq(*cur));
		json_set(f, "toBlock", hexq(end));
		p = new_array();
		push(p, f);
		if (rpc_call(&C, "eth_getLogs", p, RPC_RETRY, &r, e) < 0) {
			if (strcmp(e->code, "rpc.node_error") == 0 &&
			    end > *cur && range_refused()) {
				*chunk = (end - *cur + 1) / 2;
				debug("node refused %llu blocks; trying %llu",
				    (unsigned long long)(end - *cur + 1),
				    (unsigned long long)*chunk);
				memset(e, 0, sizeof(*e));
				continue;
			}
			return -1;
		}
		if (!cJSON_IsArray(r)) {
			cJSON_Delete(r);
			return or_error_st(e, 4, "rpc.bad_reply",
			    "eth_getLogs from '%s' is not an array", C.shown);
		}
		cJSON_ArrayForEach(x, r) {
			if ((l = convert_log(x, e)) == NULL) {
				cJSON_Delete(r);
				return -1;
			}
			d = new_object();
			json_set_str(d, "kind", "log");
			while (l->child != NULL) {
				cJSON *it = cJSON_DetachItemViaPointer(l,
				    l->child);

				if (!cJSON_AddItemToObject(d, it->string, it))
					die_oom();
			}
			cJSON_Delete(l);
			jl_detail(&J, d);
			(*count)++;
		}
		cJSON_Delete(r);
		*cur = end + 1;
	}
	return 0;
}

static int
logs(cJSON *rec, struct or_err *e)
{
	cJSON *filter, *opt;
	const cJSON *fv = json_get(rec, "fromBlock"), *tv = json_get(rec,
	    "toBlock");
	uint64_t from = 0, to, stop = UINT64_MAX, head, chunk = o.max_range;
	uint64_t count = 0, cur = 0, deadline = now_us() + o.wait_us;
	int rc = -1, have_stop = 0;

	if ((filter = log_filter(rec, e)) == NULL)
		return -1;
	opt = str(o.from_block);
	rc = resolve_block(fv != NULL ? fv : opt, "fromBlock", &from, e);
	cJSON_Delete(opt);
	if (rc < 0)
		goto out;
	opt = str(o.to_block);
	if (tv == NULL)
		tv = opt;
	if (json_strval(tv, NULL) != NULL && json_strval(tv, NULL)[0] >= 'a' &&
	    json_strval(tv, NULL)[0] <= 'z') {
		rc = resolve_block(tv, "toBlock", &to, e);
	} else {
		rc = resolve_block(tv, "toBlock", &stop, e);
		have_stop = 1;
		to = stop;
		if (rc == 0 && o.follow &&
		    (rc = call_u64("eth_blockNumber", NULL, &head, e)) == 0 &&
		    head < to)
			to = head;
	}
	cJSON_Delete(opt);
	if (rc < 0)
		goto out;
	cur = from;
	if ((rc = scan_logs(filter, &cur, to, &chunk, &count, e)) < 0 &&
	    (!o.follow || strcmp(e->code, "rpc.node_error") != 0))
		goto out;
	while (o.follow && (!have_stop || cur <= stop) &&
	    now_us() + o.interval_us <= deadline) {
		sleep_us(o.interval_us);
		if ((rc = call_u64("eth_blockNumber", NULL, &head, e)) < 0)
			goto out;
		to = head < stop ? head : stop;
		/* a node may announce a block before it serves its logs
		 * (anvil does): a node error here is tried again at the next
		 * poll, and only the last one counts */
		memset(e, 0, sizeof(*e));
		if ((rc = scan_logs(filter, &cur, to, &chunk, &count, e)) < 0 &&
		    strcmp(e->code, "rpc.node_error") != 0)
			goto out;
	}
	if (e->code[0] != '\0')
		goto out;
	rc = 0;
out:
	cJSON_Delete(filter);
	json_set(rec, "logCount", json_new_uint(count));
	if (cur > from)
		json_set(rec, "lastBlock", json_new_uint(cur - 1));
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

	if ((rc = field_address(rec, "address", a, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "rpc.no_address",
		    "no 'address' to read");
	if ((b = record_block(rec, e)) == NULL)
		return -1;
	p = new_array();
	push(p, str(a));
	push(p, b);
	if (rpc_call(&C, method[o.verb], p, RPC_RETRY, &r, e) < 0)
		return -1;
	rc = 0;
	if (o.verb == V_BALANCE) {
		if ((rc = reply_q(r, "balance", &q, e)) == 0)
			set_q(rec, "balance", &q);
	} else if (o.verb == V_NONCE) {
		if ((rc = reply_u64(r, "nonce", &n, e)) == 0)
			json_set(rec, "nonce", json_new_uint(n));
	} else if ((s = json_strval(r, &len)) != NULL &&
	    hex_decode(s, len, &bytes, &len, "code", e) == 0) {
		set_hex(rec, "code", bytes, len);
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
		return fill(rec, e);
	case V_SEND:
		return send(rec, e);
	case V_WAIT:
		return wait_receipt(rec, e);
	case V_CALL:
		return call(rec, e);
	case V_LOGS:
		return logs(rec, e);
	case V_CHAIN_ID:
		if (call_u64("eth_chainId", NULL, &n, e) < 0)
			return -1;
		json_set(rec, "chainId", json_new_uint(n));
		return 0;
	case V_BLOCK_NUMBER:
		if (call_u64("eth_blockNumber", NULL, &n, e) < 0)
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

	return v != NULL ? v : str(s);
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
		r = new_object();
		if (o.verb == V_RAW) {
			json_set_str(r, "method", argv[0]);
			arr = new_array();
			for (i = 1; i < argc; i++)
				push(arr, operand_value(argv[i]));
			json_set(r, "params", arr);
		} else if (o.verb == V_CALL) {
			json_set_str(r, "to", argv[0]);
			json_set_str(r, "data", argv[1]);
		} else {
			json_set_str(r, "address", argv[0]);
			if (argc > 1) {
				arr = new_array();
				for (i = 1; i < argc; i++)
					push(arr, strcmp(argv[i], "null") == 0 ?
					    cJSON_CreateNull() : str(argv[i]));
				json_set(r, "topics", arr);
			}
		}
		recs = xmalloc(sizeof(*recs));
		recs[(*n)++] = r;
		return recs;
	default:
		recs = xreallocarray(NULL, (size_t)argc, sizeof(*recs));
		for (i = 0; i < argc; i++) {
			r = new_object();
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
	cJSON *v = operand_value(s), *b = block_value(v, opt, &e);

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
	o.from = buf;
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
	o.gas_factor_ppm = 1200000;
	o.confirmations = 1;
	o.max_range = 10000;
	o.retries = 5;
	if ((s = getenv("ETH_RPC_URL")) != NULL && *s != '\0')
		o.url = s;
	if ((s = getenv("ETH_RPC_TIMEOUT")) != NULL && *s != '\0')
		o.timeout_us = secs_opt("ETH_RPC_TIMEOUT", s);
	while ((c = getopt_long(argc, argv, "b:f:hqr:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case OPT_BATCH:
			o.batch = 1;
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
			o.gas_factor_ppm = secs_opt("--gas-factor", optarg);
			if (o.gas_factor_ppm < 1000000 ||
			    o.gas_factor_ppm > 10000000)
				cli_usage_error(usage, "--gas-factor must be "
				    "between 1 and 10");
			break;
		case OPT_GAS_LIMIT:
			o.gas_limit = num_opt("--gas-limit", optarg, 1,
			    (1ull << 53) - 1);
			o.have_gas_limit = 1;
			break;
		case OPT_GAS_PRICE:
			if (q_parse_price(optarg, &o.gas_price) < 0)
				cli_usage_error(usage, "invalid --gas-price "
				    "'%s'", optarg);
			o.have_gas_price = 1;
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
			if (q_parse_price(optarg, &o.prio) < 0)
				cli_usage_error(usage, "invalid "
				    "--priority-gas-price '%s'", optarg);
			o.have_prio = 1;
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
			cli_usage_error(usage, "unknown option");
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
	if (o.from == NULL && (s = getenv("ETH_FROM")) != NULL && *s != '\0')
		set_from("ETH_FROM", s);
	if (!o.have_gas_limit && (s = getenv("ETH_GAS_LIMIT")) != NULL &&
	    *s != '\0') {
		o.gas_limit = num_opt("ETH_GAS_LIMIT", s, 1,
		    (1ull << 53) - 1);
		o.have_gas_limit = 1;
	}
	if (!o.have_gas_price)
		env_price("ETH_GAS_PRICE", &o.gas_price, &o.have_gas_price);
	if (!o.have_prio)
		env_price("ETH_PRIORITY_GAS_PRICE", &o.prio, &o.have_prio);
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
	if (rpc_open(&C, o.url, o.timeout_us, o.retries, &e) < 0) {
		if (e.status == 3)
			die(3, "%s", e.msg);
		cli_usage_error(usage, "%s", e.msg);
	}
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
	free(S.slots);
	return jl_finish(&J);
}
