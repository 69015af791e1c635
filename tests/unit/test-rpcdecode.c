/* Unit tests: rpcdecode, the decoded fields or-rpc adds from revert data,
 * return data and logs (the revert cases came from the former revert
 * module and keep their expectations). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "hex.h"
#include "rpcdecode.h"

#define W0 "0000000000000000000000000000000000000000000000000000000000000000"
#define W(x) "00000000000000000000000000000000000000000000000000000000000000" x

/* The parts of the Probe contract's ABI (tests/data/rpc) used here. */
static const char probe_abi[] =
    "[{\"inputs\":[{\"name\":\"code\",\"type\":\"uint256\"}],"
    "\"name\":\"Nope\",\"type\":\"error\"},"
    "{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"name\":\"sender\","
    "\"type\":\"address\"},{\"indexed\":true,\"name\":\"n\",\"type\":"
    "\"uint256\"},{\"indexed\":false,\"name\":\"note\",\"type\":\"string\"}],"
    "\"name\":\"Ping\",\"type\":\"event\"},"
    "{\"inputs\":[],\"name\":\"count\",\"outputs\":[{\"name\":\"\",\"type\":"
    "\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]";

static struct abicache none, probe;

/* The Probe ABI through the --abi loader, from a file as or-rpc reads it */
static void
load_probe(void)
{
	struct or_err e = { 0 };
	char path[] = "/tmp/test-rpcdecode-XXXXXX";
	const char *paths[1] = { path };
	int fd = mkstemp(path);

	ok(fd >= 0 && write_in_full(fd, probe_abi, strlen(probe_abi)) == 0 &&
	    close(fd) == 0, "Probe ABI file written");
	ok(abicache_pin(&probe, paths, 1, &e) == 0 && probe.npinned == 1,
	    "Probe ABI loads %s", e.msg);
	unlink(path);
}

static uint8_t *
unhex(const char *hex, size_t *n)
{
	struct or_err e = { 0 };
	uint8_t *b;

	if (hex_decode(hex, strlen(hex), &b, n, "x", &e) < 0) {
		ok(0, "test hex decodes: %s", e.msg);
		exit(1);
	}
	return b;
}

static char *
show(const cJSON *rec, const char *key)
{
	const cJSON *v = json_get(rec, key);

	return v != NULL ? json_print_new(v) : NULL;
}

/* want_sig NULL: not decoded, decodeError set, raw data untouched. */
static void
revert_case(const struct abicache *a, const char *hex, const char *want_sig,
    const char *want_json)
{
	cJSON *rec = json_object();
	uint8_t *b;
	size_t n;
	char *d, *s;

	b = unhex(hex, &n);
	json_set_str(rec, "decoded", "stale");
	rpcdecode_revert(a, rec, b, n);
	d = show(rec, "decoded");
	s = show(rec, "decodedSig");
	if (want_sig == NULL) {
		ok(d == NULL && s == NULL &&
		    json_strval(json_get(rec, "decodeError"), NULL) != NULL,
		    "not decoded, decodeError: %.24s...", hex);
	} else {
		char q[128];

		snprintf(q, sizeof(q), "\"%s\"", want_sig);
		is_str(s, q, "revert signature %s", want_sig);
		is_str(d, want_json, "revert decoded %s", want_json);
		ok(json_get(rec, "decodeError") == NULL, "no decodeError");
	}
	free(d);
	free(s);
	free(b);
	cJSON_Delete(rec);
}

static void
reverts(void)
{
	const char *boom = "0x08c379a0" W("20") W("04")
	    "626f6f6d00000000000000000000000000000000000000000000000000000000";
	cJSON *rec;
	uint8_t *b;
	size_t n;

	revert_case(&none, boom, "Error(string)", "{\"0\":\"boom\"}");
	revert_case(&probe, boom, "Error(string)", "{\"0\":\"boom\"}");
	revert_case(&none, "0x4e487b71" W("11"), "Panic(uint256)",
	    "{\"0\":\"17\"}");
	/* hostile lengths and offsets must not read past the payload */
	revert_case(&none, "0x08c379a0" W("20")
	    "00000000000000000000000000000000000000000000000000000000ffffffff",
	    NULL, NULL);
	revert_case(&none, "0x08c379a0"
	    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0"
	    W("04"), NULL, NULL);
	revert_case(&none, "0x08c379a0" W("40") W0, NULL, NULL);
	revert_case(&none, "0x", NULL, NULL);
	revert_case(&none, "0x08c3", NULL, NULL);
	/* invalid UTF-8 in a reason becomes U+FFFD */
	revert_case(&none, "0x08c379a0" W("20") W("02")
	    "ff41000000000000000000000000000000000000000000000000000000000000",
	    "Error(string)", "{\"0\":\"\xef\xbf\xbd" "A\"}");
	/* a custom error needs its ABI */
	revert_case(&none, "0x63a2a81f" W("07"), NULL, NULL);
	revert_case(&probe, "0x63a2a81f" W("07"), "Nope(uint256)",
	    "{\"code\":\"7\"}");
	revert_case(&probe, "0x63a2a81f" W("07") "00", NULL, NULL);
	/* a panic also gets its name */
	rec = json_object();
	b = unhex("0x4e487b71" W("11"), &n);
	rpcdecode_revert(&none, rec, b, n);
	is_str(json_strval(json_get(rec, "panic"), NULL),
	    "arithmetic underflow or overflow", "panic name");
	free(b);
	cJSON_Delete(rec);
}

/* Revert data as hex, as a node error or a replayed call gives it. */
static void
revert_hexes(void)
{
	const char *boom = "0x08C379A0" W("20") W("04")
	    "626F6F6D00000000000000000000000000000000000000000000000000000000";
	cJSON *rec = json_object();
	char *d;

	rpcdecode_revert_hex(&none, rec, boom);
	d = show(rec, "revertData");
	ok(d != NULL && strncmp(d, "\"0x08c379a0", 11) == 0 &&
	    strstr(d, "626f6f6d") != NULL, "revertData in lowercase");
	free(d);
	d = show(rec, "decoded");
	is_str(d, "{\"0\":\"boom\"}", "revert hex decoded");
	free(d);
	cJSON_Delete(rec);
	rec = json_object();
	rpcdecode_revert_hex(&none, rec, NULL);
	ok(rec->child == NULL, "no revert data: nothing added");
	rpcdecode_revert_hex(&none, rec, "0x123");
	ok(rec->child == NULL, "odd hex: nothing added");
	rpcdecode_revert_hex(&none, rec, "08c379a0");
	ok(rec->child == NULL, "hex without 0x: nothing added");
	rpcdecode_revert_hex(&none, rec, "0x");
	d = show(rec, "revertData");
	is_str(d, "\"0x\"", "empty revert data is kept");
	ok(json_get(rec, "decodeError") != NULL, "and cannot be decoded");
	free(d);
	cJSON_Delete(rec);
}

/* A call record with calldata and maybe a sig; returns the decode's rc. */
static int
return_case(const struct abicache *a, const char *sig, const char *ret,
    cJSON **rec, struct or_err *e)
{
	uint8_t *b;
	size_t n;
	int rc;

	*rec = json_object();
	if (sig != NULL)
		json_set_str(*rec, "sig", sig);
	json_set_str(*rec, "data", "0x06661abd");
	b = unhex(ret, &n);
	memset(e, 0, sizeof(*e));
	rc = rpcdecode_return(a, *rec, b, n, e);
	free(b);
	return rc;
}

static void
returns(void)
{
	struct or_err e;
	cJSON *rec;
	char *d;
	int rc;

	rc = return_case(&probe, NULL, "0x" W("2a"), &rec, &e);
	d = show(rec, "decoded");
	ok(rc == 0, "return by selector");
	is_str(d, "{\"0\":\"42\"}", "return decoded");
	is_str(json_strval(json_get(rec, "decodedSig"), NULL), "count()",
	    "return decodedSig");
	free(d);
	cJSON_Delete(rec);
	rc = return_case(&none, "count()(uint256 c)", "0x" W("2a"), &rec, &e);
	d = show(rec, "decoded");
	ok(rc == 0, "return by sig");
	is_str(d, "{\"c\":\"42\"}", "return decoded by the sig's names");
	free(d);
	cJSON_Delete(rec);
	rc = return_case(&none, "count()", "0x" W("2a"), &rec, &e);
	ok(rc == 0 && json_get(rec, "decoded") == NULL &&
	    json_get(rec, "decodeError") == NULL,
	    "no output types, no ABI: nothing");
	cJSON_Delete(rec);
	rc = return_case(&probe, NULL, "0x" W("2a") "00", &rec, &e);
	ok(rc < 0 && strncmp(e.code, "abi.", 4) == 0 &&
	    json_get(rec, "decoded") == NULL, "trailing byte fails: %s",
	    e.code);
	cJSON_Delete(rec);
	rc = return_case(&none, "other()(uint256)", "0x" W("2a"), &rec, &e);
	is_str(rc < 0 ? e.code : NULL, "abi.selector_mismatch",
	    "sig of another function");
	cJSON_Delete(rec);
	rc = return_case(&none, "count(", "0x" W("2a"), &rec, &e);
	ok(rc < 0 && strncmp(e.code, "abi.", 4) == 0, "bad sig: %s", e.code);
	cJSON_Delete(rec);
}

static cJSON *
log_record(const char *topic0, const char *data)
{
	const char *t1 = "0x000000000000000000000000" "70997970c51812dc3a010c7d01b50e0d17dc79c8";
	cJSON *l = json_object(), *t = json_array();

	cJSON_AddItemToArray(t, cJSON_CreateString(topic0));
	cJSON_AddItemToArray(t, cJSON_CreateString(t1));
	cJSON_AddItemToArray(t, cJSON_CreateString("0x" W("05")));
	json_set(l, "topics", t);
	json_set_str(l, "data", data);
	return l;
}

static void
logs(void)
{
	const char *ping = "0x70b9fa9db7248779b82f3212f84983f03b8f0b0df01c3e8"
	    "3a8c642df6897002a";
	const char *hi = "0x" W("20") W("02")
	    "6869000000000000000000000000000000000000000000000000000000000000";
	cJSON *l = log_record(ping, hi);
	char *d;

	rpcdecode_log(&none, l);
	ok(json_get(l, "decoded") == NULL && json_get(l, "decodeError") ==
	    NULL, "no ABIs: logs untouched");
	rpcdecode_log(&probe, l);
	d = show(l, "decoded");
	is_str(d, "{\"sender\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\","
	    "\"n\":\"5\",\"note\":\"hi\"}", "Ping decoded");
	is_str(json_strval(json_get(l, "decodedSig"), NULL),
	    "Ping(address,uint256,string)", "Ping decodedSig");
	free(d);
	cJSON_Delete(l);
	l = log_record(ping, "0x" W("20"));
	rpcdecode_log(&probe, l);
	ok(json_get(l, "decoded") == NULL && json_get(l, "decodeError") !=
	    NULL, "truncated data: decodeError");
	cJSON_Delete(l);
	l = log_record("0x" W("01"), hi);
	rpcdecode_log(&probe, l);
	is_str(json_strval(json_get(l, "decodeError"), NULL),
	    "no event with this topic 0 in the ABIs given", "unknown event");
	cJSON_Delete(l);
	l = log_record("0x12", hi);
	rpcdecode_log(&probe, l);
	ok(json_get(l, "decodeError") != NULL, "bad topic: decodeError");
	cJSON_Delete(l);
}

int
main(void)
{
	struct or_err e = { 0 };
	struct abicache missing = { 0 };
	const char *nowhere[1] = { "/nonexistent/abi.json" };

	(void)vector_path;	/* no shared vector covers these cases */
	load_probe();
	reverts();
	revert_hexes();
	returns();
	logs();
	ok(abicache_pin(&missing, nowhere, 1, &e) < 0 &&
	    strncmp(e.code, "file.", 5) == 0, "unreadable file: %s", e.code);
	abicache_free(&missing);
	abicache_free(&probe);
	return done_testing();
}
