#!/bin/sh
# baseline.sh [--repo DIR] [--accept-noise] [--accept-too-noisy]: create,
# step 9.  Measures the snapshot archive, never the work copy: unpacks
# artifacts/repo-snapshot.tar into a scratch folder and runs or-bench baseline
# there (setup once, warm-up, then max(3, measuredTrials) measured runs).
# Checks, from or-bench's summary:
#   baseline_failed       a run failed or yielded no metric
#   not_deterministic     a deterministic metric gave different values
#   too_noisy             rsd above sampling.maxRelativeStdDev (--accept-too-noisy)
#   noise_exceeds_margin  rsd above minScoreImprovementBips/10000 (--accept-noise)
# On success writes baseline/baseline.json (the stored baseline record) beside
# or-bench's summary.json, runs.jsonl and logs; accepted checks stay in it.
prog=baseline.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() { echo 'usage: baseline.sh [--repo DIR] [--accept-noise] [--accept-too-noisy]'; }
accept_noise=0 accept_noisy=0
step_opt() {
	case $1 in
	--accept-noise) accept_noise=1; return 1 ;;
	--accept-too-noisy) accept_noisy=1; return 1 ;;
	esac
	return 0
}
create_opts "$@"
need_tools git jq flock sha256sum
create_open "$repo_arg"
require preview check archives
need_tools or-hash or-pack or-bench
P=$ws/protocol.json
B=$ws/baseline
stamp_drop "$ws" baseline

scratch=$(scratch_dir create-baseline) || exit
remove_at_exit "$scratch"
remove_at_exit "$ws/baseline.new"
chmod 0755 "$scratch"
T=$scratch/tree
o=$(or-pack unpack "$ws/artifacts/repo-snapshot.tar" "$T")
s=$?
[ "$s" -eq 0 ] || die "$(tool_status "$s")" unpack_failed "or-pack cannot unpack the snapshot: $(printf '%s\n' "$o" | jq -r '.error.message // empty' 2> /dev/null)"

rm -rf "$ws/baseline.new"
progress "measuring the baseline (or-bench baseline)"
out=$(or-bench baseline --protocol "$P" --trusted "$T" --out "$ws/baseline.new" "$T")
bs=$?
last=$(printf '%s\n' "$out" | tail -n 1)
summary=$(printf '%s\n' "$last" | jq -c '.summary // empty' 2> /dev/null)
if [ -z "$summary" ]; then
	printf '%s\n' "$last" | jq -c 'select(.error)' 2> /dev/null
	[ "$bs" -ne 0 ] || bs=1
	die "$(tool_status "$bs")" baseline_failed "or-bench baseline gave no summary (status $bs)"
fi

# or-bench's outputs replace the previous baseline/ folder
rm -rf "$ws/baseline.old"
[ ! -d "$B" ] || mv "$B" "$ws/baseline.old" || die 3 write_failed "cannot move '$B' aside"
mv "$ws/baseline.new" "$B" || die 3 write_failed "cannot move the new baseline into '$B'"
rm -rf "$ws/baseline.old"
fsync_path "$ws"
wrote_base() { rel "$B/summary.json" "$B/runs.jsonl"; }

failed=$(printf '%s\n' "$summary" | jq -r '.failed // 0')
if [ "$failed" != 0 ] || [ "$(printf '%s\n' "$summary" | jq -r 'has("error") or (has("score") | not)')" = true ]; then
	wrote_base
	die "$(tool_status "$bs")" baseline_failed "$failed measured run(s) failed or yielded no metric: see $B/runs.jsonl and the logs"
fi
pf=$(pget_obj "$P" name=/measurement/primaryMetric/name direction=/measurement/primaryMetric/direction \
    scale=/measurement/metricScale deterministic=/measurement/primaryMetric/deterministic \
    rho=/measurement/sampling/maxRelativeStdDev bips=/measurement/minScoreImprovementBips) || exit
deterministic=$(printf '%s\n' "$pf" | jq -r .deterministic)
noisy=$(printf '%s\n' "$summary" | jq -r .noisy)
exceeds=$(printf '%s\n' "$summary" | jq -r .noiseExceedsMargin)
accepted='[]'
if [ "$noisy" = true ] && [ "$deterministic" = true ]; then
	wrote_base
	die 1 not_deterministic "the metric is declared deterministic but its values differ ($(printf '%s\n' "$summary" | jq -r '"\(.min) to \(.max)"')): fix the harness or drop the flag"
fi
if [ "$noisy" = true ]; then
	if [ "$accept_noisy" = 0 ]; then
		wrote_base
		die 1 too_noisy "relative spread $(printf '%s\n' "$summary" | jq -r .rsd) is above sampling.maxRelativeStdDev $(printf '%s\n' "$pf" | jq -r .rho): quieten the machine or the harness, or give --accept-too-noisy"
	fi
	accepted=$(printf '%s\n' "$accepted" | jq -c '. + ["too_noisy"]')
fi
if [ "$exceeds" = true ]; then
	if [ "$accept_noise" = 0 ]; then
		wrote_base
		die 1 noise_exceeds_margin "relative spread $(printf '%s\n' "$summary" | jq -r .rsd) is above the improvement margin (minScoreImprovementBips $(printf '%s\n' "$pf" | jq -r .bips)): a discovery could not be told from noise; give --accept-noise to publish anyway"
	fi
	accepted=$(printf '%s\n' "$accepted" | jq -c '. + ["noise_exceeds_margin"]')
fi
notes='[]'
if [ "$deterministic" != true ] && [ "$(printf '%s\n' "$summary" | jq -r '.min == .max')" = true ]; then
	hint "every measured value was $(printf '%s\n' "$summary" | jq -r .min): consider primaryMetric.deterministic: true"
	notes='["constant_metric"]'
fi

# Roots of the logs: baseline/setup.log (every setup command's output in
# order) and each run's stdout and stderr.
: > "$B/setup.log"
for f in "$B"/S-setup-*.out; do
	[ -f "$f" ] || continue
	n=${f%.out}
	{
		printf '== setup %s stdout\n' "${n##*-}"
		cat "$f"
		printf '== setup %s stderr\n' "${n##*-}"
		cat "$n.err" 2> /dev/null
	} >> "$B/setup.log" || die 3 write_failed "cannot write '$B/setup.log'"
done
logs=$(cd "$ws" && for f in baseline/*.out baseline/*.err baseline/setup.log; do
	[ -s "$f" ] && jq -cn --arg p "$f" '{path: $p}'
done | or-hash zg 2> /dev/null | jq -c '{path, root, size}')
seed=$(or-hash seed --protocol "$P" --dir "$T" 2> /dev/null) ||
    die 1 seed_failed "or-hash seed failed on the snapshot"
runs=$(jq -c 'select(.kind == "run")' "$B/runs.jsonl" 2> /dev/null) || die 1 baseline_failed "cannot read $B/runs.jsonl"
setup=$(printf '%s\n' "$out" | jq -c 'select(.kind == "setup")' 2> /dev/null)
archives=$ws/artifacts/archives.json
ph=$(zg_root "$P") || exit
printf '%s\n' "$logs" | jq -s --argjson summary "$summary" --arg ph "$ph" \
    --slurpfile ar "$archives" --arg commit "$commit" \
    --argjson pf "$pf" --argjson seed "$seed" \
    --argjson runs "$(printf '%s\n' "$runs" | jq -cs .)" \
    --argjson setup "$(printf '%s\n' "$setup" | jq -cs .)" \
    --argjson accepted "$accepted" --argjson notes "$notes" --arg at "$(utc_now)" '
    . as $logs |
    ($logs | map({key: (.path | sub("^baseline/"; "")), value: .root}) | from_entries) as $root |
    def root($p): if $p == null then null else $root[($p | split("/") | last)] end;
    [$runs[] | select(.phase == "measured")] as $measured |
    {schema: "openresearch/baseline/v1",
     protocolHash: $ph, repoSnapshotHash: $ar[0].repoSnapshot.root, benchmarkHash: $ar[0].benchmark.root,
     commit: $commit, metricName: $pf.name, direction: $pf.direction,
     metricScale: ($pf.scale | tostring), deterministic: $pf.deterministic,
     setup: {ok: ([$setup[] | select(.error)] | length == 0),
             wallUs: ([$setup[] | .run.wallUs // 0] | add // 0),
             logRoot: $root["setup.log"]},
     seed: {mode: $seed.seedMode, env: $seed.envVar, value: $seed.seed},
     runs: [$measured[] | {i, metric, exit: .run.exit, cause: .run.cause, wallUs: .run.wallUs,
            maxrssKib: .run.maxrssKib, matches, stdoutRoot: root(.stdout), stderrRoot: root(.stderr)}],
     aggregator: $summary.aggregator, aggregate: $summary.aggregate, score: $summary.score,
     mean: $summary.mean, stddev: $summary.stddev, rsd: $summary.rsd,
     noisy: $summary.noisy, noiseExceedsMargin: $summary.noiseExceedsMargin,
     acceptedChecks: $accepted, notes: $notes,
     secondary: ($summary.secondary // ($measured[($summary.representative // 1) - 1].secondary) // {}),
     environment: ($summary.host // $summary.environment // {}),
     logs: $logs,
     createdAt: $at}' | json_write "$B/baseline.json" || exit
stamp_write "$ws" baseline protocol.json preview.json artifacts/archives.json \
    artifacts/repo-snapshot.tar baseline/baseline.json baseline/summary.json baseline/runs.jsonl
wrote_base
rel "$B/setup.log" "$B/baseline.json"
finish measured "$(jq -c '{score, aggregate, rsd, noisy, noiseExceedsMargin, acceptedChecks}' "$B/baseline.json")"
