/* fuzz-tar: a libFuzzer target for the canonical archive reader.  The
 * input is unpacked into a fresh folder; whatever is accepted must pack back
 * to exactly the input (the reader accepts only canonical archives, so
 * unpack is the inverse of pack), and whatever is refused must leave
 * nothing behind.  Built by `make fuzzers`, run by scripts/fuzz on the seeds
 * in tests/fuzz/corpus/tar.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tar.h"
#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

static char base[] = "/tmp/fuzz-tar.XXXXXX";

static void
cleanup(void)
{
	rmdir(base);
}

static int
collect(void *arg, const void *p, size_t n, struct or_err *e)
{
	buf_add(arg, p, n);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static int made;
	struct tar_limits lim = { 1 << 20, 1000 };
	struct tar_stats st = { 0 };
	struct or_err e;
	struct tree t;
	struct buf out = { 0 };
	char *dest;
	int fd;

	if (!made && (mkdtemp(base) == NULL || atexit(cleanup) != 0))
		abort();
	made = 1;
	fd = memfd_create("in", MFD_CLOEXEC);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		abort();
	dest = xasprintf("%s/d", base);
	if (tar_unpack(fd, "input", dest, &lim, &st, &e) == 0) {
		if (tree_list(dest, NULL, "dir", TREE_LIST, &t, &e) < 0 ||
		    tar_pack(dest, &t, collect, &out, NULL, &e) < 0 ||
		    out.len != n || memcmp(out.p, p, n) != 0)
			abort();
		tree_free(&t);
		buf_free(&out);
		tar_remove(dest);
	}
	if (rmdir(base) < 0 || mkdir(base, 0700) < 0)
		abort();	/* a refused archive left something */
	close(fd);
	free(dest);
	return 0;
}
