#!/usr/bin/env bats
# The mine workflow (skills/autoresearch-mine) on the example repositories:
# every script under dash, the scripted proposer proposers/patches.sh, a
# local store, and for chain mode a devnet with the project's contracts.

load helpers

S=$OR_TOP/skills/autoresearch-mine/scripts
EX=$OR_TOP/examples

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	export OR_STORE=$BATS_FILE_TMPDIR/store
	sh "$OR_TOP/scripts/devnet" start > "$BATS_FILE_TMPDIR/devnet.json"
	(eval "$(sh "$OR_TOP/scripts/devnet" env)"
	 sh "$OR_TOP/scripts/deploy-contracts" "$BATS_FILE_TMPDIR/deployment.json") \
	    > "$BATS_FILE_TMPDIR/deploy.out" 2> "$BATS_FILE_TMPDIR/deploy.err"
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

setup() {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export OR_DEPLOYMENT=$BATS_FILE_TMPDIR/deployment.json
	T=$BATS_TEST_TMPDIR
}

# account N: anvil's test account N signs (ETH_FROM).
account() {
	ETH_FROM=$(jq -r ".accounts[$1].address" "$BATS_FILE_TMPDIR/devnet.json")
	export ETH_FROM
}

# patches EXAMPLE DIR NAME...: the example's patches NAME in this order,
# numbered for proposers/patches.sh.
patches() {
	local x=$1 d=$2 i=1
	shift 2
	mkdir -p "$d"
	for n; do
		cp "$EX/$x/patches/$n.patch" "$d/$i-$n.patch"
		i=$((i + 1))
	done
}

# tx CALL-JSON: encode, fill, sign, send, wait; prints the receipt record.
tx() {
	printf '%s\n' "$1" | or-abi encode | or-rpc fill | or-sign tx | or-rpc send | or-rpc wait
}
view() {
	local to=$1
	shift
	or-abi encode "$@" | jq -c --arg to "$to" '. + {to: $to}' | or-rpc call | jq -c .decoded
}
registry() { jq -r .contracts.ProjectRegistry.address "$OR_DEPLOYMENT"; }
ledger() { jq -r .contracts.ProposalLedger.address "$OR_DEPLOYMENT"; }

# publish EXAMPLE: store the example's protocol, snapshot and harness and
# create the project as account 9 (the create workflow's artifacts, made
# directly); the baseline score is measured here.  Prints the project id.
publish() {
	local x=$1 d=$T/pub-$1
	mkdir -p "$d"
	cp -R "$EX/$x/repo" "$d/repo"
	or-protocol fmt -o "$d/protocol.json" "$EX/$x/protocol.json" > /dev/null
	or-pack pack "$d/repo" -o "$d/snap.tar" > /dev/null
	or-gate surface --protocol "$d/protocol.json" --class immutable "$d/repo" |
	    jq -c 'select(.class == "immutable")' > "$d/h.jsonl"
	or-pack pack "$d/repo" --paths "$d/h.jsonl" -o "$d/bench.tar" > /dev/null
	mkdir "$d/h" && or-pack unpack "$d/bench.tar" "$d/h" > /dev/null
	or-bench run --protocol "$d/protocol.json" --trusted "$d/h" --out "$d/base" "$d/repo" > /dev/null 2>&1
	local score ph sh bh mh id
	score=$(jq -r .summary.score "$d/base/summary.json")
	ph=$(or-put0g put "$d/protocol.json" | jq -r .root)
	sh=$(or-put0g put "$d/snap.tar" | jq -r .root)
	bh=$(or-put0g put "$d/bench.tar" | jq -r .root)
	mh=$(or-put0g put "$d/base/summary.json" | jq -r .root)
	id=$(view "$(registry)" 'nextProjectId()(uint256)' | jq -r '."0"')
	ETH_FROM=$(jq -r '.accounts[9].address' "$BATS_FILE_TMPDIR/devnet.json") tx "$(jq -cn --arg to "$(registry)" \
	    --arg ph "$ph" --arg sh "$sh" --arg bh "$bh" --arg s "$score" --arg mh "$mh" --arg n "$x" \
	    '{to: $to, sig: "createProject(bytes32,bytes32,bytes32,int256,bytes32,string,string,uint256,uint256,uint256)",
	      args: [$ph, $sh, $bh, $s, $mh, $n, "EX", "1000000000000000", "1000000000000", "21000000"]}')" > "$d/create.json"
	[ "$(jq -r .receipt.status "$d/create.json")" = 1 ]
	echo "$id"
}

# update_best PROJECT SCORE CODEHASH: another miner's proposal approved: the
# registry's best moves (updateBest, sent as the ledger impersonated on anvil).
update_best() {
	local led
	led=$(ledger)
	cast rpc --rpc-url "$ETH_RPC_URL" anvil_impersonateAccount "$led" > /dev/null
	cast rpc --rpc-url "$ETH_RPC_URL" anvil_setBalance "$led" 0x1000000000000000000 > /dev/null
	env -u ETH_KEYSTORE -u ETH_PASSWORD -u ETH_FROM cast send --rpc-url "$ETH_RPC_URL" --unlocked --from "$led" "$(registry)" \
	    'updateBest(uint256,address,int256,bytes32,bytes32)' "$1" "$ETH_FROM" -- "$2" "$3" \
	    0x2222222222222222222222222222222222222222222222222222222222222222 > /dev/null
	[ "$(view "$(registry)" 'currentBestAggregateScore(uint256)(int256)' "$1" | jq -r '."0"')" = "$2" ]
}

# step NAME ARGS...: a mine script under dash, its last line the final one.
step() {
	local n=$1
	shift
	run dash "$S/$n.sh" "$@"
	if [ "${lines[${#lines[@]}-1]:0:11}" != '{"stopped":' ]; then
		printf '%s.sh: no final line:\n%s\n' "$n" "$output"
		return 1
	fi
}
final() { printf '%s\n' "${lines[${#lines[@]}-1]}"; }
stopped() { final | jq -r .stopped; }

# submitted PROJECT: ProposalSubmitted logs of the project, from the chain.
submitted() {
	jq -cn --arg a "$(ledger)" --arg t2 "$(printf '0x%064x' "$1")" \
	    '{address: $a, topics: ["0xa4d1f389c1635fe17c6493eee8acde220dda5aadbe29927b54e459fb84e95144", null, $t2]}' |
	    or-rpc logs | jq -c 'select(.kind == "log")'
}

@test "the scripts are shellcheck -s sh clean, parse under dash; lib.sh is the create skill's" {
	cd "$OR_TOP"
	n=0
	for f in "$S"/*.sh "$S"/proposers/*.sh; do
		shellcheck -s sh "$f"
		dash -n "$f"
		n=$((n + 1))
	done
	[ "$n" -ge 7 ]
	cmp "$S/lib.sh" "$OR_TOP/skills/autoresearch-create/scripts/lib.sh"
}

@test "SKILL.md: Agent Skills front matter naming autoresearch-mine, and the proposer's contract" {
	k=$S/../SKILL.md
	head -n 1 "$k" | grep -qx -- '---'
	[ "$(sed -n '2,/^---$/p' "$k" | sed -n 's/^name: //p')" = autoresearch-mine ]
	sed -n '2,/^---$/p' "$k" | grep -q '^description: .\{40,\}'
	for v in OR_PROTOCOL OR_PROGRAM OR_TRIAL_ID OR_WORKTREE OR_SURFACE OR_TRIALS OR_NETWORK_STATE OR_LOCAL_BEST OR_THRESHOLD OR_SIDECHAT_FILE; do
		grep -q "\`$v\`" "$k"
		grep -q "$v=" "$S/loop.sh"
	done
}

@test "offline loop: improvement kept, regression reverted, harness edit and outside file refused, trials in order" {
	cp -R "$EX/tinysort/repo" "$T/src"
	step init --protocol "$EX/tinysort/protocol.json" --tree "$T/src" --dir "$T/w"
	assert_success
	[ "$(stopped)" = initialized ]
	inc=$(final | jq -r .incumbentMetric)
	w=$T/w/.autoresearch/mine
	patches tinysort "$T/p" regress improve harness-edit outside
	base=$(git -C "$T/w" rev-parse HEAD)
	ETH_PRIVATE_LEAK=x step loop --dir "$T/w" --propose "env > \"$T/env.\$OR_TRIAL_ID\"; sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(stopped)" = proposer_exhausted ]
	[ "$(final | jq -r .trials)" = 4 ]
	[ "$(final | jq -r .kept)" = 1 ]
	# the proposer never sees ETH_*
	! grep -q '^ETH_' "$T/env.t000001"
	grep -q "^OR_TRIAL_ID=t000001" "$T/env.t000001"
	[ "$(jq -r .trialId "$w/trials.jsonl" | tr '\n' ' ')" = "t000001 t000002 t000003 t000004 " ]
	[ "$(jq -r .decision "$w/trials.jsonl" | tr '\n' ' ')" = "discarded kept refused refused " ]
	r1=$(sed -n 1p "$w/trials.jsonl")
	# the regression measured worse than the incumbent and was reverted
	[ "$(printf '%s\n' "$r1" | jq -r .primaryMetricValue)" -gt "$inc" ]
	[ "$(printf '%s\n' "$r1" | jq -r .gitHeadAfter)" = null ]
	r2=$(sed -n 2p "$w/trials.jsonl")
	[ "$(printf '%s\n' "$r2" | jq -r .primaryMetricValue)" -lt "$inc" ]
	[ "$(printf '%s\n' "$r2" | jq -r .gitHeadBefore)" = "$base" ]
	h=$(printf '%s\n' "$r2" | jq -r .gitHeadAfter)
	[ "$(git -C "$T/w" rev-parse HEAD)" = "$h" ]
	[ "$(git -C "$T/w" log -1 --format='%(trailers:key=OR-Trial,valueonly)' | sed '/^$/d')" = t000002 ]
	# what was measured is what was committed
	[ "$(or-pack pack -C "$T/w" --commit HEAD | jq -r .root)" = "$(printf '%s\n' "$r2" | jq -r .treeRoot)" ]
	# refused before any run: no measurement, violations named
	[ ! -e "$w/runs/t000003/summary.json" ]
	[ "$(sed -n 3p "$w/trials.jsonl" | jq -c .violations)" = '[{"path":"bench/driver.c","class":"immutable"}]' ]
	[ "$(sed -n 4p "$w/trials.jsonl" | jq -c .violations)" = '[{"path":"NOTES.txt","class":"other"}]' ]
	[ ! -e "$T/w/NOTES.txt" ]
	[ -z "$(git -C "$T/w" status --porcelain)" ]
	# every record has the fields of §3.5
	n=$(jq -c 'select(has("schema") and has("trialId") and has("utcTimestamp") and has("startedAt") and has("hypothesis")
	    and has("proposer") and has("changedPaths") and has("treeRoot") and has("runOk") and has("harnessExitCode")
	    and has("score") and has("rsd") and has("noisy") and has("localBestBefore") and has("beatsLocalBest")
	    and has("normalizedScore") and has("thresholdScore") and has("beatsNetworkBest") and has("decision")
	    and has("summaryPath") and has("durationUs") and has("error"))' "$w/trials.jsonl" | wc -l)
	[ "$n" -eq 4 ]
	# a second start: the journal is complete, the proposer has nothing left
	step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(stopped)" = proposer_exhausted ]
	[ "$(wc -l < "$w/trials.jsonl")" -eq 4 ]
}

@test "proposers/agent.sh: the agent command gets the prompt on stdin, edits the checkout, names its hypothesis; NO_MORE_IDEAS stops" {
	cp -R "$EX/tinysort/repo" "$T/src"
	step init --protocol "$EX/tinysort/protocol.json" --tree "$T/src" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	# the fake agent: keeps its prompt and environment, applies the
	# improvement on its first call, has no idea left on its second
	cat > "$T/agent" <<EOF2
#!/bin/sh
cat > "$T/prompt.\$OR_TRIAL_ID"
env > "$T/env.\$OR_TRIAL_ID"
pwd > "$T/pwd.\$OR_TRIAL_ID"
cmp -s "\$OR_AGENT_PROMPT_FILE" "$T/prompt.\$OR_TRIAL_ID" || exit 9
if [ "\$OR_TRIAL_ID" = t000001 ]; then
	git apply "$EX/tinysort/patches/improve.patch" || exit 8
	echo 'thinking...'
	echo 'HYPOTHESIS: merge sort needs about n log n comparisons'
else
	echo NO_MORE_IDEAS
fi
EOF2
	chmod +x "$T/agent"
	OR_AGENT_CMD="$T/agent" ETH_FROM=0x1 ETH_PASSWORD=/nope step loop --dir "$T/w" --propose "sh $S/proposers/agent.sh"
	assert_success
	[ "$(stopped)" = proposer_exhausted ]
	[ "$(jq -r '.decision + " " + .hypothesis' "$w/trials.jsonl")" = 'kept merge sort needs about n log n comparisons' ]
	[ "$(jq -r '.changedPaths | join(",")' "$w/trials.jsonl")" = src/sort.c ]
	git -C "$T/w" log -1 --format=%B | grep -qx 'OR-Trial: t000001'
	# the agent ran in the checkout, without ETH_*, with the prompt:
	# program.md, the surface, the trials so far, the local best
	[ "$(cat "$T/pwd.t000001")" = "$(cd "$T/w" && pwd -P)" ]
	! grep -q '^ETH_' "$T/env.t000001"
	grep -qx 'src/sort.c' "$T/prompt.t000001"
	! grep -qx 'bench/driver.c' "$T/prompt.t000001"
	grep -qF "$(sed -n 1p "$w/program.md")" "$T/prompt.t000001"
	grep -q 'HYPOTHESIS:' "$T/prompt.t000001"
	grep -q "^Local best (metric value to beat): $(jq -r .summary.aggregate "$w/incumbent.json")" "$T/prompt.t000001"
	grep -q '(none yet)' "$T/prompt.t000001"
	grep -q '"trialId":"t000001".*"decision":"kept"' "$T/prompt.t000002"
	# without OR_AGENT_CMD the proposal fails, naming the variable
	run env -u OR_AGENT_CMD OR_PROGRAM=x OR_SURFACE=x OR_TRIALS=x OR_TRIAL_ID=t1 dash "$S/proposers/agent.sh"
	assert_failure 2
	assert_output --partial 'OR_AGENT_CMD is not set'
}

@test "chain: init from the ledger, the improvement confirmed and submitted with auto-bought stake, read back" {
	pid=$(publish tinysort)
	account 3
	step init --project "$pid" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	[ "$(jq -r .source "$w/network_state.json")" = chain ]
	patches tinysort "$T/p" improve
	export OR_REWARD_RECIPIENT
	OR_REWARD_RECIPIENT=$(jq -r '.accounts[4].address' "$BATS_FILE_TMPDIR/devnet.json")
	# a stake above the remaining miner pool is refused before any transaction
	OR_STAKE=21000001 step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(stopped)" = proposer_exhausted ]
	[ "$(final | jq -r .submissions)" = 0 ]
	[ "$(jq -r 'select(.step == "stake") | .state + " " + .error.code' "$w/submissions.jsonl")" = 'failed pool_exhausted' ]
	[ ! -s "$w/submissions/t000001/tx.jsonl" ]
	# the auto-buy budget is read in wei with a unit suffix: 1gwei cannot buy
	# the 2 tokens; a unit that does not exist is a usage error
	OR_STAKE=2 OR_MAX_BUY_WEI=1gwei step submit --dir "$T/w" t000001
	assert_failure 1
	[ "$(stopped)" = buy_budget ]
	assert_output --partial 'above OR_MAX_BUY_WEI (1000000000 wei)'
	OR_STAKE=2 OR_MAX_BUY_WEI=2furlongs step submit --dir "$T/w" t000001
	assert_failure 2
	assert_output --partial "OR_MAX_BUY_WEI '2furlongs' is not a wei amount"
	[ ! -s "$w/submissions/t000001/tx.jsonl" ]
	# the next start retries it first, and stops after the submission
	OR_STAKE=2 OR_MAX_BUY_WEI=0.5ether step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(stopped)" = submitted ] || { echo "$output"; cat "$w"/submissions.jsonl; false; }
	[ "$(final | jq -r .submissions)" = 1 ]
	[ "$(wc -l < "$w/trials.jsonl")" -eq 1 ]
	t=$(sed -n 1p "$w/trials.jsonl")
	[ "$(printf '%s\n' "$t" | jq -r '.decision + " " + (.beatsNetworkBest | tostring)')" = 'kept true' ]
	d=$w/submissions/t000001
	[ "$(jq -r .paired.decision "$d/paired/paired.json")" = approve ]
	claim=$(jq -r .paired.normalizedLow "$d/paired/paired.json")
	# exactly one proposal on chain, and it matches the journal
	[ "$(submitted "$pid" | wc -l)" -eq 1 ]
	id=$(jq -rs 'map(select(.step == "done")) | last | .proposalId' "$w/submissions.jsonl")
	p=$(view "$(ledger)" 'getProposal(uint256)(uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8)' "$id")
	[ "$(printf '%s\n' "$p" | jq -r '."0"')" = "$pid" ]
	[ "$(printf '%s\n' "$p" | jq -r '."1"')" = "$(printf '%s\n' "$ETH_FROM" | tr A-F a-f)" ]
	[ "$(printf '%s\n' "$p" | jq -r '."2"')" = "$(printf '%s\n' "$OR_REWARD_RECIPIENT" | tr A-F a-f)" ]
	[ "$(printf '%s\n' "$p" | jq -r '."3"')" = "$(printf '%s\n' "$t" | jq -r .treeRoot)" ]
	[ "$(printf '%s\n' "$p" | jq -r '."4"')" = "$(or-hash zg "$d/evidence.json" | jq -r .root)" ]
	[ "$(printf '%s\n' "$p" | jq -r '."6"')" = "$claim" ]
	[ "$(printf '%s\n' "$p" | jq -r '."8"')" = 2 ]
	# the stake was bought (the key held none) and the pool respected
	grep -q '"step":"stake","state":"mined"' "$w/submissions.jsonl"
	[ "$(jq -c 'select(.step == "buy" and .state == "signed")' "$d/tx.jsonl" | wc -l)" -eq 1 ]
	# a re-run submits nothing more
	step submit --dir "$T/w" t000001
	assert_success
	[ "$(stopped)" = already_submitted ] || { echo "$output"; false; }
	[ "$(submitted "$pid" | wc -l)" -eq 1 ]
}

@test "init --checkout: an existing checkout is mined in only when its HEAD packs to the incumbent and it is clean" {
	pid=$(publish tinysort)
	account 3
	cp -R "$EX/tinysort/repo" "$T/c"
	git -C "$T/c" init -q -b main
	git -C "$T/c" add -A
	git -C "$T/c" -c user.name=u -c user.email=u@x commit -qm base
	# another HEAD than the incumbent: refused, nothing written
	echo '/* mine */' >> "$T/c/src/sort.c"
	git -C "$T/c" -c user.name=u -c user.email=u@x commit -qam other
	step init --project "$pid" --checkout "$T/c"
	assert_failure 1
	[ "$(stopped)" = wrong_checkout ]
	assert_output --partial 'the incumbent is'
	[ ! -e "$T/c/.autoresearch" ]
	# the incumbent at HEAD but uncommitted changes: refused
	git -C "$T/c" reset -q --hard HEAD~1
	echo '/* wip */' >> "$T/c/src/sort.h"
	step init --project "$pid" --checkout "$T/c"
	assert_failure 1
	[ "$(stopped)" = dirty_checkout ]
	git -C "$T/c" checkout -q -- src/sort.h
	# --dir and --checkout together: usage
	step init --project "$pid" --checkout "$T/c" --dir "$T/d"
	assert_failure 2
	# accepted: branches made at HEAD, the workspace inside, the user's branch kept
	base=$(git -C "$T/c" rev-parse HEAD)
	step init --project "$pid" --checkout "$T/c"
	assert_success
	[ "$(stopped)" = initialized ]
	[ "$(final | jq -r .checkout)" = "$(cd "$T/c" && pwd -P)" ]
	[ "$(git -C "$T/c" rev-parse "or-incumbent/$pid")" = "$base" ]
	[ "$(git -C "$T/c" symbolic-ref --short HEAD)" = "or-mine/$pid" ]
	[ "$(git -C "$T/c" rev-parse main)" = "$base" ]
	[ "$(jq -r .source "$T/c/.autoresearch/mine/network_state.json")" = chain ]
	[ "$(jq -r .summary.aggregate "$T/c/.autoresearch/mine/incumbent.json")" = "$(jq -r .summary.aggregate "$T/pub-tinysort/base/summary.json")" ]
	[ -z "$(git -C "$T/c" status --porcelain)" ]
	# and the loop mines in it
	patches tinysort "$T/p" improve
	step loop --dir "$T/c" --no-submit --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(jq -r .decision "$T/c/.autoresearch/mine/trials.jsonl")" = kept ]
}

@test "crash safety: SIGKILL at 20 points of a submitting run (random times, and around every broadcast); one proposal per confirmed improvement" {
	pid=$(publish tinysort)
	account 5
	step init --project "$pid" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	patches tinysort "$T/p" regress improve outside
	# an or-rpc in front of the real one: when $T/mark says so, the next
	# broadcast (or-rpc send) of a transaction not sent before kills the
	# whole run, before or after sending it
	mkdir "$T/bin"
	cat > "$T/bin/or-rpc" <<EOF2
#!/bin/sh
for a; do
	[ "\$a" = send ] || continue
	in=\$(cat)
	k=\$(printf '%s\\n' "\$in" | jq -r .txHash)
	m=\$(cat "$T/mark" 2> /dev/null)
	if [ -n "\$m" ] && ! grep -qx "\$k" "$T/seen" 2> /dev/null; then
		echo "\$k" >> "$T/seen"
		rm -f "$T/mark"
		[ "\$m" = before ] && kill -9 0
		printf '%s\\n' "\$in" | "$OR_TOP/bin/or-rpc" "\$@"
		kill -9 0
	fi
	printf '%s\\n' "\$in" | exec "$OR_TOP/bin/or-rpc" "\$@"
done
exec "$OR_TOP/bin/or-rpc" "\$@"
EOF2
	chmod +x "$T/bin/or-rpc"
	kills=${OR_MINE_KILLS:-20}
	i=0
	while [ "$i" -lt "$kills" ]; do
		if [ "$i" -lt $((kills - 6)) ]; then
			# 0.2 to 3.5 s: each start resumes, so the points walk through the run
			delay=$(shuf -i 2-35 -n 1 | sed 's/.$/.&/')
		else
			# then at the broadcasts: buy, approve and submit, each before and after
			delay=60
			[ $((i % 2)) -eq 0 ] && echo before > "$T/mark" || echo after > "$T/mark"
		fi
		PATH=$T/bin:$PATH setsid dash "$S/loop.sh" --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p" \
		    > "$T/out.$i" 2> "$T/err.$i" &
		pg=$!
		t=0
		while kill -0 "$pg" 2> /dev/null && [ "$t" -lt "${delay%.*}${delay#*.}" ]; do
			sleep 0.1
			t=$((t + 1))
		done
		kill -9 -- "-$pg" 2> /dev/null || true
		wait "$pg" 2> /dev/null || true
		rm -f "$T/mark"
		# where it died: the phase of the trial under way, the journals' lengths
		printf '%s %s %s %s\n' "$(jq -r '.current.phase // "-"' "$w/loop.json" 2> /dev/null)" \
		    "$(wc -l < "$w/trials.jsonl")" "$(cat "$w/submissions.jsonl" 2> /dev/null | wc -l)" \
		    "$(cat "$w/submissions/t000002/tx.jsonl" 2> /dev/null | wc -l)" >> "$T/points"
		# the journal stays whole: every complete line parses
		[ ! -s "$w/trials.jsonl" ] || jq -c . "$w/trials.jsonl" > /dev/null
		i=$((i + 1))
	done
	step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(stopped)" = proposer_exhausted ]
	# (the points are in $T/points)
	# the kills fell at different points of the run, broadcasts included
	[ "$(sort -u "$T/points" | wc -l)" -ge 4 ]
	[ "$(awk '$4 > 0' "$T/points" | wc -l)" -ge 2 ]
	# every trial recorded exactly once, in order
	[ "$(jq -r .trialId "$w/trials.jsonl" | tr '\n' ' ')" = "t000001 t000002 t000003 " ]
	[ "$(jq -r .decision "$w/trials.jsonl" | tr '\n' ' ')" = "discarded kept refused " ]
	# from the chain: exactly one proposal, for the kept commit's code; one buy
	[ "$(submitted "$pid" | wc -l)" -eq 1 ]
	[ "$(submitted "$pid" | jq -r .data | cut -c 67-130)" = "$(sed -n 2p "$w/trials.jsonl" | jq -r .treeRoot | cut -c 3-)" ]
	tk=$(view "$(registry)" 'tokenOf(uint256)(address)' "$pid" | jq -r '."0"')
	n=$(jq -cn --arg a "$tk" --arg t1 "$(printf '0x000000000000000000000000%s' "$(printf '%s' "${ETH_FROM#0x}" | tr A-F a-f)")" \
	    '{address: $a, topics: ["0xa9a40dec7a304e5915d11358b968c1e8d365992abf20f82285d1df1b30c8e24c", $t1]}' |
	    or-rpc logs | jq -c 'select(.kind == "log")' | wc -l)
	[ "$n" -eq 1 ]
	[ -z "$(git -C "$T/w" status --porcelain)" ]
}

@test "frontier moved between sync and submit: the submission is skipped, nothing staked" {
	pid=$(publish tinysort)
	account 6
	step init --project "$pid" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	patches tinysort "$T/p" improve
	step loop --dir "$T/w" --no-submit --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(sed -n 1p "$w/trials.jsonl" | jq -r .beatsNetworkBest)" = true ]
	# another miner's proposal is approved with a far better score: the
	# registry's best moves (updateBest through the ledger, done here by
	# impersonating the ledger on anvil)
	update_best "$pid" -1 0x1111111111111111111111111111111111111111111111111111111111111111
	step submit --dir "$T/w" t000001
	assert_success
	[ "$(stopped)" = frontier_moved ] || { echo "$output"; false; }
	[ "$(submitted "$pid" | wc -l)" -eq 0 ]
	[ ! -e "$w/submissions/t000001/paired" ]
}

@test "wallet: init makes a dedicated key; mine.sh refuses chain mining until the check passes, naming what is missing" {
	printf 'secret\n' > "$T/pw"
	chmod 644 "$T/pw"
	step wallet init --keystore "$T/ks" --password-file "$T/pw"
	assert_failure 1
	[ "$(stopped)" = password_file ]
	chmod 600 "$T/pw"
	step wallet init --keystore "$T/ks" --password-file "$T/pw"
	assert_success
	[ "$(stopped)" = key_created ]
	key=$(final | jq -r .address)
	[ "$(ls "$T/ks" | wc -l)" -eq 1 ]
	pid=$(publish tinysort)
	account 7
	step init --project "$pid" --dir "$T/w"
	assert_success
	patches tinysort "$T/p" improve
	# the fresh key: no gas, no recipient
	unset OR_REWARD_RECIPIENT
	ETH_KEYSTORE=$T/ks ETH_FROM=$key ETH_PASSWORD=$T/pw step mine --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_failure 1
	[ "$(stopped)" = wallet_not_ready ]
	assert_output --partial native_balance
	assert_output --partial reward_recipient
	[ ! -s "$T/w/.autoresearch/mine/trials.jsonl" ]
	# the recipient set to the key itself is refused too
	OR_REWARD_RECIPIENT=$key ETH_KEYSTORE=$T/ks ETH_FROM=$key ETH_PASSWORD=$T/pw step wallet check --dir "$T/w"
	assert_failure 1
	assert_output --partial 'OR_REWARD_RECIPIENT is the mining key'
	# a funded key with a recipient is ready: mining starts
	export OR_REWARD_RECIPIENT
	OR_REWARD_RECIPIENT=$(jq -r '.accounts[8].address' "$BATS_FILE_TMPDIR/devnet.json")
	OR_MIN_GAS_WEI=0.01ether OR_MAX_BUY_WEI=1ether step wallet check --dir "$T/w"
	assert_success
	[ "$(stopped)" = ready ]
	# wei amounts with unit suffixes: more gas than the key holds, a budget
	# below the price of the stake
	OR_MIN_GAS_WEI=1000000ether step wallet check --dir "$T/w"
	assert_failure 1
	assert_output --partial 'below 1000000000000000000000000 for gas'
	OR_MAX_BUY_WEI=1wei step wallet check --dir "$T/w"
	assert_failure 1
	assert_output --partial 'above OR_MAX_BUY_WEI (1 wei)'
	OR_MIN_GAS_WEI=1.5 step wallet check --dir "$T/w"
	assert_failure 2
	assert_output --partial "OR_MIN_GAS_WEI '1.5' is not a wei amount"
	unset OR_REWARD_RECIPIENT
	OR_REWARD_RECIPIENT=$(jq -r '.accounts[8].address' "$BATS_FILE_TMPDIR/devnet.json") \
	    step mine --dir "$T/w" --no-submit --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(stopped)" = proposer_exhausted ]
}

@test "mine.sh next: program, local best, threshold, last trials, sidechat marked untrusted" {
	cp -R "$EX/tinysort/repo" "$T/src"
	step init --protocol "$EX/tinysort/protocol.json" --tree "$T/src" --dir "$T/w"
	assert_success
	patches tinysort "$T/p" improve
	step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	run dash "$S/mine.sh" next --dir "$T/w"
	assert_success
	[ "$(printf '%s\n' "$output" | jq -r .localBest)" = "$(jq -r .primaryMetricValue "$T/w/.autoresearch/mine/trials.jsonl")" ]
	[ "$(printf '%s\n' "$output" | jq -r '.lastTrials[0].decision')" = kept ]
	[ "$(printf '%s\n' "$output" | jq -r .sidechat.untrusted)" = true ]
	printf '%s\n' "$output" | jq -r .program | grep -q .
}

@test "sidechat: notes sent to each peer after a trial, received ones journalled as untrusted, oversized dropped" {
	mkdir -p "$T/inbox"
	a=$(printf 'a%.0s' $(seq 64)) b=$(printf 'b%.0s' $(seq 64))
	printf '{"type":"MINER_EXPERIENCE","hypothesis":"try\\u0007 merge sort"}' > "$T/inbox/1-$a"
	printf 'not json \001' > "$T/inbox/2-$b"
	head -c 70000 /dev/zero | tr '\0' x > "$T/inbox/3-$a"
	printf '{"n":4}' > "$T/inbox/4-$b"
	python3 "$OR_TOP/tests/helpers/axl-stub.py" "$T/inbox" "$T/sent" > "$T/port" &
	stub=$!
	for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
	export OR_SIDECHAT=1 OR_AXL_API=http://127.0.0.1:$(cat "$T/port") OR_AXL_PEERS="$a,$b"
	cp -R "$EX/tinysort/repo" "$T/src"
	step init --protocol "$EX/tinysort/protocol.json" --tree "$T/src" --dir "$T/w"
	assert_success
	patches tinysort "$T/p" improve
	step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	kill "$stub"
	assert_success
	w=$T/w/.autoresearch/mine
	# polled before the first trial: three kept, the oversized one dropped
	[ "$(wc -l < "$w/sidechat.jsonl")" -eq 3 ]
	[ "$(jq -r .untrusted "$w/sidechat.jsonl" | sort -u)" = true ]
	[ "$(sed -n 1p "$w/sidechat.jsonl" | jq -r .fromPeer)" = "$a" ]
	[ "$(sed -n 1p "$w/sidechat.jsonl" | jq -r .body.hypothesis)" = "try merge sort" ]
	[ "$(sed -n 2p "$w/sidechat.jsonl" | jq -r .bodyBase64 | base64 -d)" = "$(printf 'not json \001')" ]
	[ "$(sed -n 3p "$w/sidechat.jsonl" | jq -c .body)" = '{"n":4}' ]
	# the note of t000001 went to both peers
	[ "$(jq -r .peer "$T/sent" | tr '\n' ' ')" = "$a $b " ]
	[ "$(jq -r '.body | fromjson | .trialId + " " + .decision + " " + .type' "$T/sent" | sort -u)" = 't000001 kept MINER_EXPERIENCE' ]
}

@test "stop conditions: max_stagnant, STOP file, three proposer failures, no_change; trial.sh runs one trial of an edit in place" {
	cp -R "$EX/tinysort/repo" "$T/src"
	step init --protocol "$EX/tinysort/protocol.json" --tree "$T/src" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	# an edit that changes nothing measurable: discarded, twice, then stagnant
	step loop --dir "$T/w" --max-stagnant 2 --propose 'printf "/* %s */\n" "$OR_TRIAL_ID" >> src/sort.c'
	assert_success
	[ "$(stopped)" = max_stagnant ]
	[ "$(jq -r .decision "$w/trials.jsonl" | tr '\n' ' ')" = "discarded discarded " ]
	[ -z "$(git -C "$T/w" status --porcelain)" ]
	# no edit at all
	step loop --dir "$T/w" --max-trials 3 --propose 'true'
	assert_success
	[ "$(stopped)" = max_trials ]
	[ "$(sed -n 3p "$w/trials.jsonl" | jq -r .decision)" = no_change ]
	# failures: the proposer's half edit is reverted; three in a row stop
	step loop --dir "$T/w" --propose 'echo x >> src/sort.c; exit 7'
	assert_success
	[ "$(stopped)" = proposer_failed ]
	[ "$(jq -r .decision "$w/trials.jsonl" | tail -n 3 | sort -u)" = proposer_failed ]
	[ "$(tail -n 1 "$w/trials.jsonl" | jq -r .proposer.exit)" = 7 ]
	[ -z "$(git -C "$T/w" status --porcelain)" ]
	# a proposer that commits by itself is refused and HEAD goes back
	h=$(git -C "$T/w" rev-parse HEAD)
	step loop --dir "$T/w" --max-trials 7 --propose 'echo "/* c */" >> src/sort.c && git -c user.name=a -c user.email=a@b commit -qam sneaky'
	assert_success
	[ "$(tail -n 1 "$w/trials.jsonl" | jq -r '.decision + " " + .error.code')" = 'refused mine.git_touched' ] || { echo "$output"; tail -n 2 "$w/trials.jsonl"; false; }
	[ "$(git -C "$T/w" rev-parse HEAD)" = "$h" ]
	# a new file whose name git quotes (a quote, a space, a backslash):
	# refused under its real name, and removed
	step loop --dir "$T/w" --max-trials 8 --propose 'echo x > "we\"ird \\name.txt"'
	assert_success
	[ "$(tail -n 1 "$w/trials.jsonl" | jq -c '[.decision, .changedPaths, .violations]')" = '["refused",["we\"ird \\name.txt"],[{"path":"we\"ird \\name.txt","class":"other"}]]' ] ||
	    { tail -n 1 "$w/trials.jsonl"; false; }
	[ -z "$(git -C "$T/w" status --porcelain)" ]
	# the STOP file stops before the next trial
	touch "$w/STOP"
	step loop --dir "$T/w" --propose 'true'
	assert_success
	[ "$(stopped)" = stop_file ]
	[ "$(wc -l < "$w/trials.jsonl")" -eq 8 ]
	rm "$w/STOP"
	# trial.sh: the agent's own edit (the improvement), one trial, kept
	(cd "$T/w" && git apply "$EX/tinysort/patches/improve.patch")
	step trial --dir "$T/w" --hypothesis $'merge sort\001 please'
	assert_success
	[ "$(stopped)" = max_trials ]
	[ "$(tail -n 1 "$w/trials.jsonl" | jq -r '.decision + " " + .hypothesis')" = 'kept merge sort please' ]
	[ "$(wc -l < "$w/trials.jsonl")" -eq 9 ]
	# a second loop on a locked workspace is refused
	exec 7>> "$w/lock"
	flock -n 7
	step loop --dir "$T/w" --propose true
	assert_failure 1
	[ "$(stopped)" = locked ]
}

@test "the incumbent moves (another miner approved): committed on or-incumbent, merged into the mining branch, re-measured" {
	pid=$(publish tinysort)
	account 2
	step init --project "$pid" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	patches tinysort "$T/p" improve
	step loop --dir "$T/w" --no-submit --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	kept=$(git -C "$T/w" rev-parse HEAD)
	# another miner's code: the baseline with a comment added to src/sort.h
	cp -R "$EX/tinysort/repo" "$T/other"
	echo '/* other miner */' >> "$T/other/src/sort.h"
	or-pack pack "$T/other" -o "$T/other.tar" > /dev/null
	root=$(or-put0g put "$T/other.tar" | jq -r .root)
	update_best "$pid" -254000000000 "$root"
	OR_MINE_SYNC_SECONDS=0 step loop --dir "$T/w" --no-submit --max-trials 2 --propose true
	assert_success
	[ "$(jq -r .incumbentCodeHash "$w/network_state.json")" = "$root" ]
	[ "$(jq -r .incumbentCodeHash "$w/incumbent.json")" = "$root" ]
	# the new incumbent commit packs to its root, with its trailer
	ib=or-incumbent/$pid
	[ "$(or-pack pack -C "$T/w" --commit "$ib" | jq -r .root)" = "$root" ]
	[ "$(git -C "$T/w" log -1 --format='%(trailers:key=OR-Incumbent,valueonly)' "$ib" | sed '/^$/d')" = "$root" ]
	# the mining branch merged it: both changes, the kept commit an ancestor
	git -C "$T/w" merge-base --is-ancestor "$kept" HEAD
	grep -q 'other miner' "$T/w/src/sort.h"
	grep -qi 'merge' "$T/w/src/sort.c"
	[ -z "$(git -C "$T/w" status --porcelain)" ]
	# re-measured: the incumbent at the baseline, the head at the kept value
	[ "$(jq -r .summary.aggregate "$w/incumbent.json")" = "$(jq -r .summary.aggregate "$T/pub-tinysort/base/summary.json")" ]
	[ "$(jq -r .head.aggregate "$w/incumbent.json")" = "$(sed -n 1p "$w/trials.jsonl" | jq -r .primaryMetricValue)" ]
	[ "$(sed -n 2p "$w/trials.jsonl" | jq -r '.decision + " " + .localBestBefore')" = "no_change $(sed -n 1p "$w/trials.jsonl" | jq -r .score)" ]
}

@test "resume: a start after a crash at the measured or the reverted phase decides from the measurement, records the trial once" {
	cp -R "$EX/tinysort/repo" "$T/src"
	step init --protocol "$EX/tinysort/protocol.json" --tree "$T/src" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	patches tinysort "$T/p" regress
	step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	r1=$(cat "$w/trials.jsonl")
	[ "$(printf '%s\n' "$r1" | jq -r .decision)" = discarded ]
	cur=$(printf '%s\n' "$r1" | jq -c '{trialId, baseCommit: .gitHeadBefore, startedAt, proposerExit: .proposer.exit,
	    proposerWallUs: .proposer.wallUs, treeRoot, harnessExit: .harnessExitCode}')
	# an or-bench that must not run: the measurement is there
	mkdir "$T/bin"
	printf '#!/bin/sh\necho called >> %s/bench-called\nexit 5\n' "$T" > "$T/bin/or-bench"
	chmod +x "$T/bin/or-bench"
	# killed after the revert, before the append: the record is appended as it was
	: > "$w/trials.jsonl"
	jq -cn --argjson c "$cur" --argjson r "$r1" '{schema: "openresearch/mine-loop/v1", current: ($c + {phase: "reverted", record: $r})}' > "$w/loop.json"
	PATH=$T/bin:$PATH step loop --dir "$T/w" --max-trials 1 --propose false
	assert_success
	[ "$(stopped)" = max_trials ]
	[ "$(cat "$w/trials.jsonl")" = "$r1" ]
	[ "$(jq -c .current "$w/loop.json")" = null ]
	# killed after the measurement, the edit still in the checkout: decided
	# from runs/t000001/summary.json, reverted, recorded once
	(cd "$T/w" && git apply "$EX/tinysort/patches/regress.patch")
	: > "$w/trials.jsonl"
	printf 'x\n{"hypothesis":"apply 1-regress"}\n' > "$w/proposer.out"
	jq -cn --argjson c "$cur" '{schema: "openresearch/mine-loop/v1", current: ($c + {phase: "measured"})}' > "$w/loop.json"
	PATH=$T/bin:$PATH step loop --dir "$T/w" --max-trials 1 --propose false
	assert_success
	[ "$(wc -l < "$w/trials.jsonl")" -eq 1 ]
	[ "$(jq -c 'del(.utcTimestamp, .durationUs)' "$w/trials.jsonl")" = "$(printf '%s\n' "$r1" | jq -c 'del(.utcTimestamp, .durationUs)')" ]
	[ ! -e "$T/bench-called" ]
	[ -z "$(git -C "$T/w" status --porcelain)" ]
	[ "$(jq -c .current "$w/loop.json")" = null ]
}

@test "SIGTERM: the trial under way is finished and recorded, then the loop stops with reason signal" {
	cp -R "$EX/tinysort/repo" "$T/src"
	step init --protocol "$EX/tinysort/protocol.json" --tree "$T/src" --dir "$T/w"
	assert_success
	patches tinysort "$T/p" improve regress
	touch "$T/go"
	dash "$S/loop.sh" --dir "$T/w" --propose "while [ -e $T/go ]; do sleep 0.1; done; sh $S/proposers/patches.sh $T/p" \
	    > "$T/out" 2> "$T/err" &
	pid=$!
	for _ in $(seq 100); do [ -n "$(jq -r '.current.phase // empty' "$T/w/.autoresearch/mine/loop.json" 2> /dev/null)" ] && break; sleep 0.1; done
	kill -TERM "$pid"
	rm "$T/go"
	wait "$pid"
	[ "$(tail -n 1 "$T/out" | jq -r .stopped)" = signal ]
	[ "$(wc -l < "$T/w/.autoresearch/mine/trials.jsonl")" -eq 1 ]
	[ "$(jq -r .decision "$T/w/.autoresearch/mine/trials.jsonl")" = kept ]
	[ "$(jq -c .current "$T/w/.autoresearch/mine/loop.json")" = null ]
}

@test "a paired verdict that does not approve: recorded not_confirmed, nothing stored on chain, not retried" {
	pid=$(publish tinysort)
	account 1
	step init --project "$pid" --dir "$T/w"
	assert_success
	w=$T/w/.autoresearch/mine
	patches tinysort "$T/p" improve
	step loop --dir "$T/w" --no-submit --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	# an or-bench whose paired verdict is turned into a rejection
	mkdir "$T/bin"
	cat > "$T/bin/or-bench" <<EOF2
#!/bin/sh
"$OR_TOP/bin/or-bench" "\$@"
s=\$?
for a; do
	case \$a in paired)
		for o; do [ "\$p" = --out ] && d=\$o; p=\$o; done
		jq '.paired.decision = "reject" | .paired.reason = "noisy"' "\$d/paired.json" > "\$d/x" && mv "\$d/x" "\$d/paired.json" ;;
	esac
done
exit \$s
EOF2
	chmod +x "$T/bin/or-bench"
	PATH=$T/bin:$PATH step submit --dir "$T/w" t000001
	assert_success
	[ "$(stopped)" = not_confirmed ]
	[ "$(final | jq -r .reason)" = noisy ]
	[ "$(jq -r 'select(.step == "confirm") | .state' "$w/submissions.jsonl" | tail -n 1)" = not_confirmed ]
	[ "$(submitted "$pid" | wc -l)" -eq 0 ]
	[ ! -e "$w/submissions/t000001/tx.jsonl" ] || [ ! -s "$w/submissions/t000001/tx.jsonl" ]
	# the loop does not submit it again
	step loop --dir "$T/w" --propose "sh $S/proposers/patches.sh $T/p"
	assert_success
	[ "$(final | jq -r .submissions)" = 0 ]
	[ "$(submitted "$pid" | wc -l)" -eq 0 ]
}
