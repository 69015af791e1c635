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
[ "$(printf '%s\n' "$P" | jq -r .miner)" != 0x0000000000000000000000000000000000000000 ] ||
    die 1 unknown_proposal "proposal $id does not exist on ledger $ledger"
J=$(project "$(printf '%s\n' "$P" | jq -r .projectId)") || exit
rm -rf -- "$W"
mkdir -p "$W" || die 3 write_failed "cannot create '$W'"
: > "$W/gates.jsonl"
: > "$W/txs.jsonl"
printf '%s\n' "$P" | json_write "$W/proposal.json"
printf '%s\n' "$J" | json_write "$W/project.json"
inc=$(printf '%s\n' "$J" | jq -r .currentBestCodeHash)
case $inc in 0x0000000000000000000000000000000000000000000000000000000000000000) inc=$(printf '%s\n' "$J" | jq -r .repoSnapshotHash) ;; esac
printf '%s\n' "$P" | jq --arg inc "$inc" --argjson j "$J" '{resumed: false, claimed: false, lockUntil: .reviewLockUntil,
    incumbentCodeHash: $inc, incumbentScore: $j.currentBestScore, projExtra: {}}' | json_write "$W/review.json"
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
	state_put resumed true
	state_put claimed true
	# a claim signed before a crash and mined meanwhile: the journal learns it
	ck=$(claim_key) || exit
	pc=$(tx_pending "$ws/transactions.jsonl" "$ck") || exit
	if [ -n "$pc" ]; then
		journal_append "$ws/transactions.jsonl" "$(printf '%s\n' "$pc" | jq -c --arg at "$(utc_now)" \
		    '{step, state: "mined", at: $at, txHash, seen: "the review is ours on chain"}')"
		review_log "$id" claim mined "$(jq -cn --argjson u "$(pv reviewLockUntil)" '{lockUntil: $u}')"
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
pol=$(pget_obj "$W/protocol.json" net=/environment/constraints/networkPolicy t=/execution/hardTimeoutSeconds \
    bips=/measurement/minScoreImprovementBips scale=/measurement/metricScale metric=/measurement/primaryMetric/name \
    dir=/measurement/primaryMetric/direction) || exit
# sampling fields, each with its default when the protocol has one
det=$(pget_try "$W/protocol.json" /measurement/primaryMetric/deterministic) || det=false
mt=$(pget_try "$W/protocol.json" /measurement/sampling/measuredTrials) || mt=5
wt=$(pget_try "$W/protocol.json" /measurement/sampling/warmupTrials) || wt=0
pol=$(printf '%s\n' "$pol" | jq -c --argjson d "$det" --argjson m "$mt" --argjson w "$wt" '. + {det: $d, mt: $m, wt: $w}') || exit
state_put policy "$pol"
state_put projExtra "$(printf '%s\n' "$pol" | jq -c '{metricName: .metric, direction: .dir, metricScale: (.scale | tostring),
    minScoreImprovementBips: .bips}')"
if [ "$(printf '%s\n' "$pol" | jq -r .net)" = full ] && [ "${OR_ALLOW_NETWORK:-}" != 1 ]; then
	gate protocol failed not_accepted "networkPolicy full without OR_ALLOW_NETWORK"
	unusable not_accepted
fi
gate protocol passed

# --- §4.4 time ------------------------------------------------------------
# (2 s + 2 warmupTrials + 2 n_max) x hardTimeoutSeconds, n_max =
# 4 max(5, measuredTrials), or 2 for a deterministic metric (sandbox.md §8),
# within the lock minus an hour (REVIEW_LOCK 86400) and before the expiry
# (EXPIRY_WINDOW 604800).
nset=$(jq '.environment.setupCommands // [] | length' "$W/protocol.json")
worst=$(printf '%s\n' "$pol" | jq -r --argjson s "$nset" '
    (if .det == true then 2 else 4 * ([5, (.mt // 0)] | max) end) as $nmax |
    (2 * $s + 2 * (.wt // 0) + 2 * $nmax) * .t')
left=$(($(pv submittedAt) + 604800 - now))
if [ "$s_resumed" = false ] && { [ "$worst" -gt $((86400 - 3600)) ] || [ "$left" -le "$worst" ]; }; then
	skip no_time
fi
stage_pass
