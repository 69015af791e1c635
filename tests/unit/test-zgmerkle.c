/* 0G merkle roots, nodes, identity and proofs against zg-roots.json, over
 * memory, a regular file (1 and 2 threads) and a pipe; the copy the hash
 * of a file writes. */
#define _GNU_SOURCE	/* O_DIRECT */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "zgcontent.h"
#include "hex.h"
#include "json.h"
#include "keccak.h"
#include "zgmerkle.h"

static cJSON *doc;

static const char *
hexs(const uint8_t *h)
{
	static char s[4][67];
	static int k;

	k = (k + 1) % 4;
	hex_encode(s[k], h, 32);
	return s[k];
}

static void
check_tree(const struct zg_tree *t, const cJSON *c, const char *how)
{
	const cJSON *nodes = json_get(c, "nodes"), *x;
	uint64_t u = 0;
	size_t i = 0;
	struct or_err e;

	is_str(hexs(t->root), json_strval(json_get(c, "root"), NULL),
	    "%s: root of %s size %s", how, json_strval(json_get(c, "content"),
	    NULL), json_numtext(json_get(c, "size"), (char[64]){ 0 }));
	json_value_u64(json_get(c, "chunks"), "chunks", UINT64_MAX, &u, &e);
	ok(t->chunks == u, "%s: chunks %llu", how, (unsigned long long)u);
	json_value_u64(json_get(c, "paddedChunks"), "p", UINT64_MAX, &u, &e);
	ok(t->padded == u, "%s: padded chunks %llu", how,
	    (unsigned long long)u);
	json_value_u64(json_get(c, "segmentsPadded"), "s", UINT64_MAX, &u, &e);
	ok(t->segments == u, "%s: segments %llu", how, (unsigned long long)u);
	ok((size_t)cJSON_GetArraySize(nodes) == t->nnodes, "%s: %zu nodes",
	    how, t->nnodes);
	for (x = nodes ? nodes->child : NULL; x != NULL && i < t->nnodes;
	    x = x->next, i++) {
		json_value_u64(x->child, "h", 64, &u, &e);
		ok((int)u == t->nodes[i].height, "%s: node %zu height %d", how,
		    i, t->nodes[i].height);
		is_str(hexs(t->nodes[i].root), json_strval(x->child->next,
		    NULL), "%s: node %zu root", how, i);
	}
	is_str(hexs(t->identity), json_strval(json_get(c, "submitIdentity"),
	    NULL), "%s: submit identity", how);
	if (t->nnodes > 0) {
		zg_hash f;

		zg_fold_nodes(t->nodes[0].root, sizeof(t->nodes[0]),
		    t->nnodes, f);
		is_str(hexs(f), json_strval(json_get(c, "root"), NULL),
		    "%s: the nodes fold to the root", how);
	}
}

static void
roots(const char *key)
{
	const cJSON *c;
	struct zg_tree t;
	struct or_err e;
	uint64_t n;
	uint8_t *p;
	char path[] = "/tmp/or-zg-XXXXXX";
	int fd, pfd[2], thr;

	for (c = json_get(doc, key)->child; c != NULL; c = c->next) {
		const char *rule = json_strval(json_get(c, "content"), NULL);

		json_value_u64(json_get(c, "size"), "size", UINT64_MAX, &n, &e);
		p = content(rule, (size_t)n);
		if (n == 0) {
			ok(zg_hash_mem(p, 0, &t, &e) < 0 &&
			    strcmp(e.code, "zg.empty") == 0,
			    "empty input has no root");
			ok(zg_stream_end(zg_stream_new(1), &t, &e) < 0 &&
			    strcmp(e.code, "zg.empty") == 0,
			    "an empty stream has no root");
			free(p);
			continue;
		}
		zg_hash_mem(p, (size_t)n, &t, &e);
		check_tree(&t, c, "mem");
		zg_free(&t);
		/* the stream API, fed in uneven pieces, 0 to 2 threads */
		for (thr = 0; thr <= 2; thr++) {
			struct zg_stream *z = zg_stream_new(thr);
			size_t off = 0, k = 1;

			while (off < n) {
				k = k * 7 % 100003 + 1;
				if (k > n - off)
					k = (size_t)n - off;
				zg_stream_feed(z, p + off, k);
				off += k;
			}
			ok(zg_stream_end(z, &t, &e) == 0, "stream hashes");
			check_tree(&t, c, "stream");
			zg_free(&t);
		}
		/* the streamed paths on the larger inputs */
		if (n >= 262144) {
			fd = mkstemp(path);
			write_in_full(fd, p, (size_t)n);
			for (thr = 1; thr <= 2; thr++) {
				lseek(fd, 0, SEEK_SET);
				ok(zg_hash_fd(fd, thr, &t, &e) == 0,
				    "file, %d threads, hashes", thr);
				is_str(hexs(t.root), json_strval(json_get(c,
				    "root"), NULL), "file, %d threads: root",
				    thr);
				zg_free(&t);
			}
			close(fd);
			unlink(path);
			memcpy(path + strlen(path) - 6, "XXXXXX", 6);
			if (pipe(pfd) == 0 && fork() == 0) {
				close(pfd[0]);
				write_in_full(pfd[1], p, (size_t)n);
				_exit(0);
			}
			close(pfd[1]);
			ok(zg_hash_fd(pfd[0], 2, &t, &e) == 0, "pipe hashes");
			is_str(hexs(t.root), json_strval(json_get(c, "root"),
			    NULL), "pipe: root");
			zg_free(&t);
			close(pfd[0]);
			wait(NULL);
		}
		free(p);
	}
}

static void
proofs(void)
{
	const cJSON *c, *x;
	struct zg_tree t;
	struct zg_proof p;
	struct or_err e;
	uint64_t n, idx;
	uint8_t *data;
	size_t i;

	for (c = json_get(doc, "proofs")->child; c != NULL; c = c->next) {
		const cJSON *lemma = json_get(c, "lemma"), *path = json_get(c,
		    "path");
		int same;

		json_value_u64(json_get(c, "size"), "size", UINT64_MAX, &n, &e);
		json_value_u64(json_get(c, "index"), "index", UINT64_MAX, &idx,
		    &e);
		data = content(json_strval(json_get(c, "content"), NULL),
		    (size_t)n);
		zg_hash_mem(data, (size_t)n, &t, &e);
		zg_proof(&t, idx, &p, &e);
		same = p.nlemma == (size_t)cJSON_GetArraySize(lemma) &&
		    p.npath == (size_t)cJSON_GetArraySize(path);
		for (x = lemma->child, i = 0; same && x != NULL; x = x->next)
			same = strcmp(hexs(p.lemma[i++]), json_strval(x,
			    NULL)) == 0;
		for (x = path->child, i = 0; same && x != NULL; x = x->next)
			same = p.path[i++] == cJSON_IsTrue(x);
		ok(same, "proof of segment %llu of %llu bytes",
		    (unsigned long long)idx, (unsigned long long)n);
		ok(zg_proof_check(&p, t.root, idx, t.chunks, &e) == 0,
		    "node-side check accepts it");
		if (t.segments > 1) {
			ok(zg_proof_check(&p, t.root, (idx + 1) % t.segments,
			    t.chunks, &e) < 0, "rejected for another segment");
			p.lemma[1][0] ^= 1;
			ok(zg_proof_check(&p, t.root, idx, t.chunks, &e) < 0 &&
			    strcmp(e.code, "zg.bad_proof") == 0,
			    "rejected with a flipped sibling bit");
		}
		zg_proof_free(&p);
		zg_free(&t);
		free(data);
	}
}

static void
units(void)
{
	const cJSON *c, *z;
	zg_hash h[8];
	uint8_t out[32];
	char word[64];
	int n, i, d;

	for (c = json_get(doc, "treeUnitVectors")->child; c; c = c->next) {
		const char *desc = json_strval(json_get(c, "leaves"), NULL);

		if (sscanf(desc, "keccak256(\"chunk data - i\") for i = 0..%d",
		    &n) == 1) {
			for (i = 0; i <= n; i++) {
				snprintf(word, sizeof(word), "chunk data - %d",
				    i);
				keccak256(word, strlen(word), h[i]);
			}
			n++;
		} else if (sscanf(desc, "%d x zeroHashes[0]", &n) == 1) {
			for (i = 0; i < n; i++)
				memcpy(h[i], zg_zero(0), 32);
		} else {
			ok(0, "unknown tree unit vector '%s'", desc);
			continue;
		}
		zg_merkle(h, (size_t)n, out);
		is_str(hexs(out), json_strval(json_get(c, "root"), NULL),
		    "tree unit: %s", desc);
	}
	z = json_get(doc, "zeroHashes");
	for (c = z->child; c != NULL; c = c->next) {
		d = (int)strtol(c->string, NULL, 10);
		is_str(hexs(zg_zero(d)), json_strval(c, NULL), "Z[%d]", d);
	}
	ok(zg_padded(17) == 18 && zg_padded(1025) == 1152 &&
	    zg_padded(16385) == 18432 && zg_padded(3907) == 4096,
	    "flow padding of section 1.2");
}

/* zg_hash_fd_tee copies what it hashes: below and above the size that is
 * written with O_DIRECT, with an unaligned end, 1 and 3 threads; and
 * a write that fails (a file size limit) fails the call, not a thread. */
static void
tee_copies(void)
{
	static const uint64_t sizes[] = { 300000, ZG_DIRECT_MIN - 1,
	    ZG_DIRECT_MIN, ZG_DIRECT_MIN + 4097, ZG_DIRECT_MIN + 262144 * 3 + 5 };
	char in[] = "/tmp/or-zgin-XXXXXX", out[] = "/tmp/or-zgout-XXXXXX";
	struct zg_tree want, t;
	struct or_err e;
	struct buf b = { 0 };
	size_t k;
	uint8_t *p;
	int fd, o, thr, st;

	for (k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		size_t n = (size_t)sizes[k];

		p = content("affine", n);
		zg_hash_mem(p, n, &want, &e);
		fd = mkstemp(in);
		write_in_full(fd, p, n);
		for (thr = 1; thr <= 3; thr += 2) {
			o = mkstemp(out);
			ok(zg_hash_fd_tee(fd, thr, o, &t, &e) == 0 &&
			    memcmp(t.root, want.root, 32) == 0,
			    "tee of %zu bytes, %d threads: root", n, thr);
			ok(!(fcntl(o, F_GETFL) & O_DIRECT),
			    "tee of %zu bytes: out's flags restored", n);
			zg_free(&t);
			buf_free(&b);
			ok(read_file(out, n + 1, &b, &e) == 0 && b.len == n &&
			    memcmp(b.p, p, n) == 0,
			    "tee of %zu bytes, %d threads: the same bytes", n,
			    thr);
			close(o);
			unlink(out);
			memcpy(out + strlen(out) - 6, "XXXXXX", 6);
		}
		if (k == 0 || k == 3) {
			/* RLIMIT_FSIZE: writes past 64 KiB fail with EFBIG */
			o = mkstemp(out);
			if (fork() == 0) {
				struct rlimit rl = { 1 << 16, 1 << 16 };

				signal(SIGXFSZ, SIG_IGN);
				setrlimit(RLIMIT_FSIZE, &rl);
				_exit(zg_hash_fd_tee(fd, 2, o, &t, &e) < 0 &&
				    strcmp(e.code, "file.write") == 0 ? 0 : 1);
			}
			wait(&st);
			ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			    "tee of %zu bytes: a failed write is file.write", n);
			close(o);
			unlink(out);
			memcpy(out + strlen(out) - 6, "XXXXXX", 6);
		}
		close(fd);
		unlink(in);
		memcpy(in + strlen(in) - 6, "XXXXXX", 6);
		zg_free(&want);
		free(p);
	}
	buf_free(&b);
}

int
main(void)
{
	struct buf b = { 0 };
	struct or_err e;

	if (read_file(vector_path("zg-roots.json"), 1 << 24, &b, &e) < 0 ||
	    (doc = json_parse(b.p, b.len, 1, &e)) == NULL) {
		ok(0, "zg-roots.json parses: %s", e.msg);
		return done_testing();
	}
	roots("sizes");
	roots("alternativeContents");
	proofs();
	units();
	tee_copies();
	cJSON_Delete(doc);
	buf_free(&b);
	return done_testing();
}
