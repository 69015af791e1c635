/* output: the kept tail of a stream against a plain copy of its last bytes,
 * and output files replaced like the shell's > (conventions.md 3): never
 * through a link, never a FIFO, device or folder, nothing left on discard. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "sandbox/output.h"

static char dir[] = "/tmp/test-output.XXXXXX";

static char *
path(const char *name)
{
	static char p[2][256];	/* two at once: symlink(path(a), path(b)) */
	static int k;

	k = !k;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static char *
slurp(const char *name)
{
	static char b[256];
	int fd = open(path(name), O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, b, sizeof(b) - 1);

	if (fd >= 0)
		close(fd);
	b[n < 0 ? 0 : n] = '\0';
	return b;
}

/* Entries in the folder; *temps counts temporary files left behind. */
static int
entries(int *temps)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	*temps = 0;
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ".or-sandbox.", 12) == 0)
			(*temps)++;
		else if (de->d_name[0] != '.')
			n++;
	}
	if (d != NULL)
		closedir(d);
	return n;
}

/* Write text through an output file and commit or discard it. */
static int
put(const char *name, const char *text, int commit, struct or_err *e)
{
	struct output_file f;
	int rc = output_open(&f, path(name), e);

	if (rc == 0 && write(f.fd, text, strlen(text)) != (ssize_t)strlen(text))
		rc = -1;
	if (rc == 0 && commit)
		rc = output_commit(&f, e);
	output_discard(&f);
	return rc;
}

static void
tails(void)
{
	static const size_t maxes[] = { 0, 1, 7, 64, 1000 };
	static const size_t chunks[] = { 1, 3, 7, 64, 65, 999, 2500 };
	char *all = malloc(20000), *got;
	size_t m, c, n, i, checked = 0;
	int fds[2];

	for (i = 0; i < 20000; i++)
		all[i] = (char)('a' + (i * 7 + i / 13) % 26);
	for (m = 0; m < sizeof(maxes) / sizeof(maxes[0]); m++)
		for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
			struct output_tail t = { 0 };
			size_t keep, len = 0;
			ssize_t r;

			t.max = maxes[m];
			for (n = 0; n < 20000; n += chunks[c]) {
				size_t k = 20000 - n < chunks[c] ? 20000 - n :
				    chunks[c];

				output_tail_add(&t, all + n, k);
			}
			keep = maxes[m] < 20000 ? maxes[m] : 20000;
			got = calloc(1, keep + 2);
			if (pipe(fds) < 0 || output_tail_write(&t, fds[1]) < 0)
				return;
			close(fds[1]);
			while ((r = read(fds[0], got + len, keep + 1 - len)) > 0)
				len += (size_t)r;
			close(fds[0]);
			ok(t.total == 20000 && len == keep &&
			    memcmp(got, all + 20000 - keep, keep) == 0,
			    "tail max %zu, chunks of %zu: the last %zu bytes",
			    maxes[m], chunks[c], keep);
			free(got);
			free(t.p);
			checked++;
		}
	ok(checked == 35, "35 tail cases checked (%zu)", checked);
	free(all);
}

int
main(void)
{
	struct output_file f;
	struct or_err e;
	struct stat st;
	int fd, n, temps;
	char cmd[300];

	tails();
	if (mkdtemp(dir) == NULL)
		return 1;
	ok(put("new", "one\n", 1, &e) == 0 && strcmp(slurp("new"), "one\n") == 0,
	    "a new file is created");
	ok(put("new", "2\n", 1, &e) == 0 && strcmp(slurp("new"), "2\n") == 0,
	    "an existing file is replaced, not appended to");
	chmod(path("new"), 0604);
	ok(put("new", "3\n", 1, &e) == 0 && stat(path("new"), &st) == 0 &&
	    (st.st_mode & 0777) == 0604, "the replaced file keeps its mode");
	ok(put("gone", "x", 0, &e) == 0 && access(path("gone"), F_OK) < 0,
	    "discarded: no new file");
	ok(put("new", "4\n", 0, &e) == 0 && strcmp(slurp("new"), "3\n") == 0,
	    "discarded: the old file is as it was");
	fd = open(path("target"), O_WRONLY | O_CREAT, 0644);
	close(fd);
	ok(symlink(path("target"), path("link")) == 0, "symlink");
	ok(put("link", "x", 1, &e) < 0 && strcmp(e.code, "sandbox.output") ==
	    0 && strstr(e.msg, "symbolic link") != NULL, "a symlink is refused");
	ok(strcmp(slurp("target"), "") == 0, "nothing went through the link");
	ok(symlink("missing", path("dangling")) == 0, "symlink");
	ok(put("dangling", "x", 1, &e) < 0 && access(path("missing"), F_OK) < 0,
	    "a dangling symlink is refused and creates nothing");
	mkfifo(path("fifo"), 0644);
	ok(put("fifo", "x", 1, &e) < 0 && strstr(e.msg, "not a regular") !=
	    NULL, "a FIFO is refused (and never opened: this did not block)");
	mkdir(path("sub"), 0755);
	ok(put("sub", "x", 1, &e) < 0, "a folder is refused");
	ok(output_open(&f, "/dev/null", &e) < 0, "a device is refused");
	output_discard(&f);
	ok(symlink(dir, path("dirlink")) == 0, "symlink");
	ok(put("dirlink/new2", "x", 1, &e) < 0 && access(path("new2"), F_OK) < 0,
	    "a symlinked folder is refused");
	output_discard(&f);
	/* a link planted while the file was written is refused at commit */
	ok(output_open(&f, path("late"), &e) == 0, "open 'late'");
	ok(symlink(path("target"), path("late")) == 0, "symlink");
	ok(output_commit(&f, &e) < 0 && strstr(e.msg, "symbolic link") != NULL,
	    "a link planted during the run is refused at commit");
	output_discard(&f);
	n = entries(&temps);
	ok(n == 8 && temps == 0, "8 entries and no temporary file left (%d, "
	    "%d)", n, temps);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ok(system(cmd) == 0, "remove the test folder");
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
