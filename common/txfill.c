/* txfill: complete transaction records for signing (see txfill.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eth.h"
#include "reply.h"
#include "txfill.h"
#include "banned.h"

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
prefetch(struct txfill *f, struct want *w, struct or_err *e)
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
	if (!f->batch || n < 2) {
		for (i = 0; i < n; i++)
			cJSON_Delete(p[i]);
		return 0;
	}
	if (http_batch(f->c, n, m, p, HTTP_RETRY, r, e) < 0) {
		if (e->status == 4 && strcmp(e->code, "rpc.http_status") != 0)
			return -1;
		memset(e, 0, sizeof(*e));
		f->batch = 0;
		return 0;
	}
	for (i = 0, k = 0; i < W_N; i++)
		if (w[i].used)
			w[i].reply = r[k++];
	return 0;
}

/* The result of a wanted call: from the batch, or asked now. */
static int
fetch(struct txfill *f, struct want *w, cJSON **result,
    struct or_err *e)
{
	cJSON *r = w->reply, *p = w->params;

	w->reply = NULL;
	w->params = NULL;
	if (r != NULL) {
		cJSON_Delete(p);
		return http_reply_take(f->c, r, result, e);
	}
	return http_call(f->c, w->method, p, HTTP_RETRY, result, e);
}

static int
fetch_u64(struct txfill *f, struct want *w, uint64_t *out,
    struct or_err *e)
{
	cJSON *r;
	int rc;

	if (fetch(f, w, &r, e) < 0)
		return -1;
	rc = reply_u64(f->c, r, w->method, out, e);
	cJSON_Delete(r);
	return rc;
}

static int
fetch_q(struct txfill *f, struct want *w, struct quantity *out,
    struct or_err *e)
{
	cJSON *r;
	int rc;

	if (fetch(f, w, &r, e) < 0)
		return -1;
	rc = reply_quantity(f->c, r, w->method, out, e);
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
base_fee(struct txfill *f, struct want *w, struct quantity *out,
    struct or_err *e)
{
	cJSON *p, *r, *b;
	int rc;

	if (fetch(f, w, &r, e) == 0) {
		b = json_get(r, "baseFeePerGas");
		if (cJSON_IsArray(b) && cJSON_GetArraySize(b) > 0) {
			rc = reply_quantity(f->c, cJSON_GetArrayItem(b,
			    cJSON_GetArraySize(b) - 1), "baseFeePerGas", out, e);
			cJSON_Delete(r);
			return rc;
		}
		cJSON_Delete(r);
	} else if (e->status == 4) {
		return -1;
	}
	memset(e, 0, sizeof(*e));
	p = json_array();
	json_push(p, json_new_str("latest"));
	json_push(p, json_bool(0));
	if (http_call(f->c, "eth_getBlockByNumber", p, HTTP_RETRY, &r, e) < 0)
		return -1;
	b = cJSON_IsObject(r) ? json_get(r, "baseFeePerGas") : NULL;
	if (b == NULL) {
		cJSON_Delete(r);
		return or_error(e, "rpc.no_base_fee", "'%s' reports no base "
		    "fee: set \"type\":0 or ETH_GAS_PRICE", f->c->shown);
	}
	rc = reply_quantity(f->c, b, "baseFeePerGas", out, e);
	cJSON_Delete(r);
	return rc;
}

static struct txfill_nonce *
nonce_slot(struct txfill *f, const char *addr)
{
	size_t i;

	for (i = 0; i < f->nnonces; i++)
		if (strcmp(f->nonces[i].addr, addr) == 0)
			return &f->nonces[i];
	return NULL;
}

/* The next nonce of a sender: the pending count first (from w), then one
 * more for every transaction this stream filled. */
static int
take_nonce(struct txfill *f, const char *from, struct want *w,
    uint64_t *nonce, struct or_err *e)
{
	struct txfill_nonce *s = nonce_slot(f, from);
	uint64_t n;

	if (s == NULL) {
		if (fetch_u64(f, w, &n, e) < 0)
			return -1;
		f->nonces = xreallocarray(f->nonces, f->nnonces + 1,
		    sizeof(*f->nonces));
		s = &f->nonces[f->nnonces++];
		snprintf(s->addr, sizeof(s->addr), "%s", from);
		s->next = n;
	}
	*nonce = s->next++;
	return 0;
}

static void
set_q(cJSON *rec, const char *key, const struct quantity *v)
{
	char dec[QUANTITY_DEC_MAX];

	quantity_to_dec(v, dec);
	json_set_str(rec, key, dec);
}

/* A wei amount of the record, when present: a unit suffix ("1ether") is
 * rewritten where it stands as the decimal string of wei, the one stored
 * form (conventions.md section 3), so that the signer reads plain wei.
 * Returns 1 when present, 0 when absent, -1 when invalid. */
static int
wei_field(cJSON *rec, const char *key, struct quantity *out,
    struct or_err *e)
{
	const cJSON *v = json_get(rec, key);

	if (v == NULL)
		return 0;
	if (quantity_wei_from_json(v, key, out, e) < 0)
		return -1;
	if (quantity_has_unit(v))
		set_q(rec, key, out);
	return 1;
}

/* Refuse a tip above the fee cap when the user gave both: lowering either
 * would sign a transaction other than the one asked for. */
static int
check_tip(const struct quantity *prio, const char *pwhere,
    const struct quantity *maxfee, const char *mwhere, struct or_err *e)
{
	char p[QUANTITY_DEC_MAX], m[QUANTITY_DEC_MAX];

	if (quantity_cmp(prio, maxfee) <= 0)
		return 0;
	quantity_to_dec(prio, p);
	quantity_to_dec(maxfee, m);
	return or_error(e, "rpc.bad_fee", "maxPriorityFeePerGas %s wei (%s) "
	    "is above maxFeePerGas %s wei (%s): the tip cannot exceed the "
	    "fee cap", p, pwhere, m, mwhere);
}

/* What fill reads from a record and decides to add. */
struct fillplan {
	const char *from;
	uint64_t type;
	int have_type, has_gp, has_max, has_prio;
	int add_chain, add_nonce, add_gas, add_gp, add_max, add_prio;
};

static int
fill_plan(struct txfill *tf, cJSON *rec, char from[43],
    struct fillplan *f, struct want *w, struct or_err *e)
{
	static const char *const wei_keys[] = { "value", "gasPrice",
		"maxFeePerGas", "maxPriorityFeePerGas", NULL };
	struct quantity q;
	cJSON *t, *p;
	int rc, i;

	memset(f, 0, sizeof(*f));
	for (i = 0; wei_keys[i] != NULL; i++)
		if (wei_field(rec, wei_keys[i], &q, e) < 0)
			return -1;
	if ((rc = eth_field_address(rec, "from", from, e)) < 0)
		return -1;
	f->from = rc > 0 ? from : tf->from;
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
	if (f->add_chain && !tf->have_chain)
		want(&w[W_CHAIN], "eth_chainId", NULL);
	if (f->add_nonce && nonce_slot(tf, f->from) == NULL) {
		p = json_array();
		json_push(p, json_new_str(f->from));
		json_push(p, json_new_str("pending"));
		want(&w[W_NONCE], "eth_getTransactionCount", p);
	}
	if (f->add_gas && !tf->have_gas_limit) {
		if ((t = eth_call_object(rec, f->from, e)) == NULL)
			return -1;
		p = json_array();
		json_push(p, t);
		want(&w[W_EST], "eth_estimateGas", p);
	}
	if (f->type < 2) {
		f->add_gp = !f->has_gp;
		if (f->add_gp && !tf->have_gas_price)
			want(&w[W_GP], "eth_gasPrice", NULL);
	} else if (!f->has_gp) {
		f->add_prio = !f->has_prio;
		f->add_max = !f->has_max;
		if (f->add_prio && !tf->have_prio)
			want(&w[W_PRIO], "eth_maxPriorityFeePerGas", NULL);
		if (f->add_max && !tf->have_gas_price) {
			p = json_array();
			json_push(p, json_new_str("0x1"));
			json_push(p, json_new_str("latest"));
			json_push(p, json_array());
			want(&w[W_BASE], "eth_feeHistory", p);
		}
	}
	return 0;
}

static int
fill_record(struct txfill *tf, cJSON *rec, struct want *w,
    struct or_err *e)
{
	char from[43];
	struct fillplan f;
	uint64_t gas = 0, est, nonce = 0;
	struct quantity gp, maxfee, prio, base, two;
	const cJSON *v;
	const char *pwhere = NULL, *mwhere = NULL;

	if (fill_plan(tf, rec, from, &f, w, e) < 0 || prefetch(tf, w, e) < 0)
		return -1;
	if (w[W_CHAIN].used) {
		if (fetch_u64(tf, &w[W_CHAIN], &tf->chain_id, e) < 0)
			return -1;
		tf->have_chain = 1;
	}
	if (f.add_gas) {
		if (tf->have_gas_limit) {
			gas = tf->gas_limit;
		} else {
			if (fetch_u64(tf, &w[W_EST], &est, e) < 0)
				return -1;
			/* round the safety margin up */
			gas = (uint64_t)(((unsigned __int128)est *
			    tf->gas_factor_ppm + 999999) / 1000000);
		}
	}
	if (f.add_gp) {
		if (tf->have_gas_price)
			gp = tf->gas_price;
		else if (fetch_q(tf, &w[W_GP], &gp, e) < 0)
			return -1;
	}
	if (f.type >= 2 && !f.has_gp) {
		if (!f.add_prio) {
			if (wei_field(rec, "maxPriorityFeePerGas", &prio,
			    e) < 0)
				return -1;
			pwhere = "in the record";
		} else if (tf->have_prio) {
			prio = tf->prio;
			pwhere = "from --priority-gas-price";
		} else if (fetch_q(tf, &w[W_PRIO], &prio, e) < 0) {
			return -1;
		}
		if (!f.add_max) {
			if (wei_field(rec, "maxFeePerGas", &maxfee, e) < 0)
				return -1;
			mwhere = "in the record";
		} else if (tf->have_gas_price) {
			maxfee = tf->gas_price;
			mwhere = "from --gas-price";
		} else {
			/* room for the base fee to double, plus the tip */
			if (base_fee(tf, &w[W_BASE], &base, e) < 0)
				return -1;
			if (quantity_mul_u64(&base, 2, &two) < 0 ||
			    quantity_add(&two, &prio, &maxfee) < 0)
				return or_error(e, "rpc.bad_fee",
				    "fee overflows uint256");
		}
		if (pwhere != NULL && mwhere != NULL && check_tip(&prio,
		    pwhere, &maxfee, mwhere, e) < 0)
			return -1;
		/* a tip the node suggested fits under the cap given */
		if (pwhere == NULL && quantity_cmp(&prio, &maxfee) > 0)
			prio = maxfee;
	}
	/* the nonce last, so that a record failing above uses none */
	if (f.add_nonce) {
		if (take_nonce(tf, f.from, &w[W_NONCE], &nonce, e) < 0)
			return -1;
	} else if (f.from != NULL) {
		struct txfill_nonce *s = nonce_slot(tf, f.from);
		struct or_err ig = { 0 };
		uint64_t n;

		v = json_get(rec, "nonce");
		if (s != NULL && json_value_u64(v, "nonce", UINT64_MAX - 1, &n,
		    &ig) > 0 && n >= s->next)
			s->next = n + 1;
	}
	/* the account whose nonce was used, so that the signer can check
	 * that it signs as that account */
	if (f.from != NULL && json_get(rec, "from") == NULL)
		json_set_str(rec, "from", f.from);
	if (f.add_chain)
		json_set(rec, "chainId", json_new_uint(tf->chain_id));
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

int
txfill_record(struct txfill *tf, cJSON *rec, struct or_err *e)
{
	struct want w[W_N];
	int rc;

	memset(w, 0, sizeof(w));
	rc = fill_record(tf, rec, w, e);
	wants_free(w);
	return rc;
}

void
txfill_free(struct txfill *f)
{
	free(f->nonces);
	f->nonces = NULL;
	f->nnonces = 0;
}
