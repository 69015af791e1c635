#!/bin/sh
# discover.sh [--dir DIR] [--project ID] [--max N]: the proposals to review
# (workflows.md §4.3).  ProposalSubmitted logs from cursor.nextBlock (else
# getProposal for every id from cursor.nextProposalId), plus the ids the
# review journal still has open; each classified by getProposal: candidate
# (Pending), resume (ours, lock running), lock_lost (ours, lock ended),
# else skipped.  One {proposalId, action} line each, oldest first, at most
# N (OR_VALIDATE_MAX_PROPOSALS, 10) candidates and resumes.
prog=discover.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"

dir=. proj='' max=${OR_VALIDATE_MAX_PROPOSALS:-10}
while [ $# -gt 0 ]; do
	case $1 in
	--dir) [ $# -ge 2 ] || usage_die "--dir needs a folder"; dir=$2; shift ;;
	--project) [ $# -ge 2 ] || usage_die "--project needs an id"; proj=$2; shift ;;
	--max) [ $# -ge 2 ] || usage_die "--max needs a number"; max=$2; shift ;;
	--deployment) [ $# -ge 2 ] || usage_die "--deployment needs a file"; OR_DEPLOYMENT=$2; export OR_DEPLOYMENT; shift ;;
	-h | --help) echo "usage: discover.sh [--dir DIR] [--project ID] [--max N]"; exit 0 ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
	shift
done
case $max in '' | *[!0-9]*) usage_die "--max needs a number" ;; esac
case $proj in *[!0-9]*) usage_die "--project needs a decimal id" ;; esac
need_tools or-abi or-rpc or-sign jq
validate_open "$dir" "${OR_VALIDATE_HELD:+--no-lock}"

cur=$ws/cursor.json
nb=0 nid=0
if [ -f "$cur" ] && [ "$(jq -r '.ledger' "$cur")" = "$ledger" ]; then
	nb=$(jq -r .nextBlock "$cur")
	nid=$(jq -r .nextProposalId "$cur")
else
	fb=$(manifest_get "$dep" .fromBlock)
	[ -n "$fb" ] && nb=$fb
fi
latest=$(echo '{}' | or-rpc -q block-number | jq -r '.blockNumber // empty')
[ -n "$latest" ] || die 4 rpc_failed "cannot read the latest block number"
next=$(view "$ledger" 'nextProposalId()(uint256)' | jq -r '."0" | tostring')

t2=null
[ -z "$proj" ] || t2=$(printf '"0x%064x"' "$proj")
logs=$(jq -cn --arg a "$ledger" --argjson t2 "$t2" \
    '{address: $a, topics: ["0xa4d1f389c1635fe17c6493eee8acde220dda5aadbe29927b54e459fb84e95144", null, $t2]}' |
    or-rpc -q logs --from-block "$nb" 2> /dev/null)
s=$?
if [ "$s" -eq 0 ]; then
	ids=$(printf '%s\n' "$logs" | jq -r 'select(.kind == "log") | .topics[1]' |
	    while IFS= read -r _t; do printf '%d\n' "$_t"; done)
else
	warn "no usable logs: asking getProposal for ids $nid to $((next - 1))"
	ids=$(i=$nid; while [ "$i" -lt "$next" ]; do echo "$i"; i=$((i + 1)); done)
fi
open=$(review_open_ids) || exit
n=0
for i in $(printf '%s\n%s\n' "$ids" "$open" | sed '/^$/d' | sort -n -u); do
	p=$(proposal "$i") || exit
	[ -z "$proj" ] || [ "$(printf '%s\n' "$p" | jq -r .projectId)" = "$proj" ] || continue
	st=$(printf '%s\n' "$p" | jq -r .status)
	rv=$(printf '%s\n' "$p" | jq -r .reviewer)
	lu=$(printf '%s\n' "$p" | jq -r .reviewLockUntil)
	if [ "$st" = 0 ]; then a=candidate
	elif [ "$st" = 1 ] && [ "$rv" = "$self" ]; then
		if [ "$lu" -gt "$(chain_now)" ]; then a=resume; else a=lock_lost; fi
	else a=skip
	fi
	if [ "$a" = candidate ] || [ "$a" = resume ]; then
		[ "$n" -lt "$max" ] || continue
		n=$((n + 1))
	fi
	jq -cn --arg i "$i" --arg a "$a" --arg s "$(status_name "$st")" '{proposalId: $i, action: $a, status: $s}'
done
jq -n --argjson c "$cid" --arg l "$ledger" --argjson b "$((latest + 1))" --argjson n "$next" --arg at "$(utc_now)" \
    '{chainId: $c, ledger: $l, nextBlock: $b, nextProposalId: $n, updatedAt: $at}' | json_write "$cur"
wrote "$cur"
finish discovered "$(jq -cn --argjson n "$n" '{toReview: $n}')"
