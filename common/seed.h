/* seed: the trial seed openresearch/seed/v1 (hashes.md section 3) under the
 * project rule v1-bytes (tree entries, protocol globs) and the reference
 * implementation's rule v1-reference (working-directory walk, fnmatch).
 * Ownership: seed_params borrows strings from the protocol tree it was read
 * from (keep that tree alive) and owns only its arrays (seed_params_free). */
#ifndef OR_SEED_H
#define OR_SEED_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "tree.h"
#include "util.h"

struct seed_params {
	const char *mode;	/* "none", "fixed" or "fiat_shamir" */
	const char *env_var;
	int bits;		/* 32 or 64 */
	uint64_t fixed;
	const char *salt;
	size_t salt_len;
	const char **allowed, **forbidden, **harness, **source;
	size_t nallowed, nforbidden, nharness, nsource;
};

/* Read execution.determinism.seedDerivation and the glob lists. */
int seed_params_parse(const cJSON *protocol, struct seed_params *sp,
    struct or_err *e);
void seed_params_free(struct seed_params *sp);

/* Digest D over the kept entries; *nfiles is how many were kept. */
int seed_v1_bytes(const struct tree *t, const struct seed_params *sp,
    uint8_t digest[32], size_t *nfiles);
int seed_v1_reference(const char *dir, const struct seed_params *sp,
    uint8_t digest[32], size_t *nfiles, struct or_err *e);
/* Everything or-hash seed reports. */
struct seed_result {
	const char *mode;	/* static: "none", "fixed" or "fiat_shamir" */
	char *env_var;		/* owned: free with seed_result_free */
	int bits;
	int has_seed, has_digest;
	uint64_t seed;
	uint8_t digest[32];
	size_t files;
};

/* Read the protocol file and compute the seed of the tree at dir (rule
 * v1-bytes: the entries tree_load gives for commit and source; v1-reference:
 * a walk of dir).  Errors: seed.*, tree.*, file.*. */
int seed_compute(const char *protocol_path, int reference, const char *dir,
    const char *commit, const char *source, struct seed_result *r,
    struct or_err *e);
void seed_result_free(struct seed_result *r);

/* The last bits/8 bytes of D as a big-endian number. */
uint64_t seed_reduce(const uint8_t digest[32], int bits);

#endif
