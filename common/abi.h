/* abi: the Solidity contract ABI: type trees, signatures (text and ABI JSON
 * entries), selectors and topics, standard and packed encoding of cJSON
 * values, and strict decoding into the `decoded` shape of conventions.md
 * section 4.
 * Ownership: abi_*_parse and abi_sig_from_json return trees the caller frees
 * with abi_sig_free / abi_type_free; encoders append to a caller buffer;
 * decoders return new cJSON trees the caller frees with cJSON_Delete;
 * arguments are only borrowed. */
#ifndef OR_ABI_H
#define OR_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

#define ABI_MAX_DEPTH 32	/* nesting of arrays and tuples in one type */
#define ABI_MAX_STATIC (1u << 24)	/* largest static head, bytes */
#define ABI_MAX_COMPONENTS 1024	/* parameters of one tuple */

enum abi_kind {
	ABI_UINT, ABI_INT, ABI_ADDRESS, ABI_BOOL, ABI_FBYTES,	/* words */
	ABI_BYTES, ABI_STRING,		/* dynamic byte strings */
	ABI_ARRAY,			/* T[] */
	ABI_FARRAY,			/* T[k] */
	ABI_TUPLE			/* (T1,...,Tn) */
};

struct abi_type {
	enum abi_kind kind;
	unsigned size;		/* bits of uintN/intN, bytes of bytesN */
	size_t len;		/* k of T[k]; component count of a tuple */
	struct abi_type *elem;	/* element of T[] and T[k] */
	struct abi_type **comp;	/* tuple components */
	char **names;		/* tuple component names, entries may be NULL */
	unsigned char *indexed;	/* event parameters: 1 when indexed */
	int dynamic;		/* has a dynamic encoding */
	size_t head;		/* bytes in the head: static size, or 32 */
};

enum abi_what { ABI_FUNCTION, ABI_EVENT, ABI_ERROR, ABI_CONSTRUCTOR };

/* A function, event, error or constructor: name and parameter tuples. */
struct abi_sig {
	enum abi_what what;
	char *name;		/* "" for a bare parameter list "(uint256)" */
	struct abi_type *in;	/* always a tuple, maybe of 0 components */
	struct abi_type *out;	/* return tuple of a function, or NULL */
	int anonymous;		/* anonymous event: no topic 0 */
	char *canon;		/* "transfer(address,uint256)" */
	uint8_t hash[32];	/* keccak256(canon): topic; selector = 4 */
};

/* One type: "uint256", "(bool,string)[2][]", "tuple" is not accepted. */
struct abi_type *abi_type_parse(const char *s, size_t n, struct or_err *e);
/* A parameter list "uint256,address" or "(uint256 a,address b)" as a
 * tuple; names and the word `indexed` are allowed after each type. */
struct abi_type *abi_params_parse(const char *s, size_t n, struct or_err *e);
/* A signature: [function|event|error|constructor] NAME(PARAMS)[(OUT)],
 * or a bare "(PARAMS)"; `returns (OUT)` is also accepted.  what is the
 * default when no keyword is given. */
struct abi_sig *abi_sig_parse(const char *s, enum abi_what what,
    struct or_err *e);
/* An ABI JSON entry ({"type":"function","name":..,"inputs":[..]}). */
struct abi_sig *abi_sig_from_json(const cJSON *entry, struct or_err *e);
void abi_sig_free(struct abi_sig *s);
void abi_type_free(struct abi_type *t);
/* Append the canonical text of t ("(uint256,bytes)[]"). */
void abi_type_canon(const struct abi_type *t, struct buf *b);

/* A contract ABI: the entries of a JSON ABI array, or of an artifact
 * object holding "abi" (and maybe "bytecode", kept as hex text). */
struct abi_file {
	struct abi_sig **sigs;
	size_t n;
	char *bytecode;		/* "0x..." creation code, or NULL */
};
int abi_file_load(const cJSON *doc, struct abi_file *f, struct or_err *e);
#define ABI_FILE_MAX (64u * 1024 * 1024)	/* bytes of one ABI file */
/* Read and load the ABI file at path (f is only filled on success).
 * Errors: the file.* codes of read_file when it cannot be read,
 * abi.bad_abi (naming path and saying why) when it is not an ABI. */
int abi_file_read(const char *path, struct abi_file *f, struct or_err *e);
void abi_file_free(struct abi_file *f);
/* Look up by name or by signature text (overloads need the latter).
 * Returns NULL with abi.no_function or abi.ambiguous. */
const struct abi_sig *abi_file_find(const struct abi_file *f,
    enum abi_what what, const char *name, struct or_err *e);
/* By 4-byte selector (functions, errors) or topic (events); NULL if none. */
const struct abi_sig *abi_file_by_hash(const struct abi_file *f,
    enum abi_what what, const uint8_t *hash, size_t n);

/* Encode the JSON value v as type t (a tuple is encoded as the argument
 * list of a call) and append it to out.  what names v in messages
 * ("args").  A tuple value is an array, or an object keyed by component
 * names (positions "0", "1", ... for unnamed ones), as `decoded` is. */
int abi_encode(const struct abi_type *t, const cJSON *v, struct buf *out,
    const char *what, struct or_err *e);
/* abi.encodePacked of the components of the tuple t. */
int abi_encode_packed(const struct abi_type *t, const cJSON *v,
    struct buf *out, const char *what, struct or_err *e);

/* Strictly decode n bytes as the tuple t: canonical offsets, zero padding,
 * clean high bits, no trailing bytes.  Returns the `decoded` object. */
cJSON *abi_decode(const struct abi_type *t, const uint8_t *p, size_t n,
    struct or_err *e);
/* An event log: topics (32 bytes each) and data into `decoded`; indexed
 * parameters of reference type come out as their topic. */
cJSON *abi_decode_log(const struct abi_sig *ev, const uint8_t (*topics)[32],
    size_t ntopics, const uint8_t *data, size_t n, struct or_err *e);

/* Revert data: Error(string) or Panic(uint256) (unnamed parameters, so
 * decoded as {"0": ...}), or a custom error of files found by its
 * selector.  Sets *decoded (caller frees),
 * *sig (the canonical signature, caller frees) and *panic (the panic
 * code's name, a static string, or NULL).  Errors: abi.short_data,
 * abi.unknown_error, and the strict decoding codes. */
int abi_decode_revert(const struct abi_file *const *files, size_t nfiles,
    const uint8_t *p, size_t n, cJSON **decoded, char **sig,
    const char **panic, struct or_err *e);

/* The name of a Solidity panic code ("arithmetic underflow or overflow"),
 * or NULL when the code is not one the compiler uses. */
const char *abi_panic_name(const uint8_t code[32]);

#endif
