/* zg-node: a loopback 0G storage node for the or-put0g tests
 * (storage-0g.md section 11.3), on 127.0.0.1 only.  It answers the zgs_*
 * subset with the real node's segment and proof checks and error shapes,
 * learns transactions from the Submit logs of a Flow contract on a chain
 * (or, without --rpc, from the first zgs_uploadSegments by root), keeps
 * shards, and injects faults.  It prints {"url":...} on stdout once it
 * listens, then serves until killed.
 *
 *   zg-node [--rpc URL --flow ADDR] [--shard ID/N] [--busy N]
 *           [--flip-byte] [--wrong-proof] [--delay-finalize SECS]
 *           [--report-flow ADDR] [--report-chain-id N] [--log FILE]
 *           [--indexer URL,...] [--lie-size [+|-]N]
 *
 * --busy N answers the first N upload calls "too many data writing";
 * --flip-byte and --wrong-proof spoil every downloaded segment; --log gets
 * one line per request: "<method> [<txSeq> <segment indexes>]".
 * --lie-size reports every file N bytes larger (+N) or smaller (-N) than it
 * is, in FileInfo and in downloaded segments, whose data it cuts or pads
 * with zeros to match (the root of a file padded with zeros is unchanged).
 * --indexer makes it also answer indexer_getShardedNodes and
 * indexer_getFileLocations over the listed nodes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "b64.h"
#include "clock.h"
#include "eth.h"
#include "hex.h"
#include "http.h"
#include "httpreply.h"
#include "json.h"
#include "keccak.h"
#include "util.h"
#include "zgmerkle.h"
#include "banned.h"

#define MAX_BODY (100u << 20)
#define MAX_CONN 64

struct file {
	zg_hash root;
	uint64_t size, seq, start, chunks, nseg;
	struct zg_node nodes[64];
	size_t nnodes;
	uint8_t **seg;		/* uploaded data per file segment */
	char **proof;		/* its proof, as JSON text */
	uint64_t uploaded, done_at_us;
};

static struct {
	const char *rpc, *flow, *report_flow, *log, *indexer;
	uint64_t shard, nshard, chain_id, delay_us;
	int busy, flip, wrong_proof, have_chain_id;
	long long lie;		/* --lie-size */
} o = { .nshard = 1 };

/* The size this node claims for f. */
static uint64_t
told_size(const struct file *f)
{
	return (uint64_t)((long long)f->size + o.lie);
}

static struct file **files;
static size_t nfiles;
static uint64_t next_seq, last_block, flow_len = 1;
static struct http_client chain;
static int chain_open;

static void
log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
log_line(const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	char tmp[512];
	int fd;

	if (o.log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	buf_addf(&b, "%s\n", tmp);
	fd = open(o.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		(void)write_in_full(fd, b.p, b.len);
		close(fd);
	}
	buf_free(&b);
}

static int
stores(uint64_t g)
{
	return o.nshard < 2 || g % o.nshard == o.shard;
}

static struct file *
by_root(const zg_hash root)
{
	size_t i;

	/* the first transaction with that root, as needAvailable asks for
	 * the first finalized one: prefer a finalized file */
	for (i = 0; i < nfiles; i++)
		if (memcmp(files[i]->root, root, 32) == 0 &&
		    files[i]->done_at_us != 0 && clock_now_us() >=
		    files[i]->done_at_us)
			return files[i];
	for (i = 0; i < nfiles; i++)
		if (memcmp(files[i]->root, root, 32) == 0)
			return files[i];
	return NULL;
}

static struct file *
by_seq(uint64_t seq)
{
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (files[i]->seq == seq)
			return files[i];
	return NULL;
}

static int
finalized(const struct file *f)
{
	return f->done_at_us != 0 && clock_now_us() >= f->done_at_us;
}

static struct file *
add_file(const zg_hash root, uint64_t size, uint64_t seq, uint64_t start)
{
	struct file *f = xcalloc(1, sizeof(*f));

	memcpy(f->root, root, 32);
	f->size = size;
	f->seq = seq;
	f->start = start;
	f->chunks = (size + ZG_CHUNK - 1) / ZG_CHUNK;
	f->nseg = (size + ZG_SEGMENT - 1) / ZG_SEGMENT;
	f->seg = xcalloc((size_t)f->nseg, sizeof(uint8_t *));
	f->proof = xcalloc((size_t)f->nseg, sizeof(char *));
	files = xreallocarray(files, nfiles + 1, sizeof(*files));
	files[nfiles++] = f;
	if (seq >= next_seq)
		next_seq = seq + 1;
	return f;
}

static uint64_t
word64(const uint8_t *d)
{
	uint64_t v = 0;
	int i;

	for (i = 24; i < 32; i++)
		v = v << 8 | d[i];
	return v;
}

/* New Submit logs of the Flow contract become files. */
static void
sync_chain(void)
{
	struct or_err e;
	cJSON *p, *q, *topics, *res = NULL, *l;
	char from[32];
	uint8_t *d;
	size_t dn;

	if (o.rpc == NULL)
		return;
	if (!chain_open) {
		if (http_open(&chain, o.rpc, 10000000, 2, &e) < 0)
			return;
		chain_open = 1;
	}
	p = json_array();
	q = json_object();
	snprintf(from, sizeof(from), "0x%llx", (unsigned long long)last_block);
	json_set_str(q, "fromBlock", from);
	json_set_str(q, "toBlock", "latest");
	json_set_str(q, "address", o.flow);
	topics = json_array();
	cJSON_AddItemToArray(topics, cJSON_CreateString("0x167ce04d2aa1981994d"
	    "3a31695da0d785373335b1078cec239a1a3a2c7675555"));
	json_set(q, "topics", topics);
	cJSON_AddItemToArray(p, q);
	if (http_call(&chain, "eth_getLogs", p, HTTP_RETRY, &res, &e) < 0)
		return;
	for (l = res->child; l != NULL; l = l->next) {
		const char *data = json_strval(json_get(l, "data"), NULL);
		const char *bn = json_strval(json_get(l, "blockNumber"), NULL);
		uint64_t seq, start, base, k, nn, i, b;
		zg_hash h;

		if (bn != NULL && (b = strtoull(bn, NULL, 16)) >= last_block)
			last_block = b;	/* re-read this block: dedup below */
		if (data == NULL || hex_decode(data, strlen(data), &d, &dn,
		    "data", &e) < 0)
			continue;
		if (dn < 128)
			goto next;
		seq = word64(d);
		start = word64(d + 32);
		base = word64(d + 96);
		if (base + 96 > dn)
			goto next;
		k = word64(d + base + 64);
		if (base + k + 32 > dn)
			goto next;
		nn = word64(d + base + k);
		if (nn == 0 || nn > 64 || base + k + 32 + nn * 64 > dn ||
		    by_seq(seq) != NULL)
			goto next;
		zg_fold_nodes(d + base + k + 32, 64, (size_t)nn, h);
		{
			struct file *f = add_file(h, word64(d + base), seq,
			    start);

			f->nnodes = (size_t)nn;
			for (i = 0; i < nn; i++) {
				memcpy(f->nodes[i].root, d + base + k + 32 +
				    i * 64, 32);
				f->nodes[i].height = (int)word64(d + base + k +
				    32 + i * 64 + 32);
			}
		}
next:
		free(d);
	}
	cJSON_Delete(res);
}

static cJSON *
file_info(const struct file *f)
{
	cJSON *i = json_object(), *tx = json_object(), *mn = json_array();
	char hex[67];
	size_t k;

	json_set(tx, "streamIds", json_array());
	json_set(tx, "data", json_array());
	hex_encode(hex, f->root, 32);
	json_set_str(tx, "dataMerkleRoot", hex);
	for (k = 0; k < f->nnodes; k++) {
		cJSON *pair = json_array();

		hex_encode(hex, f->nodes[k].root, 32);
		cJSON_AddItemToArray(pair, json_new_int(f->nodes[k].height + 1));
		cJSON_AddItemToArray(pair, cJSON_CreateString(hex));
		cJSON_AddItemToArray(mn, pair);
	}
	json_set(tx, "merkleNodes", mn);
	json_set(tx, "startEntryIndex", json_new_uint(f->start));
	json_set(tx, "size", json_new_uint(told_size(f)));
	json_set(tx, "seq", json_new_uint(f->seq));
	json_set(i, "tx", tx);
	json_set_bool(i, "finalized", finalized(f));
	json_set_bool(i, "isCached", 0);
	json_set(i, "uploadedSegNum", json_new_uint(f->uploaded));
	json_set_bool(i, "pruned", 0);
	return i;
}

/* JSON-RPC error reply pieces */
struct rerr {
	int code;
	char msg[160];
	char data[200];
};

static int
fail(struct rerr *r, int code, const char *msg, const char *data)
{
	r->code = code;
	snprintf(r->msg, sizeof(r->msg), "%s", msg);
	snprintf(r->data, sizeof(r->data), "%s", data != NULL ? data : "");
	return -1;
}

static int
bad_params(struct rerr *r, const char *name, const char *detail)
{
	char m[80];

	snprintf(m, sizeof(m), "Invalid params: %s", name);
	return fail(r, -32602, m, detail);
}

static int
param_root(const cJSON *v, zg_hash out)
{
	struct or_err e;
	const char *s = json_strval(v, NULL);

	return s != NULL && strlen(s) == 66 &&
	    hex_decode_fixed(s, out, 32, "root", &e) == 0 ? 0 : -1;
}

static int
param_u64(const cJSON *v, uint64_t *out)
{
	char tmp[64];
	const char *s;

	if (v == NULL || !json_is_number(v))
		return -1;
	s = json_numtext(v, tmp);
	return s != NULL && parse_u64(s, out) == 0 ? 0 : -1;
}

/* The checks of 5.2 on one SegmentWithProof; stores it. */
static int
take_segment(const cJSON *s, struct file *f, int by_root_mode,
    struct rerr *r)
{
	struct or_err e;
	struct zg_proof p = { 0 };
	const cJSON *pr = json_get(s, "proof"), *lemma, *path, *it;
	zg_hash root, h;
	uint64_t idx, size, want, nsegs;
	const char *data;
	size_t n;
	long long got;
	uint8_t *buf;
	int rc = -1;

	if (param_root(json_get(s, "root"), root) < 0)
		return bad_params(r, "root", "invalid root");
	if (param_u64(json_get(s, "index"), &idx) < 0)
		return bad_params(r, "index", "invalid index");
	if (param_u64(json_get(s, "fileSize"), &size) < 0 || size == 0)
		return bad_params(r, "fileSize", "invalid file size");
	if ((data = json_strval(json_get(s, "data"), &n)) == NULL)
		return bad_params(r, "data", "invalid data");
	if (f == NULL && by_root_mode) {
		/* chain-less: the first upload by root creates the file at
		 * the next segment boundary */
		f = by_root(root);
		if (f == NULL) {
			uint64_t ch = (size + 255) / 256, pad = zg_padded(ch);
			uint64_t start = (flow_len + 1023) / 1024 * 1024;

			f = add_file(root, size, next_seq, start);
			flow_len = start + pad;
		}
	}
	if (f == NULL)
		return bad_params(r, "root", "data root not found");
	if (f->size != size || memcmp(f->root, root, 32) != 0)
		return bad_params(r, "root", "root or file size mismatch with "
		    "the transaction");
	if (finalized(f))
		return fail(r, -32602, "Invalid params: root",
		    "already uploaded and finalized");
	nsegs = f->nseg;
	if (idx >= nsegs)
		return bad_params(r, "index", "segment index out of range");
	if (!stores(f->start / ZG_SEG_CHUNKS + idx))
		return bad_params(r, "index", "segment not in this node's "
		    "shard");
	buf = xmalloc(n / 4 * 3 + 3);
	got = b64_decode(buf, data, n);
	want = zg_seg_upload_len(size, idx);
	if (got <= 0 || got % 256 != 0) {
		free(buf);
		return bad_params(r, "data", "data is empty, not base64 or "
		    "not a multiple of 256 bytes");
	}
	if ((uint64_t)got != want) {
		free(buf);
		return bad_params(r, "data", "invalid data length");
	}
	lemma = json_get(pr, "lemma");
	path = json_get(pr, "path");
	if (!cJSON_IsArray(lemma) || !cJSON_IsArray(path) ||
	    cJSON_GetArraySize(lemma) < 1 || cJSON_GetArraySize(lemma) > 70 ||
	    cJSON_GetArraySize(path) > 70) {
		free(buf);
		return bad_params(r, "proof", "invalid proof");
	}
	p.lemma = xreallocarray(NULL, (size_t)cJSON_GetArraySize(lemma),
	    sizeof(zg_hash));
	p.path = xreallocarray(NULL, (size_t)cJSON_GetArraySize(path) + 1,
	    sizeof(int));
	for (it = lemma->child; it != NULL; it = it->next)
		if (param_root(it, p.lemma[p.nlemma++]) < 0) {
			bad_params(r, "proof", "invalid lemma");
			goto out;
		}
	for (it = path->child; it != NULL; it = it->next) {
		if (!cJSON_IsBool(it)) {
			bad_params(r, "proof", "invalid path");
			goto out;
		}
		p.path[p.npath++] = cJSON_IsTrue(it);
	}
	zg_segment_root(buf, (size_t)want, zg_seg_leaves(f->chunks, idx), h);
	if (memcmp(h, p.lemma[0], 32) != 0) {
		bad_params(r, "proof", "validate proof error: segment root "
		    "mismatch");
		goto out;
	}
	if (zg_proof_check(&p, root, idx, f->chunks, &e) < 0) {
		bad_params(r, "proof", e.msg);
		goto out;
	}
	if (f->seg[idx] == NULL) {
		f->seg[idx] = buf;
		buf = NULL;
		f->proof[idx] = json_print_new(pr);
		f->uploaded++;
	}
	{
		uint64_t i, mine = 0, have = 0;

		for (i = 0; i < f->nseg; i++)
			if (stores(f->start / ZG_SEG_CHUNKS + i)) {
				mine++;
				have += f->seg[i] != NULL;
			}
		if (have == mine && f->done_at_us == 0)
			f->done_at_us = clock_now_us() + o.delay_us;
	}
	rc = 0;
out:
	free(buf);
	zg_proof_free(&p);
	return rc;
}

static int
upload(const cJSON *params, int many, int byseq, cJSON **res,
    struct rerr *r)
{
	const cJSON *segs = cJSON_GetArrayItem(params, 0), *s;
	struct file *f = NULL;
	struct buf lb = { 0 };
	uint64_t seq = 0;
	int rc = 0;

	if (o.busy > 0) {
		char m[64];

		o.busy--;
		log_line("busy");
		snprintf(m, sizeof(m), "too many data writing: %d", 4);
		return fail(r, -32603, m, NULL);
	}
	if (byseq) {
		if (param_u64(cJSON_GetArrayItem(params, 1), &seq) < 0)
			return bad_params(r, "tx_seq", "invalid tx seq");
		if ((f = by_seq(seq)) == NULL)
			return bad_params(r, "tx_seq", "transaction not found");
	}
	if (!many) {
		buf_addf(&lb, "%llu", (unsigned long long)seq);
		rc = take_segment(segs, f, !byseq, r);
	} else {
		if (!cJSON_IsArray(segs) || cJSON_GetArraySize(segs) == 0)
			return bad_params(r, "segments", "no segments");
		buf_addf(&lb, "%llu", (unsigned long long)seq);
		for (s = segs->child; s != NULL && rc == 0; s = s->next) {
			char tmp[64];
			const char *ix = json_numtext(json_get(s, "index"),
			    tmp);

			buf_addf(&lb, " %s", ix != NULL ? ix : "?");
			rc = take_segment(s, f, !byseq, r);
		}
	}
	log_line("%s %s", many ? (byseq ? "zgs_uploadSegmentsByTxSeq" :
	    "zgs_uploadSegments") : (byseq ? "zgs_uploadSegmentByTxSeq" :
	    "zgs_uploadSegment"), lb.p);
	buf_free(&lb);
	if (rc == 0)
		*res = cJSON_CreateNull();
	return rc;
}

static cJSON *
segment_reply(const struct file *f, uint64_t idx)
{
	struct or_err e;
	uint64_t len = zg_seg_upload_len(told_size(f), idx);
	uint64_t real = zg_seg_upload_len(f->size, idx);
	cJSON *s = json_object(), *pr;
	char *b64, hex[67];
	uint8_t *d;

	d = xcalloc(1, (size_t)len + 1);
	memcpy(d, f->seg[idx], (size_t)(real < len ? real : len));
	if (o.flip)
		d[len / 2] ^= 0x01;
	b64 = xmalloc(b64_len((size_t)len) + 1);
	b64_encode(b64, d, (size_t)len);
	free(d);
	hex_encode(hex, f->root, 32);
	json_set_str(s, "root", hex);
	json_set_str(s, "data", b64);
	free(b64);
	json_set(s, "index", json_new_uint(idx));
	pr = json_parse(f->proof[idx], strlen(f->proof[idx]), 1, &e);
	if (o.wrong_proof && pr != NULL) {
		cJSON *l = json_get(pr, "lemma");
		cJSON *last = cJSON_GetArrayItem(l, cJSON_GetArraySize(l) - 1);

		/* a proof for another root */
		if (last != NULL && cJSON_IsString(last))
			last->valuestring[10] = last->valuestring[10] == 'a' ?
			    'b' : 'a';
	}
	json_set(s, "proof", pr);
	json_set(s, "fileSize", json_new_uint(told_size(f)));
	return s;
}

static int
download(const char *method, const cJSON *params, cJSON **res,
    struct rerr *r)
{
	const cJSON *a = cJSON_GetArrayItem(params, 0);
	struct file *f;
	zg_hash root;
	uint64_t seq, x, y, i;
	int proof = strstr(method, "WithProof") != NULL;
	int byseq = strstr(method, "ByTxSeq") != NULL;

	if (byseq) {
		if (param_u64(a, &seq) < 0)
			return bad_params(r, "tx_seq", "invalid tx seq");
		f = by_seq(seq);
	} else {
		if (param_root(a, root) < 0)
			return bad_params(r, "root", "invalid root");
		f = by_root(root);
	}
	if (param_u64(cJSON_GetArrayItem(params, 1), &x) < 0)
		return bad_params(r, "index", "invalid index");
	log_line("%s %llu", method, (unsigned long long)x);
	if (f == NULL || !finalized(f)) {
		*res = cJSON_CreateNull();
		return 0;
	}
	if (proof) {
		if (x >= f->nseg)
			return bad_params(r, "index", "segment index out of "
			    "range");
		if (f->seg[x] == NULL) {
			*res = cJSON_CreateNull();
			return 0;
		}
		*res = segment_reply(f, x);
		return 0;
	}
	if (param_u64(cJSON_GetArrayItem(params, 2), &y) < 0 || y <= x ||
	    y - x > 1024 || y > f->chunks)
		return bad_params(r, "end_index", "invalid chunk range");
	{
		uint64_t n = (y - x) * 256, k = 0;
		uint8_t *d = xmalloc((size_t)n);
		char *b64;

		for (i = x; i < y; i++) {
			uint64_t s = i / ZG_SEG_CHUNKS;

			if (f->seg[s] == NULL) {
				free(d);
				*res = cJSON_CreateNull();
				return 0;
			}
			memcpy(d + k, f->seg[s] + (i % ZG_SEG_CHUNKS) * 256,
			    256);
			k += 256;
		}
		b64 = xmalloc(b64_len((size_t)n) + 1);
		b64_encode(b64, d, (size_t)n);
		*res = cJSON_CreateString(b64);
		free(b64);
		free(d);
	}
	return 0;
}

/* indexer methods over the listed nodes */
static int
indexer(const char *method, const cJSON *params, cJSON **res,
    struct rerr *r)
{
	char *list, *p, *q;
	cJSON *arr = json_array();
	struct or_err e;

	if (o.indexer == NULL)
		return fail(r, -32601, "Method not found", NULL);
	list = xstrdup(o.indexer);
	for (p = list; p != NULL; p = q) {
		struct http_client c;
		cJSON *sc = NULL, *fi = NULL, *n, *cfg;

		if ((q = strchr(p, ',')) != NULL)
			*q++ = '\0';
		if (*p == '\0' || http_open(&c, p, 5000000, 0, &e) < 0)
			continue;
		if (http_call(&c, "zgs_getShardConfig", NULL, HTTP_RETRY, &sc,
		    &e) < 0) {
			http_close(&c);
			continue;
		}
		if (strcmp(method, "indexer_getFileLocations") == 0) {
			cJSON *pp = json_array();

			cJSON_AddItemToArray(pp, json_dup(cJSON_GetArrayItem(
			    params, 0)));
			cJSON_AddItemToArray(pp, cJSON_CreateTrue());
			if (http_call(&c, "zgs_getFileInfo", pp, HTTP_RETRY, &fi,
			    &e) < 0 || cJSON_IsNull(fi)) {
				cJSON_Delete(fi);
				cJSON_Delete(sc);
				http_close(&c);
				continue;
			}
			cJSON_Delete(fi);
		}
		http_close(&c);
		n = json_object();
		json_set_str(n, "url", p);
		cfg = json_object();
		json_set(cfg, "shardId", json_dup(json_get(sc, "shardId")));
		json_set(cfg, "numShard", json_dup(json_get(sc, "numShard")));
		json_set(n, "config", cfg);
		json_set_int(n, "latency", 1);
		json_set_int(n, "since", (int64_t)time(NULL));
		cJSON_AddItemToArray(arr, n);
		cJSON_Delete(sc);
	}
	free(list);
	if (strcmp(method, "indexer_getShardedNodes") == 0) {
		*res = json_object();
		json_set(*res, "trusted", arr);
		json_set(*res, "discovered", json_array());
	} else if (cJSON_GetArraySize(arr) == 0) {
		cJSON_Delete(arr);
		*res = cJSON_CreateNull();
	} else {
		*res = arr;
	}
	return 0;
}

static int
dispatch(const char *m, const cJSON *params, cJSON **res, struct rerr *r)
{
	const cJSON *a = cJSON_GetArrayItem(params, 0);
	struct file *f;
	zg_hash root;
	uint64_t seq;

	if (strncmp(m, "indexer_", 8) == 0)
		return indexer(m, params, res, r);
	sync_chain();
	if (strncmp(m, "zgs_upload", 10) == 0)
		return upload(params, strstr(m, "Segments") != NULL,
		    strstr(m, "ByTxSeq") != NULL, res, r);
	if (strncmp(m, "zgs_download", 12) == 0)
		return download(m, params, res, r);
	log_line("%s", m);
	if (strcmp(m, "zgs_getStatus") == 0) {
		cJSON *ni = json_object(), *v = json_object();

		*res = json_object();
		json_set_int(*res, "connectedPeers", 0);
		json_set(*res, "logSyncHeight", json_new_uint(last_block));
		json_set_str(*res, "logSyncBlock", "0x0000000000000000000000"
		    "000000000000000000000000000000000000000000");
		json_set(*res, "nextTxSeq", json_new_uint(next_seq));
		json_set(ni, "chainId", json_new_uint(o.chain_id));
		json_set_str(ni, "flowAddress", o.report_flow != NULL ?
		    o.report_flow : o.flow != NULL ? o.flow :
		    "0x0000000000000000000000000000000000000000");
		json_set_int(v, "major", 0);
		json_set_int(v, "minor", 4);
		json_set_int(v, "build", 0);
		json_set(ni, "p2pProtocolVersion", v);
		json_set(*res, "networkIdentity", ni);
		return 0;
	}
	if (strcmp(m, "zgs_getShardConfig") == 0) {
		*res = json_object();
		json_set(*res, "shardId", json_new_uint(o.shard));
		json_set(*res, "numShard", json_new_uint(o.nshard));
		return 0;
	}
	if (strcmp(m, "zgs_getFileInfo") == 0) {
		if (param_root(a, root) < 0)
			return bad_params(r, "data_root", "invalid root");
		f = by_root(root);
		*res = f != NULL ? file_info(f) : cJSON_CreateNull();
		return 0;
	}
	if (strcmp(m, "zgs_getFileInfoByTxSeq") == 0) {
		if (param_u64(a, &seq) < 0)
			return bad_params(r, "tx_seq", "invalid tx seq");
		f = by_seq(seq);
		*res = f != NULL ? file_info(f) : cJSON_CreateNull();
		return 0;
	}
	if (strcmp(m, "zgs_checkFileFinalized") == 0) {
		if (param_u64(a, &seq) == 0)
			f = by_seq(seq);
		else if (param_root(a, root) == 0)
			f = by_root(root);
		else
			return bad_params(r, "tx_seq_or_root", "invalid");
		*res = f == NULL ? cJSON_CreateNull() :
		    cJSON_CreateBool(finalized(f));
		return 0;
	}
	return fail(r, -32601, "Method not found", NULL);
}

/* One JSON-RPC request object to one reply object. */
static cJSON *
handle(const cJSON *req)
{
	const char *m = json_strval(json_get(req, "method"), NULL);
	cJSON *params = json_get(req, "params"), *res = NULL;
	cJSON *rep = json_object(), *id = json_get(req, "id");
	struct rerr r = { 0 };
	cJSON *empty = NULL;

	json_set_str(rep, "jsonrpc", "2.0");
	json_set(rep, "id", id != NULL ? json_dup(id) : cJSON_CreateNull());
	if (params == NULL)
		params = empty = json_array();
	if (m == NULL || !cJSON_IsArray(params))
		fail(&r, -32600, "Invalid request", NULL);
	else
		dispatch(m, params, &res, &r);
	cJSON_Delete(empty);
	if (r.code != 0) {
		cJSON *e = json_object();

		json_set_int(e, "code", r.code);
		json_set_str(e, "message", r.msg);
		if (r.data[0] != '\0')
			json_set_str(e, "data", r.data);
		json_set(rep, "error", e);
		cJSON_Delete(res);
	} else {
		json_set(rep, "result", res);
	}
	return rep;
}

struct conn {
	int fd;
	struct buf in;
};

/* Serve the complete requests in c->in; -1 to close. */
static int
serve(struct conn *c)
{
	char *end, *cl;
	size_t hlen, blen;

	for (;;) {
		struct or_err e;
		cJSON *req, *rep;
		struct buf out = { 0 };

		if (c->in.p == NULL ||
		    (end = strstr(c->in.p, "\r\n\r\n")) == NULL)
			return c->in.len > 65536 ? -1 : 0;
		hlen = (size_t)(end - c->in.p) + 4;
		blen = 0;
		for (cl = c->in.p; (cl = strchr(cl, '\n')) != NULL &&
		    cl < end; cl++)
			if (strncasecmp(cl + 1, "content-length:", 15) == 0) {
				blen = strtoul(cl + 16, NULL, 10);
				break;
			}
		if (blen > MAX_BODY) {
			respond(c->fd, 413, "", 0);
			return -1;
		}
		if (c->in.len < hlen + blen)
			return 0;
		req = json_parse(c->in.p + hlen, blen, 0, &e);
		if (req == NULL) {
			respond(c->fd, 200, "{\"jsonrpc\":\"2.0\",\"id\":null,"
			    "\"error\":{\"code\":-32700,\"message\":\"Parse "
			    "error\"}}", 75);
		} else {
			if (cJSON_IsArray(req)) {
				cJSON *arr = json_array(), *it;

				for (it = req->child; it != NULL; it = it->next)
					cJSON_AddItemToArray(arr, handle(it));
				rep = arr;
			} else {
				rep = handle(req);
			}
			json_print(&out, rep);
			respond(c->fd, 200, out.p, out.len);
			buf_free(&out);
			cJSON_Delete(rep);
			cJSON_Delete(req);
		}
		memmove(c->in.p, c->in.p + hlen + blen, c->in.len - hlen - blen);
		c->in.len -= hlen + blen;
		c->in.p[c->in.len] = '\0';
	}
}

static void
parse_args(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";

		if (strcmp(k, "--flip-byte") == 0) {
			o.flip = 1;
			continue;
		}
		if (strcmp(k, "--wrong-proof") == 0) {
			o.wrong_proof = 1;
			continue;
		}
		i++;
		if (strcmp(k, "--rpc") == 0)
			o.rpc = v;
		else if (strcmp(k, "--flow") == 0)
			o.flow = v;
		else if (strcmp(k, "--shard") == 0) {
			if (sscanf(v, "%llu/%llu", (unsigned long long *)&o.shard,
			    (unsigned long long *)&o.nshard) != 2 ||
			    o.nshard == 0 || o.shard >= o.nshard ||
			    (o.nshard & (o.nshard - 1)) != 0)
				die(2, "bad --shard '%s': ID/N", v);
		} else if (strcmp(k, "--busy") == 0)
			o.busy = (int)strtol(v, NULL, 10);
		else if (strcmp(k, "--delay-finalize") == 0) {
			if (parse_duration_us(v, &o.delay_us) < 0)
				die(2, "bad --delay-finalize '%s'", v);
		} else if (strcmp(k, "--report-flow") == 0)
			o.report_flow = v;
		else if (strcmp(k, "--report-chain-id") == 0) {
			o.chain_id = strtoull(v, NULL, 10);
			o.have_chain_id = 1;
		} else if (strcmp(k, "--log") == 0)
			o.log = v;
		else if (strcmp(k, "--indexer") == 0)
			o.indexer = v;
		else if (strcmp(k, "--lie-size") == 0)
			o.lie = strtoll(v, NULL, 10);
		else
			die(2, "unknown option '%s'", k);
	}
	if ((o.rpc == NULL) != (o.flow == NULL))
		die(2, "--rpc and --flow go together");
}

int
main(int argc, char *argv[])
{
	struct pollfd pf[MAX_CONN + 1];
	struct conn conns[MAX_CONN];
	size_t nc = 0, i;
	char tmp[65536];
	int ls, fd, port, one = 1;
	ssize_t r;

	util_setprog(argv[0]);
	parse_args(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	if (o.rpc != NULL && !o.have_chain_id) {
		struct or_err e;
		cJSON *id = NULL;

		if (http_open(&chain, o.rpc, 10000000, 5, &e) < 0 ||
		    http_call(&chain, "eth_chainId", NULL, HTTP_RETRY, &id,
		    &e) < 0 || json_value_u64(id, "chainId", UINT64_MAX,
		    &o.chain_id, &e) < 0)
			die(3, "cannot read the chain id: %s", e.msg);
		cJSON_Delete(id);
		chain_open = 1;
	}
	ls = listen_loopback(&port);
	printf("{\"url\":\"http://127.0.0.1:%d\"}\n", port);
	if (fflush(stdout) != 0)
		die(3, "write error on 'stdout':");
	for (;;) {
		pf[0].fd = ls;
		pf[0].events = POLLIN;
		for (i = 0; i < nc; i++) {
			pf[i + 1].fd = conns[i].fd;
			pf[i + 1].events = POLLIN;
		}
		if (poll(pf, nc + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die(3, "poll:");
		}
		for (i = nc; i-- > 0;) {
			if (pf[i + 1].revents == 0)
				continue;
			r = read(conns[i].fd, tmp, sizeof(tmp));
			if (r < 0 && errno == EINTR)
				continue;
			if (r > 0) {
				buf_add(&conns[i].in, tmp, (size_t)r);
				if (serve(&conns[i]) == 0)
					continue;
			}
			close(conns[i].fd);
			buf_free(&conns[i].in);
			conns[i] = conns[--nc];
		}
		if ((pf[0].revents & POLLIN) != 0 &&
		    (fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
			if (nc == MAX_CONN) {
				close(fd);
				continue;
			}
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
			conns[nc].fd = fd;
			memset(&conns[nc].in, 0, sizeof(conns[nc].in));
			nc++;
		}
	}
}
