/* or-abi: Solidity ABI encoding and decoding as a JSON-lines filter.
 * Verbs: encode (adds "data"), decode (adds "decoded", "decodedSig"),
 * selector, topic (add "signature" and "selector"/"topic"), create-address
 * and create2-address (add "contractAddress"), to-wei and from-wei (add
 * "wei" and "amount").  See man/or-abi.1. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abiarg.h"
#include "abirecord.h"
#include "abiunits.h"
#include "cli.h"
#include "json.h"
#include "jsonl.h"
#include "util.h"
#include "banned.h"

static const char usage[] =
"usage: or-abi encode [options] SIGNATURE [ARG ...]\n"
"       or-abi encode [options] --abi FILE FUNCTION [ARG ...]\n"
"       or-abi decode [options] [SIGNATURE] DATA\n"
"       or-abi decode [options] --output TYPES DATA\n"
"       or-abi decode [options] --log [SIGNATURE] DATA [TOPIC ...]\n"
"       or-abi decode [options] --error DATA\n"
"       or-abi decode [options] [--log | --error] [SIGNATURE]\n"
"       or-abi selector | topic [options] [SIGNATURE ...]\n"
"       or-abi create-address [options] [ADDRESS NONCE]\n"
"       or-abi create2-address [options] [DEPLOYER SALT INIT_CODE]\n"
"       or-abi create2-address [options] --init-code-hash HASH [DEPLOYER SALT]\n"
"       or-abi to-wei [options] [AMOUNT [UNIT]]\n"
"       or-abi from-wei [options] [WEI [UNIT]]\n"
"\n"
"  -a, --abi FILE        contract ABI (JSON array or artifact); repeatable\n"
"      --bytecode HEX    creation code put before constructor arguments\n"
"      --error           decode revert data\n"
"      --fail-fast       stop after the first failed record\n"
"  -h, --help            show this help\n"
"      --init-code-hash HASH\n"
"                        create2-address: keccak-256 of the init code\n"
"      --log             decode event logs (data and topics)\n"
"      --output TYPES    decode return data of these types (or FUNCTION)\n"
"      --packed          encode as abi.encodePacked\n"
"  -q, --quiet           no stderr line for each failed record\n"
"      --unit UNIT       to-wei, from-wei: the unit (default ether)\n"
"      --version         print the version\n";

enum verb { ENCODE, DECODE, SELECTOR, TOPIC, CREATE, CREATE2, TO_WEI,
	FROM_WEI };

static const char *const log_kinds[] = { "log", NULL };

enum {
	OPT_ERROR = OPT_TOOL_BASE, OPT_BYTECODE, OPT_OUTPUT,
	OPT_LOG,
	OPT_PACKED, OPT_INIT_CODE_HASH, OPT_UNIT
};

/* What each verb needs on a terminal, by enum verb (conventions.md
 * section 3: no verb of or-abi runs without input). */
static const char *const stdin_need[] = {
	"SIGNATURE [ARG ...]", "[SIGNATURE] DATA", "SIGNATURE", "SIGNATURE",
	"ADDRESS NONCE", "DEPLOYER SALT INIT_CODE", "AMOUNT [UNIT]",
	"WEI [UNIT]"
};

static enum verb verb;
static struct abirecord run;	/* the options, and the caches of the run */
static const char *init_code_hash;	/* --init-code-hash */
static const char *unit;		/* --unit */

static int
enrich(cJSON *rec, struct or_err *e)
{
	abicache_trim(&run.cache);
	switch (verb) {
	case ENCODE:
		return abirecord_encode(rec, &run, e);
	case DECODE:
		return abirecord_decode(rec, &run, e);
	case SELECTOR:
		return abirecord_hash(rec, &run, 0, e);
	case TOPIC:
		return abirecord_hash(rec, &run, 1, e);
	case CREATE:
		return abirecord_create_address(rec, e);
	case CREATE2:
		return abirecord_create2_address(rec, init_code_hash, e);
	case TO_WEI:
		return abiunits_to_wei(rec, unit, e);
	case FROM_WEI:
		return abiunits_from_wei(rec, unit, e);
	}
	return -1;
}

/* ---- argument mode ---- */

/* An operand into the record: its bytes, any invalid UTF-8 as U+FFFD
 * (conventions.md section 4), so the line written is valid JSON. */
static void
set_text(cJSON *rec, const char *key, const char *s)
{
	json_set(rec, key, json_new_lossy(s, strlen(s)));
}

/* An ABI argument operand: its JSON value if it parses, else the text. */
static cJSON *
operand_value(const char *s)
{
	struct or_err e;
	cJSON *v = json_parse(s, strlen(s), 0, &e);

	return v != NULL ? v : json_new_lossy(s, strlen(s));
}

static void
run_one(struct jl *j, cJSON *rec)
{
	jl_emit(j, rec, enrich(rec, &j->err));
}

/* The ARG operands of encode, each read by the ABI type it fills
 * (abiarg.h); without a signature to read them by, they stay text and
 * the record fails on the signature. */
static void
encode_operands(struct jl *j, cJSON *rec, char **argv, int argc)
{
	const struct abi_sig *g = abirecord_encode_sig(rec, &run, &j->err);
	cJSON *args = NULL;
	int i;

	if (g != NULL && (args = abiarg_list(g->in, argv, (size_t)argc,
	    &j->err)) == NULL)
		g = NULL;
	if (args == NULL) {
		args = json_array();
		for (i = 0; i < argc; i++)
			json_push(args, json_new_lossy(argv[i],
			    strlen(argv[i])));
	}
	json_set(rec, "args", args);
	if (g == NULL)
		jl_emit(j, rec, -1);
	else
		run_one(j, rec);
}

static void
run_operands(struct jl *j, int argc, char **argv)
{
	cJSON *rec, *arr;
	int i = 0;

	j->argmode = 1;
	switch (verb) {
	case ENCODE:
		rec = json_object();
		set_text(rec, run.nabis > 0 ? "function" : "sig", argv[i++]);
		encode_operands(j, rec, argv + i, argc - i);
		break;
	case DECODE:
		rec = json_object();
		if (strncmp(argv[0], "0x", 2) != 0 && strncmp(argv[0], "0X",
		    2) != 0)
			set_text(rec, "sig", argv[i++]);
		if (i >= argc)
			cli_usage_error(usage, "missing DATA operand");
		set_text(rec, "data", argv[i++]);
		if (run.mode != NULL && strcmp(run.mode, "log") == 0) {
			arr = json_array();
			for (; i < argc; i++)
				json_push(arr,
				    json_new_lossy(argv[i], strlen(argv[i])));
			json_set(rec, "topics", arr);
		} else if (i < argc) {
			cli_usage_error(usage, "unexpected operand '%s'",
			    argv[i]);
		}
		run_one(j, rec);
		break;
	case SELECTOR:
	case TOPIC:
		for (; i < argc && !j->stop; i++) {
			rec = json_object();
			set_text(rec, run.nabis > 0 ? "name" : "sig",
			    argv[i]);
			run_one(j, rec);
		}
		break;
	case CREATE:
		if (argc != 2)
			cli_usage_error(usage, "create-address wants ADDRESS "
			    "and NONCE");
		rec = json_object();
		set_text(rec, "from", argv[0]);
		json_set(rec, "nonce", operand_value(argv[1]));
		run_one(j, rec);
		break;
	case CREATE2:
		if (argc != (init_code_hash != NULL ? 2 : 3))
			cli_usage_error(usage, "create2-address wants "
			    "DEPLOYER, SALT and INIT_CODE (or --init-code-hash "
			    "HASH)");
		rec = json_object();
		set_text(rec, "deployer", argv[0]);
		set_text(rec, "salt", argv[1]);
		set_text(rec, init_code_hash != NULL ? "initCodeHash" :
		    "initCode", init_code_hash != NULL ? init_code_hash :
		    argv[2]);
		run_one(j, rec);
		break;
	case TO_WEI:
	case FROM_WEI:
		if (argc > 2)
			cli_usage_error(usage, "%s wants %s and an optional "
			    "UNIT",
			    verb == TO_WEI ? "to-wei" : "from-wei",
			    verb == TO_WEI ? "AMOUNT" : "WEI");
		rec = json_object();
		set_text(rec, verb == TO_WEI ? "amount" : "wei", argv[0]);
		if (argc == 2)
			set_text(rec, "unit", argv[1]);
		run_one(j, rec);
		break;
	}
}

/* Whether options end at the first operand after the verb: for encode
 * and decode, whose operands may begin with '-' (an ABI argument -5), as
 * with cast; the other verbs take options anywhere (conventions.md
 * section 3).  The verb is the first word that is no option or option
 * value. */
static int
ordered_verb(int argc, char *argv[])
{
	static const char *const valued[] = { "-a", "--abi", "--bytecode",
	    "--output", "--init-code-hash", "--unit", NULL };
	const char *const *v;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 1;
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			return strcmp(argv[i], "encode") == 0 ||
			    strcmp(argv[i], "decode") == 0;
		/* getopt_long takes a prefix of a long name ("--byte") */
		for (v = valued; *v != NULL; v++)
			if (strcmp(argv[i], *v) == 0 || (argv[i][1] == '-' &&
			    argv[i][2] != '\0' &&
			    strchr(argv[i], '=') == NULL &&
			    strncmp(*v, argv[i], strlen(argv[i])) == 0))
				break;
		/* "-qa FILE": a cluster that ends in a takes the next word */
		if (*v != NULL || (argv[i][1] != '-' &&
		    argv[i][strlen(argv[i]) - 1] == 'a' &&
		    strchr(argv[i], 'a') == argv[i] + strlen(argv[i]) - 1))
			i++;
	}
	return 1;
}

static const char *const verbs[] = { "encode", "decode", "selector",
	"topic", "create-address", "create2-address", "to-wei", "from-wei",
	NULL };

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "abi", required_argument, NULL, 'a' },
		{ "bytecode", required_argument, NULL, OPT_BYTECODE },
		{ "error", no_argument, NULL, OPT_ERROR },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "help", no_argument, NULL, 'h' },
		{ "init-code-hash", required_argument, NULL,
		    OPT_INIT_CODE_HASH },
		{ "log", no_argument, NULL, OPT_LOG },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "packed", no_argument, NULL, OPT_PACKED },
		{ "quiet", no_argument, NULL, 'q' },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_args a = { .usage = usage, .shortopts = "a:hq",
	    .longopts = longopts, .verbs = verbs,
	    .ordered = ordered_verb(argc, argv) };
	struct or_err err;
	struct jl j;
	int c, status;
	const char **abis = NULL;
	cJSON *rec;

	util_setprog(argv[0]);
	jl_init(&j, "or-abi");
	/* options may come before and after the verb; for encode and
	 * decode never after the first operand (an ARG like -5 is not an
	 * option) */
	while ((c = cli_getopt(&a, &j, argc, argv)) != -1) {
		switch (c) {
		case 'a':
			abis = xreallocarray(abis, run.nabis + 1,
			    sizeof(*abis));
			abis[run.nabis++] = optarg;
			run.abis = abis;
			break;
		case OPT_BYTECODE:
			run.bytecode = optarg;
			break;
		case OPT_OUTPUT:
			run.output = optarg;
			run.mode = "output";
			break;
		case OPT_ERROR:
			run.mode = "error";
			break;
		case OPT_LOG:
			run.mode = "log";
			break;
		case OPT_PACKED:
			run.packed = 1;
			break;
		case OPT_INIT_CODE_HASH:
			init_code_hash = optarg;
			break;
		case OPT_UNIT:
			unit = optarg;
			break;
		}
	}
	verb = (enum verb)a.verb;
	argc = a.argc;
	argv = a.argv;
	if (run.mode != NULL && verb != DECODE)
		cli_usage_error(usage, "--output, --log and --error go with "
		    "decode");
	if ((run.packed || run.bytecode != NULL) && verb != ENCODE)
		cli_usage_error(usage, "--packed and --bytecode go with encode");
	if (init_code_hash != NULL && verb != CREATE2)
		cli_usage_error(usage, "--init-code-hash goes with "
		    "create2-address");
	if (unit != NULL && verb != TO_WEI && verb != FROM_WEI)
		cli_usage_error(usage, "--unit goes with to-wei and from-wei");
	if (unit != NULL && abiunits_decimals(unit) < 0)
		cli_usage_error(usage, "unknown unit '%s' for --unit", unit);
	if (run.mode == NULL)
		run.mode = "calldata";
	if (verb == ENCODE && run.packed && run.bytecode != NULL)
		cli_usage_error(usage, "--packed and --bytecode exclude each "
		    "other");

	/* the --abi files are read before any input: an unreadable one is a
	 * system error (3), an invalid one a usage error (2) */
	if (abicache_pin(&run.cache, run.abis, run.nabis, &err) < 0)
		cli_setup_failed(usage, &err);
	if (run.nabis > ABIRECORD_MAX_ABIS)
		cli_usage_error(usage, "at most %d --abi files",
		    ABIRECORD_MAX_ABIS);

	/* with --log, the log detail records of or-rpc logs are decoded */
	if (verb == DECODE && strcmp(run.mode, "log") == 0)
		j.kinds = log_kinds;
	/* decode SIGNATURE alone: stream records, that signature for each */
	if (verb == DECODE && argc == 1 && strcmp(run.mode, "output") != 0 &&
	    strncmp(argv[0], "0x", 2) != 0 && strncmp(argv[0], "0X", 2) != 0) {
		run.sig = argv[0];
		argc = 0;
	}
	if (argc > 0) {
		run_operands(&j, argc, argv);
	} else {
		cli_terminal_stdin(usage, verbs[verb], run.sig != NULL ?
		    "DATA" : stdin_need[verb]);
		while ((rec = jl_next(&j)) != NULL)
			run_one(&j, rec);
	}
	status = jl_finish(&j);
	abirecord_free(&run);
	free(abis);
	return status;
}
