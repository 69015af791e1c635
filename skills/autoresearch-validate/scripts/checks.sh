#!/bin/sh
# checks.sh [--dir DIR] ID: stage 1 of validate.sh (workflows.md §4.3, §4.4),
# no lock held.  In: the chain (getProposal, getProject), the protocol by
# protocolHash.  Out: a fresh review folder W = .autoresearch/validate/
# work/ID with proposal.json, project.json, protocol.json, review.json
# (resumed, lockUntil, the incumbent, the protocol policy), gates.jsonl
# (protocol); decision.json when the status, the protocol or the time budget
# decides: skipped (taken, not_accepted, storage_unavailable, no_time), or a
# release of our own review whose lock ended (lock_lost).
prog=checks.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] PROPOSAL-ID" "$@"
need_tools or-abi or-rpc or-sign or-put0g or-protocol jq
stage_open
settle_pending "$id" && die 1 settle_pending "a settlement of proposal $id is signed without its receipt: run settle.sh"

P=$(proposal "$id") || exit
case $P in *'"miner":"0x0000000000000000000000000000000000000000"'*)
	die 1 unknown_proposal "proposal $id does not exist on ledger $ledger" ;;
esac
J=$(project "$(printf '%s\n' "$P" | sed -n 's/.*"projectId":"\([0-9]*\)".*/\1/p')") || exit
rm -rf -- "$W"
mkdir -p "$W" || die 3 write_failed "cannot create '$W'"
: > "$W/gates.jsonl"
: > "$W/txs.jsonl"
printf '%s\n' "$P" | write_atomic "$W/proposal.json"
printf '%s\n' "$J" | write_atomic "$W/project.json"
# the incumbent: the best code, else the snapshot
printf '%s\n' "$P" | jq -c --argjson j "$J" '{resumed: false, claimed: false, lockUntil: .reviewLockUntil,
    incumbentCodeHash: (if $j.currentBestCodeHash | test("^0x0*$") then $j.repoSnapshotHash else $j.currentBestCodeHash end),
    incumbentScore: $j.currentBestScore, projExtra: {}}' | write_atomic "$W/review.json"
wrote "$W"
review_load

# skip REASON: a skip, closed in the review journal.
skip() {
	review_log "$id" decide closed "$(jq -cn --arg r "$1" '{decision: "skipped", error: $r}')"
	decision skip "$1"
}
# unusable REASON DETAIL: our own review is released, anything else skipped.
unusable() {
	[ "$s_resumed" = true ] && decision release storage_unavailable "${2:-}"
	skip "$1"
}

# --- §4.3 status on chain ----------------------------------------------
now=$(chain_now) || exit
case $(pv status) in
0) ;;
1)
	[ "$(pv reviewer)" = "$self" ] || skip taken
	state_put resumed true claimed true
	# a claim signed before a crash and mined meanwhile: the journal learns it
	ck=$(claim_key) || exit
	pc=$(tx_pending "$ws/transactions.jsonl" "$ck") || exit
	if [ -n "$pc" ]; then
		journal_append "$ws/transactions.jsonl" "$(printf '%s\n' "$pc" | jq -c --arg at "$(utc_now)" \
		    '{step, state: "mined", at: $at, txHash, seen: "the review is ours on chain"}')"
		review_log "$id" claim mined "{\"lockUntil\":$(pv reviewLockUntil)}"
	fi
	if [ "$(pv reviewLockUntil)" -le "$now" ]; then
		review_log "$id" decide closed '{"decision":"lock_lost"}'
		gate claim failed lock_lost "the review lock ended at $(pv reviewLockUntil)"
		decision release lock_lost
	fi ;;
*) skip taken ;;
esac

# --- §4.4 the protocol, accepted ------------------------------------------
if [ "$(fetch "$(jv protocolHash)" "$W/protocol.json" 1M)" != ok ]; then
	gate protocol failed storage_unavailable "protocol $(jv protocolHash) not retrieved"
	unusable storage_unavailable
fi
if ! or-protocol -q check "$W/protocol.json" > /dev/null 2>&1; then
	gate protocol failed not_accepted "or-protocol check refuses the protocol"
	unusable not_accepted
fi
# the policy, the sampling fields (each with its default, else 5 measured
# and 0 warmup trials, not deterministic) and the worst case time at once
pol='' net='' worst='' extra=''
eval "$(or-protocol -q get "$W/protocol.json" /environment/constraints/networkPolicy /execution/hardTimeoutSeconds \
    /measurement/minScoreImprovementBips /measurement/metricScale /measurement/primaryMetric/name \
    /measurement/primaryMetric/direction /measurement/primaryMetric/deterministic /measurement/sampling/measuredTrials \
    /measurement/sampling/warmupTrials 2> /dev/null |
    jq -rs --slurpfile pr "$W/protocol.json" '
    map(if has("value") and (has("error") | not) then .value else null end) as $v |
    select(length == 9 and ($v[0:6] | all(. != null))) |
    {net: $v[0], t: $v[1], bips: $v[2], scale: $v[3], metric: $v[4], dir: $v[5],
     det: ($v[6] // false), mt: ($v[7] // 5), wt: ($v[8] // 0)} as $p |
    # (2 s + 2 warmupTrials + 2 n_max) x hardTimeoutSeconds, n_max =
    # 4 max(5, measuredTrials), or 2 for a deterministic metric (sandbox.md §8)
    ($pr[0].environment.setupCommands // [] | length) as $s |
    ((if $p.det == true then 2 else 4 * ([5, $p.mt] | max) end) as $nmax | (2 * $s + 2 * $p.wt + 2 * $nmax) * $p.t) as $w |
    "pol=\($p | tojson | @sh) net=\($p.net | @sh) worst=\($w)
     extra=\({metricName: $p.metric, direction: $p.dir, metricScale: ($p.scale | tostring),
              minScoreImprovementBips: $p.bips} | tojson | @sh)"' 2> /dev/null)"
[ -n "$pol" ] || die 1 protocol_get "or-protocol get failed on '$W/protocol.json'"
state_put policy "$pol" projExtra "$extra"
if [ "$net" = full ] && [ "${OR_ALLOW_NETWORK:-}" != 1 ]; then
	gate protocol failed not_accepted "networkPolicy full without OR_ALLOW_NETWORK"
	unusable not_accepted
fi
gate protocol passed

# --- §4.4 time ------------------------------------------------------------
# the worst case (above) within the lock minus an hour (REVIEW_LOCK 86400)
# and before the expiry (EXPIRY_WINDOW 604800)
left=$(($(pv submittedAt) + 604800 - now))
if [ "$s_resumed" = false ] && { [ "$worst" -gt $((86400 - 3600)) ] || [ "$left" -le "$worst" ]; }; then
	skip no_time
fi
stage_pass
