/* abicache: ABI files and the last signature kept between records
 * (abicache.h). */
#include <stdlib.h>
#include <string.h>

#include "abicache.h"
#include "banned.h"

struct abicache_file {
	char *path;
	struct abi_file f;
	int pinned;
	struct abicache_file *next;
};

const struct abi_file *
abicache_file(struct abicache *c, const char *path, int pin,
    struct or_err *e)
{
	struct abicache_file *cf;
	struct abi_file f;

	for (cf = c->files; cf != NULL; cf = cf->next)
		if (strcmp(cf->path, path) == 0)
			break;
	if (cf == NULL) {
		if (abi_file_read(path, &f, e) < 0)
			return NULL;
		cf = xcalloc(1, sizeof(*cf));
		cf->path = xstrdup(path);
		cf->f = f;
		cf->next = c->files;
		c->files = cf;
		c->nfiles++;
	}
	if (pin && !cf->pinned) {
		cf->pinned = 1;
		c->pinned = xreallocarray(c->pinned, c->npinned + 1,
		    sizeof(*c->pinned));
		c->pinned[c->npinned++] = &cf->f;
	}
	return &cf->f;
}

int
abicache_pin(struct abicache *c, const char *const *paths, size_t n,
    struct or_err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (abicache_file(c, paths[i], 1, e) == NULL)
			return -1;
	return 0;
}

static void
drop(struct abicache *c, struct abicache_file **pp)
{
	struct abicache_file *cf = *pp;

	*pp = cf->next;
	abi_file_free(&cf->f);
	free(cf->path);
	free(cf);
	c->nfiles--;
}

void
abicache_trim(struct abicache *c)
{
	struct abicache_file **pp = &c->files;

	if (c->nfiles <= ABICACHE_FILES_MAX)
		return;
	while (*pp != NULL) {
		if ((*pp)->pinned)
			pp = &(*pp)->next;
		else
			drop(c, pp);
	}
}

const struct abi_sig *
abicache_sig(struct abicache *c, const char *text, enum abi_what what,
    struct or_err *e)
{
	struct abi_sig *g;

	if (c->sig_text != NULL && c->sig_what == what &&
	    strcmp(c->sig_text, text) == 0)
		return c->sig;
	if ((g = abi_sig_parse(text, what, e)) == NULL)
		return NULL;
	free(c->sig_text);
	abi_sig_free(c->sig);
	c->sig_text = xstrdup(text);
	c->sig_what = what;
	c->sig = g;
	return g;
}

void
abicache_free(struct abicache *c)
{
	while (c->files != NULL)
		drop(c, &c->files);
	free(c->pinned);
	free(c->sig_text);
	abi_sig_free(c->sig);
	memset(c, 0, sizeof(*c));
}
