/* fuzz-jsonl: the JSON-lines reader of every tool (conventions.md section
 * 1): any bytes on stdin give one output line per input line that is not
 * blank, never a crash, and every record handed to the tool is an object. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	/* the records go nowhere; libFuzzer reports on stderr */
	if (fd < 0 || dup2(fd, 1) < 0)
		abort();
	close(fd);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct jl j;
	cJSON *rec;
	int pfd[2];

	if (n > 60000 || pipe(pfd) < 0)
		return 0;	/* one pipe buffer: no writer thread needed */
	if (write_in_full(pfd[1], p, n) < 0)
		abort();
	close(pfd[1]);
	jl_init(&j, "fuzz");
	j.fd = pfd[0];
	j.flush_each = 0;
	while ((rec = jl_next(&j)) != NULL) {
		if (!cJSON_IsObject(rec))
			abort();	/* only objects reach a tool */
		jl_emit(&j, rec, 0);
	}
	close(pfd[0]);
	free(j.buf);
	buf_free(&j.out);
	return 0;
}
