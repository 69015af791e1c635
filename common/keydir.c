/* keydir: keystore folders (see keydir.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "hex.h"
#include "keydir.h"
#include "keystore.h"
#include "banned.h"

void
keydir_filename(char *dst, size_t size, const uint8_t addr[20],
    const struct timespec *ts)
{
	struct tm tm;
	char a[43];

	gmtime_r(&ts->tv_sec, &tm);
	hex_encode(a, addr, 20);
	snprintf(dst, size, "UTC--%04d-%02d-%02dT%02d-%02d-%02d.%09ldZ--%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)ts->tv_nsec, a + 2);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
keydir_list(const char *dir, char ***names, struct or_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;
	struct stat st;

	if (d == NULL)
		return or_error_st(e, 3, "file.open", "cannot open '%s': %s",
		    dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, 0) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		v = xreallocarray(v, n + 2, sizeof(*v));
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	v = xreallocarray(v, n + 1, sizeof(*v));
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_names);
	*names = v;
	return 0;
}

int
keydir_peek(const char *path, uint8_t addr[20])
{
	struct buf text = { 0 };
	struct or_err e;
	int r;

	r = read_file(path, 1 << 20, &text, &e) == 0 ?
	    keystore_peek(text.p, text.len, addr, &e) : -1;
	buf_free(&text);
	return r;
}

int
keydir_find(const char *dir, const uint8_t addr[20], char **path,
    struct or_err *e)
{
	char **names, want[43], *p, *first = NULL;
	uint8_t got[20];
	size_t i, len, wl, nameless = 0;
	int r;

	if (keydir_list(dir, &names, e) < 0)
		return -1;
	hex_encode(want, addr, 20);
	wl = strlen(want + 2);
	*path = NULL;
	/* geth's names end in --<address>: no file needs to be read */
	for (i = 0; names[i] != NULL && *path == NULL; i++) {
		len = strlen(names[i]);
		if (len > wl + 2 && strncasecmp(names[i] + len - wl, want + 2,
		    wl) == 0 && names[i][len - wl - 1] == '-')
			*path = xasprintf("%s/%s", dir, names[i]);
	}
	for (i = 0; names[i] != NULL && *path == NULL; i++) {
		p = xasprintf("%s/%s", dir, names[i]);
		r = keydir_peek(p, got);
		if (r == 1 && memcmp(got, addr, 20) == 0) {
			*path = p;
			continue;
		}
		/* a v3 keystore that does not say whose key it holds */
		if (r == 0 && nameless++ == 0)
			first = xstrdup(p);
		free(p);
	}
	for (i = 0; names[i] != NULL; i++)
		free(names[i]);
	free(names);
	if (*path == NULL && nameless > 0)
		or_error(e, "keystore.not_found", "no keystore for '%s' in "
		    "'%s'; '%s'%s has no 'address' field, so it cannot be "
		    "matched: if it holds this key, pass it with --keystore "
		    "'%s'", want, dir, first, nameless > 1 ?
		    " (and more files)" : "", first);
	else if (*path == NULL)
		or_error(e, "keystore.not_found",
		    "no keystore for '%s' in '%s'", want, dir);
	free(first);
	return *path == NULL ? -1 : 0;
}
