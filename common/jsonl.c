/* jsonl: JSON-lines filter driver (conventions.md). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonl.h"
#include "banned.h"

void
jl_init(struct jl *j, const char *tool)
{
	struct stat st;

	memset(j, 0, sizeof(*j));
	j->tool = tool;
	j->fd = 0;
	signal(SIGPIPE, SIG_IGN);
	/* a regular file gets block writes; pipes, sockets and TTYs see each
	 * record at once */
	j->flush_each = !(fstat(1, &st) == 0 && S_ISREG(st.st_mode));
}

static void
raise_status(struct jl *j, int st)
{
	if (st == 3)
		st = 1;
	if (st > j->status)
		j->status = st;
}

static void
write_out(struct jl *j)
{
	if (write_in_full(1, j->out.p, j->out.len) < 0) {
		if (errno == EPIPE)
			exit(j->status);
		die(3, "write error on 'stdout':");
	}
	j->out.len = 0;
}

static void
put_record(struct jl *j, const cJSON *rec)
{
	json_print(&j->out, rec);
	buf_addc(&j->out, '\n');
	if (j->flush_each || j->out.len >= 65536)
		write_out(j);
}

cJSON *
jl_error_object(const struct jl *j, const struct or_err *e)
{
	cJSON *o = json_object();

	json_set_str(o, "code", e->code);
	/* messages quote untrusted bytes (file names): keep the JSON UTF-8 */
	json_set(o, "message", json_new_lossy(e->msg, strlen(e->msg)));
	json_set_str(o, "tool", j->tool);
	if (!j->argmode && j->line > 0)
		json_set_int(o, "line", j->line);
	return o;
}

void
jl_report(const struct jl *j, const struct or_err *e)
{
	if (j->quiet)
		return;
	if (!j->argmode && j->line > 0)
		fprintf(stderr, "%s: error: line %ld: %s\n", j->tool, j->line,
		    e->msg);
	else
		fprintf(stderr, "%s: error: %s\n", j->tool, e->msg);
}

static void
count_failure(struct jl *j, int status)
{
	raise_status(j, status ? status : 1);
	if (j->fail_fast)
		j->stop = 1;
}

/* A line that is no record: the error object alone (conventions.md 5). */
static void
line_error(struct jl *j, const struct or_err *e)
{
	cJSON *o = json_object();

	json_set(o, "error", jl_error_object(j, e));
	put_record(j, o);
	cJSON_Delete(o);
	jl_report(j, e);
	if (j->parse_hint != NULL && !j->quiet &&
	    strcmp(e->code, "json.parse") == 0) {
		fprintf(stderr, "%s: hint: %s\n", j->tool, j->parse_hint);
		j->parse_hint = NULL;	/* once a run */
	}
	count_failure(j, 1);
}

/* One raw line (without its end) into a record, or an error record. */
static cJSON *
take_line(struct jl *j, const char *p, size_t n)
{
	struct or_err e = { 0 };
	cJSON *rec, *kind;
	size_t i;
	const char *k;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			break;
	if (i == n)
		return NULL;
	rec = json_parse(p, n, 1, &e);
	if (rec == NULL) {
		line_error(j, &e);
		return NULL;
	}
	if (json_get(rec, "error") != NULL) {
		put_record(j, rec);
		cJSON_Delete(rec);
		count_failure(j, 1);
		return NULL;
	}
	kind = json_get(rec, "kind");
	if (kind != NULL) {
		const char *const *c;
		int mine = 0;

		k = json_strval(kind, NULL);
		for (c = j->kinds; c != NULL && *c != NULL && k != NULL; c++)
			if (strcmp(*c, k) == 0)
				mine = 1;
		if (!mine) {
			put_record(j, rec);
			cJSON_Delete(rec);
			return NULL;
		}
	}
	return rec;
}

static void
too_long(struct jl *j)
{
	struct or_err e = { 0 };

	or_error(&e, "json.too_long", "line longer than %u bytes",
	    JL_MAX_LINE);
	line_error(j, &e);
}

/* Skip the rest of an over-long line that fills the whole buffer. */
static void
skip_long(struct jl *j)
{
	char *nl;
	ssize_t r;

	for (;;) {
		nl = memchr(j->buf + j->start, '\n', j->end - j->start);
		if (nl != NULL) {
			j->start = (size_t)(nl - j->buf) + 1;
			break;
		}
		j->start = j->end = 0;
		r = read_some(j->fd, j->buf, j->cap);
		if (r < 0)
			die(3, "read error on 'stdin':");
		if (r == 0) {
			j->eof = 1;
			break;
		}
		j->end = (size_t)r;
	}
	too_long(j);
}

cJSON *
jl_next(struct jl *j)
{
	char *nl;
	size_t n;
	ssize_t r;
	cJSON *rec;

	if (j->buf == NULL) {
		j->cap = 65536;
		j->buf = xmalloc(j->cap);
	}
	while (!j->stop) {
		nl = memchr(j->buf + j->start, '\n', j->end - j->start);
		if (nl != NULL || (j->eof && j->end > j->start)) {
			n = nl != NULL ? (size_t)(nl - (j->buf + j->start)) :
			    j->end - j->start;
			j->line++;
			if (n > 0 && j->buf[j->start + n - 1] == '\r')
				n--;
			rec = NULL;
			if (n > JL_MAX_LINE)
				too_long(j);
			else
				rec = take_line(j, j->buf + j->start, n);
			j->start = nl != NULL ? (size_t)(nl - j->buf) + 1 :
			    j->end;
			if (rec != NULL)
				return rec;
			continue;
		}
		if (j->eof)
			break;
		/* Before blocking on read, everything for the lines already
		 * read has been written (conventions.md section 7). */
		if (j->out.len > 0 && j->flush_each)
			write_out(j);
		if (j->start > 0) {
			memmove(j->buf, j->buf + j->start, j->end - j->start);
			j->end -= j->start;
			j->start = 0;
		}
		if (j->end == j->cap) {
			if (j->cap > JL_MAX_LINE + 2) {
				j->line++;
				skip_long(j);
				continue;
			}
			j->cap *= 2;
			j->buf = xrealloc(j->buf, j->cap);
		}
		r = read_some(j->fd, j->buf + j->end, j->cap - j->end);
		if (r < 0)
			die(3, "read error on 'stdin':");
		if (r == 0)
			j->eof = 1;
		j->end += (size_t)r;
	}
	return NULL;
}

void
jl_failed(struct jl *j, int status)
{
	count_failure(j, status);
}

void
jl_emit(struct jl *j, cJSON *rec, int rc)
{
	if (rc < 0) {
		jl_emit_error(j, rec, jl_error_object(j, &j->err));
		return;
	}
	put_record(j, rec);
	cJSON_Delete(rec);
	memset(&j->err, 0, sizeof(j->err));
}

void
jl_emit_error(struct jl *j, cJSON *rec, cJSON *eo)
{
	json_set(rec, "error", eo);
	jl_report(j, &j->err);
	count_failure(j, j->err.status);
	put_record(j, rec);
	cJSON_Delete(rec);
	memset(&j->err, 0, sizeof(j->err));
}

void
jl_detail(struct jl *j, cJSON *rec)
{
	put_record(j, rec);
	cJSON_Delete(rec);
}

int
jl_finish(struct jl *j)
{
	write_out(j);
	if (close(1) < 0 && errno != EPIPE)
		die(3, "write error on 'stdout':");
	free(j->buf);
	buf_free(&j->out);
	return j->status;
}
