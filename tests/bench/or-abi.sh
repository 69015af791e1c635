#!/bin/sh
# or-abi benchmarks (make bench), medians of several repetitions:
#  - per-call latency of `or-abi encode` of the createProject call of
#    contracts.md 9.1 against `cast calldata` of the same (target >= 10x);
#  - streaming: 100,000 createProject records through one or-abi process,
#    against separate `cast calldata` calls (a few hundred timed, then
#    extrapolated); target >= 100,000 records/s for or-abi.
# OR_BENCH_QUICK=1 shrinks the inputs.
set -eu
. "$(dirname "$0")/lib.sh"
VECTORS=${VECTORS:-tests/vectors}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

calls=100 castcalls=30 records=100000 caststream=300 reps=5
if [ "${OR_BENCH_QUICK:-0}" = 1 ]; then
	calls=20 castcalls=5 records=10000 caststream=30 reps=3
fi

# the createProject row of calldata.tsv: signature and arguments
line=$(grep '^createProject(' "$VECTORS/calldata.tsv")
sig=$(printf '%s\n' "$line" | cut -f1)
args=$(printf '%s\n' "$line" | cut -f2)
# cast wants the same arguments as separate words (no spaces in them
# except the token name, handled through the positional parameters)
printf '%s\n' "$args" | jq -r '.[]' > "$tmp/args"
set --
while IFS= read -r a; do set -- "$@" "$a"; done < "$tmp/args"
expected=$(printf '%s\n' "$line" | cut -f3)
[ "$(or-abi encode "$sig" "$@" | jq -r .data)" = "$expected" ] || {
	echo "bench: or-abi encode gives the wrong createProject calldata" >&2; exit 1; }
[ "$(cast calldata "$sig" "$@")" = "$expected" ] || {
	echo "bench: cast calldata gives the wrong createProject calldata" >&2; exit 1; }


# per-call latency, milliseconds: hyperfine without a shell (-N) when it
# is installed, else a timed shell loop (which adds a fork to both sides)
q() { printf "'%s'" "$1"; }
ocmd="or-abi encode $(q "$sig")" ccmd="cast calldata $(q "$sig")"
for a in "$@"; do ocmd="$ocmd $(q "$a")" ccmd="$ccmd $(q "$a")"; done
if command -v hyperfine > /dev/null 2>&1; then
	hyperfine -N -w 10 -r $((calls * reps)) --export-json "$tmp/o.json" "$ocmd" > /dev/null 2>&1
	hyperfine -N -w 3 -r $((castcalls * reps)) --export-json "$tmp/c.json" "$ccmd" > /dev/null 2>&1
	ours=$(jq '.results[0].median * 1000' "$tmp/o.json")
	peer=$(jq '.results[0].median * 1000' "$tmp/c.json")
else
	: > "$tmp/ours" ; : > "$tmp/cast"
	r=0
	while [ $r -lt $reps ]; do
		t0=$(now); i=0
		while [ $i -lt $calls ]; do or-abi encode "$sig" "$@" > /dev/null; i=$((i + 1)); done
		t1=$(now)
		echo "$t0 $t1 $calls" | awk '{ printf "%.4f\n", ($2 - $1) / 1e6 / $3 }' >> "$tmp/ours"
		t0=$(now); i=0
		while [ $i -lt $castcalls ]; do cast calldata "$sig" "$@" > /dev/null; i=$((i + 1)); done
		t1=$(now)
		echo "$t0 $t1 $castcalls" | awk '{ printf "%.4f\n", ($2 - $1) / 1e6 / $3 }' >> "$tmp/cast"
		r=$((r + 1))
	done
	ours=$(median < "$tmp/ours")
	peer=$(median < "$tmp/cast")
fi
per_call_report "or-abi encode createProject" $((calls * reps)) or-abi encode "$sig" "$@"
emit "per-call latency: or-abi encode createProject vs cast calldata" ms/call \
    "$ours" "cast calldata" "$peer" "$(ratio "$peer" "$ours")" -

# streaming: distinct records (the pool cap counts up) through one process
jq -c --arg s "$sig" --argjson n "$records" \
    '. as $a | range(0; $n) | {sig: $s, args: ($a[0:9] + [tostring])}' \
    <<EOF > "$tmp/records.jsonl"
$args
EOF
: > "$tmp/ours"
r=0
# wall clock, and CPU time (user + sys) which a loaded machine disturbs less
: > "$tmp/cpu"
while [ $r -lt 3 ]; do
	t0=$(now)
	/usr/bin/time -f '%U %S' -o "$tmp/time" or-abi encode < "$tmp/records.jsonl" > "$tmp/out.jsonl"
	t1=$(now)
	echo "$t0 $t1 $records" | awk '{ printf "%.0f\n", $3 / (($2 - $1) / 1e9) }' >> "$tmp/ours"
	awk -v n="$records" '{ printf "%.0f\n", n / ($1 + $2 + 0.005) }' "$tmp/time" >> "$tmp/cpu"
	r=$((r + 1))
done
[ "$(wc -l < "$tmp/out.jsonl")" -eq "$records" ] && ! grep -q '"error"' "$tmp/out.jsonl" || {
	echo "bench: streaming encode failed" >&2; exit 1; }
: > "$tmp/cast"
r=0
while [ $r -lt 3 ]; do
	t0=$(now); i=0
	while [ $i -lt $caststream ]; do cast calldata "$sig" "$@" > /dev/null; i=$((i + 1)); done
	t1=$(now)
	echo "$t0 $t1 $caststream" | awk '{ printf "%.0f\n", $3 / (($2 - $1) / 1e9) }' >> "$tmp/cast"
	r=$((r + 1))
done
ours=$(median < "$tmp/ours")
cpu=$(median < "$tmp/cpu")
peer=$(median < "$tmp/cast")
emit "or-abi encode stream of $records createProject records (cast: $caststream calls, extrapolated)" \
    records/s "$ours" "cast calldata" "$peer" "$(ratio "$ours" "$peer")" 100000 ours
emit "or-abi encode stream of $records createProject records, by CPU time (user+sys)" \
    records/s "$cpu" "cast calldata" "$peer" "$(ratio "$cpu" "$peer")" 100000 ours
