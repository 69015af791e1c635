/* or-sign: keystores and offline signing of transactions, messages and
 * typed data.  Links no networking library: it is offline by construction.
 * The key is decrypted at most once per process, on the first record that
 * needs it, and wiped at exit. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "address.h"
#include "cli.h"
#include "hex.h"
#include "json.h"
#include "jsonl.h"
#include "keydir.h"
#include "keystore.h"
#include "secret.h"
#include "prompt.h"
#include "secp.h"
#include "signer.h"
#include "signrec.h"
#include "util.h"
#include "banned.h"

static const char usage[] =
    "usage: or-sign tx [options]\n"
    "       or-sign message [options] [TEXT ...]\n"
    "       or-sign typed [options] [JSON ...]\n"
    "       or-sign recover [options] [MESSAGE SIGNATURE]\n"
    "       or-sign recover --hash [options] [HASH SIGNATURE]\n"
    "       or-sign decode [options] [RAW ...]\n"
    "       or-sign address [options]\n"
    "       or-sign new [options]\n"
    "       or-sign import [options] [FILE]\n"
    "       or-sign list [options] [DIR]\n"
    "       or-sign passwd [options]\n"
    "\n"
    "  -k, --keystore PATH          keystore file or folder (ETH_KEYSTORE)\n"
    "      --from ADDRESS           key to use in a keystore folder "
    "(ETH_FROM)\n"
    "      --private-key-file FILE  use the 0x-hex private key in FILE "
    "(test keys)\n"
    "      --password-file FILE     keystore password file (ETH_PASSWORD)\n"
    "      --new-password-file FILE new password for passwd\n"
    "      --hash-only              message, typed: add only the hash\n"
    "      --hash                   recover: the operand is a 32-byte hash, "
    "not a message\n"
    "  -q, --quiet                  no stderr line per failed record\n"
    "      --fail-fast              stop after the first failed record\n"
    "  -h, --help                   show this help\n"
    "      --version                show the version\n";

enum {
	OPT_PRIVKEY = OPT_TOOL_BASE, OPT_FROM, OPT_PASSWORD,
	OPT_NEWPW,
	OPT_HASH_ONLY, OPT_HASH,
};

static const struct option longopts[] = {
	{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "hash", no_argument, NULL, OPT_HASH },
	{ "hash-only", no_argument, NULL, OPT_HASH_ONLY },
	{ "help", no_argument, NULL, 'h' },
	{ "keystore", required_argument, NULL, 'k' },
	{ "new-password-file", required_argument, NULL, OPT_NEWPW },
	{ "password-file", required_argument, NULL, OPT_PASSWORD },
	{ "private-key-file", required_argument, NULL, OPT_PRIVKEY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static struct signer S;
static int hash_only;		/* --hash-only */
static int hash_operand;	/* --hash: recover's operand is a digest */

static void
wipe_key(void)
{
	signer_wipe(&S);
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
		if (secret_read_password(file, pw, &loose, &fe) < 0)
			die(3, "password file: %s", fe.msg);
		if (loose && !warned++)
			warn("password file '%s' is readable by group or "
			    "others", file);
		return 0;
	}
	if (prompt_secret(question, pw) < 0)
		return or_error(e, "keystore.no_password",
		    "no password: set ETH_PASSWORD to the path of a password "
		    "file, or pass --password-file");
	if (twice) {
		struct buf again = { 0 };
		int same;

		if (prompt_secret("Repeat the password: ", &again) < 0)
			again.len = (size_t)-1;
		same = again.len == pw->len &&
		    memcmp(again.p, pw->p, pw->len) == 0;
		prompt_free(&again);
		if (!same)
			return or_error(e, "keystore.password_mismatch",
			    "the two passwords differ");
	}
	return 0;
}

enum cmd { C_TX, C_MESSAGE, C_TYPED, C_RECOVER, C_DECODE, C_ADDRESS, C_NEW,
	C_IMPORT, C_LIST, C_PASSWD };

static const char *const cmds[] = { "tx", "message", "typed", "recover",
	"decode", "address", "new", "import", "list", "passwd", NULL };

/* Enrich one record for verb c (file: import's key file).  A status 3
 * failure is a fatal system error (signer.h): the run stops here. */
static int
enrich(enum cmd c, cJSON *rec, const char *file, struct or_err *e)
{
	int rc;

	switch (c) {
	case C_TX:
		rc = signrec_tx(rec, &S, e);
		break;
	case C_MESSAGE:
		rc = signrec_sign(rec, "message", hash_only, &S, e);
		break;
	case C_TYPED:
		rc = signrec_sign(rec, "typedData", hash_only, &S, e);
		break;
	case C_RECOVER:
		rc = signrec_recover(rec, S.secp, e);
		break;
	case C_DECODE:
		rc = signrec_decode(rec, S.secp, e);
		break;
	case C_ADDRESS:
		rc = signrec_address(rec, &S, e);
		break;
	case C_NEW:
		rc = signrec_new(rec, &S, e);
		break;
	case C_IMPORT:
		rc = signrec_import(rec, &S, file, e);
		break;
	case C_PASSWD:
		rc = signrec_passwd(rec, &S, e);
		break;
	default:
		return 0;
	}
	if (rc < 0 && e->status == 3)
		die(3, "%s", e->msg);
	return rc;
}

static void
run_list(struct jl *j, const char *dir)
{
	char **names;
	size_t i;
	struct or_err e;
	cJSON *rec;

	if (keydir_list(dir, &names, &e) < 0)
		die(3, "keystore folder: %s", e.msg);
	for (i = 0; names[i] != NULL; i++) {
		if ((rec = signrec_list_entry(dir, names[i])) != NULL)
			jl_emit(j, rec, 0);
		free(names[i]);
	}
	free(names);
}

/* The record an operand stands for (conventions.md section 3). */
static cJSON *
operand_record(enum cmd c, char **ops, int i)
{
	cJSON *rec = json_object(), *v;
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
		/* MESSAGE SIGNATURE as cast wallet verify reads them */
		if (hash_operand)
			json_set_str(rec, "hash", ops[0]);
		else
			json_set(rec, "message", json_new_strn(ops[0],
			    strlen(ops[0])));
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

/* conventions.md section 3: a verb that reads records never waits
 * silently on a terminal; it says what it needs and exits 2. */
static void
terminal_rule(enum cmd c)
{
	switch (c) {
	case C_TX:
		if (isatty(0))
			cli_usage_error(usage, "tx: pipe transaction records as "
			    "JSON lines (as or-rpc fill writes them)");
		break;
	case C_MESSAGE:
		cli_terminal_stdin(usage, "message", "TEXT");
		break;
	case C_TYPED:
		cli_terminal_stdin(usage, "typed", "JSON (typed data)");
		break;
	case C_RECOVER:
		cli_terminal_stdin(usage, "recover", hash_operand ?
		    "HASH SIGNATURE" : "MESSAGE SIGNATURE");
		break;
	case C_DECODE:
		cli_terminal_stdin(usage, "decode", "RAW (a signed transaction)");
		break;
	default:
		break;
	}
}

static int
needs_key(enum cmd c)
{
	return c == C_TX || c == C_ADDRESS || c == C_PASSWD ||
	    ((c == C_MESSAGE || c == C_TYPED) && !hash_only);
}

/* Key selection from options and ETH_* (detected before any input). */
static void
setup_key(enum cmd c)
{
	struct stat st;
	struct or_err e;
	const char *home;
	int ks_option = S.keystore != NULL, from_option = S.from != NULL;

	if (S.pwfile == NULL)
		S.pwfile = getenv("ETH_PASSWORD");
	if (S.pwfile != NULL && *S.pwfile == '\0')
		S.pwfile = NULL;
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
	S.env_file = !ks_option && S.is_dir == 0;
	/* An option beats the environment (conventions.md section 3): a key
	 * named by --keystore FILE or --private-key-file is used whatever
	 * ETH_FROM says; only --from is checked against it. */
	if (S.from == NULL && S.pkfile == NULL &&
	    !(ks_option && S.is_dir == 0) &&
	    (S.from = getenv("ETH_FROM")) != NULL && *S.from == '\0')
		S.from = NULL;
	if (S.from != NULL && address_decode(S.from, S.want, "from",
	    &e) < 0)
		cli_usage_error(usage, "bad %s address: %s", from_option ?
		    "--from" : "ETH_FROM", e.msg);
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

int
main(int argc, char *argv[])
{
	struct cli_args a = { .usage = usage, .shortopts = "hk:q",
	    .longopts = longopts, .verbs = cmds };
	struct jl j;
	enum cmd c;
	cJSON *rec;
	int ch, nops, i, status;
	char **ops;
	const char *keyfile;

	util_setprog(argv[0]);
	jl_init(&j, "or-sign");
	while ((ch = cli_getopt(&a, &j, argc, argv)) != -1) {
		switch (ch) {
		case OPT_FROM:
			S.from = optarg;
			break;
		case 'k':
			S.keystore = optarg;
			break;
		case OPT_PASSWORD:
			S.pwfile = optarg;
			break;
		case OPT_HASH_ONLY:
			hash_only = 1;
			break;
		case OPT_HASH:
			hash_operand = 1;
			break;
		case OPT_NEWPW:
			S.newpwfile = optarg;
			break;
		case OPT_PRIVKEY:
			S.pkfile = optarg;
			break;
		}
	}
	c = (enum cmd)a.verb;
	ops = a.argv;
	nops = a.argc;
	if (hash_only && c != C_MESSAGE && c != C_TYPED)
		cli_usage_error(usage, "--hash-only applies to message and "
		    "typed");
	if (hash_operand && (c != C_RECOVER || nops == 0))
		cli_usage_error(usage, "--hash applies to recover with HASH "
		    "SIGNATURE operands");
	if ((c == C_RECOVER && nops != 0 && nops != 2) ||
	    ((c == C_TX || c == C_ADDRESS || c == C_NEW || c == C_PASSWD) &&
	    nops > 0) || ((c == C_IMPORT || c == C_LIST) && nops > 1))
		cli_usage_error(usage, "wrong number of operands for '%s'",
		    cmds[c]);
	if (c == C_IMPORT && (nops == 0 || strcmp(ops[0], "-") == 0) &&
	    isatty(0))
		cli_usage_error(usage, "import: will not read a private key "
		    "from the terminal, where it echoes; name a FILE");
	if (nops == 0)
		terminal_rule(c);
	setup_key(c);
	S.secp = secp_new();
	S.get_password = get_password;
	atexit(wipe_key);

	switch (c) {
	case C_ADDRESS:
	case C_NEW:
	case C_PASSWD:
	case C_IMPORT:
		/* one record made from the options */
		j.argmode = 1;
		rec = json_object();
		keyfile = nops == 1 && strcmp(ops[0], "-") != 0 ? ops[0] :
		    "/dev/stdin";
		jl_emit(&j, rec, enrich(c, rec, keyfile, &j.err));
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
				jl_emit(&j, rec, enrich(c, rec, NULL, &j.err));
				if (c == C_RECOVER)
					break;
			}
		} else {
			while ((rec = jl_next(&j)) != NULL)
				jl_emit(&j, rec, enrich(c, rec, NULL, &j.err));
		}
	}
	status = jl_finish(&j);
	if (S.state < 0 && strcmp(S.err.code, "keystore.no_password") == 0)
		hint("export ETH_PASSWORD=/path/to/password-file (a prompt "
		    "needs a terminal on stderr)");
	signer_free(&S);
	secp_free(S.secp);
	return status;
}
