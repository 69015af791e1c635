/* http: a JSON-RPC 2.0 client over HTTP(S) (libcurl): one connection kept
 * alive for a whole stream, a time limit per request, bounded retries with
 * exponential backoff and jitter for retry-safe calls, and URLs redacted to
 * scheme://host[:port] in every message (conventions.md sections 5, 6, 8).
 * Ownership: the client owns its buffers until http_close; http_call consumes
 * params and hands the caller a new result tree to free with cJSON_Delete. */
#ifndef OR_HTTP_H
#define OR_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

/* Whether a failed request may be sent again: a read, or the broadcast of a
 * signed raw transaction (the same bytes cannot spend twice), may; anything
 * else with unknown side effects may not. */
enum http_retry { HTTP_ONCE, HTTP_RETRY };

struct http_client {
	void *curl;		/* CURL * */
	void *headers;		/* struct curl_slist * */
	char *url;
	char shown[256];	/* scheme://host[:port], for messages */
	long timeout_ms;	/* per request */
	int retries;		/* further attempts after the first */
	uint64_t backoff_ms;	/* first backoff; doubles, capped */
	uint64_t next_id;
	int fresh;		/* the next request opens a new connection */
	uint64_t rng;		/* jitter */
	struct buf body, reply;
	/* The node's error when a call failed with rpc.node_error. */
	int64_t node_code;
	char *node_msg;
	cJSON *node_data;	/* NULL when the node sent no data */
	/* counters, for debug lines and tests */
	unsigned long requests, attempts;
};

/* Largest reply accepted (eth_getLogs over a wide range can be big). */
#define HTTP_MAX_REPLY (256u * 1024 * 1024)

/* Check the URL (http or https) and set up the connection.  timeout_us is
 * the limit for each request.  Errors: rpc.bad_url. */
int http_open(struct http_client *c, const char *url, uint64_t timeout_us,
    int retries, struct or_err *e);
void http_close(struct http_client *c);

/* One request.  params (consumed) is an array or NULL for [].  On success
 * *result holds the reply's "result" (a JSON null when the node answered
 * null).  Errors: rpc.node_error (status 1; the node's code, message and data
 * are in c->node_*), and with status 4 rpc.connect, rpc.timeout,
 * rpc.transport, rpc.http_status and rpc.bad_reply, the last three after the
 * retries that retry allows. */
int http_call(struct http_client *c, const char *method, cJSON *params,
    enum http_retry retry, cJSON **result, struct or_err *e);

/* Several requests in one JSON-RPC batch (one HTTP round trip).  params[i]
 * are consumed.  On success replies[i] holds the reply object for request i
 * (matched by id), to be read with http_reply_take.  Returns -1 (e filled,
 * status 4) when the batch as a whole failed after the retries. */
int http_batch(struct http_client *c, size_t n, const char *const *methods,
    cJSON **params, enum http_retry retry, cJSON **replies, struct or_err *e);
/* Take the result out of one reply object (freed here): as http_call. */
int http_reply_take(struct http_client *c, cJSON *reply, cJSON **result,
    struct or_err *e);

/* The node error of the last failed call as the extras of an error object:
 * rpcCode, rpcMessage and, when sent, rpcData (added to obj). */
void http_node_extras(const struct http_client *c, cJSON *obj);

/* Write scheme://host[:port] of url into dst (n bytes), dropping user
 * info, path, query and fragment, which often hold API keys. */
void http_redact(const char *url, char *dst, size_t n);
/* url as typed, with its user info and the values of its query and its
 * fragment masked as "***": for messages about a URL that is not valid
 * ("u:p@host/x?key=1" is "***@host/x?key=***"). */
void http_mask(const char *url, char *dst, size_t n);

#endif
