# validate-lib.sh: what the validate scripts share beyond lib.sh.  Sourced
# after lib.sh, never run.
# shellcheck shell=sh disable=SC2034,SC2154,SC2015

here=$(cd "$(dirname -- "$0")" && pwd -P)
skill=$(dirname -- "$here")

# Set by validate_open: ws (the workspace .autoresearch/validate), dep and
# cid (deployment_open), self (the verifier), ledger, registry, vreg, abis
# (or-rpc --abi options as one word list).
ws=
self=
ledger=
registry=
vreg=
abis=

# The proposal status names (contracts.md §2.3).
status_name() {
	case $1 in
	0) echo Pending ;; 1) echo InReview ;; 2) echo Approved ;; 3) echo Rejected ;;
	4) echo Expired ;; *) echo Unknown ;;
	esac
}

# abi_of NAME: the artifact of contract NAME: the manifest's, else the
# project's own build next to the skill (contracts/out), else nothing.
abi_of() {
	_ab=$(manifest_artifact "$dep" "$1")
	if [ -z "$_ab" ] || [ ! -f "$_ab" ]; then
		_ab=$(cd "$skill/../.." && pwd -P)/contracts/out/$1.json
	fi
	[ -f "$_ab" ] && printf '%s\n' "$_ab"
	return 0
}

# validate_open DIR [--no-lock]: the workspace under DIR, the deployment, the
# verifier's address and the contract addresses.
validate_open() {
	[ -d "$1" ] || usage_die "'$1' is not a folder"
	ws=$(cd "$1" && pwd -P)/.autoresearch/validate
	mkdir -p "$ws/evidence" "$ws/work" || die 3 write_failed "cannot create the workspace '$ws'"
	[ "${2:-}" = --no-lock ] || lock_workspace "$ws"
	deployment_open "${OR_DEPLOYMENT:-}"
	ledger=$(manifest_get "$dep" .contracts.ProposalLedger.address | tr 'A-F' 'a-f')
	registry=$(manifest_get "$dep" .contracts.ProjectRegistry.address | tr 'A-F' 'a-f')
	vreg=$(manifest_get "$dep" .contracts.VerifierRegistry.address | tr 'A-F' 'a-f')
	[ -n "$ledger" ] && [ -n "$registry" ] && [ -n "$vreg" ] ||
	    die 1 no_deployment "'$dep' lacks the ledger, registry or verifier registry address"
	self=$(or-sign -q address < /dev/null 2> /dev/null | jq -r '.address // empty' | tr 'A-F' 'a-f')
	[ -n "$self" ] || die 1 no_identity "cannot read the verifier's address (ETH_KEYSTORE, ETH_FROM, ETH_PASSWORD)"
	abis="--interval ${OR_TX_POLL:-0.1}"
	for _n in ProposalLedger ProjectToken ProjectRegistry; do
		_a=$(abi_of "$_n")
		[ -z "$_a" ] || abis="$abis --abi $_a"
	done
}

# view TO SIG ARGS...: the decoded result of a call ({"0": ...}).
view() {
	_to=$1
	shift
	_v=$(or-abi -q encode "$@" | jq -c --arg to "$_to" '. + {to: $to}' | or-rpc -q call | jq -c '.decoded // empty')
	[ -n "$_v" ] || die 4 rpc_failed "cannot call $1 on $_to"
	printf '%s\n' "$_v"
}

# proposal ID: getProposal as a named object (contracts.md §2.2).
proposal() {
	view "$ledger" 'getProposal(uint256)(uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8)' "$1" |
	    jq -c 'map_values(if type == "string" then ascii_downcase else . end) |
	    {projectId: (."0" | tostring), miner: ."1", rewardRecipient: ."2", codeHash: ."3",
	     benchmarkLogHash: ."4", metricsHash: ."5", claimedScore: (."6" | tostring),
	     verifiedScore: (."7" | tostring), stake: (."8" | tostring),
	     submittedAt: (."9" | tonumber), reviewLockUntil: (."10" | tonumber),
	     reviewer: ."11", status: (."12" | tonumber)}'
}

# project ID: getProject as a named object (contracts.md §2.1).
project() {
	view "$registry" 'getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)' "$1" |
	    jq -c 'map_values(if type == "string" then ascii_downcase else . end) |
	    {protocolHash: ."0", repoSnapshotHash: ."1", benchmarkHash: ."2",
	     baselineScore: (."3" | tostring), baselineMetricsHash: ."4", currentBestCodeHash: ."5",
	     currentBestScore: (."6" | tostring), currentBestMetricsHash: ."7", currentBestMiner: ."8",
	     token: ."9", creator: ."10", createdAt: (."11" | tonumber)}'
}

# chain_now: the latest block's timestamp.
chain_now() {
	_t=$(or-rpc -q eth_getBlockByNumber latest false < /dev/null | jq -r '.result.timestamp // empty')
	[ -n "$_t" ] || die 4 rpc_failed "cannot read the latest block"
	printf '%d\n' "$_t"
}

# dec_cmp A B: -1, 0 or 1 for two decimal integers of any size (bc).
dec_cmp() {
	printf 'a=%s\nb=%s\nif (a < b) -1 else if (a > b) 1 else 0\n' "$1" "$2" | BC_LINE_LENGTH=0 bc
}
dec_add() { printf '%s+%s\n' "$1" "$2" | BC_LINE_LENGTH=0 bc; }

# fetch ROOT FILE [MAX-BYTES]: or-put0g get; prints the outcome (ok,
# not_found, unavailable; an object over MAX-BYTES, default 1G, is
# unavailable).
fetch() {
	_o=$(or-put0g -q get "$1" -o "$2" --max-bytes "${3:-1G}" < /dev/null 2> /dev/null | jq -r '.outcome // empty')
	case $_o in
	ok | not_found) printf '%s\n' "$_o" ;;
	*) echo unavailable ;;
	esac
}

# review_open_ids: the proposals the review journal holds claimed without a
# decision, a release or a deferred release.
review_open_ids() {
	journal_read "$ws/reviews.jsonl" | jq -rs '
	    group_by(.proposalId)[] |
	    select(any(.[]; .step == "claim" and .state == "mined") and
	           (any(.[]; .state == "closed" or .step == "deferred_release" or
	                ((.step == "decide" or .step == "approve" or .step == "reject" or .step == "releaseReview") and .state == "mined")) | not)) |
	    .[0].proposalId'
}

review_log() {
	journal_append "$ws/reviews.jsonl" "$(jq -cn --arg id "$1" --arg s "$2" --arg st "$3" --arg at "$(utc_now)" \
	    --argjson x "${4:-{\}}" '{schema: "openresearch/review/v1", proposalId: $id, step: $s, state: $st, at: $at} + $x')"
}

# typed_data CHAIN-ID LEDGER PROPOSAL-ID RESULT REASON-CODE VERIFIED-SCORE
# METRICS-HASH: the EIP-712 record ({typedData}) of a verification result's
# attestation; an empty score is 0, an empty hash 0x00...00.
typed_data() {
	jq -cn --argjson cid "$1" --arg l "$2" --arg id "$3" --arg r "$4" --arg rc "$5" \
	    --arg vs "${6:-0}" --arg mh "${7:-0x0000000000000000000000000000000000000000000000000000000000000000}" '
	    {typedData: {types: {EIP712Domain: [{name: "name", type: "string"}, {name: "version", type: "string"},
	                          {name: "chainId", type: "uint256"}, {name: "verifyingContract", type: "address"}],
	                         VerificationResult: [{name: "proposalId", type: "uint256"}, {name: "result", type: "string"},
	                          {name: "reasonCode", type: "string"}, {name: "verifiedScore", type: "int256"},
	                          {name: "metricsHash", type: "bytes32"}]},
	                 primaryType: "VerificationResult",
	                 domain: {name: "OpenResearch Verification", version: "1", chainId: $cid, verifyingContract: $l},
	                 message: {proposalId: $id, result: $r, reasonCode: $rc, verifiedScore: $vs, metricsHash: $mh}}}'
}
