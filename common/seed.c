/* seed: trial seed digests. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seed.h"
#include "glob.h"
#include "hex.h"
#include "sha.h"
#include "banned.h"

static int
str_list(const cJSON *v, const char *what, const char ***out, size_t *n,
    struct or_err *e)
{
	const cJSON *c;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v))
		return or_error(e, "seed.bad_protocol", "'%s' must be an array "
		    "of globs", what);
	*n = (size_t)cJSON_GetArraySize(v);
	*out = xreallocarray(NULL, *n + 1, sizeof(**out));
	for (c = v->child; c != NULL; c = c->next) {
		if (((*out)[i++] = json_strval(c, NULL)) == NULL)
			return or_error(e, "seed.bad_protocol", "'%s' must hold "
			    "strings", what);
	}
	(*out)[i] = NULL;
	return 0;
}

int
seed_params_parse(const cJSON *p, struct seed_params *sp, struct or_err *e)
{
	const cJSON *d = json_at(p, "execution", "determinism",
	    "seedDerivation"), *v;
	uint64_t u;

	memset(sp, 0, sizeof(*sp));
	sp->mode = "none";
	sp->env_var = "ARAH_TRIAL_SEED";
	sp->bits = 64;
	sp->salt = "";
	if (!cJSON_IsObject(p))
		return or_error(e, "seed.bad_protocol", "protocol is not an "
		    "object");
	if (str_list(json_at(p, "mutableSurface", "allowedGlobs", NULL),
	    "mutableSurface.allowedGlobs", &sp->allowed, &sp->nallowed, e) < 0 ||
	    str_list(json_at(p, "mutableSurface", "forbiddenGlobs", NULL),
	    "mutableSurface.forbiddenGlobs", &sp->forbidden, &sp->nforbidden,
	    e) < 0 ||
	    str_list(json_at(p, "immutableHarness", "paths", NULL),
	    "immutableHarness.paths", &sp->harness, &sp->nharness, e) < 0)
		return -1;
	if (d == NULL)
		return 0;
	if (!cJSON_IsObject(d))
		return or_error(e, "seed.bad_protocol", "'seedDerivation' must "
		    "be an object");
	if ((v = json_get(d, "mode")) != NULL) {
		sp->mode = json_strval(v, NULL);
		if (sp->mode == NULL || (strcmp(sp->mode, "none") != 0 &&
		    strcmp(sp->mode, "fixed") != 0 &&
		    strcmp(sp->mode, "fiat_shamir") != 0))
			return or_error(e, "seed.bad_mode", "unknown seed mode "
			    "(none, fixed or fiat_shamir)");
	}
	if ((v = json_get(d, "envVar")) != NULL &&
	    (sp->env_var = json_strval(v, NULL)) == NULL)
		return or_error(e, "seed.bad_protocol", "'envVar' must be a "
		    "string");
	if (json_field_u64(d, "seedBits", 64, &u, e) < 0)
		return -1;
	if (json_get(d, "seedBits") != NULL) {
		if (u != 32 && u != 64)
			return or_error(e, "seed.bad_protocol", "'seedBits' "
			    "must be 32 or 64");
		sp->bits = (int)u;
	}
	if (json_field_u64(d, "fixedSeed", UINT64_MAX, &sp->fixed, e) < 0)
		return -1;
	if (sp->bits == 32 && sp->fixed > UINT32_MAX)
		return or_error(e, "seed.bad_protocol", "'fixedSeed' does not "
		    "fit in seedBits");
	if ((v = json_get(d, "salt")) != NULL &&
	    (sp->salt = json_strval(v, &sp->salt_len)) == NULL)
		return or_error(e, "seed.bad_protocol", "'salt' must be a "
		    "string");
	return str_list(json_get(d, "sourcePaths"), "sourcePaths",
	    &sp->source, &sp->nsource, e);
}

void
seed_params_free(struct seed_params *sp)
{
	free(sp->allowed);
	free(sp->forbidden);
	free(sp->harness);
	free(sp->source);
	memset(sp, 0, sizeof(*sp));
}

static void
begin(struct sha256 *c, const struct seed_params *sp)
{
	sha256_init(c);
	sha256_update(c, "openresearch/seed/v1\n", 21);
	sha256_update(c, sp->salt, sp->salt_len);
	sha256_update(c, "\n", 1);
}

static void
record(struct sha256 *c, const char *path, size_t plen, size_t shown_len,
    const uint8_t sha[32])
{
	char len[32], hex[67];
	int n = snprintf(len, sizeof(len), "%zu:", shown_len);

	sha256_update(c, len, (size_t)n);
	sha256_update(c, path, plen);
	sha256_update(c, "\n", 1);
	hex_encode(hex, sha, 32);
	sha256_update(c, hex + 2, 64);
	sha256_update(c, "\n", 1);
}

int
seed_v1_bytes(const struct tree *t, const struct seed_params *sp,
    uint8_t digest[32], size_t *nfiles)
{
	struct sha256 c;
	size_t i;
	const char **src = sp->nsource ? sp->source : sp->allowed;
	size_t nsrc = sp->nsource ? sp->nsource : sp->nallowed;

	begin(&c, sp);
	*nfiles = 0;
	for (i = 0; i < t->n; i++) {
		const char *p = t->e[i].path;

		if (!glob_match_any(sp->allowed, sp->nallowed, p) ||
		    glob_match_any(sp->forbidden, sp->nforbidden, p) ||
		    glob_match_any(sp->harness, sp->nharness, p) ||
		    glob_hard_denied(p) || !glob_match_any(src, nsrc, p))
			continue;
		record(&c, p, t->e[i].plen, t->e[i].plen, t->e[i].sha);
		(*nfiles)++;
	}
	sha256_final(&c, digest);
	return 0;
}

static const char *const skip_dirs[] = {
	".git", ".autoresearch", "__pycache__", "node_modules", ".venv",
	"venv", NULL
};

static int
skipped(const char *name)
{
	const char *const *s;

	for (s = skip_dirs; *s != NULL; s++)
		if (strcmp(*s, name) == 0)
			return 1;
	return 0;
}

/* Walk like the reference: links to files are followed, links to
 * directories skipped, a dangling link is an error. */
static int
ref_walk(int dirfd, struct buf *path, struct tree *t, struct or_err *e)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;
	struct stat st;
	size_t base = path->len;
	int rc = 0, fd;

	if (d == NULL) {
		close(dirfd);
		return or_error(e, "seed.read", "cannot read directory '%s'",
		    base ? path->p : ".");
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		struct tree_entry *x;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		path->len = base;
		if (base > 0)
			buf_addc(path, '/');
		buf_add(path, de->d_name, strlen(de->d_name));
		if (fstatat(dirfd, de->d_name, &st, 0) < 0) {
			rc = or_error(e, "seed.dangling_link", "cannot follow "
			    "'%s': %s", path->p, strerror(errno));
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			struct stat lst;

			if (skipped(de->d_name) || (fstatat(dirfd, de->d_name,
			    &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(lst.st_mode)))
				continue;
			fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC);
			rc = fd < 0 ? or_error(e, "seed.read", "cannot open "
			    "'%s'", path->p) : ref_walk(fd, path, t, e);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			rc = or_error(e, "seed.read", "cannot open '%s': %s",
			    path->p, strerror(errno));
			break;
		}
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 64;
			t->e = xreallocarray(t->e, t->cap, sizeof(*t->e));
		}
		x = &t->e[t->n++];
		memset(x, 0, sizeof(*x));
		x->path = xmemdup(path->p, path->len);
		x->plen = path->len;
		if (sha256_fd(fd, x->sha, &x->size) < 0)
			rc = or_error(e, "seed.read", "cannot read '%s'",
			    path->p);
		close(fd);
	}
	path->len = base;
	if (path->p != NULL)
		path->p[base] = '\0';
	closedir(d);
	return rc;
}

static size_t
code_points(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			k++;
	return k;
}

int
seed_v1_reference(const char *dir, const struct seed_params *sp,
    uint8_t digest[32], size_t *nfiles, struct or_err *e)
{
	struct tree t = { 0 };
	struct buf path = { 0 };
	struct sha256 c;
	const char **globs = sp->nsource ? sp->source : sp->allowed;
	size_t nglobs = sp->nsource ? sp->nsource : sp->nallowed, i, g;
	int fd, rc;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return or_error(e, "tree.not_a_directory", "cannot open "
		    "directory '%s': %s", dir, strerror(errno));
	rc = ref_walk(fd, &path, &t, e);
	buf_free(&path);
	if (rc < 0) {
		tree_free(&t);
		return -1;
	}
	tree_sort(&t);
	begin(&c, sp);
	*nfiles = 0;
	for (i = 0; i < t.n; i++) {
		for (g = 0; g < nglobs; g++)
			if (glob_reference_select(globs[g], t.e[i].path))
				break;
		if (g == nglobs)
			continue;
		record(&c, t.e[i].path, t.e[i].plen,
		    code_points(t.e[i].path, t.e[i].plen), t.e[i].sha);
		(*nfiles)++;
	}
	sha256_final(&c, digest);
	tree_free(&t);
	return 0;
}

uint64_t
seed_reduce(const uint8_t d[32], int bits)
{
	uint64_t v = 0;
	int i;

	for (i = 24; i < 32; i++)
		v = v << 8 | d[i];
	return bits == 32 ? v & 0xffffffffULL : v;
}

int
seed_compute(const char *protocol_path, int reference, const char *dir,
    const char *commit, const char *source, struct seed_result *r,
    struct or_err *e)
{
	struct buf text = { 0 };
	struct seed_params sp;
	struct tree t;
	cJSON *proto;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (read_file(protocol_path, 16u << 20, &text, e) < 0)
		return -1;
	proto = json_parse(text.p, text.len, 1, e);
	buf_free(&text);
	if (proto == NULL) {
		char msg[sizeof(e->msg)];

		snprintf(msg, sizeof(msg), "%s", e->msg);
		return or_error(e, "seed.bad_protocol", "'%s': %s",
		    protocol_path, msg);
	}
	if (seed_params_parse(proto, &sp, e) < 0)
		goto out;
	r->mode = strcmp(sp.mode, "fixed") == 0 ? "fixed" :
	    strcmp(sp.mode, "fiat_shamir") == 0 ? "fiat_shamir" : "none";
	r->bits = sp.bits;
	if (strcmp(r->mode, "fixed") == 0) {
		r->has_seed = 1;
		r->seed = sp.fixed;
	} else if (strcmp(r->mode, "fiat_shamir") == 0) {
		if (!reference) {
			if (tree_load(dir, commit, source, &t, e) < 0)
				goto out;
			seed_v1_bytes(&t, &sp, r->digest, &r->files);
			tree_free(&t);
		} else if (seed_v1_reference(dir, &sp, r->digest, &r->files,
		    e) < 0) {
			goto out;
		}
		r->has_seed = r->has_digest = 1;
		r->seed = seed_reduce(r->digest, sp.bits);
	}
	r->env_var = xstrdup(sp.env_var);
	rc = 0;
out:
	seed_params_free(&sp);
	cJSON_Delete(proto);
	return rc;
}

void
seed_result_free(struct seed_result *r)
{
	free(r->env_var);
	r->env_var = NULL;
}
