# mine-lib.sh: helpers of the mine workflow (workflows.md §3), sourced after
# lib.sh.  The workspace is the checkout $repo with its state in
# $ws = $repo/.autoresearch/mine.
# shellcheck shell=sh disable=SC2034,SC2015

# git without hooks, signing, prompts or stored credentials (§3.2).
git_() {
	GIT_TERMINAL_PROMPT=0 git -c core.hooksPath=/dev/null -c commit.gpgSign=false \
	    -c credential.helper= -c core.askPass=/bin/false \
	    -c user.name="${OR_GIT_NAME:-or-mine}" -c user.email="${OR_GIT_EMAIL:-or-mine@localhost}" \
	    -C "$repo" "$@"
}

# mine_open [DIR]: set repo (the checkout: DIR, else the top of the current
# git checkout), ws, P (protocol.json), cfg (config.json).
mine_open() {
	if [ -n "${1:-}" ]; then
		repo=$(cd "$1" 2> /dev/null && pwd -P) || die 1 no_workspace "cannot enter '$1'"
	else
		repo=$(git rev-parse --show-toplevel 2> /dev/null) ||
		    die 1 no_workspace "not inside a git checkout: give --dir"
	fi
	ws=$repo/.autoresearch/mine
	P=$ws/protocol.json
	cfg=$ws/config.json
	[ -f "$cfg" ] && [ -f "$P" ] ||
	    die 1 no_workspace "'$repo' has no mining workspace: run init.sh first"
}

# cfg_get FILTER: a field of config.json (empty when null).
cfg_get() { jq -r "$1 // empty" "$cfg"; }

# bc_ EXPR: integer arithmetic on arbitrary-size decimal strings.
bc_() { printf '%s\n' "$*" | BC_LINE_LENGTH=0 bc; }

# threshold_of SCORE BIPS: the score that improves on SCORE (protocol.md §2):
# SCORE + max(1, floor(|SCORE| * BIPS / 10000)).
threshold_of() {
	bc_ "s = $1; if (s < 0) a = -s else a = s; m = a * $2 / 10000; if (m < 1) m = 1; s + m"
}

# ge A B: A >= B for integer strings (shell arithmetic when both have at
# most 18 characters, else bc).  gt A B: A > B.
ge() {
	case ${1#-}/${2#-} in
	?*/?*)
		case ${1#-}${2#-} in
		*[!0-9]*) ;;
		*)
			if [ "${#1}" -le 18 ] && [ "${#2}" -le 18 ]; then
				[ "$1" -ge "$2" ]
				return
			fi ;;
		esac ;;
	esac
	[ "$(bc_ "$1 >= $2")" = 1 ]
}
gt() { ! ge "$2" "$1"; }

# metric_of SCORE: the metric value of an oriented score (exact, the scale and
# direction of the workspace protocol).
metric_of() {
	_sc=$(jq -r '.measurement.metricScale // 1000000' "$P")
	_dr=$(jq -r '.measurement.primaryMetric.direction' "$P")
	_nd=$((${#_sc} - 1))
	_v=$(bc_ "scale = $_nd; $1 / $_sc")
	[ "$_dr" = minimize ] && _v=$(bc_ "scale = $_nd; -($_v)")
	# canonical: no trailing zeros after the point, no lone point, leading 0
	printf '%s\n' "$_v" | sed -e '/\./s/0*$//' -e 's/\.$//' -e 's/^\(-\{0,1\}\)\./\10./' -e 's/^-0$/0/'
}

# sanitize TEXT: control characters removed, at most 500 characters.
sanitize() { printf '%s' "$1" | tr -d '\000-\037\177' | cut -c 1-500; }

# ws_rel PATH: PATH relative to the workspace root (the checkout).
ws_rel() { printf '%s\n' "${1#"$repo"/}"; }

# no_eth CMD...: run CMD without any ETH_* variable in its environment.
no_eth() {
	_u=$(env | sed -n 's/^\(ETH_[A-Za-z0-9_]*\)=.*/\1/p' | sort -u)
	# shellcheck disable=SC2046
	env $(printf '%s\n' "$_u" | sed -n 's/^./-u &/p') "$@"
}

# call_view TO SIG ARGS...: an eth_call decoded ({"0": ...}).
call_view() {
	_to=$1
	shift
	_o=$(or-abi -q encode "$@" < /dev/null | jq -c --arg to "$_to" '. + {to: $to}' | or-rpc -q call)
	_s=$?
	[ "$_s" -eq 0 ] && [ -n "$_o" ] ||
	    die "$(tool_status "$_s")" rpc_failed "call $1 to $_to failed"
	printf '%s\n' "$_o" | jq -c .decoded
}

# store_get ROOT DEST: fetch ROOT from the store into DEST (verified).
store_get() {
	_o=$(or-put0g -q get "$1" -o "$2" < /dev/null)
	_s=$?
	[ "$_s" -eq 0 ] ||
	    die "$(tool_status "$_s")" store_failed "cannot get $1 from the store: $(printf '%s\n' "$_o" | jq -r '.outcome // .error.message // empty' 2> /dev/null)"
}

# store_put FILE: put FILE in the store, print its root.
store_put() {
	_o=$(or-put0g -q put "$1" < /dev/null)
	_s=$?
	[ "$_s" -eq 0 ] || die "$(tool_status "$_s")" store_failed "cannot store '$1'"
	printf '%s\n' "$_o" | jq -r .root
}

# unpack_to TAR DIR: safe extraction of a canonical archive into a new DIR.
unpack_to() {
	mkdir -p "$2" || die 3 write_failed "cannot create '$2'"
	or-pack -q unpack "$1" "$2" < /dev/null > /dev/null ||
	    die "$(tool_status $?)" unpack_failed "cannot unpack '$1'"
}

PROJECT_SIG='getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)'
ZERO32=0x0000000000000000000000000000000000000000000000000000000000000000

# sync_state: read the frontier and write network_state.json (§3.4).  In
# offline mode the state is "manual": no best and no threshold.
sync_state() {
	_ph=$(cfg_get .protocolHash)
	_bips=$(jq -r '.measurement.minScoreImprovementBips // 100' "$P")
	_base=$(jq -c --arg ph "$_ph" --arg pid "$(cfg_get .projectId)" '{
	    schema: "openresearch/network_state/v1", projectId: $pid, protocolHash: $ph,
	    protocolBundleId: (.meta.protocolBundleId // null),
	    metricName: .measurement.primaryMetric.name, direction: .measurement.primaryMetric.direction,
	    metricScale: ((.measurement.metricScale // 1000000) | tostring),
	    minScoreImprovementBips: (.measurement.minScoreImprovementBips // 100)}' "$P")
	if [ "$(cfg_get .mode)" != chain ]; then
		printf '%s\n' "$_base" | jq --arg at "$(utc_now)" '. + {source: "manual", updatedAt: $at,
		    bestScore: null, bestMetric: null, thresholdScore: null, thresholdMetric: null}' |
		    json_write "$ws/network_state.json" || exit
		return 0
	fi
	_reg=$(cfg_get .projectRegistry)
	_bn=$(echo '{}' | or-rpc -q block-number | jq -r '.blockNumber // empty')
	[ -n "$_bn" ] || die 4 rpc_failed "cannot read the block number"
	_pr=$(call_view "$_reg" "$PROJECT_SIG" "$(cfg_get .projectId)") || exit
	[ "$(printf '%s\n' "$_pr" | jq -r '."0"')" = "$_ph" ] ||
	    die 1 wrong_protocol "project $(cfg_get .projectId) on chain has another protocolHash than the workspace"
	_tk=$(printf '%s\n' "$_pr" | jq -r '."9"')
	_ts=$(call_view "$_tk" 'totalSupply()(uint256)' | jq -r '."0"') || exit
	_cap=$(call_view "$_tk" 'minerPoolCap()(uint256)' | jq -r '."0"') || exit
	_mm=$(call_view "$_tk" 'minerPoolMinted()(uint256)' | jq -r '."0"') || exit
	_best=$(printf '%s\n' "$_pr" | jq -r '."6"')
	_thr=$(threshold_of "$_best" "$_bips")
	printf '%s\n' "$_base" | jq --arg at "$(utc_now)" --argjson cid "$(cfg_get .chainId)" \
	    --argjson bn "$_bn" --arg reg "$_reg" --arg led "$(cfg_get .proposalLedger)" \
	    --argjson p "$_pr" --arg tk "$_tk" --arg thr "$_thr" --arg bm "$(metric_of "$_best")" \
	    --arg tm "$(metric_of "$_thr")" --arg rem "$(bc_ "$_cap - $_mm")" --arg ts "$_ts" --arg z "$ZERO32" '
	    . + {source: "chain", updatedAt: $at, chainId: $cid, blockNumber: $bn,
	     projectRegistry: $reg, proposalLedger: $led, token: $tk,
	     baselineScore: $p."3", bestScore: $p."6", bestMetric: $bm,
	     bestCodeHash: $p."5", incumbentCodeHash: (if $p."5" == $z then $p."1" else $p."5" end),
	     bestMetricsHash: $p."7", bestMiner: $p."8",
	     thresholdScore: $thr, thresholdMetric: $tm,
	     minerPoolRemaining: $rem, tokenSupply: $ts}' | json_write "$ws/network_state.json" || exit
}

# sync_if_stale: sync when the state is older than OR_MINE_SYNC_SECONDS.
sync_if_stale() {
	[ "$(cfg_get .mode)" = chain ] || return 0
	_age=$(($(date +%s) - $(stat -c %Y "$ws/network_state.json" 2> /dev/null || echo 0)))
	[ "$_age" -lt "${OR_MINE_SYNC_SECONDS:-60}" ] || sync_state
	incumbent_follow
}

# incumbent_follow: when the synced incumbent differs from the one the
# workspace measured (another miner's proposal was approved), commit it on
# or-incumbent/<id> and merge that into the mining branch; on a conflict the
# mining branch is tagged or-mine/abandoned/<n> and reset to the incumbent.
# Then the incumbent and the head are measured again (§3.4): the head's
# measurement is the new local best.  Runs between trials (a clean tree).
incumbent_follow() {
	_new=$(jq -r '.incumbentCodeHash // empty' "$ws/network_state.json")
	_old=$(jq -r '.incumbentCodeHash // .treeRoot' "$ws/incumbent.json")
	[ -n "$_new" ] && [ "$_new" != "$_old" ] || return 0
	_pid=$(cfg_get .projectId)
	_ib=or-incumbent/$_pid _mb=or-mine/$_pid
	_sc=$(scratch_dir incumbent) || exit
	store_get "$_new" "$_sc/inc.tar" || exit
	unpack_to "$_sc/inc.tar" "$_sc/tree" || exit
	# the new incumbent's commit, made from its tree without touching the checkout
	_t=$(cd "$_sc/tree" && export GIT_DIR="$repo/.git" GIT_INDEX_FILE="$_sc/index" GIT_WORK_TREE="$_sc/tree" &&
	    git add -A . > /dev/null 2>&1 && git write-tree) || die 3 git_failed "cannot write the tree of incumbent $_new"
	_c=$(git_ commit-tree "$_t" -p "$_ib" -m "incumbent $_new" -m "OR-Incumbent: $_new") ||
	    die 3 git_failed "cannot commit incumbent $_new"
	git_ update-ref "refs/heads/$_ib" "$_c" || die 3 git_failed "cannot move $_ib"
	if ! git_ merge -q --no-edit -m "or-mine: merge incumbent $_new" "$_ib" > /dev/null 2>&1; then
		git_ merge --abort > /dev/null 2>&1
		_n=$(($(git_ tag -l "or-mine/abandoned/*" | wc -l) + 1))
		git_ tag "or-mine/abandoned/$_n" HEAD || die 3 git_failed "cannot tag the abandoned branch"
		git_ checkout -q -f -B "$_mb" "$_ib" || die 3 git_failed "cannot reset $_mb to the incumbent"
		warn "the mining branch conflicts with incumbent $_new: kept as or-mine/abandoned/$_n, reset"
	fi
	_head=$(git_ rev-parse HEAD)
	git_ checkout -q "$_c" 2> /dev/null || die 3 git_failed "cannot check out the incumbent"
	measure_incumbent
	git_ checkout -q -f "$_mb" || die 3 git_failed "cannot return to $_mb"
	[ "$(git_ rev-parse HEAD)" = "$_head" ] || die 3 git_failed "$_mb moved"
	_n=$(journal_read "$ws/trials.jsonl" | grep -c .)
	measure_head "$_n"
	jq --arg h "$_new" '.incumbentCodeHash = $h' "$ws/incumbent.json" | json_write "$ws/incumbent.json" || exit
	rm -rf "$_sc"
}

# measure_head N: measure HEAD as the local best from trial N on (head in
# incumbent.json, afterTrials = N).
measure_head() {
	_hs=$(scratch_dir head) || exit
	or-pack -q pack -C "$repo" --commit HEAD -o "$_hs/tree.tar" < /dev/null > /dev/null ||
	    die 1 pack_failed "cannot pack HEAD"
	unpack_to "$_hs/tree.tar" "$_hs/tree" || exit
	rm -rf "$ws/runs/head"
	bench_run "$_hs/tree" "$ws/runs/head"
	_bs=$?
	[ -f "$ws/runs/head/summary.json" ] && [ "$_bs" -eq 0 ] ||
	    die "$(tool_status "$_bs")" bench_failed "the merged head does not measure (runs/head/)"
	jq --slurpfile h "$ws/runs/head/summary.json" --argjson n "$1" --arg c "$(git_ rev-parse HEAD)" \
	    '. + {head: ($h[0].summary + {commit: $c}), afterTrials: $n}' "$ws/incumbent.json" |
	    json_write "$ws/incumbent.json" || exit
	rm -rf "$_hs"
}

# bench_run TREE OUT: or-bench run with the trusted harness; returns the
# status of or-bench (0 when the summary was written).  Its records and
# messages are in OUT (summary.json, runs.jsonl, the logs).
bench_run() {
	_ab=''
	[ "${OR_ALLOW_NETWORK:-}" = 1 ] && _ab=--allow-network
	# shellcheck disable=SC2086
	or-bench -q run --protocol "$P" --trusted "$ws/harness" --out "$2" $_ab "$1" < /dev/null > /dev/null 2>&1
}

# measure_incumbent: measure HEAD's tree (the incumbent) into incumbent.json.
measure_incumbent() {
	_sc=$(scratch_dir measure) || exit
	or-pack -q pack -C "$repo" --commit HEAD -o "$_sc/tree.tar" < /dev/null > "$_sc/pack.json" ||
	    die 1 pack_failed "cannot pack HEAD"
	unpack_to "$_sc/tree.tar" "$_sc/tree" || exit
	rm -rf "$ws/runs/incumbent"
	bench_run "$_sc/tree" "$ws/runs/incumbent"
	_bs=$?
	[ -f "$ws/runs/incumbent/summary.json" ] && [ "$_bs" -eq 0 ] ||
	    die "$(tool_status "$_bs")" bench_failed "the incumbent does not measure (runs/incumbent/)"
	jq -c --slurpfile p "$_sc/pack.json" --arg c "$(git_ rev-parse HEAD)" --arg at "$(utc_now)" \
	    '{schema: "openresearch/mine-incumbent/v1", commit: $c, treeRoot: $p[0].root, measuredAt: $at,
	      summary: .summary}' "$ws/runs/incumbent/summary.json" | json_write "$ws/incumbent.json" || exit
	rm -rf "$_sc"
}
