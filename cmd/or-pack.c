/* or-pack: canonical archives (hashes.md section 4): pack a folder, a
 * commit or the work tree and print the archive's 0G root; unpack safely. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "hex.h"
#include "jsonl.h"
#include "outfile.h"
#include "proc.h"
#include "tar.h"
#include "tree.h"
#include "zgjson.h"
#include "zgmerkle.h"
#include "banned.h"

static const char usage[] =
"usage: or-pack pack [DIR | --commit REV | --worktree] [--paths FILE|-] [-o FILE]\n"
"       or-pack unpack [--max-bytes SIZE] [--max-entries N] [FILE DIR]\n"
"\n"
"  -C, --repo DIR         pack: the git repository of --commit and --worktree\n"
"  -c, --commit REV       pack: the tracked files of commit REV\n"
"      --worktree         pack: tracked files as on disk and untracked files\n"
"                         that git does not ignore\n"
"      --paths FILE       pack: keep only the paths of FILE's JSON-lines\n"
"                         records ('-' = stdin)\n"
"  -o, --output FILE      pack: write the archive to FILE\n"
"      --max-bytes SIZE   unpack: most file bytes in all (default 1G)\n"
"      --max-entries N    unpack: most entries (default 250000)\n"
"  -q, --quiet            no stderr line for each failed record\n"
"      --fail-fast        stop after the first failed record\n"
"  -h, --help             print this help and exit\n"
"      --version          print the version and exit\n";

#define PATHS_MAX ((size_t)1 << 30)
#define OUTBUF ((size_t)1 << 18)

struct opts {
	int unpack, worktree;
	const char *repo, *commit, *paths, *output;
	struct tar_limits lim;
};

enum { OPT_WORKTREE = OPT_TOOL_BASE, OPT_PATHS, OPT_MAX_BYTES,
	OPT_MAX_ENTRIES };

/* ---- pack ---- */

/* The archive bytes go to the output file (if any) and to the 0G root's
 * worker threads, which hash each full segment while the next is packed. */
struct out {
	struct outfile f;
	int has_file;
	struct zg_stream *zs;
	struct buf b;
	off_t written;
};

/* Out of memory ends the run at once: the temporary output goes too. */
static const char *volatile pack_tmp;

static void
pack_cleanup(void)
{
	if (pack_tmp != NULL)
		unlink(pack_tmp);
}

static int
out_flush(struct out *o, struct or_err *e)
{
	if (o->b.len == 0)
		return 0;
	if (write_in_full(o->f.fd, o->b.p, o->b.len) < 0)
		return or_error_st(e, 3, "file.write", "cannot write '%s': %s",
		    o->f.path, strerror(errno));
	/* writeback starts now, so the fsync at the end has little left */
	sync_file_range(o->f.fd, o->written, (off_t)o->b.len,
	    SYNC_FILE_RANGE_WRITE);
	o->written += (off_t)o->b.len;
	o->b.len = 0;
	return 0;
}

static int
out_sink(void *arg, const void *p, size_t n, struct or_err *e)
{
	struct out *o = arg;

	zg_stream_feed(o->zs, p, n);
	if (!o->has_file)
		return 0;
	buf_add(&o->b, p, n);
	return o->b.len >= OUTBUF ? out_flush(o, e) : 0;
}

/* The paths named by the "path" fields of JSON-lines records, sorted. */
static int
load_paths(const char *file, char ***out, size_t *np, struct or_err *e)
{
	struct buf b = { 0 };
	char **v = NULL, *p, *end, *nl;
	size_t n = 0, cap = 0, len, line = 0;
	cJSON *rec;
	const char *s;
	int rc = -1;

	if (strcmp(file, "-") == 0) {
		char tmp[65536];
		ssize_t r;

		while ((r = read_in_full(0, tmp, sizeof(tmp))) > 0) {
			if (b.len + (size_t)r > PATHS_MAX) {
				rc = or_error(e, "file.too_large", "--paths "
				    "input is over 1 GiB");
				goto out;
			}
			buf_add(&b, tmp, (size_t)r);
		}
		if (r < 0) {
			rc = or_error_st(e, 3, "file.read", "cannot read "
			    "'stdin': %s", strerror(errno));
			goto out;
		}
	} else if (read_file(file, PATHS_MAX, &b, e) < 0) {
		goto out;
	}
	for (p = b.p, end = b.p + b.len; p != NULL && p < end; p = nl) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (nl != NULL)
			nl++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (strspn(p, " \t") >= len)
			continue;
		if ((rec = json_parse(p, len, 1, e)) == NULL) {
			snprintf(e->msg + strlen(e->msg), sizeof(e->msg) -
			    strlen(e->msg), " (--paths line %zu)", line);
			goto out;
		}
		if (json_get(rec, "error") != NULL) {
			cJSON_Delete(rec);
			rc = or_error(e, "pack.paths_error", "--paths line %zu "
			    "carries an upstream error", line);
			goto out;
		}
		if (json_field_str(rec, "path", &s, &len, e) <= 0 ||
		    memchr(s, '\0', len) != NULL) {
			cJSON_Delete(rec);
			rc = or_error(e, "pack.paths_no_path", "--paths line "
			    "%zu has no 'path' string", line);
			goto out;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = xmemdup(s, len);
		cJSON_Delete(rec);
	}
	rc = 0;
out:
	buf_free(&b);
	*out = v;
	*np = n;
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep the entries of t named in the list; every name must be an entry. */
static int
keep_paths(struct tree *t, char **v, size_t n, struct or_err *e)
{
	size_t i, k = 0;
	char *key;

	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		size_t lo = 0, hi = t->n;

		while (lo < hi) {	/* t is sorted in the same order */
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(t->e[mid].path, v[i]);

			if (c == 0) {
				lo = mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= t->n || strcmp(t->e[lo].path, v[i]) != 0)
			return or_error(e, "pack.path_not_found", "--paths "
			    "names '%s', which is not in the tree", v[i]);
	}
	for (i = 0; i < t->n; i++) {
		key = t->e[i].path;
		if (n > 0 && bsearch(&key, v, n, sizeof(*v), cmp_str) != NULL)
			t->e[k++] = t->e[i];
		else
			free(t->e[i].path);
	}
	t->n = k;
	return 0;
}

/* The top folder of the work tree that holds dir. */
static int
toplevel(const char *dir, struct buf *top, struct or_err *e)
{
	char *argv[] = { "git", "rev-parse", "--show-toplevel", NULL };
	int st;

	if (proc_capture(dir, argv, top, 65536, &st, e) < 0)
		return -1;
	if (st != 0 || top->len == 0)
		return or_error(e, "tree.git_failed", "'%s' is not in a git "
		    "work tree", dir);
	while (top->len > 0 && top->p[top->len - 1] == '\n')
		top->p[--top->len] = '\0';
	return 0;
}

/* The record's source: exactly one of dir, commit and worktree. */
static int
pack_fields(const struct jl *j, cJSON *rec, const char **dir,
    const char **commit, int *worktree, const char **repo,
    const char **paths, const char **output, struct or_err *e)
{
	*dir = *commit = *repo = *paths = *output = NULL;
	*worktree = 0;
	if (json_field_str(rec, "dir", dir, NULL, e) < 0 ||
	    json_field_str(rec, "commit", commit, NULL, e) < 0 ||
	    json_field_bool(rec, "worktree", worktree, e) < 0 ||
	    json_field_str(rec, "repo", repo, NULL, e) < 0 ||
	    json_field_str(rec, "paths", paths, NULL, e) < 0 ||
	    json_field_str(rec, "output", output, NULL, e) < 0)
		return -1;
	if ((*dir != NULL) + (*commit != NULL) + (*worktree != 0) != 1)
		return or_error(e, "pack.bad_source", "give exactly one of "
		    "'dir', 'commit' and 'worktree'");
	if (*paths != NULL && strcmp(*paths, "-") == 0 && !j->argmode)
		return or_error(e, "pack.bad_source", "'paths' '-' (stdin) is "
		    "only for argument mode");
	if (*output != NULL && **output == '\0')
		return or_error(e, "pack.bad_source", "'output' is empty");
	if (*repo != NULL && *dir != NULL)
		return or_error(e, "pack.bad_source", "'repo' goes with "
		    "'commit' or 'worktree', not 'dir'");
	return 0;
}

/* Threads for the 0G root: one per processor beyond the packer's. */
static int
hash_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 2 ? (int)(n - 1) : 1;
}

static int
do_pack(const struct jl *j, cJSON *rec, struct or_err *e)
{
	struct tree t = { 0 };
	struct buf top = { 0 };
	struct out out;
	struct zg_tree zt = { 0 };
	struct or_err zerr = { 0 };
	const char *dir, *commit, *repo, *paths_file, *output;
	char **paths = NULL, hex[67];
	size_t np = 0, i;
	uint64_t entries = 0;
	int rc = -1, flags = TREE_LIST, worktree, hashed = 0;

	if (pack_fields(j, rec, &dir, &commit, &worktree, &repo, &paths_file,
	    &output, e) < 0)
		return -1;
	memset(&out, 0, sizeof(out));
	if (paths_file != NULL && load_paths(paths_file, &paths, &np, e) < 0)
		goto done;
	if (worktree) {
		if (toplevel(repo ? repo : ".", &top, e) < 0)
			goto done;
		dir = top.p;
		flags |= TREE_UNTRACKED | TREE_SKIP_DELETED;
	} else if (commit != NULL) {
		dir = repo ? repo : ".";
	}
	if (tree_list(dir, commit, worktree ? "worktree" : commit ? "commit" :
	    "dir", flags, &t, e) < 0)
		goto done;
	if (paths_file != NULL && keep_paths(&t, paths, np, e) < 0)
		goto done;
	if (output != NULL) {
		if (outfile_open(&out.f, output, e) < 0)
			goto done;
		out.has_file = 1;
		pack_tmp = out.f.tmp;
	}
	out.zs = zg_stream_new(hash_threads());
	rc = tar_pack(dir, &t, out_sink, &out, &entries, e);
	if (rc == 0 && out.has_file)
		rc = out_flush(&out, e);
	if (zg_stream_end(out.zs, rc == 0 ? &zt : NULL, &zerr) < 0 &&
	    rc == 0) {
		*e = zerr;
		rc = -1;
	}
	out.zs = NULL;
	hashed = rc == 0;
	/* root and size are checked fields: a record can carry them */
	if (rc == 0)
		rc = zgjson_check(rec, &zt, e);
	if (rc == 0 && out.has_file) {
		out.has_file = 0;
		pack_tmp = NULL;
		rc = outfile_commit(&out.f, e);
	}
	if (rc == 0) {
		hex_encode(hex, zt.root, 32);
		json_set_str(rec, "root", hex);
		json_set(rec, "size", json_new_uint(zt.size));
		json_set(rec, "entries", json_new_uint(entries));
	}
	if (hashed)
		zg_free(&zt);
done:
	pack_tmp = NULL;
	if (out.has_file)
		outfile_abort(&out.f);
	buf_free(&out.b);
	for (i = 0; i < np; i++)
		free(paths[i]);
	free(paths);
	tree_free(&t);
	buf_free(&top);
	return rc;
}

/* ---- unpack ---- */

/* Raw stdin or a pipe, copied to an unlinked temporary file the reader
 * can seek; in is closed. */
static int
spool(int in, const char *name, uint64_t max, struct or_err *e)
{
	const char *td = getenv("TMPDIR");
	char *tmp = xasprintf("%s/or-pack.XXXXXX", td && *td ? td : "/tmp");
	char buf[65536];
	uint64_t total = 0;
	ssize_t r;
	int fd;

	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmp);
	free(tmp);
	if (fd < 0) {
		if (in > 0)
			close(in);
		return or_error_st(e, 3, "file.write", "cannot create a "
		    "temporary file: %s", strerror(errno));
	}
	while ((r = read_in_full(in, buf, sizeof(buf))) > 0) {
		total += (uint64_t)r;
		if (total > max) {
			r = 0;
			break;
		}
		if (write_in_full(fd, buf, (size_t)r) < 0) {
			r = -2;
			break;
		}
	}
	if (in > 0)
		close(in);
	if (total > max || r < 0) {
		int err = errno;

		close(fd);
		if (total > max)
			return or_error(e, "tar.too_large", "the archive in "
			    "'%s' is larger than %llu bytes", name,
			    (unsigned long long)max);
		return r == -2 ? or_error_st(e, 3, "file.write", "cannot "
		    "spool '%s': %s", name, strerror(err)) :
		    or_error_st(e, 3, "file.read", "cannot read '%s': %s",
		    name, strerror(err));
	}
	return fd;
}

/* Out of memory ends the run at once: the half-made folder goes too. */
static struct tar_stats unpack_st;

static void
unpack_cleanup(void)
{
	if (unpack_st.work != NULL)
		tar_remove(unpack_st.work);
}

static int
do_unpack(const struct jl *j, const struct opts *o, cJSON *rec,
    struct or_err *e)
{
	struct tar_stats *st = &unpack_st;
	struct stat sb;
	const char *file, *dir;
	uint64_t max;
	int fd, rc;

	if ((rc = json_field_str(rec, "path", &file, NULL, e)) < 0 ||
	    (rc == 0 && or_error(e, "pack.no_input", "record has no 'path' "
	    "(the archive)") < 0) ||
	    (rc = json_field_str(rec, "dir", &dir, NULL, e)) < 0 ||
	    (rc == 0 && or_error(e, "pack.no_input", "record has no 'dir' "
	    "(the folder to unpack into)") < 0))
		return -1;
	if (strcmp(file, "-") == 0 && !j->argmode)
		return or_error(e, "pack.no_input", "'path' '-' (stdin) is only "
		    "for argument mode");
	/* headers and padding on top of the file bytes */
	if (o->lim.max_entries > (UINT64_MAX - o->lim.max_bytes) / 1024 - 2)
		max = UINT64_MAX;
	else
		max = o->lim.max_bytes + (o->lim.max_entries + 2) * 1024;
	if (strcmp(file, "-") == 0) {
		fd = spool(0, "stdin", max, e);
	} else {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return or_error(e, "file.open", "cannot open '%s': %s",
			    file, strerror(errno));
		if (fstat(fd, &sb) == 0 && (S_ISFIFO(sb.st_mode) ||
		    S_ISCHR(sb.st_mode) || S_ISSOCK(sb.st_mode)))
			fd = spool(fd, file, max, e);	/* <(...), /dev/stdin */
	}
	if (fd < 0)
		return -1;
	rc = tar_unpack(fd, strcmp(file, "-") == 0 ? "stdin" : file, dir,
	    &o->lim, st, e);
	close(fd);
	if (rc == 0) {
		json_set(rec, "entries", json_new_uint(st->entries));
		json_set(rec, "bytes", json_new_uint(st->bytes));
	}
	return rc;
}

static void
parse_opts(int argc, char *argv[], int *argcp, char ***argvp, struct opts *o,
    struct jl *j)
{
	static const struct option lo[] = {
		{ "commit", required_argument, NULL, 'c' },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "help", no_argument, NULL, 'h' },
		{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
		{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
		{ "output", required_argument, NULL, 'o' },
		{ "paths", required_argument, NULL, OPT_PATHS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "repo", required_argument, NULL, 'C' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "worktree", no_argument, NULL, OPT_WORKTREE },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t n;
	int c, pass, limits = 0, stream;

	memset(o, 0, sizeof(*o));
	o->lim.max_bytes = (uint64_t)1 << 30;
	o->lim.max_entries = 250000;
	opterr = 0;
	/* options may stand before the verb too: "+" stops at the verb; the
	 * rest is parsed afresh (optind 0 resets getopt's ordering mode) */
	for (pass = 0; pass < 2; pass++) {
	while ((c = getopt_long(argc, argv, pass ? "C:c:ho:q" : "+C:c:ho:q",
	    lo, NULL)) != -1) {
		switch (c) {
		case 'C': o->repo = optarg; break;
		case 'c': o->commit = optarg; break;
		case 'h': cli_help(usage);
		case 'o': o->output = optarg; break;
		case 'q': j->quiet = 1; break;
		case OPT_FAIL_FAST: j->fail_fast = 1; break;
		case OPT_MAX_BYTES:
			if (parse_size(optarg, &n) < 0 || n == 0)
				cli_usage_error(usage, "--max-bytes takes a "
				    "size such as 512M, not '%s'", optarg);
			o->lim.max_bytes = n;
			limits = 1;
			break;
		case OPT_MAX_ENTRIES:
			if (parse_u64(optarg, &n) < 0 || n == 0)
				cli_usage_error(usage, "--max-entries takes a "
				    "positive count, not '%s'", optarg);
			o->lim.max_entries = n;
			limits = 1;
			break;
		case OPT_PATHS: o->paths = optarg; break;
		case OPT_VERSION: cli_version();
		case OPT_WORKTREE: o->worktree = 1; break;
		default: cli_bad_option(usage, argv);
		}
	}
	if (pass == 1)
		break;
	if (optind >= argc)
		cli_usage_error(usage, "missing verb (pack or unpack)");
	if (strcmp(argv[optind], "unpack") == 0)
		o->unpack = 1;
	else if (strcmp(argv[optind], "pack") != 0)
		cli_unknown_verb(usage, argv[optind],
		    (const char *const[]){ "pack", "unpack", NULL });
	/* argv[optind] (the verb) becomes the program name of the rest */
	argc -= optind;
	argv += optind;
	*argcp = argc;
	*argvp = argv;
	optind = 0;
	}
	if (o->unpack) {
		if (o->commit || o->worktree || o->paths || o->output || o->repo)
			cli_usage_error(usage, "--commit, --worktree, --paths, "
			    "-o and --repo are for pack");
		if (argc - optind != 2 && argc - optind != 0)
			cli_usage_error(usage, "unpack takes FILE and DIR");
		/* a terminal on stdin is not a stream (conventions.md 3) */
		if ((argc == optind || strcmp(argv[optind], "-") == 0) &&
		    isatty(0))
			cli_usage_error(usage, "unpack: give FILE and DIR, or "
			    "pipe the archive (-) or JSON lines");
		return;
	}
	if (limits)
		cli_usage_error(usage, "--max-bytes and --max-entries are for "
		    "unpack");
	if ((o->commit != NULL) + o->worktree + (argc - optind > 0) > 1 ||
	    argc - optind > 1)
		cli_usage_error(usage, "pack takes one of DIR, --commit REV and "
		    "--worktree");
	if (o->output != NULL && *o->output == '\0')
		cli_usage_error(usage, "-o needs a file name");
	stream = o->commit == NULL && !o->worktree && argc == optind;
	if (o->paths != NULL && strcmp(o->paths, "-") == 0 && stream)
		cli_usage_error(usage, "--paths - needs DIR, --commit or "
		    "--worktree: without them stdin holds the records");
	if (o->paths != NULL && strcmp(o->paths, "-") == 0 && isatty(0))
		cli_usage_error(usage, "--paths -: pipe JSON lines with a "
		    "'path' field, or give FILE");
	if (stream)
		cli_terminal_stdin(usage, "pack",
		    "DIR, --commit REV or --worktree");
	if (o->repo != NULL && argc > optind)
		cli_usage_error(usage, "--repo goes with --commit or "
		    "--worktree");
}

/* Options give defaults for records that lack the field; the source
 * options only for records that name no source. */
static void
apply_defaults(const struct opts *o, cJSON *rec)
{
	if (o->unpack)
		return;
	if (json_get(rec, "dir") == NULL && json_get(rec, "commit") == NULL &&
	    json_get(rec, "worktree") == NULL) {
		if (o->commit != NULL)
			json_set_str(rec, "commit", o->commit);
		if (o->worktree)
			json_set_bool(rec, "worktree", 1);
	}
	if (o->repo != NULL && json_get(rec, "repo") == NULL &&
	    json_get(rec, "dir") == NULL)
		json_set_str(rec, "repo", o->repo);
	if (o->paths != NULL && json_get(rec, "paths") == NULL)
		json_set_str(rec, "paths", o->paths);
	if (o->output != NULL && json_get(rec, "output") == NULL)
		json_set_str(rec, "output", o->output);
}

static int
enrich(struct jl *j, const struct opts *o, cJSON *rec)
{
	return o->unpack ? do_unpack(j, o, rec, &j->err) :
	    do_pack(j, rec, &j->err);
}

/* A system failure (status 3) ends the run at once, after its record.
 * Names from the command line were used as their bytes; the output shows
 * them as UTF-8, each invalid sequence U+FFFD (conventions.md 4). */
static void
emit(struct jl *j, cJSON *rec, int rc)
{
	static const char *const names[] = { "path", "dir", "output", "repo",
		"paths", "commit", NULL };
	int fatal = rc < 0 && j->err.status == 3;
	const char *s;
	size_t i, n;

	for (i = 0; names[i] != NULL; i++)
		if ((s = json_strval(json_get(rec, names[i]), &n)) != NULL)
			json_set(rec, names[i], json_new_lossy(s, n));
	jl_emit(j, rec, rc);
	if (fatal) {
		jl_finish(j);
		exit(3);
	}
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct jl j;
	cJSON *rec;

	util_setprog(argv[0]);
	jl_init(&j, "or-pack");
	parse_opts(argc, argv, &argc, &argv, &o, &j);
	atexit(o.unpack ? unpack_cleanup : pack_cleanup);
	if (o.unpack ? optind < argc : optind < argc || o.commit != NULL ||
	    o.worktree) {
		/* the record the operands stand for */
		j.argmode = 1;
		rec = json_object();
		/* the operands' own bytes: a name that is not UTF-8 still
		 * names its file (the output shows it with U+FFFD) */
		if (o.unpack) {
			json_set_str(rec, "path", argv[optind]);
			json_set_str(rec, "dir", argv[optind + 1]);
		} else if (optind < argc) {
			json_set_str(rec, "dir", argv[optind]);
		}
		apply_defaults(&o, rec);
		emit(&j, rec, enrich(&j, &o, rec));
		return jl_finish(&j);
	}
	while ((rec = jl_next(&j)) != NULL && !j.stop) {
		apply_defaults(&o, rec);
		emit(&j, rec, enrich(&j, &o, rec));
	}
	return jl_finish(&j);
}
