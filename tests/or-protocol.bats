#!/usr/bin/env bats
# or-protocol: check (one test row per rule of protocol.md 6), fmt against
# the example of section 9 and an independent serialiser, get defaults,
# scaffold, render, and the JSON-lines contract.

load helpers

D=$OR_TOP/tests/data/protocol

setup_file() {
	# the example repository of protocol.md 9
	export REPO="$BATS_FILE_TMPDIR/tinysort"
	# no file under src/vendor: a tracked file in both allowedGlobs and
	# forbiddenGlobs is an overlap error (protocol.md 4.3)
	mkdir -p "$REPO/src" "$REPO/bench" "$REPO/data"
	echo 'int sort;' > "$REPO/src/sort.c"
	echo 'int main;' > "$REPO/bench/driver.c"
	echo '3 1 2' > "$REPO/data/suite.txt"
	printf 'build:\n\tcc -o build/bench bench/driver.c src/sort.c\n' > "$REPO/Makefile"
	git -C "$REPO" init -q && git -C "$REPO" add -A &&
	    git -C "$REPO" -c user.name=t -c user.email=t@t commit -qm init
}

mut() {	# mut FILTER: the example with a jq filter applied, into $BATS_TEST_TMPDIR/p.json
	jq "$1" "$D/example.json" > "$BATS_TEST_TMPDIR/p.json"
}

@test "the example of protocol.md 9 passes check, --repo and --eligible" {
	run or-protocol check "$D/example.json"
	assert_success
	assert_output '{"file":"'"$D"'/example.json","errors":0,"warnings":0}'
	run or-protocol check --repo "$REPO" --eligible "$D/example.json"
	assert_success
	[ "$(sfield "$output" verdict)" = eligible ]
}

@test "every bad protocol of the corpus gives its error at its field" {
	n=0
	while IFS=$(printf '\t') read -r filter code field; do
		case $filter in '#'*|'') continue ;; esac
		mut "$filter" || { echo "bad filter $filter"; return 1; }
		out=$(or-protocol check -q "$BATS_TEST_TMPDIR/p.json") && {
			echo "passed: $filter"; return 1; }
		echo "$out" | jq -s -e --arg c "$code" --arg f "$field" \
		    'map(select(.kind == "protocolProblem" and .error.code == $c and .field == $f)) | length == 1' >/dev/null ||
		    { echo "row '$filter': want $code at $field, got:"; echo "$out"; return 1; }
		[ "$(echo "$out" | tail -n 1 | jq -r .error.code)" = protocol.invalid ]
		n=$((n + 1))
	done < "$D/bad.tsv"
	[ "$n" -eq 64 ]
}

@test "all problems are listed, not just the first" {
	mut '.meta.archetype = "x" | .safety.crashStatus = "y" | del(.execution.command)'
	run or-protocol check -q "$BATS_TEST_TMPDIR/p.json"
	assert_failure 1
	[ "$(echo "$output" | grep -c protocolProblem)" -eq 3 ]
	[ "$(echo "$output" | tail -n 1 | jq .errors)" -eq 3 ]
}

@test "check --repo: overlaps, empty matches, hard-deny entries, cwd" {
	mut '.mutableSurface.forbiddenGlobs = []'
	run or-protocol check --repo "$REPO" "$BATS_TEST_TMPDIR/p.json"
	assert_success
	mut '.mutableSurface.allowedGlobs = ["src/**", "bench/**"]'
	run or-protocol check -q --repo "$REPO" "$BATS_TEST_TMPDIR/p.json"
	assert_failure 1
	assert_output --partial '"field":"/immutableHarness/paths","error":{"code":"protocol.overlap"'
	mut '.immutableHarness.paths += ["tests/**"]'
	run or-protocol check -q --repo "$REPO" "$BATS_TEST_TMPDIR/p.json"
	assert_output --partial '"field":"/immutableHarness/paths/3","error":{"code":"protocol.no_match"'
	mut '.mutableSurface.forbiddenGlobs = ["src/**"]'
	run or-protocol check -q --repo "$REPO" "$BATS_TEST_TMPDIR/p.json"
	assert_output --partial '"protocol.overlap"'
	assert_output --partial '"protocol.empty_surface"'
	mut '.execution.cwd = "nowhere"'
	run or-protocol check -q --repo "$REPO" "$BATS_TEST_TMPDIR/p.json"
	assert_output --partial '"field":"/execution/cwd","error":{"code":"protocol.no_cwd"'
	cp -r "$REPO" "$BATS_TEST_TMPDIR/r2" && mkdir -p "$BATS_TEST_TMPDIR/r2/.github/workflows" "$BATS_TEST_TMPDIR/r2/src/.idea"
	echo x > "$BATS_TEST_TMPDIR/r2/.github/workflows/ci.yml"
	echo x > "$BATS_TEST_TMPDIR/r2/src/x.pth"
	git -C "$BATS_TEST_TMPDIR/r2" add -A
	mut '.immutableHarness.paths += [".github/**"]'
	run or-protocol check -q --repo "$BATS_TEST_TMPDIR/r2" "$BATS_TEST_TMPDIR/p.json"
	assert_output --partial '"field":"/immutableHarness/paths","error":{"code":"protocol.hard_deny"'
	assert_output --partial '"field":"/mutableSurface/allowedGlobs","error":{"code":"protocol.hard_deny"'
	run or-protocol check --repo "$BATS_TEST_TMPDIR/none" "$D/example.json"
	assert_failure 1
	assert_output --partial '"code":"tree.'
}

@test "check --eligible: the rubric and the needs_harness verdict" {
	run or-protocol check -q --eligible "$D/example.json"
	assert_failure 1
	assert_output --partial 'E4: expected --repo'
	mut '.measurement.baselinePolicy.sameDataSnapshot = false | .meta.eligibility = "needs_harness" | del(.measurement.primaryMetric.extract.exampleStdout)'
	run or-protocol check -q --eligible --repo "$REPO" "$BATS_TEST_TMPDIR/p.json"
	assert_output --partial '"field":"/measurement/baselinePolicy/sameDataSnapshot","error":{"code":"protocol.eligibility"'
	assert_output --partial '"field":"/meta/eligibility"'
	assert_output --partial 'E2: expected exampleStdout'
	[ "$(echo "$output" | tail -n 1 | jq -r .verdict)" = ineligible ]
	mut '.environment.constraints.networkPolicy = "full"'
	run or-protocol check -q --eligible --repo "$REPO" "$BATS_TEST_TMPDIR/p.json"
	assert_success
	[ "$(echo "$output" | tail -n 1 | jq -r .verdict)" = needs_harness ]
	[ "$(echo "$output" | tail -n 1 | jq .warnings)" -eq 2 ]
}

@test "fmt: byte-exact against an independent serialiser, idempotent" {
	or-protocol fmt "$D/example.json" > "$BATS_TEST_TMPDIR/a.json"
	python3 -c 'import json,sys; sys.stdout.write(json.dumps(json.load(open(sys.argv[1])), sort_keys=True, indent=2, ensure_ascii=False) + "\n")' \
	    "$D/example.json" > "$BATS_TEST_TMPDIR/b.json"
	cmp "$BATS_TEST_TMPDIR/a.json" "$BATS_TEST_TMPDIR/b.json"
	or-protocol fmt "$BATS_TEST_TMPDIR/a.json" | cmp - "$BATS_TEST_TMPDIR/a.json"
	# keys and strings the spec calls out
	printf '%s' '{"z":1,"a":{"é":"x\u0001\/é\t","b":[],"c":{}},"B":"\u00e9"}' > "$BATS_TEST_TMPDIR/s.json"
	run or-protocol fmt "$BATS_TEST_TMPDIR/s.json"
	assert_output "$(printf '{\n  "B": "é",\n  "a": {\n    "b": [],\n    "c": {},\n    "é": "x\\u0001/é\\t"\n  },\n  "z": 1\n}')"
}

@test "fmt: numbers as protocol.md 1 says" {
	mut '.execution.hardTimeoutSeconds = 60.0 | .measurement.sampling.maxRelativeStdDev = 1e-2 | .measurement.metricScale = "1000" | .execution.determinism.seedDerivation.fixedSeed = "18446744073709551615" | .environment.sandbox.cpus = 2'
	sed -i 's/"maxRelativeStdDev": 0.01/"maxRelativeStdDev": 1e-2/; s/"hardTimeoutSeconds": 60/"hardTimeoutSeconds": 60.0/' "$BATS_TEST_TMPDIR/p.json"
	grep -q '1e-2' "$BATS_TEST_TMPDIR/p.json"
	run or-protocol fmt "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_output --partial '"hardTimeoutSeconds": 60,'
	assert_output --partial '"maxRelativeStdDev": 0.01,'
	assert_output --partial '"metricScale": 1000,'
	assert_output --partial '"fixedSeed": "18446744073709551615",'
	assert_output --partial '"cpus": "2",'
	mut '.measurement.sampling.measuredTrials = 3'
	sed -i 's/"measuredTrials": 3/"measuredTrials": 3.0/' "$BATS_TEST_TMPDIR/p.json"
	grep -q '3.0' "$BATS_TEST_TMPDIR/p.json"
	run or-protocol fmt "$BATS_TEST_TMPDIR/p.json"
	assert_failure 1
	assert_output --partial '"code":"protocol.type"'
	run or-protocol check -q "$BATS_TEST_TMPDIR/p.json"
	assert_output --partial '"field":"/measurement/sampling/measuredTrials","error":{"code":"protocol.type"'
}

@test "fmt -o writes atomically and reports; parity with the record" {
	cp "$D/example.json" "$BATS_TEST_TMPDIR/x.json"
	run or-protocol fmt -o "$BATS_TEST_TMPDIR/x.json" "$BATS_TEST_TMPDIR/x.json"
	assert_success
	[ "$(sfield "$output" changed)" = true ]
	a=$(or-protocol fmt -o "$BATS_TEST_TMPDIR/x.json" "$BATS_TEST_TMPDIR/x.json")
	b=$(echo "{\"file\":\"$BATS_TEST_TMPDIR/x.json\",\"out\":\"$BATS_TEST_TMPDIR/x.json\"}" | or-protocol fmt)
	[ "$a" = "$b" ]
	[ "$(sfield "$a" changed)" = false ]
	run sh -c "echo '{\"file\":\"$D/example.json\"}' | or-protocol fmt"
	assert_failure 1
	assert_output --partial protocol.no_out
	run sh -c "echo '{\"file\":\"$D/example.json\",\"out\":\"-\"}' | or-protocol fmt"
	assert_failure 1
	assert_output --partial "is for argument mode"
}

@test "get: fields with defaults applied, as JSON" {
	jq 'del(.measurement.sampling, .measurement.metricScale, .miningLoop, .execution.determinism, .measurement.minScoreImprovementBips)' \
	    "$D/example.json" > "$BATS_TEST_TMPDIR/p.json"
	g() { or-protocol get "$BATS_TEST_TMPDIR/p.json" "$1" | jq -c .value; }
	[ "$(g /measurement/sampling/measuredTrials)" = 5 ]
	[ "$(g /measurement/sampling/warmupTrials)" = 1 ]
	[ "$(g /measurement/sampling/aggregator)" = '"median"' ]
	[ "$(g /measurement/sampling/maxRelativeStdDev)" = 0.1 ]
	[ "$(g /measurement/metricScale)" = 1000000 ]
	[ "$(g /measurement/minScoreImprovementBips)" = 100 ]
	[ "$(g /miningLoop/maxTrials)" = 50 ]
	[ "$(g /miningLoop/stopAfterSuccessfulPr)" = true ]
	[ "$(g /miningLoop/maxSessionWallSeconds)" = null ]
	[ "$(g /execution/determinism/seedDerivation/mode)" = '"none"' ]
	[ "$(g /execution/determinism/seedDerivation/sourcePaths)" = '["src/**"]' ]
	[ "$(g /measurement/primaryMetric/extract/stream)" = '"stdout"' ]
	[ "$(g /measurement/primaryMetric/deterministic)" = true ]
	[ "$(g /environment/constraints/noNewDependencies)" = true ]
	[ "$(g /safety/crashStatus)" = '"discard"' ]
	run or-protocol get "$BATS_TEST_TMPDIR/p.json" /nope
	assert_failure 1
	assert_output --partial protocol.unknown_field
	run or-protocol get "$BATS_TEST_TMPDIR/p.json" 'nope'
	assert_output --partial extract.bad_pointer
	[ "$(g /mutableSurface/allowedGlobs/0)" = '"src/**"' ]
	run or-protocol get "$BATS_TEST_TMPDIR/p.json" /mutableSurface/allowedGlobs/00
	assert_failure 1
	assert_output --partial protocol.unknown_field
	a=$(or-protocol get "$BATS_TEST_TMPDIR/p.json" /meta/archetype)
	b=$(echo "{\"file\":\"$BATS_TEST_TMPDIR/p.json\",\"pointer\":\"/meta/archetype\"}" | or-protocol get)
	[ "$a" = "$b" ]
}

@test "scaffold: a draft becomes a skeleton that passes check after the obvious fills" {
	cat > "$BATS_TEST_TMPDIR/d.json" <<'J'
{"schemaKind":"discoveryDraft","protocolVersion":"1.1","meta":{"archetypeGuess":"benchmark_opt","purposeStatementGuess":"Fewer comparisons."},
 "environment":{"setupCommandsGuess":["make build"]},"execution":{"commandGuess":"./build/bench data/suite.txt","cwdGuess":"."},
 "measurement":{"metricGuess":{"name":"comparisons","direction":"minimize","extractGuess":{"kind":"regex","pattern":"^comparisons: ([0-9]+)$","exampleStdout":"comparisons: 5\n"}}},
 "mutableSurface":{"allowedGlobsGuess":["src/**"],"immutableHarnessPathsGuess":["bench/**","data/**","Makefile"]},"blockers":[]}
J
	run or-protocol check "$BATS_TEST_TMPDIR/d.json"
	assert_success
	or-protocol scaffold -o "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/d.json"
	run or-protocol check -q "$BATS_TEST_TMPDIR/s.json"
	assert_failure 1
	assert_output --partial '/immutableHarness/rationale'
	jq '.immutableHarness.rationale = "The driver and its data." | .meta.eligibility = "eligible"' "$BATS_TEST_TMPDIR/s.json" > "$BATS_TEST_TMPDIR/f.json"
	run or-protocol check --repo "$REPO" --eligible "$BATS_TEST_TMPDIR/f.json"
	assert_success
	# every default is written out
	[ "$(jq .measurement.sampling.measuredTrials "$BATS_TEST_TMPDIR/s.json")" = 5 ]
	[ "$(jq -r .execution.determinism.seedDerivation.envVar "$BATS_TEST_TMPDIR/s.json")" = ARAH_TRIAL_SEED ]
	run or-protocol scaffold "$D/example.json"
	assert_failure 1
	assert_output --partial protocol.not_draft
	echo '{"schemaKind":"discoveryDraft","protocolVersion":"1.1","meta":{}}' > "$BATS_TEST_TMPDIR/bad.json"
	run or-protocol check -q "$BATS_TEST_TMPDIR/bad.json"
	assert_output --partial '"field":"/meta/archetypeGuess"'
	assert_output --partial '"field":"/blockers"'
}

@test "render: program.md names the metric, the mutable files and the harness" {
	run or-protocol render "$D/example.json"
	assert_success
	assert_output --partial 'Minimize the metric `comparisons`'
	assert_output --partial '- `src/**`'
	assert_output --partial '- `src/vendor/**`'
	assert_output --partial '- `bench/**`'
	assert_output --partial 'make build'
	assert_output --partial 'at least 50 basis points'
}

@test "-o never writes through a link nor replaces a FIFO, a folder or a device" {
	cd "$BATS_TEST_TMPDIR"
	ln -s target.md link.md
	run or-protocol render "$D/example.json" -o link.md
	assert_failure 1
	assert_output --partial '"code":"file.not_regular"'
	[ -L link.md ] && [ ! -e target.md ]
	mkfifo fifo
	run timeout 10 or-protocol fmt "$D/example.json" -o fifo
	assert_failure 1
	assert_output --partial '"code":"file.not_regular"'
	[ -p fifo ]
	mkdir dir
	run or-protocol fmt "$D/example.json" -o dir
	assert_failure 1
	[ -d dir ]
	run or-protocol fmt "$D/example.json" -o nodir/x.json
	assert_failure 1
	assert_output --partial '"code":"file.write"'
	[ ! -e nodir ]
	ls -A | grep -v -e '^link.md$' -e '^fifo$' -e '^dir$' && return 1
	run or-protocol fmt "$D/example.json" -o out.json
	assert_success
	cmp out.json <(or-protocol fmt "$D/example.json")
}

@test "options after the verb's operands" {
	a=$(or-protocol -q check "$D/example.json")
	b=$(or-protocol check "$D/example.json" -q)
	[ -n "$a" ]
	[ "$a" = "$b" ]
	run or-protocol check "$D/example.json" --eligible
	assert_failure 1
	assert_output --partial '"eligible":true'
	run or-protocol fmt "$D/example.json" -o "$BATS_TEST_TMPDIR/f.json"
	assert_success
	cmp "$BATS_TEST_TMPDIR/f.json" <(or-protocol fmt "$D/example.json")
	run or-protocol check "$D/example.json" --nope
	assert_failure 2
}

@test "usage, terminal stdin, unreadable files, --help and --version" {
	run or-protocol
	assert_failure 2
	run or-protocol frob x
	assert_failure 2
	run or-protocol check --output x "$D/example.json"
	assert_failure 2
	run or-protocol get "$D/example.json"
	assert_failure 2
	run script -qec "or-protocol check" /dev/null
	assert_output --partial 'give FILE, or pipe JSON lines'
	run or-protocol check /nonexistent.json
	assert_failure 1
	assert_output --partial '"code":"file.open"'
	echo '{"a":1,"a":2}' > "$BATS_TEST_TMPDIR/dup.json"
	run or-protocol check "$BATS_TEST_TMPDIR/dup.json"
	assert_output --partial json.duplicate_key
	run or-protocol --version
	assert_output 'or-protocol 0.1.0'
	run or-protocol --help
	assert_success
	run sh -c "or-protocol check $D/example.json > /dev/full"
	assert_failure 3
}

@test "the example of or-protocol(5) passes check" {
	MANWIDTH=200 man -l "$OR_TOP/man/or-protocol.5" 2>/dev/null |
	    awk '/^EXAMPLES/ { on = 1; next } /^SEE ALSO/ { on = 0 } on' |
	    sed -n '/^ *{/,/^ *"safety"/p' > "$BATS_TEST_TMPDIR/m.json"
	[ "$(jq -r .schemaKind "$BATS_TEST_TMPDIR/m.json")" = protocol ]
	run or-protocol check "$BATS_TEST_TMPDIR/m.json"
	assert_success
}

@test "check: argument mode writes what the piped record gives (error objects without line)" {
	mut '.meta.archetype = "x" | .safety.crashStatus = "y"'
	a=$(or-protocol check -q "$BATS_TEST_TMPDIR/p.json" || true)
	b=$(echo "{\"file\":\"$BATS_TEST_TMPDIR/p.json\"}" | or-protocol check -q || true)
	[ "$(echo "$b" | jq -c '.error.line')" = "$(printf '1\n1\n1')" ]
	[ "$a" = "$(echo "$b" | jq -c 'del(.error.line)')" ]
	a=$(or-protocol check "$D/example.json")
	b=$(echo "{\"file\":\"$D/example.json\"}" | or-protocol check)
	[ "$a" = "$b" ]
	# one record per line in, in order, an error record passed through
	run sh -c "printf '%s\n' '{\"file\":\"$D/example.json\"}' '{\"error\":{\"code\":\"x.y\"}}' '{\"file\":\"$BATS_TEST_TMPDIR/p.json\"}' | or-protocol check -q"
	assert_failure 1
	[ "$(echo "$output" | grep -vc protocolProblem)" -eq 3 ]
	[ "$(echo "$output" | sed -n 2p)" = '{"error":{"code":"x.y"}}' ]
}

@test "injected write, close and malloc failures exit 3; a closed stdout too" {
	for fault in write:1:ENOSPC write:1:EIO close:1:EIO; do
		run inject $fault or-protocol check "$D/example.json"
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
		assert_output --partial "or-protocol: error: write error on 'stdout'"
	done
	run sh -c "or-protocol get $D/example.json /meta/archetype >&-"
	assert_failure 3
	# ASan owns malloc: the allocation faults run on the plain build only
	[ "${OR_SAN:-}" != 1 ] || return 0
	n=0
	for verb in check fmt render; do
		for k in $(seq 0 9 300); do
			inject malloc:$k or-protocol $verb "$D/example.json" >/dev/null 2>&1 && rc=0 || rc=$?
			case $rc in 0|3) ;; *) echo "$verb malloc:$k: status $rc"; return 1 ;; esac
			n=$((n + 1))
		done
	done
	[ "$n" -eq 102 ]
}

@test "one placement rule: options after operands, a typo'd verb gets a hint, no silent wait at a terminal" {
	run or-protocol check "$D/example.json" --repo "$REPO" -e
	assert_success
	assert_output --partial '"verdict":"eligible"'
	run or-protocol get "$D/example.json" /execution/command -q
	assert_success
	assert_output --partial '"pointer":"/execution/command"'
	run or-protocol chek "$D/example.json"
	assert_failure 2
	assert_line --index 0 "or-protocol: error: unknown verb 'chek'"
	assert_line --index 1 "or-protocol: hint: did you mean 'check'?"
	run or-protocol frmt "$D/example.json"
	assert_line --index 1 "or-protocol: hint: did you mean 'fmt'?"
	run script -qec "or-protocol get" /dev/null
	assert_failure 2
	assert_output --partial 'get: give FILE POINTER, or pipe JSON lines'
	run script -qec "or-protocol render -o - $D/example.json" /dev/null
	assert_success
}
