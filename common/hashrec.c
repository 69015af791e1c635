/* hashrec: the verbs of or-hash on one record (see hashrec.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"
#include "hashrec.h"
#include "hex.h"
#include "seed.h"
#include "tree.h"
#include "zgjson.h"
#include "banned.h"

const char *const hashrec_verbs[] = { "keccak256", "sha256", "xxh3",
	"xxh128", "selector", "topic", "zg", "tree", "seed", NULL };

/* keccak256, sha256, xxh3, xxh128: "data" (TEXT or 0xHEX) or "path". */
static int
do_digest(const struct hashrec *h, cJSON *rec, struct or_err *e)
{
	const char *data, *path;
	char hex[DIGEST_HEX_MAX];
	size_t n;
	int hd, hp, fd, rc;

	if ((hd = json_field_str(rec, "data", &data, &n, e)) < 0 ||
	    (hp = json_field_str(rec, "path", &path, NULL, e)) < 0)
		return -1;
	if (hd + hp != 1)
		return or_error(e, "hash.no_input", hd ? "give either 'data' "
		    "or 'path', not both" : "record has neither 'data' nor "
		    "'path'");
	if (hd) {
		rc = digest_data((enum digest_alg)h->verb, data, n, hex, e);
	} else {
		if ((fd = open_data(path, h->argmode, "hash.bad_path", e)) < 0)
			return -1;
		rc = digest_fd((enum digest_alg)h->verb, fd, path, hex, e);
		if (fd > 0)
			close(fd);
	}
	if (rc == 0)
		json_set_str(rec, "hash", hex);
	return rc;
}

/* A signature goes through the one ABI signature parser, as in or-abi:
 * "f(uint256 amount)" is f(uint256), "f(uint)" is f(uint256). */
static int
do_selector(const struct hashrec *h, cJSON *rec, struct or_err *e)
{
	const char *sig;
	struct abi_sig *g;
	struct or_err pe;
	size_t n;
	int rc, topic = h->verb == HR_TOPIC;
	char hex[67];

	if ((rc = json_field_str(rec, "sig", &sig, &n, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "hash.no_input",
		    "record has no 'sig'");
	if (memchr(sig, '\0', n) != NULL)
		return or_error(e, "hash.bad_signature", "'sig' holds a NUL "
		    "byte");
	g = abi_sig_parse(sig, topic ? ABI_EVENT : ABI_FUNCTION, &pe);
	if (g == NULL || g->name[0] == '\0') {
		rc = or_error(e, "hash.bad_signature", "'sig' is not a "
		    "signature of the form name(type,...)%s%s", g == NULL ?
		    ": " : "", g == NULL ? pe.msg : "");
		abi_sig_free(g);
		return rc;
	}
	/* the fields of or-abi selector and topic, so either tool will do */
	hex_encode(hex, g->hash, topic ? 32 : 4);
	json_set_str(rec, "signature", g->canon);
	abi_sig_free(g);
	json_set_str(rec, topic ? "topic" : "selector", hex);
	return 0;
}

static int
do_zg(const struct hashrec *h, cJSON *rec, struct or_err *e)
{
	const char *path;
	struct zg_tree t;
	int fd, rc;

	if ((rc = json_field_str(rec, "path", &path, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "hash.no_input",
		    "record has no 'path'");
	if ((fd = open_data(path, h->argmode, "hash.bad_path", e)) < 0)
		return -1;
	rc = zg_hash_fd(fd, h->threads, &t, e);
	if (fd > 0)
		close(fd);
	if (rc < 0) {
		zg_name_input(e, path);
		return -1;
	}
	if ((rc = zgjson_check(rec, &t, e)) == 0)
		zgjson_add(rec, &t, h->proofs);
	zg_free(&t);
	return rc;
}

/* Common inputs of tree and seed: dir, commit, source. */
static int
tree_fields(cJSON *rec, const char **dir, const char **commit,
    const char **source, struct or_err *e)
{
	*dir = ".";
	*commit = *source = NULL;
	if (json_field_str(rec, "dir", dir, NULL, e) < 0 ||
	    json_field_str(rec, "commit", commit, NULL, e) < 0 ||
	    json_field_str(rec, "source", source, NULL, e) < 0)
		return -1;
	if (*commit != NULL && *source != NULL && strcmp(*source, "commit") != 0)
		return or_error(e, "tree.bad_source", "'commit' goes with "
		    "source 'commit', not '%s'", *source);
	return 0;
}

static int
do_tree(cJSON *rec, struct or_err *e)
{
	const char *verify = NULL, *dir, *commit, *source;
	struct tree t;
	uint8_t h[32], want[32];
	char hex[67], *vx = NULL;
	size_t vn;

	if (json_field_str(rec, "verify", &verify, &vn, e) < 0)
		return -1;
	if (verify != NULL) {
		/* the hash also comes bare, as the reference prints it */
		vx = vn == 64 ? xasprintf("0x%s", verify) : xstrdup(verify);
		if (hex_decode_fixed(vx, want, 32, "verify", e) < 0) {
			free(vx);
			return -1;
		}
		free(vx);
	}
	if (tree_fields(rec, &dir, &commit, &source, e) < 0 ||
	    tree_load(dir, commit, source, &t, e) < 0)
		return -1;
	tree_hash(&t, h);
	hex_encode(hex, h, 32);
	json_set_str(rec, "source", t.source);
	json_set(rec, "entries", json_new_uint(t.n));
	json_set_str(rec, "treeHash", hex);
	tree_free(&t);
	if (verify != NULL && memcmp(h, want, 32) != 0)
		return or_error(e, "tree.mismatch", "tree hash is %s, expected "
		    "'%s'", hex, verify);
	return 0;
}

static int
do_seed(cJSON *rec, struct or_err *e)
{
	const char *protocol, *rule = "v1-bytes", *dir, *commit, *source;
	struct seed_result r;
	char hex[67], num[24];
	int rc, reference;

	if ((rc = json_field_str(rec, "protocol", &protocol, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "seed.no_protocol",
		    "record has no 'protocol' (path of protocol.json)");
	if (json_field_str(rec, "rule", &rule, NULL, e) < 0 ||
	    tree_fields(rec, &dir, &commit, &source, e) < 0)
		return -1;
	if (strcmp(rule, "v1-bytes") != 0 && strcmp(rule, "v1-reference") != 0)
		return or_error(e, "seed.bad_rule", "unknown rule '%s' "
		    "(v1-bytes or v1-reference)", rule);
	reference = strcmp(rule, "v1-reference") == 0;
	if (seed_compute(protocol, reference, dir, commit, source, &r, e) < 0)
		return -1;
	/* a static name: rewriting "rule" frees the string it points to */
	json_set_str(rec, "rule", reference ? "v1-reference" : "v1-bytes");
	json_set_str(rec, "seedMode", r.mode);
	json_set_str(rec, "envVar", r.env_var);
	json_set_int(rec, "seedBits", r.bits);
	if (r.has_seed) {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)r.seed);
		json_set_str(rec, "seed", num);
	}
	if (r.has_digest) {
		hex_encode(hex, r.digest, 32);
		json_set_str(rec, "digest", hex);
		json_set(rec, "files", json_new_uint(r.files));
	}
	seed_result_free(&r);
	return 0;
}

int
hashrec_enrich(const struct hashrec *h, cJSON *rec, struct or_err *e)
{
	switch (h->verb) {
	case HR_SELECTOR:
	case HR_TOPIC:
		return do_selector(h, rec, e);
	case HR_ZG:
		return do_zg(h, rec, e);
	case HR_TREE:
		return do_tree(rec, e);
	case HR_SEED:
		return do_seed(rec, e);
	default:
		return do_digest(h, rec, e);
	}
}

void
hashrec_defaults(const struct hashrec *h, cJSON *rec)
{
	if (h->verb == HR_TREE || h->verb == HR_SEED) {
		if (h->commit != NULL && json_get(rec, "commit") == NULL)
			json_set_str(rec, "commit", h->commit);
		if (h->dir && json_get(rec, "source") == NULL)
			json_set_str(rec, "source", "dir");
	}
	if (h->verb == HR_TREE && h->verify != NULL &&
	    json_get(rec, "verify") == NULL)
		json_set_str(rec, "verify", h->verify);
	if (h->verb == HR_SEED) {
		if (h->protocol != NULL && json_get(rec, "protocol") == NULL)
			json_set_str(rec, "protocol", h->protocol);
		if (h->rule != NULL && json_get(rec, "rule") == NULL)
			json_set_str(rec, "rule", h->rule);
	}
}

