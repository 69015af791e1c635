#!/usr/bin/env bats
# Pipelines across tools against a local anvil (scripts/devnet): the
# README's transaction, encoded, filled, signed, sent and waited for.

load helpers

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/state.json"
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

@test "README: the transaction example runs as written on a fresh devnet" {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	# the first sh block after "A transaction, end to end"
	awk '/^A transaction, end to end/ { on = 1; next }
	    on && /^```sh/ { inb = 1; next } inb && /^```/ { exit } inb' \
	    "$OR_TOP/README.md" > "$BATS_TEST_TMPDIR/readme.sh"
	grep -q 'or-rpc wait' "$BATS_TEST_TMPDIR/readme.sh"
	run sh "$BATS_TEST_TMPDIR/readme.sh"
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[ "$(field "${lines[0]}" receipt.status)" = 1 ]
	[ "$(sfield "${lines[0]}" from)" = "$ETH_FROM" ]
}

@test "or-abi encode | or-rpc fill | or-sign tx | or-rpc send | or-rpc wait" {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	to=0x70997970c51812dc3a010c7d01b50e0d17dc79c8
	run sh -c "exec 2>/dev/null; printf '%s\n' \
	    '{\"to\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"sig\":\"transfer(address,uint256)\",\"args\":[\"$to\",\"1000\"]}' \
	    '{\"to\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"sig\":\"transfer(address,uint256)\",\"args\":[\"0x7099\",\"1000\"]}' |
	    or-abi encode | or-rpc fill | or-sign tx | or-rpc send | or-rpc wait"
	assert_failure 1          # the second record fails in or-abi, and only it
	[ "${#lines[@]}" -eq 2 ]
	[ "$(field "${lines[0]}" receipt.status)" = 1 ]
	[ "$(sfield "${lines[0]}" from)" = "$ETH_FROM" ]
	[ "$(sfield "${lines[0]}" data)" = "$(or-abi encode 'transfer(address,uint256)' "$to" 1000 | jq -r .data)" ]
	[ "$(sfield "${lines[1]}" error.code)" = abi.bad_address ]
	[ "$(sfield "${lines[1]}" error.tool)" = or-abi ]
	# later tools passed the failed record through untouched
	[ "$(field "${lines[1]}" raw)" = null ]
	# the signer and the node agree on the transaction hash
	h=$(or-hash keccak256 "$(sfield "${lines[0]}" raw)" | jq -r .hash)
	[ "$h" = "$(sfield "${lines[0]}" txHash)" ]
}

@test "a value transfer lands once and moves exactly its value" {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	to=0x000000000000000000000000000000000000dead
	[ "$(or-rpc balance "$to" | jq -r .balance)" = 0 ]
	out=$(echo "{\"to\":\"$to\",\"value\":\"1000\"}" |
	    or-rpc fill | or-sign tx | tee "$BATS_TEST_TMPDIR/signed" |
	    or-rpc send | or-rpc wait)
	[ "$(field "$out" receipt.status)" = 1 ]
	# sending the same signed transaction again spends nothing more
	or-rpc send < "$BATS_TEST_TMPDIR/signed" > /dev/null
	[ "$(or-rpc balance "$to" | jq -r .balance)" = 1000 ]
}
