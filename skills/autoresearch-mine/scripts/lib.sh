# lib.sh: helpers shared by the autoresearch workflow scripts (create, mine,
# validate).  Sourced, never run.  Every skill ships its own identical copy,
# so that a skill installed alone still works.
#
# A script sets `prog` (its name, e.g. prepare.sh) and sources this file.
# Conventions (the workflows' common ground):
#   - stdout carries JSON lines; the last one says why the script stopped
#     ({"stopped": ...}) and what it wrote;
#   - messages go to stderr as "<prog>: error: ...";
#   - exit statuses 0 (a normal stop), 1 step failed, 2 usage, 3 system,
#     4 network, 5 sandbox;
#   - JSON files are replaced atomically, journals appended with fsync;
#   - decisions that need parsing or arithmetic are made by the or-* tools;
#     jq only plucks and assembles fields.
# shellcheck shell=sh disable=SC2034

set -u
umask 022
: "${prog:?set prog before sourcing lib.sh}"

# The receipt record of the last transaction (tx_send, tx_resume).
tx_result=

# Paths written by the script, reported in the final line ("wrote").
or_wrote=

# The final line goes to fd 8, the script's stdout, even from inside a
# command substitution: a helper that dies there prints it once, and its
# caller ends with `x=$(helper) || exit`.
exec 8>&1

# jq never colours its output, even when stdout is a terminal.
jq() { command jq -M "$@"; }

err() { printf '%s: error: %s\n' "$prog" "$*" >&2; }
warn() { printf '%s: warning: %s\n' "$prog" "$*" >&2; }
hint() { printf '%s: hint: %s\n' "$prog" "$*" >&2; }

# Progress for long steps, only when stderr is a terminal.
progress() { [ -t 2 ] && printf '%s: %s\n' "$prog" "$*" >&2; return 0; }

utc_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# wrote PATH...: remember paths for the final line.
wrote() {
	for _w; do
		or_wrote="$or_wrote$_w
"
	done
}

# final STOPPED [JSON-OBJECT]: print the last line of the script: the reason
# it stopped, what it wrote, and the fields of JSON-OBJECT.
final() {
	_x=${2:-}
	[ -n "$_x" ] || _x='{}'
	printf '%s' "$or_wrote" | jq -cRn --arg stopped "$1" --argjson x "$_x" \
	    '{stopped: $stopped, wrote: [inputs | select(length > 0)]} + $x' >&8 ||
	    printf '{"stopped":"%s"}\n' "$1" >&8
}

# finish STOPPED [JSON-OBJECT]: a normal stop (exit 0).
finish() {
	final "$@"
	exit 0
}

# die STATUS REASON MESSAGE: a failed stop.  The message goes to stderr, the
# final line carries the reason and the message; exit STATUS.
die() {
	_s=$1 _r=$2
	shift 2
	err "$*"
	final "$_r" "$(jq -cn --arg m "$*" --argjson s "$_s" '{status: $s, error: $m}')"
	exit "$_s"
}

usage_die() { die 2 usage "$*"; }

# wei_of TEXT: a wei amount as conventions.md §3 reads it (decimal wei, a 0x
# quantity, or a decimal with a unit suffix: 1ether, 1.5gwei, 100wei), as
# decimal wei: or-abi to-wei reads the decimals (one grammar, the tools').
# Returns 1 when TEXT is none of these, is not a whole number of wei, or
# is 2^256 or more.
wei_of() {
	case $1 in
	'' | -*) return 1 ;;
	0x*)
		_h=${1#0x}
		case $_h in '' | *[!0-9a-fA-F]*) return 1 ;; esac
		[ "${#_h}" -le 64 ] || return 1
		printf 'ibase = 16; %s\n' "$(printf '%s\n' "$_h" | tr a-f A-F)" |
		    BC_LINE_LENGTH=0 bc ;;
	*[a-zA-Z]*)
		or-abi -q to-wei -- "$1" | jq -er '.wei // empty' ;;
	*)	# no unit: wei (or-abi's default unit is ether, as cast's)
		or-abi -q to-wei -- "$1" wei | jq -er '.wei // empty' ;;
	esac
}

# need_tools NAME...: every tool must be on PATH.
need_tools() {
	for _t; do
		command -v "$_t" > /dev/null 2>&1 ||
		    die 3 missing_tool "'$_t' not found on PATH"
	done
}

# tool_status STATUS: map an or-* tool's exit status onto ours (1 stays 1,
# 2 becomes 3 since our own arguments were already checked, others kept).
tool_status() {
	case $1 in
	0) echo 0 ;; 2) echo 3 ;; 1 | 3 | 4 | 5) echo "$1" ;; *) echo 3 ;;
	esac
}

# remove_at_exit PATH: remove PATH when the script ends, also on INT and TERM.
or_remove=''
remove_at_exit() {
	or_remove="$or_remove$1
"
	trap or_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
or_cleanup() {
	printf '%s' "$or_remove" | while IFS= read -r _p; do
		[ -z "$_p" ] || rm -rf -- "$_p"
	done
}

# scratch_dir NAME: a new private folder under TMPDIR, removed at exit.
scratch_dir() {
	_sc=$(mktemp -d "${TMPDIR:-/tmp}/or-$1.XXXXXX") || die 3 tmp_failed "cannot create a scratch folder"
	printf '%s\n' "$_sc"
}

# fsync_path PATH...: flush file or directory contents to disk.
fsync_path() { sync -- "$@" 2> /dev/null || sync; }

# write_atomic DEST: stdin into DEST through a temporary file in the same
# folder, fsync, rename, fsync of the folder.  Never writes through a
# symbolic link.
write_atomic() {
	_d=$(dirname -- "$1")
	[ -L "$1" ] && die 3 unsafe_path "'$1' is a symbolic link: not replaced"
	_t=$(mktemp "$_d/.tmp.XXXXXX") || die 3 write_failed "cannot create a file in '$_d'"
	if ! cat > "$_t"; then
		rm -f -- "$_t"
		die 3 write_failed "cannot write '$1'"
	fi
	chmod 0644 "$_t"
	fsync_path "$_t"
	mv -f -- "$_t" "$1" || { rm -f -- "$_t"; die 3 write_failed "cannot replace '$1'"; }
	fsync_path "$_d"
}

# json_write DEST: stdin must be one JSON value; written pretty and atomically.
json_write() {
	_j=$(jq .) || die 3 write_failed "internal: not JSON for '$1'"
	[ -n "$_j" ] || die 3 write_failed "internal: no JSON for '$1'"
	printf '%s\n' "$_j" | write_atomic "$1" || exit
}

# journal_append FILE JSON: one compact line, appended, fsync'd.
journal_append() {
	_l=$(printf '%s\n' "$2" | jq -c .) || die 3 write_failed "internal: not JSON for '$1'"
	[ -L "$1" ] && die 3 unsafe_path "'$1' is a symbolic link"
	printf '%s\n' "$_l" >> "$1" || die 3 write_failed "cannot append to '$1'"
	fsync_path "$1"
}

# journal_read FILE: the complete lines of a journal, compact.  A final line
# without its newline (a torn write) is reported and left out; every other
# line must parse.
journal_read() {
	[ -s "$1" ] || return 0
	if [ "$(tail -c 1 -- "$1" | od -An -tx1 | tr -d ' \n')" != 0a ]; then
		warn "'$1': ignoring a torn last line"
		sed '$d' -- "$1"
	else
		cat -- "$1"
	fi | jq -c . 2> /dev/null || die 1 bad_journal "'$1' holds a line that is not JSON"
}

# lock_workspace DIR: hold DIR/lock (flock) until the script exits.
lock_workspace() {
	_lk=$1/lock
	exec 9>> "$_lk" || die 3 lock_failed "cannot open '$_lk'"
	if ! flock -n 9; then
		die 1 locked "workspace is locked by pid $(head -n 1 "$_lk" 2> /dev/null)"
	fi
	printf '%s\n' "$$" > "$_lk"
}

# Stamps: a step that finished records the SHA-256 of the files it read and
# wrote (paths relative to the workspace) in DIR/stamps/STEP.  A later step
# runs only when the stamps it depends on exist and still match, so outputs
# that are missing, or older than their inputs, are refused.

# stamp_write DIR STEP FILE...
stamp_write() {
	_sd=$1 _st=$2
	shift 2
	mkdir -p "$_sd/stamps" || die 3 write_failed "cannot create '$_sd/stamps'"
	_sums=$(cd "$_sd" && sha256sum -- "$@") || die 3 write_failed "cannot hash the files of $_st"
	printf '%s\n' "$_sums" | write_atomic "$_sd/stamps/$_st" || exit
}

# stamp_drop DIR STEP: forget that STEP ran (its outputs are being replaced).
stamp_drop() { rm -f -- "$1/stamps/$2"; }

# stamp_ok DIR STEP: STEP ran and nothing it read or wrote has changed.
stamp_ok() {
	[ -f "$1/stamps/$2" ] && (cd "$1" && sha256sum -c --quiet --status "stamps/$2" 2> /dev/null)
}

# stamp_check DIR STEP SCRIPT: die unless STEP ran and nothing it read or
# wrote has changed since.
stamp_check() {
	[ -f "$1/stamps/$2" ] ||
	    die 1 missing_input "$3 has not run yet (or did not finish): run $3 first"
	_bad=$(cd "$1" && sha256sum -c --quiet "stamps/$2" 2> /dev/null |
	    sed -n '1s/: FAILED.*$//p')
	if [ -n "$_bad" ]; then
		die 1 stale_input "'$_bad' changed since $3 ran: run $3 again"
	fi
	(cd "$1" && sha256sum -c --quiet --status "stamps/$2" 2> /dev/null) ||
	    die 1 stale_input "an input of $3 is missing: run $3 again"
}

# zg_root FILE: the 0G root of FILE's bytes (or-hash zg).
zg_root() {
	_z=$(or-hash zg "$1" 2> /dev/null | jq -r '.root // empty')
	[ -n "$_z" ] || die 3 hash_failed "cannot hash '$1' (or-hash zg)"
	printf '%s\n' "$_z"
}

# pget_try PROTOCOL POINTER: one protocol field with its default applied, as
# JSON (or-protocol get); returns 1 when it has none.
pget_try() {
	_g=$(or-protocol -q get "$1" "$2" 2> /dev/null) || return 1
	printf '%s\n' "$_g" | jq -c 'if has("value") and (has("error") | not) then .value else error("no value") end' 2> /dev/null ||
	    return 1
}

# pget PROTOCOL POINTER: the same, dying when the field has no value.
pget() {
	pget_try "$1" "$2" || die 1 protocol_get "or-protocol get '$2' failed on '$1'"
}

# pget_obj PROTOCOL NAME=POINTER...: one object of protocol fields, each with
# its default applied, from one or-protocol get.
pget_obj() {
	_pf=$1
	shift
	_names=$(for _kv; do printf '%s\n' "${_kv%%=*}"; done)
	_n=$#
	for _kv; do set -- "$@" "${_kv#*=}"; done
	shift "$_n"
	_g=$(or-protocol -q get "$_pf" "$@" 2> /dev/null) ||
	    die 1 protocol_get "or-protocol get failed on '$_pf' ($*)"
	printf '%s\n' "$_g" | jq -cs --arg names "$_names" '
	    ($names | split("\n")) as $n |
	    if length == ($n | length) and all(.[]; has("value") and (has("error") | not))
	    then [range(0; length) as $i | {($n[$i]): .[$i].value}] | add
	    else error("no value") end' 2> /dev/null ||
	    die 1 protocol_get "or-protocol get gave no value for one of $* in '$_pf'"
}

# Deployments (the manifest of contracts.md): --deployment or OR_DEPLOYMENT
# names one, and its rpcUrl becomes ETH_RPC_URL when that is unset;
# otherwise the chain id of ETH_RPC_URL selects
# SHARE/deployments/<chainId>.json, SHARE being OR_SHARE_DIR, else
# PREFIX/share/openresearch with PREFIX the folder above the one that holds
# or-rpc (where make install puts both; scripts/deployment.sh of the tools
# finds the same file).

# deployment_open [FILE]: set dep (the manifest) and cid (the node's chain
# id, equal to the manifest's).
deployment_open() {
	dep=${1:-${OR_DEPLOYMENT:-}}
	if [ -n "$dep" ]; then
		[ -f "$dep" ] || die 1 no_deployment "cannot read the deployment manifest '$dep'"
		if [ -z "${ETH_RPC_URL:-}" ]; then
			ETH_RPC_URL=$(jq -r '.rpcUrl | strings' "$dep" 2> /dev/null)
			[ -n "$ETH_RPC_URL" ] && export ETH_RPC_URL
		fi
		cid=$(rpc_chain_id) || exit
	else
		cid=$(rpc_chain_id) || exit
		_sh=${OR_SHARE_DIR:-}
		if [ -z "$_sh" ]; then
			_rb=$(command -v or-rpc) || die 3 missing_tool "'or-rpc' not found on PATH"
			_sh=$(cd "$(dirname -- "$_rb")/.." && pwd -P)/share/openresearch
		fi
		dep=$_sh/deployments/$cid.json
		[ -f "$dep" ] ||
		    die 1 no_deployment "no deployment manifest for chain $cid ('$dep'): set OR_DEPLOYMENT or --deployment"
	fi
	jq -e '.schema == "openresearch/deployment/v1" and (.contracts | type) == "object"' "$dep" > /dev/null 2>&1 ||
	    die 1 no_deployment "'$dep' is not an openresearch/deployment/v1 manifest"
	_mc=$(jq -r .chainId "$dep")
	[ "$cid" = "$_mc" ] ||
	    die 1 wrong_chain "the node is on chain $cid, the manifest '$dep' is for chain $_mc"
}

# rpc_chain_id: the chain id of ETH_RPC_URL (exit 4 when the node is away).
rpc_chain_id() {
	_o=$(echo '{}' | or-rpc -q chain-id)
	_s=$?
	[ "$_s" -eq 0 ] || die "$(tool_status "$_s")" rpc_failed "cannot read the chain id from the node"
	printf '%s\n' "$_o" | jq -r .chainId
}

# manifest_get FILE FILTER: a field of a deployment manifest.
manifest_get() { jq -r "$2 // empty" "$1"; }

# manifest_artifact FILE NAME: the artifact path of contract NAME, resolved
# against the folder that holds deployments/.
manifest_artifact() {
	_a=$(manifest_get "$1" ".contracts.$2.artifact")
	[ -n "$_a" ] || return 0
	case $_a in
	/*) printf '%s\n' "$_a" ;;
	*) printf '%s/%s\n' "$(cd "$(dirname -- "$1")/.." && pwd -P)" "$_a" ;;
	esac
}

# The transaction pipeline (workflows §1.4).  Journal entries:
#   {step, state: "signed", at, from, nonce, txHash, raw, to}
#   {step, state: "mined"|"reverted", at, txHash, blockNumber, status, logs | revert}
#   {step, state: "dropped", at, txHash, nonce}
# tx_result holds the last receipt record (or-rpc wait output).

# tx_pending JOURNAL KIND: the last "signed" entry of KIND without a final
# entry after it, or nothing.
tx_pending() {
	_jr=$(journal_read "$1") || exit
	printf '%s\n' "$_jr" | jq -cs --arg k "$2" '
	    [.[] | select(.step == $k)] as $e |
	    ($e | map(select(.state == "signed")) | last) as $s |
	    if $s == null then empty
	    elif any($e[]; .txHash == $s.txHash and .state != "signed") then empty
	    else $s end'
}

# tx_settle JOURNAL KIND RECORD-WITH-RECEIPT ABI...: journal the outcome.
# Returns 0 when mined with status 1, 1 when reverted.
tx_settle() {
	_j=$1 _k=$2 _r=$3
	_st=$(printf '%s\n' "$_r" | jq -r '.receipt.status')
	if [ "$_st" = 1 ]; then
		journal_append "$_j" "$(printf '%s\n' "$_r" | jq -c --arg k "$_k" --arg at "$(utc_now)" \
		    '{step: $k, state: "mined", at: $at, txHash, blockNumber: .receipt.blockNumber,
		      status: 1, gasUsed: .receipt.gasUsed, logs: .receipt.logs}')"
		tx_result=$_r; return 0
	fi
	journal_append "$_j" "$(printf '%s\n' "$_r" | jq -c --arg k "$_k" --arg at "$(utc_now)" \
	    '{step: $k, state: "reverted", at: $at, txHash, blockNumber: .receipt.blockNumber,
	      status: .receipt.status, revertData, revert: (.decodedSig // null)}')"
	tx_result=$_r; return 1
}

# tx_wait JOURNAL KIND RECORD ABI-OPTIONS: send (harmless when repeated) and
# wait for the receipt; then settle.  Dies with the tool's status when the
# node cannot be reached or the wait times out.
tx_wait() {
	_j=$1 _k=$2 _r=$3
	shift 3
	_o=$(printf '%s\n' "$_r" | or-rpc -q send | or-rpc -q wait --timeout "${OR_TX_TIMEOUT:-300}" "$@")
	_s=$?
	if [ -z "$_o" ] || [ "$(printf '%s\n' "$_o" | jq -r '.receipt.status // empty')" = "" ]; then
		_m=$(printf '%s\n' "$_o" | jq -r '.error.message // empty' 2> /dev/null)
		[ "$_s" -eq 0 ] && _s=1
		die "$(tool_status "$_s")" tx_failed "transaction ${_k} $(printf '%s\n' "$_r" | jq -r .txHash) not confirmed${_m:+: $_m}; run again to resume"
	fi
	tx_settle "$_j" "$_k" "$_o"
}

# tx_resume JOURNAL KIND ABI-OPTIONS: finish a signed transaction left by a
# crash.  Prints nothing; returns 0 (mined), 1 (reverted), 2 (nothing
# pending), 3 (dropped: the caller re-derives the step from chain state).
tx_resume() {
	_j=$1 _k=$2
	shift 2
	_p=$(tx_pending "$_j" "$_k") || exit
	_p=$(printf '%s\n' "$_p" | jq -c '{from, nonce, txHash, raw, to}')
	[ -n "$_p" ] || return 2
	_h=$(printf '%s\n' "$_p" | jq -r .txHash)
	_rc=$(or-rpc -q eth_getTransactionReceipt "$_h" < /dev/null) ||
	    die "$(tool_status $?)" rpc_failed "cannot ask the node for the receipt of $_h"
	if [ "$(printf '%s\n' "$_rc" | jq -r '.result != null')" = true ]; then
		progress "resuming $_k $_h: already mined"
		tx_wait "$_j" "$_k" "$_p" "$@"
		return $?
	fi
	_f=$(printf '%s\n' "$_p" | jq -r .from)
	_n=$(printf '%s\n' "$_p" | jq -r .nonce)
	_c=$(or-rpc -q --block latest nonce "$_f" < /dev/null | jq -r '.nonce // empty')
	[ -n "$_c" ] || die 4 rpc_failed "cannot read the transaction count of $_f"
	if [ "$_c" -le "$_n" ]; then
		progress "resuming $_k $_h: sending the signed transaction again"
		tx_wait "$_j" "$_k" "$_p" "$@"
		return $?
	fi
	warn "transaction $_h was dropped: nonce $_n was used by another transaction"
	journal_append "$_j" "$(jq -cn --arg k "$_k" --arg at "$(utc_now)" --arg h "$_h" --argjson n "$_n" \
	    '{step: $k, state: "dropped", at: $at, txHash: $h, nonce: $n}')"
	return 3
}

# tx_send JOURNAL KIND CALL ABI-OPTIONS: the whole pipeline for CALL ({to,
# sig, args, value?}): encode, fill, sign, journal "signed", send, wait,
# settle.  Returns as tx_settle.
tx_send() {
	_j=$1 _k=$2 _c=$3
	shift 3
	_sg=$(printf '%s\n' "$_c" | or-abi -q encode | or-rpc -q fill | or-sign -q tx)
	_s=$?
	if [ -z "$_sg" ] || [ "$(printf '%s\n' "$_sg" | jq -r '.raw // empty')" = "" ]; then
		_m=$(printf '%s\n' "$_sg" | jq -r '.error.message // empty' 2> /dev/null)
		[ "$_s" -eq 0 ] && _s=1
		die "$(tool_status "$_s")" tx_failed "cannot prepare $_k${_m:+: $_m}"
	fi
	journal_append "$_j" "$(printf '%s\n' "$_sg" | jq -c --arg k "$_k" --arg at "$(utc_now)" \
	    '{step: $k, state: "signed", at: $at, from, nonce, txHash, raw, to, chainId}')"
	tx_wait "$_j" "$_k" "$(printf '%s\n' "$_sg" | jq -c '{from, nonce, txHash, raw, to}')" "$@"
}
