/* zgmerkle: 0G file merkle root, streamed a segment (256 KiB) at a time and
 * hashed in parallel across threads for regular files. */
#define _GNU_SOURCE	/* sync_file_range, O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "zgmerkle.h"
#include "keccak.h"
#include "banned.h"

static zg_hash zero[64];
static pthread_once_t zero_once = PTHREAD_ONCE_INIT;

static void
zero_init(void)
{
	uint8_t chunk[ZG_CHUNK] = { 0 };
	int d;

	keccak256(chunk, sizeof(chunk), zero[0]);
	for (d = 1; d < 64; d++)
		keccak256_pair(zero[d - 1], zero[d - 1], zero[d]);
}

const uint8_t *
zg_zero(int d)
{
	pthread_once(&zero_once, zero_init);
	return zero[d];
}

static uint64_t
pow2_ceil(uint64_t n)
{
	uint64_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

uint64_t
zg_padded(uint64_t chunks)
{
	uint64_t p2 = pow2_ceil(chunks), unit;

	if (p2 == chunks)
		return chunks;
	unit = p2 >= 16 ? p2 / 16 : 1;
	return (chunks + unit - 1) / unit * unit;
}

void
zg_merkle(zg_hash *h, size_t n, zg_hash out)
{
	size_t m;

	/* in place: pair i is read before node i is written, and node i
	 * overwrites only pairs before it */
	while (n > 1) {
		m = n / 2;
		keccak256_many(h[0], 64, m, h);
		if (n & 1)
			memmove(h[m++], h[n - 1], 32);
		n = m;
	}
	memcpy(out, h[0], 32);
}

void
zg_fold_nodes(const uint8_t *p, size_t stride, size_t n, zg_hash out)
{
	zg_hash h;
	size_t i;

	memcpy(h, p + (n - 1) * stride, 32);
	for (i = n - 1; i-- > 0;)
		keccak256_pair(p + i * stride, h, h);
	memcpy(out, h, 32);
}

/* The n leaf hashes of len bytes of chunks (len <= n * ZG_CHUNK): whole
 * chunks eight at a time, a partial last one zero-padded, then zero chunks
 * (whose hash is known). */
static void
chunk_leaves(const uint8_t *data, size_t len, size_t n, zg_hash *leaves)
{
	size_t i = len / ZG_CHUNK;
	uint8_t last[ZG_CHUNK];

	keccak256_many(data, ZG_CHUNK, i, leaves);
	if (len % ZG_CHUNK != 0) {
		memset(last, 0, sizeof(last));
		memcpy(last, data + i * ZG_CHUNK, len % ZG_CHUNK);
		keccak256(last, ZG_CHUNK, leaves[i++]);
	}
	for (; i < n; i++)
		memcpy(leaves[i], zg_zero(0), 32);
}

/* Root of segment s from its data bytes (len <= ZG_SEGMENT, the rest of the
 * segment's chunks up to `padded` are zero chunks).  leaves (1024 hashes) is
 * scratch space.  A partial last segment's leaves are kept in the tree for
 * the submission nodes below segment height. */
static void
segment_root(struct zg_tree *t, uint64_t s, const uint8_t *data,
    size_t len, zg_hash *leaves, zg_hash out)
{
	uint64_t first = s * ZG_SEG_CHUNKS, n;

	n = t->padded - first;
	if (n > ZG_SEG_CHUNKS)
		n = ZG_SEG_CHUNKS;
	if (len == 0 && n == ZG_SEG_CHUNKS) {
		memcpy(out, zg_zero(10), 32);
		return;
	}
	chunk_leaves(data, len, (size_t)n, leaves);
	if (n < ZG_SEG_CHUNKS) {
		t->nlast = (size_t)n;
		t->last_leaves = xreallocarray(NULL, n, sizeof(zg_hash));
		memcpy(t->last_leaves, leaves, (size_t)n * sizeof(zg_hash));
	}
	zg_merkle(leaves, (size_t)n, out);
}

void
zg_segment_root(const uint8_t *data, size_t len, uint64_t nleaves,
    zg_hash out)
{
	zg_hash *leaves = xreallocarray(NULL, (size_t)nleaves,
	    sizeof(zg_hash));

	if (len > nleaves * ZG_CHUNK)
		len = (size_t)nleaves * ZG_CHUNK;
	chunk_leaves(data, len, (size_t)nleaves, leaves);
	zg_merkle(leaves, (size_t)nleaves, out);
	free(leaves);
}

uint64_t
zg_seg_leaves(uint64_t chunks, uint64_t i)
{
	uint64_t padded = zg_padded(chunks), first = i * ZG_SEG_CHUNKS;

	if (first >= padded)
		return 0;
	return padded - first < ZG_SEG_CHUNKS ? padded - first :
	    ZG_SEG_CHUNKS;
}

uint64_t
zg_seg_upload_len(uint64_t size, uint64_t i)
{
	uint64_t off = i * (uint64_t)ZG_SEGMENT, n;

	if (off >= size)
		return 0;
	n = size - off < ZG_SEGMENT ? size - off : ZG_SEGMENT;
	return (n + ZG_CHUNK - 1) / ZG_CHUNK * ZG_CHUNK;
}

static void
set_shape(struct zg_tree *t, uint64_t size)
{
	memset(t, 0, sizeof(*t));
	t->size = size;
	t->chunks = (size + ZG_CHUNK - 1) / ZG_CHUNK;
	t->padded = zg_padded(t->chunks);
	t->segments = (t->padded + ZG_SEG_CHUNKS - 1) / ZG_SEG_CHUNKS;
	t->seg = xreallocarray(NULL, t->segments, sizeof(zg_hash));
}

/* Bytes of segment s that lie inside the file. */
static size_t
segment_len(const struct zg_tree *t, uint64_t s)
{
	uint64_t off = s * (uint64_t)ZG_SEGMENT;

	if (off >= t->size)
		return 0;
	return t->size - off < ZG_SEGMENT ? (size_t)(t->size - off) :
	    ZG_SEGMENT;
}

static void
root_of_range(const struct zg_tree *t, uint64_t start, uint64_t size,
    zg_hash out)
{
	zg_hash *tmp;
	const zg_hash *src;
	size_t n;

	if (size >= ZG_SEG_CHUNKS) {
		src = t->seg + start / ZG_SEG_CHUNKS;
		n = (size_t)(size / ZG_SEG_CHUNKS);
	} else {
		src = t->last_leaves + (start - (t->segments - 1) *
		    ZG_SEG_CHUNKS);
		n = (size_t)size;
	}
	tmp = xreallocarray(NULL, n, sizeof(zg_hash));
	memcpy(tmp, src, n * sizeof(zg_hash));
	zg_merkle(tmp, n, out);
	free(tmp);
}

/* Root, submission nodes, identity and proof levels from segment roots. */
static void
finish(struct zg_tree *t)
{
	uint64_t remaining = t->padded, size = pow2_ceil(t->chunks), start = 0;
	size_t total = 0, n, l;
	struct keccak k;
	int h;

	/* all levels of the tree over the segment roots */
	for (n = (size_t)t->segments; ; n = (n + 1) / 2) {
		total += n;
		t->nlevels++;
		if (n == 1)
			break;
	}
	t->levels = xreallocarray(NULL, total, sizeof(zg_hash));
	t->level_off = xreallocarray(NULL, t->nlevels, sizeof(size_t));
	t->level_len = xreallocarray(NULL, t->nlevels, sizeof(size_t));
	memcpy(t->levels, t->seg, (size_t)t->segments * sizeof(zg_hash));
	t->level_off[0] = 0;
	t->level_len[0] = (size_t)t->segments;
	for (l = 1; l < t->nlevels; l++) {
		zg_hash *prev = t->levels + t->level_off[l - 1], *cur;
		size_t pn = t->level_len[l - 1];

		t->level_off[l] = t->level_off[l - 1] + pn;
		t->level_len[l] = (pn + 1) / 2;
		cur = t->levels + t->level_off[l];
		keccak256_many(prev[0], 64, pn / 2, cur);
		if (pn & 1)
			memcpy(cur[pn / 2], prev[pn - 1], 32);
	}
	memcpy(t->root, t->levels[t->level_off[t->nlevels - 1]], 32);

	keccak_init(&k);
	while (remaining > 0) {
		if (remaining >= size) {
			for (h = 0; (1ULL << h) < size; h++)
				;
			t->nodes[t->nnodes].height = h;
			root_of_range(t, start, size, t->nodes[t->nnodes].root);
			keccak_update(&k, t->nodes[t->nnodes].root, 32);
			t->nnodes++;
			start += size;
			remaining -= size;
		}
		size /= 2;
	}
	keccak_final(&k, t->identity);
}

int
zg_hash_mem(const void *p, size_t n, struct zg_tree *t,
    struct or_err *e)
{
	zg_hash *leaves;
	uint64_t s;

	if (n == 0)
		return or_error(e, "zg.empty",
		    "empty input has no 0G root");
	set_shape(t, n);
	leaves = xreallocarray(NULL, ZG_SEG_CHUNKS, sizeof(zg_hash));
	for (s = 0; s < t->segments; s++) {
		const uint8_t *d = (const uint8_t *)p + s * ZG_SEGMENT;
		size_t len = segment_len(t, s);

		segment_root(t, s, d, len, leaves, t->seg[s]);
	}
	free(leaves);
	finish(t);
	return 0;
}

/* A copy's segments wait here for the one writer thread; their buffers
 * come back to the free list once written, WBATCH at most at a time. */
#define WBATCH 16
struct wjob {
	uint8_t *data;
	size_t len;
	off_t off;
};

struct pool {
	struct zg_tree *t;
	int fd, out;		/* out >= 0: every segment is written there */
	int direct;		/* out is in O_DIRECT mode */
	uint64_t next;
	int failed, err;	/* 1: reading, 2: writing */
	int hashed;		/* the workers are done: no more jobs */
	int fl;			/* out's file status flags, without O_DIRECT */
	pthread_t wtid;		/* the writer */
	uint8_t **bufs;		/* every tee buffer */
	uint8_t **free;		/* those not in use */
	size_t nfree;
	struct wjob *job;	/* a ring of nbuf */
	size_t nbuf, head, njob;
	uint8_t tail[ZG_DIRECT_ALIGN];	/* an unaligned end, written last */
	size_t tail_len;
	off_t tail_off;
	pthread_mutex_t mu;
	pthread_cond_t more_free, more_jobs;
};

static void
pool_fail(struct pool *p, int what)
{
	pthread_mutex_lock(&p->mu);
	if (!p->failed) {
		p->failed = what;
		p->err = errno ? errno : EIO;
	}
	pthread_cond_broadcast(&p->more_free);
	pthread_cond_broadcast(&p->more_jobs);
	pthread_mutex_unlock(&p->mu);
}

/* Write cnt buffers to p->out from off, one after the other. In direct
 * mode the aligned part goes straight to the device from the buffers that
 * were hashed (no page cache to fill, which on a VM is most of a copy's
 * cost), and an unaligned end, only ever the file's last bytes, is kept for
 * a buffered write at the end. A file system that turns direct writes down
 * at write time gets buffered writes from then on. */
static int
tee_write(struct pool *p, struct iovec *iov, int cnt, off_t off)
{
	struct iovec *last = &iov[cnt - 1];
	size_t len = 0, cut;
	int i;

	for (i = 0; i < cnt; i++)
		len += iov[i].iov_len;
	if (p->direct) {
		cut = len % ZG_DIRECT_ALIGN;
		memcpy(p->tail, (uint8_t *)last->iov_base + last->iov_len -
		    cut, cut);
		last->iov_len -= cut;
		if (len == cut || pwritev_in_full(p->out, iov, cnt, off) == 0) {
			if (cut > 0) {
				p->tail_len = cut;
				p->tail_off = off + (off_t)(len - cut);
			}
			return 0;
		}
		if (errno != EINVAL)
			return -1;
		fcntl(p->out, F_SETFL, p->fl);
		p->direct = 0;
		/* all again, buffered: what went is the same bytes in place */
		return pwrite_in_full(p->out, p->tail, cut,
		    off + (off_t)(len - cut)) < 0 ? -1 :
		    tee_write(p, iov, cnt, off);
	}
	if (pwritev_in_full(p->out, iov, cnt, off) < 0)
		return -1;
	/* writeback starts now, so the caller's fsync has little left */
	sync_file_range(p->out, off, (off_t)len, SYNC_FILE_RANGE_WRITE);
	return 0;
}

static int
job_cmp(const void *a, const void *b)
{
	const struct wjob *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

/* One thread writes what is queued, in runs of adjacent segments: one large
 * write does more than several small ones, and parallel writers to one file
 * wait on each other (ext4 takes an extending direct write at a time). */
static void *
writer(void *arg)
{
	struct pool *p = arg;
	struct wjob j[WBATCH];
	struct iovec iov[WBATCH];
	int n, i, k, rc = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->njob == 0 && !p->hashed && !p->failed)
			pthread_cond_wait(&p->more_jobs, &p->mu);
		if (p->failed || p->njob == 0)
			break;
		for (n = 0; n < WBATCH && p->njob > 0; n++) {
			j[n] = p->job[p->head];
			p->head = (p->head + 1) % p->nbuf;
			p->njob--;
		}
		pthread_mutex_unlock(&p->mu);
		qsort(j, (size_t)n, sizeof(*j), job_cmp);
		for (i = 0; i < n && rc == 0; i = k) {
			iov[0] = (struct iovec){ j[i].data, j[i].len };
			for (k = i + 1; k < n && j[k - 1].len == ZG_SEGMENT &&
			    j[k].off == j[k - 1].off + ZG_SEGMENT; k++)
				iov[k - i] = (struct iovec){ j[k].data,
				    j[k].len };
			rc = tee_write(p, iov, k - i, j[i].off);
		}
		if (rc < 0)
			pool_fail(p, 2);
		pthread_mutex_lock(&p->mu);
		for (i = 0; i < n; i++)
			p->free[p->nfree++] = j[i].data;
		pthread_cond_broadcast(&p->more_free);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The next segment to hash, and in a copy a free buffer for it; NULL when
 * there is none left or something failed. */
static uint8_t *
next_segment(struct pool *p, uint8_t *own, uint64_t *s)
{
	uint8_t *data = own;

	pthread_mutex_lock(&p->mu);
	while (p->out >= 0 && p->nfree == 0 && !p->failed)
		pthread_cond_wait(&p->more_free, &p->mu);
	*s = p->failed ? p->t->segments : p->next++;
	if (*s < p->t->segments && p->out >= 0)
		data = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return *s < p->t->segments ? data : NULL;
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	struct zg_tree *t = p->t;
	uint8_t *own = p->out < 0 ? xmalloc(ZG_SEGMENT) : NULL, *data;
	zg_hash *leaves = xreallocarray(NULL, ZG_SEG_CHUNKS, sizeof(zg_hash));
	uint64_t s;
	size_t len;

	while ((data = next_segment(p, own, &s)) != NULL) {
		len = segment_len(t, s);
		if (len > 0 && pread_in_full(p->fd, data, len,
		    (off_t)(s * ZG_SEGMENT)) != (ssize_t)len) {
			pool_fail(p, 1);
			break;
		}
		segment_root(t, s, data, len, leaves, t->seg[s]);
		if (p->out < 0)
			continue;
		/* the bytes written are the bytes hashed */
		pthread_mutex_lock(&p->mu);
		if (len == 0) {
			p->free[p->nfree++] = data;
		} else {
			p->job[(p->head + p->njob++) % p->nbuf] = (struct wjob){
			    data, len, (off_t)(s * ZG_SEGMENT) };
			pthread_cond_signal(&p->more_jobs);
		}
		pthread_mutex_unlock(&p->mu);
	}
	free(own);
	free(leaves);
	return NULL;
}

/* A copy: buffers for the workers to hash into and the writer to write
 * from, and a large copy bypasses the page cache. */
static void
tee_start(struct pool *p, int workers, uint64_t size)
{
	struct stat st;
	size_t i;

	/* O_DIRECT on a pipe would make it a packet pipe: files only */
	p->fl = fcntl(p->out, F_GETFL);
	p->direct = size >= ZG_DIRECT_MIN && p->fl >= 0 &&
	    fstat(p->out, &st) == 0 && S_ISREG(st.st_mode) &&
	    fcntl(p->out, F_SETFL, p->fl | O_DIRECT) == 0;
	p->nbuf = 4 * (size_t)workers + 8;	/* room for WBATCH in flight */
	p->bufs = xreallocarray(NULL, p->nbuf, sizeof(*p->bufs));
	p->free = xreallocarray(NULL, p->nbuf, sizeof(*p->free));
	p->job = xreallocarray(NULL, p->nbuf, sizeof(*p->job));
	for (i = 0; i < p->nbuf; i++)
		if ((p->bufs[i] = aligned_alloc(ZG_DIRECT_ALIGN,
		    ZG_SEGMENT)) == NULL)
			die_oom();
	memcpy(p->free, p->bufs, p->nbuf * sizeof(*p->bufs));
	p->nfree = p->nbuf;
	if (pthread_create(&p->wtid, NULL, writer, p) != 0)
		die_oom();
}

/* The workers are done: the writer writes what is queued and stops. */
static void
tee_end(struct pool *p)
{
	size_t i;

	pthread_mutex_lock(&p->mu);
	p->hashed = 1;
	pthread_cond_signal(&p->more_jobs);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->wtid, NULL);
	if (p->direct)
		fcntl(p->out, F_SETFL, p->fl);
	/* the end kept by a direct write, even if direct writes were
	 * turned down after it */
	errno = 0;
	if (!p->failed && p->tail_len > 0 && pwrite_in_full(p->out, p->tail,
	    p->tail_len, p->tail_off) < 0)
		pool_fail(p, 2);
	for (i = 0; i < p->nbuf; i++)
		free(p->bufs[i]);
	free(p->bufs);
	free(p->free);
	free(p->job);
}

/* A pipe, or a file whose size says nothing: read to EOF through a
 * zg_stream (full segments hashed on threads as they come), each piece
 * written to out first when there is one. */
static int
hash_stream(int fd, int threads, int out, struct zg_tree *t,
    struct or_err *e)
{
	struct zg_stream *z = zg_stream_new(threads > 1 ? threads : 0);
	uint8_t *buf = xmalloc(ZG_SEGMENT);
	ssize_t r;
	int rc = 0;

	while ((r = read_in_full(fd, buf, ZG_SEGMENT)) > 0) {
		if (out >= 0 && write_in_full(out, buf, (size_t)r) < 0) {
			rc = or_error(e, "file.write", "cannot write: %s",
			    strerror(errno));
			break;
		}
		zg_stream_feed(z, buf, (size_t)r);
	}
	if (r < 0)
		rc = or_error(e, "file.read", "cannot read input: %s",
		    strerror(errno));
	if (zg_stream_end(z, rc == 0 ? t : NULL, e) < 0)
		rc = -1;
	free(buf);
	return rc;
}

int
zg_hash_fd(int fd, int threads, struct zg_tree *t, struct or_err *e)
{
	return zg_hash_fd_tee(fd, threads, -1, t, e);
}

int
zg_hash_fd_tee(int fd, int threads, int out, struct zg_tree *t,
    struct or_err *e)
{
	struct stat st;
	struct pool p;
	pthread_t tid[64];
	int i, n;

	if (fstat(fd, &st) < 0)
		return or_error_st(e, 1, "file.read", "cannot stat input: %s",
		    strerror(errno));
	if (S_ISDIR(st.st_mode))
		return or_error(e, "file.is_directory", "input is a directory");
	/* a size of 0 may be a file of the kernel's (/proc) that has bytes
	 * all the same: read it to EOF like a pipe */
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		return hash_stream(fd, threads, out, t, e);
	set_shape(t, (uint64_t)st.st_size);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.fd = fd;
	p.out = out;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.more_free, NULL);
	pthread_cond_init(&p.more_jobs, NULL);
	n = threads < 1 ? 1 : threads > 64 ? 64 : threads;
	if ((uint64_t)n > t->segments)
		n = (int)t->segments;
	if (out >= 0)
		tee_start(&p, n, (uint64_t)st.st_size);
	for (i = 1; i < n; i++)
		if (pthread_create(&tid[i], NULL, worker, &p) != 0)
			break;
	n = i;
	worker(&p);
	for (i = 1; i < n; i++)
		pthread_join(tid[i], NULL);
	if (out >= 0)
		tee_end(&p);
	pthread_cond_destroy(&p.more_free);
	pthread_cond_destroy(&p.more_jobs);
	pthread_mutex_destroy(&p.mu);
	if (p.failed) {
		zg_free(t);
		if (p.failed == 2)
			return or_error(e, "file.write", "cannot write: %s",
			    strerror(p.err));
		return or_error(e, "file.read", "cannot read input: %s",
		    strerror(p.err));
	}
	finish(t);
	return 0;
}

void
zg_name_input(struct or_err *e, const char *path)
{
	if (strcmp(e->code, "zg.empty") == 0)
		snprintf(e->msg, sizeof(e->msg), "'%s' is empty: empty data "
		    "has no 0G root", path);
	else if (strcmp(e->code, "file.is_directory") == 0)
		snprintf(e->msg, sizeof(e->msg), "'%s' is a directory", path);
}

void
zg_free(struct zg_tree *t)
{
	free(t->seg);
	free(t->levels);
	free(t->level_off);
	free(t->level_len);
	free(t->last_leaves);
	memset(t, 0, sizeof(*t));
}

int
zg_proof(const struct zg_tree *t, uint64_t i, struct zg_proof *p,
    struct or_err *e)
{
	size_t l, j;

	memset(p, 0, sizeof(*p));
	if (i >= t->segments)
		return or_error(e, "zg.bad_segment",
		    "segment %llu out of range (file has %llu)",
		    (unsigned long long)i, (unsigned long long)t->segments);
	p->lemma = xreallocarray(NULL, t->nlevels + 1, sizeof(zg_hash));
	p->path = xreallocarray(NULL, t->nlevels, sizeof(int));
	if (t->segments == 1) {
		memcpy(p->lemma[0], t->root, 32);
		p->nlemma = 1;
		return 0;
	}
	memcpy(p->lemma[p->nlemma++], t->seg[i], 32);
	for (l = 0; l + 1 < t->nlevels; l++) {
		j = (size_t)(i >> l);
		if ((j ^ 1) < t->level_len[l]) {
			memcpy(p->lemma[p->nlemma++],
			    t->levels[t->level_off[l] + (j ^ 1)], 32);
			p->path[p->npath++] = (j & 1) == 0;
		}
	}
	memcpy(p->lemma[p->nlemma++], t->root, 32);
	return 0;
}

void
zg_proof_free(struct zg_proof *p)
{
	free(p->lemma);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

static uint64_t
pow2_below(uint64_t n)
{
	uint64_t p = 1;

	while (p * 2 < n)
		p *= 2;
	return p;
}

int
zg_proof_check(const struct zg_proof *p, const zg_hash root,
    uint64_t i, uint64_t chunks, struct or_err *e)
{
	uint64_t padded = zg_padded(chunks);
	uint64_t left, pos = 0, sub, data_segs;
	uint64_t segs = (padded + ZG_SEG_CHUNKS - 1) / ZG_SEG_CHUNKS;
	zg_hash h;
	size_t j;
	int d;

	data_segs = (chunks + ZG_SEG_CHUNKS - 1) / ZG_SEG_CHUNKS;
	if (segs == 1) {
		if (p->nlemma != 1 || p->npath != 0)
			return or_error(e, "zg.bad_proof", "proof shape: a "
			    "one-segment file has lemma [root] and no path");
		if (memcmp(p->lemma[0], root, 32) != 0 || i != 0)
			return or_error(e, "zg.bad_proof", "proof root differs");
		return 0;
	}
	if (p->nlemma != p->npath + 2)
		return or_error(e, "zg.bad_proof",
		    "proof shape: lemma must be path + 2 long");
	memcpy(h, p->lemma[0], 32);
	for (j = 0; j < p->npath; j++) {
		if (p->path[j])
			keccak256_pair(h, p->lemma[j + 1], h);
		else
			keccak256_pair(p->lemma[j + 1], h, h);
	}
	if (memcmp(h, p->lemma[p->nlemma - 1], 32) != 0 ||
	    memcmp(h, root, 32) != 0)
		return or_error(e, "zg.bad_proof",
		    "proof does not hash to the root");
	left = segs;
	for (j = p->npath; j-- > 0;) {
		if (left <= 1)
			return or_error(e, "zg.bad_proof",
			    "proof path too long for the file");
		sub = pow2_below(left);
		if (p->path[j]) {
			/* right sibling; pure flow padding must be Z[] */
			if (pos + sub >= data_segs) {
				for (d = 0; (1ULL << d) < sub; d++)
					;
				if (memcmp(p->lemma[j + 1],
				    zg_zero(d + 10), 32) != 0)
					return or_error(e, "zg.bad_proof",
					    "rear padding sibling is not a "
					    "zero subtree");
			}
			left = sub;
		} else {
			pos += sub;
			left -= sub;
		}
	}
	if (left != 1 || pos != i)
		return or_error(e, "zg.bad_proof",
		    "proof is for segment %llu, not %llu",
		    (unsigned long long)pos, (unsigned long long)i);
	return 0;
}

/* ------------------------------------------------------------ streaming */

/* Full segments are hashed by worker threads while the producer fills the
 * next buffer: a full segment (1024 data chunks) has the same root
 * whatever the file's final size, so only the tail waits for the end. */
#define ZS_BUFS 6

struct zg_stream {
	pthread_mutex_t mu;
	pthread_cond_t work, room;
	uint8_t *buf[ZS_BUFS];
	uint64_t seg[ZS_BUFS];
	int state[ZS_BUFS];	/* 0 free, 1 queued, 2 being hashed */
	int cur;		/* the buffer being filled */
	size_t fill;
	uint64_t nfull, pending;
	zg_hash *roots;
	size_t cap;
	int nthreads, stop;
	pthread_t tid[8];
};

static void *
zs_worker(void *arg)
{
	struct zg_stream *z = arg;
	struct zg_tree shape = { 0 };
	zg_hash *leaves = xreallocarray(NULL, ZG_SEG_CHUNKS, sizeof(zg_hash));
	zg_hash h;
	int i;

	shape.padded = UINT64_MAX;
	pthread_mutex_lock(&z->mu);
	for (;;) {
		for (i = 0; i < ZS_BUFS && z->state[i] != 1; i++)
			;
		if (i == ZS_BUFS) {
			if (z->stop)
				break;
			pthread_cond_wait(&z->work, &z->mu);
			continue;
		}
		z->state[i] = 2;
		pthread_mutex_unlock(&z->mu);
		segment_root(&shape, 0, z->buf[i], ZG_SEGMENT, leaves, h);
		pthread_mutex_lock(&z->mu);
		memcpy(z->roots[z->seg[i]], h, 32);
		z->state[i] = 0;
		z->pending--;
		pthread_cond_broadcast(&z->room);
	}
	pthread_mutex_unlock(&z->mu);
	free(leaves);
	return NULL;
}

struct zg_stream *
zg_stream_new(int threads)
{
	struct zg_stream *z = xcalloc(1, sizeof(*z));
	int i;

	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->work, NULL);
	pthread_cond_init(&z->room, NULL);
	for (i = 0; i < ZS_BUFS; i++)
		z->buf[i] = xmalloc(ZG_SEGMENT);
	threads = threads < 0 ? 0 : threads > 8 ? 8 : threads;
	for (i = 0; i < threads; i++)
		if (pthread_create(&z->tid[i], NULL, zs_worker, z) != 0)
			break;
	z->nthreads = i;
	return z;
}

/* The index of the next full segment, with room for its root. */
static uint64_t
zs_next(struct zg_stream *z)
{
	if (z->nfull == z->cap) {
		z->cap = z->cap ? 2 * z->cap : 256;
		z->roots = xreallocarray(z->roots, z->cap, sizeof(zg_hash));
	}
	return z->nfull++;
}

/* Queue the full buffer z->cur and take a free one. */
static void
zs_queue(struct zg_stream *z)
{
	int i;

	pthread_mutex_lock(&z->mu);
	z->seg[z->cur] = zs_next(z);
	z->state[z->cur] = 1;
	z->pending++;
	pthread_cond_signal(&z->work);
	for (;;) {
		for (i = 0; i < ZS_BUFS && z->state[i] != 0; i++)
			;
		if (i < ZS_BUFS)
			break;
		pthread_cond_wait(&z->room, &z->mu);
	}
	pthread_mutex_unlock(&z->mu);
	z->cur = i;
	z->fill = 0;
}

void
zg_stream_feed(struct zg_stream *z, const void *p, size_t n)
{
	const uint8_t *q = p;
	size_t k;

	while (n > 0) {
		k = ZG_SEGMENT - z->fill < n ? ZG_SEGMENT - z->fill : n;
		memcpy(z->buf[z->cur] + z->fill, q, k);
		z->fill += k;
		q += k;
		n -= k;
		if (z->fill == ZG_SEGMENT) {
			if (z->nthreads > 0) {
				zs_queue(z);
			} else {
				/* no thread could start: hash here */
				struct zg_tree shape = { 0 };
				zg_hash *lv = xreallocarray(NULL,
				    ZG_SEG_CHUNKS, sizeof(zg_hash));
				uint64_t s = zs_next(z);	/* may move roots */

				shape.padded = UINT64_MAX;
				segment_root(&shape, 0, z->buf[z->cur],
				    ZG_SEGMENT, lv, z->roots[s]);
				free(lv);
				z->fill = 0;
			}
		}
	}
}

int
zg_stream_end(struct zg_stream *z, struct zg_tree *t, struct or_err *e)
{
	zg_hash *leaves;
	uint64_t s, total;
	int i, rc = 0;

	pthread_mutex_lock(&z->mu);
	z->stop = 1;
	pthread_cond_broadcast(&z->work);
	pthread_mutex_unlock(&z->mu);
	for (i = 0; i < z->nthreads; i++)
		pthread_join(z->tid[i], NULL);
	total = z->nfull * (uint64_t)ZG_SEGMENT + z->fill;
	if (t != NULL && total == 0) {
		rc = or_error(e, "zg.empty", "empty input has no 0G root");
	} else if (t != NULL) {
		set_shape(t, total);
		if (z->nfull > 0)
			memcpy(t->seg, z->roots, (size_t)z->nfull *
			    sizeof(zg_hash));
		leaves = xreallocarray(NULL, ZG_SEG_CHUNKS, sizeof(zg_hash));
		for (s = z->nfull; s < t->segments; s++)
			segment_root(t, s, z->buf[z->cur], s == z->nfull ?
			    z->fill : 0, leaves, t->seg[s]);
		free(leaves);
		finish(t);
	}
	for (i = 0; i < ZS_BUFS; i++)
		free(z->buf[i]);
	free(z->roots);
	pthread_cond_destroy(&z->work);
	pthread_cond_destroy(&z->room);
	pthread_mutex_destroy(&z->mu);
	free(z);
	return rc;
}
