/* abirecord: the verbs of or-abi on one record (man/or-abi.1): encode adds
 * "data"; decode adds "decoded" and "decodedSig" (and "panic"); selector
 * and topic add "signature" and "selector" / "topic"; create-address and
 * create2-address add "contractAddress".  A record's own fields ("sig",
 * "function", "abi", "bytecode", "packed", "output", "decode", ...) take
 * precedence over the run's settings, which stand for the command-line
 * options.
 * Ownership: struct abirecord borrows its option strings (keep them alive for
 * the run) and owns its cache until abirec_free; records are borrowed, the
 * fields set on them belong to them. */
#ifndef OR_ABIRECORD_H
#define OR_ABIRECORD_H

#include <stddef.h>

#include "abicache.h"
#include "json.h"
#include "util.h"

#define ABIRECORD_MAX_ABIS 16	/* ABI files of one record */

/* The settings of a run and what it keeps between records. */
struct abirecord {
	const char *const *abis;	/* --abi paths, pinned in cache */
	size_t nabis;
	const char *bytecode;	/* creation code, or NULL */
	const char *output;	/* return types or function, or NULL */
	const char *mode;	/* decode mode: calldata, output, log, error */
	const char *sig;	/* decode: the signature of records without
				 * 'sig' or 'function' (the SIGNATURE
				 * operand in stream mode), or NULL */
	int packed;		/* abi.encodePacked */
	struct abicache cache;
};

/* Each returns 0, or -1 with e filled (abi.*, json.*, hex.* codes). */
int abirecord_encode(cJSON *rec, struct abirecord *s, struct or_err *e);
/* The function or constructor an encode record names ("sig", or
 * "function" in its ABIs): owned by s's cache, valid until the next
 * record is processed. */
const struct abi_sig *abirecord_encode_sig(const cJSON *rec,
    struct abirecord *s, struct or_err *e);
int abirecord_decode(cJSON *rec, struct abirecord *s, struct or_err *e);
/* The 4-byte selector, or with topic the 32-byte event topic. */
int abirecord_hash(cJSON *rec, struct abirecord *s, int topic,
    struct or_err *e);
int abirecord_create_address(cJSON *rec, struct or_err *e);
/* CREATE2: "deployer", "salt" (bytes32) and "initCode" or "initCodeHash"
 * (code_hash, the --init-code-hash option, when the record has neither)
 * give "contractAddress". */
int abirecord_create2_address(cJSON *rec, const char *code_hash,
    struct or_err *e);
void abirecord_free(struct abirecord *s);

#endif
