#!/usr/bin/env bats
# or-abi against a local anvil (scripts/devnet): the records or-rpc writes
# decoded in a pipe.

load helpers

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/state.json"
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	# account 0's first deployment, at the address or-abi(1) names: init
	# code that logs Transfer(account 0, account 1, 5) and keeps no code
	t0=$(or-abi topic 'Transfer(address,address,uint256)' | jq -r .topic)
	a0=000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266
	a1=00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8
	code=0x6005600052"7f$a1""7f$a0""7f${t0#0x}"60206000a300
	echo "{\"data\":\"$code\"}" | or-rpc fill | or-sign tx | or-rpc send |
	    or-rpc wait | jq -r .receipt.contractAddress > "$BATS_FILE_TMPDIR/token"
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

@test "the or-rpc and or-sign EXAMPLES of or-abi(1) run on a devnet" {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	[ "$(cat "$BATS_FILE_TMPDIR/token")" = 0x5fbdb2315678afecb367f032d93f642f64180aa3 ]
	awk '/^\.Sh EXAMPLES/ { on = 1 } /^\.Sh SEE ALSO/ { on = 0 }
	    on && /^\.Bd -literal/ { n++; lit = 1; next } /^\.Ed/ { lit = 0 }
	    on && lit { f = sprintf("%s/ex%02d", dir, n); print > f }' \
	    dir="$BATS_TEST_TMPDIR" "$OR_TOP/man/or-abi.1"
	ran=0
	for f in "$BATS_TEST_TMPDIR"/ex*; do
		grep -q -e or-sign -e or-rpc "$f" || continue
		sed -i 's/\\e/\\/g' "$f"
		run sh -ec "cd '$OR_TOP' && . '$f'"
		[ "$status" -eq 0 ] || { cat "$f"; echo "$output"; false; }
		[ -n "$output" ]
		if printf '%s\n' "$output" | grep -q '"error"'; then cat "$f"; echo "$output"; false; fi
		ran=$((ran + 1))
	done
	[ "$ran" -eq 2 ]
	# the logs example decoded the deployment's Transfer
	[ "$(field "${lines[0]}" decoded)" = '{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","value":"5"}' ]
}

@test "or-rpc nonce ADDR | or-abi create-address: the next contract's address, as cast compute-address" {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	a=0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266
	n=$(or-rpc nonce "$a" | jq -r .nonce)
	[ "$n" -ge 1 ]
	run sh -c "or-rpc nonce $a | or-abi create-address | jq -r .contractAddress"
	assert_success
	assert_output "$(cast compute-address --nonce "$n" "$a" | sed 's/.*: //' | tr 'A-F' 'a-f')"
}
