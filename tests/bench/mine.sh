#!/bin/sh
# autoresearch-mine benchmark (issue 16): the loop's own overhead per trial
# on the deterministic example (tinysort), offline: proposer call, surface
# gate, pack, journal, git keep or revert, everything except the
# benchmark's own runs.  or-bench is wrapped to note when each call starts
# and ends; the overhead of a trial is the time from the end of one
# or-bench call to the start of the next, a whole turn of the loop (the
# wrapper's own start, a shell and a date, is counted against us).  The
# median over the trials is judged against 100 ms (ratio = 100 ms / ours).
# The process starts per trial (strace, when installed) are reported on
# stderr.  OR_BENCH_QUICK=1 runs fewer trials.
set -u
# shellcheck source=/dev/null
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
printf '%s %s\n' "\$t0" "\$(date +%s%N)" >> "$tmp/bench.times"
exit \$s
W
chmod +x "$tmp/bin/or-bench"
cp -R "$top/examples/tinysort/repo" "$tmp/src"
PATH=$tmp/bin:$PATH dash "$S/init.sh" --protocol "$top/examples/tinysort/protocol.json" --tree "$tmp/src" \
    --dir "$tmp/w" > /dev/null 2>&1 || { echo "bench: init.sh failed" >&2; exit 1; }
: > "$tmp/bench.times"
# the proposer: a one-line edit of the routine (same metric: reverted)
# shellcheck disable=SC2016
prop='printf "/* %s */\n" "$OR_TRIAL_ID" >> src/sort.c; echo "{\"hypothesis\":\"comment\"}"'
PATH=$tmp/bin:$PATH dash "$S/loop.sh" --dir "$tmp/w" --max-trials "$trials" --max-stagnant 1000000 \
    --propose "$prop" > /dev/null 2> "$tmp/loop.err" || { echo "bench: loop.sh failed" >&2; exit 1; }
n=$(wc -l < "$tmp/w/.autoresearch/mine/trials.jsonl")
b=$(wc -l < "$tmp/bench.times")
if [ "$n" -ne "$trials" ] || [ "$b" -ne "$trials" ]; then
	echo "bench: $n trials and $b or-bench calls, not $trials" >&2
	exit 1
fi
# overhead of trial i = start of or-bench call i+1 - end of call i (ms)
ours=$(awk 'NR > 1 { print ($1 - e) / 1e6 } { e = $2 }' "$tmp/bench.times" | median)
# the process starts per trial, by name: those of a loop of 6 more trials
# less those of a loop of 1 (its start), over 5
starts() {
	PATH=$tmp/bin:$PATH strace -f -qq -e trace=execve -e signal=none -o "$tmp/trace" dash "$S/loop.sh" \
	    --dir "$tmp/w" --max-trials "$1" --max-stagnant 1000000 --propose "$prop" > /dev/null 2>&1
	grep -v ' = -1 ' "$tmp/trace" | sed -n 's/.*execve("\([^"]*\)".*/\1/p' | sed 's|.*/||' | sort | uniq -c
}
if command -v strace > /dev/null 2>&1 && [ "${OR_BENCH_QUICK:-0}" != 1 ]; then
	starts "$((trials + 1))" > "$tmp/one"
	starts "$((trials + 7))" > "$tmp/six"
	awk 'FNR == NR { one[$2] = $1; next } { d = ($1 - one[$2]) / 5; if (d > 0) print d, $2 }' "$tmp/one" "$tmp/six" |
	    sort -rn | awk '{ n += $1; s = s sprintf(" %s %s", $2, $1) } END {
	        printf "mine: process starts per trial %s:%s (the or-bench wrapper adds sh and date x2)\n", n, s }' >&2
fi
# The CPU time of a trial (user + sys, every process of the loop), the
# figure that a loaded machine does not inflate as much as wall time: with
# an or-bench that only copies the incumbent's summary (sh, mkdir, cp
# counted against us), a loop of 21 trials less a loop of 1, over 20.
mkdir -p "$tmp/stub"
cat > "$tmp/stub/or-bench" <<W
#!/bin/sh
for o; do [ "\$p" = --out ] && d=\$o; p=\$o; done
mkdir -p "\$d" && cp "$tmp/w/.autoresearch/mine/runs/incumbent/summary.json" "\$d/summary.json"
W
chmod +x "$tmp/stub/or-bench"
cpu_of() {
	PATH=$tmp/stub:$PATH sh -c 'dash "$@" > /dev/null 2>&1; times' sh "$S/loop.sh" --dir "$tmp/w" \
	    --max-trials "$1" --max-stagnant 1000000 --propose "$prop" |
	    tail -n 1 | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); t += a[1] * 60 + a[2] } print t * 1000 }'
}
c=$(wc -l < "$tmp/w/.autoresearch/mine/trials.jsonl")
c1=$(cpu_of "$((c + 1))")
c21=$(cpu_of "$((c + 22))")
cpu=$(awk -v a="$c1" -v b="$c21" 'BEGIN { print (b - a) / 20 }')
emit "mine: loop CPU time per trial (user+sys, tinysort, no benchmark), ms" ms "$cpu" "100 ms target" 100 \
    "$(ratio 100 "$cpu")" -
emit "mine: loop overhead per trial (tinysort, no benchmark), ms" ms "$ours" "100 ms target" 100 \
    "$(ratio 100 "$ours")" 1
