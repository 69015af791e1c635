#!/bin/sh
# settle.sh [--dir DIR] [--keep-work] ID: stage 7 of validate.sh
# (workflows.md §4.8, §4.9).  In: W/decision.json and every record the
# stages before it left (review.json, gates.jsonl, txs.jsonl, runs/).  Out:
# for approve and reject the evidence evidence/ID.json with its logs, stored
# (its root is metricsHash); approve(id, S_C, metricsHash), reject(id,
# metricsHash) or releaseReview(id), reverts handled by name
# (ScoreNotImproved, PoolCapExceeded, LockExpired, LockActive); the signed
# verification result appended to results.jsonl; W removed unless
# --keep-work.  Run again after a crash, it resumes the settlement signed
# before it (send in validate-lib.sh), never signs a different one.
prog=settle.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] [--keep-work] PROPOSAL-ID" "$@"
need_tools or-abi or-rpc or-sign or-put0g jq
stage_open
review_load
decided || die 1 not_decided "no decision for proposal $id in '$W': run the stages before settle.sh"
action='' reason='' detail='' S_C='' measurement=null
pj=$W/runs/paired.json
[ -f "$pj" ] || pj=/dev/null
eval "$(jq -rn --slurpfile d "$W/decision.json" --slurpfile m "$pj" '$d[0] |
    "action=\(.action | @sh) reason=\(.reasonCode | @sh) detail=\(.detail // "" | @sh) S_C=\(.verifiedScore // "" | @sh)
     measurement=\($m[0].paired // null | tojson | @sh)"' 2> /dev/null)"
verified='' mhash='' att=null
lockUntil=$s_lockUntil

# result_obj RESULT REASON [evidence]: the verification result (§4.9); with
# "evidence", the verifier evidence instead (§4.8: the result without the
# transactions, plus every run with its log roots from runs.jsonl and
# logs.roots, both trees' roots, the environment and paired.json).
result_obj() {
	_rj=$W/runs/runs.jsonl _rl=$W/logs.roots
	[ -f "$_rj" ] || _rj=/dev/null
	[ -f "$_rl" ] || _rl=/dev/null
	jq -cn --arg at "$(utc_now)" --argjson cid "$cid" --arg l "$ledger" --arg v "$self" --arg id "$id" \
	    --argjson p "$P" --argjson j "$J" --arg inc "$s_incumbentCodeHash" --argjson px "$s_projExtra" \
	    --arg res "$1" --arg rc "$2" --argjson m "$measurement" --arg vs "$verified" --arg mh "$mhash" \
	    --arg ev "${3:-}" --slurpfile g "$W/gates.jsonl" --slurpfile t "$W/txs.jsonl" --arg err "$detail" \
	    --slurpfile runs "$_rj" --slurpfile roots "$_rl" --arg ct "${s_codeTree:-}" --arg it "${s_incumbentTree:-}" \
	    --arg kernel "$(uname -sr)" --arg host "$(uname -m)" --argjson att "$att" '
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
	    + (if $ev == "evidence" then {} else
	       {transactions: (reduce $t[] as $x ([]; if any(.[]; .txHash == $x.txHash) then . else . + [$x] end))} end)
	    + {error: (if $err == "" then null else $err end)} |
	    if $ev != "evidence" then
	      . + {attestation: ([$att | objects | select(.signature) | {scheme: "eip712", hash, signer, signature, teeQuote: null}]
	                         | first // null)}
	    else
	      ([$roots[] | {(.path): .root}] | add // {}) as $lr |
	      . + {schema: "openresearch/verifier-evidence/v1",
	           runs: [$runs[] | {kind, arm, pair, metric, matches, exit: .run.exit, cause: .run.cause, wallUs: .run.wallUs,
	                             stdoutRoot: (if .stdout then $lr[.stdout] else null end),
	                             stderrRoot: (if .stderr then $lr[.stderr] else null end)}],
	           paired: $m,
	           trees: {candidate: (if $ct == "" then null else $ct end), incumbent: (if $it == "" then null else $it end)},
	           environment: {kernel: $kernel, machine: $host}}
	    end'
}

# attest RESULT REASON: EIP-712 over chain id, ledger, proposal id, result,
# reason code, verified score and metricsHash, signed by the verifier key.
# teeQuote: a TEE would sign the same digest; null in software.
attest() {
	typed_data "$cid" "$ledger" "$id" "$1" "$2" "$verified" "$mhash" | or-sign -q typed 2> /dev/null
}

# conclude RESULT REASON: append the verification result, clean up, stop.
conclude() {
	_a=$(attest "$1" "$2")
	[ -n "$_a" ] || _a=null
	att=$_a
	jlog "$ws/results.jsonl" "$(result_obj "$1" "$2")"
	wrote "$ws/results.jsonl"
	[ "$keep" = 1 ] || rm -rf -- "$W"
	_mj=null
	[ -z "$mhash" ] || _mj="\"$mhash\""
	finish "$1" "$(printf '{"proposalId":"%s","reasonCode":"%s","metricsHash":%s}' "$id" "$2" "$_mj")"
}

# has_events: the last receipt holds ProposalApproved and BestUpdated (a
# receipt send took from the journal).
has_events() {
	printf '%s\n' "$tx_result" | jq -e --arg l "$ledger" --arg r "$registry" \
	    '[.receipt.logs[]? | select((.address | ascii_downcase) as $a | ($a == $l or $a == $r)) | .topics[0]] as $t |
	     ($t | index("0xf9864651f73eb83c9c04a32bbfc01af358477185c47e3f04895a7bc34efc95fa")) and
	     ($t | index("0x0ce501a73e88bb8e462de407d174dfb21819b47ccc29dc46de745446a3fab2dc"))' > /dev/null
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

# evidence RESULT REASON: build evidence/<id>.json and store it with its
# logs; sets mhash.  Stored once per review: a settlement resumed after a
# crash keeps the metricsHash it signed.
evidence() {
	_ev=$ws/evidence/$id.json
	if [ -n "${s_metricsHash:-}" ] && [ -f "$_ev" ]; then
		mhash=$s_metricsHash
		return 0
	fi
	if [ -f "$W/runs/runs.jsonl" ]; then
		# every non-empty log stored in one or-put0g call (an empty one has
		# no 0G root: null), then mapped onto the runs by path
		jq -r '.stdout // empty, .stderr // empty' "$W/runs/runs.jsonl" |
		    while IFS= read -r _f; do [ ! -s "$_f" ] || printf '%s\n' "$_f"; done > "$W/logs.list"
		: > "$W/logs.roots"
		if [ -s "$W/logs.list" ]; then
			xargs -d '\n' -a "$W/logs.list" or-put0g -q put < /dev/null > "$W/logs.roots" 2> /dev/null || return 1
		fi
	fi
	result_obj "$1" "$2" evidence | write_atomic "$_ev" || exit
	mhash=$(or-put0g -q put "$_ev" < /dev/null | sed -n 's/.*"root" *: *"\(0x[0-9a-f]*\)".*/\1/p')
	[ -n "$mhash" ] || { mhash=''; return 1; }
	state_put metricsHash "\"$mhash\""
	wrote "$_ev"
}

case $action in
skip) conclude skipped "$reason" ;;
release) release "$reason" ;;
reject)
	evidence rejected "$reason" || { detail="cannot store the evidence"; release storage_unavailable; }
	send reject 'reject(uint256,bytes32)' "$id" "$mhash" ;;
approve)
	verified=$S_C
	evidence approved "$reason" || { verified='' detail="cannot store the evidence"; release storage_unavailable; }
	send approve 'approve(uint256,int256,bytes32)' "$id" "$S_C" "$mhash" ;;
*) die 1 bad_decision "'$W/decision.json': unknown action '$action'" ;;
esac
if [ "$sent_status" = 1 ]; then
	[ -n "$sent_events" ] || { has_events && sent_events=1; }
	if [ "$action" = approve ] && [ "$sent_events" != 1 ]; then
		gate settle failed missing_event "approve mined without ProposalApproved and BestUpdated"
		detail="approve mined without its events"
		conclude approved settle_failed
	fi
	gate settle passed
	review_log "$id" decide mined "{\"decision\":\"$action\",\"metricsHash\":\"$mhash\"}"
	conclude "$(if [ "$action" = approve ]; then echo approved; else echo rejected; fi)" "$reason"
fi
was=$mhash
case $sent_revert in
LockExpired)
	gate settle failed LockExpired
	review_log "$id" decide closed '{"decision":"lock_lost"}'
	conclude lock_lost "$reason" ;;
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
	detail="$action reverted ${sent_revert:-without a reason} (evidence $was)"
	verified='' mhash=''
	release settle_failed ;;
esac
