/* httpreply.h: the listening socket and one HTTP/1.1 reply with a JSON
 * body, for the loopback test servers (rpc-proxy, zg-node); header-only. */
#ifndef OR_HTTPREPLY_H
#define OR_HTTPREPLY_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "util.h"

/* A socket listening on 127.0.0.1 at a free port, stored in *port; exits 3
 * when it cannot be had. */
static int
listen_loopback(int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int ls, one = 1;

	if ((ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		die(3, "socket:");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(ls, 64) < 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &sl) < 0)
		die(3, "cannot listen on 127.0.0.1:");
	*port = ntohs(sa.sin_port);
	return ls;
}

static const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 502: return "Bad Gateway";
	default: return "Internal Server Error";
	}
}

/* Write the reply; a client that went away is not an error here. */
static void
respond(int fd, int status, const char *body, size_t n)
{
	struct buf b = { 0 };

	buf_addf(&b, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\n\r\n", status, http_reason(status), n);
	buf_add(&b, body, n);
	(void)write_in_full(fd, b.p, b.len);
	buf_free(&b);
}

#endif
