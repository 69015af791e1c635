/* http: JSON-RPC 2.0 over HTTP(S) with libcurl (see http.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "http.h"
#include "banned.h"

#define BACKOFF_CAP_MS 4000

/* The authority of url: after "://" (or from the start without one) up to
 * the path, query or fragment; *host is the part after any userinfo@. */
static const char *
authority(const char *url, const char **end, const char **host)
{
	const char *sep = strstr(url, "://"), *auth, *q;

	auth = sep != NULL ? sep + 3 : url;
	*end = auth + strcspn(auth, "/?#");
	*host = auth;
	for (q = auth; q < *end; q++)
		if (*q == '@')
			*host = q + 1;
	return auth;
}

void
http_redact(const char *url, char *dst, size_t n)
{
	const char *auth, *end, *host;

	if (strstr(url, "://") == NULL) {
		snprintf(dst, n, "(not a URL)");
		return;
	}
	auth = authority(url, &end, &host);
	snprintf(dst, n, "%.*s://%.*s", (int)(auth - 3 - url), url,
	    (int)(end - host), host);
}

void
http_mask(const char *url, char *dst, size_t n)
{
	const char *auth, *end, *host, *q;
	struct buf b = { 0 };

	auth = authority(url, &end, &host);
	buf_add(&b, url, (size_t)(auth - url));
	if (host != auth) {	/* userinfo: masked, the @ kept */
		buf_add(&b, "***", 3);
		auth = host - 1;
	}
	q = auth + strcspn(auth, "?#");
	buf_add(&b, auth, (size_t)(q - auth));
	/* each query value, and a fragment, may be a key: keep the names */
	while (*q == '?' || *q == '&' || *q == ';') {
		size_t all = strcspn(q + 1, "&;#"), name = strcspn(q + 1,
		    "=&;#");

		if (name < all) {
			buf_add(&b, q, 1 + name);
			buf_add(&b, "=***", 4);
		} else {
			buf_add(&b, q, 1);
			if (all > 0)
				buf_add(&b, "***", 3);
		}
		q += 1 + all;
	}
	if (*q == '#')
		buf_add(&b, "#***", q[1] != '\0' ? 4 : 1);
	buf_addc(&b, '\0');
	snprintf(dst, n, "%s", b.p);
	buf_free(&b);
}

static size_t
on_data(char *p, size_t size, size_t nmemb, void *ud)
{
	struct http_client *c = ud;
	size_t n = size * nmemb;

	if (c->reply.len + n > HTTP_MAX_REPLY)
		return 0;	/* curl reports CURLE_WRITE_ERROR */
	buf_add(&c->reply, p, n);
	return n;
}

int
http_open(struct http_client *c, const char *url, uint64_t timeout_us,
    int retries, struct or_err *e)
{
	static int global_done;
	struct curl_slist *h = NULL;
	CURL *k;

	char typed[256];

	memset(c, 0, sizeof(*c));
	http_redact(url, c->shown, sizeof(c->shown));
	/* errors echo what was typed, its secrets masked */
	http_mask(url, typed, sizeof(typed));
	if (strstr(url, "://") == NULL)
		return or_error(e, "rpc.bad_url", "RPC URL '%s' has no scheme: "
		    "did you mean 'http://%s'?", typed, typed);
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return or_error(e, "rpc.bad_url",
		    "RPC URL '%s' must start with http:// or https://", typed);
	if (url[strcspn(url, " \t\r\n")] != '\0')
		return or_error(e, "rpc.bad_url", "RPC URL '%s' holds blanks",
		    typed);
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return or_error_st(e, 3, "rpc.init",
			    "cannot initialise libcurl");
		global_done = 1;
	}
	if ((k = curl_easy_init()) == NULL)
		return or_error_st(e, 3, "rpc.init",
		    "cannot initialise libcurl");
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	if (h == NULL)
		die_oom();
	c->curl = k;
	c->headers = h;
	c->url = xstrdup(url);
	c->timeout_ms = (long)((timeout_us + 999) / 1000);
	if (c->timeout_ms < 1)
		c->timeout_ms = 1;
	c->retries = retries;
	c->backoff_ms = 100;
	c->next_id = 1;
	c->rng = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull ^
	    (uint64_t)getpid() << 16 ^ (uint64_t)(uintptr_t)c;
	curl_easy_setopt(k, CURLOPT_URL, c->url);
	curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(k, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(k, CURLOPT_USERAGENT, "openresearch/0.1.0");
	curl_easy_setopt(k, CURLOPT_POST, 1L);
	curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(k, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(k, CURLOPT_CONNECTTIMEOUT_MS,
	    c->timeout_ms < 10000 ? c->timeout_ms : 10000L);
	curl_easy_setopt(k, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(k, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(k, CURLOPT_WRITEDATA, c);
	return 0;
}

static void
clear_node_error(struct http_client *c)
{
	free(c->node_msg);
	c->node_msg = NULL;
	cJSON_Delete(c->node_data);
	c->node_data = NULL;
	c->node_code = 0;
}

void
http_close(struct http_client *c)
{
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	free(c->url);
	buf_free(&c->body);
	buf_free(&c->reply);
	clear_node_error(c);
	memset(c, 0, sizeof(*c));
}

static uint64_t
next_rand(struct http_client *c)
{
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return c->rng;
}

/* Exponential backoff with jitter: sleep a random time in [d/2, d], d the
 * first backoff doubled per attempt and capped. */
static void
backoff(struct http_client *c, int attempt)
{
	uint64_t d = c->backoff_ms, ms;
	struct timespec ts;

	while (attempt-- > 0 && d < BACKOFF_CAP_MS)
		d *= 2;
	if (d > BACKOFF_CAP_MS)
		d = BACKOFF_CAP_MS;
	ms = d / 2 + (d > 1 ? next_rand(c) % (d / 2 + 1) : 0);
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* One HTTP exchange of c->body.  0: a reply body to parse is in c->reply;
 * -1: e filled, *again says whether another attempt may help. */
static int
transfer(struct http_client *c, int *again, struct or_err *e)
{
	CURLcode rc;
	long code = 0;
	CURL *k = c->curl;
	const char *p;

	c->reply.len = 0;
	if (c->reply.p != NULL)
		c->reply.p[0] = '\0';
	curl_easy_setopt(k, CURLOPT_POSTFIELDS, c->body.p);
	curl_easy_setopt(k, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)c->body.len);
	curl_easy_setopt(k, CURLOPT_FRESH_CONNECT, (long)c->fresh);
	c->fresh = 0;
	c->attempts++;
	rc = curl_easy_perform(k);
	*again = 1;
	if (rc != CURLE_OK) {
		/* a late or partial reply may still arrive on that
		 * connection: never read it as the next request's answer */
		c->fresh = 1;
		switch (rc) {
		case CURLE_OPERATION_TIMEDOUT:
			return or_error_st(e, 4, "rpc.timeout",
			    "no reply from '%s' within %ld ms", c->shown,
			    c->timeout_ms);
		case CURLE_COULDNT_CONNECT:
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
			return or_error_st(e, 4, "rpc.connect",
			    "cannot connect to '%s': %s", c->shown,
			    curl_easy_strerror(rc));
		case CURLE_OUT_OF_MEMORY:
			die_oom();
		case CURLE_WRITE_ERROR:
			*again = 0;
			return or_error_st(e, 4, "rpc.bad_reply",
			    "reply from '%s' larger than %u bytes", c->shown,
			    HTTP_MAX_REPLY);
		default:
			return or_error_st(e, 4, "rpc.transport",
			    "request to '%s' failed: %s", c->shown,
			    curl_easy_strerror(rc));
		}
	}
	curl_easy_getinfo(k, CURLINFO_RESPONSE_CODE, &code);
	if (code == 200)
		return 0;
	if (code == 408 || code == 429 || (code >= 500 && code <= 599)) {
		c->fresh = 1;
		return or_error_st(e, 4, "rpc.http_status",
		    "'%s' answered HTTP status %ld", c->shown, code);
	}
	/* some nodes send JSON-RPC errors with a 4xx status */
	for (p = c->reply.p; p != NULL && (*p == ' ' || *p == '\n'); p++)
		;
	if (p != NULL && (*p == '{' || *p == '['))
		return 0;
	*again = 0;
	return or_error_st(e, 4, "rpc.http_status",
	    "'%s' answered HTTP status %ld", c->shown, code);
}

static int
bad_reply(struct http_client *c, struct or_err *e, const char *what)
{
	c->fresh = 1;
	return or_error_st(e, 4, "rpc.bad_reply",
	    "malformed JSON-RPC reply from '%s': %s", c->shown, what);
}

/* A reply object must hold "result", or "error" with a number "code" and
 * a string "message". */
static int
reply_valid(const cJSON *r)
{
	const cJSON *err;

	if (!cJSON_IsObject(r))
		return 0;
	err = json_get(r, "error");
	if (err == NULL)
		return json_get(r, "result") != NULL;
	return cJSON_IsObject(err) && json_is_number(json_get(err, "code")) &&
	    json_strval(json_get(err, "message"), NULL) != NULL;
}

static int
id_matches(const cJSON *r, uint64_t id)
{
	const cJSON *v = json_get(r, "id");
	char tmp[64];
	uint64_t got;

	return v != NULL && json_is_number(v) &&
	    parse_u64(json_numtext(v, tmp), &got) == 0 && got == id;
}

/* Copy s into one printable line (node messages may hold anything). */
static char *
one_line(const char *s, size_t n)
{
	char *d = xmemdup(s, n);
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)d[i] < 0x20 || d[i] == 0x7f)
			d[i] = ' ';
	return d;
}

int
http_reply_take(struct http_client *c, cJSON *reply, cJSON **result,
    struct or_err *e)
{
	cJSON *err = json_get(reply, "error"), *res;
	char tmp[64];
	const char *m;
	size_t mlen;
	int64_t code = 0;

	*result = NULL;
	if (err != NULL) {
		clear_node_error(c);
		if (parse_i64(json_numtext(json_get(err, "code"), tmp),
		    &code) < 0)
			code = 0;
		m = json_strval(json_get(err, "message"), &mlen);
		c->node_code = code;
		c->node_msg = one_line(m, mlen);
		if (json_get(err, "data") != NULL)
			c->node_data = json_dup(json_get(err, "data"));
		cJSON_Delete(reply);
		return or_error(e, "rpc.node_error", "node error %lld: %s",
		    (long long)code, c->node_msg);
	}
	res = cJSON_DetachItemFromObjectCaseSensitive(reply, "result");
	cJSON_Delete(reply);
	*result = res;
	return 0;
}

static void
add_request(struct buf *b, uint64_t id, const char *method,
    const cJSON *params)
{
	cJSON *m = json_new_strn(method, strlen(method));

	buf_addf(b, "{\"jsonrpc\":\"2.0\",\"id\":%llu,\"method\":",
	    (unsigned long long)id);
	json_print(b, m);
	cJSON_Delete(m);
	buf_add(b, ",\"params\":", 10);
	if (params != NULL)
		json_print(b, params);
	else
		buf_add(b, "[]", 2);
	buf_addc(b, '}');
}

int
http_call(struct http_client *c, const char *method, cJSON *params,
    enum http_retry retry, cJSON **result, struct or_err *e)
{
	struct or_err pe = { 0 };
	cJSON *r;
	uint64_t id;
	int attempt, again, rc = -1;

	*result = NULL;
	c->requests++;
	for (attempt = 0;; attempt++) {
		/* a new id for every attempt: a stale reply to an earlier
		 * attempt can never pass for this one */
		id = c->next_id++;
		c->body.len = 0;
		add_request(&c->body, id, method, params);
		if (transfer(c, &again, e) == 0) {
			r = json_parse(c->reply.p, c->reply.len, 0, &pe);
			if (r == NULL)
				rc = bad_reply(c, e, pe.msg);
			else if (!id_matches(r, id)) {
				cJSON_Delete(r);
				rc = bad_reply(c, e, "id does not match");
			} else if (!reply_valid(r)) {
				cJSON_Delete(r);
				rc = bad_reply(c, e, "neither result nor error");
			} else {
				rc = http_reply_take(c, r, result, e);
				break;
			}
			again = 1;
		} else {
			rc = -1;
		}
		if (!again || retry == HTTP_ONCE || attempt >= c->retries)
			break;
		backoff(c, attempt);
	}
	cJSON_Delete(params);
	return rc;
}

int
http_batch(struct http_client *c, size_t n, const char *const *methods,
    cJSON **params, enum http_retry retry, cJSON **replies, struct or_err *e)
{
	struct or_err pe = { 0 };
	cJSON *r, *item;
	uint64_t first;
	size_t i, got;
	int attempt, again, rc = -1;

	for (i = 0; i < n; i++)
		replies[i] = NULL;
	c->requests += n;
	for (attempt = 0;; attempt++) {
		first = c->next_id;
		c->next_id += n;
		c->body.len = 0;
		buf_addc(&c->body, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addc(&c->body, ',');
			add_request(&c->body, first + i, methods[i],
			    params[i]);
		}
		buf_addc(&c->body, ']');
		if (transfer(c, &again, e) < 0)
			goto failed;
		r = json_parse(c->reply.p, c->reply.len, 0, &pe);
		if (r == NULL) {
			rc = bad_reply(c, e, pe.msg);
			goto failed;
		}
		if (!cJSON_IsArray(r)) {
			/* a node that refuses batches answers one error */
			if (reply_valid(r) && json_get(r, "error") != NULL) {
				rc = http_reply_take(c, r, &item, e);
				break;
			}
			cJSON_Delete(r);
			rc = bad_reply(c, e, "batch reply is not an array");
			goto failed;
		}
		got = 0;
		while ((item = cJSON_DetachItemFromArray(r, 0)) != NULL) {
			char tmp[64];
			uint64_t id;
			const cJSON *v = json_get(item, "id");

			if (!reply_valid(item) || v == NULL ||
			    !json_is_number(v) ||
			    parse_u64(json_numtext(v, tmp), &id) < 0 ||
			    id < first || id - first >= n ||
			    replies[id - first] != NULL) {
				cJSON_Delete(item);
				continue;
			}
			replies[id - first] = item;
			got++;
		}
		cJSON_Delete(r);
		if (got == n) {
			rc = 0;
			break;
		}
		for (i = 0; i < n; i++) {
			cJSON_Delete(replies[i]);
			replies[i] = NULL;
		}
		rc = bad_reply(c, e, "batch reply incomplete");
failed:
		if (!again || retry == HTTP_ONCE || attempt >= c->retries)
			break;
		backoff(c, attempt);
	}
	for (i = 0; i < n; i++)
		cJSON_Delete(params[i]);
	return rc;
}

void
http_node_extras(const struct http_client *c, cJSON *obj)
{
	json_set_int(obj, "rpcCode", c->node_code);
	json_set_str(obj, "rpcMessage", c->node_msg != NULL ? c->node_msg :
	    "");
	if (c->node_data != NULL)
		json_set(obj, "rpcData", json_dup(c->node_data));
}
