#!/usr/bin/env bats
# or-abi against a local anvil (scripts/devnet): the records or-rpc writes
# decoded in a pipe.

load helpers

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/state.json"
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

# Deploy init code that emits Ping(42) (LOG1 of one word) and returns no
# runtime code; prints the new contract's address.
deploy_ping() {
	topic=$(or-abi topic 'Ping(uint256)' | jq -r .topic)
	code=0x602a6000527f${topic#0x}60206000a100
	echo "{\"data\":\"$code\"}" | or-rpc fill | or-sign tx | or-rpc send |
	    or-rpc wait | jq -r .receipt.contractAddress
}

@test "or-rpc logs ADDR | or-abi decode --log SIG: logs decoded, the summary passed through, exit 0" {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	addr=$(deploy_ping)
	[ -n "$addr" ] && [ "$addr" != null ]
	or-rpc logs "$addr" > "$BATS_TEST_TMPDIR/logs"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/logs")" -eq 2 ]
	run sh -c "or-abi decode --log 'Ping(uint256 value)' < '$BATS_TEST_TMPDIR/logs'"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[ "$(field "${lines[0]}" decoded)" = '{"value":"42"}' ]
	[ "$(sfield "${lines[0]}" decodedSig)" = 'Ping(uint256)' ]
	[ "$(sfield "${lines[0]}" kind)" = log ]
	# the summary record, unchanged
	[ "${lines[1]}" = "$(tail -n 1 "$BATS_TEST_TMPDIR/logs")" ]
	# by topic 0 in an ABI, and straight from the pipe
	echo '[{"type":"event","name":"Ping","inputs":[{"name":"n","type":"uint256","indexed":false}]}]' > "$BATS_TEST_TMPDIR/ping.json"
	run sh -c "or-rpc logs '$addr' | or-abi decode --log --abi '$BATS_TEST_TMPDIR/ping.json'"
	assert_success
	[ "$(field "${lines[0]}" decoded)" = '{"n":"42"}' ]
	# a record that is a log gets decoded; one of another kind passes
	run sh -c "printf '%s\n' '{\"kind\":\"bench\",\"x\":1}' | or-abi decode --log 'Ping(uint256)'"
	assert_success
	assert_output '{"kind":"bench","x":1}'
	# the signature does not match the log: the log fails, precisely
	run sh -c "or-rpc logs '$addr' | or-abi -q decode --log 'Pong(uint256)'"
	assert_failure 1
	assert_line --index 0 --partial '"code":"abi.bad_topics"'
}
