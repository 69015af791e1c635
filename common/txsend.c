/* txsend: idempotent broadcast and bounded receipt polling (see txsend.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eth.h"
#include "receipt.h"
#include "reply.h"
#include "clock.h"
#include "hex.h"
#include "keccak.h"
#include "txsend.h"
#include "banned.h"

/* 1 when the node knows the transaction (pending or mined), 0 if not. */
static int
node_knows(struct http_client *c, const char *hash, struct or_err *e)
{
	cJSON *p = json_array(), *r;
	int known;

	json_push(p, json_new_str(hash));
	if (http_call(c, "eth_getTransactionByHash", p, HTTP_RETRY, &r, e) < 0)
		return -1;
	known = cJSON_IsObject(r);
	cJSON_Delete(r);
	return known;
}

int
txsend_send(struct http_client *c, const cJSON *rec, struct or_err *e)
{
	uint8_t *raw, h[32];
	size_t n;
	char hash[67], *rawhex = NULL, mine[67];
	const char *given, *got;
	cJSON *p, *r;
	int rc;

	if ((rc = eth_field_bytes(rec, "raw", &rawhex, &raw, &n, e)) <= 0)
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
	p = json_array();
	json_push(p, json_new_str(rawhex));
	free(rawhex);
	/* the same signed bytes can be sent again without spending twice */
	if (http_call(c, "eth_sendRawTransaction", p, HTTP_RETRY, &r, e) < 0) {
		struct or_err le = { 0 };

		if (strcmp(e->code, "rpc.node_error") != 0)
			return -1;
		/* "already known", "nonce too low" after a lost reply: fine
		 * when the node holds this very transaction */
		if (node_knows(c, hash, &le) > 0) {
			memset(e, 0, sizeof(*e));
			return 0;
		}
		return -1;
	}
	got = json_strval(r, NULL);
	if (got == NULL || hex_decode_fixed(got, h, 32, "result", e) < 0) {
		cJSON_Delete(r);
		return or_error_st(e, 4, "rpc.bad_reply", "node sent an invalid "
		    "transaction hash from '%s'", c->shown);
	}
	cJSON_Delete(r);
	hex_encode(mine, h, 32);
	if (strcmp(mine, hash) != 0)
		return or_error(e, "rpc.hash_mismatch", "node returned hash %s "
		    "for transaction %s", mine, hash);
	return 0;
}

int
txsend_wait(struct http_client *c, const char *hash,
    const struct txsend_wait *w, cJSON **receipt, struct or_err *e)
{
	uint64_t deadline = clock_now_us() + w->timeout_us, bn, head;
	cJSON *p, *r, *rec;

	*receipt = NULL;
	for (;;) {
		p = json_array();
		json_push(p, json_new_str(hash));
		if (http_call(c, "eth_getTransactionReceipt", p, HTTP_RETRY, &r,
		    e) < 0)
			return -1;
		if (cJSON_IsObject(r)) {
			rec = receipt_record(c, r, e);
			cJSON_Delete(r);
			if (rec == NULL)
				return -1;
			if (w->confirmations <= 1 || w->once) {
				*receipt = rec;
				return 0;
			}
			if (json_value_u64(json_get(rec, "blockNumber"),
			    "blockNumber", JSON_MAX_SAFE, &bn, e) < 0 ||
			    reply_call_u64(c, "eth_blockNumber", NULL, &head,
			    e) < 0) {
				cJSON_Delete(rec);
				return -1;
			}
			if (head + 1 >= bn + w->confirmations) {
				*receipt = rec;
				return 0;
			}
			/* asked again on the next poll: a reorganisation may
			 * move it */
			cJSON_Delete(rec);
		} else {
			cJSON_Delete(r);
		}
		if (w->once)
			return or_error(e, "rpc.no_receipt", "no receipt for "
			    "%s: the transaction is pending or unknown to '%s'",
			    hash, c->shown);
		if (clock_now_us() + w->interval_us > deadline)
			return or_error_st(e, 4, "rpc.wait_timeout",
			    "no receipt for %s after %llu.%06llu s", hash,
			    (unsigned long long)(w->timeout_us / 1000000),
			    (unsigned long long)(w->timeout_us % 1000000));
		clock_sleep_us(w->interval_us);
	}
}

char *
txsend_replay_revert(struct http_client *c, const char *hash, uint64_t block)
{
	static const char *const keys[] = { "from", "to", "value", "input",
		"gas", NULL };
	struct or_err e = { 0 };
	cJSON *p = json_array(), *tx, *call, *r;
	const char *s;
	uint8_t *b;
	size_t n;
	char *hex;
	int i;

	json_push(p, json_new_str(hash));
	if (http_call(c, "eth_getTransactionByHash", p, HTTP_RETRY, &tx,
	    &e) < 0)
		return NULL;
	if (!cJSON_IsObject(tx)) {
		cJSON_Delete(tx);
		return NULL;
	}
	call = json_object();
	for (i = 0; keys[i] != NULL; i++) {
		const cJSON *v = json_get(tx, keys[i]);

		if (v != NULL && !cJSON_IsNull(v))
			json_set(call, strcmp(keys[i], "input") == 0 ?
			    "data" : keys[i], json_dup(v));
	}
	cJSON_Delete(tx);
	p = json_array();
	json_push(p, call);
	json_push(p, eth_hexq(block > 0 ? block - 1 : 0));
	if (http_call(c, "eth_call", p, HTTP_RETRY, &r, &e) == 0) {
		cJSON_Delete(r);
		return NULL;
	}
	if (strcmp(e.code, "rpc.node_error") != 0 ||
	    (s = reply_revert_hex(c->node_data)) == NULL ||
	    hex_decode(s, strlen(s), &b, &n, "data", &e) < 0)
		return NULL;
	hex = hex_encode_new(b, n);
	free(b);
	return hex;
}

/* The stderr line of a mined revert: the hash, the block, and why as far
 * as the revert data tells (the panic, the decoded error, or the data). */
static void
reverted(const cJSON *rec, const char *hash, uint64_t bn, struct or_err *e)
{
	const char *panic = json_strval(json_get(rec, "panic"), NULL);
	const char *sig = json_strval(json_get(rec, "decodedSig"), NULL);
	const char *data = json_strval(json_get(rec, "revertData"), NULL);
	char *dec = NULL;

	if (panic != NULL) {
		or_error(e, "rpc.reverted", "transaction %s reverted in block "
		    "%llu: panic %s", hash, (unsigned long long)bn, panic);
	} else if (sig != NULL && json_get(rec, "decoded") != NULL) {
		dec = json_print_new(json_get(rec, "decoded"));
		or_error(e, "rpc.reverted", "transaction %s reverted in block "
		    "%llu: %s %.300s", hash, (unsigned long long)bn, sig,
		    dec != NULL ? dec : "");
		free(dec);
	} else if (data != NULL) {
		or_error(e, "rpc.reverted", "transaction %s reverted in block "
		    "%llu with revert data %.138s%s", hash,
		    (unsigned long long)bn, data, strlen(data) > 138 ? "..." :
		    "");
	} else {
		or_error(e, "rpc.reverted", "transaction %s reverted in block "
		    "%llu", hash, (unsigned long long)bn);
	}
}

int
txsend_wait_record(struct http_client *c, const struct abicache *a,
    const struct txsend_wait *w, cJSON *rec, struct or_err *e)
{
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
	if (txsend_wait(c, hash, w, &receipt, e) < 0)
		return -1;
	json_set(rec, "receipt", receipt);
	cJSON_ArrayForEach(l, json_get(receipt, "logs"))
		rpcdecode_log(a, l);
	if (json_value_u64(json_get(receipt, "status"), "status", 1, &status,
	    e) < 0)
		status = 0;
	memset(e, 0, sizeof(*e));
	if (status != 0)
		return 0;
	if (json_value_u64(json_get(receipt, "blockNumber"), "blockNumber",
	    JSON_MAX_SAFE, &bn, e) > 0) {
		revert = txsend_replay_revert(c, hash, bn);
		rpcdecode_revert_hex(a, rec, revert);
		free(revert);
	} else {
		bn = 0;
	}
	memset(e, 0, sizeof(*e));
	reverted(rec, hash, bn, e);
	return 1;
}
