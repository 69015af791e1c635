/* hashrec: the verbs of or-hash on one record (man/or-hash.1): the digests
 * add "hash"; selector and topic add "signature" and "selector" / "topic";
 * zg adds "root",
 * "size" and the tree; tree adds "source", "entries" and "treeHash"; seed
 * adds the seed settings and value.  A record's own fields take precedence
 * over the run's settings, which stand for the command-line options.
 * Ownership: struct hashrec borrows its option strings (keep them alive for
 * the run); records are borrowed, the fields set on them belong to them. */
#ifndef OR_HASHREC_H
#define OR_HASHREC_H

#include "digest.h"
#include "json.h"
#include "util.h"

/* The four digest verbs come first, in enum digest_alg order. */
enum hashrec_verb {
	HR_KECCAK256 = DG_KECCAK256, HR_SHA256 = DG_SHA256, HR_XXH3 = DG_XXH3,
	HR_XXH128 = DG_XXH128, HR_SELECTOR, HR_TOPIC, HR_ZG, HR_TREE, HR_SEED
};

/* The verb names, in enum hashrec_verb order, NULL-terminated. */
extern const char *const hashrec_verbs[];

/* The settings of a run. */
struct hashrec {
	enum hashrec_verb verb;
	const char *commit, *verify, *protocol, *rule;	/* or NULL */
	int dir;	/* tree, seed: walk a plain directory */
	int proofs;	/* zg: the proof of every segment */
	int threads;	/* zg: hashing threads */
	int argmode;	/* records made from operands: "-" is raw stdin */
};

/* Add the run's settings to a record that lacks those fields. */
void hashrec_defaults(const struct hashrec *h, cJSON *rec);
/* Hash one record.  Returns 0, or -1 with e filled (hash.*, file.*, hex.*,
 * json.*, zg.*, tree.*, seed.* codes). */
int hashrec_enrich(const struct hashrec *h, cJSON *rec, struct or_err *e);

#endif
