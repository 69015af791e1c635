/* or-sign: keystores and offline signing of transactions, messages and
 * typed data.  Links no networking library: it is offline by construction.
 * The key is decrypted at most once per process, on the first record that
 * needs it, and wiped at exit. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "hex.h"
#include "json.h"
#include "jsonl.h"
#include "keccak.h"
#include "keystore.h"
#include "msghash.h"
#include "secp.h"
#include "tx.h"
#include "util.h"
#include "banned.h"

static const char usage[] =
    "usage: or-sign tx [options]\n"
    "       or-sign message [options] [TEXT ...]\n"
    "       or-sign typed [options] [JSON ...]\n"
    "       or-sign recover [options] [HASH SIGNATURE]\n"
    "       or-sign decode [options] [RAW ...]\n"
    "       or-sign address [options]\n"
    "       or-sign new [options]\n"
    "       or-sign import [options] [FILE]\n"
    "       or-sign list [options] [DIR]\n"
    "       or-sign passwd [options]\n"
    "\n"
    "  -k, --keystore PATH          keystore file or folder (ETH_KEYSTORE)\n"
    "  -f, --from ADDRESS           key to use in a keystore folder "
    "(ETH_FROM)\n"
    "      --private-key-file FILE  use the 0x-hex private key in FILE "
    "(test keys)\n"
    "  -p, --password-file FILE     keystore password file (ETH_PASSWORD)\n"
    "      --new-password-file FILE new password for passwd\n"
    "      --hash-only              message, typed: add only the hash\n"
    "  -q, --quiet                  no stderr line per failed record\n"
    "      --fail-fast              stop after the first failed record\n"
    "  -h, --help                   show this help\n"
    "      --version                show the version\n";

#define PROMPT_MAX 1024

enum {
	OPT_PRIVKEY = OPT_TOOL_BASE,
	OPT_NEWPW,
	OPT_HASH_ONLY,
};

static const struct option longopts[] = {
	{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
	{ "from", required_argument, NULL, 'f' },
	{ "hash-only", no_argument, NULL, OPT_HASH_ONLY },
	{ "help", no_argument, NULL, 'h' },
	{ "keystore", required_argument, NULL, 'k' },
	{ "new-password-file", required_argument, NULL, OPT_NEWPW },
	{ "password-file", required_argument, NULL, 'p' },
	{ "private-key-file", required_argument, NULL, OPT_PRIVKEY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* The key a run signs with: where it comes from, and once loaded, the key
 * itself.  A load failure is remembered so that a wrong password fails
 * every record without asking again. */
struct signer {
	const char *keystore;	/* file or folder */
	const char *from;	/* ETH_FROM / --from, or NULL */
	const char *pkfile;
	const char *pwfile;
	const char *newpwfile;
	int hash_only;
	int is_dir;		/* 1 folder, 0 file, -1 missing */
	int dflt;		/* keystore is the built-in default */
	uint8_t want[20];	/* parsed from */
	int state;		/* 0 not loaded, 1 loaded, -1 failed */
	struct or_err err;
	char *path;		/* resolved keystore file */
	uint8_t key[32], addr[20];
	struct secp *secp;
};

static struct signer S;

static void
wipe_key(void)
{
	wipe(S.key, sizeof(S.key));
}

/* The terminal state to restore if a signal ends the run mid-prompt. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_fd = -1;

static void
restore_tty(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSANOW, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Read a password from /dev/tty with echo off, only where conventions.md
 * section 8 allows a prompt.  Returns 0, or -1 when no terminal. */
static int
prompt(const char *question, struct buf *pw)
{
	struct termios old, quiet;
	int fd, c, echo_off;
	char ch;
	ssize_t r;
	void (*oldint)(int) = SIG_DFL, (*oldterm)(int) = SIG_DFL;

	if (!isatty(2))
		return -1;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	/* room up front, so that growing never leaves a copy behind */
	buf_free(pw);
	pw->p = xmalloc(PROMPT_MAX + 1);
	pw->cap = PROMPT_MAX + 1;
	pw->p[0] = '\0';
	echo_off = tcgetattr(fd, &old) == 0;
	if (echo_off) {
		/* ^C at the prompt must not leave the terminal without echo */
		tty_saved = old;
		tty_fd = fd;
		oldint = signal(SIGINT, restore_tty);
		oldterm = signal(SIGTERM, restore_tty);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(fd, TCSANOW, &quiet);
	}
	(void)!write(fd, question, strlen(question));
	for (;;) {
		r = read(fd, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || ch == '\n')
			break;
		c = (unsigned char)ch;
		if (pw->len < PROMPT_MAX)
			pw->p[pw->len++] = (char)c;
	}
	pw->p[pw->len] = '\0';
	if (echo_off) {
		tcsetattr(fd, TCSANOW, &old);
		tty_fd = -1;
		signal(SIGINT, oldint);
		signal(SIGTERM, oldterm);
	}
	close(fd);
	if (pw->len > 0 && pw->p[pw->len - 1] == '\r')
		pw->p[--pw->len] = '\0';
	return 0;
}

static void
free_pw(struct buf *pw)
{
	if (pw->p != NULL)
		wipe(pw->p, pw->cap);
	buf_free(pw);
}

/* The password from a file (option, else ETH_PASSWORD) or the terminal. */
static int
get_password(const char *file, const char *question, int twice,
    struct buf *pw, struct or_err *e)
{
	static int warned;
	int loose;
	struct or_err fe;

	if (file != NULL) {
		if (keystore_read_password(file, pw, &loose, &fe) < 0)
			die(3, "password file: %s", fe.msg);
		if (loose && !warned++)
			warn("password file '%s' is readable by group or "
			    "others", file);
		return 0;
	}
	if (prompt(question, pw) < 0)
		return or_error(e, "keystore.no_password",
		    "no password: set ETH_PASSWORD to the path of a password "
		    "file, or pass --password-file");
	if (twice) {
		struct buf again = { 0 };
		int same;

		if (prompt("Repeat the password: ", &again) < 0)
			again.len = (size_t)-1;
		same = again.len == pw->len &&
		    memcmp(again.p, pw->p, pw->len) == 0;
		free_pw(&again);
		if (!same)
			return or_error(e, "keystore.password_mismatch",
			    "the two passwords differ");
	}
	return 0;
}

/* A raw private key from a file: 0x and 64 hex digits, blanks around it
 * ignored.  The file's bytes are wiped after parsing. */
static int
read_raw_key(const char *file, uint8_t key[32], struct or_err *e)
{
	struct buf t = { 0 };
	struct or_err fe;
	size_t n;
	int rc;

	if (keystore_read_secret(file, 4096, &t, &fe) < 0)
		die(3, "%s", fe.msg);
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
load_private_key_file(struct or_err *e)
{
	char a[43];

	if (read_raw_key(S.pkfile, S.key, e) < 0 ||
	    secp_address(S.secp, S.key, S.addr, e) < 0)
		return -1;
	if (S.from != NULL && memcmp(S.addr, S.want, 20) != 0) {
		hex_encode(a, S.addr, 20);
		wipe_key();
		return or_error(e, "sign.from_mismatch", "the private key file "
		    "holds %s, not the --from/ETH_FROM address", a);
	}
	return 0;
}

/* The keystore file to use: the file named, or the one for --from in a
 * folder. */
static int
resolve_keystore(struct or_err *e)
{
	if (S.path != NULL)
		return 0;
	if (!S.is_dir) {
		S.path = xstrdup(S.keystore);
		return 0;
	}
	return keystore_find(S.keystore, S.want, &S.path, e);
}

static int
load_keystore(struct or_err *e)
{
	struct buf text = { 0 }, pw = { 0 };
	struct or_err fe;
	char *q, a[43];
	int rc;

	if (resolve_keystore(e) < 0)
		return -1;
	if (read_file(S.path, 1 << 20, &text, &fe) < 0)
		die(3, "keystore: %s", fe.msg);
	q = xasprintf("Password for keystore '%s': ", S.path);
	rc = get_password(S.pwfile, q, 0, &pw, e);
	free(q);
	if (rc == 0)
		rc = keystore_decrypt(text.p, text.len, (uint8_t *)pw.p, pw.len,
		    S.key, S.addr, e);
	free_pw(&pw);
	buf_free(&text);
	if (rc == 0 && S.from != NULL && memcmp(S.addr, S.want, 20) != 0) {
		hex_encode(a, S.addr, 20);
		wipe_key();
		return or_error(e, "sign.from_mismatch",
		    "keystore '%s' holds %s, not the --from/ETH_FROM address",
		    S.path, a);
	}
	return rc;
}

/* Load the key once; later calls repeat the first outcome. */
static int
need_key(struct or_err *e)
{
	if (S.state == 0) {
		S.state = (S.pkfile != NULL ? load_private_key_file(&S.err) :
		    load_keystore(&S.err)) < 0 ? -1 : 1;
		/* out of memory in scrypt, an unreadable folder: fatal */
		if (S.state < 0 && S.err.status == 3)
			die(3, "%s", S.err.msg);
	}
	if (S.state < 0) {
		*e = S.err;
		return -1;
	}
	return 0;
}

/* Set a record field, replacing in place.  cJSON's replace ignores a
 * failed key copy and leaves a nameless field behind, so the key is copied
 * here, where running out of memory is the usual exit 3. */
static void
put(cJSON *rec, const char *key, cJSON *item)
{
	cJSON *old = json_get(rec, key);

	if (old == NULL || item == NULL) {
		json_set(rec, key, item);
		return;
	}
	item->string = xstrdup(key);
	cJSON_ReplaceItemViaPointer(rec, old, item);
}

static void
put_str(cJSON *rec, const char *key, const char *s)
{
	put(rec, key, json_new_strn(s, strlen(s)));
}

static void
set_address(cJSON *rec, const char *key, const uint8_t addr[20])
{
	char a[43];

	hex_encode(a, addr, 20);
	put_str(rec, key, a);
}

static void
set_hex(cJSON *rec, const char *key, const uint8_t *p, size_t n)
{
	char *h = hex_encode_new(p, n);

	put_str(rec, key, h);
	free(h);
}

/* Set a field the record may carry as an expected value: a different
 * value already there fails the record (conventions.md "checked"). */
static int
set_checked(cJSON *rec, const char *key, const char *val, struct or_err *e)
{
	const cJSON *old = json_get(rec, key);
	const char *s = old != NULL ? json_strval(old, NULL) : NULL;

	if (old != NULL && (s == NULL || strcasecmp(s, val) != 0))
		return or_error(e, "sign.mismatch",
		    "'%s' in the record differs from the computed %s", key,
		    val);
	put_str(rec, key, val);
	return 0;
}

static int
enrich_tx(cJSON *rec, struct or_err *e)
{
	struct tx t;
	struct buf raw = { 0 };
	uint8_t h[32], rs[64];
	char hx[67];
	int recid, rc = -1;

	if (tx_from_json(rec, &t, e) < 0 || need_key(e) < 0)
		goto out;
	tx_sighash(&t, h);
	if (secp_sign(S.secp, S.key, h, rs, &recid, e) < 0)
		goto out;
	tx_set_signature(&t, rs, recid);
	tx_encode_signed(&t, &raw);
	keccak256(raw.p, raw.len, h);
	hex_encode(hx, h, 32);
	if (json_get(rec, "txHash") != NULL &&
	    set_checked(rec, "txHash", hx, e) < 0)
		goto out;
	set_address(rec, "from", S.addr);
	set_hex(rec, "raw", (uint8_t *)raw.p, raw.len);
	put_str(rec, "txHash", hx);
	rc = 0;
out:
	tx_free(&t);
	buf_free(&raw);
	return rc;
}

/* hashes.md 1.3: "0x..." is hex bytes, anything else its UTF-8 bytes. */
static int
message_bytes(const cJSON *v, uint8_t **p, size_t *n, struct or_err *e)
{
	const char *s;
	size_t len;

	if ((s = json_strval(v, &len)) == NULL)
		return or_error(e, "json.bad_field",
		    "'message' must be a string");
	if (len >= 2 && s[0] == '0' && s[1] == 'x')
		return hex_decode(s, len, p, n, "message", e);
	*p = (uint8_t *)xmemdup(s, len);
	*n = len;
	return 0;
}

/* The digest a record names: message (EIP-191), typedData (EIP-712) or a
 * bare hash.  *computed says whether it was computed here. */
static int
record_digest(const cJSON *rec, uint8_t h[32], int *computed,
    struct or_err *e)
{
	const cJSON *m = json_get(rec, "message");
	const cJSON *td = json_get(rec, "typedData");
	const char *s;
	uint8_t *p;
	size_t n;

	*computed = 1;
	if (m != NULL && td != NULL)
		return or_error(e, "sign.ambiguous",
		    "both 'message' and 'typedData' are present");
	if (m != NULL) {
		if (message_bytes(m, &p, &n, e) < 0)
			return -1;
		eip191_hash(p, n, h);
		free(p);
		return 0;
	}
	if (td != NULL)
		return eip712_hash(td, h, e);
	*computed = 0;
	if ((s = json_strval(json_get(rec, "hash"), NULL)) == NULL)
		return or_error(e, "sign.missing_field",
		    "missing 'message', 'typedData' or 'hash'");
	return hex_decode_fixed(s, h, 32, "hash", e);
}

/* message and typed: add hash, then signer and signature. */
static int
enrich_sign(cJSON *rec, const char *field, struct or_err *e)
{
	uint8_t h[32], sig[65];
	char hx[67];
	int recid, computed;

	if (json_get(rec, field) == NULL)
		return or_error(e, "sign.missing_field", "missing '%s'", field);
	if (record_digest(rec, h, &computed, e) < 0)
		return -1;
	hex_encode(hx, h, 32);
	if (set_checked(rec, "hash", hx, e) < 0)
		return -1;
	if (S.hash_only)
		return 0;
	if (need_key(e) < 0 || secp_sign(S.secp, S.key, h, sig, &recid, e) < 0)
		return -1;
	sig[64] = (uint8_t)(27 + recid);
	set_address(rec, "signer", S.addr);
	set_hex(rec, "signature", sig, 65);
	return 0;
}

static int
enrich_recover(cJSON *rec, struct or_err *e)
{
	uint8_t h[32], sig[65], addr[20];
	const char *s;
	char hx[67];
	int computed, v;

	if (record_digest(rec, h, &computed, e) < 0)
		return -1;
	if ((s = json_strval(json_get(rec, "signature"), NULL)) == NULL)
		return or_error(e, "sign.missing_field",
		    "missing 'signature' (65 bytes: r, s, v)");
	if (hex_decode_fixed(s, sig, 65, "signature", e) < 0)
		return -1;
	v = sig[64] >= 27 ? sig[64] - 27 : sig[64];
	if (v > 1)
		return or_error(e, "sign.bad_v",
		    "signature v must be 0, 1, 27 or 28");
	if (secp_recover(S.secp, h, sig, v, 0, addr, e) < 0)
		return -1;
	if (computed) {
		hex_encode(hx, h, 32);
		if (set_checked(rec, "hash", hx, e) < 0)
			return -1;
	}
	hex_encode(hx, addr, 20);
	return set_checked(rec, "signer", hx, e);
}

static int
enrich_decode(cJSON *rec, struct or_err *e)
{
	const char *s;
	size_t n;
	uint8_t *raw = NULL, h[32], sig[64], addr[20];
	struct tx t;
	cJSON *o;
	char hx[67];
	int rc = -1;

	memset(&t, 0, sizeof(t));
	if ((s = json_strval(json_get(rec, "raw"), &n)) == NULL)
		return or_error(e, "sign.missing_field",
		    "missing 'raw' (a signed transaction)");
	if (hex_decode(s, n, &raw, &n, "raw", e) < 0)
		return -1;
	if (tx_decode(raw, n, &t, e) < 0)
		goto out;
	memcpy(sig, t.rs, 64);
	tx_sighash(&t, h);
	if (secp_recover(S.secp, h, sig, t.recid, 1, addr, e) < 0)
		goto out;
	keccak256(raw, n, h);
	hex_encode(hx, h, 32);
	if (json_get(rec, "txHash") != NULL &&
	    set_checked(rec, "txHash", hx, e) < 0)
		goto out;
	o = tx_to_json(&t);
	set_address(o, "from", addr);
	put(rec, "tx", o);
	put_str(rec, "txHash", hx);
	rc = 0;
out:
	tx_free(&t);
	free(raw);
	return rc;
}

static void
set_key_fields(cJSON *rec, const uint8_t addr[20], const char *path)
{
	char c[43];

	set_address(rec, "address", addr);
	hex_checksum_address(c, addr);
	put_str(rec, "addressChecksum", c);
	if (path != NULL)
		put_str(rec, "path", path);
}

static int
enrich_address(cJSON *rec, struct or_err *e)
{
	if (need_key(e) < 0)
		return -1;
	set_key_fields(rec, S.addr, S.pkfile != NULL ? NULL : S.path);
	return 0;
}

/* The folder new keystores go to; the default one is created. */
static const char *
keystore_dir(struct or_err *e)
{
	struct stat st;

	if (stat(S.keystore, &st) == 0 && S_ISDIR(st.st_mode))
		return S.keystore;
	if (S.dflt && S.is_dir < 0) {
		char *parent = xstrdup(S.keystore), *sl = strrchr(parent, '/');

		if (sl != NULL) {
			*sl = '\0';
			(void)mkdir(parent, 0700);
		}
		free(parent);
		if (mkdir(S.keystore, 0700) == 0)
			return S.keystore;
	}
	or_error_st(e, 3, "file.open", "keystore folder '%s' does not exist",
	    S.keystore);
	return NULL;
}

/* Encrypt key under a new password into a new file of dir. */
static int
write_new(cJSON *rec, const uint8_t key[32], struct or_err *e)
{
	const char *dir = keystore_dir(e);
	uint8_t addr[20];
	struct buf pw = { 0 };
	struct timespec ts;
	char name[128], *path, *found = NULL;
	struct or_err tmp;
	int rc;

	if (dir == NULL)
		die(3, "%s", e->msg);
	if (secp_address(S.secp, key, addr, e) < 0)
		return -1;
	if (keystore_find(dir, addr, &found, &tmp) == 0) {
		or_error(e, "keystore.exists", "a keystore for this key "
		    "already exists: '%s'", found);
		free(found);
		return -1;
	}
	if (get_password(S.pwfile, "New keystore password: ", 1, &pw, e) < 0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	keystore_filename(name, sizeof(name), addr, &ts);
	path = xasprintf("%s/%s", dir, name);
	rc = keystore_write(path, key, addr, (uint8_t *)pw.p, pw.len, e);
	free_pw(&pw);
	if (rc < 0)
		die(e->status == 3 ? 3 : 1, "%s", e->msg);
	set_key_fields(rec, addr, path);
	free(path);
	return 0;
}

static int
enrich_new(cJSON *rec, struct or_err *e)
{
	uint8_t key[32];
	int rc;

	if (secp_new_key(S.secp, key, e) < 0)
		die(3, "%s", e->msg);
	rc = write_new(rec, key, e);
	wipe(key, sizeof(key));
	return rc;
}

static int
enrich_import(cJSON *rec, const char *file, struct or_err *e)
{
	uint8_t key[32];
	int rc;

	if (read_raw_key(file, key, e) < 0)
		return -1;
	rc = write_new(rec, key, e);
	wipe(key, sizeof(key));
	return rc;
}

static int
enrich_passwd(cJSON *rec, struct or_err *e)
{
	struct buf pw = { 0 };
	int rc;

	if (need_key(e) < 0 ||
	    get_password(S.newpwfile, "New password: ", 1, &pw, e) < 0)
		return -1;
	rc = keystore_write(S.path, S.key, S.addr, (uint8_t *)pw.p, pw.len, e);
	free_pw(&pw);
	if (rc < 0)
		die(e->status == 3 ? 3 : 1, "%s", e->msg);
	set_key_fields(rec, S.addr, S.path);
	return 0;
}

static void
run_list(struct jl *j, const char *dir)
{
	char **names, *p;
	size_t i;
	struct buf text = { 0 };
	struct or_err e;
	uint8_t addr[20];
	int r;

	if (keystore_list(dir, &names, &e) < 0)
		die(3, "keystore folder: %s", e.msg);
	for (i = 0; names[i] != NULL; i++) {
		cJSON *rec;

		p = xasprintf("%s/%s", dir, names[i]);
		text.len = 0;
		/* files that are no v3 keystores are not listed */
		if (read_file(p, 1 << 20, &text, &e) == 0 &&
		    (r = keystore_peek(text.p, text.len, addr, &e)) >= 0) {
			rec = cJSON_CreateObject();
			json_set_str(rec, "path", p);
			if (r == 1) {
				char c[43];

				set_address(rec, "address", addr);
				hex_checksum_address(c, addr);
				json_set_str(rec, "addressChecksum", c);
			}
			jl_emit(j, rec, 0);
		}
		free(p);
		free(names[i]);
	}
	free(names);
	buf_free(&text);
}

enum cmd { C_TX, C_MESSAGE, C_TYPED, C_RECOVER, C_DECODE, C_ADDRESS, C_NEW,
	C_IMPORT, C_LIST, C_PASSWD };

static const char *const cmds[] = { "tx", "message", "typed", "recover",
	"decode", "address", "new", "import", "list", "passwd", NULL };

static int
enrich(enum cmd c, cJSON *rec, struct or_err *e)
{
	switch (c) {
	case C_TX:
		return enrich_tx(rec, e);
	case C_MESSAGE:
		return enrich_sign(rec, "message", e);
	case C_TYPED:
		return enrich_sign(rec, "typedData", e);
	case C_RECOVER:
		return enrich_recover(rec, e);
	case C_DECODE:
		return enrich_decode(rec, e);
	case C_ADDRESS:
		return enrich_address(rec, e);
	case C_NEW:
		return enrich_new(rec, e);
	case C_PASSWD:
		return enrich_passwd(rec, e);
	default:
		return 0;
	}
}

/* The record an operand stands for (conventions.md section 3). */
static cJSON *
operand_record(enum cmd c, char **ops, int i)
{
	cJSON *rec = cJSON_CreateObject(), *v;
	struct or_err e;

	switch (c) {
	case C_MESSAGE:
		json_set(rec, "message", json_new_strn(ops[i],
		    strlen(ops[i])));
		break;
	case C_TYPED:
		v = json_parse(ops[i], strlen(ops[i]), 1, &e);
		if (v == NULL)
			cli_usage_error(usage, "typed data operand %d is not a "
			    "JSON object: %s", i + 1, e.msg);
		json_set(rec, "typedData", v);
		break;
	case C_RECOVER:
		json_set_str(rec, "hash", ops[0]);
		json_set_str(rec, "signature", ops[1]);
		break;
	case C_DECODE:
		json_set_str(rec, "raw", ops[i]);
		break;
	default:
		break;
	}
	return rec;
}

static int
needs_key(enum cmd c)
{
	return c == C_TX || c == C_ADDRESS || c == C_PASSWD ||
	    ((c == C_MESSAGE || c == C_TYPED) && !S.hash_only);
}

/* Key selection from options and ETH_* (detected before any input). */
static void
setup_key(enum cmd c)
{
	struct stat st;
	struct or_err e;
	const char *home;

	if (S.pwfile == NULL)
		S.pwfile = getenv("ETH_PASSWORD");
	if (S.pwfile != NULL && *S.pwfile == '\0')
		S.pwfile = NULL;
	if (S.from == NULL && (S.from = getenv("ETH_FROM")) != NULL &&
	    *S.from == '\0')
		S.from = NULL;
	if (S.from != NULL && hex_decode_address(S.from, S.want, "from",
	    &e) < 0)
		cli_usage_error(usage, "bad --from/ETH_FROM address: %s",
		    e.msg);
	if (S.keystore == NULL && (S.keystore = getenv("ETH_KEYSTORE")) !=
	    NULL && *S.keystore == '\0')
		S.keystore = NULL;
	if (S.keystore == NULL) {
		home = getenv("HOME");
		S.keystore = xasprintf("%s/.ethereum/keystore",
		    home != NULL ? home : "");
		S.dflt = 1;
	}
	S.is_dir = stat(S.keystore, &st) == 0 ? S_ISDIR(st.st_mode) : -1;
	if (c == C_PASSWD && S.pkfile != NULL)
		cli_usage_error(usage, "passwd works on a keystore, not on "
		    "--private-key-file");
	if (!needs_key(c) || S.pkfile != NULL)
		return;
	if (S.is_dir < 0)
		die(3, "cannot open keystore '%s':", S.keystore);
	if (S.is_dir && S.from == NULL)
		cli_usage_error(usage, "keystore '%s' is a folder: select the "
		    "key with --from or ETH_FROM", S.keystore);
}

static enum cmd
parse_cmd(const char *w)
{
	int i;

	for (i = 0; cmds[i] != NULL; i++)
		if (strcmp(w, cmds[i]) == 0)
			return (enum cmd)i;
	cli_usage_error(usage, "unknown subcommand '%s'", w);
}

int
main(int argc, char *argv[])
{
	struct jl j;
	enum cmd c;
	cJSON *rec;
	int ch, nops, i, status;
	char **ops;

	util_setprog(argv[0]);
	jl_init(&j, "or-sign");
	opterr = 0;	/* cli_bad_option names the option */
	while ((ch = getopt_long(argc, argv, "f:hk:p:q", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'f':
			S.from = optarg;
			break;
		case 'h':
			cli_help(usage);
		case 'k':
			S.keystore = optarg;
			break;
		case 'p':
			S.pwfile = optarg;
			break;
		case 'q':
			j.quiet = 1;
			break;
		case OPT_FAIL_FAST:
			j.fail_fast = 1;
			break;
		case OPT_HASH_ONLY:
			S.hash_only = 1;
			break;
		case OPT_NEWPW:
			S.newpwfile = optarg;
			break;
		case OPT_PRIVKEY:
			S.pkfile = optarg;
			break;
		case OPT_VERSION:
			cli_version();
		default:
			cli_bad_option(usage, argv);
		}
	}
	if (optind >= argc)
		cli_usage_error(usage, "missing subcommand");
	c = parse_cmd(argv[optind]);
	ops = argv + optind + 1;
	nops = argc - optind - 1;
	if (S.hash_only && c != C_MESSAGE && c != C_TYPED)
		cli_usage_error(usage, "--hash-only applies to message and "
		    "typed");
	if ((c == C_RECOVER && nops != 0 && nops != 2) ||
	    ((c == C_TX || c == C_ADDRESS || c == C_NEW || c == C_PASSWD) &&
	    nops > 0) || ((c == C_IMPORT || c == C_LIST) && nops > 1))
		cli_usage_error(usage, "wrong number of operands for '%s'",
		    cmds[c]);
	if (c == C_IMPORT && (nops == 0 || strcmp(ops[0], "-") == 0) &&
	    isatty(0))
		cli_usage_error(usage, "import: will not read a private key "
		    "from the terminal, where it echoes; name a FILE");
	setup_key(c);
	S.secp = secp_new();
	atexit(wipe_key);

	switch (c) {
	case C_ADDRESS:
	case C_NEW:
	case C_PASSWD:
	case C_IMPORT:
		/* one record made from the options */
		j.argmode = 1;
		rec = cJSON_CreateObject();
		if (c == C_IMPORT)
			jl_emit(&j, rec, enrich_import(rec, nops == 1 &&
			    strcmp(ops[0], "-") != 0 ? ops[0] : "/dev/stdin",
			    &j.err));
		else
			jl_emit(&j, rec, enrich(c, rec, &j.err));
		break;
	case C_LIST:
		j.argmode = 1;
		run_list(&j, nops == 1 ? ops[0] : S.keystore);
		break;
	default:
		if (nops > 0) {
			j.argmode = 1;
			for (i = 0; i < nops && !j.stop; i++) {
				rec = operand_record(c, ops, i);
				jl_emit(&j, rec, enrich(c, rec, &j.err));
				if (c == C_RECOVER)
					break;
			}
		} else {
			while ((rec = jl_next(&j)) != NULL)
				jl_emit(&j, rec, enrich(c, rec, &j.err));
		}
	}
	status = jl_finish(&j);
	if (S.state < 0 && strcmp(S.err.code, "keystore.no_password") == 0)
		hint("export ETH_PASSWORD=/path/to/password-file (a prompt "
		    "needs a terminal on stderr)");
	wipe_key();
	secp_free(S.secp);
	return status;
}
