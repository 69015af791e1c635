/* secp: libsecp256k1 wrappers for Ethereum keys and signatures. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <secp256k1.h>
#include <secp256k1_preallocated.h>
#include <secp256k1_recovery.h>

#include "keccak.h"
#include "secp.h"
#include "banned.h"

struct secp {
	secp256k1_context *ctx;
	void *mem;	/* the context's memory, ours so that OOM is exit 3 */
};

static int
fill_random(uint8_t *p, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t r = getrandom(p + off, n - off, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		off += (size_t)r;
	}
	return 0;
}

struct secp *
secp_new(void)
{
	struct secp *c = xcalloc(1, sizeof(*c));
	uint8_t seed[32];

	/* secp256k1_context_create aborts when malloc fails; with memory of
	 * our own an allocation failure is the usual exit 3 */
	c->mem = xmalloc(secp256k1_context_preallocated_size(
	    SECP256K1_CONTEXT_NONE));
	c->ctx = secp256k1_context_preallocated_create(c->mem,
	    SECP256K1_CONTEXT_NONE);
	if (c->ctx == NULL)
		die_oom();
	/* blinding only: without it results are the same, just less
	 * protected against timing side channels */
	if (fill_random(seed, sizeof(seed)) == 0)
		(void)!secp256k1_context_randomize(c->ctx, seed);
	wipe(seed, sizeof(seed));
	return c;
}

void
secp_free(struct secp *c)
{
	if (c == NULL)
		return;
	secp256k1_context_preallocated_destroy(c->ctx);
	free(c->mem);
	free(c);
}

int
secp_key_valid(const struct secp *c, const uint8_t key[32])
{
	return secp256k1_ec_seckey_verify(c->ctx, key) == 1;
}

static void
pub_address(const struct secp *c, const secp256k1_pubkey *pub,
    uint8_t addr[20])
{
	uint8_t ser[65], h[32];
	size_t n = sizeof(ser);

	secp256k1_ec_pubkey_serialize(c->ctx, ser, &n, pub,
	    SECP256K1_EC_UNCOMPRESSED);
	keccak256(ser + 1, 64, h);
	memcpy(addr, h + 12, 20);
}

int
secp_address(const struct secp *c, const uint8_t key[32], uint8_t addr[20],
    struct or_err *e)
{
	secp256k1_pubkey pub;

	if (!secp256k1_ec_pubkey_create(c->ctx, &pub, key))
		return or_error(e, "secp.bad_key",
		    "private key is zero or not below the curve order");
	pub_address(c, &pub, addr);
	return 0;
}

int
secp_sign(const struct secp *c, const uint8_t key[32], const uint8_t hash[32],
    uint8_t rs[64], int *recid, struct or_err *e)
{
	secp256k1_ecdsa_recoverable_signature sig;

	/* NULL nonce function: RFC 6979; libsecp256k1 always emits low s */
	if (!secp256k1_ecdsa_sign_recoverable(c->ctx, &sig, hash, key, NULL,
	    NULL))
		return or_error(e, "secp.bad_key",
		    "private key is zero or not below the curve order");
	secp256k1_ecdsa_recoverable_signature_serialize_compact(c->ctx, rs,
	    recid, &sig);
	wipe(&sig, sizeof(sig));
	return 0;
}

int
secp_recover(const struct secp *c, const uint8_t hash[32],
    const uint8_t rs[64], int recid, int require_low_s, uint8_t addr[20],
    struct or_err *e)
{
	secp256k1_ecdsa_recoverable_signature sig;
	secp256k1_ecdsa_signature plain;
	secp256k1_pubkey pub;

	if (recid < 0 || recid > 3 ||
	    !secp256k1_ecdsa_recoverable_signature_parse_compact(c->ctx, &sig,
	    rs, recid))
		return or_error(e, "secp.bad_signature",
		    "signature r or s is out of range");
	if (require_low_s) {
		secp256k1_ecdsa_recoverable_signature_convert(c->ctx, &plain,
		    &sig);
		/* normalize returns 1 when s was high */
		if (secp256k1_ecdsa_signature_normalize(c->ctx, NULL, &plain))
			return or_error(e, "secp.high_s",
			    "signature s is above n/2 (malleable form)");
	}
	if (!secp256k1_ecdsa_recover(c->ctx, &pub, &sig, hash))
		return or_error(e, "secp.bad_signature",
		    "signature does not recover to a public key");
	pub_address(c, &pub, addr);
	return 0;
}

int
secp_new_key(const struct secp *c, uint8_t key[32], struct or_err *e)
{
	int tries;

	for (tries = 0; tries < 16; tries++) {
		if (fill_random(key, 32) < 0)
			return or_error_st(e, 3, "secp.random",
			    "cannot get random bytes: %s", strerror(errno));
		if (secp_key_valid(c, key))
			return 0;
	}
	wipe(key, 32);
	return or_error_st(e, 3, "secp.random", "no valid key from getrandom");
}
