# Shared helpers for tests/bench/*.sh (POSIX sh, sourced).
# now: nanoseconds.  median: of the numbers on stdin.  emit: one JSON line.
now() { date +%s%N; }

# time_ns CMD...: wall time of one run of CMD in nanoseconds (output dropped)
time_ns() {
	_t0=$(now)
	"$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; echo 0; return; }
	echo $(( $(now) - _t0 ))
}

# median_of N CMD...: median wall time of N runs, nanoseconds
median_of() {
	_n=$1; shift
	_i=0
	while [ $_i -lt "$_n" ]; do time_ns "$@"; _i=$((_i + 1)); done |
	    sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# emit NAME UNIT OURS PEER PEERVALUE RATIO TARGET: RATIO >= TARGET is met
emit() {
	awk -v b="$1" -v u="$2" -v o="$3" -v p="$4" -v pv="$5" -v r="$6" -v t="$7" 'BEGIN {
		printf "{\"bench\":\"%s\",\"unit\":\"%s\",\"ours\":%.6g,\"peer\":\"%s\",\"peerValue\":%.6g,\"ratio\":%.4g,\"target\":%s,\"met\":%s}\n",
		    b, u, o, p, pv, r, t, (r + 0 >= t + 0) ? "true" : "false" }'
}

# ratio A B: A / B with 4 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b > 0) ? a / b : 0 }'; }

# per_call_ms RUNS CMD...: median wall time of one call in milliseconds;
# hyperfine without a shell (-N) when installed, else a timed shell loop
# (which adds a fork to every call).
per_call_ms() {
	_runs=$1; shift
	if command -v hyperfine >/dev/null 2>&1; then
		_q=""
		for _a; do _q="$_q '$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")'"; done
		_j=$(mktemp)
		hyperfine -N -w 5 -r "$_runs" --export-json "$_j" "$_q" >/dev/null 2>&1
		jq '.results[0].median * 1000' "$_j"
		rm -f "$_j"
	else
		_t=$(median_of 3 sh -c 'i=0; while [ $i -lt '"$_runs"' ]; do "$@" >/dev/null; i=$((i+1)); done' x "$@")
		ratio "$_t" $((_runs * 1000000))
	fi
}
