/* tar: canonical ustar archives.  Writing goes through libarchive with the
 * settings of hashes.md 4.3; reading parses each header, then re-encodes
 * the entry through the same writer into a sink that compares the result
 * with the input bytes, so only canonical archives are accepted. */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <xxhash.h>

#include "tar.h"
#include "banned.h"

/* ---- the entry index: every path written so far, with link targets ---- */

struct ix_ent {
	char *path, *target;	/* target NULL for a regular file */
	size_t plen, tlen;
};

struct tar_index {
	struct ix_ent *v;
	size_t n, cap;
	size_t *slot, nslot;	/* open addressing; 0 empty, else index+1 */
	uint64_t seed;
};

/* Paths come from untrusted archives: the table's hash is seeded at
 * random, so no archive can aim its paths at one chain. */
static uint64_t
ix_hash(const struct tar_index *ix, const char *p, size_t n)
{
	return XXH3_64bits_withSeed(p, n, ix->seed);
}

static struct ix_ent *
ix_find(const struct tar_index *ix, const char *p, size_t n)
{
	size_t i, s;

	if (ix->nslot == 0)
		return NULL;
	for (i = (size_t)ix_hash(ix, p, n) & (ix->nslot - 1); (s = ix->slot[i]) != 0;
	    i = (i + 1) & (ix->nslot - 1)) {
		struct ix_ent *x = &ix->v[s - 1];

		if (x->plen == n && memcmp(x->path, p, n) == 0)
			return x;
	}
	return NULL;
}

static void
ix_slot(struct tar_index *ix, size_t k)
{
	size_t i = (size_t)ix_hash(ix, ix->v[k].path, ix->v[k].plen) &
	    (ix->nslot - 1);

	while (ix->slot[i] != 0)
		i = (i + 1) & (ix->nslot - 1);
	ix->slot[i] = k + 1;
}

static void
ix_add(struct tar_index *ix, const char *p, size_t n, const char *t,
    size_t tn)
{
	size_t k;

	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? 2 * ix->cap : 64;
		ix->v = xreallocarray(ix->v, ix->cap, sizeof(*ix->v));
	}
	ix->v[ix->n].path = xmemdup(p, n);
	ix->v[ix->n].plen = n;
	ix->v[ix->n].target = t != NULL ? xmemdup(t, tn) : NULL;
	ix->v[ix->n].tlen = tn;
	ix->n++;
	if (2 * ix->n > ix->nslot) {
		ix->nslot = ix->nslot ? 2 * ix->nslot : 128;
		free(ix->slot);
		ix->slot = xcalloc(ix->nslot, sizeof(*ix->slot));
		for (k = 0; k < ix->n; k++)
			ix_slot(ix, k);
	} else {
		ix_slot(ix, ix->n - 1);
	}
}

static void
ix_free(struct tar_index *ix)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->n; i++) {
		free(ix->v[i].path);
		free(ix->v[i].target);
	}
	free(ix->v);
	free(ix->slot);
	free(ix);
}

/* ---- the rules of 4.1 ---- */

static int
is_git(const char *c, size_t n)
{
	return n == 4 && strncasecmp(c, ".git", 4) == 0;
}

int
tar_split(const char *path, size_t n, size_t *slash, struct or_err *e)
{
	size_t i;

	*slash = 0;
	if (n <= 100)
		return 0;
	for (i = n - 101; i < n; i++)
		if (path[i] == '/' && i != 0)
			break;
	if (i >= n || i + 1 == n || i > 155)
		return or_error(e, "tar.path_too_long", "path '%.*s' cannot be "
		    "stored in a ustar header (%zu bytes; the part after a '/' "
		    "must fit in 100 bytes and the part before it in 155)",
		    (int)n, path, n);
	*slash = i;
	return 0;
}

int
tar_check_path(const char *path, size_t n, struct or_err *e)
{
	size_t i, start, slash;

	if (n == 0)
		return or_error(e, "tar.bad_path", "empty path");
	if (memchr(path, '\0', n) != NULL)
		return or_error(e, "tar.bad_path", "path '%s' holds a NUL byte",
		    path);
	if (path[0] == '/')
		return or_error(e, "tar.absolute_path", "absolute path '%.*s'",
		    (int)n, path);
	if (path[n - 1] == '/')
		return or_error(e, "tar.bad_path", "path '%.*s' ends in '/'",
		    (int)n, path);
	for (start = 0, i = 0; i <= n; i++) {
		const char *c = path + start;
		size_t cl = i - start;

		if (i < n && path[i] != '/')
			continue;
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			return or_error(e, "tar.bad_path", "path '%.*s' has an "
			    "empty or '.' component", (int)n, path);
		if (cl == 2 && c[0] == '.' && c[1] == '.')
			return or_error(e, "tar.dotdot", "path '%.*s' has a "
			    "'..' component", (int)n, path);
		if (is_git(c, cl))
			return or_error(e, "tar.git_component", "path '%.*s' "
			    "has a '.git' component", (int)n, path);
		start = i + 1;
	}
	return tar_split(path, n, &slash, e);
}

/* Resolve link (a path in the tree) to its target, lexically from the
 * link's own folder; with follow, links met on the way are replaced by
 * their targets (at most TAR_HOPS_MAX times).  Fails when the walk leaves
 * the tree. */
static int
resolve(const struct tar_index *ix, const char *link, size_t ln,
    const char *target, size_t tn, int follow, struct or_err *e)
{
	struct buf cur = { 0 }, rest = { 0 }, tmp = { 0 };
	size_t pos = 0, i, cl;
	const char *c;
	int hops = 0, rc = 0;

	for (i = ln; i > 0 && link[i - 1] != '/'; i--)
		;
	buf_add(&cur, link, i > 0 ? i - 1 : 0);
	buf_add(&rest, target, tn);
	while (rc == 0 && pos < rest.len) {
		c = rest.p + pos;
		for (cl = 0; pos + cl < rest.len && c[cl] != '/'; cl++)
			;
		pos += cl + 1;
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			continue;
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			if (cur.len == 0) {
				rc = or_error(e, "tar.link_escape", "link '%.*s' "
				    "-> '%.*s' leads outside the tree",
				    (int)ln, link, (int)tn, target);
				break;
			}
			while (cur.len > 0 && cur.p[cur.len - 1] != '/')
				cur.len--;
			if (cur.len > 0)
				cur.len--;
			cur.p[cur.len] = '\0';
			continue;
		}
		if (is_git(c, cl)) {
			rc = or_error(e, "tar.link_git", "link '%.*s' -> '%.*s' "
			    "leads into a '.git' folder", (int)ln, link,
			    (int)tn, target);
			break;
		}
		i = cur.len;
		if (cur.len > 0)
			buf_addc(&cur, '/');
		buf_add(&cur, c, cl);
		if (follow) {
			const struct ix_ent *x = ix_find(ix, cur.p, cur.len);

			if (x == NULL || x->target == NULL)
				continue;
			if (++hops > TAR_HOPS_MAX) {
				rc = or_error(e, "tar.link_loop", "link '%.*s' "
				    "-> '%.*s' passes through more than %d "
				    "links", (int)ln, link, (int)tn, target,
				    TAR_HOPS_MAX);
				break;
			}
			/* continue from the link's folder with its target */
			tmp.len = 0;
			buf_add(&tmp, x->target, x->tlen);
			buf_addc(&tmp, '/');
			if (pos < rest.len)
				buf_add(&tmp, rest.p + pos, rest.len - pos);
			rest.len = 0;
			buf_add(&rest, tmp.p, tmp.len);
			pos = 0;
			cur.len = i;
			cur.p[i] = '\0';
		}
	}
	buf_free(&cur);
	buf_free(&rest);
	buf_free(&tmp);
	return rc;
}

/* Order, duplicates and an entry below a file or link. */
static int
check_entry(struct tar_index *ix, const char *path, size_t n,
    struct or_err *e)
{
	const struct ix_ent *prev = ix->n ? &ix->v[ix->n - 1] : NULL;
	size_t i, m;
	int c;

	if (tar_check_path(path, n, e) < 0)
		return -1;
	if (prev != NULL) {
		m = prev->plen < n ? prev->plen : n;
		c = memcmp(prev->path, path, m);
		if (c == 0 && prev->plen == n)
			return or_error(e, "tar.duplicate", "duplicate entry "
			    "'%.*s'", (int)n, path);
		if (c > 0 || (c == 0 && prev->plen > n))
			return or_error(e, "tar.unsorted", "entry '%.*s' comes "
			    "after '%s' (entries go in path-byte order)",
			    (int)n, path, prev->path);
	}
	for (i = 0; i < n; i++)
		if (path[i] == '/' && ix_find(ix, path, i) != NULL)
			return or_error(e, "tar.path_conflict", "entry '%.*s' "
			    "lies below '%.*s', which is a file or a link",
			    (int)n, path, (int)i, path);
	return 0;
}

/* ---- the writer ---- */

/* A failing sink is not reported to libarchive, whose fatal state would
 * leak its client buffer (3.6.2): the failure is kept, later bytes are
 * dropped, and every writer call checks sink_failed. */
static la_ssize_t
cb_write(struct archive *a, void *arg, const void *p, size_t n)
{
	struct tar_writer *w = arg;

	if (w->sink == NULL || w->sink_failed)
		return (la_ssize_t)n;
	if (w->sink(w->arg, p, n, &w->err) < 0)
		w->sink_failed = 1;
	else
		w->out += n;
	return (la_ssize_t)n;
}

static int
sink_check(struct tar_writer *w, struct or_err *e)
{
	if (!w->sink_failed)
		return 0;
	*e = w->err;
	return -1;
}

static int
la_failed(struct tar_writer *w, const char *what, const char *path,
    struct or_err *e)
{
	if (w->sink_failed) {
		*e = w->err;
		return -1;
	}
	return or_error_st(e, 3, "tar.encode", "cannot %s '%s': %s", what,
	    path, archive_error_string(w->a) ? archive_error_string(w->a) :
	    "libarchive failed");
}

int
tar_writer_open(struct tar_writer *w, tar_sink sink, void *arg,
    struct or_err *e)
{
	memset(w, 0, sizeof(*w));
	w->sink = sink;
	w->arg = arg;
	w->ix = xcalloc(1, sizeof(*w->ix));
	if (random_fill(&w->ix->seed, sizeof(w->ix->seed)) < 0)
		w->ix->seed = (uint64_t)(uintptr_t)w ^ 0x9e3779b97f4a7c15ULL;
	w->a = archive_write_new();
	w->ent = archive_entry_new();
	if (w->a == NULL || w->ent == NULL)
		die_oom();
	/* unblocked output: every header reaches the sink when written */
	if (archive_write_set_format_ustar(w->a) != ARCHIVE_OK ||
	    archive_write_add_filter_none(w->a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(w->a, 0) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(w->a, 1) != ARCHIVE_OK ||
	    archive_write_open(w->a, w, NULL, cb_write, NULL) != ARCHIVE_OK) {
		la_failed(w, "start", "archive", e);
		tar_writer_free(w);
		return -1;
	}
	return 0;
}

static void
entry_common(struct archive_entry *ent, const char *path)
{
	archive_entry_clear(ent);
	archive_entry_copy_pathname(ent, path);
	archive_entry_set_mtime(ent, 0, 0);
	archive_entry_set_uid(ent, 0);
	archive_entry_set_gid(ent, 0);
}

static int
owed(struct tar_writer *w, struct or_err *e)
{
	if (w->left != 0)
		return or_error_st(e, 3, "tar.encode", "the previous file is "
		    "%llu bytes short", (unsigned long long)w->left);
	return 0;
}

int
tar_writer_file(struct tar_writer *w, const char *path, size_t n, int exec,
    uint64_t size, struct or_err *e)
{
	char *p;
	int r;

	if (owed(w, e) < 0 || check_entry(w->ix, path, n, e) < 0)
		return -1;
	if (size > TAR_FILE_MAX)
		return or_error(e, "tar.file_too_large", "'%.*s' is %llu bytes; "
		    "a ustar entry holds less than 8 GiB", (int)n, path,
		    (unsigned long long)size);
	ix_add(w->ix, path, n, NULL, 0);
	p = xmemdup(path, n);
	entry_common(w->ent, p);
	archive_entry_set_filetype(w->ent, AE_IFREG);
	archive_entry_set_perm(w->ent, exec ? 0755 : 0644);
	archive_entry_set_size(w->ent, (la_int64_t)size);
	r = archive_write_header(w->a, w->ent);
	if (r != ARCHIVE_OK) {
		la_failed(w, "write the header of", p, e);
		free(p);
		return -1;
	}
	free(p);
	if (sink_check(w, e) < 0)
		return -1;
	w->left = size;
	w->entries++;
	w->bytes += size;
	return 0;
}

int
tar_writer_data(struct tar_writer *w, const void *p, size_t n,
    struct or_err *e)
{
	if (n > w->left)
		return or_error_st(e, 3, "tar.encode", "%zu bytes of data for "
		    "a file that takes %llu more", n,
		    (unsigned long long)w->left);
	if (n == 0)
		return 0;
	if (archive_write_data(w->a, p, n) != (la_ssize_t)n)
		return la_failed(w, "write data of", "entry", e);
	w->left -= n;
	return sink_check(w, e);
}

int
tar_writer_link(struct tar_writer *w, const char *path, size_t n,
    const char *target, size_t tn, struct or_err *e)
{
	char *p, *t;
	int r;

	if (owed(w, e) < 0 || check_entry(w->ix, path, n, e) < 0)
		return -1;
	if (tn == 0 || memchr(target, '\0', tn) != NULL)
		return or_error(e, "tar.bad_link", "link '%.*s' has an empty "
		    "target or one holding a NUL byte", (int)n, path);
	if (target[0] == '/')
		return or_error(e, "tar.link_absolute", "link '%.*s' has the "
		    "absolute target '%.*s'", (int)n, path, (int)tn, target);
	if (tn > TAR_LINK_MAX)
		return or_error(e, "tar.link_too_long", "link '%.*s' has a "
		    "target of %zu bytes; ustar holds 100", (int)n, path, tn);
	if (resolve(w->ix, path, n, target, tn, 0, e) < 0)
		return -1;
	ix_add(w->ix, path, n, target, tn);
	p = xmemdup(path, n);
	t = xmemdup(target, tn);
	entry_common(w->ent, p);
	archive_entry_set_filetype(w->ent, AE_IFLNK);
	archive_entry_set_perm(w->ent, 0777);
	archive_entry_set_size(w->ent, 0);
	archive_entry_copy_symlink(w->ent, t);
	r = archive_write_header(w->a, w->ent);
	if (r != ARCHIVE_OK)
		la_failed(w, "write the header of", p, e);
	free(p);
	free(t);
	if (r != ARCHIVE_OK || sink_check(w, e) < 0)
		return -1;
	w->entries++;
	return 0;
}

int
tar_writer_close(struct tar_writer *w, struct or_err *e)
{
	size_t i;

	if (owed(w, e) < 0)
		return -1;
	for (i = 0; i < w->ix->n; i++) {
		const struct ix_ent *x = &w->ix->v[i];

		if (x->target != NULL && resolve(w->ix, x->path, x->plen,
		    x->target, x->tlen, 1, e) < 0)
			return -1;
	}
	if (archive_write_close(w->a) != ARCHIVE_OK)
		return la_failed(w, "finish", "archive", e);
	return sink_check(w, e);
}

void
tar_writer_free(struct tar_writer *w)
{
	w->sink = NULL;		/* nothing more reaches the sink */
	if (w->a != NULL)
		archive_write_free(w->a);
	if (w->ent != NULL)
		archive_entry_free(w->ent);
	ix_free(w->ix);
	memset(w, 0, sizeof(*w));
}

/* ---- packing a tree ---- */

struct packer {
	struct tar_writer w;
	struct tree_entry *x;
	struct buf target;
	int link;
};

static int
pk_begin(void *arg, struct tree_entry *x, uint64_t size, struct or_err *e)
{
	struct packer *k = arg;

	k->x = x;
	k->link = strcmp(x->mode, "120000") == 0;
	k->target.len = 0;
	if (k->link)
		return 0;
	return tar_writer_file(&k->w, x->path, x->plen,
	    strcmp(x->mode, "100755") == 0, size, e);
}

static int
pk_data(void *arg, const void *p, size_t n, struct or_err *e)
{
	struct packer *k = arg;

	if (!k->link)
		return tar_writer_data(&k->w, p, n, e);
	if (k->target.len + n > 4096)
		return or_error(e, "tar.link_too_long", "link '%s' has a "
		    "target over 4096 bytes", k->x->path);
	buf_add(&k->target, p, n);
	return 0;
}

static int
pk_end(void *arg, struct or_err *e)
{
	struct packer *k = arg;

	if (!k->link)
		return 0;
	return tar_writer_link(&k->w, k->x->path, k->x->plen,
	    k->target.p != NULL ? k->target.p : "", k->target.len, e);
}

int
tar_pack(const char *dir, struct tree *t, tar_sink sink, void *arg,
    uint64_t *entries, struct or_err *e)
{
	struct packer k;
	struct tree_sink s = { pk_begin, pk_data, pk_end, &k };
	size_t i;
	int rc;

	memset(&k, 0, sizeof(k));
	/* the path rules first, so that no content is read for nothing */
	for (i = 0; i < t->n; i++)
		if (tar_check_path(t->e[i].path, t->e[i].plen, e) < 0)
			return -1;
	if (tar_writer_open(&k.w, sink, arg, e) < 0)
		return -1;
	rc = tree_stream(dir, t, &s, e);
	if (rc == 0)
		rc = tar_writer_close(&k.w, e);
	if (rc == 0 && entries != NULL)
		*entries = k.w.entries;
	tar_writer_free(&k.w);
	buf_free(&k.target);
	return rc;
}

/* ---- reading and extracting ---- */

struct reader {
	int fd;
	const char *name;
	uint64_t fsize, cmp;	/* compared up to cmp */
	uint64_t hdr;		/* offset of the current header */
	char cur[TAR_BLOCK + 16], prev[TAR_BLOCK + 16];	/* for messages */
	int at_end;
};

/* The ustar field at offset off of a header. */
static const char *
field_at(size_t off)
{
	static const struct { size_t end; const char *name; } f[] = {
		{ 100, "name" }, { 108, "mode" }, { 116, "uid" },
		{ 124, "gid" }, { 136, "size" }, { 148, "mtime" },
		{ 156, "checksum" }, { 157, "typeflag" }, { 257, "linkname" },
		{ 263, "magic" }, { 265, "version" }, { 297, "uname" },
		{ 329, "gname" }, { 337, "devmajor" }, { 345, "devminor" },
		{ 500, "prefix" }, { 512, "header padding" },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (off < f[i].end)
			return f[i].name;
	return "data";
}

static int
truncated(const struct reader *r, uint64_t off, struct or_err *e)
{
	return or_error(e, "tar.truncated", "'%s' is truncated: it ends at "
	    "byte %llu, inside an entry or before the two end blocks",
	    r->name, (unsigned long long)off);
}

static int
pread_full(int fd, void *p, size_t n, uint64_t off)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = pread(fd, (char *)p + got, n - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? -1 : (int)0;
		got += (size_t)k;
	}
	return 1;
}

/* The sink of re-encoded bytes: they must equal the input. */
static int
compare(void *arg, const void *p, size_t n, struct or_err *e)
{
	struct reader *r = arg;
	const unsigned char *q = p;
	unsigned char buf[65536];
	size_t k, i;

	while (n > 0) {
		k = n < sizeof(buf) ? n : sizeof(buf);
		if (r->cmp + k > r->fsize)
			return truncated(r, r->fsize, e);
		if (pread_full(r->fd, buf, k, r->cmp) <= 0)
			return or_error_st(e, 3, "tar.read", "cannot read "
			    "'%s': %s", r->name, strerror(errno ? errno : EIO));
		if (memcmp(buf, q, k) != 0) {
			uint64_t at;

			for (i = 0; buf[i] == q[i]; i++)
				;
			at = r->cmp + i;
			if (at < r->hdr)
				return or_error(e, "tar.not_canonical", "'%s' "
				    "is not canonical: byte %llu (data padding "
				    "of %s) is not zero", r->name,
				    (unsigned long long)at, r->prev);
			if (r->at_end)
				return or_error(e, "tar.not_canonical", "'%s' "
				    "is not canonical: byte %llu of its end "
				    "blocks is not zero", r->name,
				    (unsigned long long)at);
			return or_error(e, "tar.not_canonical", "'%s' is not "
			    "canonical: byte %llu (%s of %s) differs from "
			    "the canonical encoding", r->name,
			    (unsigned long long)at, at < r->hdr + TAR_BLOCK ?
			    field_at((size_t)(at - r->hdr)) : "data", r->cur);
		}
		r->cmp += k;
		q += k;
		n -= k;
	}
	return 0;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return 0;
	return 1;
}

/* 11 octal digits and a space, as the writer makes them; else -1. */
static int
octal11(const unsigned char *f, uint64_t *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 11; i++) {
		if (f[i] < '0' || f[i] > '7')
			return -1;
		*v = *v * 8 + (uint64_t)(f[i] - '0');
	}
	return f[11] == ' ' ? 0 : -1;
}

static int
checksum_ok(const unsigned char *h)
{
	uint64_t sum = 0, want = 0;
	int i;

	for (i = 0; i < TAR_BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	for (i = 148; i < 156 && h[i] >= '0' && h[i] <= '7'; i++)
		want = want * 8 + (uint64_t)(h[i] - '0');
	return i > 148 && sum == want;
}

static int
typeflag(const struct reader *r, int t, const char *path, struct or_err *e)
{
	switch (t) {
	case '0':
	case '2':
		return 0;
	case '1':
		return or_error(e, "tar.hard_link", "'%s': entry '%s' is a hard "
		    "link", r->name, path);
	case '3':
	case '4':
		return or_error(e, "tar.device", "'%s': entry '%s' is a device",
		    r->name, path);
	case '5':
		return or_error(e, "tar.directory", "'%s': entry '%s' is a "
		    "directory entry (canonical archives have none)", r->name,
		    path);
	case '6':
		return or_error(e, "tar.fifo", "'%s': entry '%s' is a FIFO",
		    r->name, path);
	case 'x':
	case 'g':
	case 'L':
	case 'K':
		return or_error(e, "tar.extension_header", "'%s': entry '%s' "
		    "is a %s extension header", r->name, path,
		    t == 'x' || t == 'g' ? "pax" : "GNU long-name");
	default:
		return or_error(e, "tar.unsupported_entry", "'%s': entry '%s' "
		    "has the unsupported type '%c' (0x%02x)", r->name, path,
		    t >= 0x20 && t < 0x7f ? t : '?', t);
	}
}

/* The parent folder of path below root, created 0755 as needed, reached
 * without following links; *name is the last part. */
static int
open_dirs(int root, char *path, const char **name, struct or_err *e)
{
	char *p = path, *slash;
	int fd = dup(root), next;

	if (fd < 0)
		return or_error_st(e, 3, "tar.write", "dup: %s",
		    strerror(errno));
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	while ((slash = strchr(p, '/')) != NULL) {
		int made;

		*slash = '\0';
		made = mkdirat(fd, p, 0755) == 0;
		if (!made && errno != EEXIST) {
			*slash = '/';
			close(fd);
			return or_error_st(e, 3, "tar.write", "cannot create "
			    "folder for '%s': %s", path, strerror(errno));
		}
		next = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		*slash = '/';
		close(fd);
		if (next < 0)
			return or_error(e, "tar.path_conflict", "cannot open the "
			    "folder of '%s': %s", path, strerror(errno));
		if (made && fchmod(next, 0755) < 0) {
			close(next);
			return or_error_st(e, 3, "tar.write", "chmod: %s",
			    strerror(errno));
		}
		fd = next;
		p = slash + 1;
	}
	*name = p;
	return fd;
}

/* Remove name below `at` and everything in it, never following links.
 * getdents64 on a stack buffer: this also runs at exit after malloc
 * failed. */
static void
remove_tree(int at, const char *name)
{
	char buf[4096];
	long n, i;
	int fd;

	if (unlinkat(at, name, 0) == 0)
		return;
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd >= 0) {
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
			for (i = 0; i < n;) {
				struct linux_dirent64 {
					uint64_t ino;
					int64_t off;
					unsigned short reclen;
					unsigned char type;
					char name[];
				} *d = (void *)(buf + i);

				if (strcmp(d->name, ".") != 0 &&
				    strcmp(d->name, "..") != 0)
					remove_tree(fd, d->name);
				i += d->reclen;
			}
		close(fd);
	}
	unlinkat(at, name, AT_REMOVEDIR);
}

static int
dest_fresh(const char *dest, struct or_err *e)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	int fd, empty = 1;

	if (lstat(dest, &st) < 0)
		return errno == ENOENT ? 0 : or_error(e, "tar.dest_exists",
		    "cannot use '%s': %s", dest, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return or_error(e, "tar.dest_exists", "'%s' exists and is not "
		    "an empty folder", dest);
	fd = open(dest, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return or_error(e, "tar.dest_exists", "cannot read '%s': %s",
		    dest, strerror(errno));
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty)
		return or_error(e, "tar.dest_exists", "'%s' is not empty", dest);
	return 0;
}

void
tar_remove(const char *path)
{
	remove_tree(AT_FDCWD, path);
}

struct unpack {
	struct reader r;
	struct tar_writer w;
	char cdir[TAR_BLOCK];	/* the folder of the last entry, and its fd */
	size_t clen;
	int cfd;
	const struct tar_limits *lim;
	int root;
};

/* open_dirs with the folder of the previous entry kept open: entries come
 * sorted, so neighbours mostly share it. */
static int
entry_dir(struct unpack *u, char *path, const char **name, struct or_err *e)
{
	char *slash = strrchr(path, '/');
	size_t n = slash != NULL ? (size_t)(slash - path) : 0;
	int fd;

	if (u->cfd >= 0 && n == u->clen && memcmp(path, u->cdir, n) == 0) {
		*name = slash != NULL ? slash + 1 : path;
		fd = fcntl(u->cfd, F_DUPFD_CLOEXEC, 0);
		return fd >= 0 ? fd : or_error_st(e, 3, "tar.write", "dup: %s",
		    strerror(errno));
	}
	if ((fd = open_dirs(u->root, path, name, e)) < 0)
		return -1;
	if (u->cfd >= 0)
		close(u->cfd);
	u->cfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	memcpy(u->cdir, path, n);
	u->clen = n;
	return fd;
}

static int
extract_file(struct unpack *u, char *path, size_t n, int exec, uint64_t off,
    uint64_t size, struct or_err *e)
{
	char buf[65536];
	const char *name;
	uint64_t left;
	int dfd, fd, rc = 0;

	if (tar_writer_file(&u->w, path, n, exec, size, e) < 0)
		return -1;
	if ((dfd = entry_dir(u, path, &name, e)) < 0)
		return -1;
	fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	close(dfd);
	if (fd < 0)
		return or_error_st(e, 3, "tar.write", "cannot create '%s': %s",
		    path, strerror(errno));
	for (left = size; rc == 0 && left > 0;) {
		size_t k = left < sizeof(buf) ? (size_t)left : sizeof(buf);

		if (pread_full(u->r.fd, buf, k, off) <= 0)
			rc = truncated(&u->r, off, e);
		else if ((rc = tar_writer_data(&u->w, buf, k, e)) == 0 &&
		    write_in_full(fd, buf, k) < 0)
			rc = or_error_st(e, 3, "tar.write", "cannot write "
			    "'%s': %s", path, strerror(errno));
		off += k;
		left -= k;
	}
	if (rc == 0 && fchmod(fd, exec ? 0755 : 0644) < 0)
		rc = or_error_st(e, 3, "tar.write", "chmod '%s': %s", path,
		    strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = or_error_st(e, 3, "tar.write", "cannot write '%s': %s",
		    path, strerror(errno));
	return rc;
}

static int
extract_link(struct unpack *u, char *path, size_t n, const char *target,
    size_t tn, struct or_err *e)
{
	const char *name;
	int dfd, rc = 0;

	if (tar_writer_link(&u->w, path, n, target, tn, e) < 0)
		return -1;
	if ((dfd = entry_dir(u, path, &name, e)) < 0)
		return -1;
	if (symlinkat(target, dfd, name) < 0)
		rc = or_error_st(e, 3, "tar.write", "cannot create link '%s': "
		    "%s", path, strerror(errno));
	close(dfd);
	return rc;
}

/* One entry at *off: parse, check, re-encode, extract.  1 at the end. */
static int
one_entry(struct unpack *u, struct tar_stats *st, uint64_t *off,
    struct or_err *e)
{
	unsigned char h[TAR_BLOCK];
	char path[TAR_BLOCK], target[TAR_LINK_MAX + 1];
	size_t nl, pl, n, tn;
	uint64_t size;
	int rc;

	if (*off + TAR_BLOCK > u->r.fsize ||
	    pread_full(u->r.fd, h, TAR_BLOCK, *off) <= 0)
		return truncated(&u->r, u->r.fsize, e);
	if (all_zero(h, TAR_BLOCK))
		return 1;
	nl = strnlen((char *)h, 100);
	pl = strnlen((char *)h + 345, 155);
	n = 0;
	if (pl > 0) {
		memcpy(path, h + 345, pl);
		path[pl] = '/';
		n = pl + 1;
	}
	memcpy(path + n, h, nl);
	n += nl;
	path[n] = '\0';
	if (!checksum_ok(h))
		return or_error(e, "tar.bad_checksum", "'%s': the header at "
		    "byte %llu ('%s') has a wrong checksum", u->r.name,
		    (unsigned long long)*off, path);
	if (typeflag(&u->r, h[156], path, e) < 0)
		return -1;
	if (memcmp(h + 257, "ustar\0" "00", 8) != 0)
		return or_error(e, "tar.not_canonical", "'%s': the header at "
		    "byte %llu ('%s') is not a POSIX ustar header", u->r.name,
		    (unsigned long long)*off, path);
	if (octal11(h + 124, &size) < 0)
		return or_error(e, "tar.not_canonical", "'%s': entry '%s' has "
		    "a size field that is not 11 octal digits and a space",
		    u->r.name, path);
	if (st->entries + 1 > u->lim->max_entries)
		return or_error(e, "tar.too_many_entries", "'%s' has more than "
		    "%llu entries", u->r.name,
		    (unsigned long long)u->lim->max_entries);
	if (size > u->lim->max_bytes - st->bytes)
		return or_error(e, "tar.too_large", "'%s' expands to more than "
		    "%llu bytes (entry '%s')", u->r.name,
		    (unsigned long long)u->lim->max_bytes, path);
	if (size > u->r.fsize - *off - TAR_BLOCK)
		return truncated(&u->r, u->r.fsize, e);
	memcpy(u->r.prev, u->r.cur, sizeof(u->r.cur));
	snprintf(u->r.cur, sizeof(u->r.cur), "entry '%s'", path);
	u->r.hdr = *off;
	if (h[156] == '2') {
		tn = strnlen((char *)h + 157, TAR_LINK_MAX);
		memcpy(target, h + 157, tn);
		target[tn] = '\0';
		rc = extract_link(u, path, n, target, tn, e);
	} else {
		rc = extract_file(u, path, n, memcmp(h + 100, "000755 \0", 8) ==
		    0, *off + TAR_BLOCK, size, e);
	}
	if (rc < 0)
		return -1;
	st->entries++;
	st->bytes += size;
	*off += TAR_BLOCK + (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
	return 0;
}

static int
unpack_into(struct unpack *u, struct tar_stats *st, struct or_err *e)
{
	uint64_t off = 0;
	int rc;

	while ((rc = one_entry(u, st, &off, e)) == 0)
		;
	if (rc < 0)
		return -1;
	memcpy(u->r.prev, u->r.cur, sizeof(u->r.cur));
	u->r.at_end = 1;
	u->r.hdr = off;
	if (tar_writer_close(&u->w, e) < 0)
		return -1;
	if (u->r.cmp != u->r.fsize)
		return or_error(e, "tar.trailing_data", "'%s' has %llu bytes "
		    "after its two end blocks", u->r.name,
		    (unsigned long long)(u->r.fsize - u->r.cmp));
	return 0;
}

int
tar_unpack(int fd, const char *name, const char *dest,
    const struct tar_limits *lim, struct tar_stats *st, struct or_err *e)
{
	struct unpack u;
	struct stat sb;
	char *copy = NULL, *parent = NULL, *tmp = NULL, *base;
	size_t dl = strlen(dest);
	int pfd = -1, rc = -1;

	memset(st, 0, sizeof(*st));
	memset(&u, 0, sizeof(u));
	u.root = u.cfd = -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		return or_error(e, "tar.not_a_file", "'%s' is not a regular "
		    "file", name);
	while (dl > 1 && dest[dl - 1] == '/')
		dl--;
	copy = xmemdup(dest, dl);
	base = strrchr(copy, '/');
	parent = base == NULL ? xstrdup(".") : base == copy ? xstrdup("/") :
	    xmemdup(copy, (size_t)(base - copy));
	base = base == NULL ? copy : base + 1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		rc = or_error(e, "tar.bad_dest", "'%s' cannot be the folder to "
		    "unpack into", dest);
		goto out;
	}
	if (dest_fresh(copy, e) < 0)
		goto out;
	pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) {
		rc = or_error(e, "tar.bad_dest", "cannot open the folder of "
		    "'%s': %s", dest, strerror(errno));
		goto out;
	}
	tmp = xasprintf("%s/.or-pack-unpack.XXXXXX", parent);
	if (mkdtemp(tmp) == NULL) {
		rc = or_error_st(e, 3, "tar.write", "cannot create a folder "
		    "beside '%s': %s", dest, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	st->work = tmp;
	u.root = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (u.root < 0) {
		rc = or_error_st(e, 3, "tar.write", "cannot open '%s': %s", tmp,
		    strerror(errno));
		goto out;
	}
	u.r.fd = fd;
	u.r.name = name;
	u.r.fsize = (uint64_t)sb.st_size;
	u.lim = lim;
	if (tar_writer_open(&u.w, compare, &u.r, e) < 0)
		goto out;
	rc = unpack_into(&u, st, e);
	tar_writer_free(&u.w);
	if (rc == 0 && fchmod(u.root, 0755) < 0)
		rc = or_error_st(e, 3, "tar.write", "chmod '%s': %s", tmp,
		    strerror(errno));
	if (rc == 0 && rename(tmp, copy) < 0)
		rc = errno == ENOTEMPTY || errno == EEXIST ? or_error(e,
		    "tar.dest_exists", "'%s' is not empty", dest) :
		    or_error_st(e, 3, "tar.write", "cannot rename '%s' to "
		    "'%s': %s", tmp, dest, strerror(errno));
	if (rc == 0) {
		fsync(pfd);
		st->size = u.r.fsize;
	}
out:
	if (u.cfd >= 0)
		close(u.cfd);
	if (u.root >= 0)
		close(u.root);
	if (rc < 0 && tmp != NULL && pfd >= 0)
		remove_tree(pfd, tmp + strlen(parent) + 1);
	st->work = NULL;
	if (pfd >= 0)
		close(pfd);
	free(tmp);
	free(parent);
	free(copy);
	return rc;
}
