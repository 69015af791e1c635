#!/usr/bin/env bats
# or-bench: extractors, runs in the sandbox, summaries, scores and the
# improvement rule from the shared vectors, the paired verdict end to end,
# and the statistical test of the paired procedure.

load helpers

setup_file() {
	if or-sandbox --check >/dev/null 2>&1; then
		export SANDBOX_OK=1
	else
		export SANDBOX_OK=0
	fi
}

needs_sandbox() {
	[ "$SANDBOX_OK" = 1 ] || skip "or-sandbox --check: no usable sandbox here"
}

# A protocol file from the base below, edited by the jq filter $2.
proto() {
	jq -n "$BASE | $2" > "$1"
}

BASE='{"schemaKind":"protocol","protocolVersion":"1",
 "execution":{"command":"sh bench/run.sh","cwd":".","hardTimeoutSeconds":30,
  "stopCondition":{"type":"fixed_suite"}},
 "environment":{"setupCommands":[],"constraints":{}},
 "mutableSurface":{"allowedGlobs":["src/**"],"forbiddenGlobs":[],"allowedKinds":["code_edit"]},
 "immutableHarness":{"paths":["bench"],"rationale":"the driver"},
 "measurement":{"primaryMetric":{"name":"score","direction":"maximize",
   "extract":{"kind":"regex","pattern":"^score: (\\S+)$","exampleStdout":"score: 2.5\n"}},
  "sampling":{"warmupTrials":0,"measuredTrials":3},
  "baselinePolicy":{"establishOnHardware":true,"sameDataSnapshot":true}}}'

# mkrepo DIR SCRIPT [VALUE]: a tree whose harness bench/run.sh is SCRIPT and
# whose mutable src/value.txt holds VALUE.
mkrepo() {
	mkdir -p "$1/bench" "$1/src"
	printf '%s\n' "$2" > "$1/bench/run.sh"
	printf '%s\n' "${3:-1.5}" > "$1/src/value.txt"
}

setup() {
	T=$BATS_TEST_TMPDIR
	R=$T/repo
	P=$T/protocol.json
	O=$T/out
}

# ---- extract ----

@test "extract: regex takes the last match, counts matches, fake line first" {
	proto "$P" .
	printf 'score: 99\nnoise\nscore: 1.25\nscore: 1.250\n' > "$T/log"
	run or-bench extract -p "$P" "$T/log"
	assert_success
	assert_output '{"metric":"1.25","matches":3,"score":"1250000","secondary":{}}'
	run or-bench extract -p "$P"
	assert_output '{"metric":"2.5","matches":1,"score":"2500000","secondary":{}}'
	run sh -c "printf 'score: 7\n' | or-bench extract -p '$P' -"
	assert_output '{"metric":"7","matches":1,"score":"7000000","secondary":{}}'
}

@test "extract: no match is bench.no_metric, a bad value bench.bad_metric" {
	proto "$P" .
	printf 'nothing\n' > "$T/log"
	run or-bench extract -q -p "$P" "$T/log"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.no_metric ]
	printf 'score: 1e5x\nscore: NaN\n' > "$T/log"
	run or-bench extract -q -p "$P" "$T/log"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.bad_metric ]
}

@test "extract: json_pointer reads the number's source text exactly" {
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"json_pointer","jsonPointer":"/m/a~1b"}'
	printf '%s\n' '{"m":{"a/b":1}}' 'not json {' '{"m":{"a/b":0.1000000000000000055511151231257827021181583404541015625}}' '{"m":{}}' '["x"]' > "$T/log"
	run or-bench extract -p "$P" "$T/log"
	assert_success
	[ "$(sfield "$output" metric)" = 0.1000000000000000055511151231257827021181583404541015625 ]
	[ "$(field "$output" matches)" = 2 ]
	printf '%s\n' '{"m":{"a/b":12345678901234567890123}}' > "$T/log"
	run or-bench extract -p "$P" "$T/log"
	[ "$(sfield "$output" metric)" = 12345678901234567890123 ]
	printf '%s\n' '{"m":{"a/b":"2.5e1"}}' > "$T/log"
	run or-bench extract -p "$P" "$T/log"
	[ "$(sfield "$output" metric)" = 25 ]
}

@test "extract: pytest_summary, last summary line, fields and counts" {
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"pytest_summary"}'
	printf '%s\n' '== 1 passed in 0.01s ==' 'x' '====== 2 passed, 1 failed, 1 skipped, 1 warning in 1.50s ======' > "$T/log"
	run or-bench extract -p "$P" "$T/log"
	assert_success
	[ "$(sfield "$output" metric)" = 2/3 ]
	[ "$(field "$output" matches)" = 2 ]
	[ "$(sfield "$output" score)" = 666667 ]
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"pytest_summary","field":"seconds"}'
	run or-bench extract -p "$P" "$T/log"
	[ "$(sfield "$output" metric)" = 1.5 ]
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"pytest_summary","field":"tests"}'
	run or-bench extract -p "$P" "$T/log"
	[ "$(sfield "$output" metric)" = 4 ]
}

@test "extract: junit sums leaf testsuites and refuses DOCTYPE" {
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"junit","path":"report.xml"}'
	cat > "$T/r.xml" <<'EOF'
<?xml version="1.0"?>
<testsuites tests="99">
  <!-- <testsuite tests="1000"/> -->
  <testsuite name="a" tests="4" failures="1" errors="0" skipped="1" time="0.5">
    <testcase name="x"/>
  </testsuite>
  <testsuite name="outer"><testsuite name="b" tests="4" failures="0" errors="1" time="0.25"/></testsuite>
</testsuites>
EOF
	run or-bench extract -p "$P" "$T/r.xml"
	assert_success
	# passed = 8 - 1 - 1 - 1 = 5, pass_rate = 5 / 7
	[ "$(sfield "$output" metric)" = 5/7 ]
	[ "$(sfield "$output" score)" = 714286 ]
	printf '<!DOCTYPE x [<!ENTITY a "1">]><testsuite tests="1"/>\n' > "$T/bad.xml"
	run or-bench extract -q -p "$P" "$T/bad.xml"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.bad_metric ]
}

@test "extract: custom and a bad pattern are refused" {
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"custom"}'
	run or-bench extract -q -p "$P"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.extract_unsupported ]
	proto "$P" '.measurement.primaryMetric.extract.pattern = "(unclosed"'
	run or-bench extract -q -p "$P"
	[ "$(sfield "$output" error.code)" = bench.extract_unsupported ]
}

@test "scores of scores.tsv through extract (every scale and direction)" {
	n=0 skipped=0
	while IFS=$(printf '\t') read -r input dir scale want note; do
		case $input in '#'*|input) continue ;; esac
		raw=$(printf '%s' "$input" | jq -j .)
		# the extractor trims blanks around a match and sees one line:
		# rows with blanks or escapes (a newline) cannot be put there
		case $input in *'\'*|*' '*|'""')
			skipped=$((skipped + 1)); continue ;; esac
		proto "$P" ".measurement.primaryMetric.direction = \"$dir\" | .measurement.metricScale = \"$scale\" | .measurement.primaryMetric.extract.pattern = \"^v=(.*)\$\""
		printf 'v=%s\n' "$raw" > "$T/log"
		got=$(or-bench extract -q -p "$P" "$T/log" | jq -r 'if .error then "error" else .score end')
		[ "$got" = "$want" ] || { echo "row $input $dir $scale: $got != $want"; return 1; }
		n=$((n + 1))
	done < "$VECTORS/scores.tsv"
	echo "checked $n rows, skipped $skipped"
	want=$(grep -vc -e '^#' -e '^input	' "$VECTORS/scores.tsv")
	[ "$n" -ge 55 ]
	[ $((n + skipped)) -eq "$want" ]
}

@test "compare: every row of improvement.tsv" {
	n=0
	while IFS=$(printf '\t') read -r inc bips cand th imp note; do
		case $inc in '#'*|incumbent) continue ;; esac
		want=$([ "$imp" = yes ] && echo true || echo false)
		out=$(printf '{"incumbentScore":"%s","candidateScore":"%s","bips":%s}\n' "$inc" "$cand" "$bips" | or-bench compare)
		[ "$(sfield "$out" threshold)" = "$th" ] || { echo "$inc $bips: $out"; return 1; }
		[ "$(field "$out" improved)" = "$want" ] || { echo "$inc $bips: $out"; return 1; }
		n=$((n + 1))
	done < "$VECTORS/improvement.tsv"
	want=$(grep -vc -e '^#' -e '^incumbent	' "$VECTORS/improvement.tsv")
	[ "$want" -ge 10 ]
	[ "$n" -eq "$want" ]
}

@test "compare: bips from the protocol, margin, bad records" {
	proto "$P" '.measurement.minScoreImprovementBips = 250'
	run sh -c "echo '{\"incumbentScore\":\"-999999\",\"candidateScore\":\"-975000\"}' | or-bench compare -p '$P'"
	assert_success
	assert_output '{"incumbentScore":"-999999","candidateScore":"-975000","margin":"24999","threshold":"-975000","improved":true}'
	run sh -c "echo '{\"incumbentScore\":1}' | or-bench compare -q"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.bad_record ]
}

# ---- runs ----

@test "run: summary of a constant metric, logs, records, the fake line first" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 99"; echo "score: $(cat src/value.txt)"'
	proto "$P" '.measurement.sampling.warmupTrials = 1'
	run or-bench run -p "$P" -t "$R" -o "$O" "$R"
	assert_success
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" summary.median)" = 1.5 ]
	[ "$(sfield "$last" summary.score)" = 1500000 ]
	[ "$(field "$last" summary.n)" = 3 ]
	[ "$(field "$last" summary.matches)" = '[2,2,2]' ]
	[ "$(field "$last" summary.noisy)" = false ]
	[ "$(printf '%s\n' "$output" | grep -c '"kind":"run"')" = 4 ]
	[ -s "$O/S-warmup-1.out" ] && [ -s "$O/S-measured-3.out" ]
	[ "$(wc -l < "$O/runs.jsonl")" = 4 ]
	cmp <(printf '%s\n' "$last") "$O/summary.json"
}

@test "run: each aggregator matches the runs' metrics (independent awk)" {
	needs_sandbox
	mkrepo "$R" 'echo "score: $(od -An -N2 -tu2 /dev/urandom | tr -d " ").$(od -An -N1 -tu1 /dev/urandom | tr -d " ")"'
	for agg in median mean min max; do
		rm -rf "$O"
		proto "$P" ".measurement.sampling.aggregator = \"$agg\" | .measurement.sampling.measuredTrials = 4 | .measurement.metricScale = 1000"
		run or-bench run -p "$P" -t "$R" -o "$O" "$R"
		assert_success
		vals=$(printf '%s\n' "$output" | jq -r 'select(.kind == "run") | .metric')
		want=$(printf '%s\n' $vals | sort -g | awk -v a=$agg '{ v[NR] = $1; s += $1 }
		    END { if (a == "min") x = v[1]; else if (a == "max") x = v[NR];
		          else if (a == "mean") x = s / NR; else x = (v[2] + v[3]) / 2;
		          printf "%.0f\n", x * 1000 }')
		got=$(printf '%s\n' "$output" | tail -1 | jq -r .summary.score)
		# awk is binary64: agree within one unit of the last place
		d=$((got - want)); [ "${d#-}" -le 1 ] || { echo "$agg: $got vs $want ($vals)"; return 1; }
	done
}

@test "run: noisy and noiseExceedsMargin are decided on the values" {
	needs_sandbox
	mkrepo "$R" 'echo "score: $((100 + $(od -An -N1 -tu1 /dev/urandom) % 11))"'
	proto "$P" '.measurement.sampling.measuredTrials = 6'
	run or-bench run -p "$P" -t "$R" -o "$O" "$R"
	assert_success
	last=$(printf '%s\n' "$output" | tail -1)
	# values 100..110: rsd below 0.10, above 0.01 unless all equal
	[ "$(field "$last" summary.noisy)" = false ]
	if [ "$(field "$last" summary.min)" != "$(field "$last" summary.max)" ]; then
		[ "$(field "$last" summary.noiseExceedsMargin)" = true ]
	fi
	rm -rf "$O"
	mkrepo "$R" 'echo "score: $((1 + $(od -An -N2 -tu2 /dev/urandom) % 1000))"'
	run or-bench run -p "$P" -t "$R" -o "$O" "$R"
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(field "$last" summary.noisy)" = true ]
}

@test "run: a crash fails the run and the summary (status 1)" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 1"; exit 3'
	proto "$P" .
	run or-bench run -q -p "$P" -t "$R" -o "$O" "$R"
	assert_failure 1
	r=$(printf '%s\n' "$output" | grep '"kind":"run"' | head -1)
	[ "$(sfield "$r" error.code)" = bench.run_failed ]
	[ "$(field "$r" run.exit)" = 3 ]
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" summary.error.code)" = bench.incomplete ]
	[ "$(field "$last" summary.score)" = null ]
}

@test "run: a timeout is cause wall, status 5" {
	needs_sandbox
	mkrepo "$R" 'sleep 30'
	proto "$P" '.execution.hardTimeoutSeconds = 1 | .measurement.sampling.measuredTrials = 1'
	run or-bench run -q -p "$P" -t "$R" -o "$O" "$R"
	assert_failure 5
	r=$(printf '%s\n' "$output" | grep '"kind":"run"')
	[ "$(sfield "$r" run.cause)" = wall ]
	[ "$(sfield "$r" error.cause)" = wall ]
}

@test "run: setup runs once, persists, and logs apart" {
	needs_sandbox
	mkrepo "$R" 'echo "score: $(cat built.txt)"; ls /repo/count* | wc -l >&2'
	proto "$P" '.environment.setupCommands = ["echo 7 > built.txt; echo setup-log", {"kind":"sh","args":["touch count.$1","x","one"]}] | .environment.sandbox = {"cpus":"1","pids":64,"memory":"512m"}'
	run or-bench run -p "$P" -t "$R" -o "$O" "$R"
	assert_success
	r=$(printf '%s\n' "$output" | grep '"phase":"measured"' | head -1)
	[ "$(field "$r" run.limits.pids)" = 64 ]
	[ "$(field "$r" run.limits.mem)" = 536870912 ]
	cpus=$(printf '%s\n' "$output" | tail -1 | jq -r .summary.host.cpus)
	[ "$(field "$r" run.limits.cpus)" = "\"$cpus\"" ] && [ "${cpus#*,}" = "$cpus" ]
	[ "$(printf '%s\n' "$output" | tail -1 | jq -r .summary.median)" = 7 ]
	[ "$(cat "$O/S-setup-1.out")" = setup-log ]
	[ "$(printf '%s\n' "$output" | grep -c '"kind":"setup"')" = 2 ]
	[ "$(cat "$O/S-measured-2.err")" = 1 ]
	[ ! -e "$R/built.txt" ]
}

@test "run: the seed follows the mutable code (v1-bytes, or-hash seed)" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 1"; echo "$ARAH_TRIAL_SEED $OR_TRIAL_SEED" >&2'
	proto "$P" '.execution.determinism = {"seedDerivation":{"mode":"fiat_shamir","salt":"s"}}'
	run or-bench run -p "$P" -t "$R" -o "$O" "$R"
	assert_success
	want=$(or-hash seed --protocol "$P" --dir "$R" | jq -r .seed)
	[ "$(cat "$O/S-measured-1.err")" = "$want $want" ]
	cp -r "$R" "$T/r2"
	echo 2 > "$T/r2/src/value.txt"
	run or-bench run -p "$P" -t "$T/r2" -o "$T/o2" "$T/r2"
	want2=$(or-hash seed --protocol "$P" --dir "$T/r2" | jq -r .seed)
	[ "$want" != "$want2" ]
	[ "$(cat "$T/o2/S-measured-1.err")" = "$want2 $want2" ]
}

@test "run: no host OR_* or ETH_* value reaches a run" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 1"; env | sort >&2'
	proto "$P" '.execution.stopCondition = {"type":"max_steps","maxSteps":7}'
	OR_SECRET=leak ETH_RPC_URL=http://leak OR_ALLOW_NETWORK=0 run or-bench run -p "$P" -t "$R" -o "$O" "$R"
	assert_success
	! grep -q leak "$O/S-measured-1.err"
	[ "$(grep -E '^(OR|ETH)_' "$O/S-measured-1.err" | tr '\n' ' ')" = "OR_MAX_STEPS=7 OR_STOP_TYPE=max_steps " ]
}

@test "run: networkPolicy full is refused without the opt-in" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 1"'
	proto "$P" '.environment.constraints.networkPolicy = "full"'
	run or-bench run -q -p "$P" -t "$R" -o "$O" "$R"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.network_refused ]
	[ ! -e "$O/S-measured-1.out" ]
	OR_ALLOW_NETWORK=1 run or-bench run -p "$P" -t "$R" -o "$T/o2" "$R"
	assert_success
}

@test "run: stream stderr, json_pointer through a collected path, secondary" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 5"; echo "score: 2" >&2; echo "{\"x\":0.30000000000000004}" > res.json'
	proto "$P" '.measurement.primaryMetric.extract.stream = "stderr" | .measurement.secondaryMetrics = [{"name":"x","direction":"maximize","extract":{"kind":"json_pointer","jsonPointer":"/x","path":"res.json"}},{"name":"missing","direction":"maximize","extract":{"kind":"regex","pattern":"nope"}}]'
	run or-bench run -p "$P" -t "$R" -o "$O" "$R"
	assert_success
	r=$(printf '%s\n' "$output" | grep '"kind":"run"' | head -1)
	[ "$(sfield "$r" metric)" = 2 ]
	[ "$(field "$r" secondary)" = '{"x":"0.30000000000000004"}' ]
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(field "$last" summary.secondary)" = '{"x":{"n":3,"median":"0.30000000000000004"},"missing":{"n":0,"median":null}}' ]
}

@test "run: bad protocol, custom extractor and a non-empty --out stop before any run" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 1"'
	proto "$P" '.measurement.sampling.aggregator = "mode"'
	run or-bench run -q -p "$P" -t "$R" -o "$O" "$R"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.bad_protocol ]
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"custom"}'
	run or-bench run -q -p "$P" -t "$R" -o "$O" "$R"
	[ "$(sfield "$output" error.code)" = bench.extract_unsupported ]
	proto "$P" '.measurement.primaryMetric.extract = {"kind":"junit","path":"r.xml","field":"ratio"}'
	run or-bench run -q -p "$P" -t "$R" -o "$O" "$R"
	[ "$(sfield "$output" error.code)" = bench.bad_protocol ]
	[ ! -e "$O/runs.jsonl" ]
	mkdir -p "$T/full" && touch "$T/full/x"
	proto "$P" .
	run or-bench run -q -p "$P" -t "$R" -o "$T/full" "$R"
	[ "$(sfield "$output" error.code)" = bench.bad_path ]
	run or-bench run -q -p "$P" -t "$R" -o "$R/out" "$R"
	[ "$(sfield "$output" error.code)" = bench.bad_path ]
}

@test "run: SIGTERM ends the measurement between runs and removes the copies" {
	needs_sandbox
	mkrepo "$R" 'sleep 1; echo "score: 1"'
	proto "$P" '.measurement.sampling.measuredTrials = 20'
	# a TMPDIR the sandbox's user can enter (root maps it to 65534)
	D=$(mktemp -d /tmp/or-bench-test.XXXXXX)
	chmod 711 "$D" && mkdir -m 711 "$D/tmp"
	ln -s "$D/tmp" "$T/tmp"
	TMPDIR=$D/tmp or-bench run -q -p "$P" -t "$R" -o "$O" "$R" > "$T/log" &
	pid=$!
	sleep 1.5
	[ -n "$(ls "$T/tmp")" ] || { cat "$T/log"; false; }
	kill -TERM $pid
	status=0
	wait $pid || status=$?
	[ "$status" = 143 ]
	[ -z "$(ls "$T/tmp")" ]
	[ "$(tail -1 "$T/log" | jq -r .error.code)" = bench.interrupted ]
	[ "$(grep -c '"kind":"run"' "$T/log")" -lt 5 ]
	rm -rf "$D"
}

@test "run: as root, a TMPDIR the sandbox's user cannot enter is refused" {
	[ "$(id -u)" = 0 ] || skip "only root maps the sandbox to uid 65534"
	mkrepo "$R" 'echo "score: 1"'
	proto "$P" .
	mkdir -m 700 "$T/private"
	TMPDIR=$T/private run or-bench run -q -p "$P" -t "$R" -o "$O" "$R"
	assert_failure 1
	[ "$(sfield "$output" error.code)" = bench.bad_path ]
	[ -z "$(ls "$T/private")" ]
}

@test "baseline: at least three measured runs; records mode" {
	needs_sandbox
	mkrepo "$R" 'echo "score: 1"'
	proto "$P" '.measurement.sampling.measuredTrials = 1'
	run sh -c "printf '%s\n' '{\"protocol\":\"$P\",\"trusted\":\"$R\",\"out\":\"$O\",\"tree\":\"$R\",\"id\":7}' | or-bench baseline"
	assert_success
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(field "$last" summary.n)" = 3 ]
	[ "$(field "$last" id)" = 7 ]
}

# ---- paired ----

paired_fixture() {
	mkrepo "$T/inc" "$1" "$2"
	mkrepo "$T/cand" "$1" "$3"
	cp -r "$T/inc" "$T/trusted"
}

@test "paired: a clear improvement is approved, pairs alternate" {
	needs_sandbox
	paired_fixture 'echo "score: $(cat src/value.txt)"' 1 1.1
	proto "$P" .
	run or-bench paired -p "$P" -t "$T/trusted" -o "$O" --incumbent "$T/inc" --candidate "$T/cand" --incumbent-score 1000000
	assert_success
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" paired.decision)" = approve ]
	[ "$(field "$last" paired.pairs)" = 5 ]
	[ "$(sfield "$last" paired.normalizedLow)" = 1100000 ]
	order=$(printf '%s\n' "$output" | jq -r 'select(.phase == "measured") | .arm' | tr -d '\n')
	[ "$order" = ICCIICCIIC ]
	cmp <(printf '%s\n' "$last") "$O/paired.json"
}

@test "paired: deterministic mode approves on the candidate's score" {
	needs_sandbox
	paired_fixture 'echo "score: $(cat src/value.txt)"' 133616 120000
	proto "$P" '.measurement.primaryMetric.direction = "minimize" | .measurement.primaryMetric.deterministic = true | .measurement.baselinePolicy.establishOnHardware = false | .measurement.minScoreImprovementBips = 50'
	run or-bench paired -p "$P" -t "$T/trusted" -o "$O" --incumbent "$T/inc" --candidate "$T/cand" --incumbent-score -133616000000
	assert_success
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" paired.mode)" = deterministic ]
	[ "$(sfield "$last" paired.decision)" = approve ]
	[ "$(field "$last" paired.pairs)" = 2 ]
	[ "$(sfield "$last" paired.normalizedScore)" = -120000000000 ]
	rm -rf "$O"
	run or-bench paired -p "$P" -t "$T/trusted" -o "$O" --incumbent "$T/inc" --candidate "$T/cand" --incumbent-score -133617000000
	[ "$(sfield "$(printf '%s\n' "$output" | tail -1)" paired.reason)" = environment_mismatch ]
}

@test "paired: a candidate blocking a harness bind is rejected harness_tampered" {
	needs_sandbox
	paired_fixture 'echo "score: $(cat src/value.txt)"' 1 2
	rm -rf "$T/cand/bench"
	mkdir "$T/elsewhere" && printf 'echo "score: 9"\n' > "$T/elsewhere/run.sh"
	ln -s "$T/elsewhere" "$T/cand/bench"
	# the harness is the file: its parent folder is the candidate's
	proto "$P" '.immutableHarness.paths = ["bench/run.sh"]'
	run or-bench paired -q -p "$P" -t "$T/trusted" -o "$O" --incumbent "$T/inc" --candidate "$T/cand" --incumbent-score 1000000
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" paired.decision)" = reject ]
	[ "$(sfield "$last" paired.reason)" = harness_tampered ]
	! grep -rq 'score: 9' "$O"
}

@test "paired: a failing candidate is rejected candidate_failed" {
	needs_sandbox
	paired_fixture 'echo "score: $(cat src/value.txt)"; [ "$(cat src/value.txt)" = 1 ]' 1 2
	proto "$P" .
	run or-bench paired -q -p "$P" -t "$T/trusted" -o "$O" --incumbent "$T/inc" --candidate "$T/cand" --incumbent-score 1000000
	assert_failure 1
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" paired.reason)" = candidate_failed ]
	[ "$(field "$last" paired.pairs)" = 1 ]
}

@test "paired: a candidate failing in the warm-up is rejected before any pair" {
	needs_sandbox
	paired_fixture 'v=$(cat src/value.txt); [ "$v" = 1 ] || exit 4; echo "score: $v"' 1 2
	proto "$P" '.measurement.sampling.warmupTrials = 1'
	run or-bench paired -q -p "$P" -t "$T/trusted" -o "$O" --incumbent "$T/inc" --candidate "$T/cand" --incumbent-score 1000000
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" paired.reason)" = candidate_failed ]
	[ "$(field "$last" paired.pairs)" = 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '"phase":"measured"')" = 0 ]
}

@test "paired: an extra metric line from the candidate is metric_spoofed" {
	needs_sandbox
	mkrepo "$T/inc" 'echo "score: 1"' 1
	mkrepo "$T/cand" 'echo "score: 1"' 1
	cp -r "$T/inc" "$T/trusted"
	# the candidate's code (mutable) prints a line the harness then echoes
	printf 'score: 5\n' > "$T/cand/src/extra"
	printf 'cat src/extra 2>/dev/null; echo "score: $(cat src/value.txt)"\n' > "$T/trusted/bench/run.sh"
	echo 1.2 > "$T/cand/src/value.txt"
	proto "$P" .
	run or-bench paired -q -p "$P" -t "$T/trusted" -o "$O" --incumbent "$T/inc" --candidate "$T/cand" --incumbent-score 1000000
	last=$(printf '%s\n' "$output" | tail -1)
	[ "$(sfield "$last" paired.decision)" = reject ]
	[ "$(sfield "$last" paired.reason)" = metric_spoofed ]
	[ "$(field "$last" paired.candidate.matches)" = '[2,2,2,2,2]' ]
}

@test "paired: a missing or bad --incumbent-score is a usage error" {
	run or-bench paired -p "$T/p" -t "$T" -o "$O" --incumbent "$T" --candidate "$T"
	assert_failure 2
	run or-bench paired -p "$T/p" -t "$T" -o "$O" --incumbent "$T" --candidate "$T" --incumbent-score 1.5
	assert_failure 2
	assert_output --partial bench.no_incumbent_score
}

@test "paired statistics: identical trees and a 5% improvement, 200 + 200 each way" {
	sim=$OR_BUILD/helpers/paired-sim
	for dir in maximize minimize; do
		same=$("$sim" 11 200 0.005 0.1 1 $dir)
		better=$("$sim" 12 200 0.005 0.1 1.05 $dir)
		echo "$dir identical: $same"
		echo "$dir +5%: $better"
		[ "$(field "$same" n)" = 200 ] && [ "$(field "$better" n)" = 200 ]
		[ "$(field "$same" approve)" -lt 2 ]
		[ "$(field "$better" approve)" -ge 190 ]
	done
}

@test "usage: verbs, operands, terminal stdin" {
	run or-bench
	assert_failure 2
	run or-bench frobnicate
	assert_failure 2
	run or-bench extract
	assert_failure 2
	run or-bench compare x
	assert_failure 2
	run or-bench run --runs 0 -p x -t x -o x x
	assert_failure 2
}

@test "one placement rule: options after operands, a typo'd verb gets a hint, no silent wait at a terminal" {
	proto "$P" .
	printf 'score: 3\n' > "$T/log"
	run or-bench extract "$T/log" -p "$P"
	assert_success
	assert_output '{"metric":"3","matches":1,"score":"3000000","secondary":{}}'
	run or-bench compair
	assert_failure 2
	assert_line --index 0 "or-bench: error: unknown verb 'compair'"
	assert_line --index 1 "or-bench: hint: did you mean 'compare'?"
	run or-bench basline -p "$P"
	assert_line --index 1 "or-bench: hint: did you mean 'baseline'?"
	# compare reads records: at a terminal it says so; extract reads the
	# protocol's example and needs nothing from stdin
	run script -qec "or-bench compare --bips 50" /dev/null
	assert_failure 2
	assert_output --partial 'compare: give records, or pipe JSON lines'
	run script -qec "or-bench run -p $P -t $T -o $O" /dev/null
	assert_failure 2
	assert_output --partial 'run: give TREE, or pipe JSON lines'
	run script -qec "or-bench extract -p $P" /dev/null
	assert_success
	assert_output --partial '"metric":"2.5"'
}
