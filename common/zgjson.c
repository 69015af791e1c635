/* zgjson: 0G tree results as record fields. */
#include <string.h>

#include "zgjson.h"
#include "hex.h"
#include "banned.h"

static cJSON *
hash_str(const uint8_t h[32])
{
	char hex[67];

	hex_encode(hex, h, 32);
	return json_new_strn(hex, 66);
}

int
zgjson_check(const cJSON *rec, const struct zg_tree *t, struct or_err *e)
{
	const char *have;
	char want[67];
	uint64_t size;
	size_t n, i;
	int r;

	hex_encode(want, t->root, 32);
	if ((r = json_field_str(rec, "root", &have, &n, e)) < 0)
		return -1;
	if (r > 0) {
		for (i = 0; i < n && want[i] != '\0'; i++)
			if ((have[i] | 0x20) != want[i])
				break;
		if (i != n || want[i] != '\0')
			return or_error(e, "zg.mismatch", "'root' is %s, "
			    "computed %s", have, want);
	}
	if ((r = json_field_u64(rec, "size", UINT64_MAX, &size, e)) < 0)
		return -1;
	if (r > 0 && size != t->size)
		return or_error(e, "zg.mismatch", "'size' is %llu, the input "
		    "has %llu bytes", (unsigned long long)size,
		    (unsigned long long)t->size);
	return 0;
}

cJSON *
zgjson_proof(const struct zg_proof *p, uint64_t index)
{
	cJSON *o = json_object(), *lemma = json_array();
	cJSON *path = json_array();
	size_t k;

	for (k = 0; k < p->nlemma; k++)
		json_push(lemma, hash_str(p->lemma[k]));
	for (k = 0; k < p->npath; k++)
		json_push(path, json_bool(p->path[k]));
	json_set(o, "index", json_new_uint(index));
	json_set(o, "lemma", lemma);
	json_set(o, "path", path);
	return o;
}

void
zgjson_add(cJSON *rec, const struct zg_tree *t, int proofs)
{
	struct zg_proof p;
	cJSON *nodes = json_array(), *all;
	uint64_t i;
	size_t k;

	json_set(rec, "root", hash_str(t->root));
	json_set(rec, "size", json_new_uint(t->size));
	json_set(rec, "chunks", json_new_uint(t->chunks));
	json_set(rec, "paddedChunks", json_new_uint(t->padded));
	json_set(rec, "segments", json_new_uint(t->segments));
	for (k = 0; k < t->nnodes; k++) {
		cJSON *n = json_array();

		json_push(n, json_new_int(t->nodes[k].height));
		json_push(n, hash_str(t->nodes[k].root));
		json_push(nodes, n);
	}
	json_set(rec, "nodes", nodes);
	json_set(rec, "submitIdentity", hash_str(t->identity));
	if (!proofs)
		return;
	all = json_array();
	for (i = 0; i < t->segments; i++) {
		/* i < segments: zg_proof cannot fail */
		zg_proof(t, i, &p, NULL);
		json_push(all, zgjson_proof(&p, i));
		zg_proof_free(&p);
	}
	json_set(rec, "proofs", all);
}
