/* zgjson: the record form of a 0G merkle tree (storage-0g.md): the checked
 * fields root and size, and root, size, chunks, paddedChunks, segments,
 * nodes, submitIdentity and proofs as or-hash zg writes them.
 * Ownership: functions add new items to the caller's record. */
#ifndef OR_ZGJSON_H
#define OR_ZGJSON_H

#include "json.h"
#include "util.h"
#include "zgmerkle.h"

/* A record's own root and size, when present, must equal the tree's
 * (conventions.md: checked fields).  Errors: zg.mismatch, json.*. */
int zgjson_check(const cJSON *rec, const struct zg_tree *t, struct or_err *e);
/* Append the tree's fields; with proofs, the proof of every segment. */
void zgjson_add(cJSON *rec, const struct zg_tree *t, int proofs);
/* {"index":i,"lemma":[hex...],"path":[bool...]} */
cJSON *zgjson_proof(const struct zg_proof *p, uint64_t index);

#endif
