/* txfill: complete transaction records for signing (or-rpc fill): chain id,
 * nonce, gas limit, type and fees, asked of the node in one JSON-RPC batch
 * when allowed.  Nonces run on within a stream: the pending count of a
 * sender is asked once, then each filled record takes the next one.
 * Ownership: the caller owns the struct and its client; txfill_free
 * releases the per-stream state. */
#ifndef OR_TXFILL_H
#define OR_TXFILL_H

#include <stdint.h>

#include "http.h"
#include "json.h"
#include "quantity.h"
#include "util.h"

struct txfill {
	struct http_client *c;
	/* settings: the defaults for records that lack the field */
	int batch;			/* one JSON-RPC batch per record */
	const char *from;		/* sender, lowercase, or NULL */
	uint64_t gas_factor_ppm;	/* estimate x factor / 10^6 */
	int have_gas_limit, have_gas_price, have_prio;
	uint64_t gas_limit;
	/* the gas price doubles as maxFeePerGas */
	struct quantity gas_price, prio;
	/* stream state */
	int have_chain;
	uint64_t chain_id;
	struct txfill_nonce {
		char addr[43];
		uint64_t next;
	} *nonces;
	size_t nnonces;
};

/* Add the missing from (the sender whose nonce is used, when known),
 * chainId, nonce, gasLimit, type and fee fields to rec (conventions.md
 * section 2), in that order.  A record that fails gets no
 * nonce.  Errors: rpc.no_from, rpc.no_base_fee, rpc.bad_fee, the http_call
 * errors, and the json/hex errors of the record's fields. */
int txfill_record(struct txfill *f, cJSON *rec, struct or_err *e);
void txfill_free(struct txfill *f);

#endif
