#!/usr/bin/env bats
# or-abi: vectors, spec selectors and topics, round trips, error records,
# strict decoding, the cast cross-check and the malformed-input corpus.
load helpers

TAB=$(printf '\t')
LEDGER=$OR_TOP/tests/or-abi/ledger.json

# calldata.tsv rows (after the description and header lines) as records
vector_records() {
	tail -n +3 "$VECTORS/calldata.tsv" |
	    while IFS=$TAB read -r sig args expected note; do
		printf '{"sig":"%s","args":%s,"expect":"%s"}\n' "$sig" "$args" "$expected"
	done
}

@test "every calldata.tsv row encodes byte for byte" {
	[ -f "$VECTORS/calldata.tsv" ]
	run sh -c "$(declare -f vector_records); TAB='$TAB'; VECTORS='$VECTORS'; vector_records | or-abi encode"
	assert_success
	rows=$(tail -n +3 "$VECTORS/calldata.tsv" | wc -l)
	[ "$rows" -ge 10 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq "$rows" ]
	bad=$(printf '%s\n' "$output" | jq -c 'select(.data != .expect)')
	[ -z "$bad" ] || { echo "$bad"; false; }
}

@test "the createProject vector in argument mode, args as operands" {
	line=$(grep '^createProject(' "$VECTORS/calldata.tsv")
	sig=$(printf '%s\n' "$line" | cut -f1)
	expected=$(printf '%s\n' "$line" | cut -f3)
	set -- $(printf '%s\n' "$line" | cut -f2 | jq -r '.[] | @json' | tr ' ' '\001')
	args=()
	for a in "$@"; do args+=("$(printf '%s' "$a" | tr '\001' ' ')"); done
	run or-abi encode "$sig" "${args[@]}"
	assert_success
	[ "$(sfield "$output" data)" = "$expected" ]
	[ "$(printf '%s' "$expected" | wc -c)" -eq $((2 + 2 * 452)) ]
}

@test "every calldata.tsv row decodes and re-encodes to the same bytes" {
	tail -n +3 "$VECTORS/calldata.tsv" > "$BATS_TEST_TMPDIR/rows"
	n=0
	while IFS=$TAB read -r sig args expected note; do
		n=$((n + 1))
		out=$(or-abi decode "$sig" "$expected")
		[ "$(sfield "$out" decodedSig)" = "$sig" ]
		# decoded values in order are valid args again
		again=$(printf '%s\n' "$out" | jq -c --arg s "$sig" '{sig: $s, args: [.decoded[]]}' | or-abi encode)
		[ "$(sfield "$again" data)" = "$expected" ] || { echo "$sig: $again"; return 1; }
		# and `decoded` itself is valid args (keys "0", "1", ...)
		again=$(printf '%s\n' "$out" | jq -c --arg s "$sig" '{sig: $s, args: .decoded}' | or-abi encode)
		[ "$(sfield "$again" data)" = "$expected" ] || { echo "$sig: $again"; return 1; }
	done < "$BATS_TEST_TMPDIR/rows"
	[ "$n" -ge 10 ]
	[ "$n" -eq "$(wc -l < "$BATS_TEST_TMPDIR/rows")" ]
}

@test "argument mode equals the piped record (conventions.md section 3)" {
	a=$(or-abi encode 'transfer(address,uint256)' 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 1000)
	b=$(echo '{"sig":"transfer(address,uint256)","args":["0x70997970c51812dc3a010c7d01b50e0d17dc79c8",1000]}' | or-abi encode)
	[ "$a" = "$b" ]
	expected=$(awk -F'\t' '$1 == "transfer(address,uint256)" { print $3 }' "$VECTORS/calldata.tsv")
	[ "$(sfield "$a" data)" = "$expected" ]
	# a small decimal is the JSON number a user would pipe, a larger one
	# its decimal string, a JSON string literal is read as its content
	run or-abi encode 'f(uint256)' 123
	assert_output --partial '"args":[123]'
	run or-abi encode 'f(uint256)' '"123"'
	assert_output --partial '"args":[123]'
	a=$(or-abi encode 'f(uint256)' 9007199254740992)
	b=$(echo '{"sig":"f(uint256)","args":["9007199254740992"]}' | or-abi encode)
	[ "$a" = "$b" ]
}

@test "operands are read by the ABI type they fill, as cast calldata reads them" {
	# each line: signature, then the operands, the same for both tools
	while IFS='|' read -r sig a1 a2 a3; do
		set -- "$sig"
		[ -z "$a1" ] || set -- "$@" "$a1"
		[ -z "$a2" ] || set -- "$@" "$a2"
		[ -z "$a3" ] || set -- "$@" "$a3"
		run or-abi encode "$@"
		assert_success
		[ "$(sfield "$output" data)" = "$(cast calldata "$@")" ] || { echo "differs: $*"; return 1; }
	done <<'ROWS'
f(uint256)|1000000000000000000
f(uint256)|115792089237316195423570985008687907853269984665640564039457584007913129639935
f(uint256)|0xde0b6b3a7640000
f(uint256)|1ether
f(uint256)|1.5gwei
f(int256)|-57896044618658097711785492504343953926634992332820282019728792003956564819968
f(string)|123
f(string)|"quoted"
f(string)|true
f(string,bool,address)|0x12|false|0x70997970c51812dc3a010c7d01b50e0d17dc79c8
f(bytes,bytes4)|0x|0xdeadbeef
f(uint256[],string[])|[1000000000000000000, 0x10]|["a b", c]
f((uint8,string)[2])|[(1,x),(2,"y, z")]
f(uint8[][])|[[1,2],[],[3]]
ROWS
	# the record holds the values in their stream form: parity with a pipe
	a=$(or-abi encode 'f(uint256,string,bool,uint8[])' 1000000000000000000 123 true '[1,2]')
	[ "$a" = "$(echo '{"sig":"f(uint256,string,bool,uint8[])","args":["1000000000000000000","123",true,[1,2]]}' | or-abi encode)" ]
	# the same by an ABI's function
	run or-abi encode --abi "$LEDGER" constructor 0xc84768e450534974c0dd5bab7c1b695744124136 0x257974e406f206bfaed3abb8d93c232e3226f032
	assert_success
	# a malformed list is named; a bad value is the encoder's precise code
	run or-abi encode 'f(uint8[2])' '[1,2'
	assert_failure 1
	assert_output --partial '"code":"abi.bad_array","message":"'"'"'args[0]'"'"' is not a list: no closing bracket"'
	run or-abi encode 'f((uint8,bool))' '(1,true]'
	assert_output --partial abi.bad_tuple
	run or-abi encode 'f(uint8)' 1.5
	assert_output --partial abi.bad_int
	run or-abi encode 'f(bool)' yes
	assert_output --partial abi.bad_bool
	run or-abi encode 'f(' 1
	assert_output --partial '"args":["1"],"error":{"code":"abi.bad_signature"'
	# invalid UTF-8 in an operand: U+FFFD in the record, valid JSON out
	run sh -c "or-abi encode 'f(string,uint8)' \"\$(printf 'a\\377')\" \"\$(printf '1\\377')\" 2>/dev/null | jq -c .args"
	assert_output '["a�","1�"]'
	[ "$(or-abi encode 'f(string)' "$(printf 'a\377')" | jq -r .data)" = "$(or-abi encode 'f(string)' "$(printf 'a\357\277\275')" | jq -r .data)" ]
}

@test "the conventions.md error record for a bad address" {
	run sh -c 'printf "%s\n" "{\"sig\":\"transfer(address,uint256)\",\"args\":[\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"1000\"]}" "{\"sig\":\"transfer(address,uint256)\",\"args\":[\"0x7099\",\"1000\"]}" | or-abi encode 2>/tmp/or-abi-err.$$; echo "rc=$?"; cat /tmp/or-abi-err.$$; rm -f /tmp/or-abi-err.$$'
	assert_line --index 1 '{"sig":"transfer(address,uint256)","args":["0x7099","1000"],"error":{"code":"abi.bad_address","message":"invalid address in '"'"'args[0]'"'"'","tool":"or-abi","line":2}}'
	assert_line --index 2 'rc=1'
	assert_line --index 3 "or-abi: error: line 2: invalid address in 'args[0]'"
}

@test "the committed contract hashes equal the specification's tables" {
	spec=$OR_TOP/../shared/spec/contracts.md
	[ -f "$spec" ] || skip "no ../shared/spec beside this checkout"
	sh "$OR_TOP/scripts/spec-hashes" "$spec" | diff - "$OR_TOP/tests/data/contracts-hashes.tsv"
}

@test "every selector and topic listed in contracts.md" {
	cp "$OR_TOP/tests/data/contracts-hashes.tsv" "$BATS_TEST_TMPDIR/hashes.tsv"
	n=$(wc -l < "$BATS_TEST_TMPDIR/hashes.tsv")
	[ "$n" -ge 90 ]
	while IFS=$TAB read -r sig hex; do
		if [ ${#hex} -eq 10 ]; then verb=selector; else verb=topic; fi
		printf '%s\t%s\n' "$verb" "$sig"
	done < "$BATS_TEST_TMPDIR/hashes.tsv" > "$BATS_TEST_TMPDIR/jobs"
	grep "^selector$TAB" "$BATS_TEST_TMPDIR/jobs" | cut -f2 | jq -R -c '{sig: .}' | or-abi selector | jq -r .selector > "$BATS_TEST_TMPDIR/sel"
	grep "^topic$TAB" "$BATS_TEST_TMPDIR/jobs" | cut -f2 | jq -R -c '{sig: .}' | or-abi topic | jq -r .topic > "$BATS_TEST_TMPDIR/top"
	awk -F'\t' 'length($2) == 10 { print $2 }' "$BATS_TEST_TMPDIR/hashes.tsv" | diff - "$BATS_TEST_TMPDIR/sel"
	awk -F'\t' 'length($2) == 66 { print $2 }' "$BATS_TEST_TMPDIR/hashes.tsv" | diff - "$BATS_TEST_TMPDIR/top"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/top")" -ge 15 ]
}

@test "selector and topic from an ABI JSON entry and from an ABI file" {
	run sh -c 'echo "{\"entry\":{\"type\":\"function\",\"name\":\"f\",\"inputs\":[{\"name\":\"x\",\"type\":\"tuple[]\",\"components\":[{\"name\":\"a\",\"type\":\"uint256\"},{\"name\":\"b\",\"type\":\"bytes\"},{\"name\":\"c\",\"type\":\"tuple[2]\",\"components\":[{\"name\":\"d\",\"type\":\"bytes32\"}]}]}]}}" | or-abi selector'
	assert_success
	[ "$(sfield "$output" signature)" = "f((uint256,bytes,(bytes32)[2])[])" ]
	want=$(or-abi selector 'f((uint256,bytes,(bytes32)[2])[])' | jq -r .selector)
	[ "$(sfield "$output" selector)" = "$want" ]
	# hashes.md example: the 0G submit selector
	run or-abi selector 'submit(((uint256,bytes,(bytes32,uint256)[]),address))'
	[ "$(sfield "$output" selector)" = 0xbc8c11f8 ]
	run or-abi selector --abi "$LEDGER" ScoreNotImproved claimReview
	assert_line --index 0 '{"name":"ScoreNotImproved","signature":"ScoreNotImproved()","selector":"0x591ab7ed"}'
	assert_line --index 1 --partial '"selector":"0x3e3f1b98"'
}

@test "create2-address agrees with cast create2, from init code or its hash" {
	salt0=0x0000000000000000000000000000000000000000000000000000000000000000
	for d in 0x4e59b44847b379578588920ca78fbf26c0b4956c 0x70997970C51812dc3A010C7d01b50e0d17dc79C8; do
		for salt in $salt0 0x00000000000000000000000000000000000000000000000000000000000000ff 0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0; do
			for code in 0x 0x00 0x600160005260206000f3 "0x6080604052$(printf 'ab%.0s' $(seq 300))"; do
				theirs=$(cast create2 --deployer "$d" --salt "$salt" --init-code "$code" | tr 'A-F' 'a-f')
				[ "$(or-abi create2-address "$d" "$salt" "$code" | jq -r .contractAddress)" = "$theirs" ] || { echo "$d $salt $code"; return 1; }
				hash=$(cast keccak "$code")
				[ "$(cast create2 --deployer "$d" --salt "$salt" --init-code-hash "$hash" | tr 'A-F' 'a-f')" = "$theirs" ]
				[ "$(or-abi create2-address --init-code-hash "$hash" "$d" "$salt" | jq -r .contractAddress)" = "$theirs" ]
			done
		done
	done
	# record mode: initCode, initCodeHash, or the option as the default
	run sh -c 'printf "%s\n" "{\"deployer\":\"0x4e59b44847b379578588920ca78fbf26c0b4956c\",\"salt\":\"'$salt0'\",\"initCode\":\"0x00\"}" "{\"deployer\":\"0x4e59b44847b379578588920ca78fbf26c0b4956c\",\"salt\":\"'$salt0'\"}" | or-abi create2-address --init-code-hash 0xbc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a | jq -r .contractAddress'
	assert_success
	theirs=$(cast create2 --deployer 0x4e59b44847b379578588920ca78fbf26c0b4956c --salt $salt0 --init-code 0x00 | tr 'A-F' 'a-f')
	assert_line --index 0 "$theirs"
	assert_line --index 1 "$theirs"
	# what is wrong is named
	run or-abi create2-address 0x4e59b44847b379578588920ca78fbf26c0b4956c 0x01 0x00
	assert_failure 1
	assert_output --partial '"code":"hex.bad_length"'
	run sh -c 'echo "{\"deployer\":\"0x4e59b44847b379578588920ca78fbf26c0b4956c\",\"salt\":\"'$salt0'\"}" | or-abi create2-address'
	assert_failure 1
	assert_output --partial "record has no 'initCode' or 'initCodeHash'"
	run sh -c 'echo "{\"deployer\":\"0x4e59b44847b379578588920ca78fbf26c0b4956c\",\"salt\":\"'$salt0'\",\"initCode\":\"0x\",\"initCodeHash\":\"'$salt0'\"}" | or-abi create2-address'
	assert_output --partial "give 'initCode' or 'initCodeHash', not both"
	run or-abi create2-address 0x4e59b44847b379578588920ca78fbf26c0b4956c $salt0
	assert_failure 2
	assert_output --partial 'create2-address wants DEPLOYER, SALT and INIT_CODE'
	run or-abi encode --init-code-hash $salt0 'f()'
	assert_failure 2
	# options after the operands, as cast takes --init-code-hash
	a=$(or-abi create2-address 0x4e59b44847b379578588920ca78fbf26c0b4956c $salt0 --init-code-hash 0xbc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a)
	[ "$a" = "$(or-abi create2-address --init-code-hash 0xbc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a 0x4e59b44847b379578588920ca78fbf26c0b4956c $salt0)" ]
	[ "$(sfield "$a" contractAddress)" = "$(cast create2 --deployer 0x4e59b44847b379578588920ca78fbf26c0b4956c --salt $salt0 --init-code 0x00 | tr 'A-F' 'a-f')" ]
	run or-abi to-wei 1.5 --unit gwei
	assert_output '{"amount":"1.5","wei":"1500000000"}'
	run or-abi -qa /nonexistent.json from-wei 1
	assert_failure 3
	# encode and decode: a word after the first operand is an operand
	run or-abi encode 'f(int8)' -5
	assert_output --partial '"args":[-5]'
	run or-abi encode 'f(int8)' -5 --packed
	assert_output --partial abi.arg_count
	# a valued option before the verb, its long name abbreviated
	run or-abi --byte 0x60 encode 'constructor(int8)' -5
	assert_output --partial '"data":"0x60fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb"'
}

@test "create-address agrees with cast compute-address" {
	for from in 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 0x70997970C51812dc3A010C7d01b50e0d17dc79C8; do
		for nonce in 0 1 2 127 128 255 256 65535 65536 16777216 4294967296 9007199254740991; do
			ours=$(or-abi create-address "$from" "$nonce" | jq -r .contractAddress)
			theirs=$(cast compute-address --nonce "$nonce" "$from" | sed 's/.*: //' | tr 'A-F' 'a-f')
			[ "$ours" = "$theirs" ] || { echo "$from $nonce: $ours != $theirs"; return 1; }
		done
	done
	# the nonce as a decimal string beyond 2^53, and piped records
	ours=$(echo '{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","nonce":"18446744073709551614"}' | or-abi create-address | jq -r .contractAddress)
	theirs=$(cast compute-address --nonce 18446744073709551614 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 | sed 's/.*: //' | tr 'A-F' 'a-f')
	[ "$ours" = "$theirs" ]
	# a record of or-rpc nonce: "address", no "from"
	ours=$(echo '{"address":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","nonce":3}' | or-abi create-address | jq -r .contractAddress)
	[ "$ours" = "$(or-abi create-address 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 3 | jq -r .contractAddress)" ]
	run sh -c 'echo "{\"nonce\":3}" | or-abi create-address'
	assert_output --partial "record has no 'from' (or 'address')"
	run or-abi create-address 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 1.5
	assert_failure 1
	assert_output --partial json.unsafe_integer
}

@test "decode --error: custom errors by name, Error(string), Panic(uint256)" {
	run or-abi decode --error --abi "$LEDGER" 0x591ab7ed
	assert_success
	assert_output '{"data":"0x591ab7ed","decoded":{},"decodedSig":"ScoreNotImproved()"}'
	data=$(awk -F'\t' '$1 ~ /^ERC20InsufficientAllowance/ { print $3 }' "$VECTORS/calldata.tsv")
	run or-abi decode --error --abi "$LEDGER" "$data"
	assert_success
	[ "$(field "$output" decoded)" = '{"spender":"0x701db5f8ed847651209a438695dfe5520add6a5a","allowance":"0","needed":"5"}' ]
	[ "$(sfield "$output" decodedSig)" = "ERC20InsufficientAllowance(address,uint256,uint256)" ]
	msg=$(cast abi-encode 'Error(string)' BAD_RANGE | sed 's/^0x/0x08c379a0/')
	run or-abi decode --error "$msg"
	assert_output --partial '"decoded":{"0":"BAD_RANGE"},"decodedSig":"Error(string)"'
	run or-abi decode --error 0x4e487b710000000000000000000000000000000000000000000000000000000000000011
	assert_output --partial '"decoded":{"0":"17"},"decodedSig":"Panic(uint256)","panic":"arithmetic underflow or overflow"'
	# revertData and returnData of or-rpc records are preferred to data
	run sh -c "echo '{\"data\":\"0x18160ddd\",\"revertData\":\"$msg\"}' | or-abi decode --error"
	assert_output --partial '"decoded":{"0":"BAD_RANGE"}'
	run sh -c "echo '{\"data\":\"0x18160ddd\",\"returnData\":\"0x$(printf '0%.0s' $(seq 63))5\"}' | or-abi decode --output uint256"
	assert_output --partial '"decoded":{"0":"5"},"decodedSig":"(uint256)"'
	run or-abi decode --error 0x4e487b710000000000000000000000000000000000000000000000000000000000000099
	assert_output --partial '"panic":"unknown panic code"'
	run or-abi decode --error 0x12345678
	assert_failure 1
	assert_output --partial abi.unknown_error
	# a custom error without an ABI, by signature
	run or-abi decode --error 'LockActive()' 0x104a1b9e
	assert_output --partial '"decodedSig":"LockActive()"'
}

@test "decode --log: named fields, indexed values from topics" {
	t0=$(or-abi topic 'Transfer(address,address,uint256)' | jq -r .topic)
	from=0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266
	to=0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8
	data=0x0000000000000000000000000000000000000000000000000000000000000005
	run or-abi decode --log --abi "$LEDGER" "$data" "$t0" "$from" "$to"
	assert_success
	[ "$(field "$output" decoded)" = '{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","value":"5"}' ]
	# the same through a signature with indexed words
	run or-abi decode --log 'Transfer(address indexed from,address indexed to,uint256 value)' "$data" "$t0" "$from" "$to"
	[ "$(field "$output" decoded)" = '{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","value":"5"}' ]
	# ProposalSubmitted, as a piped log record with the topics first
	ps=$(or-abi topic --abi "$LEDGER" ProposalSubmitted | jq -r .topic)
	body=$(cast abi-encode 'f(address,bytes32,int256,uint256)' 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0 -2400000 5)
	rec=$(jq -n -c --arg t "$ps" --arg f "$from" --arg d "$body" '{topics: [$t, "0x" + ("0" * 63) + "3", "0x" + ("0" * 64), $f], data: $d}')
	run sh -c "echo '$rec' | or-abi decode --log --abi '$LEDGER'"
	assert_success
	[ "$(field "$output" decoded)" = '{"id":"3","projectId":"0","miner":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","rewardRecipient":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","codeHash":"0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0","claimedAggregateScore":"-2400000","stake":"5"}' ]
	# or-rpc logs detail records ("kind":"log") are decoded with --log only
	run sh -c "echo '$rec' | jq -c '{kind: \"log\"} + .' | or-abi decode --log --abi '$LEDGER'"
	assert_output --partial '"decodedSig":"ProposalSubmitted(uint256,uint256,address,address,bytes32,int256,uint256)"'
	run sh -c "echo '$rec' | jq -c '{kind: \"log\"} + .' | or-abi decode --abi '$LEDGER'"
	assert_success
	refute_output --partial decoded
	# an indexed string is its topic; dirty indexed address is an error
	run or-abi decode --log 'E(string indexed s,uint8 x)' 0x0000000000000000000000000000000000000000000000000000000000000001 "$(or-abi topic 'E(string,uint8)' | jq -r .topic)" 0x1111111111111111111111111111111111111111111111111111111111111111
	assert_output --partial '"decoded":{"s":"0x1111111111111111111111111111111111111111111111111111111111111111","x":"1"}'
	run or-abi decode --log --abi "$LEDGER" "$data" "$t0" 0x1111111111111111111111111111111111111111111111111111111111111111 "$to"
	assert_failure 1
	assert_output --partial abi.dirty_bits
	run or-abi decode --log --abi "$LEDGER" "$data" "$t0" "$from"
	assert_output --partial abi.bad_topics
}

@test "return data by types, by signature, and by ABI function (named tuple)" {
	run or-abi decode --output '(uint256,address)' 0x000000000000000000000000000000000000000000000000000000000000002a000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266
	assert_output --partial '"decoded":{"0":"42","1":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"},"decodedSig":"(uint256,address)"'
	run or-abi decode --output 'balanceOf(address)(uint256)' 0x0000000000000000000000000000000000000000000000000000000000000007
	assert_output --partial '"decoded":{"0":"7"},"decodedSig":"balanceOf(address)"'
	words=$(cast abi-encode 'f((uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8))' '(0,0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266,0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266,0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0,0xb1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1,0x0000000000000000000000000000000000000000000000000000000000000000,-2400000,0,5,1700000000,0,0x0000000000000000000000000000000000000000,0)')
	run or-abi decode --abi "$LEDGER" --output getProposal "$words"
	assert_success
	[ "$(printf '%s\n' "$output" | jq -r '.decoded["0"].claimedAggregateScore')" = -2400000 ]
	[ "$(printf '%s\n' "$output" | jq -r '.decoded["0"].status')" = 0 ]
	[ "$(sfield "$output" decodedSig)" = "getProposal(uint256)" ]
	# one array of tuples: the list parentheses may be left out
	d=$(or-abi encode '((uint8,bool)[])' '[[1,true],[2,false]]' | jq -r .data)
	for types in '(uint8,bool)[]' '((uint8,bool)[])' 'tuple(uint8 a,bool b)[]'; do
		run or-abi decode --output "$types" "$d"
		assert_output --partial '"decodedSig":"((uint8,bool)[])"'
	done
	assert_output --partial '"decoded":{"0":[{"a":"1","b":true},{"a":"2","b":false}]}'
	# a bare list or a constructor in calldata mode has no selector
	run or-abi decode 'constructor(uint8 x,bool y)' "$(or-abi encode '(uint8,bool)' 7 true | jq -r .data)"
	assert_output --partial '"decoded":{"x":"7","y":true},"decodedSig":"constructor(uint8,bool)"'
}

@test "calldata decoding by ABI selector lookup, names from the ABI" {
	data=$(awk -F'\t' '$1 ~ /^submit\(/ { print $3 }' "$VECTORS/calldata.tsv")
	run or-abi decode --abi "$LEDGER" "$data"
	assert_success
	[ "$(field "$output" decoded)" = '{"projectId":"0","codeHash":"0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0","benchmarkLogHash":"0xb1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1","claimedAggregateScore":"-2400000","stake":"5","rewardRecipient":"0x0000000000000000000000000000000000000000"}' ]
	run or-abi decode 'claimReview(uint256)' "$data"
	assert_failure 1
	assert_output --partial abi.selector_mismatch
	run or-abi decode --abi "$LEDGER" 0xdeadbeef
	assert_output --partial abi.unknown_selector
}

@test "tuples by name, constructor after bytecode, packed encoding" {
	a=$(or-abi encode 'f((uint256 a,string b)[])' '[{"a":"1","b":"x"}]' | jq -r .data)
	b=$(or-abi encode 'f((uint256,string)[])' '[["1","x"]]' | jq -r .data)
	[ "$a" = "$b" ]
	sel=$(or-abi selector 'f((uint256,string)[])' | jq -r .selector)
	[ "$a" = "$sel$(cast abi-encode 'f((uint256,string)[])' '[(1,x)]' | cut -c3-)" ]
	run or-abi encode 'f((uint256 a,string b))' '{"a":"1"}'
	assert_output --partial abi.bad_tuple
	run or-abi encode 'f((uint256 a,string b))' '{"a":"1","b":"x","c":2}'
	assert_output --partial abi.bad_tuple
	run or-abi encode --abi "$LEDGER" constructor 0xc84768e450534974c0dd5bab7c1b695744124136 0x257974e406f206bfaed3abb8d93c232e3226f032
	[ "$(sfield "$output" data)" = "0x6080604052$(cast abi-encode 'f(address,address)' 0xc84768e450534974c0dd5bab7c1b695744124136 0x257974e406f206bfaed3abb8d93c232e3226f032 | cut -c3-)" ]
	run or-abi encode --bytecode 0x60016002 'constructor(uint8)' 9
	[ "$(sfield "$output" data)" = 0x600160020000000000000000000000000000000000000000000000000000000000000009 ]
	run or-abi encode --packed '(uint8,string,int16,address,bytes2,uint16[])' 7 abc -2 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 '"0xabcd"' '[1,2]'
	[ "$(sfield "$output" data)" = "$(cast abi-encode --packed 'f(uint8,string,int16,address,bytes2,uint16[])' 7 abc -2 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 0xabcd '[1,2]')" ]
	run or-abi encode --packed '((uint8))' '[1]'
	assert_output --partial abi.packed_unsupported
}

@test "integer arguments: three forms, range checks, unsafe JSON numbers" {
	run or-abi encode '(uint8,int8,int256,uint256)' 255 -128 '"-57896044618658097711785492504343953926634992332820282019728792003956564819968"' '"0xff"'
	assert_success
	[ "$(sfield "$output" data)" = "$(cast abi-encode 'f(uint8,int8,int256,uint256)' 255 -128 -57896044618658097711785492504343953926634992332820282019728792003956564819968 255)" ]
	for bad in '(uint8) 256' '(int8) -129' '(int8) 128' '(uint256) -1' '(uint16) "0x10000"' \
	    '(uint256) "115792089237316195423570985008687907853269984665640564039457584007913129639936"'; do
		set -- $bad
		run or-abi encode "$1" "$2"
		assert_failure 1
		assert_output --partial abi.int_range
	done
	for bad in 1.5 1e3; do
		run or-abi encode '(uint256)' "$bad"
		assert_output --partial abi.bad_int
	done
	run sh -c 'echo "{\"sig\":\"(uint256)\",\"args\":[9007199254740992]}" | or-abi encode'
	assert_output --partial json.unsafe_integer
	run or-abi encode '(uint256)' 9007199254740992
	assert_success
	run or-abi encode '(uint256)' '"12a"'
	assert_output --partial abi.bad_int
	run or-abi encode '(bool)' '"yes"'
	assert_output --partial abi.bad_bool
	run or-abi encode '(bytes4)' '"0x0102"'
	assert_output --partial abi.bad_bytes
	run or-abi encode '(bytes)' '"0102"'
	assert_output --partial hex.no_prefix
	run or-abi encode '(address)' 0x70997970C51812dc3A010C7d01b50e0d17dc79C9
	assert_output --partial hex.bad_checksum
	run or-abi encode '(uint8[2])' '[1]'
	assert_output --partial abi.bad_array
	run or-abi encode '(uint8,uint8)' 1
	assert_output --partial abi.arg_count
}

@test "signature and type errors" {
	for sig in 'f(uint7)' 'f(uint264)' 'f(bytes33)' 'f(bytes0)' 'f(()[])' 'f(uint8[0])' 'f(foo)' 'f(uint256'; do
		run or-abi selector "$sig"
		assert_failure 1
		assert_output --regexp 'abi\.bad_(type|signature)'
	done
	deep=$(printf 'uint8%.0s' ; for i in $(seq 40); do printf '[]'; done)
	run or-abi selector "f(uint8$deep)"
	assert_output --partial abi.bad_type
	run or-abi selector 'f(uint a,int b)'
	[ "$(sfield "$output" signature)" = 'f(uint256,int256)' ]
	run or-abi selector 'f(uint8 a,uint8 a)'
	assert_output --partial abi.bad_signature
	run or-abi selector "f($(printf 'uint8,%.0s' $(seq 1024))uint8)"
	assert_output --partial 'more than 1024 components'
}

@test "strict decoding: each defect is a precise error" {
	w0=0000000000000000000000000000000000000000000000000000000000000000
	w1=0000000000000000000000000000000000000000000000000000000000000001
	w20=0000000000000000000000000000000000000000000000000000000000000020
	ok() { or-abi decode -q --output "$1" "$2" | jq -r '.error.code // "ok"'; }
	rpad() { printf '%s' "$1"; printf '0%.0s' $(seq $((64 - ${#1}))); }
	ab=$(rpad ab)
	[ "$(ok '(uint8)' 0x$w1)" = ok ]
	[ "$(ok '(uint8)' 0x00000000000000000000000000000000000000000000000000000000000001ff)" = abi.dirty_bits ]
	[ "$(ok '(int8)' 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80)" = ok ]
	[ "$(ok '(int8)' 0x0fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80)" = abi.dirty_bits ]
	[ "$(ok '(int8)' 0x0000000000000000000000000000000000000000000000000000000000000080)" = abi.dirty_bits ]
	[ "$(ok '(bool)' 0x0000000000000000000000000000000000000000000000000000000000000002)" = abi.dirty_bits ]
	[ "$(ok '(address)' 0x010000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266)" = abi.dirty_bits ]
	[ "$(ok '(bytes2)' 0xabcd000000000000000000000000000000000000000000000000000000000001)" = abi.bad_padding ]
	[ "$(ok '(bytes)' 0x$w20$w1${ab%0}1)" = abi.bad_padding ]
	[ "$(ok '(bytes)' 0x$w20$w1$ab)" = ok ]
	[ "$(ok '(bytes)' 0x$w20${w1}ab)" = abi.short_data ]
	[ "$(ok '(bytes)' 0x${w20}ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff)" = abi.bad_length ]
	[ "$(ok '(bytes)' 0x${w20}00000000000000000000000000000000000000000000000000000000ffffffff)" = abi.bad_length ]
	[ "$(ok '(uint8[])' 0x${w20}000000000000000000000000000000000000000000000000000000007fffffff)" = abi.bad_length ]
	[ "$(ok '(bytes)' 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff$w0)" = abi.bad_offset ]
	[ "$(ok '(bytes)' 0x0000000000000000000000000000000000000000000000000000000000000040$w0$w0)" = abi.bad_offset ]
	[ "$(ok '(uint8)' 0x$w1$w0)" = abi.trailing_data ]
	[ "$(ok '(uint8)' 0x${w1}00)" = abi.trailing_data ]
	[ "$(ok '(uint8,uint8)' 0x$w1)" = abi.short_data ]
	[ "$(ok '()' 0x)" = ok ]
	run or-abi decode --output '(string)' 0x$w20$w1$(rpad ff)
	assert_output --partial '"decoded":{"0":"�"}'
}

@test "a hostile length prefix allocates nothing large" {
	# a 96-byte input claiming 2^32-1 array elements of a big static type
	data=0x0000000000000000000000000000000000000000000000000000000000000020$(printf 'f%.0s' $(seq 8))$(printf '0%.0s' $(seq 56))
	run /usr/bin/time -f 'maxrss %M' or-abi decode -q --output '(uint256[100][])' "$data"
	assert_failure 1
	assert_output --partial abi.bad_length
	# ASan reserves its own shadow memory: the bound applies to release
	case $OR_BUILD in */san) return 0 ;; esac
	kib=$(printf '%s\n' "$output" | sed -n 's/^maxrss //p')
	[ "$kib" -lt 20000 ]
}

@test "cast cross-check: random types and values, encode and decode" {
	n=200
	[ "${OR_CHECK_LONG:-0}" = 1 ] && n=2000
	run sh "$OR_TOP/tests/or-abi/crosscheck.sh" 1 "$n" "$BATS_TEST_TMPDIR"
	echo "$output"
	assert_success
	assert_output --partial "$n cases equal to cast"
}

@test "malformed corpus: truncations, bit flips, bad words, trailing bytes" {
	"$OR_BUILD/helpers/abi-gen" 11 300 "$BATS_TEST_TMPDIR"
	or-abi encode < "$BATS_TEST_TMPDIR/records.jsonl" | jq -r '[.sig, .data] | @tsv' |
	    "$OR_BUILD/helpers/abi-mutate" 5 > "$BATS_TEST_TMPDIR/mut.jsonl"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/mut.jsonl")" -ge 900 ]
	run sh -c "or-abi decode -q < '$BATS_TEST_TMPDIR/mut.jsonl' > '$BATS_TEST_TMPDIR/out.jsonl' 2> '$BATS_TEST_TMPDIR/err'"
	[ "$status" -eq 1 ]
	[ ! -s "$BATS_TEST_TMPDIR/err" ] || { cat "$BATS_TEST_TMPDIR/err"; false; }
	[ "$(wc -l < "$BATS_TEST_TMPDIR/out.jsonl")" -eq "$(wc -l < "$BATS_TEST_TMPDIR/mut.jsonl")" ]
	# truncations and trailing bytes always fail, with a decoding code
	bad=$(jq -c 'select((.mut == "trunc" or .mut == "tail") and ((.error.code // "") | test("^abi\\.(short_data|bad_length|bad_offset|trailing_data|bad_padding|dirty_bits)$") | not))' "$BATS_TEST_TMPDIR/out.jsonl")
	[ -z "$bad" ] || { echo "$bad" | head -n 3; false; }
	# most flips are caught; whatever passes decodes to something
	[ "$(jq -c 'select(.mut == "flip" and .error != null)' "$BATS_TEST_TMPDIR/out.jsonl" | wc -l)" -ge 100 ]
	[ -z "$(jq -c 'select(.error == null and .decoded == null)' "$BATS_TEST_TMPDIR/out.jsonl")" ]
}

@test "filter model: fields kept, data replaced in place, error records passed" {
	run sh -c 'printf "%s\n" "{\"to\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\",\"data\":\"0x00\",\"sig\":\"buy()\",\"value\":\"1\"}" "{\"error\":{\"code\":\"x.y\",\"message\":\"m\",\"tool\":\"t\"}}" "" "[1]" | or-abi encode -q'
	assert_failure 1
	assert_line --index 0 '{"to":"0x5fbdb2315678afecb367f032d93f642f64180aa3","data":"0xa6f2ae3a","sig":"buy()","value":"1"}'
	assert_line --index 1 '{"error":{"code":"x.y","message":"m","tool":"t"}}'
	assert_line --index 2 --partial '"code":"json.not_object"'
	run sh -c 'echo "{\"args\":[]}" | or-abi encode -q'
	assert_output --partial abi.missing_field
}

@test "--fail-fast, /dev/full, closed stdout and head -n 1" {
	run sh -c 'printf "%s\n" "{\"sig\":\"f(uint8)\",\"args\":[999]}" "{\"sig\":\"buy()\"}" | or-abi encode -q --fail-fast'
	assert_failure 1
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
	run sh -c 'or-abi encode "buy()" > /dev/full'
	assert_failure 3
	assert_output --partial "write error on 'stdout'"
	run sh -c 'or-abi encode "buy()" >&-'
	assert_failure 3
	run sh -c 'yes "{\"sig\":\"buy()\"}" | head -n 200000 | or-abi encode | head -n 1'
	assert_success
	assert_output '{"sig":"buy()","data":"0xa6f2ae3a"}'
}

@test "usage errors exit 2 and print the synopsis" {
	run or-abi
	assert_failure 2
	run or-abi frobnicate
	assert_failure 2
	assert_line --index 0 "or-abi: error: unknown verb 'frobnicate'"
	run or-abi encode --frob 'f()'
	assert_failure 2
	assert_line --index 0 "or-abi: error: unknown option or missing value: '--frob'"
	run or-abi decode --output
	assert_failure 2
	assert_line --index 0 "or-abi: error: unknown option or missing value: '--output'"
	assert_output --partial 'usage: or-abi encode'
	run or-abi encode --log 'f()'
	assert_failure 2
	run or-abi decode --packed 0x
	assert_failure 2
	run or-abi create-address 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266
	assert_failure 2
	run or-abi --version
	assert_output 'or-abi 0.1.0'
	# --abi files are read first: unreadable is 3, invalid is 2
	run or-abi encode --abi /nonexistent/abi.json f
	assert_failure 3
	assert_output --partial "cannot open '/nonexistent/abi.json'"
	echo '[{"type":"function","name":"f","inputs":[{"type":"uint7"}]}]' > "$BATS_TEST_TMPDIR/bad.json"
	run or-abi encode --abi "$BATS_TEST_TMPDIR/bad.json" f
	assert_failure 2
	assert_output --partial "unknown type 'uint7'"
	# named by a record, the same file is an in-band error
	run sh -c "echo '{\"abi\":\"$BATS_TEST_TMPDIR/bad.json\",\"function\":\"f\"}' | or-abi encode -q"
	assert_failure 1
	assert_output --partial '"code":"abi.bad_abi"'
}

@test "encode | decode: a pipeline round trip of the calldata vectors" {
	run sh -c "$(declare -f vector_records); TAB='$TAB'; VECTORS='$VECTORS'; vector_records | or-abi encode | or-abi decode"
	assert_success
	bad=$(printf '%s\n' "$output" | jq -c 'select(.decodedSig != .sig or .data != .expect)')
	[ -z "$bad" ] || { echo "$bad"; false; }
	[ "$(printf '%s\n' "$output" | jq -c '.decoded' | sed -n 2p)" = '{"0":"0","1":"0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0","2":"0xb1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1","3":"-2400000","4":"5","5":"0x0000000000000000000000000000000000000000"}' ]
	run or-abi decode --error 'LockActive()' 0x591ab7ed
	assert_failure 1
	assert_output --partial abi.selector_mismatch
}

@test "--help and the man page agree" {
	run sh "$OR_TOP/scripts/help-parity" or-abi
	assert_success
}

@test "every offline EXAMPLES block of the man page runs (the artifact ones too)" {
	# literal blocks of EXAMPLES, with mdoc's \e turned back into \
	awk '/^\.Sh EXAMPLES/ { on = 1 } /^\.Sh SEE ALSO/ { on = 0 }
	    on && /^\.Bd -literal/ { n++; lit = 1; next } /^\.Ed/ { lit = 0 }
	    on && lit { f = sprintf("%s/ex%02d", dir, n); print > f }' \
	    dir="$BATS_TEST_TMPDIR" "$OR_TOP/man/or-abi.1"
	ran=0 skipped=0
	for f in "$BATS_TEST_TMPDIR"/ex*; do
		sed -i 's/\\e/\\/g' "$f"
		# pipelines through or-sign/or-rpc need a devnet: or-abi-chain.bats
		if grep -q -e or-sign -e or-rpc "$f"; then
			skipped=$((skipped + 1))
			continue
		fi
		# artifact paths are relative to the checkout
		run sh -ec "cd '$OR_TOP' && . '$f'"
		[ "$status" -eq 0 ] || { cat "$f"; echo "$output"; false; }
		[ -n "$output" ]
		if printf '%s\n' "$output" | grep -q '"error"'; then cat "$f"; echo "$output"; false; fi
		ran=$((ran + 1))
	done
	[ "$ran" -ge 14 ]
	[ "$skipped" -eq 2 ]
}

@test "injected write, close, read and malloc failures exit 3 with a message" {
	line=$(grep '^createProject(' "$VECTORS/calldata.tsv")
	printf '{"sig":"%s","args":%s}\n' "$(printf '%s\n' "$line" | cut -f1)" "$(printf '%s\n' "$line" | cut -f2)" > "$BATS_TEST_TMPDIR/in"
	for fault in write:1:ENOSPC write:1:EIO close:1:EIO read:0:EIO; do
		run inject $fault or-abi encode < "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
		assert_output --regexp "or-abi: error: (write|read) error on '(stdout|stdin)'"
	done
	# ASan owns malloc: the allocation faults run on the plain build only
	[ "${OR_SAN:-}" != 1 ] || return 0
	data=$(or-abi encode < "$BATS_TEST_TMPDIR/in" | jq -r .data)
	sig=$(printf '%s\n' "$line" | cut -f1)
	# every allocation failure point: a clean exit 3 (or success), never a crash
	for n in $(seq 0 120); do
		inject malloc:$n or-abi encode < "$BATS_TEST_TMPDIR/in" >/dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|3) ;; *) echo "encode malloc:$n: status $rc"; return 1 ;; esac
		inject malloc:$n or-abi encode '(uint8,string[])' 1 '["a","b"]' >/dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|3) ;; *) echo "encode operands malloc:$n: status $rc"; return 1 ;; esac
		inject malloc:$n or-abi decode "$sig" "$data" >/dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|3) ;; *) echo "decode malloc:$n: status $rc"; return 1 ;; esac
	done
}

@test "to-wei and from-wei convert any unit exactly, as cast to-wei, from-wei and to-unit" {
	# cast pads from-wei to the unit's decimals: compare the minimal form
	minimal() { sed -e '/\./s/0*$//' -e 's/\.$//'; }
	for unit in wei kwei mwei gwei szabo twei finney pwei ether eth 6; do
		for amount in 0 1 1.5 0.001 123456789 0.000001 115792089237; do
			theirs=$(cast to-wei "$amount" "$unit" 2>/dev/null) || continue
			# cast truncates a fraction below one wei; or-abi refuses it
			ours=$(or-abi -q to-wei "$amount" "$unit" | jq -r '.wei // "refused"')
			if [ "$ours" = refused ]; then
				[ "$(cast from-wei "$theirs" "$unit" | minimal)" != "$amount" ] || { echo "refused $amount $unit"; return 1; }
				continue
			fi
			[ "$ours" = "$theirs" ] || { echo "to-wei $amount $unit: $ours != $theirs"; return 1; }
		done
		for wei in 0 1 999 1000000000 1500000000000000000 115792089237316195423570985008687907853269984665640564039457584007913129639935; do
			ours=$(or-abi from-wei "$wei" "$unit" | jq -r .amount)
			[ "$ours" = "$(cast from-wei "$wei" "$unit" | minimal)" ] || { echo "from-wei $wei $unit: $ours"; return 1; }
			# a wei amount with a unit, as cast to-unit reads it
			ours=$(or-abi from-wei 1.5gwei "$unit" | jq -r .amount)
			[ "$ours" = "$(cast to-unit 1.5gwei "$unit" | minimal)" ] || { echo "to-unit 1.5gwei $unit: $ours"; return 1; }
		done
	done
	run or-abi to-wei 1.5gwei
	assert_output '{"amount":"1.5gwei","wei":"1500000000"}'
	run or-abi from-wei 1500000000000000000
	assert_output '{"wei":"1500000000000000000","amount":"1.5"}'
	# records: the unit from the record, else --unit, else ether; a round trip
	run sh -c 'printf "%s\n" "{\"amount\":\"2\"}" "{\"amount\":\"2\",\"unit\":\"ether\"}" "{\"amount\":7,\"unit\":6}" | or-abi to-wei --unit gwei | or-abi from-wei | jq -c "[.wei, .amount]"'
	assert_success
	assert_output - <<'OUT'
["2000000000","0.000000002"]
["2000000000000000000","2"]
["7000000","7"]
OUT
	# exact or refused, and what is wrong is named
	run or-abi to-wei 0.0000000000000000001
	assert_failure 1
	assert_output --partial '"code":"abi.bad_amount","message":"'"'"'amount'"'"' 0.0000000000000000001 is not an exact amount of wei'
	run or-abi to-wei 1 furlong
	assert_output --partial '"code":"abi.bad_unit"'
	run or-abi to-wei 1.5gwei wei
	assert_output --partial 'has a unit suffix and a unit is given too'
	# a sign or a word that is no unit is not an amount, whatever the unit
	run or-abi to-wei -- -1 wei
	assert_failure 1
	assert_output --partial "'amount' -1 is not a decimal with an optional unit"
	run or-abi to-wei 2furlongs
	assert_output --partial "'amount' 2furlongs is not a decimal with an optional unit"
	run or-abi from-wei 115792089237316195423570985008687907853269984665640564039457584007913129639936
	assert_output --partial '"code":"abi.bad_amount"'
	run sh -c 'echo "{}" | or-abi to-wei'
	assert_output --partial "record has no 'amount'"
	run or-abi to-wei --unit furlong 1
	assert_failure 2
	run or-abi encode --unit gwei 'f()'
	assert_failure 2
}

@test "a terminal on stdin: usage naming what a verb needs, exit 2; operands still answer" {
	for case in 'encode:SIGNATURE [ARG ...]' 'decode:[SIGNATURE] DATA' "decode --log 'Ping(uint256)':DATA" 'selector:SIGNATURE' 'create-address:ADDRESS NONCE' 'create2-address:DEPLOYER SALT INIT_CODE' 'to-wei:AMOUNT [UNIT]' 'from-wei:WEI [UNIT]'; do
		cmd=${case%%:*} need=${case#*:}
		run timeout 10 script -qec "or-abi $cmd" /dev/null
		assert_failure 2
		assert_output --partial "or-abi: error: ${cmd%% *}: give $need, or pipe JSON lines"
	done
	run timeout 10 script -qec "or-abi to-wei 1 gwei" /dev/null
	assert_success
	assert_output --partial '"wei":"1000000000"'
	run timeout 10 script -qec "or-abi selector 'f()'" /dev/null
	assert_success
}
