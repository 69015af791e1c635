/* rpcdecode: what or-rpc writes into records from the bytes a node sends,
 * given contract ABIs: revert data (Error(string), Panic(uint256) and the
 * custom errors of the ABIs), the return value of a call, and event logs,
 * as `decoded` and `decodedSig` with the meaning of or-abi decode
 * (conventions.md sections 2 and 4).  The decoding itself is the abi
 * module's; this module only picks the signature and fills the record.
 * A revert or a log that cannot be decoded keeps its raw data and gets a
 * `decodeError` string instead; a return value that does not match the
 * output types of its function is an error of the record.
 * The ABIs are the files pinned in an abicache (the --abi files).
 * Ownership: the cache is borrowed; records are borrowed, the fields set on
 * them belong to them. */
#ifndef OR_RPCDECODE_H
#define OR_RPCDECODE_H

#include <stddef.h>
#include <stdint.h>

#include "abi.h"
#include "abicache.h"
#include "json.h"
#include "util.h"

/* Revert data p[0..n): decoded, decodedSig and, for a panic, "panic" (the
 * name of the panic code), or decodeError.  Error and Panic need no ABI. */
void rpcdecode_revert(const struct abicache *a, cJSON *rec,
    const uint8_t *p, size_t n);

/* Revert data as hex (from a node error or a replayed call; NULL: nothing
 * is done): revertData in lowercase, then its decoding as rpcdecode_revert.
 * Hex that is not valid leaves the record as it was. */
void rpcdecode_revert_hex(const struct abicache *a, cJSON *rec,
    const char *hex);

/* The return data p[0..n) of a call whose record holds the calldata in
 * "data" and maybe the signature in "sig" ("f(uint256)(address)").  The
 * output types are those of "sig" when it has any, else those of the
 * function with the calldata's selector in the ABIs.  Sets decoded and
 * decodedSig; without output types for the call, nothing (or decodeError
 * when ABIs were given but none has the selector).  Errors: the strict
 * decoding codes of abi_decode (the record fails), abi.bad_signature and
 * abi.selector_mismatch for a "sig" that does not fit the calldata. */
int rpcdecode_return(const struct abicache *a, cJSON *rec,
    const uint8_t *p, size_t n, struct or_err *e);
/* The same for the calldata cd[0..ncd) (encoded from "sig" and "args"
 * when the record holds no "data"). */
int rpcdecode_return_of(const struct abicache *a, cJSON *rec,
    const uint8_t *cd, size_t ncd, const uint8_t *p, size_t n,
    struct or_err *e);

/* A log record (eth_getLogs or receipt shape: "topics", "data"): decoded
 * and decodedSig by the event with its topic 0 in the ABIs, or
 * decodeError.  Without ABIs nothing is done. */
void rpcdecode_log(const struct abicache *a, cJSON *log);

#endif
