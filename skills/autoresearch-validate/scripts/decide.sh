#!/bin/sh
# decide.sh [--dir DIR] ID: stage 6 of validate.sh, the decision table of
# workflows.md §4.7 rows 8-17, first row that applies.  In: W/runs/
# paired.json (or-bench's decision and reason, taken as they are),
# review.json benchExit, W/proposal.json (claimedScore, for row 15).
# Out: gates setup, measure, metric_channel, noise, improvement,
# claim_check; decision.json always: approve ok (verifiedScore = S_C),
# reject (harness_tampered, candidate_failed, metric_spoofed,
# candidate_noisy, no_improvement, claim_not_reproduced) or release
# (harness_failed, environment_mismatch, measurement_too_noisy,
# inconclusive, verifier_error).
prog=decide.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] PROPOSAL-ID" "$@"
need_tools jq bc
stage_open
review_load
stage_skip_decided

dec='' why='' S_C='' hi='' m='' mode=''
[ -f "$W/runs/paired.json" ] && eval "$(jq -r '.paired | objects | "dec=\(.decision // "" | @sh) why=\(.reason // "" | @sh)
    S_C=\(.normalizedScore // "" | tostring | @sh) hi=\(.normalizedHigh // "" | tostring | @sh)
    m=\(.margin // "0" | tostring | @sh) mode=\(.mode // "" | @sh)"' "$W/runs/paired.json" 2> /dev/null)"
if [ -z "$dec" ]; then
	detail="or-bench paired exited ${s_benchExit:-?} without a decision: $(head -c 300 "$W/paired.err" 2> /dev/null)"
	gate measure released verifier_error "$detail"
	decision release verifier_error "$detail"
fi
case $why in
harness_tampered) gate harness failed harness_tampered "or-bench: a harness bind is blocked"; decision reject harness_tampered ;;
verifier_error) gate measure released verifier_error; decision release verifier_error ;;
harness_failed) gate setup released harness_failed; decision release harness_failed ;;
candidate_failed) gate setup passed; gate measure failed candidate_failed; decision reject candidate_failed ;;
esac
gate setup passed
gate measure passed
case $why in
metric_spoofed) gate metric_channel failed metric_spoofed; decision reject metric_spoofed ;;
esac
gate metric_channel passed
case $why in
environment_mismatch) gate noise released environment_mismatch; decision release environment_mismatch ;;
measurement_too_noisy) gate noise released measurement_too_noisy; decision release measurement_too_noisy ;;
candidate_noisy) gate noise failed candidate_noisy; decision reject candidate_noisy ;;
esac
gate noise passed
case $why in
no_improvement) gate improvement failed no_improvement; decision reject no_improvement ;;
esac
# row 15, checked when or-bench says approve or inconclusive
[ "$mode" = deterministic ] && m=0
lim=$(dec_add "$hi" "$m")
if [ "$(dec_cmp "$(pv claimedScore)" "$lim")" = 1 ]; then
	gate improvement passed
	gate claim_check failed claim_not_reproduced "claimed $(pv claimedScore) > $lim"
	decision reject claim_not_reproduced
fi
case $dec/$why in
approve/ok) gate improvement passed; gate claim_check passed; decision approve ok "" "$S_C" ;;
release/inconclusive) gate improvement released inconclusive; gate claim_check passed; decision release inconclusive ;;
esac
detail="or-bench: unexpected decision $dec ($why)"
gate measure released verifier_error "$detail"
decision release verifier_error "$detail"
