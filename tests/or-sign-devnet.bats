#!/usr/bin/env bats
# or-sign with the environment of `scripts/devnet env` on a real anvil:
# ETH_KEYSTORE names account 0's keystore file, the form cast reads, so cast
# and the or-* tools sign from one environment; ETH_FROM alone switches to
# another devnet account; a record filled for another account is refused.
load helpers
bats_require_minimum_version 1.5.0

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/state.json"
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

setup() {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
}

lower() { printf '%s' "$1" | tr A-F a-f; }
addr() { lower "$(jq -r ".accounts[$1].address" "$BATS_FILE_TMPDIR/state.json")"; }

@test "devnet env: ETH_KEYSTORE is account 0's file; cast and or-sign agree" {
	[ -f "$ETH_KEYSTORE" ]
	[ "$(lower "$ETH_FROM")" = "$(addr 0)" ]
	run cast wallet address
	assert_success
	[ "$(lower "$output")" = "$(addr 0)" ]
	run or-sign address
	assert_success
	[ "$(sfield "$output" address)" = "$(addr 0)" ]
	[ "$(sfield "$output" path)" = "$ETH_KEYSTORE" ]
}

@test "one environment: cast send and or-sign tx both send from account 0" {
	to=$(addr 9)
	run cast send "$to" --value 1000
	assert_success
	assert_output --regexp 'status +1'
	run bash -c "printf '%s\n' '{\"to\":\"$to\",\"value\":\"1000\"}' |
	    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait"
	assert_success
	[ "$(sfield "$output" from)" = "$(addr 0)" ]
	[ "$(sfield "$output" receipt.status)" = 1 ]
}

@test "ETH_FROM alone switches account; a record for another account is refused" {
	to=$(addr 9)
	export ETH_FROM
	ETH_FROM=$(addr 3)
	run bash -c "printf '%s\n' '{\"to\":\"$to\",\"value\":\"1\"}' |
	    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait"
	assert_success
	[ "$(sfield "$output" from)" = "$(addr 3)" ]
	[ "$(sfield "$output" receipt.status)" = 1 ]
	# filled for account 4, signed with account 3's key: refused, and
	# account 4's nonce is not spent
	n4=$(or-rpc nonce "$(addr 4)" | jq -r .nonce)
	run --separate-stderr bash -c "printf '%s\n' '{\"from\":\"$(addr 4)\",\"to\":\"$to\",\"value\":\"1\"}' |
	    or-rpc fill | or-sign tx"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = sign.from_mismatch ]
	[[ $(sfield "$output" error.message) == *"$(addr 4)"*"$(addr 3)"* ]]
	[ "$(or-rpc nonce "$(addr 4)" | jq -r .nonce)" = "$n4" ]
	# an explicit --keystore FILE is not overridden by ETH_FROM
	run or-sign address --keystore "$ETH_KEYSTORE"
	assert_success
	[ "$(sfield "$output" address)" = "$(addr 0)" ]
}

@test "or-sign(1) EXAMPLES: the devnet block runs as written" {
	awk '/^\.Sh EXAMPLES/ { ex = 1 } /^\.Sh SEE/ { ex = 0 }
	    ex && /^\.Bd -literal/ { k++; on = (k == 5); next }
	    /^\.Ed/ { on = 0 } on' "$OR_TOP/man/or-sign.1" | sed 's/\\e/\\/g' \
	    > "$BATS_TEST_TMPDIR/ex.sh"
	grep -q 'scripts/devnet env' "$BATS_TEST_TMPDIR/ex.sh"
	unset ETH_KEYSTORE ETH_FROM ETH_PASSWORD ETH_RPC_URL
	cd "$OR_TOP"
	run --separate-stderr sh -e "$BATS_TEST_TMPDIR/ex.sh"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[ "$(sfield "${lines[0]}" receipt.status)" = 1 ]
	[ "$(sfield "${lines[0]}" from)" = "$(addr 0)" ]
	[ "$(sfield "${lines[1]}" address)" = "$(addr 2)" ]
}
