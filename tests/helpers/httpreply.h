/* httpreply.h: one HTTP/1.1 reply with a JSON body, for the loopback test
 * servers (rpc-proxy, zg-node); header-only. */
#ifndef OR_HTTPREPLY_H
#define OR_HTTPREPLY_H

#include <stddef.h>

#include "util.h"

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
