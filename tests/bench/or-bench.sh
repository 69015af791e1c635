#!/bin/sh
# or-bench: (1) harness overhead per run: `or-bench run` around a trivial
# benchmark command, minus the command itself, against `or-sandbox` alone
# on the same command in the same overlay mode, and against
# `hyperfine -N --runs N` around the command; target: within 3 ms of
# or-sandbox's own overhead.  (2) the statistical test of the paired
# verdict at scale (sandbox.md 8): false approvals of identical trees and
# honest slashes of a 5% improvement, 2,000 comparisons each, at sigma 1%,
# 2% and at the noise limit (sigma = rho = 5%), beside the model's numbers.
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
now() { date +%s%N; }
# total wall time of one invocation, microseconds
wall() { t0=$(now); "$@" >/dev/null 2>&1 || echo "bench: '$*' failed" >&2; echo $(( ($(now) - t0) / 1000 )); }

# the command alone, per run (hyperfine's own measurement, no shell)
cmd_us=$(hyperfine -N -w 3 -r "$runs" --export-json "$tmp/h.json" "sh $tmp/repo/bench/run.sh" >/dev/null 2>&1 &&
    jq '.results[0].mean * 1000000 | floor' "$tmp/h.json")
hf_us=$(wall hyperfine -N -w 0 -r "$runs" "sh $tmp/repo/bench/run.sh")
i=0 sb_total=0
mkdir -p "$tmp/w" "$tmp/logs"
cp -r "$tmp/repo/." "$tmp/w/"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$tmp/w"
chmod 755 "$tmp"
t0=$(now)
while [ $i -lt "$runs" ]; do
	or-sandbox -q --workdir "$tmp/w" --overlay 1G --harness "$tmp/repo/bench/run.sh:bench/run.sh" \
	    --stdout "$tmp/logs/$i.out" --stderr "$tmp/logs/$i.err" -- bash -c 'sh bench/run.sh' >/dev/null
	i=$((i + 1))
done
sb_us=$(( ($(now) - t0) / 1000 ))
ob_us=$(wall or-bench run -p "$tmp/p.json" -t "$tmp/repo" -o "$tmp/out" "$tmp/repo")

awk -v r="$runs" -v c="$cmd_us" -v h="$hf_us" -v s="$sb_us" -v b="$ob_us" 'BEGIN {
	ob = (b / r - c) / 1000; sb = (s / r - c) / 1000; hf = (h / r - c) / 1000
	printf "{\"bench\":\"or-bench run overhead per run (minus the command, %.2f ms)\",\"unit\":\"ms\",\"ours\":%.3f,\"peer\":\"or-sandbox alone (overlay, harness bind), minus the command\",\"peerValue\":%.3f,\"ratio\":%.3f,\"target\":\"ours - peer <= 3 ms\",\"met\":%s}\n",
	    c / 1000, ob, sb, (sb > 0 ? ob / sb : 0), (ob - sb <= 3 ? "true" : "false")
	printf "{\"bench\":\"or-bench run overhead per run (minus the command)\",\"unit\":\"ms\",\"ours\":%.3f,\"peer\":\"hyperfine -N --runs %d, minus the command\",\"peerValue\":%.3f,\"ratio\":%.3f,\"target\":\"report\",\"met\":true}\n",
	    ob, r, hf, (hf > 0 ? ob / hf : 0)
}'

# the paired procedure on the fixture noise (bips 100, measuredTrials 5)
stat() {	# SIGMA RHO MODEL_APPROVE MODEL_SLASH
	same=$("$sim" 101 "$n" "$1" "$2" 1 maximize)
	better=$("$sim" 102 "$n" "$1" "$2" 1.05 maximize)
	printf '%s\n%s\n' "$same" "$better" | jq -sc --arg ma "$3" --arg ms "$4" '
	    .[0] as $s | .[1] as $b |
	    {bench: "paired verdict, sigma \($s.sigma), rho \($s.rho), \($s.n) comparisons each",
	     unit: "percent",
	     falseApprove: (100 * $s.approve / $s.n), modelFalseApprove: ($ma | tonumber),
	     honestSlash: (if $b.minerApproved > 0 then 100 * $b.slash / $b.minerApproved else 0 end),
	     modelHonestSlash: ($ms | tonumber),
	     identical: {approve: $s.approve, reject: $s.reject, release: $s.release, meanPairs: $s.meanPairs},
	     improved5: {approve: $b.approve, release: $b.release, meanPairs: $b.meanPairs,
	                 minerApproved: $b.minerApproved, slash: $b.slash}}'
}
stat 0.01 0.1 0.08 0.02
stat 0.02 0.1 0.69 0.09
stat 0.05 0.05 1.19 1.12
