# deployment.sh: find the deployment manifest (contracts.md section 1.2) for
# POSIX sh workflows.  Source it, then call or_deployment once:
#
#   . "$scripts/deployment.sh"
#   or_deployment || exit
#   registry=$(or_contract_address ProjectRegistry) || exit
#   abi=$(or_contract_artifact ProposalLedger) || exit
#
# or_deployment sets OR_MANIFEST (the manifest file) and OR_CHAIN_ID.  The
# manifest is OR_DEPLOYMENT when set; otherwise the one of the chain id that
# ETH_RPC_URL answers (default http://127.0.0.1:8545), looked up as
# OR_SHARE_DIR/deployments/<chainId>.json, OR_SHARE_DIR defaulting to
# $PREFIX/share/openresearch as make install wrote it into this file.  No
# path relative to the working directory is ever searched.  The manifest's
# rpcUrl becomes ETH_RPC_URL (exported) only when the manifest was named by
# OR_DEPLOYMENT and ETH_RPC_URL is unset.  The manifest's chainId must equal
# the node's.  Returns 0, or prints one "deployment: error: ..." line on
# stderr and returns 1 (no or bad manifest, wrong chain) or 4 (the node did
# not answer).  Needs or-rpc and jq on PATH.

or_deployment() {
	OR_MANIFEST='' OR_CHAIN_ID=''
	if [ -n "${OR_DEPLOYMENT:-}" ]; then
		if [ ! -f "$OR_DEPLOYMENT" ] || [ ! -r "$OR_DEPLOYMENT" ]; then
			echo "deployment: error: manifest '$OR_DEPLOYMENT' (OR_DEPLOYMENT) cannot be read" >&2
			return 1
		fi
		_or_m=$OR_DEPLOYMENT
		if [ -z "${ETH_RPC_URL:-}" ]; then
			_or_u=$(jq -r 'if (.rpcUrl | type) == "string" then .rpcUrl else empty end' \
			    "$_or_m" 2>/dev/null) || _or_u=
			if [ -n "$_or_u" ]; then
				ETH_RPC_URL=$_or_u
				export ETH_RPC_URL
			fi
		fi
	fi
	_or_c=$(echo '{}' | or-rpc -q chain-id 2>/dev/null | jq -r '.chainId // empty' 2>/dev/null)
	case $_or_c in
	""|*[!0-9]*)
		echo "deployment: error: no chain id from ${ETH_RPC_URL:-http://127.0.0.1:8545}" >&2
		return 4 ;;
	esac
	if [ -z "${OR_DEPLOYMENT:-}" ]; then
		_or_s=${OR_SHARE_DIR:-@SHARE@}
		case $_or_s in
		/*) ;;
		*)	echo "deployment: error: no installed manifests (run make install, or set OR_DEPLOYMENT or an absolute OR_SHARE_DIR)" >&2
			return 1 ;;
		esac
		_or_m=$_or_s/deployments/$_or_c.json
		if [ ! -f "$_or_m" ] || [ ! -r "$_or_m" ]; then
			echo "deployment: error: no deployment manifest for chain $_or_c ('$_or_m'); set OR_DEPLOYMENT" >&2
			return 1
		fi
	fi
	if ! jq -e '.schema == "openresearch/deployment/v1" and (.contracts | type) == "object"' \
	    "$_or_m" > /dev/null 2>&1; then
		echo "deployment: error: '$_or_m' is not an openresearch/deployment/v1 manifest" >&2
		return 1
	fi
	_or_mc=$(jq -r '.chainId' "$_or_m")
	if [ "$_or_mc" != "$_or_c" ]; then
		echo "deployment: error: manifest '$_or_m' is for chain $_or_mc, but the node answers chain $_or_c" >&2
		return 1
	fi
	OR_MANIFEST=$_or_m
	# shellcheck disable=SC2034 # for the caller
	OR_CHAIN_ID=$_or_c
	return 0
}

# or_contract_address NAME: the address of contract NAME in the manifest
# (lower case); fails for a contract without a fixed address (ProjectToken).
or_contract_address() {
	[ -n "${OR_MANIFEST:-}" ] || { echo "deployment: error: call or_deployment first" >&2; return 1; }
	_or_a=$(jq -r --arg n "$1" '.contracts[$n].address // empty | strings' "$OR_MANIFEST" 2>/dev/null)
	if ! printf '%s\n' "$_or_a" | grep -Eqx '0x[0-9a-fA-F]{40}'; then
		echo "deployment: error: manifest '$OR_MANIFEST' has no address for '$1'" >&2
		return 1
	fi
	printf '%s\n' "$_or_a" | tr 'A-F' 'a-f'
}

# or_contract_artifact NAME: the artifact file of contract NAME; a relative
# path is relative to the folder that holds deployments/.
or_contract_artifact() {
	[ -n "${OR_MANIFEST:-}" ] || { echo "deployment: error: call or_deployment first" >&2; return 1; }
	_or_f=$(jq -r --arg n "$1" '.contracts[$n].artifact // empty | strings' "$OR_MANIFEST" 2>/dev/null)
	case $_or_f in
	"") echo "deployment: error: manifest '$OR_MANIFEST' has no artifact for '$1'" >&2
	    return 1 ;;
	/*) ;;
	*) _or_f=$(cd "$(dirname "$OR_MANIFEST")/.." && pwd)/$_or_f ;;
	esac
	if [ ! -f "$_or_f" ]; then
		echo "deployment: error: artifact '$_or_f' of '$1' is missing" >&2
		return 1
	fi
	printf '%s\n' "$_or_f"
}
