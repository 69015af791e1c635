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
	    stagnant: ((. as $a | [range(length - 1; -1; -1) as $k | $a[$k].decision] |
	        (index("kept") // length))),
	    failures: ((. as $a | [range(length - 1; -1; -1) as $k | $a[$k].decision] |
	        (map(. == "proposer_failed") | index(false) // length))),
	    ids: map(.trialId)}'
}

# state_load: the same view as shell variables (one jq): S_COUNT, S_KEPT,
# S_BEST, S_BESTM, S_STAG, S_FAIL.
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
	    @sh "S_STAG=\($d | index("kept") // length) S_FAIL=\($d | map(. == "proposer_failed") | index(false) // length)"' \
	    > "$SC/state" || die 1 bad_journal "'$T' holds a line that is not JSON"
	. "$SC/state"
}

# loop_set JSON: replace loop.json (the JSON is built by jq already).
loop_set() { printf '%s\n' "$1" | write_atomic "$L" || exit; }
loop_current() { jq -c '.current // empty' "$L" 2> /dev/null; }

# paths_json: the lines of stdin as a JSON array of strings.
paths_json() { jq -Rcs 'split("\n") | map(select(length > 0))'; }

# changed: paths that differ from HEAD (tracked and untracked, not ignored),
# one per line.
changed() {
	git_ status --porcelain -z --untracked-files=all --no-renames |
	    tr '\0' '\n' | sed -n 's/^.. //p' | LC_ALL=C sort -u
}

# revert PATHS-FILE: restore every listed path to HEAD, remove new ones.
revert_paths() {
	while IFS= read -r _p; do
		[ -n "$_p" ] || continue
		if git_ cat-file -e "HEAD:$_p" 2> /dev/null; then
			git_ restore --source=HEAD --staged --worktree -- "$_p" 2> /dev/null ||
			    die 3 git_failed "cannot restore '$_p'"
		else
			git_ rm -q --cached --ignore-unmatch -- "$_p" > /dev/null 2>&1
			rm -f -- "$repo/$_p"
		fi
	done < "$1"
}

# reset_to COMMIT: HEAD back on the mining branch at COMMIT, changes reverted.
reset_to() {
	if [ "$(git_ symbolic-ref -q HEAD)" != "refs/heads/$MB" ] || [ "$(git_ rev-parse HEAD)" != "$1" ]; then
		git_ checkout -q -f -B "$MB" "$1" || die 3 git_failed "cannot reset to $1"
	fi
	changed > "$SC/revert"
	revert_paths "$SC/revert"
	[ -z "$(changed)" ] || die 3 git_failed "the checkout still has changes after the revert"
}

# trailer_of COMMIT: its OR-Trial trailer.
trailer_of() { git_ log -1 --format='%(trailers:key=OR-Trial,valueonly)' "$1" 2> /dev/null | sed '/^$/d'; }

# finish_trial RECORD: keep or revert as RECORD.decision says, then append
# it.  Idempotent: a commit already made (trailer) is not made again.
finish_trial() {
	_rec=$1
	eval "$(printf '%s\n' "$_rec" | jq -r --arg f "$SC/paths" '
	    @sh "_id=\(.trialId) _dec=\(.decision) _root=\(.treeRoot // "") _before=\(.gitHeadBefore)",
	    @sh "_msg=\("\(.localBestMetric) -> \(.primaryMetricValue)") _bnb=\(.beatsNetworkBest)",
	    @sh "_val=\(.primaryMetricValue // "-") _clean=\(del(.localBestMetric) | tojson)",
	    @sh "printf \("%s\\n") \(.changedPaths) > \($f)"')"
	if [ "$_dec" = kept ]; then
		if [ "$(trailer_of HEAD)" != "$_id" ]; then
			loop_set "$(jq -c --argjson r "$_rec" '.current += {phase: "committing", record: $r}' "$L")"
			tr '\n' '\0' < "$SC/paths" | git_ add -A --pathspec-from-file=- --pathspec-file-nul ||
			    die 3 git_failed "cannot stage the changes of $_id"
			git_ commit -q -m "or-mine($_id): $pname $_msg" \
			    -m "OR-Trial: $_id" || die 3 git_failed "cannot commit $_id"
		fi
		_h=$(git_ rev-parse HEAD)
		_r=$(or-pack -q pack -C "$repo" --commit HEAD < /dev/null | jq -r .root)
		[ "$_r" = "$_root" ] ||
		    die 1 root_mismatch "the commit of $_id packs to $_r, not to the measured tree"
		_clean=$(printf '%s\n' "$_clean" | jq -c --arg h "$_h" '.gitHeadAfter = $h')
		loop_set "$(jq -c '.current.phase = "committed"' "$L")"
	else
		revert_paths "$SC/paths"
		[ -z "$(changed)" ] || reset_to "$_before"
		loop_set "$(jq -c '.current.phase = "reverted"' "$L")"
	fi
	journal_append "$T" "$_clean"
	loop_set '{"schema":"openresearch/mine-loop/v1","current":null}'
	_b=$lbestm
	[ "$_dec" != kept ] || _b=$_val
	printf 'loop.sh: %s %s %s (best %s)\n' "$_id" "$_val" "$_dec" "$_b" >&2
	if [ "$_dec" = kept ] && [ "$_bnb" = true ]; then
		want_submit=$_id
	fi
}

# record ... : the trial record of §3.5 from the shell variables of a trial.
record() {
	jq -cn --arg id "$tid" --arg at "$(utc_now)" --arg st "$t_started" --arg ph "$C_PH" \
	    --arg bid "$C_BID" --arg hyp "$hyp" --argjson pexit "$pexit" --argjson pwall "$pwall" \
	    --arg before "$base" --slurpfile cp "$SC/changed.json" --slurpfile vi "$SC/violations.json" \
	    --arg root "$troot" --argjson ok "$run_ok" --argjson hx "$hx" --arg pname "$pname" --arg pdir "$pdir" \
	    --arg val "$tval" --arg score "$tscore" --argjson rsd "$trsd" --argjson noisy "$tnoisy" \
	    --arg lb "$lbest" --arg lbm "$lbestm" --argjson beats "$beats" --arg nb "$nbest" --arg norm "$norm" \
	    --arg thr "$thr" --argjson bnb "$bnb" --arg dec "$decision" --arg rep "$rep" \
	    --argjson dur "$((($(date +%s%N) - t_start_ns) / 1000))" --arg ec "$ecode" --arg em "$emsg" '
	    def n: if . == "" then null else . end;
	    {schema: "openresearch/trial/v1", trialId: $id, utcTimestamp: $at, startedAt: $st,
	     protocolHash: $ph, protocolBundleId: ($bid | n), hypothesis: $hyp,
	     proposer: {exit: $pexit, wallUs: $pwall}, gitHeadBefore: $before, gitHeadAfter: null,
	     changedPaths: $cp[0], violations: $vi[0], treeRoot: ($root | n), runOk: $ok,
	     harnessExitCode: $hx, primaryMetricName: $pname, direction: $pdir,
	     primaryMetricValue: ($val | n), score: ($score | n), rsd: $rsd, noisy: $noisy,
	     localBestBefore: $lb, localBestMetric: $lbm, beatsLocalBest: $beats, networkBest: ($nb | n),
	     normalizedScore: ($norm | n), thresholdScore: ($thr | n), beatsNetworkBest: $bnb,
	     decision: $dec, summaryPath: ("runs/" + $id + "/summary.json"),
	     stdoutLogPath: ($rep | n), durationUs: $dur,
	     error: (if $ec == "" then null else {code: $ec, message: $em} end)}'
}

# measure TRIAL: pack the work tree, unpack into scratch, run or-bench; sets
# troot, hx (or-bench status).
measure() {
	_o=$ws/runs/$1
	_t=$SC/$1
	rm -rf "$_o" "$_t"
	mkdir -p "$_t" || die 3 write_failed "cannot create '$_t'"
	_pk=$(or-pack -q pack -C "$repo" --worktree -o "$_t/tree.tar" < /dev/null) ||
	    die 1 pack_failed "cannot pack the work tree of $1"
	troot=$(printf '%s\n' "$_pk" | sed -n 's/.*"root":"\(0x[0-9a-f]\{64\}\)".*/\1/p')
	unpack_to "$_t/tree.tar" "$_t/tree" || exit
	bench_run "$_t/tree" "$_o"
	hx=$?
	if [ "$hx" -ne 0 ] && [ "$retry_crash" = retry ]; then
		rm -rf "$_o"
		bench_run "$_t/tree" "$_o"
		hx=$?
	fi
	mkdir -p "$_o"
	mv -f "$_t/tree.tar" "$_o/tree.tar" 2> /dev/null
	rm -rf "$_t"
}

# evaluate TRIAL: from runs/TRIAL/summary.json, set the result variables.
evaluate() {
	_sm=$ws/runs/$1/summary.json
	tval='' tscore='' trsd=null tnoisy=false run_ok=false rep='' beats=false
	norm='' bnb=false ecode='' emsg=''
	if [ "$hx" -eq 0 ] && [ -f "$_sm" ] && jq -e '.summary.score and .summary.failed == 0' "$_sm" > /dev/null 2>&1; then
		run_ok=true
		eval "$(jq -r '.summary | @sh "tval=\(.aggregate) tscore=\(.score) trsd=\(.rsd // null | tojson)",
		    @sh "tnoisy=\(.noisy // false | tojson) _ri=\(.representative // 1)"' "$_sm")"
		rep=runs/$1/S-measured-$_ri.out
		if [ "$pdet" = true ]; then
			ge "$tscore" "$(bc_ "$lbest + 1")" && beats=true
		else
			ge "$tscore" "$(threshold_of "$lbest" "$bips")" && beats=true
		fi
		# On the chain's scale (sandbox.md §8, its modes): deterministic,
		# the score itself; ratio mode N = floor(S_I * c / a); difference
		# mode N = S_I + (score(c) - score(a)), a being the local incumbent.
		norm=$tscore
		if [ "$pmode" != deterministic ] && [ -n "$nbest" ]; then
			_ia=$(jq -r .summary.score "$ws/incumbent.json")
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
		ecode=bench.failed
		emsg="or-bench exited $hx"
		[ -f "$_sm" ] && emsg="$emsg: $(jq -r '[.summary.warnings[]?] | join("; ")' "$_sm" 2> /dev/null)"
	fi
}

# run_trial [RESUME-CURRENT]: one trial, from its start or from a phase.
run_trial() {
	_cur=${1:-}
	state_load
	lbest=$S_BEST lbestm=$S_BESTM
	eval "$(jq -r '@sh "nbest=\(.bestScore // "") thr=\(.thresholdScore // "") thrm=\(.thresholdMetric // "")"' "$ws/network_state.json")"
	hyp='' pexit=0 pwall=0 troot='' hx=0 run_ok=false tval='' tscore='' trsd=null tnoisy=false
	beats=false norm='' bnb=false rep='' ecode='' emsg=''
	echo '[]' > "$SC/violations.json"
	if [ -n "$_cur" ]; then
		eval "$(printf '%s\n' "$_cur" | jq -r '@sh "tid=\(.trialId) base=\(.baseCommit) t_started=\(.startedAt)",
		    @sh "phase=\(.phase) hyp=\(.hypothesis // "") pexit=\(.proposerExit // 0) pwall=\(.proposerWallUs // 0)"')"
	else
		tid=$(printf 't%06d' "$((S_COUNT + 1))")
		base=$(git_ rev-parse HEAD)
		t_started=$(utc_now)
		phase=new
	fi
	t_start_ns=$(date +%s%N)
	case $phase in
	committing | committed | reverted)
		_rec=$(jq -c .current.record "$L")
		finish_trial "$_rec"
		return 0 ;;
	proposing)
		reset_to "$base" ;;
	esac
	if [ "$phase" = new ] || [ "$phase" = proposing ]; then
		loop_set "$(printf '{"schema":"openresearch/mine-loop/v1","current":{"trialId":"%s","phase":"proposing","baseCommit":"%s","startedAt":"%s"}}' \
		    "$tid" "$base" "$t_started")"
		changed_surface
		_p0=$(date +%s%N)
		OR_PROTOCOL=$P OR_PROGRAM=$ws/program.md OR_TRIAL_ID=$tid OR_WORKTREE=$repo \
		    OR_SURFACE=$SC/surface OR_TRIALS=$T OR_NETWORK_STATE=$ws/network_state.json \
		    OR_LOCAL_BEST=$lbestm OR_THRESHOLD=$thrm \
		    OR_SIDECHAT_FILE=$ws/sidechat.jsonl \
		    no_eth timeout -k 5 "${OR_PROPOSE_TIMEOUT:-1800}" sh -c "cd \"\$OR_WORKTREE\" && $propose" \
		    < /dev/null > "$SC/proposer.out" 2> "$SC/proposer.err"
		pexit=$?
		pwall=$((($(date +%s%N) - _p0) / 1000))
		hyp=$(tail -n 1 "$SC/proposer.out" | jq -r '.hypothesis // empty' 2> /dev/null)
		[ -n "$hyp" ] || hyp=$(head -n 1 "$SC/proposer.out")
		hyp=$(sanitize "$hyp")
		if [ "$pexit" -eq 3 ]; then
			reset_to "$base"
			loop_set '{"schema":"openresearch/mine-loop/v1","current":null}'
			stop_req=proposer_exhausted
			return 0
		fi
		if [ "$(git_ symbolic-ref -q HEAD)" != "refs/heads/$MB" ] || [ "$(git_ rev-parse HEAD)" != "$base" ]; then
			changed | paths_json > "$SC/changed.json"
			reset_to "$base"
			decision=refused ecode=mine.git_touched emsg="the proposer moved HEAD or switched branch"
			finish_trial "$(record)"
			return 0
		fi
		changed > "$SC/changed"
		paths_json < "$SC/changed" > "$SC/changed.json"
		if [ "$pexit" -ne 0 ]; then
			reset_to "$base"
			decision=proposer_failed ecode=mine.proposer_failed emsg="the proposer exited $pexit"
			finish_trial "$(record)"
			return 0
		fi
		if [ ! -s "$SC/changed" ]; then
			decision=no_change
			finish_trial "$(record)"
			return 0
		fi
		(cd "$repo" && tr '\n' '\0' < "$SC/changed" | xargs -0 or-gate -q paths --protocol "$P") < /dev/null |
		    jq -cs 'map(select(.class != "mutable") | {path, class})' > "$SC/violations.json"
		if [ "$(cat "$SC/violations.json")" != '[]' ]; then
			reset_to "$base"
			decision=refused ecode=mine.surface_violation
			emsg="changed outside the mutable surface: $(jq -r 'map(.path + " (" + .class + ")") | join(", ")' "$SC/violations.json")"
			finish_trial "$(record)"
			return 0
		fi
		loop_set "$(jq -c --arg h "$hyp" --argjson pe "$pexit" --argjson pw "$pwall" \
		    '.current += {phase: "measuring", hypothesis: $h, proposerExit: $pe, proposerWallUs: $pw}' "$L")"
		phase=fresh
	else
		changed > "$SC/changed"
		paths_json < "$SC/changed" > "$SC/changed.json"
	fi
	if [ "$phase" = fresh ]; then
		measure "$tid"
		loop_set "$(jq -c --arg r "$troot" --argjson hx "$hx" '.current += {phase: "measured", treeRoot: $r, harnessExit: $hx}' "$L")"
	elif [ "$phase" = measuring ]; then
		if [ -s "$ws/runs/$tid/summary.json" ] && [ -f "$ws/runs/$tid/tree.tar" ]; then
			troot=$(zg_root "$ws/runs/$tid/tree.tar")
		else
			measure "$tid"
		fi
		loop_set "$(jq -c --arg r "$troot" --argjson hx "$hx" '.current += {phase: "measured", treeRoot: $r, harnessExit: $hx}' "$L")"
	fi
	[ "$phase" = fresh ] || eval "$(jq -r '.current | @sh "troot=\(.treeRoot // "") hx=\(.harnessExit // 0)"' "$L")"
	evaluate "$tid"
	finish_trial "$(record)"
}

# changed_surface: the effective mutable surface, for the proposer.
changed_surface() {
	[ -f "$SC/surface" ] && return 0
	mkdir -p "$SC"
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
}


mkdir -p "$SC" || die 3 write_failed "cannot create '$SC'"
# Resume (§3.11).  A git process killed with the loop leaves its lock files;
# the workspace lock is ours, so no git of this workspace is running.
for lk in "$repo/.git/index.lock" "$repo/.git/HEAD.lock" "$repo/.git/refs/heads/$MB.lock"; do
	[ ! -e "$lk" ] || { warn "removing the stale '$lk'"; rm -f -- "$lk"; }
done
cur=$(loop_current)
if [ -n "$cur" ]; then
	cid_=$(printf '%s\n' "$cur" | jq -r .trialId)
	if state | jq -e --arg t "$cid_" '.ids | index($t)' > /dev/null; then
		loop_set '{"schema":"openresearch/mine-loop/v1","current":null}'
	else
		want_submit=''
		run_trial "$cur"
	fi
fi
submit_pending

while [ -z "$stop_req" ]; do
	[ ! -e "$ws/STOP" ] || { stop_req=stop_file; break; }
	state_load
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
	[ "$C_MODE" != chain ] || sync_if_stale
	[ "${OR_SIDECHAT:-0}" != 1 ] || sh "$here/sidechat.sh" --dir "$repo" poll > /dev/null || true
	want_submit='' _dec=''
	run_trial
	if [ "$_dec" = proposer_failed ]; then nfail=$((nfail + 1)); else nfail=0; fi
	if [ "${OR_SIDECHAT:-0}" = 1 ] && [ -z "$stop_req" ]; then
		sh "$here/sidechat.sh" --dir "$repo" send "$tid" > /dev/null ||
		    warn "the sidechat note was not sent"
	fi
	if [ -n "$want_submit" ]; then
		submit_pending
	fi
done
finish "$stop_req" "$(state | jq -c --argjson n "$submissions" \
    '{trials: .count, kept: .kept, bestMetric: .bestMetric, submissions: $n}')"
