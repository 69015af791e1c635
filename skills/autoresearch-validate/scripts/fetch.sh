#!/bin/sh
# fetch.sh [--dir DIR] ID: stage 2 of validate.sh (workflows.md §4.4), no
# lock held.  In: W/proposal.json, project.json, review.json (checks.sh).
# Out: W/code.tar by codeHash and W/miner-evidence.json by benchmarkLogHash
# (roots verified by or-put0g), the evidence checked against the proposal,
# W/candidate/ (or-pack unpack, repacked root = codeHash), W/incumbent/ and
# W/harness/ (the incumbent code and the benchmark bundle); gates get_code,
# get_evidence, claim_consistency, unpack, get_incumbent.  decision.json:
# reject code_unavailable, evidence_unavailable, claim_inconsistent or
# code_invalid (claim.sh claims first), or storage_unavailable (skipped;
# released when the review is already ours).
prog=fetch.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] PROPOSAL-ID" "$@"
need_tools or-put0g or-pack jq
stage_open
review_load
stage_skip_decided

unusable() {
	[ "$s_resumed" = true ] && decision release storage_unavailable
	review_log "$id" decide closed '{"decision":"skipped","error":"storage_unavailable"}'
	decision skip storage_unavailable
}

case $(fetch "$(pv codeHash)" "$W/code.tar") in
ok) gate get_code passed ;;
not_found) gate get_code failed code_unavailable "$(pv codeHash) not found"; decision reject code_unavailable ;;
*) gate get_code released storage_unavailable; unusable ;;
esac
case $(fetch "$(pv benchmarkLogHash)" "$W/miner-evidence.json" 64M) in
ok) gate get_evidence passed ;;
not_found) gate get_evidence failed evidence_unavailable "$(pv benchmarkLogHash) not found"; decision reject evidence_unavailable ;;
*) gate get_evidence released storage_unavailable; unusable ;;
esac
why=$(jq -r --arg c "$(pv codeHash)" --arg p "$(jv protocolHash)" --arg j "$(pv projectId)" --arg s "$(pv claimedScore)" '
    if type != "object" then "not an object"
    elif (.codeHash | ascii_downcase) != $c then "codeHash \(.codeHash) is not the proposal'"'"'s"
    elif (.protocolHash | ascii_downcase) != $p then "protocolHash \(.protocolHash) is not the project'"'"'s"
    elif (.projectId | tostring) != $j then "projectId \(.projectId) is not the proposal'"'"'s"
    elif (.claimedScore | tostring) != $s then "claimedScore \(.claimedScore) is not the proposal'"'"'s \($s)"
    elif (.paired.normalizedLow | tostring) != $s then "the claim is not paired.normalizedLow \(.paired.normalizedLow)"
    else "" end' "$W/miner-evidence.json" 2> /dev/null) || why="the evidence is not JSON"
if [ -n "$why" ]; then
	gate claim_consistency failed claim_inconsistent "$why"
	decision reject claim_inconsistent "$why"
fi
gate claim_consistency passed

mkdir "$W/candidate" || die 3 write_failed "cannot create '$W/candidate'"
if ! or-pack -q unpack "$W/code.tar" "$W/candidate" > /dev/null 2> "$W/unpack.err"; then
	gate unpack failed code_invalid "$(head -c 300 "$W/unpack.err")"
	decision reject code_invalid
fi
tree=$(or-pack -q pack "$W/candidate" -o "$W/repack.tar" < /dev/null | sed -n 's/.*"root" *: *"\(0x[0-9a-f]*\)".*/\1/p')
if [ "$tree" != "$(pv codeHash)" ]; then
	gate unpack failed code_invalid "the archive is not canonical (repacked root $tree)"
	decision reject code_invalid
fi
gate unpack passed

if [ "$(fetch "$s_incumbentCodeHash" "$W/incumbent.tar")" != ok ] || [ "$(fetch "$(jv benchmarkHash)" "$W/bench.tar")" != ok ] ||
    ! mkdir "$W/incumbent" "$W/harness" ||
    ! or-pack -q unpack "$W/incumbent.tar" "$W/incumbent" > /dev/null 2>&1 ||
    ! or-pack -q unpack "$W/bench.tar" "$W/harness" > /dev/null 2>&1; then
	gate get_incumbent released storage_unavailable
	unusable
fi
state_put codeTree "\"$tree\"" incumbentTree "\"$s_incumbentCodeHash\""
gate get_incumbent passed
stage_pass
