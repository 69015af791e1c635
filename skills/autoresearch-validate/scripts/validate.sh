#!/bin/sh
# validate.sh [--dir DIR] [--keep-work] ID: verify one proposal (workflows.md
# §4.4-§4.9): cheap checks with no lock held, claim, fetch and unpack, the
# harness and static gates, or-bench paired, the decision table of §4.7 row
# by row, evidence, settlement with reverts handled by name, one line in
# results.jsonl.  Deterministic: every outcome follows from tool outputs.
prog=validate.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"

dir=. keep=0 id=''
while [ $# -gt 0 ]; do
	case $1 in
	--dir) [ $# -ge 2 ] || usage_die "--dir needs a folder"; dir=$2; shift ;;
	--deployment) [ $# -ge 2 ] || usage_die "--deployment needs a file"; OR_DEPLOYMENT=$2; export OR_DEPLOYMENT; shift ;;
	--keep-work) keep=1 ;;
	-h | --help) echo "usage: validate.sh [--dir DIR] [--deployment FILE] [--keep-work] PROPOSAL-ID"; exit 0 ;;
	-*) usage_die "unknown option '$1'" ;;
	*) [ -z "$id" ] || usage_die "one proposal id only"; id=$1 ;;
	esac
	shift
done
case $id in '' | *[!0-9]*) usage_die "give a proposal id (a decimal number)" ;; esac
need_tools or-abi or-rpc or-sign or-put0g or-pack or-gate or-bench or-protocol or-hash jq bc
validate_open "$dir" "${OR_VALIDATE_HELD:+--no-lock}"

W=$ws/work/$id
rm -rf -- "$W"
mkdir -p "$W" || die 3 write_failed "cannot create '$W'"
: > "$W/gates.jsonl"
txs="$W/txs.jsonl"
: > "$txs"
measurement=null verified='' mhash='' detail=''

# gate NAME STATUS [REASON [DETAIL]]
gate() {
	if [ -z "${3:-}" ] && [ -z "${4:-}" ]; then
		printf '{"name":"%s","status":"%s","reason":null,"detail":null}\n' "$1" "$2" >> "$W/gates.jsonl"
		return
	fi
	jq -cn --arg n "$1" --arg s "$2" --arg r "${3:-}" --arg d "${4:-}" \
	    '{name: $n, status: $s, reason: (if $r == "" then null else $r end),
	      detail: (if $d == "" then null else $d end)}' >> "$W/gates.jsonl"
}

P=$(proposal "$id") || exit
[ "$(printf '%s\n' "$P" | jq -r .miner)" != 0x0000000000000000000000000000000000000000 ] ||
    die 1 unknown_proposal "proposal $id does not exist on ledger $ledger"
pid=$(printf '%s\n' "$P" | jq -r .projectId)
J=$(project "$pid") || exit
# every field as a shell variable p_NAME / j_NAME (one jq each)
eval "$(printf '%s\n' "$P" | jq -r 'to_entries[] | "p_\(.key)=\(.value | tostring | @sh)"')"
eval "$(printf '%s\n' "$J" | jq -r 'to_entries[] | "j_\(.key)=\(.value | tostring | @sh)"')"
pv() { eval "printf '%s\\n' \"\$p_$1\""; }
jv() { eval "printf '%s\\n' \"\$j_$1\""; }
incCode=$(jv currentBestCodeHash)
case $incCode in 0x0000000000000000000000000000000000000000000000000000000000000000) incCode=$(jv repoSnapshotHash) ;; esac
SI=$(jv currentBestScore)
proj_extra='{}'

# result_line RESULT REASON: the verification result (§4.9), without the
# transactions when $2 is "evidence".
result_obj() {
	jq -cn --arg at "$(utc_now)" --argjson cid "$cid" --arg l "$ledger" --arg v "$self" --arg id "$id" \
	    --argjson p "$P" --argjson j "$J" --arg inc "$incCode" --argjson px "$proj_extra" \
	    --arg res "$1" --arg rc "$2" --argjson m "$measurement" --arg vs "$verified" --arg mh "$mhash" \
	    --arg ev "$3" --slurpfile g "$W/gates.jsonl" --slurpfile t "$txs" --arg err "$detail" '
	    ["protocol","get_code","get_evidence","claim_consistency","unpack","get_incumbent","claim",
	     "harness","static_gates","setup","measure","metric_channel","noise","improvement","claim_check","settle"] as $names |
	    {schema: "openresearch/verification/v1", utcTimestamp: $at, chainId: $cid, proposalLedger: $l, verifier: $v,
	     proposal: {proposalId: $id, projectId: $p.projectId, miner: $p.miner, rewardRecipient: $p.rewardRecipient,
	                stake: $p.stake, submittedAt: ($p.submittedAt | todate), codeHash: $p.codeHash,
	                benchmarkLogHash: $p.benchmarkLogHash, claimedScore: $p.claimedScore},
	     project: ({protocolHash: $j.protocolHash, benchmarkHash: $j.benchmarkHash, incumbentCodeHash: $inc,
	                incumbentScore: $j.currentBestScore} + $px),
	     result: $res, reasonCode: $rc,
	     gates: [$names[] as $n | (($g | map(select(.name == $n)) | last) //
	              {name: $n, status: "skipped", reason: null, detail: null})],
	     measurement: $m,
	     verifiedScore: (if $vs == "" then null else $vs end),
	     metricsHash: (if $mh == "" then null else $mh end),
	     evidencePath: (if $mh == "" then null else "evidence/\($id).json" end)}
	    + (if $ev == "evidence" then {} else {transactions: $t} end)
	    + {error: (if $err == "" then null else $err end)}'
}

# attest RESULT REASON: EIP-712 over chain id, ledger, proposal id, result,
# reason code, verified score and metricsHash, signed by the verifier key.
# teeQuote: a TEE would sign the same digest; null in software.
attest() {
	typed_data "$cid" "$ledger" "$id" "$1" "$2" "$verified" "$mhash" |
	    or-sign -q typed 2> /dev/null | jq -c '{scheme: "eip712", hash, signer, signature, teeQuote: null}'
}

# conclude RESULT REASON: append the verification result, clean up, stop.
conclude() {
	_a=$(attest "$1" "$2")
	[ -n "$_a" ] || _a=null
	_line=$(result_obj "$1" "$2" full | jq -c --argjson a "$_a" '. + {attestation: $a}')
	journal_append "$ws/results.jsonl" "$_line"
	wrote "$ws/results.jsonl"
	[ "$keep" = 1 ] || rm -rf -- "$W"
	finish "$1" "$(jq -cn --arg id "$id" --arg rc "$2" --arg mh "$mhash" \
	    '{proposalId: $id, reasonCode: $rc, metricsHash: (if $mh == "" then null else $mh end)}')"
}

skip() { review_log "$id" decide closed "$(jq -cn --arg r "$1" '{decision: "skipped", error: $r}')"; conclude skipped "$1"; }

# send KIND SIG ARGS...: one settlement transaction through the pipeline,
# with a fixed gas limit so that a revert is mined and decoded by name.
# Sets sent_status (1 mined, 0 reverted) and sent_revert (the error name).
send() {
	_k=$1 _sig=$2
	shift 2
	_c=$(jq -cn --arg to "$ledger" --arg s "$_sig" --args '{to: $to, sig: $s, args: $ARGS.positional}' "$@")
	# shellcheck disable=SC2086
	if ETH_GAS_LIMIT=${OR_SETTLE_GAS:-900000} tx_send "$ws/transactions.jsonl" "$_k" "$_c" $abis; then
		sent_status=1 sent_revert=''
	else
		sent_status=0
		sent_revert=$(printf '%s\n' "$tx_result" | jq -r '(.decodedSig // .revertData // "") | sub("\\(.*$"; "")')
	fi
	_h=$(printf '%s\n' "$tx_result" | jq -r .txHash)
	jq -cn --arg k "$_k" --arg h "$_h" --argjson s "$sent_status" '{kind: $k, txHash: $h, status: $s}' >> "$txs"
	review_log "$id" "$_k" "$(if [ "$sent_status" = 1 ]; then echo mined; else echo reverted; fi)" \
	    "$(jq -cn --arg h "$_h" --arg r "$sent_revert" '{tx: $h, error: (if $r == "" then null else $r end)}')"
}

# has_log TOPIC0: the last receipt holds a log of TOPIC0 emitted by the ledger
# or the registry.
has_log() {
	printf '%s\n' "$tx_result" | jq -e --arg t "$1" --arg l "$ledger" --arg r "$registry" \
	    '[.receipt.logs[]? | select((.address | ascii_downcase) as $a | ($a == $l or $a == $r)) |
	      select(.topics[0] == $t)] | length > 0' > /dev/null
}

# release REASON: releaseReview; LockActive() defers it (§4.8).
release() {
	send releaseReview 'releaseReview(uint256)' "$id"
	if [ "$sent_status" = 1 ]; then
		# a failed approve or reject before the release keeps its settle gate
		grep -q '"name":"settle"' "$W/gates.jsonl" || gate settle passed
		conclude released "$1"
	fi
	case $sent_revert in
	LockActive)
		gate settle released LockActive "release deferred until the lock ends"
		review_log "$id" deferred_release deferred "$(jq -cn --argjson u "$lockUntil" --arg r "$1" '{lockUntil: $u, decision: $r}')"
		conclude release_deferred "$1" ;;
	WrongStatus)
		gate settle failed WrongStatus
		review_log "$id" decide closed '{"decision":"lock_lost"}'
		conclude lock_lost "$1" ;;
	*)
		gate settle failed "${sent_revert:-tx_failed}"
		detail="releaseReview reverted ${sent_revert:-without a reason}"
		conclude released settle_failed ;;
	esac
}

# evidence: build evidence/<id>.json and store it with its logs; sets mhash.
evidence() {
	_ev=$ws/evidence/$id.json
	_runs='[]'
	if [ -f "$W/runs/runs.jsonl" ]; then
		# every non-empty log stored in one or-put0g call (an empty one has
		# no 0G root: null), then mapped onto the runs by path
		jq -r '.stdout // empty, .stderr // empty' "$W/runs/runs.jsonl" |
		    while IFS= read -r _f; do [ ! -s "$_f" ] || printf '%s\n' "$_f"; done > "$W/logs.list"
		: > "$W/logs.roots"
		if [ -s "$W/logs.list" ]; then
			xargs -d '\n' -a "$W/logs.list" or-put0g -q put < /dev/null > "$W/logs.roots" 2> /dev/null || return 1
		fi
		_runs=$(jq -cs --slurpfile roots "$W/logs.roots" '
		    ([$roots[] | {(.path): .root}] | add // {}) as $m |
		    map({kind, arm, pair, metric, matches, exit: .run.exit, cause: .run.cause, wallUs: .run.wallUs,
		         stdoutRoot: (if .stdout then $m[.stdout] else null end),
		         stderrRoot: (if .stderr then $m[.stderr] else null end)})' "$W/runs/runs.jsonl") || return 1
	fi
	_paired=null
	[ -f "$W/runs/paired.json" ] && _paired=$(jq -c .paired "$W/runs/paired.json")
	result_obj "$1" "$2" evidence | jq --argjson r "$_runs" --argjson p "$_paired" --arg ct "$codeTree" --arg it "$incTree" \
	    --arg kernel "$(uname -sr)" --arg host "$(uname -m)" \
	    '. + {schema: "openresearch/verifier-evidence/v1", runs: $r, paired: $p,
	          trees: {candidate: (if $ct == "" then null else $ct end), incumbent: (if $it == "" then null else $it end)},
	          environment: {kernel: $kernel, machine: $host}}' | json_write "$_ev"
	mhash=$(or-put0g -q put "$_ev" < /dev/null | jq -r '.root // empty')
	[ -n "$mhash" ] || { mhash=; return 1; }
	wrote "$_ev"
}

# decide RESULT REASON: settle a decision made after the claim.
decide() {
	case $1 in
	release) release "$2" ;;
	reject)
		evidence rejected "$2" || { detail="cannot store the evidence"; release storage_unavailable; }
		send reject 'reject(uint256,bytes32)' "$id" "$mhash" ;;
	approve)
		verified=$S_C
		evidence approved "$2" || { verified='' detail="cannot store the evidence"; release storage_unavailable; }
		send approve 'approve(uint256,int256,bytes32)' "$id" "$S_C" "$mhash" ;;
	esac
	if [ "$sent_status" = 1 ]; then
		if [ "$1" = approve ] && { ! has_log 0xf9864651f73eb83c9c04a32bbfc01af358477185c47e3f04895a7bc34efc95fa ||
		    ! has_log "$best_topic"; }; then
			gate settle failed missing_event "approve mined without ProposalApproved and BestUpdated"
			detail="approve mined without its events"
			conclude approved settle_failed
		fi
		gate settle passed
		review_log "$id" decide mined "$(jq -cn --arg d "$1" --arg m "$mhash" '{decision: $d, metricsHash: $m}')"
		conclude "$(if [ "$1" = approve ]; then echo approved; else echo rejected; fi)" "$2"
	fi
	_was=$mhash
	case $sent_revert in
	LockExpired)
		gate settle failed LockExpired
		review_log "$id" decide closed '{"decision":"lock_lost"}'
		conclude lock_lost "$2" ;;
	PoolCapExceeded)
		gate settle failed PoolCapExceeded
		verified='' mhash=''
		release pool_exhausted ;;
	ScoreNotImproved)
		gate settle failed ScoreNotImproved "the best moved during the review"
		verified='' mhash=''
		release settle_failed ;;
	*)
		gate settle failed "${sent_revert:-tx_failed}"
		detail="$1 reverted ${sent_revert:-without a reason} (evidence $_was)"
		verified='' mhash=''
		release settle_failed ;;
	esac
}
# BestUpdated(uint256,address,int256,bytes32,bytes32) (contracts.md §3)
best_topic=0x0ce501a73e88bb8e462de407d174dfb21819b47ccc29dc46de745446a3fab2dc
codeTree='' incTree=''

# --- §4.3 status on chain ----------------------------------------------
st=$(pv status)
now=$(chain_now) || exit
lockUntil=$(pv reviewLockUntil)
resumed=0
case $st in
0) ;;
1)
	if [ "$(pv reviewer)" != "$self" ]; then skip taken; fi
	if [ "$lockUntil" -le "$now" ]; then
		review_log "$id" decide closed '{"decision":"lock_lost"}'
		gate claim failed lock_lost "the review lock ended at $lockUntil"
		release lock_lost
	fi
	resumed=1 ;;
*) skip taken ;;
esac

# --- §4.4 cheap checks, no lock held --------------------------------------
pre=
if [ "$(fetch "$(jv protocolHash)" "$W/protocol.json" 1M)" != ok ]; then
	gate protocol failed storage_unavailable "protocol $(jv protocolHash) not retrieved"
	[ "$resumed" = 1 ] && release storage_unavailable
	skip storage_unavailable
fi
if ! or-protocol -q check "$W/protocol.json" > /dev/null 2>&1; then
	gate protocol failed not_accepted "or-protocol check refuses the protocol"
	[ "$resumed" = 1 ] && release storage_unavailable
	skip not_accepted
fi
pol=$(pget_obj "$W/protocol.json" net=/environment/constraints/networkPolicy t=/execution/hardTimeoutSeconds \
    bips=/measurement/minScoreImprovementBips scale=/measurement/metricScale metric=/measurement/primaryMetric/name \
    dir=/measurement/primaryMetric/direction) || exit
# sampling fields, each with its default when the protocol has one
det=$(pget_try "$W/protocol.json" /measurement/primaryMetric/deterministic) || det=false
mt=$(pget_try "$W/protocol.json" /measurement/sampling/measuredTrials) || mt=5
wt=$(pget_try "$W/protocol.json" /measurement/sampling/warmupTrials) || wt=0
pol=$(printf '%s\n' "$pol" | jq -c --argjson d "$det" --argjson m "$mt" --argjson w "$wt" '. + {det: $d, mt: $m, wt: $w}') || exit
proj_extra=$(printf '%s\n' "$pol" | jq -c '{metricName: .metric, direction: .dir, metricScale: (.scale | tostring),
    minScoreImprovementBips: .bips}')
if [ "$(printf '%s\n' "$pol" | jq -r .net)" = full ] && [ "${OR_ALLOW_NETWORK:-}" != 1 ]; then
	gate protocol failed not_accepted "networkPolicy full without OR_ALLOW_NETWORK"
	[ "$resumed" = 1 ] && release storage_unavailable
	skip not_accepted
fi
gate protocol passed

# time: (2 s + 2 warmupTrials + 2 n_max) x hardTimeoutSeconds, n_max =
# 4 max(5, measuredTrials), or 2 for a deterministic metric (sandbox.md §8),
# within the lock minus an hour (REVIEW_LOCK 86400) and before the expiry
# (EXPIRY_WINDOW 604800).
nset=$(jq '.environment.setupCommands // [] | length' "$W/protocol.json")
worst=$(printf '%s\n' "$pol" | jq -r --argjson s "$nset" '
    (if .det == true then 2 else 4 * ([5, (.mt // 0)] | max) end) as $nmax |
    (2 * $s + 2 * (.wt // 0) + 2 * $nmax) * .t')
left=$(($(pv submittedAt) + 604800 - now))
if [ "$resumed" = 0 ] && { [ "$worst" -gt $((86400 - 3600)) ] || [ "$left" -le "$worst" ]; }; then
	skip no_time
fi

case $(fetch "$(pv codeHash)" "$W/code.tar") in
ok) gate get_code passed ;;
not_found) gate get_code failed code_unavailable "$(pv codeHash) not found"; pre=code_unavailable ;;
*) gate get_code released storage_unavailable; [ "$resumed" = 1 ] && release storage_unavailable; skip storage_unavailable ;;
esac
if [ -z "$pre" ]; then
	case $(fetch "$(pv benchmarkLogHash)" "$W/miner-evidence.json" 64M) in
	ok) gate get_evidence passed ;;
	not_found) gate get_evidence failed evidence_unavailable "$(pv benchmarkLogHash) not found"; pre=evidence_unavailable ;;
	*) gate get_evidence released storage_unavailable; [ "$resumed" = 1 ] && release storage_unavailable; skip storage_unavailable ;;
	esac
fi
if [ -z "$pre" ]; then
	why=$(jq -r --arg c "$(pv codeHash)" --arg p "$(jv protocolHash)" --arg j "$pid" --arg s "$(pv claimedScore)" '
	    if type != "object" then "not an object"
	    elif (.codeHash | ascii_downcase) != $c then "codeHash \(.codeHash) is not the proposal'"'"'s"
	    elif (.protocolHash | ascii_downcase) != $p then "protocolHash \(.protocolHash) is not the project'"'"'s"
	    elif (.projectId | tostring) != $j then "projectId \(.projectId) is not the proposal'"'"'s"
	    elif (.claimedScore | tostring) != $s then "claimedScore \(.claimedScore) is not the proposal'"'"'s \($s)"
	    elif (.paired.normalizedLow | tostring) != $s then "the claim is not paired.normalizedLow \(.paired.normalizedLow)"
	    else "" end' "$W/miner-evidence.json" 2> /dev/null) || why="the evidence is not JSON"
	if [ -n "$why" ]; then
		gate claim_consistency failed claim_inconsistent "$why"
		pre=claim_inconsistent detail=$why
	else
		gate claim_consistency passed
	fi
fi
if [ -z "$pre" ]; then
	mkdir "$W/candidate"
	if ! or-pack -q unpack "$W/code.tar" "$W/candidate" > /dev/null 2> "$W/unpack.err"; then
		gate unpack failed code_invalid "$(head -c 300 "$W/unpack.err")"
		pre=code_invalid
	else
		codeTree=$(or-pack -q pack "$W/candidate" -o "$W/repack.tar" < /dev/null | jq -r '.root // empty')
		if [ "$codeTree" != "$(pv codeHash)" ]; then
			gate unpack failed code_invalid "the archive is not canonical (repacked root $codeTree)"
			pre=code_invalid
		else
			gate unpack passed
		fi
	fi
fi
if [ -z "$pre" ]; then
	if [ "$(fetch "$incCode" "$W/incumbent.tar")" != ok ] || [ "$(fetch "$(jv benchmarkHash)" "$W/bench.tar")" != ok ] ||
	    ! mkdir "$W/incumbent" "$W/harness" ||
	    ! or-pack -q unpack "$W/incumbent.tar" "$W/incumbent" > /dev/null 2>&1 ||
	    ! or-pack -q unpack "$W/bench.tar" "$W/harness" > /dev/null 2>&1; then
		gate get_incumbent released storage_unavailable
		[ "$resumed" = 1 ] && release storage_unavailable
		skip storage_unavailable
	fi
	incTree=$incCode
	gate get_incumbent passed
fi

# --- §4.5 claim ------------------------------------------------------------
if [ "$resumed" = 0 ]; then
	send claimReview 'claimReview(uint256)' "$id"
	if [ "$sent_status" != 1 ]; then
		gate claim failed "${sent_revert:-tx_failed}"
		review_log "$id" claim closed "$(jq -cn --arg r "$sent_revert" '{decision: "skipped", error: $r}')"
		conclude skipped taken
	fi
	lockUntil=$(proposal "$id" | jq -r .reviewLockUntil)
	review_log "$id" claim mined "$(jq -cn --argjson u "$lockUntil" '{lockUntil: $u}')"
fi
gate claim passed
[ -z "$pre" ] || decide reject "$pre"

# --- harness and static gates ------------------------------------------------
or-gate -q harness --protocol "$W/protocol.json" --trusted "$W/harness" --candidate "$W/candidate" > "$W/harness.out" 2>&1
s=$?
case $s in
0) gate harness passed ;;
1) detail=$(jq -r 'select(.reason) | .reason' "$W/harness.out" 2> /dev/null | head -n 1)
   gate harness failed harness_tampered "$detail"; decide reject harness_tampered ;;
*) gate harness released gate_error "or-gate harness exited $s"; detail="or-gate harness exited $s"; decide release gate_error ;;
esac
rf=$skill/red-flags.txt
[ -f "$rf" ] || rf=
or-gate -q diff --protocol "$W/protocol.json" --base "$W/incumbent" --candidate "$W/candidate" ${rf:+--red-flags "$rf"} > "$W/diff.out" 2>&1
s=$?
case $s in
0)
	w=$(jq -r 'select(.kind == "gateFinding" and .severity == "warn") | "\(.path) \(.detail)"' "$W/diff.out" 2> /dev/null | head -n 1)
	if [ -n "$w" ]; then gate static_gates warned red_flag_warn "$w"; else gate static_gates passed; fi ;;
1) detail=$(jq -r 'select(.reason) | .reason' "$W/diff.out" 2> /dev/null | head -n 1)
   gate static_gates failed static_gate_failed "$detail"; decide reject static_gate_failed ;;
*) gate static_gates released gate_error "or-gate diff exited $s"; detail="or-gate diff exited $s"; decide release gate_error ;;
esac

# the trusted harness written over both trees by the host (the harness gate
# passed: no symlink on those paths)
if ! cp -R "$W/harness/." "$W/candidate/" || ! cp -R "$W/harness/." "$W/incumbent/"; then
	detail="cannot restore the harness"
	decide release verifier_error
fi

# --- §4.6 paired re-measurement -----------------------------------------------
# or-bench gets SIGTERM when the lock would end within 10 minutes.
budget=$((lockUntil - $(chain_now) - 600))
[ "$budget" -gt 0 ] || { gate measure released timeout; decide release timeout; }
netopt=
[ "${OR_ALLOW_NETWORK:-}" = 1 ] && netopt=--allow-network
timeout --foreground -s TERM "$budget" or-bench -q paired --protocol "$W/protocol.json" --trusted "$W/harness" --out "$W/runs" \
    --incumbent "$W/incumbent" --candidate "$W/candidate" --incumbent-score "$SI" $netopt > "$W/paired.out" 2> "$W/paired.err" 9>&-
s=$?
if [ "$s" = 124 ]; then gate measure released timeout; decide release timeout; fi
[ -f "$W/runs/paired.json" ] && measurement=$(jq -c '.paired // null' "$W/runs/paired.json" 2> /dev/null)
[ -n "$measurement" ] || measurement=null
dec='' why='' S_C='' hi='' m='' mode=''
eval "$(printf '%s\n' "$measurement" | jq -r 'objects | "dec=\(.decision // "" | @sh) why=\(.reason // "" | @sh)
    S_C=\(.normalizedScore // "" | tostring | @sh) hi=\(.normalizedHigh // "" | tostring | @sh)
    m=\(.margin // "0" | tostring | @sh) mode=\(.mode // "" | @sh)"')"
if [ -z "$dec" ]; then
	detail="or-bench paired exited $s without a decision: $(head -c 300 "$W/paired.err")"
	gate measure released verifier_error "$detail"
	decide release verifier_error
fi
case $why in
harness_tampered) gate harness failed harness_tampered "or-bench: a harness bind is blocked"; decide reject harness_tampered ;;
verifier_error) gate measure released verifier_error; decide release verifier_error ;;
harness_failed) gate setup released harness_failed; decide release harness_failed ;;
candidate_failed) gate setup passed; gate measure failed candidate_failed; decide reject candidate_failed ;;
esac
gate setup passed
gate measure passed
case $why in
metric_spoofed) gate metric_channel failed metric_spoofed; decide reject metric_spoofed ;;
esac
gate metric_channel passed
case $why in
environment_mismatch) gate noise released environment_mismatch; decide release environment_mismatch ;;
measurement_too_noisy) gate noise released measurement_too_noisy; decide release measurement_too_noisy ;;
candidate_noisy) gate noise failed candidate_noisy; decide reject candidate_noisy ;;
esac
gate noise passed
case $why in
no_improvement) gate improvement failed no_improvement; decide reject no_improvement ;;
esac
# row 15, checked when or-bench says approve or inconclusive
[ "$mode" = deterministic ] && m=0
lim=$(dec_add "$hi" "$m")
if [ "$(dec_cmp "$(pv claimedScore)" "$lim")" = 1 ]; then
	gate improvement passed
	gate claim_check failed claim_not_reproduced "claimed $(pv claimedScore) > $lim"
	decide reject claim_not_reproduced
fi
case $dec/$why in
approve/ok) gate improvement passed; gate claim_check passed; decide approve ok ;;
release/inconclusive) gate improvement released inconclusive; gate claim_check passed; decide release inconclusive ;;
esac
detail="or-bench: unexpected decision $dec ($why)"
gate measure released verifier_error "$detail"
decide release verifier_error
