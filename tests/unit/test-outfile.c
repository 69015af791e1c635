/* outfile: -o FILE is replaced atomically, never through a symbolic link
 * and never over a non-regular file; a failed run leaves nothing behind. */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "outfile.h"

static char dir[] = "/tmp/or-test-outfile.XXXXXX";

static int
has(const char *path, const char *want)
{
	struct or_err e;
	struct buf b = { 0 };
	int r = read_file(path, 100, &b, &e) == 0 && strcmp(b.p, want) == 0;

	buf_free(&b);
	return r;
}

int
main(void)
{
	struct outfile o;
	struct or_err e;
	struct stat st;
	char out[64], link[64], folder[64];
	int rc;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	snprintf(folder, sizeof(folder), "%s/folder", dir);

	ok(outfile_open(&o, out, &e) == 0 && write_in_full(o.fd, "one", 3) == 0 &&
	    outfile_commit(&o, &e) == 0 && has(out, "one"), "a new file is made");
	ok(chmod(out, 0640) == 0, "chmod");
	ok(outfile_open(&o, out, &e) == 0 && write_in_full(o.fd, "two", 3) == 0 &&
	    outfile_commit(&o, &e) == 0 && has(out, "two") &&
	    stat(out, &st) == 0 && (st.st_mode & 0777) == 0640,
	    "a regular file is replaced, its mode kept");

	ok(symlink("out", link) == 0, "symlink");
	rc = outfile_open(&o, link, &e);
	ok(rc < 0 && strcmp(e.code, "file.not_regular") == 0 &&
	    strstr(e.msg, "is a symbolic link, not a regular file") != NULL,
	    "a link is refused at open: %s", rc < 0 ? e.msg : "opened");
	if (rc == 0)
		outfile_abort(&o);
	ok(mkdir(folder, 0700) == 0, "mkdir");
	rc = outfile_open(&o, folder, &e);
	ok(rc < 0 && strcmp(e.code, "file.not_regular") == 0 &&
	    strstr(e.msg, "is a folder") != NULL,
	    "a folder is refused at open: %s", rc < 0 ? e.msg : "opened");
	if (rc == 0)
		outfile_abort(&o);

	/* a link put in place of the file while it is written */
	ok(outfile_open(&o, out, &e) == 0 && write_in_full(o.fd, "bad", 3) == 0,
	    "open and write");
	ok(unlink(out) == 0 && symlink("folder", out) == 0, "swap in a link");
	ok(outfile_commit(&o, &e) < 0 && strcmp(e.code, "file.not_regular") == 0,
	    "a link swapped in before commit is not replaced");
	ok(lstat(out, &st) == 0 && S_ISLNK(st.st_mode), "the link is kept");
	ok(tap_entries(dir) == 3, "no temp file left behind (%d entries)",
	    tap_entries(dir));

	unlink(out);
	unlink(link);
	rmdir(folder);
	ok(rmdir(dir) == 0, "the test folder held only its fixtures");
	return done_testing();
}
