/* zgflow: Flow submit, fee and Submit log. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hex.h"
#include "proc.h"
#include "u256.h"
#include "zgflow.h"
#include "banned.h"

int
zgf_check(const struct zg_tree *t, struct or_err *e)
{
	uint64_t cap = 0, last;
	size_t i, n = t->nnodes;

	if (n == 0 || t->nodes[0].height >= 64 ||
	    t->nodes[0].height - t->nodes[n - 1].height >= 4)
		goto bad;
	for (i = 0; i < n; i++) {
		if (i > 0 && t->nodes[i].height >= t->nodes[i - 1].height)
			goto bad;
		cap += 1ULL << t->nodes[i].height;
	}
	if (cap < 16)
		last = cap - 1;
	else if (n == 1)
		last = cap - cap / 16;
	else
		last = cap - (1ULL << (t->nodes[0].height - 3));
	if (t->size > 256 * cap || t->size <= 256 * last)
		goto bad;
	return 0;
bad:
	return or_error(e, "store.bad_submission", "the submission of %llu "
	    "bytes breaks the Flow contract's rules", (unsigned long long)
	    t->size);
}

static void
word(struct buf *b, const uint8_t w[32])
{
	char hex[67];

	hex_encode(hex, w, 32);
	buf_add(b, hex + 2, 64);
}

static void
word_u64(struct buf *b, uint64_t v)
{
	uint8_t w[32];

	u256_from_u64(v, w);
	word(b, w);
}

void
zgf_calldata(const struct zg_tree *t, const uint8_t submitter[20],
    int legacy, struct buf *out)
{
	uint8_t w[32];
	size_t i;

	buf_add(out, legacy ? "0xef3e12dc" : "0xbc8c11f8", 10);
	word_u64(out, 0x20);		/* the outer tuple */
	if (!legacy) {
		word_u64(out, 0x40);	/* SubmissionData in Submission */
		memset(w, 0, 12);
		memcpy(w + 12, submitter, 20);
		word(out, w);
	}
	word_u64(out, t->size);
	word_u64(out, 0x60);		/* tags */
	word_u64(out, 0x80);		/* nodes, after the empty tags */
	word_u64(out, 0);		/* len(tags) */
	word_u64(out, t->nnodes);
	for (i = 0; i < t->nnodes; i++) {
		word(out, t->nodes[i].root);
		word_u64(out, (uint64_t)t->nodes[i].height);
	}
}

/* eth_call of a no-argument view returning one word */
static int
call_word(struct http_client *c, const char *to, const char *sel,
    uint8_t out[32], struct or_err *e)
{
	cJSON *p = json_array(), *tx = json_object(), *res = NULL;
	const char *s;
	size_t n;
	uint8_t *b;
	size_t bn;

	json_set_str(tx, "to", to);
	json_set_str(tx, "data", sel);
	cJSON_AddItemToArray(p, tx);
	cJSON_AddItemToArray(p, cJSON_CreateString("latest"));
	if (http_call(c, "eth_call", p, HTTP_RETRY, &res, e) < 0)
		return -1;
	s = json_strval(res, &n);
	if (s == NULL || hex_decode(s, n, &b, &bn, "eth_call result", e) < 0 ||
	    bn != 32) {
		if (s != NULL && bn != 32)
			free(b);
		cJSON_Delete(res);
		return or_error_st(e, 1, "store.bad_flow", "'%s' answered "
		    "%s with no word: is it a Flow contract?", to, sel);
	}
	memcpy(out, b, 32);
	free(b);
	cJSON_Delete(res);
	return 0;
}

/* v *= m; -1 on overflow */
static int
u256_mul_u64(uint8_t v[32], uint64_t m)
{
	unsigned __int128 carry = 0;
	int i;

	for (i = 31; i >= 0; i--) {
		carry += (unsigned __int128)v[i] * m;
		v[i] = (uint8_t)carry;
		carry >>= 8;
	}
	return carry != 0 ? -1 : 0;
}

int
zgf_fee(struct http_client *chain, const char *flow, uint64_t sectors,
    uint8_t fee[32], struct or_err *e)
{
	uint8_t w[32];
	char market[43];

	if (call_word(chain, flow, "0x80f55605", w, e) < 0)
		return -1;
	hex_encode(market, w + 12, 20);
	if (call_word(chain, market, "0x61ec5082", fee, e) < 0)
		return -1;
	if (u256_mul_u64(fee, sectors) < 0)
		return or_error(e, "store.bad_flow", "the fee overflows "
		    "uint256");
	return 0;
}

/* Run one child on one input line; its output's last line parsed. */
static int
run_child(char *const argv[], const char *in, cJSON **rec, int *status,
    struct or_err *e)
{
	struct buf out = { 0 };
	char *last;

	*rec = NULL;
	if (proc_run(NULL, argv, in, strlen(in), &out, 16u << 20, status,
	    e) < 0) {
		buf_free(&out);
		e->status = 3;
		return -1;
	}
	while (out.len > 0 && out.p[out.len - 1] == '\n')
		out.p[--out.len] = '\0';
	last = strrchr(out.p, '\n');
	last = last == NULL ? out.p : last + 1;
	if (*last != '\0')
		*rec = json_parse(last, strlen(last), 1, e);
	buf_free(&out);
	return 0;
}

static int
decode_revert(const cJSON *rec, char *dst, size_t n)
{
	const char *s = json_strval(json_get(rec, "revertData"), NULL);

	if (s == NULL)
		return snprintf(dst, n, "no revert data");
	if (strncmp(s, "0xf85c6482", 10) == 0)
		return snprintf(dst, n, "NotEnoughFee");
	if (strncmp(s, "0x08c379a0", 10) == 0 && strlen(s) >= 10 + 192) {
		/* Error(string): offset, length, bytes */
		char msg[128];
		size_t len = strtoul(s + 10 + 64 + 48, NULL, 16), i;

		for (i = 0; i < len && i < sizeof(msg) - 1 &&
		    10 + 128 + 2 * i + 2 <= strlen(s); i++) {
			char h[3] = { s[10 + 128 + 2 * i],
				s[10 + 128 + 2 * i + 1], 0 };
			int c = (int)strtoul(h, NULL, 16);

			msg[i] = c >= 32 && c < 127 ? (char)c : '?';
		}
		msg[i] = '\0';
		return snprintf(dst, n, "Error(\"%s\")", msg);
	}
	return snprintf(dst, n, "revert data %.18s...", s);
}

int
zgf_submit(const char *bindir, const char *rpc_url, const char *flow,
    const char *from, const char *fee_dec, const char *data,
    const struct zg_tree *t, struct zgf_submit *r, struct or_err *e)
{
	static const char *const steps[4][2] = { { "or-rpc", "fill" },
		{ "or-sign", "tx" }, { "or-rpc", "send" }, { "or-rpc", "wait" } };
	cJSON *rec = json_object(), *out = NULL, *err;
	char *line, *prog, why[160];
	const char *s;
	uint64_t stv;
	int i, st;

	memset(r, 0, sizeof(*r));
	json_set_str(rec, "to", flow);
	json_set_str(rec, "from", from);
	json_set_str(rec, "value", fee_dec);
	json_set_str(rec, "data", data);
	for (i = 0; i < 4; i++) {
		char *argv[6];
		int k = 0;

		prog = xasprintf("%s/%s", bindir, steps[i][0]);
		argv[k++] = prog;
		if (i == 1) {
			argv[k++] = (char *)"--from";
			argv[k++] = (char *)from;
		} else {
			argv[k++] = (char *)"--rpc-url";
			argv[k++] = (char *)rpc_url;
		}
		argv[k++] = (char *)steps[i][1];
		argv[k] = NULL;
		line = json_print_new(rec);
		{
			char *l2 = xasprintf("%s\n", line);

			free(line);
			line = l2;
		}
		cJSON_Delete(rec);
		rec = NULL;
		st = 0;
		if (run_child(argv, line, &out, &st, e) < 0) {
			free(line);
			free(prog);
			return -1;
		}
		free(line);
		if (st == 2 || st == 3 || st > 5 || (st != 0 && out == NULL)) {
			or_error_st(e, 3, "proc.exec", "'%s %s' failed with "
			    "status %d", prog, steps[i][1], st);
			free(prog);
			cJSON_Delete(out);
			return -1;
		}
		free(prog);
		if (out == NULL)
			return or_error_st(e, 3, "proc.exec", "'%s %s' wrote "
			    "no record", steps[i][0], steps[i][1]);
		if ((err = json_get(out, "error")) != NULL) {
			r->child_error = json_dup(err);
			s = json_strval(json_get(err, "message"), NULL);
			or_error_st(e, st == 4 ? 4 : 1, "proc.child", "%s %s: %s",
			    steps[i][0], steps[i][1], s != NULL ? s : "failed");
			cJSON_Delete(out);
			return -1;
		}
		rec = out;
		if (i == 3 && st != 0 && json_get(rec, "receipt") == NULL)
			break;
	}
	s = json_strval(json_get(rec, "txHash"), NULL);
	if (s != NULL && strlen(s) == 66)
		memcpy(r->txhash, s, 67);
	err = json_get(rec, "receipt");
	if (err == NULL) {
		cJSON_Delete(rec);
		return or_error(e, "store.no_submit_log", "or-rpc wait gave no "
		    "receipt");
	}
	if (json_value_u64(json_get(err, "status"), "receipt status", 1,
	    &stv, e) < 0) {
		cJSON_Delete(rec);
		return -1;
	}
	if (stv == 0) {
		decode_revert(rec, why, sizeof(why));
		cJSON_Delete(rec);
		return or_error(e, "store.submit_reverted", "Flow submit %s "
		    "reverted: %s", r->txhash, why);
	}
	st = zgf_find_log(err, flow, t, r, e);
	cJSON_Delete(rec);
	return st;
}

static int
word_at(const uint8_t *d, size_t n, size_t off, uint64_t *v)
{
	size_t i;

	if (off > n || n - off < 32)
		return -1;
	for (i = 0; i < 24; i++)
		if (d[off + i] != 0)
			return -1;
	*v = 0;
	for (i = 24; i < 32; i++)
		*v = *v << 8 | d[off + i];
	return 0;
}

/* The SubmissionData of a Submit log's data (length, tags offset, nodes
 * offset, ..., then the nodes: root and height each): 1 when its nodes fold
 * to root, 0 when not, -1 when malformed; its length in bytes into *size
 * when size is not NULL. */
static int
log_nodes(const uint8_t *d, size_t dn, const zg_hash root, uint64_t *size)
{
	uint64_t base, k, nn;
	zg_hash h;

	if (word_at(d, dn, 96, &base) < 0 || base > dn ||
	    (size != NULL && word_at(d, dn, base, size) < 0) ||
	    word_at(d, dn, base + 64, &k) < 0 || k > dn ||
	    word_at(d, dn, base + k, &nn) < 0 || nn == 0 || nn > 64 ||
	    base + k + 32 + nn * 64 > dn)
		return -1;
	zg_fold_nodes(d + base + k + 32, 64, (size_t)nn, h);
	return memcmp(h, root, 32) == 0;
}

/* The SubmissionData length of one Submit log's data when its
 * submissionIndex is seq and its nodes fold to root: 1, else 0. */
static int
log_size(const uint8_t *d, size_t dn, const zg_hash root, uint64_t seq,
    uint64_t *size)
{
	uint64_t idx;

	return word_at(d, dn, 0, &idx) == 0 && idx == seq &&
	    log_nodes(d, dn, root, size) == 1;
}

int
zgf_find_log(const cJSON *receipt, const char *flow,
    const struct zg_tree *t, struct zgf_submit *r, struct or_err *e)
{
	const cJSON *logs = json_get(receipt, "logs"), *l, *topics;
	char id[67];
	const char *a, *t0, *t2, *data;
	uint8_t *d = NULL;
	size_t dn;
	int folds;

	hex_encode(id, t->identity, 32);
	for (l = logs != NULL ? logs->child : NULL; l != NULL; l = l->next) {
		a = json_strval(json_get(l, "address"), NULL);
		topics = json_get(l, "topics");
		data = json_strval(json_get(l, "data"), NULL);
		if (a == NULL || strcasecmp(a, flow) != 0 || topics == NULL ||
		    cJSON_GetArraySize(topics) < 3 || data == NULL)
			continue;
		t0 = json_strval(cJSON_GetArrayItem(topics, 0), NULL);
		t2 = json_strval(cJSON_GetArrayItem(topics, 2), NULL);
		if (t0 == NULL || t2 == NULL ||
		    strcasecmp(t0, ZGF_SUBMIT_TOPIC) != 0 ||
		    strcasecmp(t2, id) != 0)
			continue;
		if (hex_decode(data, strlen(data), &d, &dn, "log data", e) < 0)
			return -1;
		/* index, startPos, length, offset; then SubmissionData */
		if (word_at(d, dn, 0, &r->txseq) < 0 ||
		    word_at(d, dn, 32, &r->start) < 0 ||
		    word_at(d, dn, 64, &r->sectors) < 0 ||
		    (folds = log_nodes(d, dn, t->root, NULL)) < 0)
			goto bad;
		free(d);
		if (!folds)
			return or_error(e, "store.no_submit_log", "the nodes "
			    "of the Submit log do not fold to the file root");
		return 0;
	}
	return or_error(e, "store.no_submit_log", "the receipt holds no "
	    "Submit log of the Flow contract for this file");
bad:
	free(d);
	return or_error(e, "store.no_submit_log", "malformed Submit log "
	    "data");
}

int
zgf_submitted_size(struct http_client *chain, const char *flow,
    const zg_hash identity, const zg_hash root, uint64_t seq, uint64_t *size,
    struct or_err *e)
{
	char id[67];
	cJSON *f = json_object(), *topics = json_array(), *p = json_array();
	cJSON *logs = NULL;
	const cJSON *l;
	const char *data;
	uint8_t *d;
	size_t dn;
	int found = 0;

	json_set_str(f, "address", flow);
	json_set_str(f, "fromBlock", "0x0");
	json_set_str(f, "toBlock", "latest");
	hex_encode(id, identity, 32);
	cJSON_AddItemToArray(topics, cJSON_CreateString(ZGF_SUBMIT_TOPIC));
	cJSON_AddItemToArray(topics, cJSON_CreateNull());
	cJSON_AddItemToArray(topics, cJSON_CreateString(id));
	json_set(f, "topics", topics);
	cJSON_AddItemToArray(p, f);
	if (http_call(chain, "eth_getLogs", p, HTTP_RETRY, &logs, e) < 0)
		return -1;
	for (l = cJSON_IsArray(logs) ? logs->child : NULL; l != NULL &&
	    !found; l = l->next) {
		if ((data = json_strval(json_get(l, "data"), NULL)) == NULL ||
		    hex_decode(data, strlen(data), &d, &dn, "log data",
		    e) < 0)
			continue;
		found = log_size(d, dn, root, seq, size);
		free(d);
	}
	cJSON_Delete(logs);
	return found;
}
