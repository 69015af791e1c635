#!/usr/bin/env bats
# The validate workflow (skills/autoresearch-validate) under dash on a devnet
# with the project's contracts and a local store: one tinysort project
# published in setup_file, proposals submitted by tests/helpers/
# submit-proposal.sh (honest ones and a fraud corpus), each test on its own
# anvil snapshot.

load helpers

S=$OR_TOP/skills/autoresearch-validate/scripts
EX=$OR_TOP/examples
SUBMIT=$OR_TOP/tests/helpers/submit-proposal.sh

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	export OR_STORE=$BATS_FILE_TMPDIR/store
	local F=$BATS_FILE_TMPDIR
	sh "$OR_TOP/scripts/devnet" start > "$F/devnet.json"
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	local v; v=$(jq -r '.accounts[1].address' "$F/devnet.json")
	sh "$OR_TOP/scripts/deploy-contracts" --verifier "$v" "$F/deployment.json" > "$F/deploy.out" 2> "$F/deploy.err"
	export OR_DEPLOYMENT=$F/deployment.json
	publish > "$F/project-id"
	# the test-only variants that behave like the public deployment, with a
	# project whose miner pool holds one token
	sh "$OR_TOP/scripts/deploy-contracts" --variant galileo --verifier "$v" "$F/galileo.json" > "$F/deploy-g.out" 2> "$F/deploy-g.err"
	OR_DEPLOYMENT=$F/galileo.json create_project 1 > "$F/galileo-id"
	honest "$F/honest"
	snapshot > "$F/snapshot"
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

setup() {
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export OR_DEPLOYMENT=$BATS_FILE_TMPDIR/deployment.json
	export OR_STORE=$BATS_FILE_TMPDIR/store
	export OR_PROJECT_ID; OR_PROJECT_ID=$(cat "$BATS_FILE_TMPDIR/project-id")
	F=$BATS_FILE_TMPDIR T=$BATS_TEST_TMPDIR H=$BATS_FILE_TMPDIR/honest P=$BATS_FILE_TMPDIR/pub
	# every test starts from the published project
	rpc evm_revert "$(cat "$F/snapshot")" > /dev/null
	snapshot > "$F/snapshot"
}

rpc() { or-rpc -q "$@" < /dev/null; }
snapshot() { rpc evm_snapshot | jq -r .result; }
addr() { jq -r ".accounts[$1].address" "$BATS_FILE_TMPDIR/devnet.json"; }
view() {
	local to=$1
	shift
	or-abi encode "$@" | jq -c --arg to "$to" '. + {to: $to}' | or-rpc call | jq -c .decoded
}
ledger() { jq -r .contracts.ProposalLedger.address "$OR_DEPLOYMENT"; }
registry() { jq -r .contracts.ProjectRegistry.address "$OR_DEPLOYMENT"; }
tx() { printf '%s\n' "$1" | or-abi encode | or-rpc fill | or-sign tx | or-rpc send | or-rpc wait; }
status_of() { view "$(ledger)" 'getProposal(uint256)(uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8)' "$1" | jq -r '."12"'; }

# publish: the tinysort project as account 9 (artifacts made directly, as
# create would); prints the project id.
publish() {
	local d=$BATS_FILE_TMPDIR/pub
	mkdir -p "$d"
	cp -R "$EX/tinysort/repo" "$d/repo"
	# the example's protocol, with a forbidden folder inside the surface
	jq '.mutableSurface.forbiddenGlobs = ["src/vendor/**"]' "$EX/tinysort/protocol.json" > "$d/protocol.src.json"
	or-protocol fmt -o "$d/protocol.json" "$d/protocol.src.json" > /dev/null
	or-pack pack "$d/repo" -o "$d/snap.tar" > /dev/null
	or-gate surface --protocol "$d/protocol.json" --class immutable "$d/repo" |
	    jq -c 'select(.class == "immutable")' > "$d/h.jsonl"
	or-pack pack "$d/repo" --paths "$d/h.jsonl" -o "$d/bench.tar" > /dev/null
	mkdir "$d/h" && or-pack unpack "$d/bench.tar" "$d/h" > /dev/null
	or-bench run --protocol "$d/protocol.json" --trusted "$d/h" --out "$d/base" "$d/repo" > /dev/null 2>&1
	local score ph sh bh mh id
	score=$(jq -r .summary.score "$d/base/summary.json")
	echo "$score" > "$d/score"
	ph=$(or-put0g put "$d/protocol.json" | jq -r .root)
	sh=$(or-put0g put "$d/snap.tar" | jq -r .root)
	bh=$(or-put0g put "$d/bench.tar" | jq -r .root)
	mh=$(or-put0g put "$d/base/summary.json" | jq -r .root)
	echo "$ph" > "$d/protocol-hash"
	printf '%s %s %s %s %s\n' "$ph" "$sh" "$bh" "$score" "$mh" > "$d/roots"
	create_project 21000000
}

# create_project CAP: the published artifacts as a project of OR_DEPLOYMENT's
# registry with miner pool CAP, created by account 9; prints its id.
create_project() {
	local d=$BATS_FILE_TMPDIR/pub ph sh bh score mh id
	read -r ph sh bh score mh < "$d/roots"
	id=$(view "$(registry)" 'nextProjectId()(uint256)' | jq -r '."0"')
	ETH_FROM=$(addr 9) tx "$(jq -cn --arg to "$(registry)" \
	    --arg ph "$ph" --arg sh "$sh" --arg bh "$bh" --arg s "$score" --arg mh "$mh" --arg cap "$1" \
	    '{to: $to, sig: "createProject(bytes32,bytes32,bytes32,int256,bytes32,string,string,uint256,uint256,uint256)",
	      args: [$ph, $sh, $bh, $s, $mh, "tinysort", "TS", "1000000000000000", "1000000000000", $cap]}')" > "$d/create-$1.json"
	[ "$(jq -r .receipt.status "$d/create-$1.json")" = 1 ]
	echo "$id"
}

# candidate DIR PATCH...: the published repo with the example patches applied.
candidate() {
	local d=$1 p
	shift
	cp -R "$BATS_FILE_TMPDIR/pub/repo" "$d"
	for p; do patch -s -d "$d" -p1 < "$EX/tinysort/patches/$p.patch"; done
}

# evidence TREE OUT [CLAIM-JQ]: pack TREE to OUT/code.tar, measure it against
# the published incumbent as the miner's confirm step does, and write
# OUT/evidence.json (claim = normalizedLow unless a jq edit says otherwise).
evidence() {
	local tree=$1 out=$2 edit=${3:-.}
	local pub=$BATS_FILE_TMPDIR/pub
	mkdir -p "$out"
	local root; root=$(or-pack pack "$tree" -o "$out/code.tar" | jq -r .root)
	or-bench paired --protocol "$pub/protocol.json" --trusted "$pub/h" --out "$out/paired" \
	    --incumbent "$pub/repo" --candidate "$tree" --incumbent-score "$(cat "$pub/score")" > /dev/null 2>&1 || true
	jq -n --slurpfile p "$out/paired/paired.json" --arg c "$root" --arg ph "$(cat "$pub/protocol-hash")" \
	    --arg pid "$(cat "$BATS_FILE_TMPDIR/project-id")" --arg m "$(addr 2)" '
	    {schema: "openresearch/miner-evidence/v1", chainId: 31337, projectId: $pid, protocolHash: $ph, miner: $m,
	     codeHash: $c, claimedScore: $p[0].paired.normalizedLow, paired: $p[0].paired, runs: []}' |
	    jq "$edit" > "$out/evidence.json"
}

honest() { candidate "$1.tree" improve; evidence "$1.tree" "$1"; }

# submit DIR [CLAIM]: submit DIR/code.tar and DIR/evidence.json as the miner
# (account 2); sets pid.
submit() {
	local claim=${2:-$(jq -r .claimedScore "$1/evidence.json")}
	pid=$(ETH_FROM=$(addr 2) sh "$SUBMIT" "${CODE:-$1/code.tar}" "$1/evidence.json" "$claim")
	[ -n "$pid" ]
}

# step NAME ARGS...: a validate script under dash as the verifier (account
# 1); its output ends with one final line.
step() {
	local n=$1
	shift
	ETH_FROM=$(addr 1) run dash "$S/$n.sh" "$@"
	if [ "${lines[${#lines[@]}-1]:0:11}" != '{"stopped":' ]; then
		printf '%s.sh: no final line:\n%s\n' "$n" "$output"
		return 1
	fi
}
final() { printf '%s\n' "${lines[${#lines[@]}-1]}"; }
stopped() { final | jq -r .stopped; }
result() { tail -n 1 "$T/.autoresearch/validate/results.jsonl"; }
gate_of() { result | jq -r --arg n "$1" '.gates[] | select(.name == $n) | .status'; }

# expect_reject REASON GATE: validate $pid, rejected for REASON with GATE
# failed, the stake slashed on chain.
expect_reject() {
	step validate --dir "$T" "$pid"
	assert_success
	[ "$(stopped)" = rejected ] || { echo "$output"; false; }
	[ "$(result | jq -r .reasonCode)" = "$1" ]
	[ "$(gate_of "$2")" = failed ]
	[ "$(status_of "$pid")" = 3 ]
	[ "$(result | jq -r .metricsHash)" = "$(final | jq -r .metricsHash)" ]
}

@test "every script (one per stage), the helper and the benchmark are shellcheck -s sh clean and parse under dash; lib.sh is the other skills'" {
	local n=0 f
	for f in "$S"/*.sh; do
		shellcheck -s sh -x -P "$S" "$f"
		dash -n "$f"
		n=$((n + 1))
	done
	[ "$n" -ge 6 ]
	# the issue's scripts: preflight, discover, one per stage, validate, watch
	for f in preflight discover checks fetch claim gates measure decide settle validate watch verify-result; do
		[ -f "$S/$f.sh" ]
	done
	# the test helper and the benchmark too
	shellcheck -s sh "$SUBMIT"
	dash -n "$SUBMIT"
	shellcheck -s sh -x -P "$OR_TOP/tests/bench" "$OR_TOP/tests/bench/validate.sh"
	dash -n "$OR_TOP/tests/bench/validate.sh"
	cmp "$S/lib.sh" "$OR_TOP/skills/autoresearch-create/scripts/lib.sh"
	cmp "$S/lib.sh" "$OR_TOP/skills/autoresearch-mine/scripts/lib.sh"
}

@test "an honest proposal is approved: best score, stake and reward on chain" {
	submit "$H"
	step validate --dir "$T" "$pid"
	assert_success
	echo "$output"; result || true
	[ "$(stopped)" = approved ]
	r=$(result)
	[ "$(sfield "$r" reasonCode)" = ok ]
	S_C=$(jq -r .paired.normalizedScore "$H/evidence.json")
	[ "$(sfield "$r" verifiedScore)" = "$S_C" ]
	[ "$(status_of "$pid")" = 2 ]
	best=$(view "$(registry)" 'getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)' "$OR_PROJECT_ID")
	[ "$(printf '%s\n' "$best" | jq -r '."6"')" = "$S_C" ]
	[ "$(printf '%s\n' "$best" | jq -r '."5"')" = "$(jq -r .codeHash "$H/evidence.json")" ]
	[ "$(printf '%s\n' "$best" | jq -r '."7"')" = "$(sfield "$r" metricsHash)" ]
	token=$(printf '%s\n' "$best" | jq -r '."9"')
	# stake back (1) plus the reward (1)
	[ "$(view "$token" 'balanceOf(address)(uint256)' "$(addr 2)" | jq -r '."0"')" = 2 ]
	[ "$(printf '%s\n' "$r" | jq -r '[.gates[].name] | join(",")')" = protocol,get_code,get_evidence,claim_consistency,unpack,get_incumbent,claim,harness,static_gates,setup,measure,metric_channel,noise,improvement,claim_check,settle ]
	[ "$(printf '%s\n' "$r" | jq -r '[.gates[] | select(.status != "passed")] | length')" = 0 ]
	[ "$(printf '%s\n' "$r" | jq -r '[.transactions[].kind] | join(",")')" = claimReview,approve ]
	# decided: a second run skips it (taken), with no transaction
	step validate --dir "$T" "$pid"
	assert_success
	[ "$(stopped)" = skipped ]
	[ "$(result | jq -r '.reasonCode + " " + (.transactions | length | tostring)')" = "taken 0" ]
	# the evidence is stored under metricsHash
	or-put0g get "$(sfield "$r" metricsHash)" -o "$T/ev.json"
	cmp "$T/ev.json" "$T/.autoresearch/validate/evidence/$pid.json"
	# the attestation: signed by the registered verifier over the result
	[ "$(printf '%s\n' "$r" | jq -r .attestation.signer)" = "$(addr 1)" ]
	printf '%s\n' "$r" > "$T/r.jsonl"
	run dash "$S/verify-result.sh" "$T/r.jsonl"
	assert_success
	[ "$(final | jq -r .stopped)" = verified ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -r .verified)" = true ]
	# a changed score, a changed reason, another signer's claim: refused
	printf '%s\n' "$r" | jq -c '.verifiedScore = "-1"' > "$T/bad1.jsonl"
	printf '%s\n' "$r" | jq -c '.reasonCode = "no_improvement" | .result = "rejected"' > "$T/bad2.jsonl"
	printf '%s\n' "$r" | jq -c --arg a "$(addr 3)" '.attestation.signer = $a' > "$T/bad3.jsonl"
	for b in 1 2 3; do
		run dash "$S/verify-result.sh" "$T/bad$b.jsonl"
		assert_failure 1
		[ "$(final | jq -r .stopped)" = not_verified ]
	done
}

# fraud TREE: evidence measured on TREE, claim its normalizedLow, submitted.
# (a failing candidate has no interval: the fraudster claims the honest
# score, consistently in its evidence).
fraud() {
	local h; h=$(jq -r .claimedScore "$H/evidence.json")
	evidence "$1" "$T/ev" "if .claimedScore == null then .claimedScore = \"$h\" | .paired.normalizedLow = \"$h\" else . end"
	submit "$T/ev"
}

@test "fraud: a harness file modified is rejected harness_tampered" {
	candidate "$T/c" improve harness-edit
	fraud "$T/c"
	expect_reject harness_tampered harness
	result | jq -e '.gates[] | select(.name == "harness") | .detail | test("bench/driver.c")'
}

@test "fraud: a forbidden file added, a hard-denied file added, a file outside the surface changed: static_gate_failed" {
	candidate "$T/c" improve
	mkdir -p "$T/c/src/vendor" && echo 'int x;' > "$T/c/src/vendor/x.c"
	fraud "$T/c"
	expect_reject static_gate_failed static_gates
	[ "$(result | jq -r '.gates[] | select(.name == "static_gates") | .detail')" = "forbidden: src/vendor/x.c" ]
	rm -rf "$T/c" "$T/ev"
	candidate "$T/c" improve
	mkdir -p "$T/c/.github/workflows" && echo 'on: push' > "$T/c/.github/workflows/ci.yml"
	fraud "$T/c"
	expect_reject static_gate_failed static_gates
	[ "$(result | jq -r '.gates[] | select(.name == "static_gates") | .detail')" = "hard_deny: .github/workflows/ci.yml" ]
	rm -rf "$T/c" "$T/ev"
	candidate "$T/c" improve outside
	fraud "$T/c"
	expect_reject static_gate_failed static_gates
	result | jq -e '.gates[] | select(.name == "static_gates") | .detail | startswith("outside_surface: ")'
}

@test "fraud: a symlink into the harness is rejected" {
	candidate "$T/c" improve
	ln -s ../bench/driver.c "$T/c/src/peek.c"
	fraud "$T/c"
	expect_reject static_gate_failed static_gates
	result | jq -e '.gates[] | select(.name == "static_gates") | .detail | test("src/peek.c")'
}

@test "fraud: code whose root is not stored is rejected code_unavailable" {
	candidate "$T/c" improve
	echo '/* never stored */' >> "$T/c/src/sort.c"
	evidence "$T/c" "$T/ev"
	OR_SUBMIT_STORE=evidence submit "$T/ev"
	expect_reject code_unavailable get_code
	[ "$(gate_of get_evidence)" = skipped ]
}

@test "fraud: the evidence of another proposal is rejected claim_inconsistent" {
	candidate "$T/c" regress
	evidence "$T/c" "$T/ev"
	cp "$H/evidence.json" "$T/ev/evidence.json"
	submit "$T/ev"
	expect_reject claim_inconsistent claim_consistency
	result | jq -e '.error | test("codeHash")'
	[ "$(gate_of unpack)" = skipped ]
}

@test "fraud: an extra metric line printed by the candidate is rejected metric_spoofed" {
	candidate "$T/c" improve
	cat >> "$T/c/src/sort.c" <<'C'

#include <stdio.h>
__attribute__((constructor)) static void spoof(void) { printf("comparisons: 1\n"); }
C
	fraud "$T/c"
	expect_reject metric_spoofed metric_channel
}

@test "fraud: a claim far above what the code achieves is rejected claim_not_reproduced" {
	candidate "$T/c" improve
	evidence "$T/c" "$T/ev" '.claimedScore = "-1000" | .paired.normalizedLow = "-1000"'
	submit "$T/ev"
	expect_reject claim_not_reproduced claim_check
	[ "$(gate_of improvement)" = passed ]
}

@test "fraud: candidate code that tries the network fails inside the sandbox: candidate_failed" {
	candidate "$T/c" improve
	cat >> "$T/c/src/sort.c" <<'C'

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
__attribute__((constructor)) static void phone_home(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80), .sin_addr.s_addr = htonl(0x01010101) };
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a)) != 0)
		exit(7);
	close(s);
}
C
	fraud "$T/c"
	expect_reject candidate_failed measure
	[ "$(gate_of static_gates)" = warned ]
}

# claim ID: the verifier claims the review directly (a review in progress).
claim() {
	ETH_FROM=$(addr 1) tx "$(jq -cn --arg to "$(ledger)" --arg i "$1" '{to: $to, sig: "claimReview(uint256)", args: [$i]}')" |
	    jq -e '.receipt.status == 1' > /dev/null
}
stake_held() { view "$(ledger)" 'getProposal(uint256)(uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8)' "$1" | jq -r '."8"'; }

# expect_release REASON: validate $pid, released for REASON, back to Pending,
# the stake untouched.
expect_release() {
	step validate --dir "$T" "$pid"
	assert_success
	[ "$(stopped)" = "${2:-released}" ] || { echo "$output"; false; }
	[ "$(result | jq -r .reasonCode)" = "$1" ]
	[ "$(result | jq -r .metricsHash)" = null ]
	[ "$(stake_held "$pid")" = 1 ]
}

@test "storage unreachable: skipped with no claim before it, released without a slash after it" {
	submit "$H"
	OR_STORE=$T/empty OR_ZG_NODES=http://127.0.0.1:9 step validate --dir "$T" "$pid"
	assert_success
	[ "$(stopped)" = skipped ]
	[ "$(result | jq -r .reasonCode)" = storage_unavailable ]
	[ "$(result | jq -r '.transactions | length')" = 0 ]
	[ "$(status_of "$pid")" = 0 ]
	claim "$pid"
	[ "$(status_of "$pid")" = 1 ]
	OR_STORE=$T/empty OR_ZG_NODES=http://127.0.0.1:9 expect_release storage_unavailable
	[ "$(status_of "$pid")" = 0 ]
	[ "$(result | jq -r '.transactions[].kind')" = releaseReview ]
}

@test "a noisy incumbent releases measurement_too_noisy; a gate tool crash releases gate_error" {
	mkdir "$T/shim"
	cat > "$T/shim/or-bench" <<SH
#!/bin/sh
# or-bench as on a noisy machine: the real verdict replaced by a noisy incumbent
out=
prev=
for a; do [ "\$prev" = --out ] && out=\$a; prev=\$a; done
"$OR_TOP/bin/or-bench" "\$@" || true
jq '.paired.decision = "release" | .paired.reason = "measurement_too_noisy" | .paired.incumbent.noisy = true' "\$out/paired.json" > "\$out/p.tmp"
mv "\$out/p.tmp" "\$out/paired.json"
SH
	cat > "$T/shim/or-gate" <<SH
#!/bin/sh
for a; do [ "\$a" != diff ] || kill -SEGV \$\$; done
exec "$OR_TOP/bin/or-gate" "\$@"
SH
	chmod +x "$T/shim/or-bench" "$T/shim/or-gate"
	submit "$H"
	cp "$T/shim/or-bench" "$T/or-bench" && rm "$T/shim/or-bench"
	local path0=$PATH
	export PATH=$T/shim:$PATH
	expect_release gate_error
	[ "$(gate_of static_gates)" = released ]
	[ "$(gate_of harness)" = passed ]
	[ "$(status_of "$pid")" = 0 ]
	mv "$T/or-bench" "$T/shim/or-bench" && rm "$T/shim/or-gate"
	expect_release measurement_too_noisy
	export PATH=$path0
	[ "$(gate_of noise)" = released ]
	[ "$(result | jq -r .measurement.reason)" = measurement_too_noisy ]
	[ "$(status_of "$pid")" = 0 ]
}

@test "the lock about to end: released (timeout) before any measurement" {
	submit "$H"
	claim "$pid"
	rpc evm_increaseTime $((86400 - 300)) > /dev/null
	rpc evm_mine > /dev/null
	expect_release timeout
	[ "$(gate_of measure)" = released ]
	[ "$(status_of "$pid")" = 0 ]
}

@test "preflight: a registered verifier is ready, another account is not registered (status 1, no transaction)" {
	step preflight --dir "$T"
	assert_success
	[ "$(stopped)" = ready ]
	[ "$(jq -r .verifier "$T/.autoresearch/validate/config.json")" = "$(addr 1)" ]
	n0=$(or-rpc nonce "$(addr 3)" < /dev/null | jq -r .nonce)
	mkdir -p "$T/x"
	ETH_FROM=$(addr 3) run dash "$S/preflight.sh" --dir "$T/x"
	assert_failure 1
	[ "$(final | jq -r .stopped)" = not_registered ]
	[[ "$output" == *"not registered"* ]]
	[ "$(or-rpc nonce "$(addr 3)" < /dev/null | jq -r .nonce)" = "$n0" ]
}

@test "discover: pending proposals as candidates, oldest first, bounded; the cursor moves" {
	submit "$H"; a=$pid
	submit "$H"; b=$pid
	step discover --dir "$T" --max 1
	assert_success
	[ "$(printf '%s\n' "$output" | jq -r 'select(.action) | "\(.proposalId) \(.action)"' | head -n 1)" = "$a candidate" ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.action == "candidate") | .proposalId' | wc -l)" = 1 ]
	[ "$(final | jq -r .toReview)" = 1 ]
	jq -e '.nextBlock > 0' "$T/.autoresearch/validate/cursor.json"
	[ "$b" -gt "$a" ]
}

# galileo: the test-only deployment and its project.
galileo() {
	export OR_DEPLOYMENT=$F/galileo.json
	export OR_PROJECT_ID; OR_PROJECT_ID=$(cat "$F/galileo-id")
}

@test "Galileo variants: PoolCapExceeded releases (pool_exhausted), the release reverts LockActive and is deferred; watch sends it after the lock" {
	galileo
	OR_STAKE=2 submit "$H"
	step validate --dir "$T" "$pid"
	assert_success
	[ "$(stopped)" = release_deferred ] || { echo "$output"; false; }
	r=$(result)
	[ "$(sfield "$r" reasonCode)" = pool_exhausted ]
	[ "$(printf '%s\n' "$r" | jq -r '[.transactions[] | "\(.kind):\(.status)"] | join(",")')" = claimReview:1,approve:0,releaseReview:0 ]
	[ "$(jq -r 'select(.step == "approve" and .state == "reverted") | .error' "$T/.autoresearch/validate/reviews.jsonl")" = PoolCapExceeded ]
	[ "$(jq -r 'select(.step == "releaseReview" and .state == "reverted") | .error' "$T/.autoresearch/validate/reviews.jsonl")" = LockActive ]
	[ "$(status_of "$pid")" = 1 ]
	[ "$(stake_held "$pid")" = 2 ]
	# before the lock ends watch leaves it; after, it sends the release
	step watch --dir "$T" --max-proposals 0
	assert_success
	[ "$(status_of "$pid")" = 1 ]
	rpc evm_increaseTime 86401 > /dev/null
	rpc evm_mine > /dev/null
	step watch --dir "$T" --max-proposals 0
	assert_success
	[ "$(stopped)" = max_proposals ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.reasonCode == "release_deferred") | .proposalId')" = "$pid" ]
	[ "$(status_of "$pid")" = 0 ]
	[ "$(stake_held "$pid")" = 2 ]
}

@test "watch: killed with SIGKILL mid-review and restarted, the proposal ends decided" {
	mkdir "$T/shim"
	cat > "$T/shim/or-bench" <<SH
#!/bin/sh
# or-bench that hangs while the marker exists (a review caught mid-way)
while [ -f "$T/hang" ]; do sleep 0.2; done
exec "$OR_TOP/bin/or-bench" "\$@"
SH
	chmod +x "$T/shim/or-bench"
	submit "$H"
	touch "$T/hang"
	# watch in a session of its own (its pid, in the lock file, is the group)
	PATH=$T/shim:$PATH ETH_FROM=$(addr 1) setsid -f dash "$S/watch.sh" --dir "$T" --poll 1 --until-idle > "$T/w1.out" 2>&1
	local w i
	for i in $(seq 150); do
		grep -q '"step":"claim","state":"mined"' "$T/.autoresearch/validate/reviews.jsonl" 2> /dev/null && break
		sleep 0.2
	done
	sleep 0.5
	w=$(head -n 1 "$T/.autoresearch/validate/lock")
	[ "$(ps -o pgid= -p "$w" | tr -d ' ')" = "$w" ]
	kill -KILL -- -"$w"
	for i in $(seq 50); do kill -0 "$w" 2> /dev/null || break; sleep 0.1; done
	! kill -0 "$w" 2> /dev/null
	[ "$(status_of "$pid")" = 1 ]
	[ ! -s "$T/.autoresearch/validate/results.jsonl" ]
	rm "$T/hang"
	step watch --dir "$T" --poll 1 --until-idle
	assert_success
	[ "$(stopped)" = idle ]
	[ "$(status_of "$pid")" = 2 ]
	[ "$(jq -r .result "$T/.autoresearch/validate/results.jsonl")" = approved ]
	[ "$(printf '%s\n' "$output" | jq -r --arg i "$pid" 'select(.proposalId == $i) | .result')" = approved ]
}

@test "reverts by name: ScoreNotImproved (the best moved during the review) releases settle_failed; LockExpired records lock_lost" {
	submit "$H"; a=$pid
	submit "$H"; b=$pid
	mkdir "$T/shim"
	# during the review of b, another verifier's workspace approves a
	cat > "$T/shim/or-bench" <<SH
#!/bin/sh
if [ -f "$T/race" ]; then
	rm -f "$T/race"
	mkdir -p "$T/other"
	dash "$S/validate.sh" --dir "$T/other" "$a" > "$T/other.out" 2>&1
fi
if [ -f "$T/late" ]; then
	rm -f "$T/late"
	or-rpc -q evm_increaseTime 86401 < /dev/null > /dev/null
	or-rpc -q evm_mine < /dev/null > /dev/null
fi
exec "$OR_TOP/bin/or-bench" "\$@"
SH
	chmod +x "$T/shim/or-bench"
	local path0=$PATH
	export PATH=$T/shim:$PATH
	touch "$T/race"
	expect_release settle_failed
	[ "$(tail -n 1 "$T/other.out" | jq -r .stopped)" = approved ]
	[ "$(status_of "$a")" = 2 ]
	[ "$(status_of "$b")" = 0 ]
	[ "$(result | jq -r '[.transactions[] | "\(.kind):\(.status)"] | join(",")')" = claimReview:1,approve:0,releaseReview:1 ]
	[ "$(gate_of settle)" = failed ]
	[ "$(result | jq -r '.gates[] | select(.name == "settle") | .reason')" = ScoreNotImproved ]
	# b again: now measured against a, no improvement; the lock runs out
	# during the measurement, so the reject reverts LockExpired
	touch "$T/late"
	step validate --dir "$T" "$b"
	assert_success
	[ "$(stopped)" = lock_lost ] || { echo "$output"; false; }
	[ "$(result | jq -r .reasonCode)" = no_improvement ]
	[ "$(status_of "$b")" = 1 ]
	[ "$(stake_held "$b")" = 1 ]
	export PATH=$path0
}

@test "fraud: a code archive that is not canonical, or escapes its folder, is rejected code_invalid" {
	candidate "$T/c" improve
	evidence "$T/c" "$T/ev"
	# the same files, archived by GNU tar: not the canonical form
	tar -cf "$T/ev/code.tar" -C "$T/c" src Makefile README.md bench data
	root=$(or-hash zg "$T/ev/code.tar" | jq -r .root)
	jq --arg r "$root" '.codeHash = $r' "$T/ev/evidence.json" > "$T/ev/e2" && mv "$T/ev/e2" "$T/ev/evidence.json"
	submit "$T/ev"
	expect_reject code_invalid unpack
	# an entry that climbs out of the folder
	python3 -c '
import io, sys, tarfile
t = tarfile.open(sys.argv[1], "w", format=tarfile.USTAR_FORMAT)
i = tarfile.TarInfo("../escape.c"); d = b"int x;\n"; i.size = len(d); i.mode = 0o644
t.addfile(i, io.BytesIO(d)); t.close()' "$T/ev/code.tar"
	root=$(or-hash zg "$T/ev/code.tar" | jq -r .root)
	jq --arg r "$root" '.codeHash = $r' "$T/ev/evidence.json" > "$T/ev/e2" && mv "$T/ev/e2" "$T/ev/evidence.json"
	submit "$T/ev"
	expect_reject code_invalid unpack
	[ ! -e "$T/.autoresearch/validate/work/escape.c" ]
}

@test "usage and unknown proposals: status 2 and 1, one final line" {
	step validate --dir "$T"
	assert_failure 2
	[ "$(stopped)" = usage ]
	step validate --dir "$T" 12x
	assert_failure 2
	step validate --dir "$T" 999
	assert_failure 1
	[ "$(stopped)" = unknown_proposal ]
	step watch --dir "$T" --poll x
	assert_failure 2
	# a manifest that is not one, or for another chain: status 1
	echo '{}' > "$T/bad.json"
	OR_DEPLOYMENT=$T/bad.json step validate --dir "$T" 0
	assert_failure 1
	[ "$(stopped)" = no_deployment ]
	jq '.chainId = 5' "$OR_DEPLOYMENT" > "$T/other.json"
	OR_DEPLOYMENT=$T/other.json step checks --dir "$T" 0
	assert_failure 1
	[ "$(stopped)" = wrong_chain ]
}

@test "no time before the expiry: skipped (no_time) without a claim" {
	submit "$H"
	# worst case (2 setup + 2 pairs x 2 runs) x 60 s = 360 s; 300 s are left
	rpc evm_increaseTime $((604800 - 300)) > /dev/null
	rpc evm_mine > /dev/null
	step validate --dir "$T" "$pid"
	assert_success
	[ "$(stopped)" = skipped ]
	[ "$(result | jq -r .reasonCode)" = no_time ]
	[ "$(status_of "$pid")" = 0 ]
	[ "$(result | jq -r '.transactions | length')" = 0 ]
}

# same_result A B: two verification results agree on everything but times,
# hashes of transactions and the evidence root.
same_result() {
	local f='{result, reasonCode, verifiedScore, gates, error, m: (.measurement | {decision, reason, normalizedScore}),
	          kinds: [.transactions[] | "\(.kind | sub("/.*"; "")):\(.status)"], verifier}'
	[ "$(printf '%s\n' "$1" | jq -cS "$f")" = "$(printf '%s\n' "$2" | jq -cS "$f")" ] ||
	    { printf '%s\n%s\n' "$1" "$2" | jq -cS "$f"; false; }
}

@test "the stages run by hand one after another give validate.sh's result; a stage out of order is refused" {
	submit "$H"
	snap=$(snapshot)
	# out of order: nothing to read yet, or not claimed yet
	step gates --dir "$T" "$pid"
	assert_failure 1
	[ "$(stopped)" = no_review ]
	local st
	for st in checks fetch claim gates measure decide; do
		step "$st" --dir "$T" "$pid"
		assert_success
		if [ "$st" = decide ]; then
			[ "$(stopped)" = decided ]
			[ "$(final | jq -r .action)" = approve ]
		else
			[ "$(stopped)" = passed ] || { echo "$st: $output"; false; }
		fi
		# after the cheap checks the review is ours; before it, it is not
		case $st in fetch) [ "$(status_of "$pid")" = 0 ] ;; claim) [ "$(status_of "$pid")" = 1 ] ;; esac
	done
	W=$T/.autoresearch/validate/work/$pid
	[ "$(jq -r .verifiedScore "$W/decision.json")" = "$(jq -r .paired.normalizedScore "$W/runs/paired.json")" ]
	# decide.sh again: the same decision from the same records
	cp "$W/decision.json" "$T/d1.json"
	rm "$W/decision.json" && sed -i '/"name":"\(setup\|measure\|metric_channel\|noise\|improvement\|claim_check\)"/d' "$W/gates.jsonl"
	step decide --dir "$T" "$pid"
	cmp <(jq -S 'del(.stage)' "$T/d1.json") <(jq -S 'del(.stage)' "$W/decision.json")
	step settle --dir "$T" "$pid"
	assert_success
	[ "$(stopped)" = approved ]
	[ "$(status_of "$pid")" = 2 ]
	[ ! -e "$W" ]
	by_hand=$(result)
	# the same proposal from the same chain state, by validate.sh
	rpc evm_revert "$snap" > /dev/null
	mkdir "$T/v"
	step validate --dir "$T/v" "$pid"
	assert_success
	[ "$(stopped)" = approved ]
	same_result "$by_hand" "$(tail -n 1 "$T/v/.autoresearch/validate/results.jsonl")"
	# a fraud decided by one stage: the later ones do nothing, settle rejects
	rm -rf "$T/c" "$T/ev" "$T/.autoresearch"
	rpc evm_revert "$snap" > /dev/null
	candidate "$T/c" improve
	mkdir -p "$T/c/src/vendor" && echo 'int x;' > "$T/c/src/vendor/x.c"
	fraud "$T/c"
	for st in checks fetch claim gates measure decide; do
		step "$st" --dir "$T" "$pid"
		assert_success
		case $st in gates | measure | decide) [ "$(stopped)" = decided ] ;; *) [ "$(stopped)" = passed ] ;; esac
	done
	[ ! -e "$T/.autoresearch/validate/work/$pid/runs" ]
	step settle --dir "$T" "$pid"
	[ "$(stopped)" = rejected ]
	[ "$(result | jq -r .reasonCode)" = static_gate_failed ]
	[ "$(status_of "$pid")" = 3 ]
}

# killed_after_signing drop|mine [STEP RESULT STATUS]: watch killed with the
# settlement STEP (approve) of $pid signed and sent but unmined; the node then
# forgets it (drop: it must be sent again) or mines it while the verifier is
# down (mine); the restart settles it: RESULT (approved), proposal status
# STATUS (2).
killed_after_signing() {
	mkdir "$T/shim"
	# or-bench, then the chain stops mining: the approve is signed and sent
	# but gets no receipt
	cat > "$T/shim/or-bench" <<SH
#!/bin/sh
"$OR_TOP/bin/or-bench" "\$@"
s=\$?
or-rpc -q evm_setAutomine false < /dev/null > /dev/null
exit \$s
SH
	chmod +x "$T/shim/or-bench"
	local k=${2:-approve} res=${3:-approved} st=${4:-2}
	n0=$(or-rpc nonce "$(addr 1)" < /dev/null | jq -r .nonce)
	J=$T/.autoresearch/validate/reviews.jsonl
	PATH=$T/shim:$PATH ETH_FROM=$(addr 1) setsid -f dash "$S/watch.sh" --dir "$T" --poll 1 --until-idle > "$T/w1.out" 2>&1
	local i w h
	for i in $(seq 300); do
		h=$(jq -r --arg k "$k" 'select(.step == $k and .state == "signed") | .tx' "$J" 2> /dev/null || true)
		[ -z "$h" ] || break
		sleep 0.2
	done
	[ -n "$h" ]
	# sent: the node holds it, unmined
	for i in $(seq 50); do
		[ "$(rpc eth_getTransactionByHash "$h" | jq -r '.result.hash // empty')" = "$h" ] && break
		sleep 0.1
	done
	[ "$(rpc eth_getTransactionByHash "$h" | jq -r .result.blockNumber)" = null ]
	w=$(head -n 1 "$T/.autoresearch/validate/lock")
	kill -KILL -- -"$w"
	for i in $(seq 50); do kill -0 "$w" 2> /dev/null || break; sleep 0.1; done
	! kill -0 "$w" 2> /dev/null
	if [ "$1" = drop ]; then
		rpc anvil_dropTransaction "$h" > /dev/null
		[ "$(rpc eth_getTransactionByHash "$h" | jq -r .result)" = null ]
		rpc evm_setAutomine true > /dev/null
		[ "$(status_of "$pid")" = 1 ]
	else
		rpc evm_setAutomine true > /dev/null
		rpc evm_mine > /dev/null
		[ "$(status_of "$pid")" = "$st" ]
	fi
	[ ! -s "$T/.autoresearch/validate/results.jsonl" ]
	step watch --dir "$T" --poll 1 --until-idle
	assert_success
	[ "$(stopped)" = idle ]
	[ "$(status_of "$pid")" = "$st" ]
	r=$(tail -n 1 "$T/.autoresearch/validate/results.jsonl")
	[ "$(printf '%s\n' "$r" | jq -r .result)" = "$res" ]
	# the very transaction signed before the kill, and no other
	[ "$(printf '%s\n' "$r" | jq -r --arg k "$k" '.transactions[] | select(.kind == $k) | .txHash')" = "$h" ]
	[ "$(rpc eth_getTransactionReceipt "$h" | jq -r .result.status)" = 0x1 ]
	[ "$(jq -r --arg k "$k" 'select(.step == $k and .state == "signed") | .tx' "$J" | wc -l)" = 1 ]
	[ "$(or-rpc nonce "$(addr 1)" < /dev/null | jq -r .nonce)" = $((n0 + 2)) ]
	[ "$(jq -s length "$T/.autoresearch/validate/results.jsonl")" = 1 ]
	# the evidence stored before the kill is the one approved
	[ "$(printf '%s\n' "$r" | jq -r .metricsHash)" = "$(or-put0g get "$(printf '%s\n' "$r" | jq -r .metricsHash)" -o "$T/ev.json" > /dev/null && or-hash zg "$T/ev.json" | jq -r .root)" ]
}

@test "watch: killed after signing the approve and before its receipt, the restart sends that same transaction: one settlement" {
	submit "$H"
	killed_after_signing drop
}

@test "watch: killed after sending the approve, mined while down: the restart takes its receipt, no second settlement" {
	submit "$H"
	killed_after_signing mine
}

@test "watch: killed after signing a reject (a claim far above the code), the restart sends that same reject" {
	candidate "$T/c" improve
	evidence "$T/c" "$T/ev" '.claimedScore = "-1000" | .paired.normalizedLow = "-1000"'
	submit "$T/ev"
	killed_after_signing drop reject rejected 3
	[ "$(result | jq -r .reasonCode)" = claim_not_reproduced ]
}
