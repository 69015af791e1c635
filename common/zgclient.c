/* zgclient: talk to 0G storage nodes: shard-aware upload of segments with
 * proofs after the Flow submit, and download verified segment by segment. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "address.h"
#include "b64.h"
#include "clock.h"
#include "eth.h"
#include "hex.h"
#include "http.h"
#include "keccak.h"
#include "u256.h"
#include "zgclient.h"
#include "zgflow.h"
#include "banned.h"

#define BATCH 10		/* segments per zgs_uploadSegmentsByTxSeq */

struct node {
	struct http_client c;
	char *url;
	uint64_t shard, nshard;
	int up;			/* answered zgs_getShardConfig */
	int has;		/* knows the file (download) */
	uint64_t fsize, fseq, fstart;	/* its FileInfo (download) */
	int has_id;		/* id: Submit log identity of its merkleNodes */
	zg_hash id;
};

struct nodes {
	struct node **v;	/* each client stays put: curl keeps pointers */
	size_t n;
};

static void
nodes_free(struct nodes *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++) {
		http_close(&ns->v[i]->c);
		free(ns->v[i]->url);
		free(ns->v[i]);
	}
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

static int
nodes_add(const struct zg_cfg *c, struct nodes *ns, const char *url,
    struct or_err *e)
{
	struct node *n;

	n = xcalloc(1, sizeof(*n));
	if (http_open(&n->c, url, c->timeout_us, 1, e) < 0) {
		free(n);
		return -1;
	}
	ns->v = xreallocarray(ns->v, ns->n + 1, sizeof(*ns->v));
	ns->v[ns->n] = n;
	n->url = xstrdup(url);
	n->nshard = 1;
	ns->n++;
	return 0;
}

/* The ShardedNode urls of a list ("trusted" of getShardedNodes, or the
 * answer of getFileLocations). */
static int
nodes_from_list(const struct zg_cfg *c, struct nodes *ns, const cJSON *list,
    struct or_err *e)
{
	const cJSON *it;
	const char *u;

	for (it = list != NULL ? list->child : NULL; it != NULL;
	    it = it->next)
		if ((u = json_strval(json_get(it, "url"), NULL)) != NULL &&
		    nodes_add(c, ns, u, e) < 0)
			return -1;
	return 0;
}

/* Configured nodes, or the indexer's: trusted nodes for an upload, the
 * file's locations for a download (root not NULL).  0 nodes is possible. */
static int
nodes_open(const struct zg_cfg *c, const uint8_t *root, struct nodes *ns,
    struct or_err *e)
{
	struct http_client ix;
	cJSON *p, *res = NULL;
	char hex[67];
	size_t i;
	int rc;

	memset(ns, 0, sizeof(*ns));
	if (c->nnodes > 0) {
		for (i = 0; i < c->nnodes; i++)
			if (nodes_add(c, ns, c->nodes[i], e) < 0)
				goto fail;
		return 0;
	}
	if (http_open(&ix, c->indexer, c->timeout_us, 1, e) < 0)
		return -1;
	p = json_array();
	if (root != NULL) {
		hex_encode(hex, root, 32);
		cJSON_AddItemToArray(p, cJSON_CreateString(hex));
	}
	rc = http_call(&ix, root != NULL ? "indexer_getFileLocations" :
	    "indexer_getShardedNodes", p, HTTP_RETRY, &res, e);
	http_close(&ix);
	if (rc < 0)
		return -1;
	rc = nodes_from_list(c, ns, root != NULL ? res :
	    json_get(res, "trusted"), e);
	cJSON_Delete(res);
	if (rc < 0)
		goto fail;
	return 0;
fail:
	nodes_free(ns);
	return -1;
}

static int
node_stores(const struct node *n, uint64_t g)
{
	return n->nshard < 2 || g % n->nshard == n->shard;
}

/* zgs_getShardConfig of every node; nodes that fail are marked down. */
static void
shard_configs(struct nodes *ns)
{
	struct or_err e;
	cJSON *res;
	size_t i;
	uint64_t id, num;

	for (i = 0; i < ns->n; i++) {
		struct node *n = ns->v[i];

		res = NULL;
		if (http_call(&n->c, "zgs_getShardConfig", NULL, HTTP_RETRY,
		    &res, &e) < 0)
			continue;
		if (json_field_u64(res, "shardId", UINT32_MAX, &id, &e) == 1 &&
		    json_field_u64(res, "numShard", UINT32_MAX, &num, &e) == 1 &&
		    num >= 1 && (num & (num - 1)) == 0 && id < num) {
			n->shard = id;
			n->nshard = num;
			n->up = 1;
		}
		cJSON_Delete(res);
	}
}

/* Every residue covered by a node that is up (section 7). */
static int
covered(const struct nodes *ns, int (*use)(const struct node *))
{
	uint64_t max = 1, r;
	size_t i;
	int ok;

	for (i = 0; i < ns->n; i++)
		if (use(ns->v[i]) && ns->v[i]->nshard > max)
			max = ns->v[i]->nshard;
	for (r = 0; r < max; r++) {
		for (ok = 0, i = 0; i < ns->n && !ok; i++)
			ok = use(ns->v[i]) && node_stores(ns->v[i], r);
		if (!ok)
			return 0;
	}
	return 1;
}

static int
is_up(const struct node *n)
{
	return n->up;
}

static int
is_up_has(const struct node *n)
{
	return n->up && n->has;
}

static cJSON *
root_param(const uint8_t *root, int with_bool)
{
	cJSON *p = json_array();
	char hex[67];

	hex_encode(hex, root, 32);
	cJSON_AddItemToArray(p, cJSON_CreateString(hex));
	if (with_bool)
		cJSON_AddItemToArray(p, cJSON_CreateTrue());
	return p;
}

/* zgs_getFileInfo(root, true) on node n: 1 with *info, 0 for null. */
static int
file_info(struct node *n, const uint8_t *root, cJSON **info,
    struct or_err *e)
{
	cJSON *res = NULL;

	*info = NULL;
	if (http_call(&n->c, "zgs_getFileInfo", root_param(root, 1), HTTP_RETRY,
	    &res, e) < 0)
		return -1;
	if (cJSON_IsNull(res)) {
		cJSON_Delete(res);
		return 0;
	}
	if (!cJSON_IsObject(res) || !cJSON_IsObject(json_get(res, "tx"))) {
		cJSON_Delete(res);
		return or_error_st(e, 4, "rpc.bad_reply", "zgs_getFileInfo of "
		    "'%s' is not a FileInfo", n->c.shown);
	}
	*info = res;
	return 1;
}

static int
info_bool(const cJSON *info, const char *key)
{
	return cJSON_IsTrue(json_get(info, key));
}

static uint64_t
info_u64(const cJSON *info, const char *key)
{
	struct or_err e;
	uint64_t v = 0;

	if (json_field_u64(info, key, UINT64_MAX >> 11, &v, &e) != 1)
		return UINT64_MAX;
	return v;
}

int
zg_file_info(const struct zg_cfg *c, const zg_hash root, cJSON **info,
    struct or_err *e)
{
	struct nodes ns;
	size_t i;
	int rc = 0, down = 0;

	*info = NULL;
	if (nodes_open(c, root, &ns, e) < 0)
		return -1;
	for (i = 0; i < ns.n && rc == 0; i++)
		if ((rc = file_info(ns.v[i], root, info, e)) < 0) {
			down++;
			rc = 0;
		}
	nodes_free(&ns);
	if (rc == 0 && down > 0 && (size_t)down == ns.n)
		return -1;	/* e holds the last transport error */
	return rc;
}

/* ---------------------------------------------------------------- upload */

static int
progress_line(const struct zg_cfg *c, const char *what, uint64_t done,
    uint64_t total)
{
	if (c->progress && total > 4)
		fprintf(stderr, "\ror-put0g: %s %llu/%llu segments%s", what,
		    (unsigned long long)done, (unsigned long long)total,
		    done == total ? "\n" : "");
	return 0;
}

/* Does a node error mean the segment is already there? Busy? */
static int
node_says(const struct http_client *c, const char *what)
{
	const char *d = c->node_data != NULL ?
	    json_strval(c->node_data, NULL) : NULL;

	return (c->node_msg != NULL && strstr(c->node_msg, what) != NULL) ||
	    (d != NULL && strstr(d, what) != NULL);
}

/* One segment as SegmentWithProof. */
static cJSON *
segment_json(const struct zg_tree *t, int fd, uint64_t i, uint8_t *buf,
    char *b64, struct or_err *e)
{
	uint64_t len = zg_seg_upload_len(t->size, i), have;
	struct zg_proof p;
	cJSON *s, *pr, *lemma, *path;
	char hex[67];
	ssize_t r;
	size_t k;

	have = t->size - i * (uint64_t)ZG_SEGMENT;
	if (have > len)
		have = len;
	r = pread(fd, buf, (size_t)have, (off_t)(i * (uint64_t)ZG_SEGMENT));
	if (r != (ssize_t)have) {
		or_error_st(e, 3, "file.read", "cannot read segment %llu of "
		    "the object: %s", (unsigned long long)i,
		    r < 0 ? strerror(errno) : "short read");
		return NULL;
	}
	memset(buf + have, 0, (size_t)(len - have));
	if (zg_proof(t, i, &p, e) < 0)
		return NULL;
	b64_encode(b64, buf, (size_t)len);
	s = json_object();
	hex_encode(hex, t->root, 32);
	json_set_str(s, "root", hex);
	json_set_str(s, "data", b64);
	json_set(s, "index", json_new_uint(i));
	pr = json_object();
	lemma = json_array();
	path = json_array();
	for (k = 0; k < p.nlemma; k++) {
		hex_encode(hex, p.lemma[k], 32);
		cJSON_AddItemToArray(lemma, cJSON_CreateString(hex));
	}
	for (k = 0; k < p.npath; k++)
		cJSON_AddItemToArray(path, cJSON_CreateBool(p.path[k]));
	json_set(pr, "lemma", lemma);
	json_set(pr, "path", path);
	json_set(s, "proof", pr);
	json_set(s, "fileSize", json_new_uint(t->size));
	zg_proof_free(&p);
	return s;
}

/* Send one batch to one node, with the retries of 5.3. */
static int
send_batch(const struct zg_cfg *c, struct node *n, cJSON *segs,
    uint64_t txseq, struct or_err *e)
{
	cJSON *p, *res;
	int tries;

	for (tries = 0; ; tries++) {
		p = json_array();
		cJSON_AddItemToArray(p, json_dup(segs));
		cJSON_AddItemToArray(p, json_new_uint(txseq));
		res = NULL;
		if (http_call(&n->c, "zgs_uploadSegmentsByTxSeq", p, HTTP_ONCE,
		    &res, e) == 0) {
			cJSON_Delete(res);
			return 0;
		}
		if (strcmp(e->code, "rpc.node_error") != 0)
			return -1;
		if (node_says(&n->c, "already uploaded and finalized") ||
		    node_says(&n->c, "has already been uploaded or is being "
		    "uploaded"))
			return 0;
		if (!node_says(&n->c, "too many data writing") ||
		    tries + 1 >= c->busy_tries)
			return or_error(e, "store.upload_failed", "node '%s' "
			    "refused segments: %s", n->c.shown,
			    n->c.node_msg != NULL ? n->c.node_msg : e->msg);
		clock_sleep_us(c->busy_wait_us);
	}
}

static int
upload_segments(const struct zg_cfg *c, struct nodes *ns, int fd,
    const struct zg_tree *t, uint64_t txseq, uint64_t start,
    struct or_err *e)
{
	uint64_t nseg = (t->size + ZG_SEGMENT - 1) / ZG_SEGMENT, i, done = 0;
	uint8_t *buf = xmalloc(ZG_SEGMENT);
	char *b64 = xmalloc(b64_len(ZG_SEGMENT) + 1);
	cJSON *batch = NULL;
	size_t k, inb;
	int rc = 0;

	for (k = 0; k < ns->n && rc == 0; k++) {
		struct node *n = ns->v[k];

		if (!n->up)
			continue;
		batch = json_array();
		inb = 0;
		for (i = 0; i < nseg && rc == 0; i++) {
			cJSON *s;

			if (!node_stores(n, start / ZG_SEG_CHUNKS + i))
				continue;
			if ((s = segment_json(t, fd, i, buf, b64, e)) == NULL) {
				rc = -1;
				break;
			}
			cJSON_AddItemToArray(batch, s);
			if (++inb == BATCH) {
				rc = send_batch(c, n, batch, txseq, e);
				cJSON_Delete(batch);
				batch = json_array();
				done += inb;
				inb = 0;
				progress_line(c, "uploaded", done, nseg);
			}
		}
		if (rc == 0 && inb > 0) {
			rc = send_batch(c, n, batch, txseq, e);
			done += inb;
		}
		cJSON_Delete(batch);
	}
	free(buf);
	free(b64);
	return rc;
}

/* Poll until every node that is up has the transaction (by txSeq), or
 * reports the file finalized (by root). */
static int
wait_nodes(const struct zg_cfg *c, struct nodes *ns, const uint8_t *root,
    uint64_t txseq, int finalized, uint64_t deadline, struct or_err *e)
{
	cJSON *info, *p;
	size_t k;
	int left;

	for (;;) {
		left = 0;
		for (k = 0; k < ns->n; k++) {
			struct node *n = ns->v[k];

			if (!n->up || n->has >= 1 + finalized)
				continue;
			info = NULL;
			if (finalized) {
				if (file_info(n, root, &info, e) < 0)
					return -1;
			} else {
				p = json_array();
				cJSON_AddItemToArray(p, json_new_uint(txseq));
				if (http_call(&n->c, "zgs_getFileInfoByTxSeq", p,
				    HTTP_RETRY, &info, e) < 0)
					return -1;
			}
			if (info != NULL && cJSON_IsObject(info) &&
			    (!finalized || info_bool(info, "finalized")))
				n->has = 1 + finalized;
			else
				left++;
			cJSON_Delete(info);
		}
		if (left == 0)
			return 0;
		if (clock_now_us() >= deadline)
			return or_error_st(e, 4, "store.finalize_timeout",
			    "the storage node did not %s in time "
			    "(--finalize-timeout)", finalized ? "finalize the "
			    "file" : "see the submission");
		clock_sleep_us(finalized ? 200000 : 500000);
	}
}

static int
chain_id_check(const struct zg_cfg *c, struct node *n, char flow[43],
    struct or_err *e)
{
	struct http_client chain;
	cJSON *st = NULL, *id = NULL, *ni;
	const char *f;
	uint64_t want, have;
	int rc = -1;

	if (http_call(&n->c, "zgs_getStatus", NULL, HTTP_RETRY, &st, e) < 0)
		return -1;
	ni = json_get(st, "networkIdentity");
	f = json_strval(json_get(ni, "flowAddress"), NULL);
	if (c->flow != NULL) {
		snprintf(flow, 43, "%s", c->flow);
	} else if (f != NULL && strlen(f) == 42) {
		snprintf(flow, 43, "%s", f);
	} else {
		or_error(e, "store.bad_flow", "node '%s' reports no "
		    "flowAddress: give --flow", n->c.shown);
		goto out;
	}
	{
		uint8_t a[20];

		if (address_decode(flow, a, "flowAddress", e) < 0)
			goto out;
		hex_encode(flow, a, 20);	/* lower case, for the log */
	}
	if (json_field_u64(ni, "chainId", UINT64_MAX >> 11, &want, e) != 1) {
		or_error(e, "store.wrong_chain", "node '%s' reports no "
		    "chainId", n->c.shown);
		goto out;
	}
	if (http_open(&chain, c->rpc_url, c->timeout_us, 2, e) < 0)
		goto out;
	if (http_call(&chain, "eth_chainId", NULL, HTTP_RETRY, &id, e) == 0) {
		if (json_value_u64(id, "eth_chainId", UINT64_MAX >> 11, &have,
		    e) < 0)
			;
		else if (have != want)
			or_error(e, "store.wrong_chain", "the storage node is "
			    "on chain %llu, the chain endpoint on %llu",
			    (unsigned long long)want, (unsigned long long)have);
		else
			rc = 0;
	}
	http_close(&chain);
out:
	cJSON_Delete(st);
	cJSON_Delete(id);
	return rc;
}

int
zg_upload(const struct zg_cfg *c, int fd, const struct zg_tree *t,
    struct zg_upload_res *r, struct or_err *e)
{
	struct nodes ns;
	struct http_client chain;
	struct zgf_submit sub;
	struct buf data = { 0 };
	uint8_t fee[32], from[20];
	char flow[43], dec[U256_DEC_MAX];
	cJSON *info;
	uint64_t deadline, seq = 0, start = 0;
	size_t k, fin = 0, known = 0;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (t->size > (4ULL << 30))
		return or_error(e, "store.too_large", "%llu bytes is over the "
		    "4 GiB a 0G upload takes", (unsigned long long)t->size);
	if (zgf_check(t, e) < 0)
		return -1;
	if (nodes_open(c, NULL, &ns, e) < 0)
		return -1;
	shard_configs(&ns);
	if (ns.n == 0 || !covered(&ns, is_up)) {
		or_error_st(e, 4, "store.shard_coverage", ns.n == 0 ?
		    "no storage node to upload to" : "the storage nodes that "
		    "answer do not cover every shard");
		goto out;
	}
	for (k = 0; k < ns.n && !ns.v[k]->up; k++)
		;
	if (chain_id_check(c, ns.v[k], flow, e) < 0)
		goto out;
	/* already there?  Finalized everywhere: done; known: resume */
	for (k = 0; k < ns.n; k++) {
		if (!ns.v[k]->up)
			continue;
		if (file_info(ns.v[k], t->root, &info, e) < 0)
			goto out;
		if (info != NULL) {
			const cJSON *tx = json_get(info, "tx");

			known++;
			fin += info_bool(info, "finalized");
			seq = info_u64(tx, "seq");
			start = info_u64(tx, "startEntryIndex");
		}
		cJSON_Delete(info);
	}
	{
		size_t up = 0;

		for (k = 0; k < ns.n; k++)
			up += ns.v[k]->up;
		if (fin == up) {
			rc = 0;
			goto out;
		}
	}
	deadline = clock_now_us() + c->finalize_timeout_us;
	if (known == 0 || seq == UINT64_MAX || start == UINT64_MAX) {
		if (address_decode(c->from, from, "--from", e) < 0)
			goto out;
		if (http_open(&chain, c->rpc_url, c->timeout_us, 2, e) < 0)
			goto out;
		rc = zgf_fee(&chain, flow, t->padded, fee, e);
		http_close(&chain);
		if (rc < 0)
			goto out;
		rc = -1;
		u256_to_dec(fee, dec);
		zgf_calldata(t, from, c->legacy, &data);
		if (zgf_submit(c->bindir, c->rpc_url, flow, c->from, dec,
		    data.p, t, &sub, e) < 0) {
			r->child_error = sub.child_error;
			goto out;
		}
		r->submitted = 1;
		memcpy(r->txhash, sub.txhash, sizeof(r->txhash));
		snprintf(r->fee, sizeof(r->fee), "%s", dec);
		seq = sub.txseq;
		start = sub.start;
		deadline = clock_now_us() + c->finalize_timeout_us;
	}
	r->txseq = seq;
	r->start = start;
	r->resumed = !r->submitted;
	if (wait_nodes(c, &ns, t->root, seq, 0, deadline, e) < 0 ||
	    upload_segments(c, &ns, fd, t, seq, start, e) < 0 ||
	    wait_nodes(c, &ns, t->root, seq, 1, deadline, e) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&data);
	nodes_free(&ns);
	return rc;
}

/* -------------------------------------------------------------- download */

/* Check a downloaded SegmentWithProof for segment i of a file of size
 * bytes: data into buf, its segment root into segroot. */
static int
check_segment(const cJSON *s, const zg_hash root, uint64_t size, uint64_t i,
    uint8_t *buf, zg_hash segroot, struct or_err *e)
{
	uint64_t chunks = (size + ZG_CHUNK - 1) / ZG_CHUNK;
	uint64_t want = zg_seg_upload_len(size, i);
	const cJSON *pr = json_get(s, "proof"), *lemma, *path, *it;
	struct zg_proof p = { 0 };
	const char *d;
	size_t n, k;
	long long got;
	zg_hash h;
	int rc = -1;

	if (!cJSON_IsObject(s) || (d = json_strval(json_get(s, "data"),
	    &n)) == NULL || n != b64_len((size_t)want))
		return or_error(e, "store.bad_segment", "segment %llu: data "
		    "is not %llu bytes", (unsigned long long)i,
		    (unsigned long long)want);
	if (json_get(s, "fileSize") != NULL && info_u64(s, "fileSize") != size)
		return or_error(e, "store.bad_segment", "segment %llu: "
		    "fileSize is not %llu", (unsigned long long)i,
		    (unsigned long long)size);
	got = b64_decode(buf, d, n);
	if (got != (long long)want)
		return or_error(e, "store.bad_segment", "segment %llu: bad "
		    "base64 data", (unsigned long long)i);
	lemma = json_get(pr, "lemma");
	path = json_get(pr, "path");
	if (!cJSON_IsArray(lemma) || !cJSON_IsArray(path) ||
	    cJSON_GetArraySize(lemma) < 1 || cJSON_GetArraySize(lemma) > 70 ||
	    cJSON_GetArraySize(path) > 70)
		return or_error(e, "store.bad_segment", "segment %llu: no "
		    "proof", (unsigned long long)i);
	p.lemma = xreallocarray(NULL, (size_t)cJSON_GetArraySize(lemma),
	    sizeof(zg_hash));
	p.path = xreallocarray(NULL, (size_t)cJSON_GetArraySize(path) + 1,
	    sizeof(int));
	for (it = lemma->child; it != NULL; it = it->next) {
		const char *hx = json_strval(it, NULL);

		if (hx == NULL || hex_decode_fixed(hx, p.lemma[p.nlemma], 32,
		    "lemma", e) < 0)
			goto out;
		p.nlemma++;
	}
	for (it = path->child; it != NULL; it = it->next) {
		if (!cJSON_IsBool(it)) {
			or_error(e, "store.bad_segment", "proof path holds a "
			    "non-boolean");
			goto out;
		}
		p.path[p.npath++] = cJSON_IsTrue(it);
	}
	zg_segment_root(buf, (size_t)want, zg_seg_leaves(chunks, i), h);
	if (memcmp(h, p.lemma[0], 32) != 0) {
		or_error(e, "store.bad_segment", "segment %llu: its data does "
		    "not hash to the proof's segment root",
		    (unsigned long long)i);
		goto out;
	}
	/* zeros past the end of the file: a node claiming too small a size
	 * would otherwise have real bytes cut off under the right root */
	for (k = (size_t)(size - i * (uint64_t)ZG_SEGMENT); k < want; k++)
		if (buf[k] != 0) {
			or_error(e, "store.bad_segment", "segment %llu: data "
			    "past the file's %llu bytes", (unsigned long long)i,
			    (unsigned long long)size);
			goto out;
		}
	rc = zg_proof_check(&p, root, i, chunks, e);
	memcpy(segroot, h, 32);
out:
	zg_proof_free(&p);
	return rc;
}

/* The identity topic (section 2) of a FileInfo's merkleNodes
 * ([[height + 1, root], ...]) when their right fold is root: 1, else 0. */
static int
merkle_identity(const cJSON *mn, const zg_hash root, zg_hash id)
{
	struct or_err e;
	const cJSON *it;
	zg_hash r[64], h;
	size_t n = 0;
	const char *hx;

	for (it = cJSON_IsArray(mn) ? mn->child : NULL; it != NULL;
	    it = it->next) {
		hx = json_strval(cJSON_GetArrayItem(it, 1), NULL);
		if (n == 64 || hx == NULL ||
		    hex_decode_fixed(hx, r[n], 32, "merkleNodes", &e) < 0)
			return 0;
		n++;
	}
	if (n == 0)
		return 0;
	zg_fold_nodes(r[0], 32, n, h);
	if (memcmp(h, root, 32) != 0)
		return 0;
	keccak256(r[0], n * 32, id);
	return 1;
}

/* The Flow address for a chain lookup: --flow, else the first node's. */
static int
flow_of(const struct zg_cfg *c, struct nodes *ns, char flow[43])
{
	struct or_err e;
	cJSON *st = NULL;
	const char *f;
	size_t k;
	int ok;

	if (c->flow != NULL) {
		snprintf(flow, 43, "%s", c->flow);
		return 0;
	}
	for (k = 0; k < ns->n; k++) {
		if (!ns->v[k]->has || http_call(&ns->v[k]->c, "zgs_getStatus",
		    NULL, HTTP_ONCE, &st, &e) < 0)
			continue;
		f = json_strval(json_get(json_get(st, "networkIdentity"),
		    "flowAddress"), NULL);
		ok = f != NULL && strlen(f) == 42;
		if (ok)
			snprintf(flow, 43, "%s", f);
		cJSON_Delete(st);
		if (ok)
			return 0;
	}
	return -1;
}

/* The file's true size, when something other than the nodes' word knows
 * it: the size the caller expects, else the Submit log on chain of a
 * transaction a node named (best effort: a chain that cannot be asked, or
 * holds no such log, settles nothing).  1 and *size with *src, or 0. */
static int
true_size(const struct zg_cfg *c, struct nodes *ns, const zg_hash root,
    uint64_t want, uint64_t *size, const char **src)
{
	struct http_client chain;
	struct or_err e;
	char flow[43];
	size_t k;
	int rc = 0;

	if (want != UINT64_MAX) {
		*size = want;
		*src = "the record's 'size'";
		return 1;
	}
	/* a chain that does not answer soon settles nothing: the get goes on
	 * with the nodes' word */
	if (c->rpc_url == NULL || flow_of(c, ns, flow) < 0 ||
	    http_open(&chain, c->rpc_url, c->timeout_us < 10000000 ?
	    c->timeout_us : 10000000, 0, &e) < 0)
		return 0;
	for (k = 0; k < ns->n && rc == 0; k++)
		if (ns->v[k]->has && ns->v[k]->has_id)
			rc = zgf_submitted_size(&chain, flow, ns->v[k]->id,
			    root, ns->v[k]->fseq, size, &e);
	http_close(&chain);
	*src = "its Submit log on chain";
	return rc > 0;
}

/* Which size to download: nodes whose FileInfo contradicts the true size
 * are dropped (a node that pads the file with zeros keeps its root, so
 * the root alone cannot tell); without a true size, the nodes must agree.
 * 0 and *size, or -1 with e and r->reason. */
static int
pick_size(const struct zg_cfg *c, struct nodes *ns, const zg_hash root,
    uint64_t want, uint64_t *size, struct zg_get_res *r, struct or_err *e)
{
	const char *src = NULL;
	uint64_t truth = 0, other = 0;
	size_t k, used = 0, liars = 0;
	int known = true_size(c, ns, root, want, &truth, &src);

	*size = 0;
	for (k = 0; k < ns->n; k++) {
		struct node *n = ns->v[k];

		if (!n->has)
			continue;
		if (known && n->fsize != truth) {
			warn("storage node '%s' says the file is %llu bytes, "
			    "%s says %llu: node not used", n->c.shown,
			    (unsigned long long)n->fsize, src,
			    (unsigned long long)truth);
			n->has = 0;
			liars++;
			continue;
		}
		if (*size != 0 && n->fsize != *size)
			other = n->fsize;
		else
			*size = n->fsize;
		used++;
	}
	if (used == 0 && liars > 0) {
		r->reason = "size_mismatch";
		return or_error_st(e, 4, "store.unavailable", "every storage "
		    "node holding the file reports a size other than %llu "
		    "bytes (%s)", (unsigned long long)truth, src);
	}
	if (other != 0) {
		r->reason = "size_conflict";
		return or_error_st(e, 4, "store.unavailable", "storage nodes "
		    "disagree on the file's size (%llu or %llu bytes) and "
		    "neither a record 'size' nor a Submit log on chain "
		    "settles it", (unsigned long long)*size,
		    (unsigned long long)other);
	}
	return 0;
}

int
zg_download(const struct zg_cfg *c, const zg_hash root, uint64_t want,
    uint64_t max, int out_fd, struct zg_get_res *r, struct or_err *e)
{
	struct nodes ns;
	struct or_err e2;
	cJSON *info, *p, *res;
	uint64_t size = 0, nseg, all, i, have, off;
	uint8_t *buf = NULL;
	zg_hash *segs = NULL, top;
	size_t k, answered = 0, known = 0, fin = 0;
	int rc = -1, ok;

	memset(r, 0, sizeof(*r));
	r->reason = "transport";
	if (nodes_open(c, root, &ns, e) < 0)
		return -1;
	if (ns.n == 0) {
		rc = 0;		/* the indexer knows no location */
		goto out;
	}
	shard_configs(&ns);
	for (k = 0; k < ns.n; k++) {
		struct node *n = ns.v[k];

		if (!n->up || file_info(n, root, &info, &e2) < 0)
			continue;
		answered++;
		if (info == NULL)
			continue;
		known++;
		if (info_bool(info, "finalized")) {
			const cJSON *tx = json_get(info, "tx");

			fin++;
			n->fsize = info_u64(tx, "size");
			n->fseq = info_u64(tx, "seq");
			n->fstart = info_u64(tx, "startEntryIndex");
			n->has_id = merkle_identity(json_get(tx,
			    "merkleNodes"), root, n->id);
			n->has = n->fsize != 0 && n->fsize != UINT64_MAX &&
			    n->fseq != UINT64_MAX && n->fstart != UINT64_MAX;
		}
		cJSON_Delete(info);
	}
	if (known == 0 && answered == ns.n) {
		rc = 0;
		goto out;
	}
	if (known == 0) {
		or_error_st(e, 4, "store.unavailable", "no storage node "
		    "answered");
		goto out;
	}
	if (fin == 0) {
		r->reason = "not_finalized";
		or_error_st(e, 4, "store.unavailable", "the file is not "
		    "finalized on the storage nodes");
		goto out;
	}
	for (ok = 0, k = 0; k < ns.n; k++)
		ok |= ns.v[k]->has;
	if (!ok) {
		r->reason = "bad_reply";
		or_error_st(e, 4, "store.unavailable", "the node's FileInfo "
		    "has no size, seq or startEntryIndex");
		goto out;
	}
	if (pick_size(c, &ns, root, want, &size, r, e) < 0)
		goto out;
	r->size = size;
	if (size > max) {
		r->reason = "too_large";
		or_error_st(e, 4, "store.unavailable", "object is %llu bytes, "
		    "over --max-bytes (%llu)", (unsigned long long)size,
		    (unsigned long long)max);
		goto out;
	}
	if (!covered(&ns, is_up_has)) {
		r->reason = "shard_coverage";
		or_error_st(e, 4, "store.unavailable", "the nodes holding the "
		    "file do not cover every shard");
		goto out;
	}
	nseg = (size + ZG_SEGMENT - 1) / ZG_SEGMENT;
	buf = xmalloc(ZG_SEGMENT + 4);	/* base64 may decode 2 bytes more */
	/* the segment roots of the padded file: data segments, then pure
	 * flow padding */
	all = (zg_padded((size + ZG_CHUNK - 1) / ZG_CHUNK) + ZG_SEG_CHUNKS -
	    1) / ZG_SEG_CHUNKS;
	segs = xreallocarray(NULL, (size_t)all, sizeof(zg_hash));
	for (i = 0; i < nseg; i++) {
		for (ok = 0, k = 0; k < ns.n && !ok; k++) {
			struct node *n = ns.v[k];

			if (!n->up || !n->has ||
			    !node_stores(n, n->fstart / ZG_SEG_CHUNKS + i))
				continue;
			p = json_array();
			cJSON_AddItemToArray(p, json_new_uint(n->fseq));
			cJSON_AddItemToArray(p, json_new_uint(i));
			res = NULL;
			if (http_call(&n->c, "zgs_downloadSegmentWithProofByTxSeq",
			    p, HTTP_RETRY, &res, e) < 0) {
				r->reason = strcmp(e->code, "rpc.node_error") ==
				    0 ? "node_error" : "transport";
				continue;
			}
			if (cJSON_IsNull(res)) {
				r->reason = "bad_segment";
				or_error(e, "store.bad_segment", "node '%s' has "
				    "no segment %llu", n->c.shown,
				    (unsigned long long)i);
			} else if (check_segment(res, root, size, i, buf,
			    segs[i], e) < 0) {
				r->reason = "bad_segment";
			} else {
				ok = 1;
			}
			cJSON_Delete(res);
		}
		if (!ok) {
			char msg[sizeof(e->msg)];

			memcpy(msg, e->msg, sizeof(msg));
			or_error_st(e, 4, "store.unavailable", "no node gave "
			    "segment %llu intact: %s", (unsigned long long)i,
			    msg);
			goto out;
		}
		off = i * (uint64_t)ZG_SEGMENT;
		have = size - off < ZG_SEGMENT ? size - off : ZG_SEGMENT;
		if (pwrite_in_full(out_fd, buf, (size_t)have, (off_t)off) < 0) {
			r->reason = "io_error";
			or_error_st(e, 3, "store.write", "cannot write the "
			    "download: %s", strerror(errno));
			goto out;
		}
		progress_line(c, "downloaded", i + 1, nseg);
	}
	/* the whole file once more, from the segment roots just computed
	 * over the bytes written (the data is hashed once) */
	for (i = nseg; i < all; i++)
		memcpy(segs[i], zg_zero(10), 32);
	zg_merkle(segs, (size_t)all, top);
	if (memcmp(top, root, 32) != 0) {
		r->reason = "corrupt_object";
		or_error_st(e, 4, "store.unavailable", "the downloaded file "
		    "does not hash to its root");
		goto out;
	}
	rc = 1;
out:
	free(segs);
	free(buf);
	nodes_free(&ns);
	return rc;
}
