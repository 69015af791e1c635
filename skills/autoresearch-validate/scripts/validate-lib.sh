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

# validate_open DIR [--no-lock]: the workspace under DIR, the deployment, the
# verifier's address and the contract addresses.  validate.sh passes what it
# found to its stages in OR_VALIDATE_CONTEXT (one value a line), so that a
# stage does not ask the node, the keystore and the manifest again.
validate_open() {
	[ -d "$1" ] || usage_die "'$1' is not a folder"
	ws=$(cd "$1" && pwd -P)/.autoresearch/validate
	mkdir -p "$ws/evidence" "$ws/work" || die 3 write_failed "cannot create the workspace '$ws'"
	[ "${2:-}" = --no-lock ] || lock_workspace "$ws"
	if [ -n "${OR_VALIDATE_CONTEXT:-}" ]; then
		{ IFS= read -r _cws; IFS= read -r dep; IFS= read -r cid; IFS= read -r self; IFS= read -r ledger
		  IFS= read -r registry; IFS= read -r vreg; IFS= read -r abis; } <<EOF
$OR_VALIDATE_CONTEXT
EOF
		[ "$_cws" = "$ws" ] && [ -n "$vreg" ] && return 0
	fi
	# with an explicit manifest: lib.sh's deployment_open in one jq (the RPC
	# URL, the schema, the chain id) and the rest below in the same one
	dep=${OR_DEPLOYMENT:-}
	if [ -z "$dep" ]; then
		deployment_open ''
	else
		[ -f "$dep" ] || die 1 no_deployment "cannot read the deployment manifest '$dep'"
	fi
	# the addresses and the artifacts at once: per contract the manifest's
	# (relative to the folder that holds deployments/), then the project's
	# own build next to the skill
	_top=$(cd "$skill/../.." && pwd -P)
	_base=$(cd "$(dirname -- "$dep")/.." && pwd -P)
	_m=$(jq -r --arg top "$_top" --arg base "$_base" '
	    if .schema == "openresearch/deployment/v1" and (.contracts | type) == "object" then . else error("bad") end |
	    (.chainId | tostring), (.rpcUrl | strings // ""), .contracts as $c |
	    ($c.ProposalLedger.address // "" | ascii_downcase), ($c.ProjectRegistry.address // "" | ascii_downcase),
	    ($c.VerifierRegistry.address // "" | ascii_downcase),
	    (["ProposalLedger", "ProjectToken", "ProjectRegistry"][] as $n |
	     ($c[$n].artifact // "" | if . == "" then "-" elif startswith("/") then . else "\($base)/\(.)" end),
	     "\($top)/contracts/out/\($n).json")' "$dep" 2> /dev/null) ||
	    die 1 no_deployment "'$dep' is not an openresearch/deployment/v1 manifest"
	{ IFS= read -r _mc; IFS= read -r _url; IFS= read -r ledger; IFS= read -r registry; IFS= read -r vreg; } <<EOF
$_m
EOF
	if [ -n "${OR_DEPLOYMENT:-}" ]; then
		if [ -z "${ETH_RPC_URL:-}" ] && [ -n "$_url" ]; then
			ETH_RPC_URL=$_url
			export ETH_RPC_URL
		fi
		_o=$(echo '{}' | or-rpc -q chain-id)
		_s=$?
		[ "$_s" -eq 0 ] || die "$(tool_status "$_s")" rpc_failed "cannot read the chain id from the node"
		cid=$(printf '%s\n' "$_o" | sed -n 's/.*"chainId" *: *"*\([0-9]*\).*/\1/p')
		[ "$cid" = "$_mc" ] ||
		    die 1 wrong_chain "the node is on chain $cid, the manifest '$dep' is for chain $_mc"
	fi
	[ -n "$ledger" ] && [ -n "$registry" ] && [ -n "$vreg" ] ||
	    die 1 no_deployment "'$dep' lacks the ledger, registry or verifier registry address"
	self=$(or-sign -q address < /dev/null 2> /dev/null | sed -n 's/.*"address" *: *"\(0x[0-9a-fA-F]*\)".*/\1/p' | tr 'A-F' 'a-f')
	[ -n "$self" ] || die 1 no_identity "cannot read the verifier's address (ETH_KEYSTORE, ETH_FROM, ETH_PASSWORD)"
	abis="--interval ${OR_TX_POLL:-0.1}"
	_first=''
	_n=0
	while IFS= read -r _a; do
		_n=$((_n + 1))
		[ "$_n" -gt 5 ] || continue
		if [ $((_n % 2)) = 0 ]; then _first=$_a; continue; fi
		if [ -f "$_first" ]; then abis="$abis --abi $_first"
		elif [ -f "$_a" ]; then abis="$abis --abi $_a"
		fi
	done <<EOF
$_m
EOF
}

# view TO SIG ARGS...: the decoded result of a call ({"0": ...}); ARGS are
# numbers or addresses.
view() {
	_v=$(view_raw "$@" | jq -c '.decoded // empty')
	[ -n "$_v" ] || die 4 rpc_failed "cannot call $2 on $1"
	printf '%s\n' "$_v"
}
# view_raw TO SIG ARGS...: or-rpc call's record.
view_raw() {
	_to=$1 _vs=$2
	shift 2
	_va=''
	for _x; do _va="$_va${_va:+,}\"$_x\""; done
	printf '{"to":"%s","sig":"%s","args":[%s]}\n' "$_to" "$_vs" "$_va" | or-abi -q encode | or-rpc -q call
}

# proposal ID: getProposal as a named object (contracts.md §2.2).
proposal() {
	_v=$(view_raw "$ledger" 'getProposal(uint256)(uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8)' "$1" |
	    jq -c '.decoded // empty | map_values(if type == "string" then ascii_downcase else . end) |
	    {projectId: (."0" | tostring), miner: ."1", rewardRecipient: ."2", codeHash: ."3",
	     benchmarkLogHash: ."4", metricsHash: ."5", claimedScore: (."6" | tostring),
	     verifiedScore: (."7" | tostring), stake: (."8" | tostring),
	     submittedAt: (."9" | tonumber), reviewLockUntil: (."10" | tonumber),
	     reviewer: ."11", status: (."12" | tonumber)}')
	[ -n "$_v" ] || die 4 rpc_failed "cannot call getProposal on $ledger"
	printf '%s\n' "$_v"
}

# project ID: getProject as a named object (contracts.md §2.1).
project() {
	_v=$(view_raw "$registry" 'getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)' "$1" |
	    jq -c '.decoded // empty | map_values(if type == "string" then ascii_downcase else . end) |
	    {protocolHash: ."0", repoSnapshotHash: ."1", benchmarkHash: ."2",
	     baselineScore: (."3" | tostring), baselineMetricsHash: ."4", currentBestCodeHash: ."5",
	     currentBestScore: (."6" | tostring), currentBestMetricsHash: ."7", currentBestMiner: ."8",
	     token: ."9", creator: ."10", createdAt: (."11" | tonumber)}')
	[ -n "$_v" ] || die 4 rpc_failed "cannot call getProject on $registry"
	printf '%s\n' "$_v"
}

# chain_now: the latest block's timestamp.
chain_now() {
	_t=$(or-rpc -q eth_getBlockByNumber latest false < /dev/null | sed -n 's/.*"timestamp" *: *"\(0x[0-9a-fA-F]*\)".*/\1/p')
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
	_o=$(or-put0g -q get "$1" -o "$2" --max-bytes "${3:-1G}" < /dev/null 2> /dev/null | sed -n 's/.*"outcome" *: *"\([a-z_]*\)".*/\1/p')
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

# (ID, STEP and STATE are codes, EXTRA a compact JSON object made by jq or
# printf.)
review_log() {
	_x=${4:-'{}'}
	_x=${_x#\{}
	jlog "$ws/reviews.jsonl" "$(printf '{"schema":"openresearch/review/v1","proposalId":"%s","step":"%s","state":"%s","at":"%s"%s%s' \
	    "$1" "$2" "$3" "$(utc_now)" "$([ "$_x" = '}' ] || echo ,)" "${_x:-\}}")"
}

# jlog FILE LINE: append one compact JSON line made by jq, fsync'd
# (journal_append without parsing it again).
jlog() {
	[ -n "$2" ] || die 3 write_failed "internal: no line for '$1'"
	[ -L "$1" ] && die 3 unsafe_path "'$1' is a symbolic link"
	printf '%s\n' "$2" >> "$1" || die 3 write_failed "cannot append to '$1'"
	fsync_path "$1"
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

# --- the stage scripts (checks, fetch, claim, gates, measure, decide, settle)
# Each reads and writes the review's folder W = ws/work/<id>:
#   proposal.json, project.json  the chain's view at checks.sh
#   review.json                  {resumed, lockUntil, incumbentCodeHash,
#                                 incumbentScore, projExtra, policy, codeTree,
#                                 incumbentTree, claimed, benchExit, metricsHash}
#   gates.jsonl                  one {name, status, reason, detail} per gate
#   txs.jsonl                    {kind, txHash, status} per transaction
#   decision.json                {action: skip|release|reject|approve,
#                                 reasonCode, detail, verifiedScore, stage}
# A stage ends with {"stopped": "passed"} (go on) or {"stopped": "decided",
# action, reasonCode} (decision.json written: the rest is settle.sh's).

# stage_args USAGE "$@": --dir, --deployment, --keep-work and the proposal id
# (sets dir, keep, id).
stage_args() {
	_u=$1
	shift
	dir=. keep=0 id=''
	while [ $# -gt 0 ]; do
		case $1 in
		--dir) [ $# -ge 2 ] || usage_die "--dir needs a folder"; dir=$2; shift ;;
		--deployment) [ $# -ge 2 ] || usage_die "--deployment needs a file"; OR_DEPLOYMENT=$2; export OR_DEPLOYMENT; shift ;;
		--keep-work) keep=1 ;;
		-h | --help) echo "usage: $prog $_u"; exit 0 ;;
		-*) usage_die "unknown option '$1'" ;;
		*) [ -z "$id" ] || usage_die "one proposal id only"; id=$1 ;;
		esac
		shift
	done
	case $id in '' | *[!0-9]*) usage_die "give a proposal id (a decimal number)" ;; esac
}

# stage_open: the workspace (locked unless OR_VALIDATE_HELD) and W.
stage_open() {
	validate_open "$dir" "${OR_VALIDATE_HELD:+--no-lock}"
	W=$ws/work/$id
}

# review.json's fields once loaded (review_load)
s_resumed='' s_claimed='' s_lockUntil='' s_incumbentCodeHash='' s_incumbentScore='' s_projExtra={}
s_codeTree='' s_incumbentTree='' s_benchExit='' s_metricsHash=''

# review_load: the records checks.sh left in W, as shell variables: P and J
# (the proposal and project objects), p_NAME, j_NAME and s_NAME (review.json);
# pv NAME and jv NAME print a field.  One jq for all of them.
review_load() {
	[ -f "$W/review.json" ] && [ -f "$W/proposal.json" ] && [ -f "$W/project.json" ] ||
	    die 1 no_review "no review of proposal $id in '$W': run checks.sh first"
	_rl=$(jq -rn --slurpfile p "$W/proposal.json" --slurpfile j "$W/project.json" --slurpfile s "$W/review.json" '
	    "P=\($p[0] | tojson | @sh) J=\($j[0] | tojson | @sh)",
	    ($p[0] | to_entries[] | "p_\(.key)=\(.value | tostring | @sh)"),
	    ($j[0] | to_entries[] | "j_\(.key)=\(.value | tostring | @sh)"),
	    ($s[0] | to_entries[] | "s_\(.key)=\(.value | if type == "string" then . else tojson end | @sh)")') ||
	    die 1 no_review "'$W' holds a broken record"
	eval "$_rl"
}
pv() { eval "printf '%s\\n' \"\$p_$1\""; }
jv() { eval "printf '%s\\n' \"\$j_$1\""; }

# state_put KEY JSON [KEY JSON]...: fields of review.json replaced (one jq);
# s_KEY follows (a string without its quotes).
state_put() {
	_sp='{}'
	_sa=''
	while [ $# -ge 2 ]; do
		case $2 in
		\"*\") eval "s_$1=\${2#\\\"}"; eval "s_$1=\${s_$1%\\\"}" ;;
		*) eval "s_$1=\$2" ;;
		esac
		_sa="$_sa${_sa:+,}\"$1\":$2"
		shift 2
	done
	_sp="{$_sa}"
	jq -c --argjson v "$_sp" '. + $v' "$W/review.json" | write_atomic "$W/review.json" || exit
}

# gate NAME STATUS [REASON [DETAIL]]: one gate outcome in gates.jsonl.
gate() {
	if [ -z "${3:-}" ] && [ -z "${4:-}" ]; then
		printf '{"name":"%s","status":"%s","reason":null,"detail":null}\n' "$1" "$2" >> "$W/gates.jsonl"
		return
	fi
	jq -cn --arg n "$1" --arg s "$2" --arg r "${3:-}" --arg d "${4:-}" \
	    '{name: $n, status: $s, reason: (if $r == "" then null else $r end),
	      detail: (if $d == "" then null else $d end)}' >> "$W/gates.jsonl"
}

# decided: a stage before this one wrote the decision.
decided() { [ -f "$W/decision.json" ]; }

# decision ACTION REASON [DETAIL [VERIFIED-SCORE]]: write decision.json and
# stop the stage (the rest is settle.sh's).  ACTION and REASON are codes.
decision() {
	if [ -z "${3:-}" ]; then
		printf '{"action":"%s","reasonCode":"%s","detail":null,"verifiedScore":%s,"stage":"%s"}\n' \
		    "$1" "$2" "$([ -n "${4:-}" ] && echo "\"$4\"" || echo null)" "${prog%.sh}"
	else
		jq -cn --arg a "$1" --arg r "$2" --arg d "$3" --arg v "${4:-}" --arg st "${prog%.sh}" \
		    '{action: $a, reasonCode: $r, detail: $d, verifiedScore: (if $v == "" then null else $v end), stage: $st}'
	fi | write_atomic "$W/decision.json" || exit
	wrote "$W/decision.json"
	stage_final decided "$(printf '"action":"%s","reasonCode":"%s"' "$1" "$2")"
}

# stage_pass: the stage found nothing that decides; the next one runs.
stage_pass() { stage_final passed "$(printf '"proposalId":"%s"' "$id")"; }

# stage_final STOPPED FIELDS: finish, with the final line made by printf
# when the paths written need no JSON escaping (FIELDS: "key":value,...).
stage_final() {
	case $or_wrote in
	*[\"\\]*) finish "$1" "{$2}" ;;
	esac
	_wl=$(printf '%s' "$or_wrote" | sed '/^$/d; s/.*/"&"/' | paste -sd, -)
	printf '{"stopped":"%s","wrote":[%s],%s}\n' "$1" "$_wl" "$2" >&8
	exit 0
}

# stage_skip_decided: a stage after the decision does nothing.
stage_skip_decided() {
	decided || return 0
	finish decided "$(jq -c '{action, reasonCode}' "$W/decision.json")"
}

# settle_pending ID: the review journal holds a settlement of ID (approve,
# reject or releaseReview) signed without its receipt: settle.sh must resume
# it, never sign another.
settle_pending() {
	grep -Eq "\"proposalId\":\"$1\",\"step\":\"(approve|reject|releaseReview)\",\"state\":\"signed\"" "$ws/reviews.jsonl" \
	    2> /dev/null || return 1
	journal_read "$ws/reviews.jsonl" | jq -es --arg id "$1" '
	    [.[] | select(.proposalId == $id and (.step == "approve" or .step == "reject" or .step == "releaseReview"))] |
	    (map(select(.state == "signed")) | last) as $s |
	    $s != null and (any(.[]; .tx == $s.tx and .state != "signed") | not)' > /dev/null
}

# claim_key: the pipeline journal kind of this review's claim,
# claimReview/ID@N, N the claims of ID the review journal holds mined: a claim
# signed before a crash keeps its key until it is mined.
claim_key() {
	_n=$(grep -cF "\"proposalId\":\"$id\",\"step\":\"claim\",\"state\":\"mined\"" "$ws/reviews.jsonl" 2> /dev/null)
	printf 'claimReview/%s@%s\n' "$id" "${_n:-0}"
}

# tx_final JOURNAL KIND: the receipt record (as or-rpc wait prints it) of the
# last mined or reverted entry of KIND, or nothing.
tx_final() {
	journal_read "$1" | jq -cs --arg k "$2" '
	    [.[] | select(.step == $k and (.state == "mined" or .state == "reverted"))] | last |
	    select(. != null) | {txHash, revertData, decodedSig: .revert,
	                         receipt: {status, blockNumber, logs: (.logs // [])}}'
}

# send KIND SIG ARGS...: one transaction of this review through the pipeline
# (the entries of lib.sh's tx_send), with a fixed gas limit so that a revert
# is mined and decoded by name; ARGS are numbers, addresses or hashes.
# Journal kind: the claim's (claim_key), else KIND/ID@LOCKUNTIL, one per
# review and kind.  Crash safety: a transaction of that kind signed before a
# crash is waited for or sent again (tx_resume), a settlement already mined
# or reverted is taken as it is; a second, different one is never signed.
# The review journal gets KIND signed (with the hash) before the send, and
# mined or reverted.  Sets sent_status (1 mined, 0 reverted), sent_revert
# (the error name), tx_result and, for a transaction sent here, sent_events
# (1 when the receipt holds ProposalApproved and BestUpdated,
# BestUpdated(uint256,address,int256,bytes32,bytes32), contracts.md §3,
# emitted by the ledger or the registry).
send() {
	_sk=$1 _sig=$2 _sh='' sent_events=''
	shift 2
	_txj=$ws/transactions.jsonl
	if [ "$_sk" = claimReview ]; then _tk=$(claim_key); else _tk=$_sk/$id@$s_lockUntil; fi
	_rs=9
	# only a kind the journal already holds can be resumed
	if grep -qF "\"step\":\"$_tk\"" "$_txj" 2> /dev/null; then
		_fin=''
		[ "$_sk" = claimReview ] || _fin=$(tx_final "$_txj" "$_tk") || exit
		if [ -n "$_fin" ]; then
			tx_result=$_fin
			_rs=$(($(printf '%s\n' "$_fin" | jq -r .receipt.status) != 1))
		elif [ -n "$(tx_pending "$_txj" "$_tk")" ]; then
			# shellcheck disable=SC2086
			tx_resume "$_txj" "$_tk" $abis
			_rs=$?
		fi
	fi
	if [ "$_rs" -gt 1 ]; then
		_va=''
		for _x; do _va="$_va${_va:+,}\"$_x\""; done
		_sg=$(printf '{"to":"%s","sig":"%s","args":[%s]}\n' "$ledger" "$_sig" "$_va" | or-abi -q encode |
		    ETH_GAS_LIMIT=${OR_SETTLE_GAS:-900000} or-rpc -q fill | or-sign -q tx)
		_s=$?
		_sj='' _sh='' _srec=''
		eval "$(printf '%s\n' "$_sg" | jq -r --arg k "$_tk" --arg at "$(utc_now)" 'select(.raw) |
		    "_sj=\({step: $k, state: "signed", at: $at, from, nonce, txHash, raw, to, chainId} | tojson | @sh)
		     _sh=\(.txHash | @sh) _srec=\({from, nonce, txHash, raw, to} | tojson | @sh)"' 2> /dev/null)"
		if [ -z "$_sh" ]; then
			[ "$_s" -eq 0 ] && _s=1
			die "$(tool_status "$_s")" tx_failed "cannot prepare $_sk: $(printf '%s\n' "$_sg" | jq -r '.error.message // empty' 2> /dev/null)"
		fi
		# the review journal first: a crash between the two leaves a
		# settlement that was never sent, and settle.sh signs it again with
		# the same nonce
		jlog "$ws/reviews.jsonl" "$(printf '{"schema":"openresearch/review/v1","proposalId":"%s","step":"%s","state":"signed","at":"%s","tx":"%s"}' \
		    "$id" "$_sk" "$(utc_now)" "$_sh")"
		jlog "$_txj" "$_sj"
		# shellcheck disable=SC2086
		tx_result=$(printf '%s\n' "$_srec" | or-rpc -q send | or-rpc -q wait --timeout "${OR_TX_TIMEOUT:-300}" $abis)
		_s=$?
		_st='' _sj=''
		eval "$(printf '%s\n' "$tx_result" | jq -r --arg k "$_tk" --arg at "$(utc_now)" --arg l "$ledger" --arg r "$registry" '
		    select(.receipt.status != null) |
		    ([.receipt.logs[]? | select((.address | ascii_downcase) as $a | ($a == $l or $a == $r)) | .topics[0]]) as $t |
		    "sent_events=\(if ($t | index("0xf9864651f73eb83c9c04a32bbfc01af358477185c47e3f04895a7bc34efc95fa")) and
		                      ($t | index("0x0ce501a73e88bb8e462de407d174dfb21819b47ccc29dc46de745446a3fab2dc"))
		                   then 1 else 0 end)
		     _st=\(.receipt.status | tostring | @sh) _sj=\(if .receipt.status == 1 then
		       {step: $k, state: "mined", at: $at, txHash, blockNumber: .receipt.blockNumber,
		        status: 1, gasUsed: .receipt.gasUsed, logs: .receipt.logs}
		     else {step: $k, state: "reverted", at: $at, txHash, blockNumber: .receipt.blockNumber,
		        status: .receipt.status, revertData, revert: (.decodedSig // null)} end | tojson | @sh)"' 2> /dev/null)"
		if [ -z "$_st" ]; then
			[ "$_s" -eq 0 ] && _s=1
			die "$(tool_status "$_s")" tx_failed "transaction $_sk $_sh not confirmed; run again to resume"
		fi
		jlog "$_txj" "$_sj"
		_rs=$((_st != 1))
	fi
	if [ "$_rs" = 0 ]; then
		sent_status=1 sent_revert='' _h=$_sh
		[ -n "$_h" ] || _h=$(printf '%s\n' "$tx_result" | jq -r .txHash)
	else
		sent_status=0
		eval "$(printf '%s\n' "$tx_result" | jq -r '"sent_revert=\((.decodedSig // .revertData // "") | sub("\\(.*$"; "") | @sh) _h=\(.txHash | @sh)"')"
	fi
	printf '{"kind":"%s","txHash":"%s","status":%s}\n' "$_sk" "$_h" "$sent_status" >> "$W/txs.jsonl"
	if [ "$sent_status" = 1 ]; then
		jlog "$ws/reviews.jsonl" "$(printf '{"schema":"openresearch/review/v1","proposalId":"%s","step":"%s","state":"mined","at":"%s","tx":"%s","error":null}' \
		    "$id" "$_sk" "$(utc_now)" "$_h")"
	else
		review_log "$id" "$_sk" reverted "$(jq -cn --arg h "$_h" --arg r "$sent_revert" '{tx: $h, error: (if $r == "" then null else $r end)}')"
	fi
}
