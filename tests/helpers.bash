# Shared bats setup: assertions, PATH with bin/, and helpers.
load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash
bats_require_minimum_version 1.5.0

: "${OR_TOP:=$(cd "$BATS_TEST_DIRNAME/.." && pwd)}"
: "${OR_BUILD:=$OR_TOP/build/rel}"
: "${VECTORS:=$OR_TOP/tests/vectors}"
PATH=$OR_TOP/bin:$OR_TOP/tools/npm/node_modules/.bin:$PATH
export OR_TOP OR_BUILD VECTORS PATH

# The JSON value of field $2 in the JSON text $1 (compact, via jq).
field() { printf '%s\n' "$1" | jq -c ".$2"; }
# Raw string value of field $2.
sfield() { printf '%s\n' "$1" | jq -r ".$2"; }

# inject FAULT CMD...: run CMD with the fault-injection shim (tests/inject);
# FAULT is write:FD:ERRNO, read:FD:ERRNO, close:FD:ERRNO or malloc:N.
inject() {
	OR_INJECT=$1 LD_PRELOAD=$OR_BUILD/inject/inject.so \
	    ASAN_OPTIONS=verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} "${@:2}"
}
