#!/bin/sh
# or-bench: (1) harness overhead per run: `or-bench run` around a trivial
# benchmark command, minus the command itself, against `or-sandbox` alone
# on the same command in the same overlay mode, and against
# `hyperfine -N --runs N` around the command; target: within 3 ms of
# or-sandbox's own overhead.  (2) the statistical test of the paired
# verdict at scale (sandbox.md 8): false approvals of identical trees and
# honest slashes of a 5% improvement, 2,000 comparisons each, at sigma 1%,
# 2% and at the noise limit (sigma = rho = 5%), beside the model's numbers.
. "${OR_TOP:-.}/tests/bench/lib.sh"
set -eu
runs=${OR_BENCH_RUNS:-40}
n=2000
if [ "${OR_BENCH_QUICK:-0}" = 1 ]; then runs=10; n=200; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=${OR_TOP:-$(pwd)}
sim=$top/build/rel/helpers/paired-sim
[ -x "$sim" ] || make -C "$top" -s build/rel/helpers/paired-sim >/dev/null

cmd='echo score: 1'
mkdir -p "$tmp/repo/bench"
echo "$cmd" > "$tmp/repo/bench/run.sh"
cat > "$tmp/p.json" <<EOF
{"schemaKind":"protocol","execution":{"command":"sh bench/run.sh","cwd":".","hardTimeoutSeconds":30,"stopCondition":{"type":"fixed_suite"}},
"environment":{"setupCommands":[],"constraints":{}},"mutableSurface":{"allowedGlobs":["x"],"forbiddenGlobs":[],"allowedKinds":["code_edit"]},
"immutableHarness":{"paths":["bench"],"rationale":"x"},
"measurement":{"primaryMetric":{"name":"s","direction":"maximize","extract":{"kind":"regex","pattern":"^score: (\\\\S+)\$"}},
"sampling":{"warmupTrials":0,"measuredTrials":$runs},"baselinePolicy":{"establishOnHardware":true,"sameDataSnapshot":true}}}
EOF
# wall CMD...: total wall time of one invocation, microseconds
wall() { t0=$(now); "$@" >/dev/null 2>&1 || echo "bench: '$*' failed" >&2; echo $(( ($(now) - t0) / 1000 )); }

# Each tool's per-run overhead is its wall time per run minus the
# command's own time in that run (or-sandbox's wallUs, hyperfine's mean).
# or-bench's fixed start (tree copy, seed, harness copy, final fsync) is
# left out by timing it at $runs runs and at 1 run: the marginal cost of
# a run is what the harness adds to every measurement.
hyperfine -N -w 0 -r "$runs" --export-json "$tmp/h.json" "sh $tmp/repo/bench/run.sh" >/dev/null 2>&1
hf_wall=$(wall hyperfine -N -w 0 -r "$runs" --export-json "$tmp/h2.json" "sh $tmp/repo/bench/run.sh")
hf_cmd=$(jq '.results[0].mean * 1000000' "$tmp/h2.json")
mkdir -p "$tmp/w" "$tmp/logs"
cp -r "$tmp/repo/." "$tmp/w/"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$tmp/w"
chmod 755 "$tmp"
i=0
: > "$tmp/sb.jsonl"
t0=$(now)
while [ $i -lt "$runs" ]; do
	or-sandbox -q --workdir "$tmp/w" --overlay 1G --harness "$tmp/repo/bench/run.sh:bench/run.sh" \
	    --stdout "$tmp/logs/$i.out" --stderr "$tmp/logs/$i.err" -- bash -c 'sh bench/run.sh' >> "$tmp/sb.jsonl"
	i=$((i + 1))
done
sb_wall=$(( ($(now) - t0) / 1000 ))
sb_cmd=$(jq -s 'map(.run.wallUs) | add / length' "$tmp/sb.jsonl")
ob1=$(wall or-bench run --runs 1 -p "$tmp/p.json" -t "$tmp/repo" -o "$tmp/out1" "$tmp/repo")
obn=$(wall or-bench run -p "$tmp/p.json" -t "$tmp/repo" -o "$tmp/out" "$tmp/repo")
ob_cmd=$(jq -s 'map(select(.kind == "run") | .run.wallUs) | add / length' "$tmp/out/runs.jsonl")
ob=$(awk -v r="$runs" -v a="$ob1" -v b="$obn" -v c="$ob_cmd" 'BEGIN { printf "%.3f", ((b - a) / (r - 1) - c) / 1000 }')
sb=$(awk -v r="$runs" -v s="$sb_wall" -v c="$sb_cmd" 'BEGIN { printf "%.3f", (s / r - c) / 1000 }')
hf=$(awk -v r="$runs" -v h="$hf_wall" -v c="$hf_cmd" 'BEGIN { printf "%.3f", (h / r - c) / 1000 }')
# within 3 ms of or-sandbox's overhead: speed-up sb / ob >= sb / (sb + 3)
emit "or-bench run overhead per run, minus the command (marginal, $runs runs)" ms "$ob" \
    "or-sandbox alone (overlay, harness bind)" "$sb" "$(ratio "$sb" "$ob")" \
    "$(awk -v s="$sb" 'BEGIN { printf "%.4f", (s > 0 ? s / (s + 3) : 0) }')"
emit "or-bench run overhead per run, minus the command (marginal, $runs runs)" ms "$ob" \
    "hyperfine -N --runs $runs" "$hf" "$(ratio "$hf" "$ob")" -

# the paired procedure on the fixture noise (bips 100, measuredTrials 5);
# rates in percent, reported beside the model's (lower is better)
stat() {	# SIGMA RHO MODEL_FALSE_APPROVE MODEL_SLASH
	same=$("$sim" 101 "$n" "$1" "$2" 1 maximize)
	better=$("$sim" 102 "$n" "$1" "$2" 1.05 maximize)
	echo "or-bench paired, sigma $1, rho $2: identical $same" >&2
	echo "or-bench paired, sigma $1, rho $2: +5% $better" >&2
	fa=$(printf '%s\n' "$same" | jq '100 * .approve / .n')
	sl=$(printf '%s\n' "$better" | jq 'if .minerApproved > 0 then 100 * .slash / .minerApproved else 0 end')
	emit "paired: false approvals of identical trees, sigma $1, rho $2, $n comparisons" \
	    percent "$fa" "the model (sandbox.md 8)" "$3" "$(ratio "$3" "$fa")" -
	emit "paired: honest slashes of a 5% improvement, sigma $1, rho $2, $n comparisons" \
	    percent "$sl" "the model (sandbox.md 8)" "$4" "$(ratio "$4" "$sl")" -
}
stat 0.01 0.1 0.08 0.02
stat 0.02 0.1 0.69 0.09
stat 0.05 0.05 1.19 1.12
