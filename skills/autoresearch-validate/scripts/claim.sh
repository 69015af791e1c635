#!/bin/sh
# claim.sh [--dir DIR] ID: stage 3 of validate.sh (workflows.md §4.5).
# In: W/review.json (and decision.json when fetch.sh already found a fraud:
# the claim comes first, then settle.sh rejects).  Out: claimReview through
# the transaction pipeline, the review journal's claim entry (lockUntil),
# review.json claimed/lockUntil, gates.jsonl claim, txs.jsonl.  A resumed
# review (ours already) is not claimed again.  decision.json: skipped
# (taken) when the claim reverts (another verifier was faster).
prog=claim.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] PROPOSAL-ID" "$@"
need_tools or-abi or-rpc or-sign jq
stage_open
review_load
# a skip or a release decided before the claim needs none
if decided; then
	case $(jq -r .action "$W/decision.json") in
	skip | release) stage_skip_decided ;;
	esac
fi
if [ "$s_claimed" = false ]; then
	send claimReview 'claimReview(uint256)' "$id"
	if [ "$sent_status" != 1 ]; then
		gate claim failed "${sent_revert:-tx_failed}"
		review_log "$id" claim closed "$(jq -cn --arg r "$sent_revert" '{decision: "skipped", error: $r}')"
		rm -f -- "$W/decision.json"
		decision skip taken
	fi
	lu=$(proposal "$id") || exit
	lu=$(printf '%s\n' "$lu" | sed -n 's/.*"reviewLockUntil":\([0-9]*\).*/\1/p')
	state_put lockUntil "$lu" claimed true
	review_log "$id" claim mined "{\"lockUntil\":$lu}"
fi
gate claim passed
stage_skip_decided
stage_pass
