/* mountinfo: the one /proc/<pid>/mountinfo parser of the sandbox (proc(5)),
 * with escaped paths, optional fields, malformed lines and a real file. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "sandbox/mountinfo.h"

struct count {
	int lines, slash;
	char points[4][64];
};

static int
each(const struct mountinfo *m, void *arg)
{
	struct count *c = arg;

	if (c->lines < 4)
		snprintf(c->points[c->lines], sizeof(c->points[0]), "%s",
		    m->point);
	c->lines++;
	if (strcmp(m->point, "/") == 0)
		c->slash = 1;
	return 0;
}

static int
stop_second(const struct mountinfo *m, void *arg)
{
	int *n = arg;

	return ++*n == 2 ? 7 : 0;
}

int
main(void)
{
	static const struct {
		const char *line, *root, *point, *opts, *fstype, *source, *super;
	} good[] = {
		/* proc(5)'s example */
		{ "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root "
		  "rw,errors=continue", "/mnt1", "/mnt2", "rw,noatime", "ext3",
		  "/dev/root", "rw,errors=continue" },
		/* no optional field; a v1 controller */
		{ "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup "
		  "rw,memory", "/", "/sys/fs/cgroup/memory", "rw,relatime",
		  "cgroup", "cgroup", "rw,memory" },
		/* several optional fields */
		{ "1 0 8:1 / / rw shared:1 master:2 propagate_from:3 - ext4 "
		  "/dev/sda1 rw", "/", "/", "rw", "ext4", "/dev/sda1", "rw" },
		/* space, tab, newline and backslash escaped in paths */
		{ "40 1 0:50 /a\\040b /mnt/my\\040dir\\011x\\012y\\134z rw - "
		  "tmpfs my\\040src rw,size=1k", "/a b", "/mnt/my dir\tx\ny\\z",
		  "rw", "tmpfs", "my src", "rw,size=1k" },
		/* a mount point that looks like the separator */
		{ "41 1 0:51 / /x\\040-\\040y rw - tmpfs none rw", "/", "/x - y",
		  "rw", "tmpfs", "none", "rw" },
		/* a backslash not followed by three octal digits stays */
		{ "42 1 0:52 / /p\\9q\\04 rw - tmpfs none rw", "/", "/p\\9q\\04",
		  "rw", "tmpfs", "none", "rw" },
		/* \\ooo above \\377 is not an escape */
		{ "43 1 0:53 / /h\\400 rw - tmpfs none rw", "/", "/h\\400",
		  "rw", "tmpfs", "none", "rw" },
	};
	static const char *const bad[] = {
		"", "36 35 98:0 /mnt1 /mnt2", "36 35 98:0 /mnt1 /mnt2 rw shared:1",
		"36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root",
		"36 35 98:0 /mnt1 /mnt2 rw - ext3",
	};
	char tmp[] = "/tmp/test-mountinfo.XXXXXX";
	struct mountinfo m;
	struct count c = { 0 };
	size_t i, n_good = 0, n_bad = 0;
	int fd, n = 0;
	FILE *f;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++, n_good++) {
		char *line = strdup(good[i].line);

		ok(mountinfo_split(line, &m) == 0, "line %zu splits", i);
		is_str(m.root, good[i].root, "line %zu: root", i);
		is_str(m.point, good[i].point, "line %zu: mount point", i);
		is_str(m.opts, good[i].opts, "line %zu: options", i);
		is_str(m.fstype, good[i].fstype, "line %zu: fstype", i);
		is_str(m.source, good[i].source, "line %zu: source", i);
		is_str(m.super, good[i].super, "line %zu: super options", i);
		free(line);
	}
	ok(n_good == 7, "7 well-formed lines checked (%zu)", n_good);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++, n_bad++) {
		char *line = strdup(bad[i]);

		ok(mountinfo_split(line, &m) < 0, "malformed '%s' refused",
		    bad[i]);
		free(line);
	}
	ok(n_bad == 5, "5 malformed lines checked (%zu)", n_bad);

	/* a file: malformed lines are skipped, escapes undone */
	fd = mkstemp(tmp);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	ok(f != NULL, "temp file");
	if (f == NULL)
		return 1;
	fprintf(f, "%s\nnot a line\n%s\n%s", good[0].line, good[3].line,
	    good[1].line);	/* the last line has no newline */
	fclose(f);
	ok(mountinfo_walk(tmp, each, &c) == 0, "walk a file");
	ok(c.lines == 3, "3 mounts in the file (%d)", c.lines);
	is_str(c.points[1], "/mnt/my dir\tx\ny\\z", "escaped point via walk");
	is_str(c.points[2], "/sys/fs/cgroup/memory", "last line without a "
	    "newline");
	ok(mountinfo_walk(tmp, stop_second, &n) == 7 && n == 2, "the "
	    "callback's non-zero value stops the walk and is returned");
	unlink(tmp);
	ok(mountinfo_walk(tmp, each, &c) < 0, "a missing file is -1");

	/* the kernel's own file: / is a mount point */
	memset(&c, 0, sizeof(c));
	ok(mountinfo_walk("/proc/self/mountinfo", each, &c) == 0 &&
	    c.lines > 0 && c.slash, "/proc/self/mountinfo has / (%d mounts)",
	    c.lines);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
