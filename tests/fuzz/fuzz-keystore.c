/* fuzz-keystore: Web3 Secret Storage JSON from any bytes.  peek never
 * crashes; decrypt runs on texts whose KDF is cheap (the fuzzer would
 * otherwise spend its time in scrypt) and must refuse a wrong password. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "keystore.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

/* 1 when the text's KDF costs little: scrypt n*r*p or pbkdf2 c small. */
static int
cheap(const char *s, size_t n)
{
	struct or_err e;
	cJSON *j = json_parse(s, n, 1, &e), *c, *k, *v;
	double cost = 1;
	int ok = 0;

	if (j == NULL)
		return 0;
	c = json_get(j, "crypto");
	if (c == NULL)
		c = json_get(j, "Crypto");
	k = c != NULL ? json_get(c, "kdfparams") : NULL;
	if (k != NULL && cJSON_IsObject(k)) {
		const char *names[] = { "n", "r", "p", "c" };
		size_t i;

		for (i = 0; i < 4; i++)
			if ((v = json_get(k, names[i])) != NULL && cJSON_IsNumber(v))
				cost *= v->valuedouble > 1 ? v->valuedouble : 1;
		ok = cost <= 65536;
	}
	cJSON_Delete(j);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	const char *s = (const char *)p;
	struct or_err e;
	uint8_t addr[20], key[32];

	(void)keystore_peek(s, n, addr, &e);
	if (n < 4096 && cheap(s, n) &&
	    keystore_decrypt(s, n, (const uint8_t *)"fuzz", 4, key, addr, &e) == 0) {
		uint8_t key2[32];

		/* a MAC that passes for two passwords means no MAC check */
		if (keystore_decrypt(s, n, (const uint8_t *)"fuzz2", 5, key2,
		    addr, &e) == 0 && memcmp(key, key2, 32) != 0)
			abort();
	}
	return 0;
}
