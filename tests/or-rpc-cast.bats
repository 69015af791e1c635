#!/usr/bin/env bats
# or-rpc as a cast user meets it (issue 10): the terminal rule, verb typos,
# receipt, gas-price, wei units, call by signature, logs by event
# signature, URL errors; against a real anvil (scripts/devnet).
load helpers
bats_require_minimum_version 1.5.0

CAST=$OR_TOP/tools/npm/node_modules/.bin/cast
PROBE=$OR_TOP/tests/data/rpc/Probe.bin
PROBE_ABI=$OR_TOP/tests/data/rpc/Probe.abi.json

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/state.json"
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export ANVIL_URL=$ETH_RPC_URL
	unset ETH_FROM ETH_KEYSTORE ETH_PASSWORD
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

addr() { jq -r ".accounts[$1].address" "$BATS_FILE_TMPDIR/state.json"; }

# Run a command line with a terminal on stdin (script(1) makes the pty).
at_terminal() {
	script -qec "$1" /dev/null < /dev/null
}

# Sign filled records with the devnet keystore as anvil account $1.
sign() {
	or-sign tx --keystore "$(jq -r .keystore "$BATS_FILE_TMPDIR/state.json")" \
	    --password-file "$(jq -r .passwordFile "$BATS_FILE_TMPDIR/state.json")" \
	    --from "$(addr "$1")"
}

@test "at a terminal, chain-id, block-number and gas-price answer at once" {
	run at_terminal 'or-rpc chain-id'
	assert_success
	assert_output --regexp '^\{"chainId":31337\}.?$'
	run at_terminal 'or-rpc block-number'
	assert_success
	assert_output --regexp '^\{"blockNumber":[0-9]+\}.?$'
	run at_terminal 'or-rpc gas-price'
	assert_success
	price=$("$CAST" gas-price)
	assert_output --regexp "^\\{\"gasPrice\":\"$price\"\\}.?\$"
	# piped, gas-price enriches the record as every verb does
	run or-rpc gas-price <<< '{"x":1}'
	assert_output "{\"x\":1,\"gasPrice\":\"$price\"}"
	run or-rpc gas-price extra
	assert_failure 2
}

@test "at a terminal, a verb that needs input exits 2 naming what it needs" {
	for v in balance:ADDRESS nonce:ADDRESS code:ADDRESS wait:TXHASH \
	    send:RAW receipt:TXHASH 'logs:ADDRESS \[TOPIC ...\]'; do
		run at_terminal "or-rpc ${v%%:*}"
		assert_failure 2
		assert_line --index 0 --regexp "^or-rpc: error: ${v%%:*}: give ${v#*:}, or pipe JSON lines"
	done
	run at_terminal 'or-rpc call'
	assert_failure 2
	assert_line --index 0 --partial 'call: give TO SIG [ARG ...] or TO DATA'
	run at_terminal 'or-rpc fill'
	assert_failure 2
	assert_line --index 0 --partial 'fill: pipe transaction records as JSON lines'
	run at_terminal 'or-rpc'
	assert_failure 2
	assert_line --index 0 --partial 'give METHOD [PARAM ...], or pipe JSON lines'
	# with an operand the terminal does not matter
	run at_terminal "or-rpc balance $(addr 9)"
	assert_success
	assert_output --partial '"balance":"10000000000000000000000"'
}

@test "a typo'd verb exits 2 with the nearest verb; a method with _ is sent as is" {
	run --separate-stderr or-rpc blocknumber
	assert_failure 2
	assert_output ''
	[[ $stderr == *"unknown verb 'blocknumber'"* ]]
	[[ $stderr == *"did you mean 'block-number'?"* ]]
	run --separate-stderr or-rpc ballance 0x0000000000000000000000000000000000000001
	assert_failure 2
	[[ $stderr == *"did you mean 'balance'?"* ]]
	run or-rpc eth_blockNumber
	assert_success
	assert_output --regexp '^\{"method":"eth_blockNumber","params":\[\],"result":"0x[0-9a-f]+"\}$'
	# an unknown method is still the node's to refuse
	run or-rpc eth_noSuchMethod
	assert_failure 1
	assert_output --partial '"method":"eth_noSuchMethod"'
	assert_output --partial '"code":"rpc.node_error"'
}

@test "receipt TXHASH reads the receipt without waiting; none is rpc.no_receipt" {
	key0=$(jq -r '.accounts[0].privateKey' "$BATS_FILE_TMPDIR/state.json")
	h=$("$CAST" send --private-key "$key0" "$(addr 7)" --value 1 --json | jq -r .transactionHash)
	run or-rpc receipt "$h"
	assert_success
	c=$("$CAST" receipt "$h" --json)
	want=$(printf '{"status":%d,"blockNumber":%d,"blockHash":%s,"gasUsed":%d}' \
	    "$(jq -r .status <<< "$c")" "$(jq -r .blockNumber <<< "$c")" \
	    "$(jq .blockHash <<< "$c")" "$(jq -r .gasUsed <<< "$c")")
	[ "$(jq -c '.receipt | {status, blockNumber, blockHash, gasUsed}' <<< "$output")" = "$want" ]
	[ "$(jq -r .txHash <<< "$output")" = "$h" ]
	# piped: the same line
	[ "$(printf '{"txHash":"%s"}\n' "$h" | or-rpc receipt)" = "$output" ]
	# a hash the node does not know fails at once, the record in-band
	unknown=0x$(printf '%064d' 5)
	SECONDS=0
	run --separate-stderr or-rpc receipt "$unknown"
	assert_failure 1
	[ "$SECONDS" -lt 3 ]
	[ "$(jq -r .error.code <<< "$output")" = rpc.no_receipt ]
	[[ $(jq -r .error.message <<< "$output") == "no receipt for $unknown: the transaction is pending or unknown to 'http://127.0.0.1:"* ]]
	[[ $stderr == "or-rpc: error: no receipt for $unknown"* ]]
	run or-rpc receipt 0x1234
	assert_failure 1
	assert_output --partial '"code":"hex.'
}

@test "wei units: value and fees with a unit suffix, --value, stored as decimal wei" {
	from=$(addr 3)
	to=$(addr 4)
	# the record's value and fees, and the options, take units
	run or-rpc fill <<< "{\"from\":\"$from\",\"to\":\"$to\",\"value\":\"1ether\",\"maxFeePerGas\":\"3gwei\",\"maxPriorityFeePerGas\":\"0.5gwei\"}"
	assert_success
	[ "$(jq -c '[.value, .maxFeePerGas, .maxPriorityFeePerGas]' <<< "$output")" = \
	    '["1000000000000000000","3000000000","500000000"]' ]
	[ "$(jq -r .value <<< "$output")" = "$("$CAST" to-wei 1 ether)" ]
	run or-rpc fill --from "$from" --value 0.5ether --gas-price 2gwei \
	    --priority-gas-price 1gwei <<< "{\"to\":\"$to\"}"
	assert_success
	[ "$(jq -c '[.value, .maxFeePerGas, .maxPriorityFeePerGas]' <<< "$output")" = \
	    '["500000000000000000","2000000000","1000000000"]' ]
	# a record's own value wins over --value
	run or-rpc fill --from "$from" --value 0.5ether <<< "{\"to\":\"$to\",\"value\":\"7wei\"}"
	[ "$(jq -r .value <<< "$output")" = 7 ]
	# type 0 with a gas price in gwei
	run or-rpc fill --from "$from" <<< "{\"to\":\"$to\",\"gasPrice\":\"1.5gwei\"}"
	[ "$(jq -c '[.type, .gasPrice]' <<< "$output")" = '[0,"1500000000"]' ]
	# the filled transfer of 1ether signs, lands and moves exactly 1 ether
	before=$(or-rpc balance "$to" | jq -r .balance)
	echo "{\"to\":\"$to\",\"value\":\"1ether\"}" | or-rpc fill --from "$from" |
	    sign 3 | or-rpc send | or-rpc wait > "$BATS_TEST_TMPDIR/w"
	[ "$(jq .receipt.status "$BATS_TEST_TMPDIR/w")" = 1 ]
	after=$(or-rpc balance "$to" | jq -r .balance)
	[ "$(bc <<< "$after - $before")" = 1000000000000000000 ]
	# call reads value with a unit too: the node sees 1 ether
	run or-rpc call --value 1ether <<< "{\"from\":\"$from\",\"to\":\"$to\",\"data\":\"0x\"}"
	assert_success
	assert_output --partial '"value":"1000000000000000000"'
	# a bad unit is named
	run or-rpc fill --from "$from" <<< "{\"to\":\"$to\",\"value\":\"1parsec\"}"
	assert_failure 1
	assert_output --partial "'value' is not a wei amount"
	run --separate-stderr or-rpc fill --value 1parsec < /dev/null
	assert_failure 2
	[[ $stderr == *"invalid --value '1parsec': decimal wei, or an amount with a unit"* ]]
}

@test "a tip above the fee cap is refused, from options or a record, never lowered" {
	from=$(addr 3)
	to=$(addr 4)
	run --separate-stderr or-rpc fill --gas-price 1gwei --priority-gas-price 2gwei < /dev/null
	assert_failure 2
	assert_output ''
	[[ $stderr == *"--priority-gas-price (2000000000 wei) is above --gas-price (1000000000 wei): the priority fee (tip) cannot exceed the fee cap"* ]]
	run --separate-stderr env ETH_GAS_PRICE=1gwei ETH_PRIORITY_GAS_PRICE=2gwei or-rpc fill < /dev/null
	assert_failure 2
	[[ $stderr == *"ETH_PRIORITY_GAS_PRICE (2000000000 wei) is above ETH_GAS_PRICE (1000000000 wei)"* ]]
	# in a record
	run --separate-stderr or-rpc fill --from "$from" <<< "{\"to\":\"$to\",\"maxFeePerGas\":\"1gwei\",\"maxPriorityFeePerGas\":\"2gwei\"}"
	assert_failure 1
	[ "$(jq -r .error.code <<< "$output")" = rpc.bad_fee ]
	[ "$(jq -r .error.message <<< "$output")" = "maxPriorityFeePerGas 2000000000 wei (in the record) is above maxFeePerGas 1000000000 wei (in the record): the tip cannot exceed the fee cap" ]
	[ "$(jq -r .maxPriorityFeePerGas <<< "$output")" = 2000000000 ]
	! jq -e 'has("nonce")' <<< "$output"
	# a record's cap against the option's tip
	run or-rpc fill --from "$from" --priority-gas-price 2gwei <<< "{\"to\":\"$to\",\"maxFeePerGas\":\"1gwei\"}"
	assert_failure 1
	assert_output --partial 'maxPriorityFeePerGas 2000000000 wei (from --priority-gas-price) is above maxFeePerGas 1000000000 wei (in the record)'
	# equal is fine
	run or-rpc fill --from "$from" --gas-price 1gwei --priority-gas-price 1gwei <<< "{\"to\":\"$to\"}"
	assert_success
}

@test "fill records from: the account whose nonce it used" {
	a=$(addr 5)
	b=$(addr 6)
	run or-rpc fill --from "$a" <<< '{"to":"0x00000000000000000000000000000000000000a1"}'
	assert_success
	[ "$(jq -r .from <<< "$output")" = "$a" ]
	[ "$(jq -r .nonce <<< "$output")" = "$("$CAST" nonce "$a")" ]
	# from ETH_FROM, lowercased
	upper=$("$CAST" to-check-sum-address "$b")
	ETH_FROM=$upper run or-rpc fill <<< '{"to":"0x00000000000000000000000000000000000000a1"}'
	[ "$(jq -r .from <<< "$output")" = "$b" ]
	# a record's own from is the sender and stays where it stands
	run or-rpc fill --from "$a" <<< "{\"from\":\"$b\",\"to\":\"0x00000000000000000000000000000000000000a1\"}"
	assert_output --regexp "^\\{\"from\":\"$b\",\"to\":\"0x0+a1\",\"chainId\""
	# a failed record gets no from either
	run or-rpc fill --from "$a" <<< '{"to":"0x00000000000000000000000000000000000000a1","value":"1parsec"}'
	assert_failure 1
	! jq -e 'has("from")' <<< "$output"
}

# Deploy ProjectToken (an ERC-20 on a bonding curve) with cast and buy
# tokens for account 0 with 1 ether; prints the token's address.
deploy_token() {
	local k bc t
	k=$(jq -r '.accounts[0].privateKey' "$BATS_FILE_TMPDIR/state.json")
	bc=$(jq -r '.bytecode | if type == "object" then .object else . end' \
	    "$OR_TOP/contracts/out/ProjectToken.json")
	t=$("$CAST" send --private-key "$k" --create "$bc" \
	    'constructor(string,string,uint256,uint256,uint256,address)' \
	    Tok TOK 1000000000 1000 1000000 "$(addr 9)" --json | jq -r .contractAddress)
	"$CAST" send --private-key "$k" "$t" 'buy()' --value 1ether > /dev/null
	echo "$t"
}

@test "call TOKEN 'balanceOf(address)(uint256)' ADDR encodes and decodes like cast call" {
	t=$(deploy_token)
	a=$(addr 0)
	run or-rpc call "$t" 'balanceOf(address)(uint256)' "$a"
	assert_success
	want=$("$CAST" call "$t" 'balanceOf(address)(uint256)' "$a" | cut -d' ' -f1)
	[ "$want" -gt 0 ]
	[ "$(jq -r '.decoded["0"]' <<< "$output")" = "$want" ]
	[ "$(jq -r .decodedSig <<< "$output")" = 'balanceOf(address)' ]
	# the calldata is or-abi encode's; no data field is added
	[ "$(jq -r .returnData <<< "$output")" = "$("$CAST" call "$t" "$(or-abi encode 'balanceOf(address)' "$a" | jq -r .data)")" ]
	! jq -e 'has("data")' <<< "$output"
	# a uint256 operand of 18 digits and a string result, as cast reads them
	run or-rpc call "$t" 'quoteBuy(uint256)(uint256)' 1000000000000000000
	want=$("$CAST" call "$t" 'quoteBuy(uint256)(uint256)' 1000000000000000000 | cut -d' ' -f1)
	[ "$(jq -r '.decoded["0"]' <<< "$output")" = "$want" ]
	run or-rpc call "$t" 'name()(string)'
	[ "$(jq -r '.decoded["0"]' <<< "$output")" = "$("$CAST" call "$t" 'name()(string)' | jq -r .)" ]
	# piped: the same line
	piped=$(printf '{"to":"%s","sig":"balanceOf(address)(uint256)","args":["%s"]}\n' "$t" "$a" | or-rpc call)
	run or-rpc call "$t" 'balanceOf(address)(uint256)' "$a"
	assert_output "$piped"
	# TO DATA still works
	run or-rpc call "$t" "$(or-abi encode 'totalSupply()' | jq -r .data)"
	assert_success
	[ "$(jq -r .returnData <<< "$output")" = "$("$CAST" call "$t" 'totalSupply()')" ]
}

@test "call without data or sig is a clear error, never empty calldata" {
	t=0x00000000000000000000000000000000000000a1
	run --separate-stderr or-rpc call <<< "{\"to\":\"$t\"}"
	assert_failure 1
	[ "$(jq -r .error.code <<< "$output")" = rpc.no_data ]
	[[ $stderr == *"no 'data' or 'sig' to call"* ]]
	run or-rpc call "$t" '(uint256)' 1
	assert_failure 1
	assert_output --partial '"code":"abi.bad_signature"'
	run or-rpc call "$t" 'f(uint256)' notanumber
	assert_failure 1
	assert_output --partial '"code":"abi.'
	run --separate-stderr or-rpc call "$t"
	assert_failure 2
	[[ $stderr == *"call takes TO and DATA, or TO SIG [ARG ...]"* ]]
	run --separate-stderr or-rpc call "$t" 0x12 0x34
	assert_failure 2
}

@test "logs ADDR 'Transfer(address,address,uint256)': an event signature is topic 0; every log record has a kind" {
	t=$(deploy_token)
	run or-rpc logs "$t" 'Transfer(address,address,uint256)'
	assert_success
	topic=$("$CAST" keccak 'Transfer(address,address,uint256)')
	# the same logs as the topic hash gives, and as cast logs finds
	[ "$output" = "$(or-rpc logs "$t" "$topic" | sed "s/\"$topic\"\\]/\"Transfer(address,address,uint256)\"]/")" ]
	[ "$(sed '$d' <<< "$output" | jq -c '{topics, data}')" = \
	    "$("$CAST" logs --address "$t" 'Transfer(address,address,uint256)' --json | jq -c '.[] | {topics, data}')" ]
	[ "${#lines[@]}" -ge 2 ]
	# detail records first, each with a kind; the input record last
	[ "$(sed '$d' <<< "$output" | jq -r .kind | sort -u)" = log ]
	[ "$(tail -n 1 <<< "$output" | jq -c '[has("kind"), .logCount]')" = "[false,$((${#lines[@]} - 1))]" ]
	# an event that was never emitted finds nothing; an array in topic 0 is an OR
	run or-rpc logs "$t" 'Approval(address,address,uint256)'
	assert_success
	[ "${#lines[@]}" = 1 ]
	run or-rpc logs <<< "{\"address\":\"$t\",\"topics\":[[\"Approval(address,address,uint256)\",\"Transfer(address,address,uint256)\"]]}"
	[ "$(tail -n 1 <<< "$output" | jq .logCount)" -ge 1 ]
	# a signature only stands in topic 0; a bad one is named
	run or-rpc logs "$t" null 'Transfer(address,address,uint256)'
	assert_failure 1
	assert_output --partial '"code":"hex.'
	run or-rpc logs "$t" 'Transfer(address,addres,uint256)'
	assert_failure 1
	assert_output --partial '"code":"abi.'
}

@test "--rpc-url without a scheme echoes what was typed, secrets masked, and suggests http://" {
	run --separate-stderr or-rpc --rpc-url 127.0.0.1:8545 chain-id < /dev/null
	assert_failure 2
	assert_output ''
	[[ $stderr == "or-rpc: error: RPC URL '127.0.0.1:8545' has no scheme: did you mean 'http://127.0.0.1:8545'?"* ]]
	# user info and query values are masked, the rest stays as typed
	run --separate-stderr or-rpc -r 'alice:s3cret@node.example:8545/v3/path?apikey=k3y&x' eth_chainId
	assert_failure 2
	[[ $stderr == *"RPC URL '***@node.example:8545/v3/path?apikey=***&***' has no scheme: did you mean 'http://***@node.example:8545/v3/path?apikey=***&***'?"* ]]
	[[ $stderr != *s3cret* && $stderr != *k3y* && $stderr != *alice* ]]
	run --separate-stderr env ETH_RPC_URL='ftp://bob:pw@host/?token=t0k#frag' or-rpc eth_chainId
	assert_failure 2
	[[ $stderr == *"RPC URL 'ftp://***@host/?token=***#***' must start with http:// or https://"* ]]
	[[ $stderr != *pw@* && $stderr != *t0k* ]]
	# the suggestion works
	port=${ANVIL_URL##*:}
	run or-rpc --rpc-url "http://127.0.0.1:$port" eth_chainId
	assert_success
	assert_output '{"method":"eth_chainId","params":[],"result":"0x7a69"}'
}

@test "or-rpc nonce | or-abi create-address gives the next contract's address, as cast compute-address" {
	a=$(addr 0)
	run or-rpc nonce "$a"
	assert_success
	n=$("$CAST" nonce "$a")
	assert_output "{\"address\":\"$a\",\"nonce\":$n,\"from\":\"$a\"}"
	want=$("$CAST" compute-address "$a" --nonce "$n" | awk '{print tolower($NF)}')
	run bash -c "or-rpc nonce $a | or-abi create-address"
	assert_success
	[ "$(jq -r .contractAddress <<< "$output")" = "$want" ]
	# the contract deployed next lands there
	got=$(deploy_token)
	[ "$got" = "$want" ]
	# a record's own from is kept
	run or-rpc nonce <<< "{\"address\":\"$a\",\"from\":\"$(addr 1)\"}"
	[ "$(jq -r .from <<< "$output")" = "$(addr 1)" ]
}

@test "every EXAMPLES block of or-rpc(1) runs on the devnet, at a terminal" {
	awk '/^\.Sh EXAMPLES/ { on = 1 } /^\.Sh SEE ALSO/ { on = 0 }
	    on && /^\.Bd -literal/ { n++; lit = 1; next } /^\.Ed/ { lit = 0 }
	    on && lit { f = sprintf("%s/ex%02d", dir, n); print > f }' \
	    dir="$BATS_TEST_TMPDIR" "$OR_TOP/man/or-rpc.1"
	mkdir "$BATS_TEST_TMPDIR/work"
	cp "$PROBE" "$PROBE_ABI" "$BATS_TEST_TMPDIR/work/"
	cd "$BATS_TEST_TMPDIR/work"
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export ETH_RPC_URL ETH_FROM ETH_KEYSTORE ETH_PASSWORD
	ran=0
	for f in "$BATS_TEST_TMPDIR"/ex*; do
		sed -i 's/\\e/\\/g' "$f"
		run at_terminal "sh -e $f"
		[ "$status" -eq 0 ] || { cat "$f"; echo "$output"; false; }
		# every command line printed its record, none failed
		[ "$(grep -c '^{' <<< "$output")" -ge "$(grep -vc '> ' "$f")" ] || { cat "$f"; echo "$output"; false; }
		if grep -q '"error"' <<< "$output"; then cat "$f"; echo "$output"; false; fi
		ran=$((ran + 1))
	done
	[ "$ran" -ge 4 ]
	# what the blocks claim: a block number at a terminal, 0.5 ether sent,
	# Probe's log found by its event signature and decoded by the ABI
	grep -q '"value":"500000000000000000"' sent.json
	[ "$(jq .receipt.status sent.json)" = 1 ]
	run at_terminal "sh -e $BATS_TEST_TMPDIR/ex04"
	assert_output --partial '"decoded":{"0":"0"},"decodedSig":"count()"'
	assert_output --partial '"decodedSig":"Ping(address,uint256,string)"'
}
