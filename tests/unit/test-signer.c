/* Unit tests for signer: a keystore vector loads through the password
 * callback, once; a wrong password fails every later call without asking
 * again; --from must match; raw private key files are strict. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "hex.h"
#include "keystore.h"
#include "secret.h"
#include "signer.h"
#include "tap.h"

static int asked;
static const char *pwpath;

/* The password callback: the vector's password file, counted. */
static int
vector_password(const char *file, const char *question, int twice,
    struct buf *pw, struct or_err *e)
{
	int loose;

	asked++;
	return secret_read_password(pwpath, pw, &loose, e);
}

static int
no_password(const char *file, const char *question, int twice,
    struct buf *pw, struct or_err *e)
{
	asked++;
	return or_error(e, "keystore.no_password", "no password");
}

/* A private key file holding text; the caller unlinks it. */
static char *
key_file(const char *text)
{
	static char path[] = "/tmp/test-signer-XXXXXX";
	int fd;

	memcpy(path + sizeof(path) - 7, "XXXXXX", 6);
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		exit(1);
	close(fd);
	return path;
}

/* A signer over keystore with password callback fn; end() frees it. */
static void
start(struct signer *s, const char *keystore, signer_password_fn *fn)
{
	memset(s, 0, sizeof(*s));
	s->keystore = keystore;
	s->secp = secp_new();
	s->get_password = fn;
}

static void
end(struct signer *s)
{
	signer_free(s);
	secp_free(s->secp);
}

int
main(void)
{
	struct signer s;
	struct or_err e;
	uint8_t key[32];
	char a[43], *kf;
	char ks[4096];

	pwpath = vector_path("keystore/password-testpassword");
	pwpath = strdup(pwpath);
	snprintf(ks, sizeof(ks), "%s",
	    vector_path("keystore/light-scrypt-n4096.json"));

	start(&s, ks, vector_password);
	ok(signer_key(&s, &e) == 0, "a keystore file loads");
	hex_encode(a, s.addr, 20);
	is_str(a, "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f",
	    "its address");
	is_str(s.path, ks, "the path is the keystore file");
	ok(signer_key(&s, &e) == 0 && asked == 1,
	    "a second call asks no password again");
	end(&s);

	start(&s, ks, no_password);
	asked = 0;
	ok(signer_key(&s, &e) < 0 &&
	    strcmp(e.code, "keystore.no_password") == 0,
	    "a missing password fails");
	ok(signer_key(&s, &e) < 0 && asked == 1 &&
	    strcmp(e.code, "keystore.no_password") == 0,
	    "and fails again without asking");
	end(&s);

	start(&s, ks, vector_password);
	s.from = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
	address_decode(s.from, s.want, "from", &e);
	ok(signer_key(&s, &e) < 0 &&
	    strcmp(e.code, "sign.from_mismatch") == 0,
	    "a key other than --from is refused");
	end(&s);

	kf = key_file(" 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae78"
	    "4d7bf4f2ff80\n");
	ok(signer_read_raw_key(kf, key, &e) == 0 && key[0] == 0xac &&
	    key[31] == 0x80, "a raw key file with blanks around the key");
	unlink(kf);
	kf = key_file("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d"
	    "7bf4f2ff8");
	ok(signer_read_raw_key(kf, key, &e) < 0 &&
	    strcmp(e.code, "sign.bad_private_key") == 0 && e.status == 1,
	    "63 hex digits: sign.bad_private_key");
	unlink(kf);
	ok(signer_read_raw_key("/nonexistent/key", key, &e) < 0 &&
	    e.status == 3, "an unreadable key file is fatal (status 3)");

	start(&s, "/nonexistent/keystore", vector_password);
	s.is_dir = -1;
	{
		uint8_t addr[20];
		char *path;

		ok(signer_store_new(&s, key, addr, &path, &e) < 0 &&
		    e.status == 3 && strcmp(e.code, "file.open") == 0 &&
		    path == NULL, "no keystore folder for a new key: fatal");
	}
	end(&s);
	free((char *)pwpath);
	return done_testing();
}
