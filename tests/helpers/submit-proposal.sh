#!/bin/sh
# submit-proposal.sh CODE_TAR EVIDENCE CLAIM: submit a proposal the way a
# miner would, but bypassing the mine skill's gates (for the validate tests'
# fraud corpus).  Stores CODE_TAR and EVIDENCE in the local store (unless
# OR_SUBMIT_STORE=none or =evidence), buys OR_STAKE (default 1) tokens of
# project OR_PROJECT_ID on its curve, approves the ledger and submits with
# the claim CLAIM.  CODE_TAR may be a 0x root instead of a file (code that
# is not stored).  Prints the proposal id.  Uses OR_DEPLOYMENT and ETH_*.
set -eu
[ $# -eq 3 ] || { echo "usage: submit-proposal.sh CODE_TAR EVIDENCE CLAIM" >&2; exit 2; }
code=$1 ev=$2 claim=$3 stake=${OR_STAKE:-1} pid=${OR_PROJECT_ID:?set OR_PROJECT_ID}
dep=${OR_DEPLOYMENT:?set OR_DEPLOYMENT}
ledger=$(jq -r .contracts.ProposalLedger.address "$dep")
registry=$(jq -r .contracts.ProjectRegistry.address "$dep")
store=${OR_SUBMIT_STORE:-all}
case $code in
0x*) ch=$code ;;
*) if [ "$store" = all ]; then ch=$(or-put0g -q put "$code" | jq -r .root); else ch=$(or-hash zg "$code" | jq -r .root); fi ;;
esac
case $ev in
0x*) eh=$ev ;;
*) if [ "$store" = none ]; then eh=$(or-hash zg "$ev" | jq -r .root); else eh=$(or-put0g -q put "$ev" | jq -r .root); fi ;;
esac
view() {
	to=$1; shift
	or-abi -q encode "$@" | jq -c --arg to "$to" '. + {to: $to}' | or-rpc -q call | jq -r '.decoded."0" | tostring'
}
tx() {
	r=$(printf '%s\n' "$1" | or-abi -q encode | or-rpc -q fill | or-sign -q tx | or-rpc -q send | or-rpc -q wait)
	[ "$(printf '%s\n' "$r" | jq -r .receipt.status)" = 1 ] || { echo "submit-proposal.sh: $1 failed: $r" >&2; exit 1; }
	printf '%s\n' "$r"
}
token=$(or-abi -q encode 'getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)' "$pid" |
    jq -c --arg to "$registry" '. + {to: $to}' | or-rpc -q call | jq -r '.decoded."9"')
supply=$(view "$token" 'totalSupply()(uint256)')
cost=$(view "$token" 'costBetween(uint256,uint256)(uint256)' "$supply" "$(echo "$supply + $stake" | bc)")
tx "$(jq -cn --arg to "$token" --arg v "$cost" '{to: $to, sig: "buy()", args: [], value: $v}')" > /dev/null
tx "$(jq -cn --arg to "$token" --arg l "$ledger" --arg s "$stake" '{to: $to, sig: "approve(address,uint256)", args: [$l, $s]}')" > /dev/null
r=$(tx "$(jq -cn --arg to "$ledger" --arg p "$pid" --arg c "$ch" --arg e "$eh" --arg s "$claim" --arg k "$stake" \
    '{to: $to, sig: "submit(uint256,bytes32,bytes32,int256,uint256,address)", args: [$p, $c, $e, $s, $k, "0x0000000000000000000000000000000000000000"]}')")
printf '%s\n' "$r" | jq -r --arg l "$ledger" '[.receipt.logs[] | select((.address | ascii_downcase) == ($l | ascii_downcase)) |
    select(.topics[0] == "0xa4d1f389c1635fe17c6493eee8acde220dda5aadbe29927b54e459fb84e95144")][0].topics[1]' |
    xargs printf '%d\n'
