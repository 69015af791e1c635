/* test-abiarg: ABI operands read by their type (common/abiarg.h), each to
 * the exact stream form the record holds, and the unit names and decimals
 * of common/abiunits.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abiarg.h"
#include "abiunits.h"
#include "json.h"
#include "tap.h"

/* The JSON text of the operand text read as type, or "ERR:<code>". */
static void
check(const char *type, const char *text, const char *want)
{
	struct or_err e;
	struct abi_type *t = abi_type_parse(type, strlen(type), &e);
	struct buf b = { 0 };
	cJSON *v;
	char got[512];

	if (t == NULL) {
		ok(0, "type %s parses", type);
		return;
	}
	if ((v = abiarg_value(t, text, "args[0]", &e)) == NULL) {
		snprintf(got, sizeof(got), "ERR:%s", e.code);
	} else {
		json_print(&b, v);
		snprintf(got, sizeof(got), "%.*s", (int)b.len, b.p);
	}
	is_str(got, want, "%s <- %s", type, text);
	cJSON_Delete(v);
	buf_free(&b);
	abi_type_free(t);
}

int
main(void)
{
	/* integers: small decimals are JSON numbers, the rest text */
	check("uint256", "1000", "1000");
	check("int8", "-5", "-5");
	check("uint256", "9007199254740991", "9007199254740991");
	check("uint256", "9007199254740992", "\"9007199254740992\"");
	check("uint256", "1000000000000000000", "\"1000000000000000000\"");
	check("uint256", "0x10", "\"0x10\"");
	check("uint256", "007", "\"007\"");
	check("uint256", "1ether", "\"1000000000000000000\"");
	check("uint256", "1.5gwei", "\"1500000000\"");
	check("uint256", "1.5", "\"1.5\"");
	check("uint256", "\"12\"", "12");
	/* strings are the text, a JSON string literal its content */
	check("string", "123", "\"123\"");
	check("string", "true", "\"true\"");
	check("string", "\"a b\"", "\"a b\"");
	check("string", "\"a", "\"\\\"a\"");
	check("string", "", "\"\"");
	/* bool, address, bytes */
	check("bool", "true", "true");
	check("bool", "false", "false");
	check("bool", "yes", "\"yes\"");
	check("address", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
	    "\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\"");
	check("bytes", "0x", "\"0x\"");
	/* lists, by element type; JSON keeps working */
	check("uint8[]", "[]", "[]");
	check("uint8[]", "[ ]", "[]");
	check("uint8[]", "[1, 2 ,3]", "[1,2,3]");
	check("uint256[]", "[1000000000000000000,0x1]",
	    "[\"1000000000000000000\",\"0x1\"]");
	check("string[]", "[a b, \"c, d\", \"e]\"]",
	    "[\"a b\",\"c, d\",\"e]\"]");
	check("uint8[][]", "[[1],[],[2,3]]", "[[1],[],[2,3]]");
	check("(uint8,string)", "(1,x)", "[1,\"x\"]");
	check("(uint8,string)", "[1,\"x\"]", "[1,\"x\"]");
	check("(uint8 a,string b)", "{\"a\":1,\"b\":\"x\"}",
	    "{\"a\":1,\"b\":\"x\"}");
	check("(uint8,bool)[2]", "[(1,true),(2,false)]",
	    "[[1,true],[2,false]]");
	check("(uint8)", "(1,2)", "[1,\"2\"]");
	check("uint8[]", "[1,]", "[1,\"\"]");
	/* malformed lists are named; a non-list is left to the encoder */
	check("uint8[]", "[1,2", "ERR:abi.bad_array");
	check("uint8[]", "[1,2)", "ERR:abi.bad_array");
	check("uint8[]", "[[1],2", "ERR:abi.bad_array");
	check("uint8[]", "[\"1]", "ERR:abi.bad_array");
	check("(uint8,bool)", "(1,true]", "ERR:abi.bad_tuple");
	check("uint8[]", "1", "\"1\"");
	check("(uint8)", "{\"a\":", "ERR:json.parse");

	/* units */
	ok(abiunits_decimals("ether") == 18, "ether is 18 decimals");
	ok(abiunits_decimals("GWEI") == 9, "any case");
	ok(abiunits_decimals("6") == 6, "a number of decimals");
	ok(abiunits_decimals("77") == 77, "77 decimals at most");
	ok(abiunits_decimals("78") == -1, "not 78");
	ok(abiunits_decimals("06") == -1, "no leading zero");
	ok(abiunits_decimals("furlong") == -1, "an unknown name");
	ok(abiunits_decimals("") == -1, "an empty unit");
	return done_testing();
}
