/* test-tar: the path rules, the ustar split held to libarchive's own ustar
 * writer (used directly, without the tar module's checks), and the link
 * rules of the canonical archive. */
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "tar.h"
#include "../helpers/xorshift.h"

struct mem {
	unsigned char *p;
	size_t n, cap;
};

static la_ssize_t
mem_write(struct archive *a, void *arg, const void *p, size_t n)
{
	struct mem *m = arg;

	if (m->n + n > m->cap) {
		m->cap = (m->n + n) * 2;
		m->p = realloc(m->p, m->cap);
	}
	memcpy(m->p + m->n, p, n);
	m->n += n;
	return (la_ssize_t)n;
}

/* libarchive alone: 1 and the header when it takes the path, else 0. */
static int
la_header(const char *path, struct mem *m)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	int r;

	m->n = 0;
	archive_write_set_format_ustar(a);
	archive_write_add_filter_none(a);
	archive_write_set_bytes_per_block(a, 0);
	archive_write_open(a, m, NULL, mem_write, NULL);
	archive_entry_copy_pathname(e, path);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 0);
	r = archive_write_header(a, e);
	archive_entry_free(e);
	archive_write_free(a);
	return r == ARCHIVE_OK;
}

static int
null_sink(void *arg, const void *p, size_t n, struct or_err *e)
{
	return 0;
}

/* Write entries "f:path" (file) or "l:path>target" (link); return the
 * error code of the first failure, or "" when all pass and close. */
static const char *
run(const char *const *ents, struct or_err *e)
{
	struct tar_writer w;
	size_t i;
	int rc = 0;

	memset(e, 0, sizeof(*e));
	if (tar_writer_open(&w, null_sink, NULL, e) < 0)
		return e->code;
	for (i = 0; ents[i] != NULL && rc == 0; i++) {
		const char *s = ents[i] + 2, *gt = strchr(s, '>');

		if (ents[i][0] == 'f')
			rc = tar_writer_file(&w, s, strlen(s), 0, 0, e);
		else
			rc = tar_writer_link(&w, s, (size_t)(gt - s), gt + 1,
			    strlen(gt + 1), e);
	}
	if (rc == 0)
		rc = tar_writer_close(&w, e);
	tar_writer_free(&w);
	return rc == 0 ? "" : e->code;
}

int
main(void)
{
	static const struct { const char *path, *code; } paths[] = {
		{ "a", "" }, { "a/b/c.txt", "" }, { "caf\xc3\xa9", "" },
		{ "\xff\xfe", "" }, { ".gitignore", "" }, { "a/.github/x", "" },
		{ "...", "" }, { "a..b", "" }, { ".git2", "" },
		{ "", "tar.bad_path" }, { "/a", "tar.absolute_path" },
		{ "a/", "tar.bad_path" }, { "a//b", "tar.bad_path" },
		{ "./a", "tar.bad_path" }, { "a/./b", "tar.bad_path" },
		{ "..", "tar.dotdot" }, { "a/../b", "tar.dotdot" },
		{ "a/..", "tar.dotdot" }, { ".git", "tar.git_component" },
		{ "x/.GIT/y", "tar.git_component" },
		{ "x/.gIt", "tar.git_component" },
	};
	static const char *const ok1[] = { "l:a>b", "f:b", NULL };
	static const char *const ok2[] = { "l:d/l>../x", "l:d/m>.", "f:x",
		NULL };
	static const char *const ok3[] = { "l:a>d/up/../x", "l:d/up>..",
		NULL };	/* d/up is the root, d/up/../x is outside: refused */
	static const char *const ok4[] = { "l:a>b/c/..", "l:b>d", NULL };
	static const struct { const char *const *ents; const char *code; }
	    lists[] = {
		{ ok1, "" }, { ok2, "" }, { ok3, "tar.link_escape" },
		{ ok4, "" },
	};
	static const char *const bad[][4] = {
		{ "l:a>/etc", NULL }, { "l:a>..", NULL }, { "l:a/b>../..", NULL },
		{ "l:a>b", "l:b>a", NULL }, { "l:a>.git/config", NULL },
		{ "l:a>", NULL }, { "f:a", "f:a", NULL }, { "f:b", "f:a", NULL },
		{ "f:a", "f:a/b", NULL }, { "l:a>b", "f:a/x", NULL },
		{ "l:a>x/../../y", NULL }, { "l:a>x/.Git/y", NULL },
	};
	static const char *const badcode[] = { "tar.link_absolute",
		"tar.link_escape", "tar.link_escape", "tar.link_loop",
		"tar.link_git", "tar.bad_link", "tar.duplicate", "tar.unsorted",
		"tar.path_conflict", "tar.path_conflict", "tar.link_escape",
		"tar.link_git" };
	struct or_err e;
	struct mem m = { 0 };
	char path[400];
	size_t i, n, slash, k, checked = 0, refused = 0, mism = 0;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		memset(&e, 0, sizeof(e));
		tar_check_path(paths[i].path, strlen(paths[i].path), &e);
		is_str(e.code, paths[i].code, "path rule for '%s'",
		    paths[i].path);
	}

	/* the split rule of hashes.md 4.2 at its edges */
	memset(path, 'p', 10);
	path[10] = '/';
	memset(path + 11, 'n', 100);
	ok(tar_split(path, 111, &slash, &e) == 0 && slash == 10,
	    "name of exactly 100 bytes after the split");
	memset(path + 11, 'n', 101);
	ok(tar_split(path, 112, &slash, &e) < 0, "name of 101 bytes refused");
	memset(path, 'p', 155);
	path[155] = '/';
	path[156] = 'n';
	ok(tar_split(path, 157, &slash, &e) == 0 && slash == 155,
	    "prefix of exactly 155 bytes");
	memset(path, 'p', 156);
	path[156] = '/';
	path[157] = 'n';
	ok(tar_split(path, 158, &slash, &e) < 0, "prefix of 156 refused");
	memset(path, 'x', 100);
	ok(tar_split(path, 100, &slash, &e) == 0 && slash == 0,
	    "100 bytes fit in name unsplit");

	/* random paths: the module's split equals libarchive's own */
	rng = 4;
	for (k = 0; k < 3000; k++) {
		n = 90 + next() % 200;
		for (i = 0; i < n; i++)
			path[i] = "abcdefgh"[next() % 8];
		for (i = 0; i < n / 8; i++) {
			size_t at = 1 + next() % (n - 2);

			if (path[at - 1] != '/' && path[at + 1] != '/')
				path[at] = '/';
		}
		path[n] = '\0';
		memset(&e, 0, sizeof(e));
		if (tar_check_path(path, n, &e) < 0 &&
		    strcmp(e.code, "tar.path_too_long") != 0)
			continue;
		if (tar_split(path, n, &slash, &e) == 0) {
			char name[101] = { 0 }, prefix[156] = { 0 };

			if (!la_header(path, &m)) {
				mism++;
				continue;
			}
			memcpy(name, m.p, 100);
			memcpy(prefix, m.p + 345, 155);
			if (slash == 0 ? strcmp(name, path) != 0 ||
			    prefix[0] != '\0' :
			    strncmp(prefix, path, slash) != 0 ||
			    prefix[slash] != '\0' ||
			    strcmp(name, path + slash + 1) != 0)
				mism++;
		} else {
			refused++;
			if (la_header(path, &m))
				mism++;
		}
		checked++;
	}
	ok(mism == 0, "split agrees with libarchive on %zu paths (%zu "
	    "refused by both), %zu differ", checked, refused, mism);
	ok(checked >= 2000 && refused >= 100 && checked - refused >= 500,
	    "random paths cover both outcomes");

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		is_str(run(lists[i].ents, &e), lists[i].code, "entry list %zu",
		    i);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(run(bad[i], &e), badcode[i], "refused list %zu (%s)", i,
		    bad[i][0]);
	free(m.p);
	return done_testing();
}
