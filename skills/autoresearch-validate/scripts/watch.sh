#!/bin/sh
# watch.sh [--dir DIR] [--poll S] [--max-proposals N] [--max-seconds S]
#          [--until-idle] [--project ID]: keep validating as proposals arrive
# (workflows.md §4.10).  On start, every review the journal holds open is
# settled first: a settlement signed without its receipt -> that same signed
# transaction waited for or sent again (settle.sh); decided on chain ->
# closed; ours with the lock running -> validated again from the start; ours
# with the lock ended -> released; deferred releases that are due -> sent.
# Then discovery and one review at a time, sleeping OR_VALIDATE_POLL_SECONDS
# (--poll) between rounds.
prog=watch.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"

dir=. poll=${OR_VALIDATE_POLL_SECONDS:-30} maxp=${OR_VALIDATE_MAX_PROPOSALS:-10} maxs=0 idle=0 proj=''
while [ $# -gt 0 ]; do
	case $1 in
	--dir) [ $# -ge 2 ] || usage_die "--dir needs a folder"; dir=$2; shift ;;
	--poll) [ $# -ge 2 ] || usage_die "--poll needs seconds"; poll=$2; shift ;;
	--max-proposals) [ $# -ge 2 ] || usage_die "--max-proposals needs a number"; maxp=$2; shift ;;
	--max-seconds) [ $# -ge 2 ] || usage_die "--max-seconds needs seconds"; maxs=$2; shift ;;
	--until-idle) idle=1 ;;
	--project) [ $# -ge 2 ] || usage_die "--project needs an id"; proj=$2; shift ;;
	--deployment) [ $# -ge 2 ] || usage_die "--deployment needs a file"; OR_DEPLOYMENT=$2; export OR_DEPLOYMENT; shift ;;
	-h | --help) echo "usage: watch.sh [--dir DIR] [--poll S] [--max-proposals N] [--max-seconds S] [--until-idle] [--project ID]"; exit 0 ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
	shift
done
for _n in "$poll" "$maxp" "$maxs"; do
	case $_n in '' | *[!0-9]*) usage_die "'$_n' is not a whole number" ;; esac
done
case $proj in *[!0-9]*) usage_die "--project needs a decimal id" ;; esac
need_tools or-abi or-rpc or-sign jq
validate_open "$dir"
OR_VALIDATE_HELD=1
export OR_VALIDATE_HELD
start=$(date +%s)
count=0

# run_validate ID: one review by validate.sh; prints its outcome.
run_validate() {
	_o=$(sh "$here/validate.sh" --dir "$dir" "$1" | tail -n 1)
	_s=$?
	count=$((count + 1))
	printf '%s\n' "$_o" | jq -c --arg i "$1" '{proposalId: $i, result: .stopped, reasonCode: (.reasonCode // null)}' 2> /dev/null ||
	    jq -cn --arg i "$1" --argjson s "$_s" '{proposalId: $i, result: "error", status: $s}'
}

# deferred_due: send the deferred releases whose lock has ended (§4.8).
deferred_due() {
	_ids=$(journal_read "$ws/reviews.jsonl" | jq -rs '
	    group_by(.proposalId)[] | select(
	      (map(select(.step == "deferred_release" and .state == "deferred")) | length) >
	      (map(select(.step == "deferred_release" and (.state == "mined" or .state == "closed"))) | length)) |
	    .[0].proposalId') || exit
	for _i in $_ids; do
		_p=$(proposal "$_i") || exit
		if [ "$(printf '%s\n' "$_p" | jq -r .status)" != 1 ]; then
			review_log "$_i" deferred_release closed '{"decision":"decided elsewhere"}'
			continue
		fi
		[ "$(printf '%s\n' "$_p" | jq -r .reviewLockUntil)" -le "$(chain_now)" ] || continue
		_c=$(jq -cn --arg to "$ledger" --arg i "$_i" '{to: $to, sig: "releaseReview(uint256)", args: [$i]}')
		# shellcheck disable=SC2086
		if ETH_GAS_LIMIT=${OR_SETTLE_GAS:-900000} tx_send "$ws/transactions.jsonl" releaseReview "$_c" $abis; then
			review_log "$_i" deferred_release mined "$(printf '%s\n' "$tx_result" | jq -c '{tx: .txHash}')"
			jq -cn --arg i "$_i" '{proposalId: $i, result: "released", reasonCode: "release_deferred"}'
		else
			review_log "$_i" deferred_release closed "$(printf '%s\n' "$tx_result" | jq -c '{tx: .txHash, error: (.decodedSig // .revertData)}')"
		fi
	done
}

# on start: the reviews the journal holds open
for i in $(review_open_ids); do
	# a settlement signed before the crash: resumed as it is (settle.sh)
	if settle_pending "$i"; then
		run_validate "$i"
		continue
	fi
	p=$(proposal "$i") || exit
	if [ "$(printf '%s\n' "$p" | jq -r .status)" != 1 ] || [ "$(printf '%s\n' "$p" | jq -r .reviewer)" != "$self" ]; then
		review_log "$i" decide closed "$(jq -cn --arg s "$(status_name "$(printf '%s\n' "$p" | jq -r .status)")" '{decision: $s}')"
		continue
	fi
	run_validate "$i"
done
deferred_due

while :; do
	[ "$count" -lt "$maxp" ] || finish max_proposals "$(jq -cn --argjson n "$count" '{reviewed: $n}')"
	d=$(sh "$here/discover.sh" --dir "$dir" --max "$((maxp - count))" ${proj:+--project "$proj"}) ||
	    die "$?" discover_failed "discover.sh failed"
	todo=$(printf '%s\n' "$d" | jq -r 'select(.action == "candidate" or .action == "resume" or .action == "lock_lost") | .proposalId')
	for i in $todo; do
		[ "$count" -lt "$maxp" ] || break
		run_validate "$i"
	done
	deferred_due
	[ "$count" -lt "$maxp" ] || finish max_proposals "$(jq -cn --argjson n "$count" '{reviewed: $n}')"
	[ "$idle" = 0 ] || [ -n "$todo" ] || finish idle "$(jq -cn --argjson n "$count" '{reviewed: $n}')"
	if [ "$maxs" -gt 0 ] && [ $(($(date +%s) - start + poll)) -ge "$maxs" ]; then
		finish max_seconds "$(jq -cn --argjson n "$count" '{reviewed: $n}')"
	fi
	sleep "$poll"
done
