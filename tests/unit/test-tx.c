/* tx: the EIP-155 example transaction of the EIP itself (signing hash,
 * RFC 6979 signature with the example key, raw bytes), decode and encode as
 * inverses for all three types, and records refused for their fields. */
#include "tap.h"
#include "hex.h"
#include "json.h"
#include "secp.h"
#include "tx.h"

/* EIP-155: nonce 9, gas price 20 gwei, gas 21000, to 0x3535..35, value
 * 1 ether, chain 1, key 0x4646..46. */
#define EIP155_REC "{\"type\":0,\"chainId\":1,\"nonce\":9,\"gasPrice\":\"20000000000\"," \
	"\"gasLimit\":21000,\"to\":\"0x3535353535353535353535353535353535353535\"," \
	"\"value\":\"1000000000000000000\"}"
#define EIP155_HASH "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"
#define EIP155_RAW "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"

static int
from_text(const char *text, struct tx *t, struct or_err *e)
{
	cJSON *j = json_parse(text, strlen(text), 1, e);
	int rc;

	memset(t, 0, sizeof(*t));
	if (j == NULL)
		return -1;
	rc = tx_from_json(j, t, e);
	cJSON_Delete(j);
	return rc;
}

/* Sign t with key, encode, decode again and encode once more. */
static int
round_trip(struct secp *c, const uint8_t key[32], struct tx *t, char **hex)
{
	struct or_err e;
	uint8_t h[32], rs[64];
	int recid;
	struct buf raw = { 0 }, again = { 0 };
	struct tx d;
	int same;

	tx_sighash(t, h);
	if (secp_sign(c, key, h, rs, &recid, &e) < 0)
		return 0;
	tx_set_signature(t, rs, recid);
	tx_encode_signed(t, &raw);
	memset(&d, 0, sizeof(d));
	if (tx_decode((uint8_t *)raw.p, raw.len, &d, &e) < 0) {
		printf("# decode: %s\n", e.msg);
		tx_free(&d);
		buf_free(&raw);
		return 0;
	}
	tx_encode_signed(&d, &again);
	same = again.len == raw.len && memcmp(again.p, raw.p, raw.len) == 0 &&
	    d.type == t->type && d.nonce == t->nonce;
	*hex = hex_encode_new((uint8_t *)raw.p, raw.len);
	tx_free(&d);
	buf_free(&raw);
	buf_free(&again);
	return same;
}

int
main(void)
{
	struct secp *c = secp_new();
	struct or_err e;
	struct tx t, d;
	uint8_t key[32], h[32], *raw;
	size_t n;
	char hs[67], *hex = NULL;
	struct buf b = { 0 };
	static const char *const bad[][2] = {
		{ "{\"nonce\":0,\"gasLimit\":21000,\"gasPrice\":\"1\"}", "no chain id" },
		{ "{\"chainId\":1,\"gasLimit\":21000,\"gasPrice\":\"1\"}", "no nonce" },
		{ "{\"chainId\":1,\"nonce\":0,\"gasLimit\":21000,\"gasPrice\":\"1\",\"maxFeePerGas\":\"1\"}", "two fee kinds" },
		{ "{\"chainId\":1,\"nonce\":0,\"gasLimit\":21000,\"maxFeePerGas\":\"1\",\"maxPriorityFeePerGas\":\"2\"}", "tip above the cap" },
		{ "{\"chainId\":1,\"nonce\":0,\"gasLimit\":21000,\"gasPrice\":\"1\",\"type\":3}", "type 3" },
		{ "{\"chainId\":1,\"nonce\":1.5,\"gasLimit\":21000,\"gasPrice\":\"1\"}", "fractional nonce" },
		{ "{\"chainId\":1,\"nonce\":0,\"gasLimit\":21000,\"gasPrice\":\"1\",\"to\":\"0x35\"}", "short address" },
	};
	size_t i;

	memset(key, 0x46, sizeof(key));
	ok(from_text(EIP155_REC, &t, &e) == 0, "the EIP-155 record is read");
	tx_sighash(&t, h);
	hex_encode(hs, h, 32);
	is_str(hs, EIP155_HASH, "EIP-155 signing hash");
	ok(round_trip(c, key, &t, &hex), "signed, decoded and encoded again");
	is_str(hex, EIP155_RAW, "EIP-155 signed bytes (RFC 6979)");
	free(hex);
	hex = NULL;
	ok(hex_decode(EIP155_RAW, strlen(EIP155_RAW), &raw, &n, "raw", &e) == 0,
	    "raw hex");
	memset(&d, 0, sizeof(d));
	ok(tx_decode(raw, n, &d, &e) == 0 && d.type == 0 && d.v == 37 &&
	    d.chain_id == 1 && d.nonce == 9 && d.gas_limit == 21000,
	    "decode: v 37 is chain 1");
	tx_encode_signed(&d, &b);
	ok(b.len == n && memcmp(b.p, raw, n) == 0, "decode then encode: same bytes");
	buf_free(&b);
	tx_free(&d);
	memset(&d, 0, sizeof(d));
	ok(tx_decode(raw, n - 1, &d, &e) < 0, "a truncated transaction fails");
	tx_free(&d);
	free(raw);
	tx_free(&t);

	ok(from_text("{\"chainId\":31337,\"nonce\":3,\"gasLimit\":60000,"
	    "\"gasPrice\":\"7\",\"accessList\":[{\"address\":"
	    "\"0x3535353535353535353535353535353535353535\",\"storageKeys\":"
	    "[\"0x0000000000000000000000000000000000000000000000000000000000000001\"]}]}",
	    &t, &e) == 0 && t.type == 1, "accessList makes type 1");
	ok(round_trip(c, key, &t, &hex) && strncmp(hex, "0x01", 4) == 0,
	    "type 1 round trip");
	free(hex);
	hex = NULL;
	tx_free(&t);
	ok(from_text("{\"chainId\":31337,\"nonce\":4,\"gasLimit\":60000,"
	    "\"maxFeePerGas\":\"2000000000\",\"maxPriorityFeePerGas\":\"1000000000\","
	    "\"data\":\"0x60806040\"}", &t, &e) == 0 && t.type == 2 && !t.has_to,
	    "maxFeePerGas makes type 2; no to is a creation");
	ok(round_trip(c, key, &t, &hex) && strncmp(hex, "0x02", 4) == 0,
	    "type 2 round trip");
	free(hex);
	tx_free(&t);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(from_text(bad[i][0], &t, &e) < 0, "refused: %s (%s)", bad[i][1],
		    e.code);
		tx_free(&t);
	}
	secp_free(c);
	return done_testing();
}
