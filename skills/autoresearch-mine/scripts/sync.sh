#!/bin/sh
# sync.sh [--dir D]: mine, §3.4.  Reads the frontier from the chain and
# writes network_state.json atomically (offline workspaces: "manual").
prog=sync.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() { echo 'usage: sync.sh [--dir D]'; }
dir_arg=''
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--dir) [ $# -ge 2 ] || usage_die "option '$1' needs a value"; dir_arg=$2; shift 2 ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
done
need_tools jq flock bc or-abi or-rpc
mine_open "$dir_arg"
lock_workspace "$ws"
if [ "$(cfg_get .mode)" = chain ]; then
	deployment_open "$(cfg_get .deployment)"
	[ "$cid" = "$(cfg_get .chainId)" ] || die 1 wrong_chain "the node is on chain $cid, the workspace on $(cfg_get .chainId)"
fi
sync_state
wrote .autoresearch/mine/network_state.json
finish synced "$(jq -c '{source, bestScore, bestMetric, thresholdScore, thresholdMetric, incumbentCodeHash}' "$ws/network_state.json")"
