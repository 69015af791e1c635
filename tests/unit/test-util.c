/* util: strict numbers and units, the growable buffer, whole-file reads,
 * atomic writes and the EINTR-safe read/write pair. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

static char dir[] = "/tmp/or-test-util.XXXXXX";

static void
numbers(void)
{
	uint64_t u;
	int64_t i;

	ok(parse_u64("0", &u) == 0 && u == 0, "u64 0");
	ok(parse_u64("18446744073709551615", &u) == 0 && u == UINT64_MAX,
	    "u64 max");
	ok(parse_u64("18446744073709551616", &u) < 0 && errno == ERANGE,
	    "u64 overflow is ERANGE");
	ok(parse_u64("", &u) < 0 && parse_u64(" 1", &u) < 0 &&
	    parse_u64("1 ", &u) < 0 && parse_u64("+1", &u) < 0 &&
	    parse_u64("-1", &u) < 0 && parse_u64("0x10", &u) < 0,
	    "u64 refuses blanks, signs and hex");
	ok(parse_i64("-9223372036854775808", &i) == 0 && i == INT64_MIN,
	    "i64 min");
	ok(parse_i64("9223372036854775808", &i) < 0, "i64 overflow");
	ok(parse_duration_us("1.5", &u) == 0 && u == 1500000, "1.5 s");
	ok(parse_duration_us("0.000001", &u) == 0 && u == 1, "1 us");
	ok(parse_duration_us("600", &u) == 0 && u == 600000000, "600 s");
	ok(parse_duration_us("0.0000001", &u) < 0, "7 decimals refused");
	ok(parse_duration_us("1.", &u) < 0 && parse_duration_us(".5", &u) < 0 &&
	    parse_duration_us("1e3", &u) < 0 && parse_duration_us("-1", &u) < 0,
	    "duration refuses '1.', '.5', exponents and signs");
	ok(parse_size("4G", &u) == 0 && u == 4ull << 30, "4G");
	ok(parse_size("512m", &u) == 0 && u == 512ull << 20, "512m");
	ok(parse_size("1k", &u) == 0 && u == 1024, "1k");
	ok(parse_size("7", &u) == 0 && u == 7, "7 bytes");
	ok(parse_size("2T", &u) == 0 && u == 2ull << 40, "2T");
	ok(parse_size("16777216T", &u) < 0, "size overflow refused");
	ok(parse_size("1KB", &u) < 0 && parse_size("G", &u) < 0 &&
	    parse_size("1.5G", &u) < 0, "size refuses KB, a bare unit, fractions");
}

static void
env(void)
{
	unsetenv("OR_TEST_BOOL");
	ok(env_bool("OR_TEST_BOOL", 1) == 1, "unset gives the default");
	setenv("OR_TEST_BOOL", "0", 1);
	ok(env_bool("OR_TEST_BOOL", 1) == 0, "0");
	setenv("OR_TEST_BOOL", "1", 1);
	ok(env_bool("OR_TEST_BOOL", 0) == 1, "1");
	setenv("OR_TEST_BOOL", "yes", 1);
	ok(env_bool("OR_TEST_BOOL", 0) == -1, "anything else is an error");
}

static void
buffers(void)
{
	struct buf b = { 0 };
	char *s;
	int i;

	buf_add(&b, "ab", 2);
	buf_addc(&b, 'c');
	buf_addf(&b, "%d-%s", 42, "x");
	is_str(b.p, "abc42-x", "buf appends and stays NUL-terminated");
	ok(b.len == 7, "buf length");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'z');
	ok(b.len == 10007 && b.p[b.len] == '\0', "buf grows");
	buf_free(&b);
	ok(b.p == NULL && b.len == 0, "buf_free resets");
	s = xasprintf("%s/%03d", "a", 7);
	is_str(s, "a/007", "xasprintf");
	free(s);
	s = xmemdup("abc", 2);
	ok(s[0] == 'a' && s[1] == 'b' && s[2] == '\0', "xmemdup adds a NUL");
	free(s);
}

static void
files(void)
{
	struct or_err e;
	struct buf b = { 0 };
	char path[256], link[256];
	struct stat st;
	int fd, p[2];
	char got[8];

	snprintf(path, sizeof(path), "%s/f", dir);
	ok(write_file_atomic(path, "hello", 5, 0640, &e) == 0, "atomic write");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640 &&
	    st.st_size == 5, "mode and size as asked");
	ok(read_file(path, 100, &b, &e) == 0 && b.len == 5 &&
	    strcmp(b.p, "hello") == 0, "read back");
	buf_free(&b);
	ok(read_file(path, 4, &b, &e) < 0, "a file over the limit is refused");
	buf_free(&b);
	ok(write_file_atomic(path, "bye", 3, 0600, &e) == 0 &&
	    read_file(path, 100, &b, &e) == 0 && strcmp(b.p, "bye") == 0,
	    "atomic write replaces");
	buf_free(&b);
	snprintf(link, sizeof(link), "%s/none/f", dir);
	ok(write_file_atomic(link, "x", 1, 0600, &e) < 0,
	    "a missing folder fails");
	ok(read_file(link, 10, &b, &e) < 0, "a missing file fails");
	buf_free(&b);
	/* nothing but the file is left in the folder: no temp files (they
	 * are dot files, which tap_entries counts) */
	ok(tap_entries(dir) == 1, "no temp file left behind (%d entries)",
	    tap_entries(dir));
	ok(pipe(p) == 0, "pipe");
	ok(write_in_full(p[1], "abcdef", 6) == 0, "write_in_full");
	close(p[1]);
	ok(read_in_full(p[0], got, 4) == 4 && memcmp(got, "abcd", 4) == 0,
	    "read_in_full reads what was asked");
	ok(read_in_full(p[0], got, 8) == 2, "then stops at end of file");
	ok(read_in_full(p[0], got, 8) == 0, "and reads 0 after it");
	close(p[0]);
	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	ok(fd < 0 || (write_in_full(fd, "x", 1) < 0 && errno == ENOSPC),
	    "write_in_full reports ENOSPC");
	if (fd >= 0)
		close(fd);
	/* pwritev_in_full: the buffers in order from off, empty ones skipped,
	 * an all-empty vector written as nothing */
	snprintf(link, sizeof(link), "%s/v", dir);
	fd = open(link, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	{
		struct iovec v[] = { { "ab", 2 }, { "", 0 }, { "cde", 3 },
		    { "", 0 } };

		ok(fd >= 0 && write_in_full(fd, "xxxxxxxx", 8) == 0 &&
		    pwritev_in_full(fd, v, 4, 2) == 0 &&
		    pwritev_in_full(fd, v + 1, 1, 0) == 0 &&
		    pread(fd, got, 8, 0) == 8 &&
		    memcmp(got, "xxabcdex", 8) == 0,
		    "pwritev_in_full writes the buffers in order at off");
	}
	if (fd >= 0)
		close(fd);
	unlink(link);
}

/* write_file_atomic never replaces, nor writes through, a symbolic link,
 * and never replaces a folder or a FIFO: each is refused by name with
 * file.not_regular, left as it was, and no temp file is left behind. */
static void
atomic_refusals(void)
{
	struct or_err e;
	struct buf b = { 0 };
	struct stat st;
	char sub[64], target[96], link[96], dangling[96], folder[96],
	    fifo[96], gone[96], fresh[96];
	int rc;

	snprintf(sub, sizeof(sub), "%s/r", dir);
	snprintf(target, sizeof(target), "%s/target", sub);
	snprintf(link, sizeof(link), "%s/link", sub);
	snprintf(dangling, sizeof(dangling), "%s/dangling", sub);
	snprintf(gone, sizeof(gone), "%s/gone", sub);
	snprintf(folder, sizeof(folder), "%s/folder", sub);
	snprintf(fifo, sizeof(fifo), "%s/fifo", sub);
	snprintf(fresh, sizeof(fresh), "%s/fresh", sub);
	ok(mkdir(sub, 0700) == 0 && mkdir(folder, 0700) == 0 &&
	    mkfifo(fifo, 0600) == 0 && symlink("target", link) == 0 &&
	    symlink("gone", dangling) == 0, "fixtures");
	ok(write_file_atomic(target, "keep", 4, 0644, &e) == 0, "target written");

	rc = write_file_atomic(link, "evil", 4, 0600, &e);
	ok(rc < 0 && strcmp(e.code, "file.not_regular") == 0,
	    "a link to a file is refused (%s)", rc < 0 ? e.code : "written");
	ok(strstr(e.msg, link) != NULL && strstr(e.msg, "is a symbolic link, "
	    "not a regular file") != NULL, "the message names the link: %s",
	    e.msg);
	ok(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link is kept");
	ok(read_file(target, 100, &b, &e) == 0 && strcmp(b.p, "keep") == 0,
	    "nothing written through the link");
	buf_free(&b);

	rc = write_file_atomic(dangling, "evil", 4, 0600, &e);
	ok(rc < 0 && strcmp(e.code, "file.not_regular") == 0,
	    "a dangling link is refused");
	ok(lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode) &&
	    lstat(gone, &st) < 0 && errno == ENOENT,
	    "the dangling link is kept and its target not made");

	rc = write_file_atomic(folder, "x", 1, 0600, &e);
	ok(rc < 0 && strcmp(e.code, "file.not_regular") == 0,
	    "a folder is refused (%s)", rc < 0 ? e.code : "written");
	ok(strstr(e.msg, "a folder, not a regular file") != NULL,
	    "the message names a folder: %s", e.msg);
	ok(lstat(folder, &st) == 0 && S_ISDIR(st.st_mode), "the folder is kept");

	rc = write_file_atomic(fifo, "x", 1, 0600, &e);
	ok(rc < 0 && strcmp(e.code, "file.not_regular") == 0,
	    "a FIFO is refused (%s)", rc < 0 ? e.code : "written");
	ok(strstr(e.msg, "a special file") != NULL, "the message names a "
	    "special file: %s", e.msg);
	ok(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO is kept");

	ok(write_file_atomic(fresh, "new", 3, 0600, &e) == 0 &&
	    lstat(fresh, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0777) == 0600, "a new file is still made");
	ok(write_file_atomic(target, "over", 4, 0640, &e) == 0 &&
	    read_file(target, 100, &b, &e) == 0 && strcmp(b.p, "over") == 0,
	    "a regular file is still replaced");
	buf_free(&b);
	ok(tap_entries(sub) == 6, "no temp file left behind (%d entries)",
	    tap_entries(sub));
	unlink(target);
	unlink(link);
	unlink(dangling);
	unlink(fifo);
	unlink(fresh);
	rmdir(folder);
	ok(rmdir(sub) == 0, "the refusal folder held only its fixtures");
}

int
main(void)
{
	unsigned char r1[32] = { 0 }, r2[32] = { 0 }, w[16];
	char cmd[128];

	numbers();
	env();
	buffers();
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	files();
	atomic_refusals();
	ok(random_fill(r1, sizeof(r1)) == 0 && random_fill(r2, sizeof(r2)) == 0 &&
	    memcmp(r1, r2, 32) != 0, "random_fill gives fresh bytes");
	memset(w, 0xaa, sizeof(w));
	wipe(w, sizeof(w));
	ok(w[0] == 0 && w[15] == 0, "wipe zeroes");
	snprintf(cmd, sizeof(cmd), "%s/f", dir);
	unlink(cmd);
	ok(rmdir(dir) == 0, "the test folder held only its file");
	return done_testing();
}
