#!/bin/sh
# shellcheck disable=SC2154,SC1091
# loop.sh [--dir D] [--propose CMD] [--max-trials N] [--max-seconds S]
#         [--max-stagnant N] [--no-submit] [--continue-after-submit]
#         [--stop-on-error]
# mine, §3.6-3.9 and §3.11.  The unattended trial loop: propose (a command
# with every ETH_* removed), surface check (or-gate paths), measure (or-pack,
# or-bench run --trusted harness/), keep (commit on the mining branch) or
# revert, one fsync'd line of trials.jsonl per trial, and a submission when
# a kept trial beats the synced threshold.  A start after a crash finishes
# the trial that was under way (loop.json) and the unfinished submissions.
prog=loop.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() {
	echo 'usage: loop.sh [--dir D] [--propose CMD] [--max-trials N] [--max-seconds S]'
	echo '               [--max-stagnant N] [--no-submit] [--continue-after-submit] [--stop-on-error]'
}
dir_arg='' propose=${OR_PROPOSER:-} max_trials=${OR_MINE_MAX_TRIALS:-} max_seconds=${OR_MINE_MAX_SECONDS:-}
max_stagnant=${OR_MINE_MAX_STAGNANT:-} submit_on=${OR_MINE_SUBMIT:-1} stop_after=${OR_MINE_STOP_AFTER_SUBMIT:-}
stop_on_error=0
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--dir | --propose | --max-trials | --max-seconds | --max-stagnant)
		[ $# -ge 2 ] || usage_die "option '$1' needs a value"
		case $1 in
		--dir) dir_arg=$2 ;; --propose) propose=$2 ;; --max-trials) max_trials=$2 ;;
		--max-seconds) max_seconds=$2 ;; --max-stagnant) max_stagnant=$2 ;;
		esac
		shift 2 ;;
	--no-submit) submit_on=0; shift ;;
	--continue-after-submit) stop_after=0; shift ;;
	--stop-on-error) stop_on_error=1; shift ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
done
for v in "$max_trials" "$max_seconds" "$max_stagnant"; do
	case $v in *[!0-9]*) usage_die "limit '$v' is not a whole number" ;; esac
done
need_tools git jq flock sha256sum bc or-pack or-gate or-bench or-hash timeout
mine_open "$dir_arg"
lock_workspace "$ws"
[ -n "$propose" ] || propose=$(cfg_get .proposer)
[ -n "$propose" ] || usage_die "no proposer: give --propose CMD or set OR_PROPOSER"

# Settings: flags and variables over the protocol's miningLoop, over defaults.
pl() { jq -r ".miningLoop.$1 // empty" "$P"; }
[ -n "$max_trials" ] || max_trials=$(pl maxTrials)
[ -n "$max_trials" ] || max_trials=50
[ -n "$max_seconds" ] || max_seconds=$(pl maxSessionWallSeconds | sed 's/\..*//')
[ -n "$max_stagnant" ] || max_stagnant=$(pl maxConsecutiveNonImprovements)
if [ -z "$stop_after" ]; then
	stop_after=1
	[ "$(jq -r '.miningLoop.stopAfterSuccessfulPr' "$P")" = false ] && stop_after=0
fi
started=$(date +%s)
eval "$(jq -r '@sh "C_PH=\(.protocolHash) C_BID=\(.protocolBundleId // "") C_MODE=\(.mode)"' "$cfg")"
T=$ws/trials.jsonl
L=$ws/loop.json
pname=$(jq -r .measurement.primaryMetric.name "$P")
pdir=$(jq -r .measurement.primaryMetric.direction "$P")
pdet=$(jq -r '.measurement.primaryMetric.deterministic // false' "$P")
pmode=measured
[ "$pdet" = true ] && [ "$(jq -r '.measurement.baselinePolicy.establishOnHardware // false' "$P")" != true ] &&
    pmode=deterministic
bips=$(jq -r '.measurement.minScoreImprovementBips // 100' "$P")
retry_crash=$(jq -r '.safety.crashStatus // empty' "$P")
MB=or-mine/$(cfg_get .projectId)
SC=${TMPDIR:-/tmp}/or-mine-$$
remove_at_exit "$SC"

stop_req='' nfail=0
# A signal finishes the current trial, then stops; a second one aborts.
# shellcheck disable=SC2317
on_signal() {
	[ "$stop_req" != signal ] || exit "$1"
	stop_req=signal
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# Per trial the loop starts as few processes as it can (tests/bench/mine.sh
# measures it): the state is read from the journal once and then kept in
# shell variables, JSON is read with one jq per trial, and HEAD, the trial
# id and loop.json are handled with shell builtins.

# The journal's view: counters and the local best, always derived from
# trials.jsonl and incumbent.json, so nothing is lost in a crash.
state() {
	_tr=$(journal_read "$T") || exit
	printf '%s\n' "$_tr" | jq -cs --slurpfile i "$ws/incumbent.json" '
	    ($i[0].afterTrials // 0) as $after | ($i[0].head // $i[0].summary) as $base |
	    (.[$after:] | map(select(.decision == "kept")) | last) as $k | {
	    count: length,
	    kept: map(select(.decision == "kept")) | length,
	    best: ($k.score // $base.score),
	    bestMetric: ($k.primaryMetricValue // $base.aggregate),
	    ids: map(.trialId)}'
}

# state_load: the same view as shell variables (one jq): S_COUNT, S_KEPT,
# S_BEST, S_BESTM, S_STAG, S_FAIL, and S_IA (the incumbent's score); then
# st_note keeps them up to date trial by trial.
st_ok=0
state_load() {
	if [ -n "$(tail -c 1 -- "$T")" ]; then
		warn "'$T': ignoring a torn last line"
		sed '$d' -- "$T"
	else
		cat -- "$T"
	fi | jq -rs --slurpfile i "$ws/incumbent.json" '
	    ($i[0].afterTrials // 0) as $after | ($i[0].head // $i[0].summary) as $base |
	    (.[$after:] | map(select(.decision == "kept")) | last) as $k |
	    ([range(length - 1; -1; -1) as $j | .[$j].decision]) as $d |
	    @sh "S_COUNT=\(length) S_KEPT=\(map(select(.decision == "kept")) | length)",
	    @sh "S_BEST=\($k.score // $base.score) S_BESTM=\($k.primaryMetricValue // $base.aggregate)",
	    @sh "S_STAG=\($d | index("kept") // length) S_FAIL=\($d | map(. == "proposer_failed") | index(false) // length)",
	    @sh "S_IA=\($i[0].summary.score)"' \
	    > "$SC/state" || die 1 bad_journal "'$T' holds a line that is not JSON"
	. "$SC/state"
	st_ok=1
}

# st_note DECISION VALUE SCORE: the counters after appending a trial.
st_note() {
	S_COUNT=$((S_COUNT + 1))
	case $1 in
	kept) S_KEPT=$((S_KEPT + 1)) S_STAG=0 S_BESTM=$2 S_BEST=$3 ;;
	*) S_STAG=$((S_STAG + 1)) ;;
	esac
	case $1 in proposer_failed) S_FAIL=$((S_FAIL + 1)) ;; *) S_FAIL=0 ;; esac
}

# ns_load: the synced best and threshold (again after every sync).
ns_ok=0
ns_load() {
	eval "$(jq -r '@sh "nbest=\(.bestScore // "") thr=\(.thresholdScore // "") thrm=\(.thresholdMetric // "")"' "$ws/network_state.json")"
	ns_ok=1
}

# loop_json PHASE [RECORD]: set lj to loop.json with the trial under way in
# PHASE (the fields are hex, numbers, ids and times: no escaping needed).
loop_json() {
	lj="{\"schema\":\"openresearch/mine-loop/v1\",\"current\":{\"trialId\":\"$tid\",\"phase\":\"$1\",\"baseCommit\":\"$base\",\"startedAt\":\"$t_started\""
	[ "$1" = proposing ] || lj="$lj,\"proposerExit\":$pexit,\"proposerWallUs\":$pwall"
	case $1 in proposing | measuring) ;; *) lj="$lj,\"treeRoot\":\"$troot\",\"harnessExit\":$hx" ;; esac
	[ -z "${2:-}" ] || lj="$lj,\"record\":$2"
	lj="$lj}}"
}

# loop_set JSON [LATER]: replace loop.json atomically (temporary file,
# fsync, rename, fsync of the folder).  With LATER the folder is fsynced
# with the next write (in the same sync process as the next file): used
# for the phases after proposing, each of which a resume may safely find
# one step older (§3.11: measuring as proposing, measured as measuring,
# committed as committing, reverted as measured).  The workspace lock is
# ours, so the temporary file's name can be fixed.
ws_dirty=''
loop_set() {
	if [ -L "$L" ] || [ -L "$L.tmp" ]; then
		die 3 unsafe_path "'$L' is a symbolic link: not replaced"
	fi
	printf '%s\n' "$1" > "$L.tmp" || die 3 write_failed "cannot write '$L.tmp'"
	if [ -n "$ws_dirty" ]; then fsync_path "$ws" "$L.tmp"; else fsync_path "$L.tmp"; fi
	mv -f -- "$L.tmp" "$L" || die 3 write_failed "cannot replace '$L'"
	ws_dirty=1
	if [ -z "${2:-}" ]; then
		fsync_path "$ws"
		ws_dirty=''
	fi
}
loop_current() { jq -c '.current // empty' "$L" 2> /dev/null; }
LOOP_IDLE='{"schema":"openresearch/mine-loop/v1","current":null}'

# head_read: set hd (HEAD's commit) and hr (its ref, "HEAD" when
# detached), read from .git with builtins when the ref is a loose file,
# else asked of git.
head_read() {
	hr='' hd=''
	if [ -f "$repo/.git/HEAD" ] && IFS= read -r _hl < "$repo/.git/HEAD"; then
		case $_hl in
		'ref: refs/'*)
			hr=${_hl#ref: }
			[ ! -f "$repo/.git/$hr" ] || IFS= read -r hd < "$repo/.git/$hr" || hd='' ;;
		*) hr=HEAD hd=$_hl ;;
		esac
	fi
	case $hd in
	'' | *[!0-9a-f]*) ;;
	*) [ "${#hd}" -lt 40 ] || return 0 ;;
	esac
	# shellcheck disable=SC2046
	set -- $(git_ rev-parse HEAD --symbolic-full-name HEAD 2> /dev/null)
	hd=${1:-} hr=${2:-}
}

# scan: the changes against HEAD (tracked and untracked, not ignored) as
# "XY path" lines in $SC/status.  scan_paths: their paths in $SC/changed.
scan() {
	git_ -c core.quotePath=false status --porcelain --untracked-files=all --no-renames > "$SC/status" ||
	    die 3 git_failed "git status failed"
	# a path that git had to quote (a quote, backslash or control character
	# in it): the list again, NUL-separated, as the paths are
	_q=''
	while IFS= read -r _l; do
		case $_l in ???\"*) _q=1 ;; esac
	done < "$SC/status"
	[ -z "$_q" ] || git_ status --porcelain -z --untracked-files=all --no-renames | tr '\0' '\n' > "$SC/status" ||
	    die 3 git_failed "git status failed"
}
scan_paths() {
	while IFS= read -r _l; do printf '%s\n' "${_l#???}"; done < "$SC/status" > "$SC/changed"
}

# revert_scanned: restore the paths of $SC/status that HEAD has, remove
# the ones it has not (only those: never a tree-wide clean).
revert_scanned() {
	set --
	_new=''
	while IFS= read -r _l; do
		case $_l in
		'??'* | A*) _new=1 ;;
		*) set -- "$@" "${_l#???}" ;;
		esac
	done < "$SC/status"
	if [ -n "$_new" ]; then
		while IFS= read -r _l; do
			case $_l in
			A*) git_ --literal-pathspecs rm -q --cached --ignore-unmatch -- "${_l#???}" > /dev/null 2>&1 ;;
			esac
			case $_l in '??'* | A*) rm -f -- "$repo/${_l#???}" ;; esac
		done < "$SC/status"
	fi
	[ $# -eq 0 ] || git_ --literal-pathspecs restore --source=HEAD --staged --worktree -- "$@" 2> /dev/null ||
	    die 3 git_failed "cannot restore $*"
}

# reset_to COMMIT: HEAD back on the mining branch at COMMIT, changes reverted.
reset_to() {
	head_read
	if [ "$hr" != "refs/heads/$MB" ] || [ "$hd" != "$1" ]; then
		git_ checkout -q -f -B "$MB" "$1" || die 3 git_failed "cannot reset to $1"
	fi
	scan
	[ ! -s "$SC/status" ] || { revert_scanned; scan; }
	[ ! -s "$SC/status" ] || die 3 git_failed "the checkout still has changes after the revert"
}

# trailer_of COMMIT: its OR-Trial trailer.
trailer_of() { git_ log -1 --format='%(trailers:key=OR-Trial,valueonly)' "$1" 2> /dev/null | sed '/^$/d'; }

# finish_trial [RESUMED]: keep or revert the trial as $decision says, then
# append its record $rec.  Idempotent: a commit already made (trailer) is
# not made again, and a resumed trial looks at the checkout again.
finish_trial() {
	if [ "$decision" = kept ]; then
		if [ -z "${1:-}" ] || [ "$(trailer_of HEAD)" != "$tid" ]; then
			loop_json committing "$rec"
			loop_set "$lj"
			set --
			while IFS= read -r _p; do set -- "$@" "$_p"; done < "$SC/changed"
			git_ --literal-pathspecs add -A -- "$@" || die 3 git_failed "cannot stage the changes of $tid"
			git_ commit -q -m "or-mine($tid): $pname $lbestm -> $tval" \
			    -m "OR-Trial: $tid" || die 3 git_failed "cannot commit $tid"
		fi
		head_read
		_r=$(or-pack -q pack -C "$repo" --commit HEAD < /dev/null)
		_r=${_r#*\"root\":\"}
		[ "${_r%%\"*}" = "$troot" ] ||
		    die 1 root_mismatch "the commit of $tid packs to ${_r%%\"*}, not to the measured tree"
		case $rec in
		*'"gitHeadAfter":null'*)
			rec="${rec%%\"gitHeadAfter\":null*}\"gitHeadAfter\":\"$hd\"${rec#*\"gitHeadAfter\":null}" ;;
		esac
		loop_json committed "$rec"
		loop_set "$lj" later
	else
		[ -z "${1:-}" ] || scan
		if [ -s "$SC/status" ]; then
			revert_scanned
			scan
			[ ! -s "$SC/status" ] || reset_to "$base"
		fi
		loop_json reverted "$rec"
		loop_set "$lj" later
	fi
	[ ! -L "$T" ] || die 3 unsafe_path "'$T' is a symbolic link"
	printf '%s\n' "$rec" >> "$T" || die 3 write_failed "cannot append to '$T'"
	# the folder (loop.json's rename) first, then the journal: one process
	fsync_path "$ws" "$T"
	ws_dirty=''

	# loop.json keeps the finished trial until the next one starts (one
	# write less per trial): a start finds it recorded and clears it, as
	# after a crash right here; the loop clears it when it stops.
	st_note "$decision" "$tval" "$tscore"
	_b=$lbestm
	[ "$decision" != kept ] || _b=$tval
	printf 'loop.sh: %s %s %s (best %s)\n' "$tid" "${tval:--}" "$decision" "$_b" >&2
	if [ "$decision" = kept ] && [ "$bnb" = true ]; then
		want_submit=$tid
	fi
}

# trial_json [SUMMARY]: the one jq of a trial.  From SUMMARY (the path of
# or-bench's summary.json, when the trial was measured), the proposer's output (the
# hypothesis), the changed paths, the surface violations and the shell
# variables of the trial, it sets the result variables (run_ok, tval,
# tscore, ecode) and recA and recB: the trial record of
# §3.5 before and after the fields that the comparison decides
# (beatsLocalBest, normalizedScore, beatsNetworkBest, decision), which
# record_join puts in between.
trial_json() {
	_m=false _sf=/dev/null
	if [ -n "${1:-}" ]; then
		_m=true
		[ ! -f "$1" ] || _sf=$1
	fi
	eval "$(jq -rn --arg id "$tid" --arg st "$t_started" --arg ph "$C_PH" --arg bid "$C_BID" \
	    --rawfile po "$ws/proposer.out" --argjson pexit "$pexit" --argjson pwall "$pwall" \
	    --arg before "$base" --rawfile cp "$SC/changed" --rawfile vi "$SC/violations" \
	    --rawfile sm "$_sf" --argjson m "$_m" --arg root "$troot" --argjson hx "$hx" --arg pname "$pname" \
	    --arg pdir "$pdir" --arg lb "$lbest" --arg nb "$nbest" --arg thr "$thr" \
	    --argjson t0 "$((t_start_ns / 1000))" --arg ec "$ecode" --arg em "$emsg" '
	    def n: if . == "" then null else . end;
	    def lines: split("\n") | map(select(length > 0));
	    # the hypothesis: the "hypothesis" of a JSON object on the last line
	    # of the proposer output, else its first line; no control
	    # characters, at most 500
	    ($po | split("\n") | if .[-1] == "" then .[:-1] else . end) as $l |
	    ((($l[-1] // "") | try (fromjson | .hypothesis) catch null) // null) as $h |
	    (if $h == null or $h == "" then ($l[0] // "") elif ($h | type) == "string" then $h else ($h | tojson) end |
	        explode | map(select(. > 31 and . != 127)) | implode | .[0:500]) as $hyp |
	    ($vi | lines | map(fromjson | {path, class})) as $v |
	    ($sm | if . == "" then null else (try (fromjson | .summary) catch null) end) as $S |
	    ($S != null and $hx == 0 and ($S.score != null) and $S.failed == 0) as $ok |
	    (if $ok then $S else {} end) as $R |
	    (if $ec != "" then $ec elif $m and ($ok | not) then "bench.failed" else "" end) as $code |
	    (if $ok then "runs/\($id)/S-measured-\($S.representative // 1).out" else null end) as $rep |
	    @sh "run_ok=\($ok) tval=\($R.aggregate // "") tscore=\($R.score // "") ecode=\($code)",
	    @sh "recA=\({schema: "openresearch/trial/v1", trialId: $id, utcTimestamp: (now | todate), startedAt: $st,
	     protocolHash: $ph, protocolBundleId: ($bid | n), hypothesis: $hyp,
	     proposer: {exit: $pexit, wallUs: $pwall}, gitHeadBefore: $before, gitHeadAfter: null,
	     changedPaths: ($cp | lines), violations: $v, treeRoot: ($root | n), runOk: $ok,
	     harnessExitCode: $hx, primaryMetricName: $pname, direction: $pdir,
	     primaryMetricValue: $R.aggregate, score: $R.score, rsd: $R.rsd, noisy: ($R.noisy // false),
	     localBestBefore: $lb, networkBest: ($nb | n), thresholdScore: ($thr | n)} | tojson)",
	    @sh "recB=\({summaryPath: "runs/\($id)/summary.json", stdoutLogPath: $rep,
	     durationUs: ((now * 1000000 | floor) - $t0),
	     error: (if $code == "" then null
	         elif $code == "mine.surface_violation" then {code: $code, message:
	             ("changed outside the mutable surface: " + ($v | map(.path + " (" + .class + ")") | join(", ")))}
	         elif $code == "bench.failed" then {code: $code, message:
	             ("or-bench exited \($hx)" + (if $S != null then ": " + ([$S.warnings[]?] | join("; ")) else "" end))}
	         else {code: $code, message: $em} end)} | tojson)"')" ||
	    die 3 write_failed "internal: cannot build the record of $tid"
}

# record_join: rec, the whole record, from recA, the decided fields, recB.
record_join() {
	_nj=null
	[ -z "$norm" ] || _nj="\"$norm\""
	rec="${recA%\}},\"beatsLocalBest\":$beats,\"normalizedScore\":$_nj,\"beatsNetworkBest\":$bnb,\"decision\":\"$decision\",${recB#\{}"
}

# record: the record of a trial that was not measured ($decision is set).
record() {
	trial_json
	record_join
}

# measure TRIAL: pack the work tree, unpack into scratch, run or-bench; sets
# troot, hx (or-bench status).
measure() {
	_o=$ws/runs/$1
	_t=$SC/tree
	if [ -e "$_o" ] || [ -e "$_t" ]; then
		rm -rf -- "$_o" "$_t"
	fi
	_pk=$(or-pack -q pack -C "$repo" --worktree -o "$SC/tree.tar" < /dev/null) ||
	    die 1 pack_failed "cannot pack the work tree of $1"
	troot=${_pk#*\"root\":\"}
	troot=${troot%%\"*}
	case $troot in 0x*) ;; *) die 1 pack_failed "or-pack printed no root for the work tree of $1" ;; esac
	or-pack -q unpack "$SC/tree.tar" "$_t" < /dev/null > /dev/null ||
	    die "$(tool_status $?)" unpack_failed "cannot unpack the work tree of $1"
	bench_run "$_t" "$_o"
	hx=$?
	if [ "$hx" -ne 0 ] && [ "$retry_crash" = retry ]; then
		rm -rf -- "$_o"
		bench_run "$_t" "$_o"
		hx=$?
	fi
	[ -d "$_o" ] || mkdir -p -- "$_o"
	mv -f -- "$SC/tree.tar" "$_o/tree.tar" 2> /dev/null
	rm -rf -- "$_t"
}

# evaluate TRIAL: the record of a measured trial: its summary read, then
# the comparisons (integers, §3.6 step 7) and the decision.
evaluate() {
	trial_json "$ws/runs/$1/summary.json"
	beats=false norm='' bnb=false
	if [ "$run_ok" = true ]; then
		if [ "$pdet" = true ]; then
			gt "$tscore" "$lbest" && beats=true
		else
			ge "$tscore" "$(threshold_of "$lbest" "$bips")" && beats=true
		fi
		# On the chain's scale (sandbox.md §8, its modes): deterministic,
		# the score itself; ratio mode N = floor(S_I * c / a); difference
		# mode N = S_I + (score(c) - score(a)), a being the local incumbent.
		norm=$tscore
		if [ "$pmode" != deterministic ] && [ -n "$nbest" ]; then
			_ia=$S_IA
			_sg='>'
			[ "$pdir" = minimize ] && _sg='<'
			if [ "$(bc_ "$_ia $_sg 0 && $tscore $_sg 0 && $nbest $_sg 0")" = 1 ]; then
				norm=$(bc_ "define f(x, y) { auto q; q = x / y; if (q * y != x && (x < 0) != (y < 0)) q = q - 1; return q; }
				    f($nbest * $tscore, $_ia)")
			else
				norm=$(bc_ "$nbest + $tscore - $_ia")
			fi
		fi
		[ -n "$thr" ] && ge "$norm" "$thr" && bnb=true
		decision=discarded
		[ "$beats" = true ] && decision=kept
	else
		decision=failed
	fi
	record_join
}

# run_trial [RESUME-CURRENT]: one trial, from its start or from a phase.
run_trial() {
	_cur=${1:-}
	[ "$st_ok" = 1 ] || state_load
	[ "$ns_ok" = 1 ] || ns_load
	lbest=$S_BEST lbestm=$S_BESTM
	pexit=0 pwall=0 troot='' hx=0 run_ok=false tval='' tscore=''
	beats=false norm='' bnb=false ecode='' emsg='' decision=''
	: > "$SC/violations"
	if [ -n "$_cur" ]; then
		eval "$(printf '%s\n' "$_cur" | jq -r '@sh "tid=\(.trialId) base=\(.baseCommit) t_started=\(.startedAt)",
		    @sh "phase=\(.phase) pexit=\(.proposerExit // 0) pwall=\(.proposerWallUs // 0)",
		    @sh "troot=\(.treeRoot // "") hx=\(.harnessExit // 0)"')"
		t_start_ns=$(date +%s%N)
		[ -f "$ws/proposer.out" ] || : > "$ws/proposer.out"
	else
		_z=000000$((S_COUNT + 1))
		tid=t${_z#"${_z%??????}"}
		[ "$((S_COUNT + 1))" -le 999999 ] || tid=t$((S_COUNT + 1))
		head_read
		base=$hd
		# shellcheck disable=SC2046
		set -- $(date -u '+%s%N %Y-%m-%dT%H:%M:%SZ')
		t_start_ns=$1 t_started=$2
		phase=new
	fi
	case $phase in
	committing | committed | reverted)
		eval "$(jq -r --arg f "$SC/changed" '.current.record | @sh "decision=\(.decision) tval=\(.primaryMetricValue // "")",
		    @sh "tscore=\(.score // "") bnb=\(.beatsNetworkBest) rec=\(tojson)",
		    @sh "printf \("%s\\n") \(.changedPaths) > \($f)"' "$L")"
		finish_trial resumed
		return 0 ;;
	proposing)
		reset_to "$base" ;;
	esac
	if [ "$phase" = new ] || [ "$phase" = proposing ]; then
		loop_json proposing
		loop_set "$lj"
		changed_surface
		_p0=$(date +%s%N)
		# shellcheck disable=SC2086
		OR_PROTOCOL="$P" OR_PROGRAM="$ws/program.md" OR_TRIAL_ID="$tid" OR_WORKTREE="$repo" \
		    OR_SURFACE="$SC/surface" OR_TRIALS="$T" OR_NETWORK_STATE="$ws/network_state.json" \
		    OR_LOCAL_BEST="$lbestm" OR_THRESHOLD="$thrm" \
		    OR_SIDECHAT_FILE="$ws/sidechat.jsonl" \
		    $eth_env timeout -k 5 "${OR_PROPOSE_TIMEOUT:-1800}" sh -c "cd \"\$OR_WORKTREE\" && $propose" \
		    < /dev/null > "$ws/proposer.out" 2> "$ws/proposer.err"
		pexit=$?
		pwall=$((($(date +%s%N) - _p0) / 1000))
		if [ "$pexit" -eq 3 ]; then
			reset_to "$base"
			loop_set "$LOOP_IDLE"
			stop_req=proposer_exhausted
			return 0
		fi
		head_read
		scan
		scan_paths
		if [ "$hr" != "refs/heads/$MB" ] || [ "$hd" != "$base" ]; then
			reset_to "$base"
			decision=refused ecode=mine.git_touched emsg="the proposer moved HEAD or switched branch"
			record
			finish_trial
			return 0
		fi
		if [ "$pexit" -ne 0 ]; then
			reset_to "$base"
			decision=proposer_failed ecode=mine.proposer_failed emsg="the proposer exited $pexit"
			record
			finish_trial
			return 0
		fi
		if [ ! -s "$SC/changed" ]; then
			decision=no_change
			record
			finish_trial
			return 0
		fi
		gate_check
		if [ -s "$SC/violations" ]; then
			reset_to "$base"
			decision=refused ecode=mine.surface_violation
			record
			finish_trial
			return 0
		fi
		loop_json measuring
		loop_set "$lj" later
		phase=fresh
	else
		scan
		scan_paths
	fi
	if [ "$phase" = fresh ]; then
		measure "$tid"
		loop_json measured
		loop_set "$lj" later
	elif [ "$phase" = measuring ]; then
		if [ -s "$ws/runs/$tid/summary.json" ] && [ -f "$ws/runs/$tid/tree.tar" ]; then
			troot=$(zg_root "$ws/runs/$tid/tree.tar")
		else
			measure "$tid"
		fi
		loop_json measured
		loop_set "$lj"
	fi
	evaluate "$tid"
	finish_trial ${_cur:+resumed}
}

# gate_check: the class of every changed path (or-gate paths); the records
# of paths that are not mutable go to $SC/violations.
gate_check() {
	set --
	while IFS= read -r _p; do set -- "$@" "$_p"; done < "$SC/changed"
	(cd "$repo" && exec or-gate -q paths --protocol "$P" -- "$@") < /dev/null > "$SC/gate" ||
	    die 3 gate_failed "or-gate paths failed on the changed paths"
	_n=0
	while IFS= read -r _g; do
		_n=$((_n + 1))
		case $_g in *'"class":"mutable"}') ;; *) printf '%s\n' "$_g" ;; esac
	done < "$SC/gate" > "$SC/violations"
	[ "$_n" -eq $# ] || die 3 gate_failed "or-gate paths classified $_n of the $# changed paths"
}

# changed_surface: the effective mutable surface, for the proposer.
changed_surface() {
	[ -f "$SC/surface" ] && return 0
	(cd "$repo" && or-gate -q surface --protocol "$P" --class mutable --commit HEAD) < /dev/null |
	    jq -r 'select(.class == "mutable") | .path' > "$SC/surface"
}

# submit_pending: every kept trial that beat the threshold and has no final
# submission entry (done, not_confirmed, skipped) is submitted, resumed, or
# after a failure retried.
submissions=0
submit_pending() {
	[ "$submit_on" = 1 ] && [ "$C_MODE" = chain ] || return 0
	_tr=$(journal_read "$T") || exit
	_sj=$(journal_read "$ws/submissions.jsonl") || exit
	_todo=$(printf '%s\n' "$_tr" | jq -rs --argjson s "$(printf '%s\n' "$_sj" | jq -cs .)" '
	    .[] | select(.decision == "kept" and .beatsNetworkBest) | .trialId as $t |
	    select([$s[] | select(.trialId == $t and .step == "done")] | length == 0) |
	    select([$s[] | select(.trialId == $t and (.state == "not_confirmed" or .state == "skipped"))] |
	        length == 0) | $t')
	for _t in $_todo; do
		_so=$(sh "$here/submit.sh" --dir "$repo" --no-lock "$_t")
		_ss=$?
		_sr=$(printf '%s\n' "$_so" | tail -n 1 | jq -r '.stopped // empty' 2> /dev/null)
		if [ "$_ss" -ne 0 ]; then
			warn "submission of $_t stopped ($_sr): it is retried at the next start"
			[ "$stop_on_error" = 0 ] || die "$_ss" "$_sr" "submission of $_t failed"
		elif [ "$_sr" = submitted ]; then
			submissions=$((submissions + 1))
			[ "$stop_after" = 1 ] && stop_req=submitted
		fi
	done
	# a submission may have merged a moved incumbent and re-measured it
	st_ok=0 ns_ok=0
}


mkdir -p "$SC" || die 3 write_failed "cannot create '$SC'"
# The ETH_* names removed from the proposer's environment: "env -u NAME..."
# (nothing when there are none).
eth_env=$(env | sed -n 's/^\(ETH_[A-Za-z0-9_]*\)=.*/-u \1/p' | sort -u)
[ -z "$eth_env" ] || eth_env="env $eth_env"
# Resume (§3.11).  A git process killed with the loop leaves its lock files;
# the workspace lock is ours, so no git of this workspace is running.
for lk in "$repo/.git/index.lock" "$repo/.git/HEAD.lock" "$repo/.git/refs/heads/$MB.lock"; do
	[ ! -e "$lk" ] || { warn "removing the stale '$lk'"; rm -f -- "$lk"; }
done
cur=$(loop_current)
if [ -n "$cur" ]; then
	cid_=$(printf '%s\n' "$cur" | jq -r .trialId)
	if state | jq -e --arg t "$cid_" '.ids | index($t)' > /dev/null; then
		loop_set "$LOOP_IDLE"
	else
		want_submit=''
		run_trial "$cur"
	fi
fi
submit_pending

while [ -z "$stop_req" ]; do
	[ ! -e "$ws/STOP" ] || { stop_req=stop_file; break; }
	[ "$st_ok" = 1 ] || state_load
	[ "$S_COUNT" -lt "$max_trials" ] || { stop_req=max_trials; break; }
	if [ -n "$max_seconds" ] && [ $(($(date +%s) - started)) -ge "$max_seconds" ]; then
		stop_req=max_seconds; break
	fi
	if [ -n "$max_stagnant" ] && [ "$S_STAG" -ge "$max_stagnant" ]; then
		stop_req=max_stagnant; break
	fi
	if [ "$nfail" -ge 3 ]; then
		stop_req=proposer_failed; break
	fi
	if [ "$C_MODE" = chain ]; then
		sync_if_stale
		# the sync may have moved the incumbent and re-measured the head
		st_ok=0 ns_ok=0
	fi
	[ "${OR_SIDECHAT:-0}" != 1 ] || sh "$here/sidechat.sh" --dir "$repo" poll > /dev/null || true
	want_submit='' decision=''
	run_trial
	if [ "$decision" = proposer_failed ]; then nfail=$((nfail + 1)); else nfail=0; fi
	if [ "${OR_SIDECHAT:-0}" = 1 ] && [ -z "$stop_req" ]; then
		sh "$here/sidechat.sh" --dir "$repo" send "$tid" > /dev/null ||
		    warn "the sidechat note was not sent"
	fi
	if [ -n "$want_submit" ]; then
		submit_pending
	fi
done
loop_set "$LOOP_IDLE"
finish "$stop_req" "$(state | jq -c --argjson n "$submissions" \
    '{trials: .count, kept: .kept, bestMetric: .bestMetric, submissions: $n}')"
