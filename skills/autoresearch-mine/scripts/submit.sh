#!/bin/sh
# submit.sh [--dir D] [TRIAL]
# mine, §3.8.  Submits a kept trial (default: the last kept one that beat the
# threshold): prepare (sync, the frontier re-checked), confirm (or-bench
# paired, decision approve required), pack, evidence, store, dedupe
# (ProposalSubmitted logs), stake (pool bound, auto-buy on the curve),
# allowance, submit.  Every step appends to submissions.jsonl and first
# checks whether its effect already exists; the transactions go through the
# journalled pipeline of lib.sh (submissions/<trial>/tx.jsonl), so a re-run
# after a crash never signs a second buy or submit.
prog=submit.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() { echo 'usage: submit.sh [--dir D] [--no-lock] [TRIAL]'; }
dir_arg='' tid='' nolock=0
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--dir) [ $# -ge 2 ] || usage_die "option '$1' needs a value"; dir_arg=$2; shift 2 ;;
	--no-lock) nolock=1; shift ;;
	-*) usage_die "unknown option '$1'" ;;
	*) [ -z "$tid" ] || usage_die "one trial at most"; tid=$1; shift ;;
	esac
done
need_tools git jq flock sha256sum bc or-pack or-bench or-put0g or-abi or-rpc or-sign or-hash
mine_open "$dir_arg"
[ "$nolock" = 1 ] || lock_workspace "$ws"
[ "$(cfg_get .mode)" = chain ] || die 1 offline "an offline workspace has no chain to submit to"
deployment_open "$(cfg_get .deployment)"
[ "$cid" = "$(cfg_get .chainId)" ] || die 1 wrong_chain "the node is on chain $cid, the workspace on $(cfg_get .chainId)"
T=$ws/trials.jsonl
J=$ws/submissions.jsonl
trials=$(journal_read "$T") || exit
if [ -z "$tid" ]; then
	tid=$(printf '%s\n' "$trials" | jq -rs 'map(select(.decision == "kept" and .beatsNetworkBest)) | last | .trialId // empty')
	[ -n "$tid" ] || die 1 no_trial "no kept trial beats the network best"
fi
case $tid in t[0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) usage_die "bad trial id '$tid'" ;; esac
trial=$(printf '%s\n' "$trials" | jq -cs --arg t "$tid" 'map(select(.trialId == $t)) | last // empty')
[ -n "$trial" ] || die 1 no_trial "trial $tid is not in trials.jsonl"
[ "$(printf '%s\n' "$trial" | jq -r .decision)" = kept ] || die 1 not_kept "trial $tid was not kept"
commit=$(printf '%s\n' "$trial" | jq -r .gitHeadAfter)
D=$ws/submissions/$tid
TX=$D/tx.jsonl
mkdir -p "$D" || die 3 write_failed "cannot create '$D'"
: >> "$TX"
pid=$(cfg_get .projectId)
led=$(cfg_get .proposalLedger)
abi_opts="--abi $(manifest_artifact "$dep" ProposalLedger) --abi $(manifest_artifact "$dep" ProjectToken)"
miner=$(echo '{}' | or-sign -q address | jq -r '.address // empty' 2> /dev/null)
[ -n "$miner" ] || miner=$(printf '%s\n' "${ETH_FROM:-}" | tr 'A-F' 'a-f')
[ -n "$miner" ] || die 1 no_key "no mining key: set ETH_KEYSTORE, ETH_FROM and ETH_PASSWORD (wallet.sh check)"
miner=$(printf '%s\n' "$miner" | tr 'A-F' 'a-f')
rcpt=${OR_REWARD_RECIPIENT:-$(cfg_get .rewardRecipient)}
if [ -z "$rcpt" ]; then
	warn "OR_REWARD_RECIPIENT is not set: the reward goes to the mining key"
	rcpt=$miner
fi
stake=${OR_STAKE:-$(cfg_get .stake)}
case $stake in '' | *[!0-9]* | 0) die 2 usage "stake '$stake' is not a whole number of tokens above 0" ;; esac
# the auto-buy budget, in wei with an optional unit suffix (2ether)
max_buy=''
if [ -n "${OR_MAX_BUY_WEI:-}" ]; then
	max_buy=$(wei_of "$OR_MAX_BUY_WEI") ||
	    die 2 usage "OR_MAX_BUY_WEI '$OR_MAX_BUY_WEI' is not a wei amount (decimal wei, 0x hex, or a unit suffix: 1ether, 1.5gwei)"
fi

# entry STEP STATE [JSON]: one submissions.jsonl line.
entry() {
	journal_append "$J" "$(jq -cn --arg t "$tid" --arg s "$1" --arg st "$2" --arg at "$(utc_now)" \
	    --arg pid "$pid" --argjson x "${3:-{\}}" \
	    '{schema: "openresearch/submission/v1", trialId: $t, step: $s, state: $st, at: $at, projectId: $pid} + $x')"
}
done_with() {
	entry 'done' 'done' "$(jq -cn --arg id "$1" --arg ch "$ch" '{proposalId: $id, codeHash: $ch}')"
	finish "$2" "$(jq -cn --arg t "$tid" --arg id "$1" --arg ch "$ch" '{trialId: $t, proposalId: $id, codeHash: $ch}')"
}
hex_dec() { bc_ "ibase=16; $(printf '%s\n' "${1#0x}" | tr 'a-f' 'A-F')"; }
pad_addr() { printf '0x000000000000000000000000%s\n' "${1#0x}"; }
pad_uint() { printf '0x%064s\n' "$(bc_ "obase=16; $1" | tr 'A-F' 'a-f')" | tr ' ' 0; }
TOPIC_SUBMITTED=0xa4d1f389c1635fe17c6493eee8acde220dda5aadbe29927b54e459fb84e95144
TOPIC_BOUGHT=0xa9a40dec7a304e5915d11358b968c1e8d365992abf20f82285d1df1b30c8e24c

# submitted_id CODEHASH: the id of a ProposalSubmitted of (project, miner,
# codeHash) on chain, or nothing.
submitted_id() {
	_lg=$(jq -cn --arg a "$led" --arg t0 "$TOPIC_SUBMITTED" --arg t2 "$(pad_uint "$pid")" --arg t3 "$(pad_addr "$miner")" \
	    '{address: $a, topics: [$t0, null, $t2, $t3]}' | or-rpc -q logs)
	_s=$?
	[ "$_s" -eq 0 ] || die "$(tool_status "$_s")" rpc_failed "cannot read the ProposalSubmitted logs"
	_h=$(printf '%s\n' "$_lg" | jq -r --arg ch "$1" 'select(.kind == "log") |
	    select((.data // .log.data)[66:130] == ($ch[2:])) | (.topics // .log.topics)[1]' | head -n 1)
	[ -z "$_h" ] || hex_dec "$_h"
}

# A transaction left signed by a crash is finished first.
for k in buy approve submit; do
	# shellcheck disable=SC2086
	tx_resume "$TX" "$k" $abi_opts
	r=$?
	[ "$r" -eq 0 ] && entry "$k" mined "$(printf '%s\n' "$tx_result" | jq -c '{tx: {txHash}, receipt: {status: .receipt.status, blockNumber: .receipt.blockNumber, gasUsed: .receipt.gasUsed}}')"
done

# prepare: sync and re-check the frontier.
sync_state
ns=$ws/network_state.json
[ "$(jq -r .protocolHash "$ns")" = "$(cfg_get .protocolHash)" ] || die 1 wrong_protocol "network state of another protocol"
thr=$(jq -r .thresholdScore "$ns")
bestS=$(jq -r .bestScore "$ns")
norm=$(printf '%s\n' "$trial" | jq -r .normalizedScore)
if ! ge "$norm" "$thr"; then
	entry prepare skipped "$(jq -cn --arg n "$norm" --arg t "$thr" '{reason: "frontier_moved", normalizedScore: $n, thresholdScore: $t, error: {code: "frontier_moved", message: "the network best moved: the trial no longer beats the threshold"}}')"
	finish frontier_moved "$(jq -cn --arg t "$tid" --arg n "$norm" --arg thr "$thr" '{trialId: $t, normalizedScore: $n, thresholdScore: $thr}')"
fi
git_ cat-file -e "$commit^{commit}" 2> /dev/null || die 1 no_commit "the commit $commit of $tid is missing"

# pack (first: confirm measures these very bytes)
S=$(scratch_dir submit) || exit
remove_at_exit "$S"
pk=$(or-pack -q pack -C "$repo" --commit "$commit" -o "$S/code.tar" < /dev/null) || die 1 pack_failed "cannot pack $commit"
ch=$(printf '%s\n' "$pk" | jq -r .root)
[ "$ch" = "$(printf '%s\n' "$trial" | jq -r .treeRoot)" ] ||
    die 1 root_mismatch "commit $commit packs to $ch, not to the measured tree of $tid"
[ -f "$D/code.tar" ] && [ "$(zg_root "$D/code.tar")" = "$ch" ] || write_atomic "$D/code.tar" < "$S/code.tar" || exit

# Already submitted (a crash after the submit was mined)?
id=$(submitted_id "$ch") || exit
[ -z "$id" ] || done_with "$id" already_submitted

# confirm
if ! jq -e '.paired.decision' "$D/paired/paired.json" > /dev/null 2>&1; then
	rm -rf "$D/paired"
	inc=$(jq -r .incumbentCodeHash "$ns")
	store_get "$inc" "$S/inc.tar" || exit
	unpack_to "$S/inc.tar" "$S/inc" || exit
	unpack_to "$S/code.tar" "$S/cand" || exit
	entry confirm started
	or-bench -q paired --protocol "$P" --trusted "$ws/harness" --out "$D/paired" \
	    --incumbent "$S/inc" --candidate "$S/cand" --incumbent-score "$bestS" < /dev/null > "$S/paired.out" 2>&1
	ps=$?
	jq -e '.paired.decision' "$D/paired/paired.json" > /dev/null 2>&1 ||
	    die "$(tool_status "$ps")" confirm_failed "or-bench paired did not decide (status $ps)"
fi
pj=$D/paired/paired.json
dec=$(jq -r .paired.decision "$pj")
if [ "$dec" != approve ]; then
	entry confirm not_confirmed "$(jq -c '{paired: (.paired | {decision, reason})}' "$pj")"
	finish not_confirmed "$(jq -c --arg t "$tid" '.paired | {trialId: $t, decision, reason}' "$pj")"
fi
claim=$(jq -r '.paired.normalizedLow' "$pj")
case $claim in '' | null) die 1 confirm_failed "paired.json has no normalizedLow" ;; esac

# evidence: the paired verdict and the stored roots of every run's logs.
if ! jq -e .codeHash "$D/evidence.json" > /dev/null 2>&1; then
	: > "$S/runs.jsonl"
	if [ -f "$D/paired/runs.jsonl" ]; then
		jq -c 'select(.kind == "run")' "$D/paired/runs.jsonl" | while IFS= read -r run; do
			o=$(printf '%s\n' "$run" | jq -r .stdout) e=$(printf '%s\n' "$run" | jq -r .stderr)
			or_=null er_=null
			[ ! -s "$o" ] || or_=$(store_put "$o") || exit
			[ ! -s "$e" ] || er_=$(store_put "$e") || exit
			printf '%s\n' "$run" | jq -c --arg o "$or_" --arg e "$er_" \
			    '{arm, pair, phase, metric, exit: .run.exit, cause: .run.cause, wallUs: .run.wallUs, matches,
			      stdoutRoot: (if $o == "null" then null else $o end),
			      stderrRoot: (if $e == "null" then null else $e end)}' >> "$S/runs.jsonl"
		done || exit
	fi
	jq -n --argjson cid "$cid" --arg pid "$pid" --arg ph "$(cfg_get .protocolHash)" --arg m "$miner" \
	    --arg ch "$ch" --arg inc "$(jq -r .incumbentCodeHash "$ns")" --arg is "$bestS" --arg cl "$claim" \
	    --arg t "$tid" --arg c "$commit" --argjson trial "$trial" --slurpfile pj "$pj" \
	    --slurpfile runs "$S/runs.jsonl" --arg at "$(utc_now)" --slurpfile pr "$P" '
	    {schema: "openresearch/miner-evidence/v1", chainId: $cid, projectId: $pid, protocolHash: $ph,
	     miner: $m, codeHash: $ch, incumbentCodeHash: $inc, incumbentScore: $is, claimedScore: $cl,
	     metricName: $trial.primaryMetricName, direction: $trial.direction,
	     metricScale: (($pr[0].measurement.metricScale // 1000000) | tostring),
	     trialId: $t, commit: $c, hypothesis: $trial.hypothesis, paired: $pj[0].paired,
	     runs: $runs, environment: {}, createdAt: $at}' | json_write "$D/evidence.json" || exit
fi

# store, and the code read back
cr=$(store_put "$D/code.tar") || exit
[ "$cr" = "$ch" ] || die 1 root_mismatch "the store says $cr for code.tar, not $ch"
er=$(store_put "$D/evidence.json") || exit
store_get "$ch" "$S/back.tar" || exit
cmp -s "$S/back.tar" "$D/code.tar" || die 1 store_failed "code.tar read back differs"
entry store 'done' "$(jq -cn --arg ch "$ch" --arg er "$er" --arg cl "$claim" '{codeHash: $ch, benchmarkLogHash: $er, claimedScore: $cl}')"

# stake: the pool bound, then buy what is missing.
tk=$(jq -r .token "$ns")
rem=$(jq -r .minerPoolRemaining "$ns")
if ! ge "$rem" "$stake"; then
	entry stake failed "$(jq -cn --arg r "$rem" --arg s "$stake" '{error: {code: "pool_exhausted", message: ("stake " + $s + " is above the remaining miner pool " + $r)}}')"
	die 1 pool_exhausted "stake $stake is above the remaining miner pool $rem"
fi
bal=$(call_view "$tk" 'balanceOf(address)(uint256)' "$miner" | jq -r '."0"') || exit
if ! ge "$bal" "$stake"; then
	miss=$(bc_ "$stake - $bal")
	sup=$(call_view "$tk" 'totalSupply()(uint256)' | jq -r '."0"') || exit
	quote=$(call_view "$tk" 'costBetween(uint256,uint256)(uint256)' "$sup" "$(bc_ "$sup + $miss")" | jq -r '."0"') || exit
	# the curve's own formula (contracts.md §4) must give the same cost
	bp=$(call_view "$tk" 'basePrice()(uint256)' | jq -r '."0"') || exit
	sl=$(call_view "$tk" 'slope()(uint256)' | jq -r '."0"') || exit
	loc=$(bc_ "$bp * $miss + $sl * $miss * (2 * $sup + $miss) / 2")
	[ "$loc" = "$quote" ] || die 1 buy_quote "costBetween($sup, $(bc_ "$sup + $miss")) is $quote, the curve's formula gives $loc"
	case ${OR_BUY_SLIPPAGE_BPS:-100} in *[!0-9]* | '') die 2 usage "OR_BUY_SLIPPAGE_BPS is not a whole number" ;; esac
	val=$(bc_ "$quote + $quote * ${OR_BUY_SLIPPAGE_BPS:-100} / 10000")
	qb=$(call_view "$tk" 'quoteBuy(uint256)(uint256)' "$val" | jq -r '."0"') || exit
	ge "$qb" "$miss" || die 1 buy_quote "quoteBuy($val) gives $qb tokens, $miss are missing"
	if [ -n "$max_buy" ] && ! ge "$max_buy" "$val"; then
		die 1 buy_budget "buying $miss tokens costs $val wei, above OR_MAX_BUY_WEI ($max_buy wei)"
	fi
	nb=$(or-rpc -q balance "$miner" < /dev/null | jq -r '.balance // empty')
	ge "${nb:-0}" "$val" || die 1 insufficient_funds "the mining key holds ${nb:-0} wei, buying costs $val"
	entry stake started "$(jq -cn --arg m "$miss" --arg q "$quote" --arg v "$val" '{missing: $m, quote: $q, value: $v}')"
	# shellcheck disable=SC2086
	tx_send "$TX" buy "$(jq -cn --arg to "$tk" --arg v "$val" '{to: $to, sig: "buy()", args: [], value: $v}')" $abi_opts ||
	    die 1 buy_reverted "buy() reverted"
	printf '%s\n' "$tx_result" | jq -e --arg tk "$tk" --arg b "$TOPIC_BOUGHT" \
	    'any(.receipt.logs[]; (.address | ascii_downcase) == $tk and .topics[0] == $b)' > /dev/null ||
	    die 1 buy_failed "the buy receipt has no Bought log from the token"
	entry stake mined "$(printf '%s\n' "$tx_result" | jq -c '{tx: {txHash}, receipt: {status: .receipt.status, blockNumber: .receipt.blockNumber, gasUsed: .receipt.gasUsed}}')"
	bal=$(call_view "$tk" 'balanceOf(address)(uint256)' "$miner" | jq -r '."0"') || exit
	ge "$bal" "$stake" || die 1 buy_failed "after buying, the balance $bal is below the stake $stake"
fi

# allowance
al=$(call_view "$tk" 'allowance(address,address)(uint256)' "$miner" "$led" | jq -r '."0"') || exit
if ! ge "$al" "$stake"; then
	# shellcheck disable=SC2086
	tx_send "$TX" approve "$(jq -cn --arg to "$tk" --arg l "$led" --arg s "$stake" '{to: $to, sig: "approve(address,uint256)", args: [$l, $s]}')" $abi_opts ||
	    die 1 approve_reverted "approve reverted"
	entry allowance mined "$(printf '%s\n' "$tx_result" | jq -c '{tx: {txHash}}')"
fi

# submit (never twice: the logs were checked above and nothing is pending)
id=$(submitted_id "$ch") || exit
[ -z "$id" ] || done_with "$id" already_submitted
# shellcheck disable=SC2086
tx_send "$TX" submit "$(jq -cn --arg to "$led" --arg pid "$pid" --arg ch "$ch" --arg er "$er" --arg cl "$claim" \
    --arg s "$stake" --arg r "$rcpt" \
    '{to: $to, sig: "submit(uint256,bytes32,bytes32,int256,uint256,address)", args: [$pid, $ch, $er, $cl, $s, $r]}')" $abi_opts ||
    die 1 submit_reverted "submit reverted: $(printf '%s\n' "$tx_result" | jq -r '.decodedSig // .revertData // empty')"
hid=$(printf '%s\n' "$tx_result" | jq -r --arg l "$led" --arg t0 "$TOPIC_SUBMITTED" --arg t2 "$(pad_uint "$pid")" --arg t3 "$(pad_addr "$miner")" '
    [.receipt.logs[] | select((.address | ascii_downcase) == $l and .topics[0] == $t0 and .topics[2] == $t2 and .topics[3] == $t3)] |
    .[0].topics[1] // empty')
[ -n "$hid" ] || die 1 submit_failed "the submit receipt has no ProposalSubmitted of this project and miner"
id=$(hex_dec "$hid")
entry submit mined "$(printf '%s\n' "$tx_result" | jq -c --arg id "$id" --arg ch "$ch" --arg er "$er" --arg cl "$claim" --arg s "$stake" --arg r "$rcpt" \
    '{codeHash: $ch, benchmarkLogHash: $er, claimedScore: $cl, stake: $s, rewardRecipient: $r, proposalId: $id,
      tx: {txHash}, receipt: {status: .receipt.status, blockNumber: .receipt.blockNumber, gasUsed: .receipt.gasUsed}}')"
done_with "$id" submitted
