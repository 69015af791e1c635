/* rpc-proxy: a fault-injecting JSON-RPC proxy for the or-rpc tests, on
 * 127.0.0.1 only.  It forwards each HTTP POST to an upstream node (anvil)
 * and, for a chosen share of requests, misbehaves: drops the connection
 * before or after forwarding, answers past the client's time limit, answers
 * 500 or 429, sends malformed JSON, or sends the reply twice.  It can also
 * refuse eth_getLogs over more than N blocks, like hosted providers do, and
 * serve canned replies while recording the exact request bytes (a mock).
 *
 *   rpc-proxy --port-file F [--upstream PORT] [--fault-rate PCT]
 *             [--faults drop,drop-after,delay,500,429,malformed,dup]
 *             [--delay SECS] [--max-range N] [--seed N] [--log F]
 *             [--mock REPLIES --record F]
 *
 * One process per connection (fork), so keep-alive clients in a pipeline
 * are served side by side.  It runs until killed.  --log gets one line per
 * request: "<method> <fault>".  With --mock, request i gets line i of
 * REPLIES with the text ID replaced by the request's id, and the request's
 * bytes (request line, headers, body) are appended to the --record file. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "httpreply.h"
#include "json.h"
#include "util.h"
#include "banned.h"

enum fault { F_NONE, F_DROP, F_DROP_AFTER, F_DELAY, F_500, F_429,
	F_MALFORMED, F_DUP, F_COUNT };
static const char *const fault_names[F_COUNT] = { "none", "drop",
	"drop-after", "delay", "500", "429", "malformed", "dup" };

static struct {
	int upstream_port, rate, max_range;
	int enabled[F_COUNT], nenabled;
	uint64_t delay_us, seed;
	const char *log, *mock, *record;
} o;

static uint64_t rng;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
sleep_us(uint64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000),
	    (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
append_file(const char *path, const char *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd < 0)
		return;
	(void)write_in_full(fd, p, n);
	close(fd);
}

/* Read one HTTP request: head (with its blank line) and body.  0 at EOF. */
static int
read_request(int fd, struct buf *in, struct buf *head, struct buf *body)
{
	char tmp[65536], *end, *cl;
	size_t hlen, blen = 0;
	ssize_t r;

	for (;;) {
		if (in->p != NULL && (end = strstr(in->p, "\r\n\r\n")) != NULL)
			break;
		if (in->len > 1 << 20)
			return 0;
		r = read(fd, tmp, sizeof(tmp));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		buf_add(in, tmp, (size_t)r);
	}
	hlen = (size_t)(end - in->p) + 4;
	head->len = 0;
	buf_add(head, in->p, hlen);
	for (cl = head->p; (cl = strchr(cl, '\n')) != NULL; cl++)
		if (strncasecmp(cl + 1, "content-length:", 15) == 0) {
			blen = strtoul(cl + 16, NULL, 10);
			break;
		}
	while (in->len < hlen + blen) {
		r = read(fd, tmp, sizeof(tmp));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		buf_add(in, tmp, (size_t)r);
	}
	body->len = 0;
	buf_add(body, in->p + hlen, blen);
	memmove(in->p, in->p + hlen + blen, in->len - hlen - blen);
	in->len -= hlen + blen;
	in->p[in->len] = '\0';
	return 1;
}

/* POST body to the upstream node; its reply body into out. */
static int
forward(const struct buf *body, struct buf *out)
{
	struct sockaddr_in sa;
	struct buf req = { 0 }, rep = { 0 };
	char tmp[65536], *end, *cl;
	size_t blen;
	ssize_t r;
	int fd, rc = -1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o.upstream_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto out;
	buf_addf(&req, "POST / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n", o.upstream_port, body->len);
	buf_add(&req, body->p, body->len);
	if (write_in_full(fd, req.p, req.len) < 0)
		goto out;
	while ((r = read(fd, tmp, sizeof(tmp))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto out;
		buf_add(&rep, tmp, (size_t)r);
	}
	if (rep.p == NULL || (end = strstr(rep.p, "\r\n\r\n")) == NULL)
		goto out;
	blen = rep.len - (size_t)(end + 4 - rep.p);
	for (cl = rep.p; cl < end && (cl = strchr(cl, '\n')) != NULL; cl++)
		if (strncasecmp(cl + 1, "content-length:", 15) == 0) {
			size_t n = strtoul(cl + 16, NULL, 10);

			if (n < blen)
				blen = n;
			break;
		}
	out->len = 0;
	buf_add(out, end + 4, blen);
	rc = 0;
out:
	close(fd);
	buf_free(&req);
	buf_free(&rep);
	return rc;
}

/* The request's method and id text (for refusals and the mock). */
static void
inspect(const struct buf *body, char *method, size_t mn, char *id, size_t idn,
    uint64_t *range)
{
	struct or_err e = { 0 };
	cJSON *r = json_parse(body->p, body->len, 1, &e), *f;
	const char *s, *a, *b;
	char tmp[64];

	snprintf(method, mn, "?");
	snprintf(id, idn, "null");
	*range = 0;
	if (r == NULL && body->len > 0 && body->p[0] == '[') {
		/* a batch: log its methods joined by '+' */
		cJSON *a = json_parse(body->p, body->len, 0, &e), *x;
		size_t k = 0;

		cJSON_ArrayForEach(x, a) {
			s = json_strval(json_get(x, "method"), NULL);
			k += (size_t)snprintf(method + k, mn - k, "%s%s",
			    k > 0 ? "+" : "", s != NULL ? s : "?");
			if (k >= mn)
				break;
		}
		cJSON_Delete(a);
		return;
	}
	if (r == NULL)
		return;
	if ((s = json_strval(json_get(r, "method"), NULL)) != NULL)
		snprintf(method, mn, "%s", s);
	if (json_is_number(json_get(r, "id")))
		snprintf(id, idn, "%s", json_numtext(json_get(r, "id"), tmp));
	f = cJSON_GetArrayItem(json_get(r, "params"), 0);
	if (strcmp(method, "eth_getLogs") == 0 && cJSON_IsObject(f) &&
	    (a = json_strval(json_get(f, "fromBlock"), NULL)) != NULL &&
	    (b = json_strval(json_get(f, "toBlock"), NULL)) != NULL &&
	    strncmp(a, "0x", 2) == 0 && strncmp(b, "0x", 2) == 0)
		*range = strtoull(b, NULL, 16) - strtoull(a, NULL, 16) + 1;
	cJSON_Delete(r);
}

static void
log_line(const char *method, const char *what)
{
	char line[256];
	int n;

	if (o.log == NULL)
		return;
	n = snprintf(line, sizeof(line), "%s %s\n", method, what);
	append_file(o.log, line, (size_t)n);
}

/* The mock's reply number n (0-based), with ID replaced. */
static int
mock_reply(unsigned long n, const char *id, struct buf *out)
{
	struct buf all = { 0 };
	struct or_err e = { 0 };
	char *line, *nl, *at;
	unsigned long i;

	if (read_file(o.mock, 1 << 20, &all, &e) < 0)
		return -1;
	line = all.p;
	for (i = 0; i < n && line != NULL; i++)
		line = (nl = strchr(line, '\n')) != NULL ? nl + 1 : NULL;
	if (line == NULL || *line == '\0') {
		buf_free(&all);
		return -1;
	}
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	out->len = 0;
	while ((at = strstr(line, "ID")) != NULL) {
		buf_add(out, line, (size_t)(at - line));
		buf_add(out, id, strlen(id));
		line = at + 2;
	}
	buf_add(out, line, strlen(line));
	buf_free(&all);
	return 0;
}

static void
serve(int fd, unsigned long conn)
{
	struct buf in = { 0 }, head = { 0 }, body = { 0 }, rep = { 0 };
	char method[128], id[64], msg[256];
	static unsigned long mock_n;
	uint64_t range;
	enum fault f;
	int n;

	rng = o.seed * 0x9e3779b97f4a7c15ull + conn * 7919 + 1;
	while (read_request(fd, &in, &head, &body)) {
		inspect(&body, method, sizeof(method), id, sizeof(id), &range);
		if (o.mock != NULL) {
			/* the mock serves one connection at a time, in
			 * order; the record holds the bytes as sent */
			append_file(o.record, head.p, head.len);
			append_file(o.record, body.p, body.len);
			append_file(o.record, "\n", 1);
			if (mock_reply(mock_n++, id, &rep) < 0)
				break;
			log_line(method, "mock");
			respond(fd, 200, rep.p, rep.len);
			continue;
		}
		if (o.max_range > 0 && range > (uint64_t)o.max_range) {
			n = snprintf(msg, sizeof(msg), "{\"jsonrpc\":\"2.0\","
			    "\"id\":%s,\"error\":{\"code\":-32005,\"message\":"
			    "\"block range too large: at most %d blocks\"}}",
			    id, o.max_range);
			log_line(method, "range");
			respond(fd, 200, msg, (size_t)n);
			continue;
		}
		f = F_NONE;
		if (o.nenabled > 0 && next_rand() % 100 < (uint64_t)o.rate) {
			int k = (int)(next_rand() % (uint64_t)o.nenabled), i;

			for (i = 1; i < F_COUNT; i++)
				if (o.enabled[i] && k-- == 0)
					f = (enum fault)i;
		}
		log_line(method, fault_names[f]);
		switch (f) {
		case F_DROP:
			goto done;
		case F_500:
			respond(fd, 500, "oops", 4);
			continue;
		case F_429:
			respond(fd, 429, "slow down", 9);
			continue;
		default:
			break;
		}
		if (forward(&body, &rep) < 0) {
			respond(fd, 502, "upstream", 8);
			continue;
		}
		switch (f) {
		case F_DROP_AFTER:
			goto done;
		case F_DELAY:
			sleep_us(o.delay_us);
			respond(fd, 200, rep.p, rep.len);
			break;
		case F_MALFORMED:
			respond(fd, 200, rep.p, rep.len / 2);
			break;
		case F_DUP:
			respond(fd, 200, rep.p, rep.len);
			respond(fd, 200, rep.p, rep.len);
			break;
		default:
			respond(fd, 200, rep.p, rep.len);
		}
	}
done:
	close(fd);
	buf_free(&in);
	buf_free(&head);
	buf_free(&body);
	buf_free(&rep);
}

static void
set_faults(const char *list)
{
	char *s = xstrdup(list), *p = s, *t;
	int i;

	memset(o.enabled, 0, sizeof(o.enabled));
	o.nenabled = 0;
	while ((t = p) != NULL) {
		if ((p = strchr(p, ',')) != NULL)
			*p++ = '\0';
		for (i = 1; i < F_COUNT; i++)
			if (strcmp(t, fault_names[i]) == 0 && !o.enabled[i]) {
				o.enabled[i] = 1;
				o.nenabled++;
				break;
			}
		if (i == F_COUNT)
			die(2, "unknown fault '%s'", t);
	}
	free(s);
}

int
main(int argc, char *argv[])
{
	const char *port_file = NULL;
	unsigned long conn = 0;
	char line[32];
	int ls, fd, i, n, port, one = 1;

	util_setprog(argv[0]);
	o.delay_us = 2000000;
	set_faults("drop,drop-after,delay,500,429,malformed,dup");
	for (i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (strcmp(k, "--upstream") == 0)
			o.upstream_port = (int)strtol(v, NULL, 10);
		else if (strcmp(k, "--fault-rate") == 0)
			o.rate = (int)strtol(v, NULL, 10);
		else if (strcmp(k, "--faults") == 0)
			set_faults(v);
		else if (strcmp(k, "--delay") == 0) {
			if (parse_duration_us(v, &o.delay_us) < 0)
				die(2, "bad --delay '%s'", v);
		} else if (strcmp(k, "--max-range") == 0)
			o.max_range = (int)strtol(v, NULL, 10);
		else if (strcmp(k, "--seed") == 0)
			o.seed = strtoull(v, NULL, 10);
		else if (strcmp(k, "--log") == 0)
			o.log = v;
		else if (strcmp(k, "--mock") == 0)
			o.mock = v;
		else if (strcmp(k, "--record") == 0)
			o.record = v;
		else if (strcmp(k, "--port-file") == 0)
			port_file = v;
		else
			die(2, "unknown option '%s'", k);
	}
	if (i != argc || port_file == NULL || (o.mock == NULL &&
	    o.upstream_port <= 0) || (o.mock != NULL && o.record == NULL))
		die(2, "usage: rpc-proxy --port-file F (--upstream PORT | "
		    "--mock REPLIES --record F) [options]");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);	/* no zombies */
	ls = listen_loopback(&port);
	n = snprintf(line, sizeof(line), "%d\n", port);
	{
		struct or_err e = { 0 };

		if (write_file_atomic(port_file, line, (size_t)n, 0644, &e) < 0)
			die(3, "%s", e.msg);
	}
	for (;;) {
		if ((fd = accept(ls, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			die(3, "accept:");
		}
		conn++;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		/* the mock keeps one process so that its reply counter runs
		 * across connections */
		if (o.mock != NULL) {
			serve(fd, conn);
			continue;
		}
		switch (fork()) {
		case -1:
			close(fd);
			break;
		case 0:
			close(ls);
			serve(fd, conn);
			_exit(0);
		default:
			close(fd);
		}
	}
}
