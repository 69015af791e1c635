/* mountinfo: split /proc/<pid>/mountinfo lines, undoing octal escapes. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "mountinfo.h"
#include "banned.h"

#define MOUNTINFO_MAX (64u << 20)	/* hosts with many mounts */

/* Undo the kernel's \ooo escapes in place (it escapes space, tab,
 * newline and backslash; any other \ooo is decoded the same way). */
static void
unescape(char *p)
{
	char *o = p;

	for (; *p != '\0'; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' &&
		    p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 +
			    (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

/* The next space-separated field of *s, NUL-terminated; NULL at the end. */
static char *
field(char **s)
{
	char *f = *s, *sp;

	if (f == NULL || *f == '\0')
		return NULL;
	sp = strchr(f, ' ');
	if (sp != NULL) {
		*sp = '\0';
		*s = sp + 1;
	} else {
		*s = NULL;
	}
	return f;
}

int
mountinfo_split(char *line, struct mountinfo *m)
{
	char *s = line, *f[6], *t;
	int i;

	/* escaped fields hold no space, so splitting on spaces is exact */
	for (i = 0; i < 6; i++)
		if ((f[i] = field(&s)) == NULL)
			return -1;
	/* optional fields ("shared:1") up to the lone "-" */
	while ((t = field(&s)) != NULL && strcmp(t, "-") != 0)
		;
	if (t == NULL)
		return -1;
	m->fstype = field(&s);
	m->source = field(&s);
	m->super = field(&s);
	if (m->super == NULL)
		return -1;
	m->root = f[3];
	m->point = f[4];
	m->opts = f[5];
	unescape(f[3]);
	unescape(f[4]);
	unescape(f[5]);
	unescape((char *)m->fstype);
	unescape((char *)m->source);
	unescape((char *)m->super);
	return 0;
}

int
mountinfo_walk(const char *path,
    int (*fn)(const struct mountinfo *m, void *arg), void *arg)
{
	struct buf b = { 0 };
	struct mountinfo m;
	char *line, *next;
	int rc = 0;

	if (read_file(path, MOUNTINFO_MAX, &b, NULL) < 0)
		return -1;
	for (line = b.p; line != NULL && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (mountinfo_split(line, &m) == 0)
			rc = fn(&m, arg);
	}
	buf_free(&b);
	return rc;
}
