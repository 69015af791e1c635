/* sandbox-record: or-sandbox's JSON side (sandbox.md section 2): a record's
 * fields (or the option defaults standing in for missing ones) to a
 * struct sb_config, and a struct sb_result to the "run" object.
 * Ownership: struct sbrec borrows the strings of the record and defaults it
 * was parsed from (keep both alive) and owns its arrays until sbrec_free;
 * sbrec_run_object returns a new tree the caller owns. */
#ifndef OR_SANDBOX_RECORD_H
#define OR_SANDBOX_RECORD_H

#include "json.h"
#include "sandbox/sandbox.h"

struct sbrec {
	struct sb_config c;
	const char **argv, **h, **r, **col, **dev, **keep, **env;
	struct sb_pair *hp, *rp, *cp;
	uint64_t cpu_us;
};

/* Parse rec; a field missing from rec is taken from dflt (may be NULL).
 * Errors: sandbox.no_command, sandbox.bad_field, sandbox.keep_env_refused,
 * json.* (status 1).  Call sbrec_free in every case. */
int sbrec_parse(const cJSON *rec, const cJSON *dflt, struct sbrec *p,
    struct or_err *e);
void sbrec_free(struct sbrec *p);
/* The "run" object of a finished run. */
cJSON *sbrec_run_object(const struct sbrec *p, const struct sb_result *r);

#endif
