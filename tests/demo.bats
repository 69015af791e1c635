#!/usr/bin/env bats
# make demo (scripts/demo) end to end, once per file: its report's numbers
# checked against the chain through or-abi and or-rpc (the devnet kept
# running for that with --keep-devnet, stopped in teardown_file).

load helpers

setup_file() {
	export D=$BATS_FILE_TMPDIR/demo
	sh "$OR_TOP/scripts/demo" --keep "$D" --keep-devnet > "$BATS_FILE_TMPDIR/out" 2> "$BATS_FILE_TMPDIR/err"
	echo $? > "$BATS_FILE_TMPDIR/rc"
}

teardown_file() {
	OR_DEVNET_DIR=$BATS_FILE_TMPDIR/demo/devnet sh "$OR_TOP/scripts/devnet" stop || true
}

setup() {
	D=$BATS_FILE_TMPDIR/demo
	[ "$(cat "$BATS_FILE_TMPDIR/rc")" = 0 ] || { tail -n 30 "$BATS_FILE_TMPDIR/err"; false; }
	OR_DEVNET_DIR=$D/devnet
	export OR_DEVNET_DIR
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	OR_DEPLOYMENT=$D/deployment.json
	export OR_DEPLOYMENT
	J=$D/demo.json
}

view() {
	local to=$1
	shift
	or-abi encode "$@" | jq -c --arg to "$to" '. + {to: $to}' | or-rpc call | jq -r '.decoded."0"'
}
proposal() {
	or-abi encode 'getProposal(uint256)(uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8)' "$1" |
	    jq -c --arg to "$(jq -r .contracts.ProposalLedger.address "$OR_DEPLOYMENT")" '. + {to: $to}' | or-rpc call | jq -c .decoded
}
report() { cat "$BATS_FILE_TMPDIR/out"; }

@test "demo: progress on stderr, the report on stdout, well under the time limit" {
	grep -q '^\[demo  *[0-9]*s\] create: publish' "$BATS_FILE_TMPDIR/err"
	grep -q '^\[demo  *[0-9]*s\] validate: proposal' "$BATS_FILE_TMPDIR/err"
	! grep -q '^\[demo' "$BATS_FILE_TMPDIR/out"
	took=$(report | sed -n 's/^took \([0-9]*\) s$/\1/p')
	[ -n "$took" ] && [ "$took" -lt 300 ]
}

@test "demo: the frontier before and after matches the registry" {
	reg=$(jq -r .contracts.ProjectRegistry.address "$OR_DEPLOYMENT")
	pid=$(jq -r .projectId "$J")
	now=$(view "$reg" 'currentBestAggregateScore(uint256)(int256)' "$pid")
	[ "$now" = "$(jq -r .scoreAfter "$J")" ]
	# the baseline is the score create measured and published
	[ "$(jq -r .scoreBefore "$J")" = "$(jq -r .score "$D/tinysort/.autoresearch/create/baseline/baseline.json")" ]
	[ "$(jq -r .scoreBefore "$J")" -lt "$now" ]
	report | grep -qx "frontier on chain: score before $(jq -r .scoreBefore "$J"), after $now"
}

@test "demo: the honest proposal approved, the cheat rejected, as the ledger says" {
	n=0
	for id in $(jq -r 'select(.kind == "verification") | .proposalId' "$D/status.jsonl"); do
		st=$(proposal "$id" | jq -r '."12"')
		res=$(jq -r --arg i "$id" 'select(.kind == "verification" and .proposalId == $i) | .result' "$D/status.jsonl")
		if [ "$id" = "$(jq -r .cheat "$J")" ]; then
			[ "$res" = rejected ] && [ "$st" = 3 ]
		else
			[ "$res" = approved ] && [ "$st" = 2 ]
			# the verified score is the registry's best now
			[ "$(proposal "$id" | jq -r '."7"')" = "$(jq -r .scoreAfter "$J")" ]
		fi
		n=$((n + 1))
	done
	[ "$n" -eq 2 ]
	report | grep -Eq "^  $(jq -r .cheat "$J") +rejected +[a-z_]+ "
}

@test "demo: the balances in the report are the token's" {
	tok=$(jq -r .token "$J")
	n=0
	for who in miner verifier recipient ledger; do
		a=$(jq -r ".balances.$who.address" "$J")
		b=$(view "$tok" 'balanceOf(address)(uint256)' "$a")
		[ "$b" = "$(jq -r ".balances.$who.balance" "$J")" ]
		report | grep -Eq " $a $b\$"
		n=$((n + 1))
	done
	[ "$n" -eq 4 ]
	cap=$(view "$tok" 'minerPoolCap()(uint256)')
	minted=$(view "$tok" 'minerPoolMinted()(uint256)')
	[ "$(jq -r .balances.minerPoolLeft "$J")" = "$((cap - minted))" ]
	# the approval minted the reward to the recipient
	[ "$minted" -ge 1 ]
	[ "$(jq -r .balances.recipient.balance "$J")" = "$minted" ]
}

@test "demo: the trials: a regression, the improvement kept, two refused; the chart has one point each" {
	t=$D/mine/.autoresearch/mine/trials.jsonl
	[ "$(jq -r .decision "$t" | paste -sd, -)" = discarded,kept,refused,refused ]
	report | grep -Eq '^  t000002 .* kept +8710 '
	svg=$(report | sed -n 's/^chart: //p')
	[ "$svg" = "$D/chart.svg" ]
	xmllint --noout "$svg"
	[ "$(grep -c 'class="trial ' "$svg")" -eq 4 ]
	! grep -Eq '<script|href=|url\(' "$svg"
}

@test "demo: usage errors" {
	run sh "$OR_TOP/scripts/demo" --keep-devnet
	[ "$status" -eq 2 ]
	run sh "$OR_TOP/scripts/demo" --bogus
	[ "$status" -eq 2 ]
}

@test "status.sh --chain: the proposal's state and verified score from getProposal" {
	run dash "$OR_TOP/skills/autoresearch-mine/scripts/status.sh" --workspace "$D/mine" --chain --json
	assert_success
	p=$(printf '%s\n' "$output" | jq -c 'select(.kind == "proposal")')
	[ "$(printf '%s\n' "$p" | wc -l)" -eq 1 ]
	id=$(printf '%s\n' "$p" | jq -r .proposalId)
	[ "$(proposal "$id" | jq -r '."12"')" = 2 ]
	[ "$(printf '%s\n' "$p" | jq -r .status)" = Approved ]
	[ "$(printf '%s\n' "$p" | jq -r .verifiedScore)" = "$(proposal "$id" | jq -r '."7"')" ]
	[ "$(printf '%s\n' "$p" | jq -r .claimedScore)" = "$(proposal "$id" | jq -r '."6"')" ]
	# the frontier's network best is live, and its metric exact
	f=$(printf '%s\n' "$output" | jq -c 'select(.kind == "frontier")')
	[ "$(printf '%s\n' "$f" | jq -r .networkBest)" = "$(jq -r .scoreAfter "$J")" ]
	[ "$(printf '%s\n' "$f" | jq -r .networkBestMetric)" = 8710 ]
}
