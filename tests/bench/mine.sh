#!/bin/sh
# autoresearch-mine benchmark (issue 16): the loop's own overhead per trial
# on the deterministic example (tinysort), offline: proposer call, surface
# gate, pack, journal, git keep or revert, everything except the
# benchmark's own runs.  or-bench is wrapped to time its calls; the
# overhead of a trial is its wall time minus its or-bench time.  The median
# over the trials is judged against 100 ms (ratio = 100 ms / ours).
# OR_BENCH_QUICK=1 runs fewer trials.
set -u
. "$(dirname "$0")/lib.sh"
top=${OR_TOP:-$(pwd)}
S=$top/skills/autoresearch-mine/scripts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trials=20
[ "${OR_BENCH_QUICK:-0}" = 1 ] && trials=5
real=$(command -v or-bench)
mkdir -p "$tmp/bin"
cat > "$tmp/bin/or-bench" <<W
#!/bin/sh
t0=\$(date +%s%N)
"$real" "\$@"
s=\$?
printf '%s %s\n' "\${OR_TRIAL_BENCH_TAG:-x}" \$((\$(date +%s%N) - t0)) >> "$tmp/bench.times"
exit \$s
W
chmod +x "$tmp/bin/or-bench"
cp -R "$top/examples/tinysort/repo" "$tmp/src"
PATH=$tmp/bin:$PATH dash "$S/init.sh" --protocol "$top/examples/tinysort/protocol.json" --tree "$tmp/src" \
    --dir "$tmp/w" > /dev/null 2>&1 || { echo "bench: init.sh failed" >&2; exit 1; }
: > "$tmp/bench.times"
# the proposer: a one-line edit of the routine (same metric: reverted)
PATH=$tmp/bin:$PATH dash "$S/loop.sh" --dir "$tmp/w" --max-trials "$trials" \
    --propose 'printf "/* %s */\n" "$OR_TRIAL_ID" >> src/sort.c; echo "{\"hypothesis\":\"comment\"}"' \
    > /dev/null 2> "$tmp/loop.err" || { echo "bench: loop.sh failed" >&2; exit 1; }
n=$(wc -l < "$tmp/w/.autoresearch/mine/trials.jsonl")
b=$(wc -l < "$tmp/bench.times")
[ "$n" -eq "$trials" ] && [ "$b" -eq "$trials" ] ||
    { echo "bench: $n trials and $b or-bench calls, not $trials" >&2; exit 1; }
# overhead of trial i = durationUs - or-bench time of its call (ms)
ours=$(jq -r .durationUs "$tmp/w/.autoresearch/mine/trials.jsonl" | paste - "$tmp/bench.times" |
    awk '{ print ($1 * 1000 - $3) / 1e6 }' | median)
emit "mine: loop overhead per trial (tinysort, no benchmark), ms" ms "$ours" "100 ms target" 100 \
    "$(ratio 100 "$ours")" 1
