#!/usr/bin/env bats
# or-put0g on 0G Storage without the public network (storage-0g.md 11):
# the project's test Flow and market contracts on anvil (scripts/devnet),
# the loopback storage node tests/helpers/zg-node, and the 0G TypeScript
# SDK as the real client that both doubles must satisfy.

load helpers

PRICE=1000

deploy() {	# NAME SIG [ARG]: the new contract's address
	or-abi encode --bytecode "$(jq -r .bytecode "$OR_TOP/contracts/out/$1.json")" "$2" ${3:+"$3"} |
	    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait | jq -r .receipt.contractAddress
}

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > /dev/null
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export MARKET=$(deploy ZgTestMarket 'constructor(uint256)' $PRICE)
	export FLOW=$(deploy ZgTestFlow 'constructor(address)' "$MARKET")
	[ "${#FLOW}" -eq 42 ]
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

setup() {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export OR_STORE=$BATS_TEST_TMPDIR/store OR_ZG_BUSY_WAIT=0.05
	unset OR_ZG_NODES OR_ZG_INDEXER OR_STORAGE
	cd "$BATS_TEST_TMPDIR"
}

teardown() {
	[ -f "$BATS_TEST_TMPDIR/pids" ] || return 0
	while read -r p; do kill "$p" 2> /dev/null || :; done < "$BATS_TEST_TMPDIR/pids"
}

# start_node NAME [zg-node options]: sets $NAME to the node's URL
start_node() {
	name=$1
	shift
	"$OR_BUILD/helpers/zg-node" --rpc "$ETH_RPC_URL" --flow "${NODE_FLOW:-$FLOW}" \
	    --log "$BATS_TEST_TMPDIR/$name.log" "$@" \
	    > "$BATS_TEST_TMPDIR/$name.url" 2> "$BATS_TEST_TMPDIR/$name.err" 3>&- &
	echo $! >> "$BATS_TEST_TMPDIR/pids"
	for _ in $(seq 100); do
		[ -s "$BATS_TEST_TMPDIR/$name.url" ] && break
		sleep 0.05
	done
	eval "$name=\$(jq -r .url \"\$BATS_TEST_TMPDIR/\$name.url\")"
}

# mkfile NAME SIZE: seq251 bytes made unique to this test and file
mkfile() {
	"$OR_BUILD/helpers/gen-bytes" seq251 "$2" > "$1"
	if [ "$2" -ge 24 ]; then
		printf 'T%03d-%s-%06d' "$BATS_TEST_NUMBER" "$1" "$RANDOM" |
		    head -c 24 | dd of="$1" conv=notrunc 2> /dev/null
	fi
}

root_of() { or-hash zg "$1" | jq -r .root; }
sectors_of() { or-hash zg "$1" | jq -r .paddedChunks; }

@test "round trips through 0G: 1, 256, 257, 262145 and 4194305 bytes, fee and placement" {
	start_node N
	n=0
	for size in 1 256 257 262145 4194305; do
		mkfile "f$size" "$size"
		run or-put0g put --0g --node "$N" "f$size"
		assert_success
		out=${lines[-1]}
		[ "$(sfield "$out" root)" = "$(root_of "f$size")" ]
		[ "$(sfield "$out" backend)" = 0g ]
		[ "$(sfield "$out" fee)" = "$(( $(sectors_of "f$size") * PRICE ))" ]
		[ "$(sfield "$out" txHash | wc -c)" -eq 67 ]
		seq=$(field "$out" txSeq)
		start=$(field "$out" startEntryIndex)
		# the transaction on chain is the one reported
		[ "$(or-rpc wait "$(sfield "$out" txHash)" | jq -r .receipt.status)" = 1 ]
		# a fresh store gets the bytes from the node alone
		run or-put0g get --node "$N" --store "fresh$size" "$(sfield "$out" root)" -o "g$size"
		assert_success
		[ "$(sfield "$output" outcome)" = ok ]
		[ "$(sfield "$output" backend)" = 0g ]
		cmp "f$size" "g$size"
		n=$((n + 1))
	done
	[ "$n" -eq 5 ]
	# 4194305 bytes: 17 data segments uploaded, segment 17 (pure flow
	# padding) never
	segs=$(grep "^zgs_uploadSegmentsByTxSeq $seq " "$BATS_TEST_TMPDIR/N.log" |
	    cut -d' ' -f3- | tr ' ' '\n' | sort -n | uniq)
	[ "$(echo "$segs" | wc -l)" -eq 17 ]
	[ "$(echo "$segs" | tail -n 1)" -eq 16 ]
	# batches of at most 10 segments
	grep "^zgs_uploadSegmentsByTxSeq $seq " "$BATS_TEST_TMPDIR/N.log" |
	    awk '{ if (NF - 2 > 10) exit 1 }'
	[ $((start % 1024)) -eq 0 ]
}

@test "every size of zg-roots.json up to 1 MB round trips through 0G" {
	start_node N
	n=0
	sel='[.sizes[] | select(.size > 1 and .size <= 1100000)]'
	for size in $(jq -r "$sel[].size" "$VECTORS/zg-roots.json"); do
		mkfile "f$size" "$size"
		r=$(or-put0g put --0g --node "$N" "f$size" | jq -r .root)
		[ "$r" = "$(root_of "f$size")" ]
		or-put0g get --node "$N" --store fresh "$r" -o "g$size" > /dev/null
		cmp "f$size" "g$size"
		rm -rf fresh
		n=$((n + 1))
	done
	[ "$n" -eq "$(jq "$sel | length" "$VECTORS/zg-roots.json")" ]
	[ "$n" -ge 14 ]
}

@test "the fee is paid exactly, once; a finalized file is not submitted twice" {
	start_node N
	mkfile f 262145
	before=$(or-rpc balance "$MARKET" | jq -r .balance)
	out=$(or-put0g put --0g --node "$N" f)
	[ "$(sfield "$out" fee)" = 1152000 ]
	after=$(or-rpc balance "$MARKET" | jq -r .balance)
	[ "$((after - before))" -eq 1152000 ]
	nonce=$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)
	run or-put0g put --0g --node "$N" f
	assert_success
	[ "$(sfield "$output" backend)" = 0g ]
	[ "$(field "$output" txHash)" = null ]
	[ "$(field "$output" fee)" = null ]
	[ "$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)" = "$nonce" ]
	[ "$(or-rpc balance "$MARKET" | jq -r .balance)" = "$after" ]
	[ "$(grep -c '^zgs_uploadSegmentsByTxSeq' "$BATS_TEST_TMPDIR/N.log")" -eq 1 ]
}

@test "Flow contract: placement 4, 1024, 16384, 36864; identity topics; fee and validity reverts" {
	M2=$(deploy ZgTestMarket 'constructor(uint256)' $PRICE)
	F2=$(deploy ZgTestFlow 'constructor(address)' "$M2")
	NODE_FLOW=$F2 start_node N
	n=0
	for pair in 1000:4 262145:1024 5242880:16384 4352:36864; do
		mkfile "f${pair%%:*}" "${pair%%:*}"
		out=$(or-put0g put --0g --node "$N" "f${pair%%:*}")
		[ "$(field "$out" startEntryIndex)" = "${pair##*:}" ]
		[ "$(field "$out" txSeq)" = "$n" ]
		n=$((n + 1))
	done
	[ "$n" -eq 4 ]
	# the vector calldata: the Submit identity topic and the exact fee
	m=0
	for row in $(jq -c '.submitCalldata[] | select(.content == "seq251")' "$VECTORS/zg-roots.json"); do
		fee=$(sfield "$row" feeAt1000WeiPerSector)
		data=$(sfield "$row" calldata)
		id=$(or-hash keccak256 "0x$(printf '%s' "$row" | jq -r '[.nodes[][1][2:]] | join("")')" | jq -r .hash)
		# one wei short: the estimate reverts with NotEnoughFee
		run sh -c "echo '{\"to\":\"$F2\",\"value\":\"$((fee - 1))\",\"data\":\"$data\"}' | or-rpc fill"
		assert_failure 1
		assert_output --partial 0xf85c6482
		# the same, mined: status 0
		run sh -c "echo '{\"to\":\"$F2\",\"value\":\"$((fee - 1))\",\"data\":\"$data\",\"gasLimit\":500000}' |
		    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait"
		assert_failure 1
		[ "$(field "${lines[-1]}" receipt.status)" = 0 ]
		out=$(echo "{\"to\":\"$F2\",\"value\":\"$fee\",\"data\":\"$data\"}" |
		    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait)
		[ "$(field "$out" receipt.status)" = 1 ]
		[ "$(printf '%s' "$out" | jq -r '.receipt.logs[-1].topics[2]')" = "$id" ]
		[ "$(printf '%s' "$out" | jq -r '.receipt.logs[-1].topics[0]')" = \
		    0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555 ]
		# tags are echoed in the event data
		tags=$(sfield "$row" tags)
		[ "$tags" = 0x ] || printf '%s' "$out" | jq -r '.receipt.logs[-1].data' | grep -q "${tags#0x}"
		m=$((m + 1))
	done
	[ "$m" -eq "$(jq '[.submitCalldata[] | select(.content == "seq251")] | length' "$VECTORS/zg-roots.json")" ]
	[ "$m" -ge 2 ]
	# submitter zero, and a length too small for the nodes, revert
	good=$(jq -r '.submitCalldata[0].calldata' "$VECTORS/zg-roots.json")
	zero=$(printf '%s' "$good" | sed 's/0000000000000000000000000000000000000000000000000000000000000001/0000000000000000000000000000000000000000000000000000000000000000/')
	short=$(printf '%s' "$good" | sed 's/00000000000000000000000000000000000000000000000000000000000003e8/0000000000000000000000000000000000000000000000000000000000000300/')
	for d in "$zero" "$short"; do
		[ "$d" != "$good" ]
		run sh -c "echo '{\"to\":\"$F2\",\"value\":\"4000\",\"data\":\"$d\"}' | or-rpc fill"
		assert_failure 1
		assert_output --partial 'Invalid submission'
	done
}

@test "two shards: each node gets only its segments; one shard alone is refused" {
	start_node A --shard 0/2
	start_node B --shard 1/2
	mkfile f 4194305
	run or-put0g put --0g --node "$A" --node "$B" f
	assert_success
	out=${lines[-1]}
	seq=$(field "$out" txSeq)
	g0=$(( $(field "$out" startEntryIndex) / 1024 ))
	for n in A:0 B:1; do
		idx=$(grep "^zgs_uploadSegmentsByTxSeq $seq " "$BATS_TEST_TMPDIR/${n%:*}.log" | cut -d' ' -f3- | tr ' ' '\n')
		[ -n "$idx" ]
		for i in $idx; do [ $(( (g0 + i) % 2 )) -eq "${n#*:}" ]; done
	done
	r=$(sfield "$out" root)
	run or-put0g get --node "$A" --node "$B" --store fresh "$r" -o g
	assert_success
	cmp f g
	# a node for shard 0 only cannot serve the whole file
	run or-put0g get --node "$A" --store fresh2 "$r" -o g2
	assert_failure 4
	assert_output --partial '"reason":"shard_coverage"'
	[ ! -e g2 ]
	mkfile f2 300000
	run or-put0g put --0g --node "$A" f2
	assert_failure 4
	assert_output --partial '"code":"store.shard_coverage"'
}

@test "a node down: uploads go to the others; reads of it alone are unavailable (4)" {
	start_node N
	dead=http://127.0.0.1:9
	mkfile f 70000
	run or-put0g put --0g --node "$dead" --node "$N" f
	assert_success
	r=$(sfield "${lines[-1]}" root)
	run or-put0g get --node "$dead" --node "$N" --store fresh "$r" -o g
	assert_success
	cmp f g
	run or-put0g get --node "$dead" --store fresh2 "$r" -o g2
	assert_failure 4
	assert_output --partial '"outcome":"unavailable"'
	assert_output --partial '"reason":"transport"'
	[ ! -e g2 ]
	run or-put0g put --0g --node "$dead" f
	assert_failure 4
}

@test "outcomes on 0G: not_found (1), too large (4); has and info ask the node" {
	start_node N
	mkfile f 5000
	r=$(or-put0g put --0g --node "$N" f | jq -r .root)
	unknown=0x1111111111111111111111111111111111111111111111111111111111111111
	run or-put0g get --node "$N" --store fresh "$unknown" -o g
	assert_failure 1
	assert_output --partial '"outcome":"not_found"'
	assert_output --partial '"code":"store.not_found"'
	run or-put0g get --node "$N" --store fresh "$r" -o g --max-bytes 4999
	assert_failure 4
	assert_output --partial '"reason":"too_large"'
	[ ! -e g ]
	run or-put0g info --node "$N" --store fresh "$r"
	assert_success
	[ "$(field "$output" size)" = 5000 ]
	[ "$(field "$output" finalized)" = true ]
	[ "$(sfield "$output" backend)" = 0g ]
	run or-put0g has --node "$N" --store fresh "$r"
	assert_success
	run or-put0g has --node "$N" --store fresh "$unknown"
	assert_failure 1
	# OR_ZG_NODES configures the same
	run env OR_ZG_NODES="$N" or-put0g get --store fresh "$r" -o g
	assert_success
	cmp f g
}

@test "a corrupt local object is quarantined and fetched again from 0G" {
	start_node N
	mkfile f 300000
	r=$(or-put0g put --0g --node "$N" f | jq -r .root)
	obj=$OR_STORE/objects/${r:2:2}/${r#0x}
	chmod u+w "$obj"
	printf 'X' | dd of="$obj" bs=1 seek=299999 conv=notrunc 2> /dev/null
	run or-put0g get --node "$N" "$r" -o g
	assert_success
	[ "$(sfield "${lines[-1]}" backend)" = 0g ]
	assert_output --partial 'quarantine'
	cmp f g
	cmp f "$obj"
	ls "$OR_STORE"/quarantine/"${r#0x}".* > /dev/null
	# the local copy serves the next read
	run or-put0g get "$r" -o g2
	assert_success
	[ "$(sfield "$output" backend)" = local ]
}

@test "faults: busy answers are retried; flipped bytes and wrong proofs never reach the caller" {
	start_node BUSY --busy 2
	mkfile f 600000
	run or-put0g put --0g --node "$BUSY" f
	assert_success
	[ "$(grep -c '^busy$' "$BATS_TEST_TMPDIR/BUSY.log")" -eq 2 ]
	[ "$(grep -c '^zgs_uploadSegmentsByTxSeq' "$BATS_TEST_TMPDIR/BUSY.log")" -ge 1 ]
	r=$(root_of f)
	start_node GOOD
	start_node FLIP --flip-byte
	start_node WRONG --wrong-proof
	mkfile h 600000
	run or-put0g put --0g --node "$GOOD" --node "$FLIP" --node "$WRONG" h
	assert_success
	rh=$(root_of h)
	for bad in FLIP WRONG; do
		eval "u=\$$bad"
		run or-put0g get --node "$u" --store "fresh$bad" "$rh" -o "g$bad"
		assert_failure 4
		assert_output --partial '"reason":"bad_segment"'
		[ ! -e "g$bad" ]
		[ -z "$(ls -A "fresh$bad/objects" 2> /dev/null)" ]
		# another node has the segment intact
		run or-put0g get --node "$u" --node "$GOOD" --store "fresh$bad" "$rh" -o "g$bad"
		assert_success
		cmp h "g$bad"
	done
	# a node that stays busy fails the segment
	start_node JAM --busy 100
	mkfile j 1000
	run or-put0g put --0g --node "$JAM" j
	assert_failure 1
	assert_output --partial '"code":"store.upload_failed"'
	[ "$(grep -c '^busy$' "$BATS_TEST_TMPDIR/JAM.log")" -eq 12 ]
}

@test "a node lying about the size is caught by the Submit log or a record's size; an honest node serves" {
	start_node GOOD
	start_node BIG --lie-size +20
	start_node SMALL --lie-size -5
	# 1000 bytes: 4 chunks; 1020 bytes (zeros added) keep the root, and the
	# last 5 bytes are not zero
	mkfile f 1000
	[ "$( (cat f; head -c 20 /dev/zero) | or-hash zg - | jq -r .root)" = "$(root_of f)" ]
	run or-put0g put --0g --node "$GOOD" --node "$BIG" --node "$SMALL" f
	assert_success
	r=$(root_of f)
	for liar in BIG SMALL; do
		eval "u=\$$liar"
		# alone: the Submit log on chain says 1000 bytes
		run or-put0g get --node "$u" --store "s1$liar" "$r" -o "g1$liar"
		assert_failure 4
		assert_output --partial '"outcome":"unavailable"'
		assert_output --partial '"reason":"size_mismatch"'
		assert_output --partial 'its Submit log on chain says 1000'
		[ ! -e "g1$liar" ]
		# first in line: skipped, the honest node serves the right size
		run or-put0g get --node "$u" --node "$GOOD" --store "s2$liar" "$r" -o "g2$liar"
		assert_success
		assert_output --partial "'$u' says the file is"
		[ "$(field "${lines[-1]}" size)" = 1000 ]
		cmp f "g2$liar"
		cmp f "s2$liar/objects/${r:2:2}/${r#0x}"
	done
	# no chain to ask: nodes that disagree are refused, never guessed at
	run or-put0g get --rpc-url http://127.0.0.1:9 --node "$BIG" --node "$GOOD" --store s3 "$r" -o g3
	assert_failure 4
	assert_output --partial '"reason":"size_conflict"'
	assert_output --partial '(1020 or 1000 bytes)'
	[ ! -e g3 ]
	# ... unless the record's size settles it
	run sh -c "echo '{\"root\":\"$r\",\"size\":1000}' |
	    or-put0g get --rpc-url http://127.0.0.1:9 --node '$BIG' --node '$GOOD' --store s3 -o g3"
	assert_success
	cmp f g3
	run sh -c "echo '{\"root\":\"$r\",\"size\":1020}' |
	    or-put0g get --rpc-url http://127.0.0.1:9 --node '$GOOD' --store s4 -o g4"
	assert_failure 4
	assert_output --partial '"reason":"size_mismatch"'
	[ ! -e g4 ]
	# a node claiming fewer bytes than its data holds is caught by the
	# data itself: real bytes past the claimed end
	run or-put0g get --rpc-url http://127.0.0.1:9 --node "$SMALL" --store s5 "$r" -o g5
	assert_failure 4
	assert_output --partial '"reason":"bad_segment"'
	assert_output --partial "data past the file's 995 bytes"
	[ ! -e g5 ]
}

@test "delayed finalization: the put times out (4), the get is unavailable until it is final" {
	start_node SLOW --delay-finalize 3
	mkfile f 3000
	r=$(root_of f)
	run or-put0g put --0g --node "$SLOW" --finalize-timeout 0.5 f
	assert_failure 4
	assert_output --partial '"code":"store.finalize_timeout"'
	run or-put0g get --node "$SLOW" --store fresh "$r" -o g
	assert_failure 4
	assert_output --partial '"reason":"not_finalized"'
	[ ! -e g ]
	sleep 3
	run or-put0g get --node "$SLOW" --store fresh "$r" -o g
	assert_success
	cmp f g
	# and is not paid for again
	nonce=$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)
	run or-put0g put --0g --node "$SLOW" f
	assert_success
	[ "$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)" = "$nonce" ]
	[ "$(field "${lines[-1]}" txHash)" = null ]
	# an unfinished submission is finished, not paid again
	start_node LATE
	mkfile h 300000
	run or-put0g put --0g --node "$SLOW" --finalize-timeout 0.5 h
	assert_failure 4
	seq=$(or-put0g info --node "$SLOW" --store none "$(root_of h)" | jq .txSeq)
	nonce=$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)
	run or-put0g put --0g --node "$LATE" h
	assert_success
	[ "$(field "${lines[-1]}" txSeq)" = "$seq" ]
	[ "$(field "${lines[-1]}" txHash)" = null ]
	[ "$(or-rpc nonce "$ETH_FROM" | jq -r .nonce)" = "$nonce" ]
	run or-put0g get --node "$LATE" --store fresh2 "$(root_of h)" -o g2
	assert_success
	cmp h g2
}

@test "the node's chain and Flow are checked; --flow overrides the node's" {
	start_node OTHER --report-chain-id 999
	mkfile f 1000
	run or-put0g put --0g --node "$OTHER" f
	assert_failure 1
	assert_output --partial '"code":"store.wrong_chain"'
	start_node NOFLOW --report-flow 0x000000000000000000000000000000000000dead
	run or-put0g put --0g --node "$NOFLOW" f
	assert_failure 1
	run or-put0g put --0g --node "$NOFLOW" --flow "$FLOW" f
	assert_success
	[ "$(sfield "${lines[-1]}" backend)" = 0g ]
}

@test "a failing child: its error object and status come back in the record" {
	start_node N
	mkfile f 2000
	echo wrong > badpw
	run env ETH_PASSWORD="$PWD/badpw" or-put0g put --0g --node "$N" f
	assert_failure 1
	[ "$(sfield "${lines[-1]}" error.tool)" = or-sign ]
	[ "$(sfield "${lines[-1]}" error.code)" = keystore.bad_password ]
	# nothing was uploaded
	! grep -q '^zgs_uploadSegmentsByTxSeq' "$BATS_TEST_TMPDIR/N.log"
	# a chain that is not there: the child's transport error, status 4
	run or-put0g put --0g --node "$N" --flow "$FLOW" --rpc-url http://127.0.0.1:9 f
	assert_failure 4
}

@test "legacy submit and an indexer in place of nodes" {
	start_node N
	start_node IX --indexer "$N"
	mkfile f 300000
	run or-put0g put --0g --legacy-submit --indexer "$IX" f
	assert_success
	r=$(sfield "${lines[-1]}" root)
	[ "$(field "${lines[-1]}" txSeq)" != null ]
	run or-put0g get --indexer "$IX" --store fresh "$r" -o g
	assert_success
	cmp f g
	run or-put0g get --indexer "$IX" --store fresh 0x2222222222222222222222222222222222222222222222222222222222222222 -o g2
	assert_failure 1
	assert_output --partial '"outcome":"not_found"'
}

@test "the 0G TypeScript SDK and or-put0g read each other's uploads" {
	start_node N
	key=$BATS_TEST_TMPDIR/key1
	# anvil's test account 1 (devnet only)
	echo 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d > "$key"
	mkfile s 600000
	run node "$OR_TOP/tests/helpers/zg-sdk.cjs" upload s "$ETH_RPC_URL" "$FLOW" "$key" "$N"
	assert_success
	r=$(sfield "${lines[-1]}" root)
	[ "$r" = "$(root_of s)" ]
	# the SDK downloads its own upload back
	node "$OR_TOP/tests/helpers/zg-sdk.cjs" download "$r" sdk-back "$N" 2> /dev/null
	cmp s sdk-back
	# or-put0g downloads what the SDK uploaded
	run or-put0g get --node "$N" --store fresh "$r" -o g
	assert_success
	cmp s g
	# the SDK downloads what or-put0g uploaded (with proofs)
	mkfile p 262145
	rp=$(or-put0g put --0g --node "$N" p | jq -r .root)
	node "$OR_TOP/tests/helpers/zg-sdk.cjs" download "$rp" p-sdk "$N" 2> /dev/null
	cmp p p-sdk
}
