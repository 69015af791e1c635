/* signer: load the signing key once; write new and re-encrypted
 * keystores. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "hex.h"
#include "keydir.h"
#include "keystore.h"
#include "secret.h"
#include "prompt.h"
#include "signer.h"
#include "banned.h"

void
signer_wipe(struct signer *s)
{
	wipe(s->key, sizeof(s->key));
}

void
signer_free(struct signer *s)
{
	signer_wipe(s);
	free(s->path);
	s->path = NULL;
}

int
signer_read_raw_key(const char *file, uint8_t key[32], struct or_err *e)
{
	struct buf t = { 0 };
	size_t n;
	int rc;

	if (secret_read(file, 4096, &t, e) < 0) {
		if (t.p != NULL)
			wipe(t.p, t.cap);
		buf_free(&t);
		e->status = 3;
		return -1;
	}
	n = t.len;
	while (n > 0 && strchr(" \t\r\n", t.p[n - 1]) != NULL)
		n--;
	t.p[n] = '\0';
	n = strspn(t.p, " \t\r\n");
	rc = hex_decode_fixed(t.p + n, key, 32, "private key", e);
	wipe(t.p, t.cap);
	buf_free(&t);
	if (rc < 0)
		return or_error(e, "sign.bad_private_key",
		    "the private key in '%s' must be 0x and 64 hex digits",
		    file);
	return 0;
}

static int
load_private_key_file(struct signer *s, struct or_err *e)
{
	char a[43];

	if (signer_read_raw_key(s->pkfile, s->key, e) < 0 ||
	    secp_address(s->secp, s->key, s->addr, e) < 0)
		return -1;
	if (s->from != NULL && memcmp(s->addr, s->want, 20) != 0) {
		hex_encode(a, s->addr, 20);
		signer_wipe(s);
		return or_error(e, "sign.from_mismatch", "the private key file "
		    "holds %s, not the --from/ETH_FROM address", a);
	}
	return 0;
}

/* Whether keystore file path says it holds another address than want:
 * by its "address" field, else by a geth name ending in --<address> (cast
 * writes no address field).  A file that says neither is decrypted and
 * checked. */
static int
holds_other(const char *path, const uint8_t want[20])
{
	struct or_err tmp;
	uint8_t got[20];
	char hex[43];
	size_t n = strlen(path);
	int r = keydir_peek(path, got);

	if (r == 1)
		return memcmp(got, want, 20) != 0;
	if (n < 42 || strncmp(path + n - 42, "--", 2) != 0)
		return 0;
	hex[0] = '0';
	hex[1] = 'x';
	memcpy(hex + 2, path + n - 40, 40);
	hex[42] = '\0';
	return hex_decode_fixed(hex, got, 20, "name", &tmp) == 0 &&
	    memcmp(got, want, 20) != 0;
}

/* The keystore file to use: the file named, or the one for --from in a
 * folder.  An ETH_KEYSTORE file (scripts/devnet env names account 0's, as
 * cast wants a file) with an address it does not hold: that address is
 * looked up in the file's folder, so ETH_FROM alone switches accounts. */
static int
resolve_keystore(struct signer *s, struct or_err *e)
{
	char *dir, *sl;
	int rc;

	if (s->path != NULL)
		return 0;
	if (!s->is_dir && !(s->env_file && s->from != NULL &&
	    holds_other(s->keystore, s->want))) {
		s->path = xstrdup(s->keystore);
		return 0;
	}
	if (s->is_dir)
		return keydir_find(s->keystore, s->want, &s->path, e);
	if ((sl = strrchr(s->keystore, '/')) == NULL)
		dir = xstrdup(".");
	else
		dir = xmemdup(s->keystore, sl == s->keystore ? 1 :
		    (size_t)(sl - s->keystore));
	rc = keydir_find(dir, s->want, &s->path, e);
	free(dir);
	if (rc < 0 && strcmp(e->code, "keystore.not_found") == 0) {
		struct or_err inner = *e;

		or_error(e, "keystore.not_found", "ETH_KEYSTORE '%s' holds "
		    "another key than %s: %s", s->keystore, s->from,
		    inner.msg);
	}
	return rc;
}

static int
load_keystore(struct signer *s, struct or_err *e)
{
	struct buf text = { 0 }, pw = { 0 };
	struct or_err fe;
	char *q, a[43];
	int rc;

	if (resolve_keystore(s, e) < 0)
		return -1;
	if (read_file(s->path, 1 << 20, &text, &fe) < 0)
		return or_error_st(e, 3, fe.code, "keystore: %s", fe.msg);
	q = xasprintf("Password for keystore '%s': ", s->path);
	rc = s->get_password(s->pwfile, q, 0, &pw, e);
	free(q);
	if (rc == 0)
		rc = keystore_decrypt(text.p, text.len, (uint8_t *)pw.p, pw.len,
		    s->key, s->addr, e);
	prompt_free(&pw);
	buf_free(&text);
	if (rc == 0 && s->from != NULL && memcmp(s->addr, s->want, 20) != 0) {
		hex_encode(a, s->addr, 20);
		signer_wipe(s);
		return or_error(e, "sign.from_mismatch",
		    "keystore '%s' holds %s, not the --from/ETH_FROM address",
		    s->path, a);
	}
	return rc;
}

int
signer_key(struct signer *s, struct or_err *e)
{
	if (s->state == 0)
		s->state = (s->pkfile != NULL ? load_private_key_file(s,
		    &s->err) : load_keystore(s, &s->err)) < 0 ? -1 : 1;
	if (s->state < 0) {
		*e = s->err;
		return -1;
	}
	return 0;
}

/* The folder new keystores go to; the default one is created. */
static const char *
keystore_dir(const struct signer *s, struct or_err *e)
{
	struct stat st;

	if (stat(s->keystore, &st) == 0 && S_ISDIR(st.st_mode))
		return s->keystore;
	if (s->dflt && s->is_dir < 0) {
		char *parent = xstrdup(s->keystore), *sl = strrchr(parent, '/');

		if (sl != NULL) {
			*sl = '\0';
			(void)mkdir(parent, 0700);
		}
		free(parent);
		if (mkdir(s->keystore, 0700) == 0)
			return s->keystore;
	}
	or_error_st(e, 3, "file.open", "keystore folder '%s' does not exist",
	    s->keystore);
	return NULL;
}

int
signer_store_new(struct signer *s, const uint8_t key[32], uint8_t addr[20],
    char **path, struct or_err *e)
{
	const char *dir = keystore_dir(s, e);
	struct buf pw = { 0 };
	struct timespec ts;
	char name[128], *found = NULL;
	struct or_err tmp;
	int rc;

	*path = NULL;
	if (dir == NULL)
		return -1;
	if (secp_address(s->secp, key, addr, e) < 0)
		return -1;
	if (keydir_find(dir, addr, &found, &tmp) == 0) {
		or_error(e, "keystore.exists", "a keystore for this key "
		    "already exists: '%s'", found);
		free(found);
		return -1;
	}
	if (s->get_password(s->pwfile, "New keystore password: ", 1, &pw,
	    e) < 0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	keydir_filename(name, sizeof(name), addr, &ts);
	*path = xasprintf("%s/%s", dir, name);
	rc = keystore_write(*path, key, addr, (uint8_t *)pw.p, pw.len, e);
	prompt_free(&pw);
	if (rc < 0) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

int
signer_passwd(struct signer *s, struct or_err *e)
{
	struct buf pw = { 0 };
	int rc;

	if (signer_key(s, e) < 0 ||
	    s->get_password(s->newpwfile, "New password: ", 1, &pw, e) < 0)
		return -1;
	rc = keystore_write(s->path, s->key, s->addr, (uint8_t *)pw.p, pw.len,
	    e);
	prompt_free(&pw);
	return rc;
}
