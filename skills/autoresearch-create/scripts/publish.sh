#!/bin/sh
# publish.sh [--repo DIR] [--dry-run | --yes] [--deployment FILE]
#            [--token-name NAME] [--token-symbol SYM] [--base-price WEI]
#            [--slope WEI] [--miner-pool-cap N]   (WEI: 1000, 0x3e8, 0.001ether)
# create, step 11.  Creates the project on chain with createProject.
#   - preconditions: the protocol checked and approved, the baseline passed,
#     every artifact stored and read back, the node on the manifest's chain;
#   - de-duplication: a project this sender already created with this
#     protocolHash (ProjectCreated logs) is recorded, never created again;
#   - --dry-run (the default): publish-plan.json, the unsigned call and a
#     readable summary; nothing is signed or estimated;
#   - --yes: or-abi encode | or-rpc fill | or-sign tx, journalled in
#     publish.jsonl before it is sent, then or-rpc send | or-rpc wait; a
#     re-run resumes the journalled transaction instead of signing another.
# The receipt must carry ProjectCreated from the registry with this sender
# and protocolHash; getProject must return every value sent.  Writes
# publish.json.
prog=publish.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() {
	echo 'usage: publish.sh [--repo DIR] [--dry-run | --yes] [--deployment FILE]'
	echo '                  [--token-name NAME] [--token-symbol SYM] [--base-price WEI]'
	echo '                  [--slope WEI] [--miner-pool-cap N]'
	echo '       WEI: decimal wei, 0x, or a unit suffix (0.001ether, 1gwei)'
}
live=0 dep_opt='' tname='' tsym='' tname_given=0 tsym_given=0 bprice=1000000000000000 slope=1000000000000 cap=21000000
step_opt() {
	case $1 in
	--yes | -y) live=1; return 1 ;;
	--dry-run) live=0; return 1 ;;
	--deployment | --token-name | --token-symbol | --base-price | --slope | --miner-pool-cap)
		[ $# -ge 2 ] || usage_die "option '$1' needs a value"
		case $1 in
		--deployment) dep_opt=$2 ;; --token-name) tname=$2 tname_given=1 ;;
		--token-symbol) tsym=$2 tsym_given=1 ;;
		--base-price) bprice=$2 ;; --slope) slope=$2 ;; --miner-pool-cap) cap=$2 ;;
		esac
		return 2 ;;
	--deployment=* | --token-name=* | --token-symbol=* | --base-price=* | --slope=* | --miner-pool-cap=*)
		_v=${1#*=}
		case $1 in
		--deployment=*) dep_opt=$_v ;; --token-name=*) tname=$_v tname_given=1 ;;
		--token-symbol=*) tsym=$_v tsym_given=1 ;;
		--base-price=*) bprice=$_v ;; --slope=*) slope=$_v ;; --miner-pool-cap=*) cap=$_v ;;
		esac
		return 1 ;;
	esac
	return 0
}
create_opts "$@"
need_tools git jq flock sha256sum

# Token parameters (checked before anything else is read).
P_name=''
is_uint() { case $1 in '' | *[!0-9]*) return 1 ;; esac; }
nonzero() { case $1 in *[!0]*) return 0 ;; esac; return 1; }
# wei amounts: decimal wei, 0x, or with a unit (0.001ether, 1gwei)
_w=$(wei_of "$bprice") ||
    usage_die "--base-price must be a whole number of wei (1000, 0x3e8, 0.001ether): '$bprice'"
bprice=$_w
_w=$(wei_of "$slope") ||
    usage_die "--slope must be a whole number of wei (1000, 0x3e8, 1gwei): '$slope'"
slope=$_w
is_uint "$cap" || usage_die "--miner-pool-cap must be a whole number of tokens: '$cap'"
nonzero "$cap" || usage_die "--miner-pool-cap must be at least 1"
nonzero "$bprice$slope" || usage_die "--base-price and --slope may not both be 0"

# check_token NAME SYMBOL: 1 to 64 bytes, and 1 to 11 of A-Z and 0-9.
check_token() {
	_n=$(printf '%s' "$1" | wc -c)
	if [ "$_n" -lt 1 ] || [ "$_n" -gt 64 ]; then
		usage_die "the token name must be 1 to 64 bytes: '$1'"
	fi
	printf '%s\n' "$2" | grep -Eqx '[A-Z0-9]{1,11}' ||
	    usage_die "the token symbol must be 1 to 11 of A-Z and 0-9: '$2' (give --token-symbol)"
}
[ "$tname_given" = 0 ] || [ -n "$tname" ] || usage_die "the token name must be 1 to 64 bytes: ''"
[ "$tsym_given" = 0 ] || [ -n "$tsym" ] || usage_die "the token symbol must be 1 to 11 of A-Z and 0-9: ''"
check_token "${tname:-x}" "${tsym:-X}"

create_open "$repo_arg"
P=$ws/protocol.json
require preview check archives baseline store
need_tools or-hash or-abi or-rpc or-sign or-protocol

pf=$(pget_obj "$P" bips=/measurement/minScoreImprovementBips bundle=/meta/protocolBundleId) || exit
P_name=$(pget_try "$P" /meta/repo/name | jq -r 'strings') || P_name=''
[ -n "$P_name" ] || P_name=$(jq -r .name "$ws/bundle.json")
[ -n "$tname" ] || tname="$P_name Research"
[ -n "$tsym" ] || tsym=$(printf '%s' "$P_name" | tr -cd 'A-Za-z0-9' | tr '[:lower:]' '[:upper:]' | cut -c1-6)
check_token "$tname" "$tsym"

# The four hashes, as stored, and the baseline score.
root_of() { jq -r --arg n "$1" 'select(.name == $n) | .root' "$ws/storage.jsonl" | head -n 1; }
h_protocol=$(root_of protocol) h_snapshot=$(root_of repoSnapshot)
h_bench=$(root_of benchmark) h_baseline=$(root_of baseline)
score=$(jq -r .score "$ws/baseline/baseline.json")
if [ "$h_protocol" != "$(jq -r .protocolHash "$ws/baseline/baseline.json")" ] ||
    [ "$h_protocol" != "$(jq -r .protocolHash "$ws/preview.json")" ]; then
	die 1 stale_input "protocolHash differs between storage.jsonl, baseline.json and preview.json"
fi

# The deployment and the chain.
deployment_open "$dep_opt"
# the registry's ABI, when the manifest's artifact is at hand, decodes the
# receipt's logs and a revert in the journal
abi=$(manifest_artifact "$dep" ProjectRegistry)
[ -n "$abi" ] && [ -f "$abi" ] || abi=''
registry=$(manifest_get "$dep" .contracts.ProjectRegistry.address | tr 'A-F' 'a-f')
[ -n "$registry" ] || die 1 no_deployment "the manifest '$dep' has no ProjectRegistry address"
from_block=$(manifest_get "$dep" .fromBlock)
[ -n "$from_block" ] || from_block=0
sender=$(printf '%s' "${ETH_FROM:-}" | tr 'A-F' 'a-f')
if [ "$live" = 1 ] && [ -z "$sender" ]; then
	usage_die "ETH_FROM must name the sender for --yes"
fi

sig_create='createProject(bytes32,bytes32,bytes32,int256,bytes32,string,string,uint256,uint256,uint256)'
sig_event='ProjectCreated(uint256 indexed projectId,address indexed creator,address token,bytes32 protocolHash)'
topic_event=0xb2dec8491e891ef9ec892265320dc6e7c7621db5ae1f3e9821c8f784a076142a
J=$ws/publish.jsonl

# call TO SIG [ARG...]: one eth_call, its decoded outputs as a JSON object.
call() {
	_to=$1 _sg=$2
	shift 2
	_r=$(jq -cn --arg to "$_to" --arg sig "$_sg" '{to: $to, sig: $sig, args: $ARGS.positional}' --args "$@" |
	    or-abi -q encode | or-rpc -q call)
	_s=$?
	_d=$(printf '%s\n' "$_r" | jq -c '.decoded // empty' 2> /dev/null)
	if [ "$_s" -ne 0 ] || [ -z "$_d" ]; then
		die "$(tool_status "$_s")" rpc_failed "eth_call $_sg on $_to failed: $(printf '%s\n' "$_r" | jq -r '.error.message // empty' 2> /dev/null)"
	fi
	printf '%s\n' "$_d"
}

# created LOGS-JSON-LINES: the decoded ProjectCreated logs among raw logs
# ({address, topics, data, transactionHash, blockNumber}), from the registry,
# by the sender, with our protocolHash.
created() {
	jq -c --arg reg "$registry" --arg t0 "$topic_event" --arg sig "$sig_event" '
	    select((.address | ascii_downcase) == $reg and .topics[0] == $t0)
	    | {sig: $sig, data, topics, transactionHash, blockNumber}' |
	    or-abi -q decode --log 2> /dev/null |
	    jq -c --arg sender "$sender" --arg ph "$h_protocol" '
	        select(.decoded and .decoded.creator == $sender and .decoded.protocolHash == $ph)'
}

# record PROJECT-ID TXHASH BLOCK TOKEN: read the project back, check every
# value sent, write publish.json and stop.
record() {
	_id=$1 _tx=$2 _blk=$3 _tok=$4
	_p=$(call "$registry" 'getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)' "$_id") || exit
	_bad=$(printf '%s\n' "$_p" | jq -r --arg a "$h_protocol" --arg b "$h_snapshot" --arg c "$h_bench" \
	    --arg s "$score" --arg m "$h_baseline" --arg tok "$_tok" --arg cr "$sender" '
	    [ (if ."0" != $a then "protocolHash" else empty end),
	      (if ."1" != $b then "repoSnapshotHash" else empty end),
	      (if ."2" != $c then "benchmarkHash" else empty end),
	      (if ."3" != $s then "baselineAggregateScore" else empty end),
	      (if ."4" != $m then "baselineMetricsHash" else empty end),
	      (if ."9" != $tok then "token" else empty end),
	      (if ."10" != $cr then "creator" else empty end) ] | join(", ")')
	[ -z "$_bad" ] || die 1 readback_mismatch "getProject($_id) differs from what was sent: $_bad"
	_tn=$(call "$_tok" 'name()(string)') || exit
	_ts=$(call "$_tok" 'symbol()(string)') || exit
	_tb=$(call "$_tok" 'basePrice()(uint256)') || exit
	_tl=$(call "$_tok" 'slope()(uint256)') || exit
	_tc=$(call "$_tok" 'minerPoolCap()(uint256)') || exit
	_ledger=$(manifest_get "$dep" .contracts.ProposalLedger.address | tr 'A-F' 'a-f')
	_vreg=$(manifest_get "$dep" .contracts.VerifierRegistry.address | tr 'A-F' 'a-f')
	_at=$(date -u -d "@$(printf '%s\n' "$_p" | jq -r '."11"')" +%Y-%m-%dT%H:%M:%SZ)
	jq -n --argjson cid "$cid" --arg dep "$dep" --arg reg "$registry" --arg ledger "$_ledger" \
	    --arg vreg "$_vreg" --arg id "$_id" --arg tok "$_tok" --arg cr "$sender" --arg tx "$_tx" \
	    --argjson blk "$_blk" --arg at "$_at" --argjson p "$_p" \
	    --argjson tn "$_tn" --argjson ts "$_ts" --argjson tb "$_tb" --argjson tl "$_tl" --argjson tc "$_tc" \
	    --slurpfile bl "$ws/baseline/baseline.json" --slurpfile st "$ws/storage.jsonl" \
	    --argjson pf "$pf" --arg commit "$commit" '
	    {schema: "openresearch/publish/v1", chainId: $cid, deployment: $dep,
	     projectRegistry: $reg, proposalLedger: $ledger, verifierRegistry: $vreg,
	     projectId: $id, token: $tok, creator: $cr, txHash: $tx, blockNumber: $blk, createdAt: $at,
	     protocolHash: $p."0", repoSnapshotHash: $p."1", benchmarkHash: $p."2",
	     baselineMetricsHash: $p."4", baselineScore: $p."3",
	     metricName: $bl[0].metricName, direction: $bl[0].direction, metricScale: $bl[0].metricScale,
	     minScoreImprovementBips: $pf.bips,
	     tokenParams: {name: $tn."0", symbol: $ts."0", basePrice: $tb."0", slope: $tl."0", minerPoolCap: $tc."0"},
	     storage: [$st[] | {name, path, root, size, backend} + (if .txHash then {txHash} else {} end)],
	     acceptedChecks: $bl[0].acceptedChecks,
	     commit: $commit, protocolBundleId: $pf.bundle}' | json_write "$ws/publish.json" || exit
	rel "$ws/publish.json"
}

# existing: the first project this sender created with this protocolHash,
# as {projectId, token, txHash, blockNumber}, or nothing.
existing() {
	[ -n "$sender" ] || return 0
	_stopic=0x000000000000000000000000${sender#0x}
	_l=$(jq -cn --arg a "$registry" --arg t0 "$topic_event" --arg t2 "$_stopic" --argjson fb "$from_block" \
	    '{address: $a, topics: [$t0, null, $t2], fromBlock: $fb, toBlock: "latest"}' | or-rpc -q logs)
	_s=$?
	[ "$_s" -eq 0 ] || die "$(tool_status "$_s")" rpc_failed "cannot read the ProjectCreated logs of $registry"
	printf '%s\n' "$_l" | jq -c 'select(.kind == "log")' | created | head -n 1 |
	    jq -c '{projectId: .decoded.projectId, token: .decoded.token, txHash: .transactionHash}'
}

# block_of TXHASH: the block number of a mined transaction.
block_of() {
	_b=$(or-rpc -q --timeout 30 wait "$1" < /dev/null | jq -r '.receipt.blockNumber // empty')
	[ -n "$_b" ] || die 4 rpc_failed "cannot read the receipt of $1"
	printf '%s\n' "$_b"
}

# finish_from_receipt: the ProjectCreated log of tx_result, then the record.
finish_from_receipt() {
	_ev=$(printf '%s\n' "$tx_result" | jq -c '.receipt.logs[]' | created | head -n 1)
	[ -n "$_ev" ] || die 1 no_event "the receipt of $(printf '%s\n' "$tx_result" | jq -r .txHash) has no ProjectCreated log from $registry with creator $sender and protocolHash $h_protocol"
	record "$(printf '%s\n' "$_ev" | jq -r .decoded.projectId)" \
	    "$(printf '%s\n' "$tx_result" | jq -r .txHash)" \
	    "$(printf '%s\n' "$tx_result" | jq -r .receipt.blockNumber)" \
	    "$(printf '%s\n' "$_ev" | jq -r .decoded.token)"
	rel "$J"
	finish published "$(jq -c '{projectId, token, txHash}' "$ws/publish.json")"
}

call_json=$(jq -cn --arg to "$registry" --arg sig "$sig_create" --arg a "$h_protocol" --arg b "$h_snapshot" \
    --arg c "$h_bench" --arg s "$score" --arg m "$h_baseline" --arg tn "$tname" --arg ts "$tsym" \
    --arg bp "$bprice" --arg sl "$slope" --arg cap "$cap" \
    '{to: $to, sig: $sig, args: [$a, $b, $c, $s, $m, $tn, $ts, $bp, $sl, $cap], value: "0"}')

# 1. a transaction left by an earlier run
if [ "$live" = 1 ]; then
	tx_resume "$J" createProject ${abi:+--abi "$abi"}
	case $? in
	0) finish_from_receipt ;;
	1) die 1 reverted "createProject reverted: $(printf '%s\n' "$tx_result" | jq -r '.decodedSig // .revertData // "no reason"')" ;;
	esac
fi

# 2. a project already created by this sender with this protocol
ex=$(existing) || exit
if [ -n "$ex" ]; then
	tx=$(printf '%s\n' "$ex" | jq -r .txHash)
	blk=$(block_of "$tx") || exit
	record "$(printf '%s\n' "$ex" | jq -r .projectId)" "$tx" "$blk" "$(printf '%s\n' "$ex" | jq -r .token)"
	finish already_published "$(jq -c '{projectId, token, txHash}' "$ws/publish.json")"
fi

# 3. the dry run
if [ "$live" = 0 ]; then
	enc=$(printf '%s\n' "$call_json" | or-abi -q encode)
	s=$?
	data=$(printf '%s\n' "$enc" | jq -r '.data // empty')
	if [ "$s" -ne 0 ] || [ -z "$data" ]; then
		die 1 encode_failed "cannot encode createProject: $(printf '%s\n' "$enc" | jq -r '.error.message // empty')"
	fi
	jq -n --arg dep "$dep" --argjson call "$call_json" --arg data "$data" --argjson cid "$cid" \
	    --arg sender "$sender" '
	    {deployment: $dep,
	     summary: {method: "ProjectRegistry.createProject",
	               args: ({protocolHash: 0, repoSnapshotHash: 1, benchmarkHash: 2,
	                       baselineAggregateScore: 3, baselineMetricsHash: 4, tokenName: 5,
	                       tokenSymbol: 6, basePrice: 7, slope: 8, minerPoolCap: 9}
	                      | map_values($call.args[.])),
	               sender: (if $sender == "" then null else $sender end)},
	     tx: {to: $call.to, data: $data, value: "0", chainId: $cid}}' |
	    json_write "$ws/publish-plan.json" || exit
	rel "$ws/publish-plan.json"
	finish dry_run "$(jq -cn '{next: "read publish-plan.json, then run publish.sh --yes"}')"
fi

# 4. the transaction, from an account that can pay for gas (an unfunded
# sender is refused here; the node refuses one that cannot pay enough)
bal=$(or-rpc -q balance "$sender" < /dev/null | jq -r '.balance // empty')
[ -n "$bal" ] || die 4 rpc_failed "cannot read the balance of $sender"
[ "$bal" != 0 ] || die 1 no_funds "the sender $sender has no funds for gas"
progress "sending createProject"
tx_send "$J" createProject "$call_json" ${abi:+--abi "$abi"}
case $? in
0) finish_from_receipt ;;
*) rel "$J"; die 1 reverted "createProject reverted: $(printf '%s\n' "$tx_result" | jq -r '.decodedSig // .revertData // "no reason"')" ;;
esac
