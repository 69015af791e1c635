#!/usr/bin/env bats
# or-rpc against a real anvil (scripts/devnet), through the fault-injecting
# proxy (build/rel/helpers/rpc-proxy) and against its mock mode.
# Transactions are signed by or-sign with the devnet keystore; see sign.
load helpers
bats_require_minimum_version 1.5.0

PROXY=$OR_BUILD/helpers/rpc-proxy
PROBE=$OR_TOP/tests/data/rpc/Probe.bin
PROBE_ABI=$OR_TOP/tests/data/rpc/Probe.abi.json

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/state.json"
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export ANVIL_URL=$ETH_RPC_URL
	export ANVIL_PORT=${ETH_RPC_URL##*:}
	unset ETH_FROM ETH_KEYSTORE ETH_PASSWORD
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

teardown() {
	if [ -f "$BATS_TEST_TMPDIR/proxy.pid" ]; then
		kill "$(cat "$BATS_TEST_TMPDIR/proxy.pid")" 2>/dev/null || true
	fi
}

# Anvil's test account N: address and key from the devnet state file.
addr() { jq -r ".accounts[$1].address" "$BATS_FILE_TMPDIR/state.json"; }
key() { jq -r ".accounts[$1].privateKey" "$BATS_FILE_TMPDIR/state.json"; }

# Start the proxy in front of anvil with the given options; sets PROXY_URL.
start_proxy() {
	"$PROXY" --port-file "$BATS_TEST_TMPDIR/proxy.port" "$@" \
	    > /dev/null 2>&1 3>&- &
	echo $! > "$BATS_TEST_TMPDIR/proxy.pid"
	for _ in $(seq 50); do
		[ -s "$BATS_TEST_TMPDIR/proxy.port" ] && break
		sleep 0.05
	done
	PROXY_URL=http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/proxy.port")
}

# Sign each filled record with or-sign and the devnet keystore (the key of
# anvil account $1): adds from, raw and txHash.
sign() {
	or-sign tx --keystore "$(jq -r .keystore "$BATS_FILE_TMPDIR/state.json")" \
	    --password-file "$(jq -r .passwordFile "$BATS_FILE_TMPDIR/state.json")" \
	    --from "$(addr "$1")"
}

# Deploy Probe from account $1; prints the contract address.
deploy_probe() {
	printf '{"data":"%s"}\n' "$(cat "$PROBE")" |
	    or-rpc fill --from "$(addr "$1")" | sign "$1" |
	    or-rpc send | or-rpc wait | jq -r .receipt.contractAddress
}

@test "--help, --version and the man page agree" {
	run or-rpc --help
	assert_success
	assert_line --index 0 'usage: or-rpc [options] [METHOD [PARAM ...]]'
	run or-rpc --version
	assert_output 'or-rpc 0.1.0'
	run sh "$OR_TOP/scripts/help-parity" or-rpc
	assert_success
}

@test "usage errors exit 2 before any output" {
	run --separate-stderr or-rpc --rpc-url ftp://x/ eth_chainId
	assert_failure 2
	assert_output ''
	run --separate-stderr env ETH_GAS_PRICE=1.5parsec or-rpc fill < /dev/null
	assert_failure 2
	[[ $stderr == *"invalid ETH_GAS_PRICE '1.5parsec'"* ]]
	run --separate-stderr env ETH_RPC_TIMEOUT=soon or-rpc eth_chainId
	assert_failure 2
	run --separate-stderr or-rpc fill extra
	assert_failure 2
	run --separate-stderr or-rpc --no-such-option chain-id
	assert_failure 2
	run --separate-stderr or-rpc call 0x00
	assert_failure 2
	# --abi files are read first: unreadable exits 3, not an ABI exits 2
	run --separate-stderr or-rpc --abi "$BATS_TEST_TMPDIR/none.json" chain-id <<< '{}'
	assert_failure 3
	assert_output ''
	[[ $stderr == *"none.json"* ]]
	echo '{"abi":7}' > "$BATS_TEST_TMPDIR/bad.json"
	run --separate-stderr or-rpc -a "$PROBE_ABI" --abi "$BATS_TEST_TMPDIR/bad.json" chain-id <<< '{}'
	assert_failure 2
	assert_output ''
	[[ $stderr == *"invalid ABI file '$BATS_TEST_TMPDIR/bad.json'"* ]]
}

@test "small reads: chain id, block number, balance, nonce, code" {
	run or-rpc chain-id <<< '{}'
	assert_success
	assert_output '{"chainId":31337}'
	run or-rpc eth_chainId
	assert_output '{"method":"eth_chainId","params":[],"result":"0x7a69"}'
	run or-rpc block-number <<< '{"x":1}'
	assert_output --regexp '^\{"x":1,"blockNumber":[0-9]+\}$'
	run or-rpc balance "$(addr 9)"
	assert_output "{\"address\":\"$(addr 9)\",\"balance\":\"10000000000000000000000\"}"
	run or-rpc nonce "$(addr 9)"
	assert_output "{\"address\":\"$(addr 9)\",\"nonce\":0,\"from\":\"$(addr 9)\"}"
	run or-rpc code "$(addr 9)"
	assert_output "{\"address\":\"$(addr 9)\",\"code\":\"0x\"}"
}

@test "argument mode writes what the piped record gives" {
	a=$(addr 8)
	piped=$(printf '{"address":"%s"}\n' "$a" | or-rpc balance)
	run or-rpc balance "$a"
	assert_output "$piped"
	piped=$(echo '{"method":"eth_getBalance","params":["'"$a"'","latest"]}' | or-rpc)
	run or-rpc eth_getBalance "$a" latest
	assert_output "$piped"
}

@test "a node error is in-band rpc.node_error with rpcCode and rpcMessage" {
	run --separate-stderr or-rpc eth_noSuchMethod
	assert_failure 1
	[ "$(field "$output" error.code)" = '"rpc.node_error"' ]
	[ "$(field "$output" error.rpcCode)" = -32601 ]
	[ "$(field "$output" error.line)" = null ]
	[[ $stderr == 'or-rpc: error: node error -32601: '* ]]
	# stdin records carry the line; a bad line does not stop the stream
	run --separate-stderr or-rpc <<< $'{"method":"eth_chainId"}\nnot json\n{"method":"eth_nope"}\n{"method":"eth_chainId"}'
	assert_failure 1
	assert_line --index 0 '{"method":"eth_chainId","result":"0x7a69"}'
	[ "$(field "${lines[1]}" error.code)" = '"json.parse"' ]
	[ "$(field "${lines[2]}" error.line)" = 3 ]
	assert_line --index 3 '{"method":"eth_chainId","result":"0x7a69"}'
}

@test "eth_sendTransaction and signing methods are refused" {
	run or-rpc -q eth_sendTransaction '{"from":"0x00"}'
	assert_failure 1
	[ "$(field "$output" error.code)" = '"rpc.unsupported"' ]
	run or-rpc -q 'eth_chainId"x'
	[ "$(field "$output" error.code)" = '"rpc.bad_method"' ]
}

@test "records carrying an error pass through unchanged" {
	in='{"a":1,"error":{"code":"abi.bad_address","message":"x","tool":"or-abi"}}'
	run or-rpc chain-id <<< "$in"
	assert_failure 1
	assert_output "$in"
}

@test "transport failures: status 4, URL shown as scheme://host:port only" {
	run --separate-stderr or-rpc --retries 0 -r 'http://user:secret@127.0.0.1:1/key/abc?token=xyz' eth_chainId
	assert_failure 4
	[ "$(field "$output" error.code)" = '"rpc.connect"' ]
	[[ $output != *secret* && $output != *abc* && $output != *xyz* ]]
	[[ $stderr == *"'http://127.0.0.1:1'"* && $stderr != *secret* ]]
}

@test "fill adds from, chainId, nonce, gasLimit, type and EIP-1559 fees in order" {
	a=$(addr 4)
	run or-rpc fill --from "$a" <<< '{"to":"0x00000000000000000000000000000000000000a1","value":"5"}'
	assert_success
	assert_output --regexp '^\{"to":"0x0+a1","value":"5","from":"'"$a"'","chainId":31337,"nonce":0,"gasLimit":25200,"type":2,"maxFeePerGas":"[0-9]+","maxPriorityFeePerGas":"[0-9]+"\}$'
	# the nonce runs on within a stream; present fields are kept
	run or-rpc fill --from "$a" < <(printf '{"to":"%s"}\n{"to":"%s","gasLimit":50000,"type":0}\n{"to":"%s","nonce":7}\n{"to":"%s"}\n' "$a" "$a" "$a" "$a")
	assert_success
	[ "$(field "${lines[0]}" nonce)" = 0 ]
	[ "$(field "${lines[1]}" nonce)" = 1 ]
	[ "$(field "${lines[1]}" gasLimit)" = 50000 ]
	[ "$(field "${lines[1]}" gasPrice)" != null ]
	[ "$(field "${lines[1]}" maxFeePerGas)" = null ]
	[ "$(field "${lines[2]}" nonce)" = 7 ]
	[ "$(field "${lines[3]}" nonce)" = 8 ]
}

@test "fill takes fees from ETH_GAS_PRICE and ETH_PRIORITY_GAS_PRICE, gas from ETH_GAS_LIMIT" {
	ETH_GAS_PRICE=2.5gwei ETH_PRIORITY_GAS_PRICE=1000 ETH_GAS_LIMIT=90000 \
	    ETH_FROM=$(addr 4) run or-rpc fill <<< '{"to":"0x00000000000000000000000000000000000000a1"}'
	assert_success
	[ "$(field "$output" maxFeePerGas)" = '"2500000000"' ]
	[ "$(field "$output" maxPriorityFeePerGas)" = '"1000"' ]
	[ "$(field "$output" gasLimit)" = 90000 ]
	run or-rpc --gas-price 7 fill --from "$(addr 4)" <<< '{"to":"0x00000000000000000000000000000000000000a1","type":0}'
	[ "$(field "$output" gasPrice)" = '"7"' ]
	run or-rpc -q fill <<< '{"to":"0x00000000000000000000000000000000000000a1"}'
	assert_failure 1
	[ "$(field "$output" error.code)" = '"rpc.no_from"' ]
}

@test "transfer: fill, sign, send, wait; sending again is harmless" {
	to=0x00000000000000000000000000000000000000b1
	out=$(printf '{"to":"%s","value":"12345"}\n' "$to" |
	    or-rpc fill --from "$(addr 0)" | sign 0 | tee "$BATS_TEST_TMPDIR/signed" |
	    or-rpc send | or-rpc wait)
	[ "$(field "$out" receipt.status)" = 1 ]
	[ "$(field "$out" receipt.gasUsed)" = 21000 ]
	[ "$(field "$out" receipt.logs)" = '[]' ]
	run or-rpc balance "$to"
	[ "$(field "$output" balance)" = '"12345"' ]
	# the same raw transaction again: success, nothing spent twice
	run or-rpc send < "$BATS_TEST_TMPDIR/signed"
	assert_success
	assert_output "$(cat "$BATS_TEST_TMPDIR/signed")"
	run or-rpc balance "$to"
	[ "$(field "$output" balance)" = '"12345"' ]
}

@test "send checks txHash against raw and never broadcasts a mismatch" {
	rec=$(printf '{"to":"0x00000000000000000000000000000000000000b2","value":"1"}\n' |
	    or-rpc fill --from "$(addr 0)" | sign 0 |
	    jq -c '.txHash = "0x" + ("00" * 32)')
	run or-rpc -q send <<< "$rec"
	assert_failure 1
	[ "$(field "$output" error.code)" = '"rpc.hash_mismatch"' ]
	run or-rpc balance 0x00000000000000000000000000000000000000b2
	[ "$(field "$output" balance)" = '"0"' ]
	run or-rpc -q send <<< '{"txHash":"0x00"}'
	[ "$(field "$output" error.code)" = '"rpc.no_raw"' ]
}

@test "deployment, call, and revert data of calls" {
	c=$(deploy_probe 1)
	[[ $c =~ ^0x[0-9a-f]{40}$ ]]
	run or-rpc code "$c"
	[ "$(sfield "$output" code | wc -c)" -gt 100 ]
	run or-rpc call "$c" "$(cast calldata 'count()')"
	assert_success
	[ "$(field "$output" returnData)" = "\"0x$(printf '%064d' 0)\"" ]
	# Error(string)
	run --separate-stderr or-rpc call "$c" "$(cast calldata 'fail()')"
	assert_failure 1
	[ "$(field "$output" error.code)" = '"rpc.node_error"' ]
	[ "$(field "$output" revertData)" = "\"$(cast abi-encode 'Error(string)' boom | sed 's/^0x/0x08c379a0/')\"" ]
	[ "$(field "$output" decoded)" = '{"0":"boom"}' ]
	[ "$(field "$output" decodedSig)" = '"Error(string)"' ]
	[ "$(field "$output" error.rpcData)" = "$(field "$output" revertData)" ]
	# Panic(uint256): division by zero is 0x12
	run -1 or-rpc -q call "$c" "$(cast calldata 'divide(uint256)' 0)"
	[ "$(field "$output" decoded)" = '{"0":"18"}' ]
	[ "$(field "$output" decodedSig)" = '"Panic(uint256)"' ]
	# a custom error: without its ABI only the data and why it stays raw
	run -1 or-rpc -q call "$c" "$(cast calldata 'custom()')"
	[ "$(sfield "$output" revertData)" = "$(cast calldata 'Nope(uint256)' 7)" ]
	[ "$(field "$output" decoded)" = null ]
	[[ $(sfield "$output" decodeError) == *"no error with selector $(cast sig 'Nope(uint256)')"* ]]
	echo "$c" > "$BATS_FILE_TMPDIR/probe"
}

@test "--abi: custom errors by name, panics, return values by output types" {
	c=$(cat "$BATS_FILE_TMPDIR/probe")
	run -1 or-rpc -q --abi "$PROBE_ABI" call "$c" "$(cast calldata 'custom()')"
	[ "$(field "$output" decoded)" = '{"code":"7"}' ]
	[ "$(field "$output" decodedSig)" = '"Nope(uint256)"' ]
	[ "$(field "$output" decodeError)" = null ]
	[ "$(field "$output" error.code)" = '"rpc.node_error"' ]
	# the same as or-abi decode --error of the revert data
	[ "$(printf '%s\n' "$output" | jq -c 'del(.error, .decoded, .decodedSig)' |
	    or-abi decode --error --abi "$PROBE_ABI" | jq -c '[.decoded, .decodedSig]')" = \
	    "$(printf '%s\n' "$output" | jq -c '[.decoded, .decodedSig]')" ]
	run -1 or-rpc -q --abi "$PROBE_ABI" call "$c" "$(cast calldata 'divide(uint256)' 0)"
	[ "$(field "$output" decoded)" = '{"0":"18"}' ]
	[ "$(field "$output" panic)" = '"division or modulo by zero"' ]
	# return values: by the calldata's selector in the ABI ...
	run or-rpc --abi "$PROBE_ABI" call "$c" "$(cast calldata 'divide(uint256)' 1)"
	assert_success
	[ "$(field "$output" decoded)" = '{"0":"1"}' ]
	[ "$(field "$output" decodedSig)" = '"divide(uint256)"' ]
	# ... or by the output types of the record's sig, no ABI needed
	run or-rpc call <<< "{\"to\":\"$c\",\"sig\":\"count()(uint256)\",\"data\":\"$(cast calldata 'count()')\"}"
	assert_success
	[ "$(field "$output" decoded)" = '{"0":"0"}' ]
	[ "$(field "$output" decodedSig)" = '"count()"' ]
	# a sig without outputs leaves the choice to the ABI; none, no decoding
	run or-rpc call <<< "{\"to\":\"$c\",\"sig\":\"count()\",\"data\":\"$(cast calldata 'count()')\"}"
	assert_success
	[ "$(field "$output" decoded)" = null ]
	# return data that does not fit the output types fails the record
	run -1 --separate-stderr or-rpc call <<< "{\"to\":\"$c\",\"sig\":\"count()(uint256,uint256)\",\"data\":\"$(cast calldata 'count()')\"}"
	[[ $(sfield "$output" error.code) == abi.* ]]
	[[ $(sfield "$output" error.message) == "return data of count(): "* ]]
	[ "$(field "$output" returnData)" = "\"0x$(printf '%064d' 0)\"" ]
	run -1 or-rpc -q call <<< "{\"to\":\"$c\",\"sig\":\"f()(uint256)\",\"data\":\"$(cast calldata 'count()')\"}"
	[ "$(field "$output" error.code)" = '"abi.selector_mismatch"' ]
	# a selector the ABIs do not have: raw data, decodeError, success
	echo '[]' > "$BATS_TEST_TMPDIR/empty.json"
	run or-rpc --abi "$BATS_TEST_TMPDIR/empty.json" call "$c" "$(cast calldata 'count()')"
	assert_success
	[[ $(sfield "$output" decodeError) == "no function with selector $(cast sig 'count()')"* ]]
}

# A transaction of account 1 calling fail() (or the function $2) of Probe
# at $1, sent and waited (with the options $3...).
revert_pipeline() {
	local c=$1 f=${2:-fail()}
	shift 2 || shift
	printf '{"to":"%s","data":"%s"}\n' "$c" "$(cast calldata "$f")" |
	    or-rpc fill --gas-limit 100000 --from "$(addr 1)" | sign 1 |
	    or-rpc send | or-rpc "$@" wait
}

@test "wait: a reverted transaction fails the record with revertData" {
	c=$(cat "$BATS_FILE_TMPDIR/probe")
	run -1 --separate-stderr revert_pipeline "$c"
	[ "$(field "$output" receipt.status)" = 0 ]
	[ "$(field "$output" error)" = null ]
	[ "$(field "$output" decoded)" = '{"0":"boom"}' ]
	[[ $(sfield "$output" revertData) == 0x08c379a0* ]]
	# reported on stderr like every failed record
	h=$(sfield "$output" txHash)
	assert_equal "$stderr" "or-rpc: error: line 1: transaction $h reverted in block $(field "$output" receipt.blockNumber): Error(string) {\"0\":\"boom\"}"
	# a custom error by name with the ABI
	run -1 --separate-stderr revert_pipeline "$c" 'custom()' --abi "$PROBE_ABI"
	[ "$(field "$output" receipt.status)" = 0 ]
	[ "$(sfield "$output" revertData)" = "$(cast calldata 'Nope(uint256)' 7)" ]
	[ "$(field "$output" decoded)" = '{"code":"7"}' ]
	[ "$(field "$output" decodedSig)" = '"Nope(uint256)"' ]
	[[ $stderr == *" reverted in block "*": Nope(uint256) {\"code\":\"7\"}" ]]
	# a panic by its name; -q keeps stderr quiet, the status stays 1
	printf '{"to":"%s","data":"%s"}\n' "$c" "$(cast calldata 'divide(uint256)' 0)" |
	    or-rpc fill --gas-limit 100000 --from "$(addr 1)" | sign 1 |
	    or-rpc send > "$BATS_TEST_TMPDIR/sent"
	run -1 --separate-stderr or-rpc wait < "$BATS_TEST_TMPDIR/sent"
	[ "$(field "$output" panic)" = '"division or modulo by zero"' ]
	[[ $stderr == *" reverted in block "*": panic division or modulo by zero" ]]
	run -1 --separate-stderr or-rpc -q wait < "$BATS_TEST_TMPDIR/sent"
	assert_equal "$stderr" ''
	# receipt, which does not wait, reports it the same way
	run -1 --separate-stderr or-rpc receipt < "$BATS_TEST_TMPDIR/sent"
	[ "$(field "$output" receipt.status)" = 0 ]
	[[ $stderr == *" reverted in block "*": panic division or modulo by zero" ]]
}

@test "wait gives up after --timeout with status 4" {
	run -4 --separate-stderr or-rpc --timeout 0.3 --interval 0.1 wait "0x$(printf '%064d' 1)"
	[ "$(field "$output" error.code)" = '"rpc.wait_timeout"' ]
}

@test "logs: ranges the node refuses are split, results equal a direct query" {
	c=$(cat "$BATS_FILE_TMPDIR/probe")
	for n in 1 2 3 4 5; do
		printf '{"to":"%s","data":"%s"}\n' "$c" "$(cast calldata 'ping(string)' "note $n")"
	done | or-rpc fill --from "$(addr 1)" | sign 1 | or-rpc send |
	    or-rpc --abi "$PROBE_ABI" wait > "$BATS_TEST_TMPDIR/waited"
	# receipt logs decoded by the Ping event of the ABI
	run jq -c '.receipt.logs[] | [.decoded, .decodedSig]' "$BATS_TEST_TMPDIR/waited"
	[ "${#lines[@]}" -eq 5 ]
	assert_line --index 4 --regexp '^\[\{"sender":"'"$(addr 1 | tr A-F a-f)"'","n":"[0-9]+","note":"note 5"\},"Ping\(address,uint256,string\)"\]$'
	direct=$(or-rpc logs "$c")
	[ "$(printf '%s\n' "$direct" | grep -c '"kind":"log"')" -eq 5 ]
	start_proxy --upstream "$ANVIL_PORT" --max-range 3 --log "$BATS_TEST_TMPDIR/log"
	run or-rpc -r "$PROXY_URL" --max-range 1000 logs "$c"
	assert_success
	assert_output "$direct"
	grep -q '^eth_getLogs range$' "$BATS_TEST_TMPDIR/log"
	# topic filter: Ping with n = 2
	t0=$(cast keccak 'Ping(address,uint256,string)')
	run or-rpc -r "$PROXY_URL" logs "$c" "$t0" null "0x$(printf '%064x' 2)"
	assert_line --index 1 --regexp '^\{"address":"'"$c"'","topics":\["'"$t0"'",null,"0x0+2"\],"logCount":1,"lastBlock":[0-9]+\}$'
	[ "$(field "${lines[0]}" kind)" = '"log"' ]
	[ "$(sfield "${lines[0]}" 'topics[1]')" = "0x000000000000000000000000$(addr 1 | cut -c3-)" ]
	# with the ABI each log record is decoded like or-abi decode --log
	run or-rpc --abi "$PROBE_ABI" logs "$c" "$t0" null "0x$(printf '%064x' 2)"
	assert_success
	[ "$(field "${lines[0]}" decoded)" = '{"sender":"'"$(addr 1 | tr A-F a-f)"'","n":"2","note":"note 2"}' ]
	[ "$(field "${lines[0]}" decodedSig)" = '"Ping(address,uint256,string)"' ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -c 'del(.decoded, .decodedSig)' |
	    or-abi decode --log --abi "$PROBE_ABI" | jq -c .decoded)" = "$(field "${lines[0]}" decoded)" ]
	# a log of an event the ABIs lack stays raw, with decodeError
	echo '[]' > "$BATS_TEST_TMPDIR/empty.json"
	run or-rpc --abi "$BATS_TEST_TMPDIR/empty.json" logs "$c" "$t0" null "0x$(printf '%064x' 2)"
	assert_success
	[ "$(field "${lines[0]}" decoded)" = null ]
	[ "$(field "${lines[0]}" decodeError)" = '"no event with this topic 0 in the ABIs given"' ]
}

@test "logs --follow streams new blocks until --to-block" {
	c=$(cat "$BATS_FILE_TMPDIR/probe")
	head=$(or-rpc block-number <<< '{}' | jq .blockNumber)
	stop=$((head + 2))
	or-rpc --follow --interval 0.1 --timeout 20 --from-block $((head + 1)) --to-block $stop logs "$c" > "$BATS_TEST_TMPDIR/follow" &
	fpid=$!
	for n in 1 2; do
		printf '{"to":"%s","data":"%s"}\n' "$c" "$(cast calldata 'ping(string)' "later $n")"
	done | or-rpc fill --from "$(addr 1)" | sign 1 | or-rpc send | or-rpc wait > /dev/null
	wait $fpid
	run cat "$BATS_TEST_TMPDIR/follow"
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 2 --regexp '"logCount":2,"lastBlock":'$stop'\}$'
}

@test "100 transactions in one stream get consecutive nonces and all land" {
	to=0x00000000000000000000000000000000000000c1
	n0=$(or-rpc nonce "$(addr 2)" | jq .nonce)
	seq 100 | jq -c --arg to "$to" '{to: $to, value: (. | tostring)}' |
	    or-rpc fill --from "$(addr 2)" | sign 2 | or-rpc send |
	    or-rpc wait > "$BATS_TEST_TMPDIR/out"
	[ "$(jq -r .nonce "$BATS_TEST_TMPDIR/out" | tr '\n' ' ')" = "$(seq -s ' ' "$n0" $((n0 + 99))) " ]
	[ "$(jq -r .receipt.status "$BATS_TEST_TMPDIR/out" | sort -u)" = 1 ]
	[ "$(or-rpc nonce "$(addr 2)" | jq .nonce)" -eq $((n0 + 100)) ]
	[ "$(or-rpc balance "$to" | jq -r .balance)" = 5050 ]
}

@test "30% faulted requests: 100 transactions land exactly once, reads stay right" {
	to=0x00000000000000000000000000000000000000d1
	start_proxy --upstream "$ANVIL_PORT" --fault-rate 30 --delay 1 --seed 7 \
	    --log "$BATS_TEST_TMPDIR/log"
	export ETH_RPC_URL=$PROXY_URL ETH_RPC_TIMEOUT=0.4
	n0=$(ETH_RPC_URL=$ANVIL_URL or-rpc nonce "$(addr 3)" | jq .nonce)
	seq 100 | jq -c --arg to "$to" '{to: $to, value: (. | tostring)}' |
	    or-rpc --retries 30 fill --from "$(addr 3)" | sign 3 |
	    or-rpc --retries 30 send | or-rpc --retries 30 wait --interval 0.05 > "$BATS_TEST_TMPDIR/out"
	[ "$(jq -r .receipt.status "$BATS_TEST_TMPDIR/out" | sort | uniq -c | tr -s ' ')" = ' 100 1' ]
	[ "$(jq -r .nonce "$BATS_TEST_TMPDIR/out" | tr '\n' ' ')" = "$(seq -s ' ' "$n0" $((n0 + 99))) " ]
	[ "$(ETH_RPC_URL=$ANVIL_URL or-rpc nonce "$(addr 3)" | jq .nonce)" -eq $((n0 + 100)) ]
	[ "$(ETH_RPC_URL=$ANVIL_URL or-rpc balance "$to" | jq -r .balance)" = 5050 ]
	# reads through the faults equal reads straight from anvil
	run or-rpc --retries 30 balance "$to" "$(addr 3)" "$(addr 9)"
	assert_output "$(ETH_RPC_URL=$ANVIL_URL or-rpc balance "$to" "$(addr 3)" "$(addr 9)")"
	# every kind of fault was really injected, sends included
	for f in drop drop-after delay 500 429 malformed dup; do
		grep -q " $f\$" "$BATS_TEST_TMPDIR/log" || { echo "no $f fault"; false; }
	done
	grep -q '^eth_sendRawTransaction drop-after$' "$BATS_TEST_TMPDIR/log" ||
	    grep -q '^eth_sendRawTransaction delay$' "$BATS_TEST_TMPDIR/log"
}

@test "writes: /dev/full exits 3, head -n 1 ends quietly" {
	run -3 --separate-stderr sh -c 'or-rpc eth_chainId > /dev/full'
	[[ $stderr == *"write error on 'stdout'"* ]]
	run -3 --separate-stderr sh -c 'or-rpc eth_chainId >&-'
	run sh -c 'yes "{}" | head -n 500 | or-rpc block-number | head -n 1'
	assert_success
	assert_output --regexp '^\{"blockNumber":[0-9]+\}$'
}

@test "request bytes against the mock server" {
	printf '%s\n' '{"jsonrpc":"2.0","id":ID,"result":"0x7a69"}' \
	    '{"jsonrpc":"2.0","id":ID,"result":"0x10"}' > "$BATS_TEST_TMPDIR/replies"
	start_proxy --mock "$BATS_TEST_TMPDIR/replies" --record "$BATS_TEST_TMPDIR/req"
	run or-rpc -r "$PROXY_URL/secret/path" chain-id <<< $'{}\n{}'
	port=${PROXY_URL##*:}
	assert_line --index 0 '{"chainId":31337}'
	assert_line --index 1 '{"chainId":16}'
	expected=$(printf 'POST /secret/path HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nUser-Agent: openresearch/0.1.0\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: 59\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}\nPOST /secret/path HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nUser-Agent: openresearch/0.1.0\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: 59\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"eth_chainId","params":[]}' "$port" "$port")
	assert_equal "$(cat "$BATS_TEST_TMPDIR/req")" "$expected"
}

@test "fill --batch: one round trip per record, same output as single calls" {
	start_proxy --upstream "$ANVIL_PORT" --log "$BATS_TEST_TMPDIR/log"
	rec='{"to":"0x00000000000000000000000000000000000000e1","value":"1"}'
	single=$(or-rpc -r "$PROXY_URL" fill --from "$(addr 5)" <<< "$rec")
	: > "$BATS_TEST_TMPDIR/log"
	run or-rpc -r "$PROXY_URL" --batch fill --from "$(addr 5)" <<< "$rec"
	assert_success
	assert_output "$single"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/log")" \
	    'eth_chainId+eth_getTransactionCount+eth_estimateGas+eth_maxPriorityFeePerGas+eth_feeHistory none'
}

@test "fill --batch falls back to single calls when the node refuses batches" {
	cat > "$BATS_TEST_TMPDIR/replies" <<'REPLIES'
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch requests are not supported"}}
{"jsonrpc":"2.0","id":ID,"result":"0x10"}
{"jsonrpc":"2.0","id":ID,"result":"0x5208"}
{"jsonrpc":"2.0","id":ID,"result":"0x3b9aca00"}
{"jsonrpc":"2.0","id":ID,"result":{"oldestBlock":"0x1","baseFeePerGas":["0x1","0x2"],"gasUsedRatio":[0.5]}}
{"jsonrpc":"2.0","id":ID,"result":"0x5"}
{"jsonrpc":"2.0","id":ID,"result":"0x5208"}
{"jsonrpc":"2.0","id":ID,"result":"0x3b9aca00"}
{"jsonrpc":"2.0","id":ID,"result":{"oldestBlock":"0x1","baseFeePerGas":["0x1","0x4"],"gasUsedRatio":[0.5]}}
REPLIES
	start_proxy --mock "$BATS_TEST_TMPDIR/replies" --record "$BATS_TEST_TMPDIR/req"
	run or-rpc -r "$PROXY_URL" --batch --gas-factor 1 fill --from "$(addr 5)" <<< $'{"to":"0x00000000000000000000000000000000000000e1"}\n{"to":"0x00000000000000000000000000000000000000e1"}'
	assert_success
	assert_line --index 0 '{"to":"0x00000000000000000000000000000000000000e1","from":"'"$(addr 5)"'","chainId":16,"nonce":5,"gasLimit":21000,"type":2,"maxFeePerGas":"1000000004","maxPriorityFeePerGas":"1000000000"}'
	assert_line --index 1 '{"to":"0x00000000000000000000000000000000000000e1","from":"'"$(addr 5)"'","chainId":16,"nonce":6,"gasLimit":21000,"type":2,"maxFeePerGas":"1000000008","maxPriorityFeePerGas":"1000000000"}'
	# one refused batch, then single calls only
	[ "$(grep -c '^\[' "$BATS_TEST_TMPDIR/req")" -eq 1 ]
	[ "$(grep -c '^{"jsonrpc"' "$BATS_TEST_TMPDIR/req")" -eq 8 ]
}

@test "malformed replies: status 4 and rpc.bad_reply, never a crash" {
	cat > "$BATS_TEST_TMPDIR/replies" <<'REPLIES'
{"jsonrpc":"2.0","id":ID,"result":"0xzz"}
{"jsonrpc":"2.0","id":ID,"result":{"status":"0x1"}}
{"jsonrpc":"2.0","id":ID,"result":{"status":"0x1","blockNumber":"0x1","logs":[{"topics":"x"}]}}
{"jsonrpc":"2.0","id":ID,"result":"0x1234"}
{"jsonrpc":"2.0","id":ID,"result":[1,2]}
REPLIES
	start_proxy --mock "$BATS_TEST_TMPDIR/replies" --record "$BATS_TEST_TMPDIR/req"
	h=0x$(printf '%064d' 1)
	run -4 or-rpc -q -r "$PROXY_URL" --retries 0 block-number <<< '{}'
	[ "$(field "$output" error.code)" = '"rpc.bad_reply"' ]
	run -4 or-rpc -q -r "$PROXY_URL" --retries 0 wait "$h" "$h"
	[ "$(field "${lines[0]}" error.code)" = '"rpc.bad_reply"' ]
	[ "$(field "${lines[1]}" error.code)" = '"rpc.bad_reply"' ]
	# the node's hash 0x1234 is not 32 bytes: a bad reply
	run -4 or-rpc -q -r "$PROXY_URL" --retries 0 send 0x1234
	[ "$(field "$output" error.code)" = '"rpc.bad_reply"' ]
	run -4 or-rpc -q -r "$PROXY_URL" --retries 0 logs 0x00000000000000000000000000000000000000e1
	[ "$(field "$output" error.code)" = '"rpc.bad_reply"' ]
}

@test "wait --confirmations waits for blocks on top of the receipt" {
	out=$(printf '{"to":"0x00000000000000000000000000000000000000f1","value":"1"}\n' |
	    or-rpc fill --from "$(addr 6)" | sign 6 | or-rpc send)
	h=$(sfield "$out" txHash)
	run -4 or-rpc -q --confirmations 2 --timeout 0.3 --interval 0.1 wait "$h"
	[ "$(field "$output" error.code)" = '"rpc.wait_timeout"' ]
	or-rpc evm_mine > /dev/null
	run or-rpc --confirmations 2 --timeout 5 --interval 0.1 wait "$h"
	assert_success
	[ "$(field "$output" receipt.status)" = 1 ]
}

@test "--block and the record's block read history" {
	a=$(addr 0)
	run or-rpc --block 0 balance "$a"
	assert_output "{\"address\":\"$a\",\"balance\":\"10000000000000000000000\"}"
	run or-rpc balance <<< "{\"address\":\"$a\",\"block\":\"0x0\"}"
	assert_output "{\"address\":\"$a\",\"block\":\"0x0\",\"balance\":\"10000000000000000000000\"}"
	run or-rpc -q balance <<< "{\"address\":\"$a\",\"block\":\"yesterday\"}"
	assert_failure 1
	[ "$(field "$output" error.code)" = '"json.bad_field"' ]
	run --separate-stderr or-rpc --block yesterday balance "$a"
	assert_failure 2
}

@test "transaction settings from the environment matter to fill only" {
	ETH_GAS_PRICE=bad ETH_FROM=nope run or-rpc chain-id <<< '{}'
	assert_success
	ETH_FROM=nope run --separate-stderr or-rpc fill < /dev/null
	assert_failure 2
	# an option wins over a bad environment value
	ETH_FROM=nope run or-rpc fill --from "$(addr 7)" --gas-limit 21000 <<< '{"to":"0x00000000000000000000000000000000000000f2"}'
	assert_success
}

@test "devnet: state file, env, and a keystore holding the funded keys" {
	st=$BATS_FILE_TMPDIR/state.json
	[ "$(jq -r .chainId "$st")" = 31337 ]
	[ "$(jq '.accounts | length' "$st")" -eq 10 ]
	kill -0 "$(jq -r .pid "$st")"
	ks=$(jq -r .keystore "$st")
	[ "$(cat "$(jq -r .passwordFile "$st")")" = devnet ]
	[ "$(ls "$ks" | wc -l)" -eq 10 ]
	f=$ks/UTC--2026-01-01T00-00-00.000000000Z--$(addr 1 | cut -c3-)
	[ -f "$f" ]
	run cast wallet decrypt-keystore "$(basename "$f")" --keystore-dir "$ks" --unsafe-password devnet
	[[ $output == *"$(key 1)"* ]]
	run sh "$OR_TOP/scripts/devnet" env
	assert_line "ETH_RPC_URL=$ANVIL_URL; export ETH_RPC_URL"
	assert_line "ETH_FROM=$(addr 0); export ETH_FROM"
	# start again while running: the same chain
	run sh "$OR_TOP/scripts/devnet" start
	[ "$(sfield "$output" rpcUrl)" = "$ANVIL_URL" ]
}

@test "fill: an estimate that reverts is rpc.node_error with the revert as rpcData" {
	c=$(cat "$BATS_FILE_TMPDIR/probe")
	n0=$(or-rpc nonce "$(addr 1)" | jq .nonce)
	run -1 or-rpc -q fill --from "$(addr 1)" < <(printf '{"to":"%s","data":"%s"}\n{"to":"%s"}\n' "$c" "$(cast calldata 'fail()')" "$(addr 9)")
	[ "$(field "${lines[0]}" error.code)" = '"rpc.node_error"' ]
	[[ $(sfield "${lines[0]}" error.rpcData) == 0x08c379a0* ]]
	# the failed record used no nonce
	[ "$(field "${lines[1]}" nonce)" = "$n0" ]
}

@test "injected write, close, read and malloc failures exit 3, never a crash" {
	for fault in write:1:ENOSPC write:1:EIO close:1:EIO read:0:EIO; do
		run inject $fault or-rpc chain-id <<< '{}'
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
		assert_output --regexp "or-rpc: error: (write|read) error on '(stdout|stdin)'"
	done
	[ "${OR_SAN:-}" != 1 ] || return 0
	for n in $(seq 0 41 3400); do
		inject malloc:$n or-rpc eth_getBalance "$(addr 9)" latest > /dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|3) ;; *) echo "malloc:$n: status $rc"; return 1 ;; esac
	done
}
