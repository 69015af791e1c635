/* Unit tests for signrec: the fields each verb adds, checked fields,
 * sign/recover and tx/decode round trips, and the list entries of the
 * keystore vectors folder. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "signrec.h"
#include "tap.h"

#define ANVIL_KEY "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d" \
	"7bf4f2ff80"
#define ANVIL_ADDR "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
#define HELLO_HASH "0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34" \
	"119f92b37750"

static cJSON *
rec_of(const char *text)
{
	struct or_err e;
	cJSON *r = json_parse(text, strlen(text), 1, &e);

	if (r == NULL) {
		printf("not ok - bad test record %s: %s\n", text, e.msg);
		exit(1);
	}
	return r;
}

static const char *
field(const cJSON *rec, const char *key)
{
	return json_strval(json_get(rec, key), NULL);
}

/* A code, or "ok" on success, for is_str. */
static const char *
outcome(int rc, const struct or_err *e)
{
	return rc == 0 ? "ok" : e->code;
}

/* signrec_sign on a record must fail with code want. */
static void
sign_fails(struct signer *s, const char *text, const char *fld,
    const char *want, const char *name)
{
	struct or_err e;
	cJSON *r = rec_of(text);

	is_str(outcome(signrec_sign(r, fld, 0, s, &e), &e), want, "%s", name);
	cJSON_Delete(r);
}

int
main(void)
{
	struct signer s;
	struct or_err e;
	char kf[] = "/tmp/test-signrec-XXXXXX", *raw, *txhash, *sig;
	cJSON *r;
	int fd;

	fd = mkstemp(kf);
	if (fd < 0 || write(fd, ANVIL_KEY "\n", 67) != 67)
		return 1;
	close(fd);
	memset(&s, 0, sizeof(s));
	s.pkfile = kf;
	s.secp = secp_new();

	r = rec_of("{\"message\":\"hello\"}");
	is_str(outcome(signrec_sign(r, "message", 1, &s, &e), &e), "ok",
	    "message --hash-only");
	is_str(field(r, "hash"), HELLO_HASH, "the EIP-191 hash of hello");
	ok(json_get(r, "signature") == NULL && s.state == 0,
	    "no signature, no key loaded");
	cJSON_Delete(r);

	sign_fails(&s, "{\"message\":\"hello\",\"hash\":\"0x00\"}", "message",
	    "sign.mismatch", "a different hash in the record is checked");
	sign_fails(&s, "{\"message\":\"a\",\"typedData\":{}}", "message",
	    "sign.ambiguous", "message and typedData together");
	sign_fails(&s, "{\"hash\":\"0x00\"}", "typedData",
	    "sign.missing_field", "typed without typedData");

	r = rec_of("{\"message\":\"hello\"}");
	is_str(outcome(signrec_sign(r, "message", 0, &s, &e), &e), "ok",
	    "message signs");
	is_str(field(r, "signer"), ANVIL_ADDR, "signer is the key's address");
	sig = strdup(field(r, "signature"));
	cJSON_Delete(r);
	r = json_object();
	json_set_str(r, "hash", HELLO_HASH);
	json_set_str(r, "signature", sig);
	is_str(outcome(signrec_recover(r, s.secp, &e), &e), "ok",
	    "recover from the bare hash");
	is_str(field(r, "signer"), ANVIL_ADDR, "recovers the signer");
	cJSON_Delete(r);
	r = json_object();
	json_set_str(r, "message", "hellO");
	json_set_str(r, "signature", sig);
	json_set_str(r, "signer", ANVIL_ADDR);
	is_str(outcome(signrec_recover(r, s.secp, &e), &e), "sign.mismatch",
	    "another message recovers another signer");
	cJSON_Delete(r);
	free(sig);

	r = rec_of("{\"chainId\":1,\"nonce\":7,\"to\":\"0x70997970c51812dc3a"
	    "010c7d01b50e0d17dc79c8\",\"value\":\"1\",\"gasLimit\":21000,"
	    "\"maxFeePerGas\":\"2\",\"maxPriorityFeePerGas\":\"1\"}");
	is_str(outcome(signrec_tx(r, &s, &e), &e), "ok", "a type 2 tx signs");
	is_str(field(r, "from"), ANVIL_ADDR, "from is the key's address");
	raw = strdup(field(r, "raw"));
	txhash = strdup(field(r, "txHash"));
	cJSON_Delete(r);
	r = json_object();
	json_set_str(r, "raw", raw);
	is_str(outcome(signrec_decode(r, s.secp, &e), &e), "ok",
	    "its raw bytes decode");
	is_str(field(r, "from"), ANVIL_ADDR, "decode recovers from");
	is_str(field(r, "txHash"), txhash, "decode gives the same txHash");
	is_str(outcome(signrec_tx(r, &s, &e), &e), "ok",
	    "the decoded record is what tx reads");
	is_str(field(r, "raw"), raw, "and signs to the same bytes");
	cJSON_Delete(r);
	r = rec_of("{\"from\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\","
	    "\"chainId\":1,\"nonce\":7,\"gasLimit\":21000,\"gasPrice\":\"1\"}");
	is_str(outcome(signrec_tx(r, &s, &e), &e), "sign.from_mismatch",
	    "a record filled for another account is refused");
	ok(json_get(r, "raw") == NULL, "and nothing is signed");
	cJSON_Delete(r);
	r = json_object();
	json_set_str(r, "raw", raw);
	json_set_str(r, "txHash", HELLO_HASH);
	is_str(outcome(signrec_decode(r, s.secp, &e), &e), "sign.mismatch",
	    "a different txHash in the record is checked");
	cJSON_Delete(r);
	free(raw);
	free(txhash);

	r = json_object();
	is_str(outcome(signrec_address(r, &s, &e), &e), "ok", "address");
	ok(json_get(r, "path") == NULL &&
	    strcmp(field(r, "addressChecksum"),
	    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266") == 0,
	    "a private key file has a checksum address and no path");
	cJSON_Delete(r);

	{
		char dir[4096];
		char *sl;

		snprintf(dir, sizeof(dir), "%s",
		    vector_path("keystore/expected.json"));
		sl = strrchr(dir, '/');
		*sl = '\0';
		r = signrec_list_entry(dir, "light-scrypt-n4096.json");
		ok(r != NULL && strcmp(field(r, "address"),
		    "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f") == 0,
		    "a keystore is listed with its address");
		cJSON_Delete(r);
		ok(signrec_list_entry(dir, "password-testpassword") == NULL,
		    "a password file is not listed");
	}

	unlink(kf);
	signer_free(&s);
	secp_free(s.secp);
	return done_testing();
}
