#!/usr/bin/env bats
# or-sign: keystores (vectors, cast round trip), transaction signing equal
# to cast mktx byte for byte, EIP-191/EIP-712 equal to cast wallet sign,
# recover, decode, bad input and the filter contract.
load helpers
bats_require_minimum_version 1.5.0

KS=$VECTORS/keystore
# anvil's first test account: a public, throwaway key
ANVIL_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
ANVIL_ADDR=0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266
BOB=0x70997970c51812dc3a010c7d01b50e0d17dc79c8

setup() {
	T=$BATS_TEST_TMPDIR
	printf '%s\n' "$ANVIL_KEY" > "$T/key"
	chmod 600 "$T/key"
	# cast must never reach a node: these tests are offline
	export ETH_RPC_URL=http://127.0.0.1:1
	unset ETH_KEYSTORE ETH_FROM ETH_PASSWORD
}

# expected.json entries as "file passwordFile address" lines
vectors() {
	jq -r '.keystores[] | "\(.file) \(.passwordFile) \(.address)"' \
	    "$KS/expected.json"
}

@test "help, version and man page agree" {
	run or-sign --help
	assert_success
	assert_line --index 0 'usage: or-sign tx [options]'
	run or-sign --version
	assert_output 'or-sign 0.1.0'
	run sh "$OR_TOP/scripts/help-parity" or-sign
	assert_success
}

@test "usage errors exit 2 before reading input" {
	run or-sign
	assert_failure 2
	run or-sign frobnicate
	assert_failure 2
	assert_line --index 0 "or-sign: error: unknown verb 'frobnicate'"
	run or-sign tx --bogus
	assert_failure 2
	run or-sign recover 0x00
	assert_failure 2
	run or-sign tx --hash-only
	assert_failure 2
	run or-sign tx --keystore "$KS" </dev/null
	assert_failure 2
	assert_output --partial 'select the key with --from or ETH_FROM'
	run or-sign tx --keystore "$KS" --from 0x1234 </dev/null
	assert_failure 2
	run or-sign tx --keystore "$T/nonexistent" </dev/null
	assert_failure 3
}

@test "at a terminal, verbs that read records say what they need (exit 2)" {
	command -v script || skip "script(1) is not installed"
	while IFS='|' read -r verb need; do
		# a terminal on stdin; timeout: a verb that waited would hang here
		run timeout 10 script -qec "or-sign $verb --private-key-file '$T/key'; echo rc=\$?" /dev/null
		assert_output --partial "or-sign: error: $need"
		assert_output --partial 'usage: or-sign tx [options]'
		assert_output --partial 'rc=2'
	done <<-'EOF'
	tx|tx: pipe transaction records as JSON lines (as or-rpc fill writes them)
	message|message: give TEXT, or pipe JSON lines
	typed|typed: give JSON (typed data), or pipe JSON lines
	recover|recover: give MESSAGE SIGNATURE, or pipe JSON lines
	decode|decode: give RAW (a signed transaction), or pipe JSON lines
	EOF
	# operands, or a pipe, need no terminal rule
	run timeout 10 script -qec "or-sign message --hash-only hello; echo rc=\$?" /dev/null
	assert_output --partial '"hash":"0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750"'
	assert_output --partial 'rc=0'
	run timeout 10 script -qec "echo '{\"message\":\"hello\"}' | or-sign message --hash-only; echo rc=\$?" /dev/null
	assert_output --partial 'rc=0'
	# address reads no records: it answers at a terminal
	run timeout 10 script -qec "or-sign address --private-key-file '$T/key'; echo rc=\$?" /dev/null
	assert_output --partial "\"address\":\"$ANVIL_ADDR\""
}

@test "a typo'd verb exits 2 and names the nearest verb" {
	for pair in mesage:message decod:decode recovr:recover adress:address \
	    TX:tx typd:typed lst:list; do
		run --separate-stderr or-sign "${pair%%:*}" </dev/null
		assert_failure 2
		[ "${stderr_lines[0]}" = "or-sign: error: unknown verb '${pair%%:*}'" ]
		[ "${stderr_lines[1]}" = "or-sign: hint: did you mean '${pair#*:}'?" ] ||
		    { echo "$pair: $stderr"; return 1; }
		[ -z "$output" ]
	done
	# nothing near: no hint, still the synopsis
	run --separate-stderr or-sign frobnicate </dev/null
	assert_failure 2
	[[ $stderr != *"did you mean"* ]]
	[[ $stderr == *"usage: or-sign tx [options]"* ]]
}

@test "the binary links no networking library" {
	run ldd "$OR_TOP/bin/or-sign"
	assert_success
	refute_output --partial libcurl
	refute_output --partial libssl.so
}

@test "every keystore vector decrypts to its expected address" {
	vectors > "$T/list"
	[ "$(wc -l < "$T/list")" -ge 4 ]
	while read -r file pw addr; do
		run --separate-stderr or-sign address --keystore "$KS/$file" \
		    --password-file "$KS/$pw"
		assert_success
		[ "$(sfield "$output" address)" = "$addr" ] ||
		    { echo "$file: $output"; return 1; }
		want=$(jq -r --arg f "$file" \
		    '.keystores[] | select(.file == $f) | .addressChecksum' \
		    "$KS/expected.json")
		[ "$(sfield "$output" addressChecksum)" = "$want" ]
	done < "$T/list"
}

@test "a wrong password is keystore.bad_password, exit 1, for every vector" {
	pw=$(jq -r .wrongPassword.password "$KS/expected.json")
	printf '%s' "$pw" > "$T/wrong"
	chmod 600 "$T/wrong"
	vectors > "$T/list"
	while read -r file _ _; do
		run --separate-stderr or-sign address --keystore "$KS/$file" \
		    --password-file "$T/wrong"
		assert_failure 1
		assert_line --index 0 --partial '"code":"keystore.bad_password"'
		refute_line --partial '"address"'
	done < "$T/list"
}

@test "a wrong password fails every record of a stream, decrypting once" {
	printf wrong > "$T/wrong"
	chmod 600 "$T/wrong"
	tx='{"chainId":1,"nonce":0,"gasLimit":21000,"gasPrice":"1","to":"'$BOB'"}'
	run bash -c "printf '%s\n' '$tx' '$tx' '$tx' | or-sign -q tx \
	    --keystore '$KS/light-scrypt-n4096.json' --password-file '$T/wrong'"
	assert_failure 1
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do
		[ "$(printf '%s' "$l" | jq -r .error.code)" = keystore.bad_password ]
	done
}

@test "a keystore stream is decrypted once (geth n=2^18 keystore)" {
	cp "$KS/password-ec554" "$T/pw"
	chmod 600 "$T/pw"
	addr=$(jq -r '.keystores[0].address' "$KS/expected.json")
	awk 'BEGIN { for (i = 0; i < 200; i++)
	    printf "{\"chainId\":1,\"nonce\":%d,\"gasLimit\":21000,\"gasPrice\":\"1\"}\n", i }' \
	    > "$T/txs"
	SECONDS=0
	run env ETH_KEYSTORE="$KS" ETH_FROM="$addr" ETH_PASSWORD="$T/pw" \
	    or-sign tx < "$T/txs"
	assert_success
	# one scrypt takes about a second here; 200 would take minutes
	[ "$SECONDS" -lt 30 ]
	[ "$(printf '%s\n' "$output" | jq -r .from | sort -u)" = "$addr" ]
	[ "${#lines[@]}" -eq 200 ]
}

@test "no password and no terminal: a clear error naming ETH_PASSWORD" {
	run bash -c "or-sign address --keystore '$KS/light-scrypt-n4096.json' \
	    </dev/null 2>&1 | cat"
	assert_output --partial '"code":"keystore.no_password"'
	assert_output --partial 'ETH_PASSWORD'
	run or-sign address --keystore "$KS/light-scrypt-n4096.json"
	assert_failure 1
}

@test "with a terminal the password is asked on /dev/tty, without echo" {
	command -v script || skip "script(1) is not installed"
	pw=$(cat "$KS/password-testpassword")
	# typed after the prompt is up, as a person would
	run bash -c "(sleep 1; printf '%s\n' '$pw') | script -qec \"or-sign address \
	    --keystore '$KS/light-scrypt-n4096.json'\" /dev/null"
	assert_success
	assert_output --partial "Password for keystore '$KS/light-scrypt-n4096.json': "
	assert_output --partial '"address":"0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"'
	refute_output --partial "$pw"
}

@test "ETH_KEYSTORE folder and ETH_FROM select the key; ETH_PASSWORD file" {
	run --separate-stderr env ETH_KEYSTORE="$KS" \
	    ETH_FROM=0x9D8A62F656A8D1615C1294FD71E9CFB3E4855A4F \
	    ETH_PASSWORD="$KS/password-testpassword" or-sign -q address
	assert_success
	[ "$(sfield "$output" address)" = 0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f ]
	run env ETH_KEYSTORE="$KS" ETH_FROM=$BOB \
	    ETH_PASSWORD="$KS/password-testpassword" or-sign -q address
	assert_failure 1
	assert_output --partial '"code":"keystore.not_found"'
	# a keystore file holding another address than --from
	run or-sign -q address --keystore "$KS/light-scrypt-n4096.json" \
	    --from $BOB --password-file "$KS/password-testpassword"
	assert_failure 1
	assert_output --partial '"code":"sign.from_mismatch"'
	run or-sign -q address --private-key-file "$T/key" --from $BOB
	assert_failure 1
	assert_output --partial '"code":"sign.from_mismatch"'
	run env ETH_FROM=$ANVIL_ADDR or-sign -q address --private-key-file "$T/key"
	assert_success
}

@test "an explicit key option beats ETH_FROM; ETH_KEYSTORE may be a file" {
	cp "$KS/password-testpassword" "$T/pw"
	chmod 600 "$T/pw"
	light=0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f
	# --keystore FILE and --private-key-file are not overridden by ETH_FROM
	run env ETH_FROM=$BOB or-sign address --keystore "$KS/light-scrypt-n4096.json" \
	    --password-file "$T/pw"
	assert_success
	[ "$(sfield "$output" address)" = $light ]
	run env ETH_FROM=nope or-sign address --private-key-file "$T/key"
	assert_success
	[ "$(sfield "$output" address)" = $ANVIL_ADDR ]
	# a transaction signed that way carries the key's from
	run env ETH_FROM=$BOB or-sign tx --private-key-file "$T/key" \
	    <<<'{"chainId":1,"nonce":0,"gasLimit":21000,"gasPrice":"1"}'
	assert_success
	[ "$(sfield "$output" from)" = $ANVIL_ADDR ]
	# ETH_KEYSTORE naming one file, as cast reads it: both tools agree
	mkdir "$T/ks"
	cp "$KS/light-scrypt-n4096.json" "$T/ks/light.json"
	or-sign import --keystore "$T/ks" --password-file "$T/pw" "$T/key" >/dev/null
	export ETH_KEYSTORE=$T/ks/light.json ETH_PASSWORD=$T/pw
	run or-sign address
	assert_success
	[ "$(sfield "$output" address)" = $light ]
	[ "$(sfield "$output" path)" = "$T/ks/light.json" ]
	run cast wallet address
	assert_success
	[ "$(printf '%s' "$output" | tr A-F a-f)" = $light ]
	# with ETH_FROM naming another account, its keystore is found in the
	# file's folder: one environment serves every account
	run env ETH_FROM=$ANVIL_ADDR or-sign address
	assert_success
	[ "$(sfield "$output" address)" = $ANVIL_ADDR ]
	[[ $(sfield "$output" path) == "$T/ks/UTC--"*--${ANVIL_ADDR#0x} ]]
	run env ETH_FROM=$BOB or-sign -q address
	assert_failure 1
	[ "$(sfield "$output" error.code)" = keystore.not_found ]
	[[ $(sfield "$output" error.message) == "ETH_KEYSTORE '$T/ks/light.json' holds another key than $BOB: no keystore for '$BOB' in '$T/ks'" ]]
	# the folder form still works
	run env ETH_KEYSTORE="$T/ks" ETH_FROM=$light or-sign address
	assert_success
	[ "$(sfield "$output" address)" = $light ]
}

@test "a keystore without an address field in a folder: the error names the file" {
	cp "$KS/password-testpassword" "$T/pw"
	chmod 600 "$T/pw"
	mkdir "$T/ks"
	jq -c 'del(.address)' "$KS/light-scrypt-n4096.json" > "$T/ks/mykey.json"
	run or-sign -q address --keystore "$T/ks" \
	    --from 0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f --password-file "$T/pw"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = keystore.not_found ]
	[ "$(sfield "$output" error.message)" = "no keystore for '0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f' in '$T/ks'; '$T/ks/mykey.json' has no 'address' field, so it cannot be matched: if it holds this key, pass it with --keystore '$T/ks/mykey.json'" ]
	# doing what it says works
	run or-sign address --keystore "$T/ks/mykey.json" --password-file "$T/pw"
	assert_success
	[ "$(sfield "$output" address)" = 0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f ]
}

@test "a loose password file is warned about" {
	run bash -c "or-sign address --keystore '$KS/light-scrypt-n4096.json' \
	    --password-file '$KS/password-testpassword' 2>&1 >/dev/null"
	assert_output --partial 'readable by group or others'
	run or-sign address --keystore "$KS/light-scrypt-n4096.json" \
	    --password-file /nonexistent/pw
	assert_failure 3
}

@test "import writes a 0600 geth-named keystore that cast reads back" {
	printf 'secret pw\n' > "$T/pw"
	chmod 600 "$T/pw"
	mkdir "$T/ks"
	run bash -c "printf '%s\n' '$ANVIL_KEY' | or-sign import --keystore '$T/ks' --password-file '$T/pw'"
	assert_success
	path=$(sfield "$output" path)
	[ "$(sfield "$output" address)" = $ANVIL_ADDR ]
	[ "$(sfield "$output" addressChecksum)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]
	case $(basename "$path") in
	UTC--????-??-??T??-??-??.?????????Z--f39fd6e51aad88f6f4ce6ab8827279cfffb92266) ;;
	*) echo "bad name $path"; return 1 ;;
	esac
	[ "$(stat -c %a "$path")" = 600 ]
	! grep -qi "${ANVIL_KEY#0x}" "$path"
	run cast wallet address --keystore "$path" --password-file "$T/pw"
	assert_success
	assert_output 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
	jq -e '.crypto.kdfparams | .n == 262144 and .r == 8 and .p == 1' "$path"
	# importing it again is refused
	run or-sign import --keystore "$T/ks" --password-file "$T/pw" "$T/key"
	assert_failure 1
	assert_output --partial '"code":"keystore.exists"'
}

@test "new creates a fresh key; list shows it; passwd changes the password" {
	printf 'one' > "$T/pw1"
	printf 'two\n' > "$T/pw2"
	chmod 600 "$T/pw1" "$T/pw2"
	mkdir "$T/ks"
	run or-sign new --keystore "$T/ks" --password-file "$T/pw1"
	assert_success
	addr=$(sfield "$output" address)
	path=$(sfield "$output" path)
	[ "${#addr}" -eq 42 ]
	run or-sign list --keystore "$T/ks"
	assert_success
	[ "$(sfield "$output" address)" = "$addr" ]
	run or-sign passwd --keystore "$T/ks" --from "$addr" \
	    --password-file "$T/pw1" --new-password-file "$T/pw2"
	assert_success
	[ "$(sfield "$output" path)" = "$path" ]
	[ "$(stat -c %a "$path")" = 600 ]
	run or-sign address --keystore "$path" --password-file "$T/pw1"
	assert_failure 1
	assert_output --partial keystore.bad_password
	run cast wallet address --keystore "$path" --password-file "$T/pw2"
	assert_success
	[ "$(printf '%s' "$output" | tr A-F a-f)" = "$addr" ]
}

@test "transactions equal cast mktx byte for byte (generated corpus)" {
	n=210
	[ "${OR_CHECK_LONG:-0}" = 1 ] && n=1200
	awk -v n=$n -v seed=7 -v json="$T/c.jsonl" -v args="$T/c.args" \
	    -f "$OR_TOP/tests/data/or-sign-corpus.awk"
	or-sign tx --private-key-file "$T/key" < "$T/c.jsonl" > "$T/out"
	jq -r '.raw // "ERROR \(.error.message)"' "$T/out" > "$T/ours"
	# all three types, creations and calls are in the corpus
	for ty in 0x01 0x02 0xf; do grep -q "^$ty" "$T/ours"; done
	grep -q '"to"' "$T/c.jsonl"
	grep -vq '"to"' "$T/c.jsonl"
	set -f
	while read -r a; do
		# shellcheck disable=SC2086
		cast mktx --private-key $ANVIL_KEY $a || echo "CAST FAILED $a"
	done < "$T/c.args" > "$T/theirs"
	set +f
	[ "$(wc -l < "$T/theirs")" -eq $n ]
	diff "$T/ours" "$T/theirs"
	# txHash is keccak256(raw), from the signing key
	r=$(head -n 1 "$T/out")
	[ "$(sfield "$r" txHash)" = "$(cast keccak "$(sfield "$r" raw)")" ]
	[ "$(sfield "$r" from)" = $ANVIL_ADDR ]
}

@test "tx passes fields through, checks from and txHash" {
	in='{"x":[1,{"y":2}],"from":"0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266","to":"'$BOB'","chainId":"0x7a69","nonce":"0x0","gasLimit":21000,"gasPrice":"0x3b9aca00","value":"1000"}'
	run bash -c "printf '%s\n' '$in' | or-sign tx --private-key-file '$T/key'"
	assert_success
	[ "$(printf '%s' "$output" | jq -c '[.x, .from, (keys_unsorted | .[-2:])]')" = \
	    '[[1,{"y":2}],"'$ANVIL_ADDR'",["raw","txHash"]]' ]
	raw=$(sfield "$output" raw)
	[ "$raw" = "$(cast mktx --private-key $ANVIL_KEY --legacy --chain 31337 \
	    --nonce 0 --gas-limit 21000 --gas-price 1000000000 --value 1000 $BOB)" ]
	good=$(sfield "$output" txHash)
	run bash -c "printf '%s\n' '{\"txHash\":\"$good\",${in#\{}' | or-sign tx --private-key-file '$T/key'"
	assert_success
	run bash -c "printf '%s\n' '{\"txHash\":\"0x$(printf '%064d' 0)\",${in#\{}' | or-sign -q tx --private-key-file '$T/key'"
	assert_failure 1
	assert_output --partial '"code":"sign.mismatch"'
}

@test "tx refuses a record filled for another account (sign.from_mismatch)" {
	tx='"to":"'$BOB'","chainId":31337,"nonce":7,"gasLimit":21000,"gasPrice":"1"'
	run --separate-stderr bash -c "printf '%s\n' '{\"from\":\"$BOB\",$tx}' |
	    or-sign tx --private-key-file '$T/key'"
	assert_failure 1
	[ "$(printf '%s' "$output" | jq -r .error.code)" = sign.from_mismatch ]
	# the message names both addresses; nothing was signed
	[ "$(printf '%s' "$output" | jq -r .error.message)" = \
	    "the record's 'from' is $BOB, but the signing key is $ANVIL_ADDR: refusing to sign for another account" ]
	refute_output --partial '"raw"'
	[[ $stderr == *"line 1: the record's 'from' is $BOB"* ]]
	# the same with a keystore
	run or-sign -q tx --keystore "$KS/light-scrypt-n4096.json" \
	    --password-file "$KS/password-testpassword" <<<"{\"from\":\"$ANVIL_ADDR\",$tx}"
	assert_failure 1
	assert_output --partial "the signing key is 0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"
	# a bad from is a bad address, not a silent replacement
	run or-sign -q tx --private-key-file "$T/key" <<<"{\"from\":\"0x1234\",$tx}"
	assert_failure 1
	assert_output --partial '"code":"hex.bad_address"'
	run or-sign -q tx --private-key-file "$T/key" <<<"{\"from\":7,$tx}"
	assert_failure 1
	assert_output --partial '"code":"json.bad_field"'
	# without from the record is signed as before, and from is added
	run or-sign tx --private-key-file "$T/key" <<<"{$tx}"
	assert_success
	[ "$(sfield "$output" from)" = $ANVIL_ADDR ]
	# the matching from, checksummed, signs the same bytes
	raw=$(sfield "$output" raw)
	run or-sign tx --private-key-file "$T/key" \
	    <<<"{\"from\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\",$tx}"
	assert_success
	[ "$(sfield "$output" raw)" = "$raw" ]
	[ "$(sfield "$output" from)" = $ANVIL_ADDR ]
}

@test "wei units in tx records equal cast mktx; a tip above the cap is refused" {
	c="--private-key $ANVIL_KEY --chain 31337 --nonce 4 --gas-limit 21000"
	base='"to":"'$BOB'","chainId":31337,"nonce":4,"gasLimit":21000'
	while IFS='|' read -r fields args; do
		run or-sign tx --private-key-file "$T/key" <<<"{$base,$fields}"
		assert_success
		# shellcheck disable=SC2086
		want=$(cast mktx $c $args $BOB)
		[ "$(sfield "$output" raw)" = "$want" ] ||
		    { echo "$fields: $output vs $want"; return 1; }
	done <<-'EOF'
	"value":"1ether","gasPrice":"1gwei"|--legacy --value 1ether --gas-price 1gwei
	"value":"0.5ether","gasPrice":"1.5gwei"|--legacy --value 0.5ether --gas-price 1.5gwei
	"value":"123wei","gasPrice":"7"|--legacy --value 123 --gas-price 7
	"value":"2finney","maxFeePerGas":"2gwei","maxPriorityFeePerGas":"0.000000001ether"|--value 0.002ether --gas-price 2gwei --priority-gas-price 1gwei
	"type":1,"value":"1ether","gasPrice":"3gwei","accessList":[]|--legacy --value 1ether --gas-price 3gwei --access-list []
	EOF
	# the unit form signs exactly what the wei form signs
	a=$(or-sign tx --private-key-file "$T/key" <<<"{$base,\"value\":\"1.25ether\",\"gasPrice\":\"1gwei\"}" | jq -r .raw)
	b=$(or-sign tx --private-key-file "$T/key" <<<"{$base,\"value\":\"1250000000000000000\",\"gasPrice\":\"1000000000\"}" | jq -r .raw)
	[ "$a" = "$b" ]
	# a unit amount that is not a whole number of wei, or no unit at all
	for bad in '"value":"1.5wei","gasPrice":"1"' '"value":"1","gasPrice":"0.1234567891gwei"' \
	    '"value":"1parsec","gasPrice":"1"' '"value":"-1ether","gasPrice":"1"'; do
		run or-sign -q tx --private-key-file "$T/key" <<<"{$base,$bad}"
		assert_failure 1
		[ "$(sfield "$output" error.code)" = json.bad_field ] || { echo "$bad: $output"; return 1; }
		assert_output --partial "is not a wei amount"
	done
	# tip above the cap: refused with both values, never lowered
	run --separate-stderr or-sign tx --private-key-file "$T/key" \
	    <<<"{$base,\"maxFeePerGas\":\"1gwei\",\"maxPriorityFeePerGas\":\"2gwei\"}"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = sign.priority_above_max ]
	[ "$(sfield "$output" error.message)" = "the tip 'maxPriorityFeePerGas' (2000000000 wei) is above the cap 'maxFeePerGas' (1000000000 wei): raise the cap or lower the tip (it is not lowered silently)" ]
	refute_output --partial '"raw"'
	# equal tip and cap is fine
	run or-sign tx --private-key-file "$T/key" \
	    <<<"{$base,\"maxFeePerGas\":\"1gwei\",\"maxPriorityFeePerGas\":\"1000000000\"}"
	assert_success
}

@test "bad transactions get precise errors and the stream goes on" {
	base='"to":"'$BOB'","nonce":0,"gasLimit":21000'
	printf '%s\n' \
	    '{'"$base"',"gasPrice":"1"}' \
	    '{'"$base"',"chainId":1}' \
	    '{'"$base"',"chainId":1,"gasPrice":"1","maxFeePerGas":"2"}' \
	    '{'"$base"',"chainId":1,"type":3,"gasPrice":"1"}' \
	    '{'"$base"',"chainId":1,"type":0,"gasPrice":"1","accessList":[]}' \
	    '{'"$base"',"chainId":1,"maxFeePerGas":"1","maxPriorityFeePerGas":"2"}' \
	    '{'"$base"',"chainId":1,"gasPrice":"115792089237316195423570985008687907853269984665640564039457584007913129639936"}' \
	    '{'"$base"',"chainId":1,"gasPrice":"0x10000000000000000000000000000000000000000000000000000000000000000"}' \
	    '{'"$base"',"chainId":1,"gasPrice":"1.5"}' \
	    '{'"$base"',"chainId":1,"gasPrice":1e9}' \
	    '{'"$base"',"chainId":1,"gasPrice":"-1"}' \
	    '{'"$base"',"chainId":1,"gasPrice":9007199254740992}' \
	    '{"to":"0x7099","nonce":0,"gasLimit":21000,"chainId":1,"gasPrice":"1"}' \
	    '{"to":"0x70997970C51812dc3a010c7d01b50e0d17dc79c8","nonce":0,"gasLimit":21000,"chainId":1,"gasPrice":"1"}' \
	    '{'"$base"',"chainId":1,"gasPrice":"1","data":"0xabc"}' \
	    '{'"$base"',"chainId":1,"gasPrice":"1","data":"abcd"}' \
	    '{'"$base"',"chainId":1,"gasPrice":"1","data":"0xzz"}' \
	    '{"to":"'$BOB'","nonce":"18446744073709551615","gasLimit":21000,"chainId":1,"gasPrice":"1"}' \
	    '{"to":"'$BOB'","nonce":0,"gasLimit":"18446744073709551616","chainId":1,"gasPrice":"1"}' \
	    '{"to":"'$BOB'","gasLimit":21000,"chainId":1,"gasPrice":"1"}' \
	    '{'"$base"',"chainId":1,"accessList":[{"address":"'$BOB'","storageKeys":["0x01"]}],"gasPrice":"1"}' \
	    '{'"$base"',"chainId":1,"accessList":{},"gasPrice":"1"}' \
	    '{"error":{"code":"abi.bad_address","message":"x","tool":"or-abi"}}' \
	    '[1]' \
	    '{'"$base"',"chainId":1,"gasPrice":"1"}' \
	    > "$T/bad.jsonl"
	run bash -c "or-sign -q tx --private-key-file '$T/key' < '$T/bad.jsonl' | jq -r '.error.code // \"ok\"'"
	assert_success
	assert_output "$(printf '%s\n' sign.no_chain_id sign.missing_field \
	    sign.fee_conflict sign.bad_type sign.fee_conflict \
	    sign.priority_above_max int.too_large int.too_large int.invalid \
	    json.unsafe_integer int.invalid json.unsafe_integer \
	    hex.bad_address hex.bad_checksum hex.odd_length hex.no_prefix \
	    hex.bad_digit json.bad_field json.bad_field sign.missing_field \
	    hex.bad_length sign.bad_access_list abi.bad_address \
	    json.not_object ok)"
	run or-sign -q tx --private-key-file "$T/key" < "$T/bad.jsonl"
	assert_failure 1
	run or-sign -q --fail-fast tx --private-key-file "$T/key" < "$T/bad.jsonl"
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
}

@test "message signatures equal cast wallet sign; recover verifies" {
	for m in hello 0x68656c6c6f 'héllo wörld' '' 0xdeadbeef00 '0X41'; do
		want=$(cast wallet sign --private-key $ANVIL_KEY "$m")
		run or-sign message --private-key-file "$T/key" "$m"
		assert_success
		[ "$(sfield "$output" signature)" = "$want" ] ||
		    { echo "message '$m': $output vs $want"; return 1; }
		[ "$(sfield "$output" signer)" = $ANVIL_ADDR ]
		# argument mode equals the piped record
		piped=$(jq -cn --arg m "$m" '{message:$m}' |
		    or-sign message --private-key-file "$T/key")
		[ "$piped" = "$output" ]
		run bash -c "printf '%s\n' '$output' | jq -c '{message, signature, signer}' | or-sign recover"
		assert_success
		[ "$(sfield "$output" signer)" = $ANVIL_ADDR ]
	done
	run or-sign message --hash-only hello
	assert_success
	assert_output '{"message":"hello","hash":"0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750"}'
	run or-sign -q message --hash-only 0xabc
	assert_failure 1
	assert_output --partial hex.odd_length
	# verify: an expected signer that does not match fails the record
	sig=$(cast wallet sign --private-key $ANVIL_KEY hello)
	run bash -c "printf '%s\n' '{\"message\":\"hello\",\"signature\":\"$sig\",\"signer\":\"$BOB\"}' | or-sign -q recover"
	assert_failure 1
	assert_output --partial sign.mismatch
	# recover from a bare hash, v as 0/1 as well
	h=$(or-sign message --hash-only hello | jq -r .hash)
	run or-sign recover --hash "$h" "$sig"
	assert_success
	[ "$(sfield "$output" signer)" = $ANVIL_ADDR ]
	low=${sig%??}$(printf '%02x' $((0x${sig#${sig%??}} - 27)))
	run or-sign recover "$h" "$low" --hash
	[ "$(sfield "$output" signer)" = $ANVIL_ADDR ]
	run or-sign -q recover --hash "$h" "${sig%??}05"
	assert_failure 1
	assert_output --partial sign.bad_v
}

@test "recover MESSAGE SIGNATURE agrees with cast wallet verify" {
	printf '%s\n' 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d > "$T/key1"
	for m in hello 'héllo wörld' 0xdeadbeef '' "$(printf '%064d' 7)"; do
		for k in "$T/key" "$T/key1"; do
			sig=$(cast wallet sign --private-key "$(cat "$k")" "$m")
			signer=$(cast wallet address --private-key "$(cat "$k")" | tr A-F a-f)
			run or-sign recover "$m" "$sig"
			assert_success
			[ "$(sfield "$output" signer)" = "$signer" ] ||
			    { echo "'$m': $output"; return 1; }
			[ "$(sfield "$output" message)" = "$m" ]
			# cast verifies the same message, signature and signer
			cast wallet verify --address "$signer" "$m" "$sig"
			# argument mode equals the piped record
			piped=$(jq -cn --arg m "$m" --arg s "$sig" \
			    '{message: $m, signature: $s}' | or-sign recover)
			[ "$piped" = "$output" ]
		done
	done
	# another message does not recover the signer (cast refuses it too)
	sig=$(cast wallet sign --private-key "$ANVIL_KEY" hello)
	run or-sign recover hullo "$sig"
	assert_success
	[ "$(sfield "$output" signer)" != $ANVIL_ADDR ]
	run cast wallet verify --address $ANVIL_ADDR hullo "$sig"
	assert_failure
	# --hash reads the operand as the digest; it needs recover's operands
	h=$(or-sign message --hash-only hello | jq -r .hash)
	run or-sign recover --hash "$h" "$sig"
	[ "$(sfield "$output" signer)" = $ANVIL_ADDR ]
	run or-sign recover "$h" "$sig"
	[ "$(sfield "$output" signer)" != $ANVIL_ADDR ]
	run or-sign message --hash hello
	assert_failure 2
	run or-sign recover --hash </dev/null
	assert_failure 2
	run or-sign recover hello
	assert_failure 2
}

typed_mail() {
	cat <<'EOF'
{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],"Person":[{"name":"name","type":"string"},{"name":"wallets","type":"address[]"}],"Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person[]"},{"name":"contents","type":"string"},{"name":"amount","type":"int64"},{"name":"tag","type":"bytes4"},{"name":"blob","type":"bytes"},{"name":"ok","type":"bool"},{"name":"grid","type":"uint8[2][]"}]},"primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},"message":{"from":{"name":"Cow","wallets":["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826","0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]},"to":[{"name":"Bob","wallets":["0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"]}],"contents":"Hello, Bob!","amount":"-12345","tag":"0xdeadbeef","blob":"0x0102","ok":true,"grid":[[1,2],["3","0x4"]]}}
EOF
}

typed_permit() {
	cat <<'EOF'
{"types":{"Permit":[{"name":"owner","type":"address"},{"name":"spender","type":"address"},{"name":"value","type":"uint256"},{"name":"nonce","type":"uint256"},{"name":"deadline","type":"uint256"}]},"primaryType":"Permit","domain":{"name":"Token","version":"1","chainId":31337,"verifyingContract":"0x5fbdb2315678afecb367f032d93f642f64180aa3"},"message":{"owner":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","spender":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","value":"1000000000000000000000","nonce":0,"deadline":"115792089237316195423570985008687907853269984665640564039457584007913129639935"}}
EOF
}

typed_salt() {
	cat <<'EOF'
{"types":{"A":[{"name":"x","type":"bytes32"},{"name":"b","type":"B[]"},{"name":"s","type":"string"},{"name":"i","type":"int256"},{"name":"u","type":"uint"}],"B":[{"name":"y","type":"bool"}]},"primaryType":"A","domain":{"name":"N","chainId":"0x7a69","salt":"0x0000000000000000000000000000000000000000000000000000000000000001"},"message":{"x":"0x0000000000000000000000000000000000000000000000000000000000000002","b":[],"s":"héllo \u0000 z","i":-1,"u":"0x10","extra":5}}
EOF
}

typed_fixed() {
	cat <<'EOF'
{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"}],"Z":[{"name":"a","type":"address[2]"},{"name":"c","type":"C"}],"C":[{"name":"d","type":"bytes"}]},"primaryType":"Z","domain":{"name":"N","chainId":1},"message":{"a":["0x70997970c51812dc3a010c7d01b50e0d17dc79c8","0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"],"c":{"d":"0x"}}}
EOF
}

@test "EIP-712 signatures equal cast wallet sign --data" {
	for f in typed_mail typed_permit typed_salt typed_fixed; do
		d=$($f)
		want=$(cast wallet sign --private-key $ANVIL_KEY --data "$d")
		run or-sign typed --private-key-file "$T/key" "$d"
		assert_success
		[ "$(sfield "$output" signature)" = "$want" ] ||
		    { echo "$f: $output vs $want"; return 1; }
		piped=$(printf '%s\n' "$d" | jq -c '{typedData: .}' |
		    or-sign typed --private-key-file "$T/key")
		[ "$piped" = "$output" ]
		run bash -c "printf '%s\n' '$output' | jq -c '{typedData, signature}' | or-sign recover"
		assert_success
		[ "$(sfield "$output" signer)" = $ANVIL_ADDR ]
	done
	# bad typed data
	for bad in '{"types":{}}' \
	    "$(typed_permit | jq -c '.primaryType = "Nope"')" \
	    "$(typed_permit | jq -c '.types.Permit[0].type = "uint7"')" \
	    "$(typed_permit | jq -c 'del(.message.owner)')" \
	    "$(typed_mail | jq -c '.message.amount = "99999999999999999999"')" \
	    "$(typed_mail | jq -c '.message.tag = "0x0102030405"')" \
	    "$(typed_mail | jq -c '.message.grid = [[1]]')" \
	    "$(typed_mail | jq -c '.types.Mail[7].type = "uint][2][]"')" \
	    "$(typed_mail | jq -c '.types.Mail[7].type = "uint8[x][]"')" \
	    "$(typed_mail | jq -c '.types.Mail[7].type = "[2]"')"; do
		run or-sign -q typed --hash-only "$bad"
		assert_failure 1
		assert_output --regexp '"code":"(eip712|int|hex)\.'
	done
	# a domain type in another order, where wallets disagree, is refused
	for bad in "$(typed_fixed | jq -c '.types.EIP712Domain |= reverse')" \
	    "$(typed_fixed | jq -c '.domain.foo = 1')"; do
		run or-sign -q typed --hash-only "$bad"
		assert_failure 1
		assert_output --partial '"code":"eip712.bad_domain"'
	done
}

@test "decode gives back the fields and the signer; round trip through tx" {
	awk -v n=30 -v seed=11 -v json="$T/c.jsonl" -v args="$T/c.args" \
	    -f "$OR_TOP/tests/data/or-sign-corpus.awk"
	or-sign tx --private-key-file "$T/key" < "$T/c.jsonl" > "$T/signed"
	jq -c '{raw}' "$T/signed" | or-sign decode > "$T/dec"
	[ "$(jq -r .from "$T/dec" | sort -u)" = $ANVIL_ADDR ]
	# the decoded record signs to the same bytes, piped as it is
	or-sign tx --private-key-file "$T/key" < "$T/dec" |
	    jq -r .raw > "$T/again"
	jq -r .raw "$T/signed" | diff - "$T/again"
	diff <(jq -r .txHash "$T/signed") <(jq -r .txHash "$T/dec")
	# the decoded values equal the input values
	jq -c '[.value, (.to // null)]' "$T/signed" | tr -d '"' > "$T/want"
	jq -c '[.value, (.to // null)]' "$T/dec" | tr -d '"' > "$T/got"
	diff "$T/want" "$T/got"
}

@test "decode writes what tx reads: legacy, EIP-2930 and EIP-1559 round trips" {
	al='[{"address":"'$BOB'","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000001"]}]'
	for tx in \
	    '{"to":"'$BOB'","chainId":31337,"nonce":5,"gasLimit":21000,"gasPrice":"1000000000","value":"1000"}' \
	    '{"chainId":1,"nonce":0,"gasLimit":90000,"gasPrice":"7","data":"0x6080604052"}' \
	    '{"type":1,"to":"'$BOB'","chainId":31337,"nonce":1,"gasLimit":30000,"gasPrice":"9","accessList":'"$al"'}' \
	    '{"type":1,"to":"'$BOB'","chainId":31337,"nonce":1,"gasLimit":30000,"gasPrice":"9","accessList":[]}' \
	    '{"to":"'$BOB'","chainId":31337,"nonce":2,"gasLimit":50000,"maxFeePerGas":"2000000000","maxPriorityFeePerGas":"1000000000","data":"0xa9059cbb","accessList":'"$al"'}' \
	    '{"chainId":"18446744073709551","nonce":"18446744073709551614","gasLimit":"18446744073709551615","maxFeePerGas":"3","maxPriorityFeePerGas":"3"}'; do
		raw=$(printf '%s\n' "$tx" | or-sign tx --private-key-file "$T/key" | jq -r .raw)
		# decode RAW | tx with the same key: the same bytes, txHash checked
		run bash -c "or-sign decode '$raw' | or-sign tx --private-key-file '$T/key'"
		assert_success
		[ "$(sfield "$output" raw)" = "$raw" ] || { echo "$tx: $output"; return 1; }
		# the decoded fields agree with cast decode-transaction
		d=$(or-sign decode "$raw")
		c=$(cast decode-transaction "$raw" | jq -r 'fromjson? // .')
		[ "$(sfield "$d" from)" = "$(sfield "$c" signer | tr A-F a-f)" ]
		[ "$(sfield "$d" txHash)" = "$(sfield "$c" hash)" ]
		[ "$(sfield "$d" r)" = "$(sfield "$c" r)" ]
		[ "$(sfield "$d" type)" = "$(($(sfield "$c" type)))" ]
		[ "$(printf '0x%x' "$(sfield "$d" gasLimit)")" = "$(sfield "$c" gas)" ]
		# with another key the decoded record is refused, not re-signed
		printf '%s\n' 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d > "$T/key1"
		run bash -c "or-sign decode '$raw' | or-sign -q tx --private-key-file '$T/key1'"
		assert_failure 1
		[ "$(sfield "$output" error.code)" = sign.from_mismatch ]
	done
	# a record that names a recipient cannot take a creation's fields
	create=$(printf '%s\n' '{"chainId":1,"nonce":0,"gasLimit":90000,"gasPrice":"7"}' |
	    or-sign tx --private-key-file "$T/key" | jq -r .raw)
	run or-sign -q decode <<<'{"raw":"'$create'","to":"'$BOB'"}'
	assert_failure 1
	[ "$(sfield "$output" error.code)" = sign.mismatch ]
}

# a - b of two 64-digit hex numbers (a >= b), digit by digit with borrow
hex_sub() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		h = "0123456789abcdef"; out = ""; borrow = 0
		for (i = 64; i >= 1; i--) {
			d = index(h, substr(a, i, 1)) - index(h, substr(b, i, 1)) - borrow
			borrow = d < 0
			if (borrow) d += 16
			out = substr(h, d + 1, 1) out
		}
		print out }'
}

@test "decode refuses malformed and non-canonical raw transactions" {
	good=$(printf '%s\n' '{"to":"'$BOB'","chainId":1,"nonce":0,"gasLimit":21000,"gasPrice":"1"}' |
	    or-sign tx --private-key-file "$T/key" | jq -r .raw)
	body=${good#0x}
	run or-sign -q decode 0x 0x03c0 "0x${body}00" "0x${body%??}" 0xzz \
	    0xc0 "0x02$body"
	assert_failure 1
	[ "$(printf '%s\n' "$output" | jq -r .error.code | tr '\n' ' ')" = \
	    "tx.bad_type tx.bad_type rlp.trailing_bytes rlp.truncated hex.bad_digit tx.bad_fields tx.bad_fields " ]
	# a nonce 0 written as 0x00 instead of the empty string
	nc=$(printf '%s' "$body" | sed 's/^f8\(..\)80/f8\100/')
	run or-sign -q decode "0x$nc"
	assert_output --partial rlp.non_canonical
	# high-s form of the same signature
	s=$(or-sign decode "$good" | jq -r .s)
	hs=$(hex_sub fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141 "${s#0x}")
	bad=$(printf '%s' "$body" | sed "s/${s#0x}\$/$hs/")
	run or-sign -q decode "0x$bad"
	assert_failure 1
	assert_output --partial secp.high_s
}

@test "stdout contract: /dev/full, closed stdout, head -n 1" {
	tx='{"chainId":1,"nonce":0,"gasLimit":21000,"gasPrice":"1","to":"'$BOB'"}'
	run bash -c "printf '%s\n' '$tx' | or-sign tx --private-key-file '$T/key' > /dev/full"
	assert_failure 3
	assert_output --partial "write error on 'stdout'"
	run bash -c "printf '%s\n' '$tx' | or-sign tx --private-key-file '$T/key' >&-"
	assert_failure 3
	run bash -c "yes '$tx' | head -n 5000 | or-sign tx --private-key-file '$T/key' | head -n 1 | jq -r .from"
	assert_success
	assert_output $ANVIL_ADDR
}

@test "private keys and passwords never reach stdout or stderr" {
	printf 'hunter2-pw' > "$T/pw"
	chmod 600 "$T/pw"
	mkdir "$T/ks"
	run bash -c "or-sign import --keystore '$T/ks' --password-file '$T/pw' '$T/key' 2>&1"
	assert_success
	refute_output --partial "${ANVIL_KEY#0x}"
	refute_output --partial hunter2
	run bash -c "printf '%s\n' '{\"chainId\":1,\"nonce\":0,\"gasLimit\":1,\"gasPrice\":\"1\"}' |
	    or-sign tx --keystore '$T/ks' --from $ANVIL_ADDR --password-file '$T/pw' 2>&1"
	assert_success
	refute_output --partial "${ANVIL_KEY#0x}"
	refute_output --partial hunter2
	printf 'not a key\n' > "$T/badkey"
	run or-sign -q tx --private-key-file "$T/badkey" <<<'{"chainId":1,"nonce":0,"gasLimit":1,"gasPrice":"1"}'
	assert_failure 1
	assert_output --partial sign.bad_private_key
	refute_output --partial 'not a key'
}

# The literal blocks of the man page's EXAMPLES, block $1 (1-based), with
# the mdoc escapes undone.
man_example() {
	awk -v want="$1" '/^\.Sh EXAMPLES/ { ex = 1 } /^\.Sh SEE/ { ex = 0 }
	    ex && /^\.Bd -literal/ { k++; on = (k == want); next }
	    /^\.Ed/ { on = 0 } on' "$OR_TOP/man/or-sign.1" | sed 's/\\e/\\/g'
}

@test "the offline EXAMPLES of the man page run, keys only in files" {
	cd "$T"
	printf 'example pw\n' > pw
	printf 'example pw2\n' > pw2
	cp key key.txt
	chmod 600 pw pw2 key.txt
	for k in 1 2 3 4; do man_example $k; done > ex.sh
	# no key and no password on any command line of the examples
	! grep -qi "${ANVIL_KEY#0x}" ex.sh
	! grep -q 'example pw' ex.sh
	! grep -q -- '--private-key' ex.sh
	run --separate-stderr sh -e ex.sh
	assert_success
	# new, list, (tx round trip: cmp is silent), recover, import, passwd
	[ "${#lines[@]}" -eq 5 ] || { printf '%s\n' "$output"; return 1; }
	addr=$(sfield "${lines[0]}" address)
	[ "$(sfield "${lines[1]}" address)" = "$addr" ]
	[ "${lines[2]}" = "$addr" ]
	[ "$(sfield "${lines[3]}" address)" = $ANVIL_ADDR ]
	[ "$(sfield "${lines[4]}" address)" = $ANVIL_ADDR ]
	# the transfer is what it says, signed by the new key
	run or-sign decode "$(cat raw.txt)"
	[ "$(sfield "$output" value)" = 500000000000000000 ]
	[ "$(sfield "$output" maxFeePerGas)" = 2000000000 ]
	[ "$(sfield "$output" from)" = "$addr" ]
	# passwd took effect
	run or-sign address --keystore ks2 --from $ANVIL_ADDR --password-file pw2
	assert_success
	# the devnet block is run by or-sign-devnet.bats
	man_example 5 | grep -q 'scripts/devnet env'
	[ -z "$(man_example 6)" ]
}

# Mutate the hex digits of the lines of file $1 at random (awk, seeded).
mutate_hex() {
	awk -v seed="$2" 'BEGIN { srand(seed); h = "0123456789abcdef" }
	{ for (k = 0; k < 20; k++) {
		s = $0; n = 1 + int(rand() * 3)
		for (j = 0; j < n; j++) {
			p = 3 + int(rand() * (length(s) - 2)); r = rand()
			c = substr(h, 1 + int(rand() * 16), 1)
			if (r < 0.5) s = substr(s, 1, p - 1) c substr(s, p + 1)
			else if (r < 0.75) s = substr(s, 1, p - 1) substr(s, p + 1)
			else s = substr(s, 1, p - 1) c substr(s, p)
		}
		print s } }' "$1"
}

@test "mutated raw transactions never crash decode (one record each)" {
	awk -v n=60 -v seed=5 -v json="$T/c.jsonl" -v args="$T/c.args" \
	    -f "$OR_TOP/tests/data/or-sign-corpus.awk"
	or-sign tx --private-key-file "$T/key" < "$T/c.jsonl" | jq -r .raw > "$T/raws"
	mutate_hex "$T/raws" 9 | jq -Rc '{raw: .}' > "$T/mut.jsonl"
	run bash -c "or-sign -q decode < '$T/mut.jsonl' | jq -r '.error.code // \"ok\"' | sort | uniq -c"
	assert_success
	[ "$(or-sign -q decode < "$T/mut.jsonl" | wc -l)" -eq 1200 ]
	assert_output --partial rlp.
	assert_output --partial ok
}

@test "injected write, close, read and malloc failures exit 3, never crash" {
	tx='{"chainId":1,"nonce":0,"gasLimit":21000,"gasPrice":"1","to":"'$BOB'","accessList":[{"address":"'$BOB'","storageKeys":[]}]}'
	printf '%s\n' "$tx" > "$T/tx"
	for fault in write:1:ENOSPC write:1:EIO close:1:EIO read:0:EIO; do
		run inject $fault or-sign tx --private-key-file "$T/key" < "$T/tx"
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
		assert_output --regexp "or-sign: error: (write|read) error on '(stdout|stdin)'"
	done
	# ASan owns malloc: the allocation faults run on the plain build only
	[ "${OR_SAN:-}" != 1 ] || return 0
	or-sign tx --private-key-file "$T/key" < "$T/tx" | jq -c '{raw}' > "$T/raw"
	or-sign message --private-key-file "$T/key" hi > "$T/sig"
	jq -c '{message}' "$T/sig" > "$T/msg"
	typed_mail | jq -c '{typedData: .}' > "$T/typed"
	cp "$KS/password-testpassword" "$T/pw"
	chmod 600 "$T/pw"
	for job in "tx $T/tx" "decode $T/raw" "message $T/msg" "typed $T/typed" \
	    "recover $T/sig"; do
		set -- $job
		for n in $(seq 0 3 160); do
			inject malloc:$n or-sign "$1" --private-key-file "$T/key" \
			    < "$2" >/dev/null 2>&1 && rc=0 || rc=$?
			case $rc in 0|3) ;; *) echo "$1 malloc:$n: status $rc"; return 1 ;; esac
		done
	done
	for ks in light-scrypt-n4096.json pbkdf2-c262144.json; do
		for n in $(seq 0 8 200); do
			inject malloc:$n or-sign address --keystore "$KS/$ks" \
			    --password-file "$T/pw" >/dev/null 2>&1 && rc=0 || rc=$?
			case $rc in 0|3) ;; *) echo "$ks malloc:$n: status $rc"; return 1 ;; esac
		done
	done
}

@test "a hostile scrypt keystore is keystore.kdf_limit, status 1, before allocating" {
	printf 'pw' > "$T/pw"
	lim='ulimit -v 2000000;'
	[ "${OR_SAN:-}" != 1 ] || lim=
	checked=0
	for nrp in 2:1048576:64 2:4194304:64 1048576:8:1 65536:8:64; do
		IFS=: read -r n r p <<-END
		$nrp
		END
		jq -c --argjson n "$n" --argjson r "$r" --argjson p "$p" \
		    '.crypto.kdfparams += {n: $n, r: $r, p: $p}' \
		    "$KS/light-scrypt-n4096.json" > "$T/hostile.json"
		# 2 GB of address space: allocating what these ask for fails
		# (ASan reserves more than that for itself: no limit there)
		run --separate-stderr bash -c "$lim or-sign address \
		    --keystore '$T/hostile.json' --password-file '$T/pw'"
		[ "$status" -eq 1 ] || { echo "n=$n r=$r p=$p: status $status"; return 1; }
		printf '%s' "$output" | jq -e '.error.code == "keystore.kdf_limit"' >/dev/null
		checked=$((checked + 1))
	done
	[ "$checked" -eq 4 ]
}
