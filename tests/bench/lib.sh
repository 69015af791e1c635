# Shared helpers for tests/bench/*.sh (POSIX sh, sourced).
# now: nanoseconds.  median: of the numbers on stdin.  emit: one JSON line.
# Sourced by every bench script; scripts/bench prints the closing table.
now() { date +%s%N; }

# time_ns CMD...: wall time of one run of CMD in nanoseconds (output dropped)
time_ns() {
	_t0=$(now)
	"$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; echo 0; return; }
	echo $(( $(now) - _t0 ))
}

# median: of the numbers on stdin, one a line (an even count gives the mean
# of the middle two)
median() {
	sort -g | awk '{ v[NR] = $1 }
	    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median_of N CMD...: median wall time of N runs, nanoseconds
median_of() {
	_n=$1; shift
	_i=0
	while [ $_i -lt "$_n" ]; do time_ns "$@"; _i=$((_i + 1)); done |
	    sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# emit NAME UNIT OURS PEER PEERVALUE RATIO TARGET: one JSON line.
# RATIO has one meaning on every line: the speed-up over the peer, that is
# peer time / our time (or our rate / peer rate); above 1 we are faster.
# TARGET is the smallest speed-up that meets the goal (RATIO >= TARGET), or
# "-" for a comparison that is reported only ("target" and "met" null).
# With an eighth argument "ours", TARGET is instead an absolute minimum of
# OURS (a rate such as records/s): "targetOn":"ours".
emit() {
	awk -v b="$1" -v u="$2" -v o="$3" -v p="$4" -v pv="$5" -v r="$6" -v t="$7" \
	    -v on="${8:-ratio}" 'BEGIN {
		printf "{\"bench\":\"%s\",\"unit\":\"%s\",\"ours\":%.6g,\"peer\":\"%s\",\"peerValue\":%.6g,\"ratio\":%.4g,",
		    b, u, o, p, pv, r
		if (t == "-")
			printf "\"target\":null,\"targetOn\":\"ratio\",\"met\":null}\n"
		else
			printf "\"target\":%s,\"targetOn\":\"%s\",\"met\":%s}\n", t, on,
			    ((on == "ours" ? o : r) + 0 >= t + 0) ? "true" : "false" }'
}

# ratio A B: A / B with 4 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b > 0) ? a / b : 0 }'; }

# Per-call latency is judged against process start itself: /bin/true run
# the same way in the same run.  A tool within 1.3x of it meets the goal.
PROCESS_START_TARGET=0.7692	# 1 / 1.3

# per_call_report NAME RUNS CMD...: emits the tool's per-call latency
# against /bin/true (the judged line); callers add peers (cast) beside it.
# The two are measured in alternating rounds, so that a change in the
# machine's load hits both alike; each value is the median of the rounds'
# medians.  Sets PER_CALL_MS to the tool's median.
per_call_report() {
	_name=$1 _r=$2; shift 2
	_rt=$(mktemp) _rf=$(mktemp)
	for _round in 1 2 3 4 5; do
		per_call_ms "$(( (_r + 4) / 5 ))" /bin/true >> "$_rf"
		per_call_ms "$(( (_r + 4) / 5 ))" "$@" >> "$_rt"
	done
	PER_CALL_MS=$(median < "$_rt")
	_floor=$(median < "$_rf")
	rm -f "$_rt" "$_rf"
	emit "per-call latency: $_name vs process start (/bin/true)" ms/call \
	    "$PER_CALL_MS" "/bin/true" "$_floor" "$(ratio "$_floor" "$PER_CALL_MS")" \
	    "$PROCESS_START_TARGET"
}

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
