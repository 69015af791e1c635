/* logscan: eth_getLogs with range splitting (see logscan.h). */
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "address.h"
#include "eth.h"
#include "receipt.h"
#include "reply.h"
#include "clock.h"
#include "hex.h"
#include "logscan.h"
#include "banned.h"

static int
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; hay[i] != '\0'; i++) {
		for (k = 0; k < n; k++) {
			char a = hay[i + k];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != needle[k])
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

/* Nodes word "your range is too wide" in many ways; these cover geth,
 * erigon, nethermind, anvil forks and the common hosted providers. */
int
logscan_refused(const struct http_client *c)
{
	static const char *const words[] = { "range", "limit", "too many",
		"exceed", "more than", "too large", "too big", "max", NULL };
	int i;

	if (c->node_code == -32005)
		return 1;
	for (i = 0; c->node_msg != NULL && words[i] != NULL; i++)
		if (contains_ci(c->node_msg, words[i]))
			return 1;
	return 0;
}

/* One topic as the node wants it: a bytes32, or in topic 0 an event
 * signature ("Transfer(address,address,uint256)"), which stands for its
 * keccak-256 hash as cast reads it.  NULL, e filled, when neither. */
static cJSON *
topic_value(const cJSON *x, int first, struct or_err *e)
{
	const char *s = json_strval(x, NULL);
	struct abi_sig *g;
	uint8_t buf[32];
	cJSON *v;

	if (s == NULL) {
		or_error(e, "json.bad_field", "'topics' holds a value that is "
		    "neither null, a bytes32 nor an array of them");
		return NULL;
	}
	if (first && strncmp(s, "0x", 2) != 0 && strchr(s, '(') != NULL) {
		if ((g = abi_sig_parse(s, ABI_EVENT, e)) == NULL)
			return NULL;
		v = eth_hex(g->hash, 32);
		abi_sig_free(g);
		return v;
	}
	if (hex_decode_fixed(s, buf, 32, "topics", e) < 0)
		return NULL;
	return json_new_str(s);
}

cJSON *
logscan_filter(const cJSON *rec, struct or_err *e)
{
	cJSON *f = json_object(), *arr, *t, *v;
	const cJSON *a = json_get(rec, "address"), *x, *y;
	char ad[43];
	uint8_t buf[20];
	int first;

	if (cJSON_IsArray(a)) {
		arr = json_array();
		json_set(f, "address", arr);
		cJSON_ArrayForEach(x, a) {
			const char *s = json_strval(x, NULL);

			if (s == NULL) {
				or_error(e, "json.bad_field", "'address' must "
				    "hold addresses");
				goto fail;
			}
			if (address_decode(s, buf, "address", e) < 0)
				goto fail;
			json_push(arr, eth_hex(buf, 20));
		}
	} else if (a != NULL) {
		if (eth_field_address(rec, "address", ad, e) < 0)
			goto fail;
		json_set_str(f, "address", ad);
	}
	if ((a = json_get(rec, "topics")) == NULL)
		return f;
	if (!cJSON_IsArray(a)) {
		or_error(e, "json.bad_field", "'topics' must be an array");
		goto fail;
	}
	t = json_array();
	json_set(f, "topics", t);
	cJSON_ArrayForEach(x, a) {
		first = x == a->child;
		if (cJSON_IsNull(x)) {
			json_push(t, json_null());
		} else if (cJSON_IsArray(x)) {
			arr = json_array();
			json_push(t, arr);
			cJSON_ArrayForEach(y, x) {
				if ((v = topic_value(y, first, e)) == NULL)
					goto fail;
				json_push(arr, v);
			}
		} else {
			if ((v = topic_value(x, first, e)) == NULL)
				goto fail;
			json_push(t, v);
		}
	}
	return f;
fail:
	cJSON_Delete(f);
	return NULL;
}

int
logscan_to(struct logscan *s, uint64_t to, logscan_fn fn, void *ud,
    struct or_err *e)
{
	cJSON *f, *p, *r, *l, *x, *out;
	uint64_t end;

	if (s->chunk == 0)
		s->chunk = 1;
	while (s->next <= to) {
		end = to - s->next < s->chunk - 1 ? to : s->next + s->chunk - 1;
		f = json_dup(s->filter);
		json_set(f, "fromBlock", eth_hexq(s->next));
		json_set(f, "toBlock", eth_hexq(end));
		p = json_array();
		json_push(p, f);
		if (http_call(s->c, "eth_getLogs", p, HTTP_RETRY, &r, e) < 0) {
			if (strcmp(e->code, "rpc.node_error") == 0 &&
			    end > s->next && logscan_refused(s->c)) {
				s->chunk = (end - s->next + 1) / 2;
				s->splits++;
				memset(e, 0, sizeof(*e));
				continue;
			}
			return -1;
		}
		if (!cJSON_IsArray(r)) {
			cJSON_Delete(r);
			return or_error_st(e, 4, "rpc.bad_reply", "eth_getLogs "
			    "from '%s' is not an array", s->c->shown);
		}
		/* convert the whole range before handing anything over, so
		 * that after a bad reply the scan resumes at s->next */
		out = json_array();
		cJSON_ArrayForEach(x, r) {
			if ((l = receipt_log(s->c, x, e)) == NULL) {
				cJSON_Delete(out);
				cJSON_Delete(r);
				return -1;
			}
			json_push(out, l);
		}
		while ((l = cJSON_DetachItemFromArray(out, 0)) != NULL) {
			fn(l, ud);
			s->count++;
		}
		cJSON_Delete(out);
		cJSON_Delete(r);
		s->next = end + 1;
	}
	return 0;
}

struct detail_fn {
	logscan_fn fn;
	void *ud;
};

/* Each log goes out as a detail record, "kind" first. */
static void
as_detail(cJSON *l, void *ud)
{
	const struct detail_fn *to = ud;
	cJSON *d = json_object(), *it;

	json_set_str(d, "kind", "log");
	while ((it = l->child) != NULL) {
		cJSON_DetachItemViaPointer(l, it);
		if (!cJSON_AddItemToObject(d, it->string, it))
			die_oom();
	}
	cJSON_Delete(l);
	to->fn(d, to->ud);
}

int
logscan_record(struct http_client *c, const struct logscan_opts *o,
    cJSON *rec, struct logscan *s, logscan_fn fn, void *ud,
    struct or_err *e)
{
	struct detail_fn to = { fn, ud };
	const cJSON *fv = json_get(rec, "fromBlock"), *tv = json_get(rec,
	    "toBlock");
	cJSON *filter, *opt;
	const char *ts;
	uint64_t from = 0, end = 0, stop = UINT64_MAX, head;
	uint64_t deadline = clock_now_us() + o->timeout_us;
	int rc, have_stop = 0;

	*s = (struct logscan){ c, NULL, 0, o->max_range, 0, 0 };
	if ((filter = logscan_filter(rec, e)) == NULL)
		return -1;
	s->filter = filter;
	opt = json_new_str(o->from_block);
	rc = eth_block_number(c, fv != NULL ? fv : opt, "fromBlock", &from,
	    e);
	cJSON_Delete(opt);
	opt = json_new_str(o->to_block);
	if (tv == NULL)
		tv = opt;
	ts = json_strval(tv, NULL);
	if (rc == 0 && ts != NULL && ts[0] >= 'a' && ts[0] <= 'z') {
		rc = eth_block_number(c, tv, "toBlock", &end, e);
	} else if (rc == 0) {
		/* a numeric end is where follow stops */
		rc = eth_block_number(c, tv, "toBlock", &stop, e);
		have_stop = 1;
		end = stop;
		if (rc == 0 && o->follow && (rc = reply_call_u64(c,
		    "eth_blockNumber", NULL, &head, e)) == 0 && head < end)
			end = head;
	}
	cJSON_Delete(opt);
	if (rc < 0)
		goto out;
	s->next = from;
	if ((rc = logscan_to(s, end, as_detail, &to, e)) < 0 &&
	    (!o->follow || strcmp(e->code, "rpc.node_error") != 0))
		goto out;
	while (o->follow && (!have_stop || s->next <= stop) &&
	    clock_now_us() + o->interval_us <= deadline) {
		clock_sleep_us(o->interval_us);
		if ((rc = reply_call_u64(c, "eth_blockNumber", NULL, &head,
		    e)) < 0)
			goto out;
		/* a node may announce a block before it serves its logs
		 * (anvil does): a node error here is tried again at the next
		 * poll, and only the last one counts */
		memset(e, 0, sizeof(*e));
		if ((rc = logscan_to(s, head < stop ? head : stop, as_detail,
		    &to, e)) < 0 && strcmp(e->code, "rpc.node_error") != 0)
			goto out;
	}
	rc = e->code[0] != '\0' ? -1 : 0;
out:
	cJSON_Delete(filter);
	s->filter = NULL;
	json_set(rec, "logCount", json_new_uint(s->count));
	if (s->next > from)
		json_set(rec, "lastBlock", json_new_uint(s->next - 1));
	return rc;
}
