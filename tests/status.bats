#!/usr/bin/env bats
# The status view (skills/autoresearch-mine/scripts/status.sh, workflows.md
# §5) on an offline tinysort workspace mined once in setup_file: the table,
# --json, --svg (xmllint, one point per trial), torn lines, hostile text.

load helpers

S=$OR_TOP/skills/autoresearch-mine/scripts
EX=$OR_TOP/examples

setup_file() {
	local F=$BATS_FILE_TMPDIR i=1 n
	export OR_STORE=$F/store
	cp -R "$EX/tinysort/repo" "$F/src"
	mkdir -p "$F/p"
	for n in regress improve harness-edit regress; do
		cp "$EX/tinysort/patches/$n.patch" "$F/p/$i-$n.patch"
		i=$((i + 1))
	done
	dash "$S/init.sh" --protocol "$EX/tinysort/protocol.json" --tree "$F/src" --dir "$F/w" > "$F/init.out" 2>&1
	dash "$S/loop.sh" --dir "$F/w" --propose "sh $S/proposers/patches.sh $F/p" > "$F/loop.out" 2>&1 || true
}

setup() {
	W=$BATS_TEST_TMPDIR/w
	cp -R "$BATS_FILE_TMPDIR/w" "$W"
	TJ=$W/.autoresearch/mine/trials.jsonl
	[ "$(grep -c . "$TJ")" -eq 4 ] || { cat "$BATS_FILE_TMPDIR/loop.out"; false; }
}

@test "status.sh is shellcheck -s sh clean and parses under dash" {
	shellcheck -s sh -x -P "$S" "$S/status.sh"
	dash -n "$S/status.sh"
}

@test "the table: one row per trial with its decision and metric, the frontier" {
	run dash "$S/status.sh" --workspace "$W"
	assert_success
	n=0
	while read -r t; do
		id=$(printf '%s\n' "$t" | jq -r .trialId)
		d=$(printf '%s\n' "$t" | jq -r .decision)
		m=$(printf '%s\n' "$t" | jq -r '.primaryMetricValue // "-"')
		printf '%s\n' "$output" | grep -Eq "^  $id +[0-9:]+ +$d +$m "
		n=$((n + 1))
	done < "$TJ"
	[ "$n" -eq 4 ]
	best=$(jq -r 'select(.decision == "kept") | .score' "$TJ")
	printf '%s\n' "$output" | grep -Eq "^  local best +$best "
	printf '%s\n' "$output" | grep -q '^proposals'
}

@test "--json: one trial record per line of trials.jsonl, a frontier, no proposals offline" {
	run dash "$S/status.sh" --workspace "$W" --json
	assert_success
	[ "$(printf '%s\n' "$output" | jq -r 'select(.kind == "trial") | .trialId' | paste -sd, -)" = \
	    "$(jq -r .trialId "$TJ" | paste -sd, -)" ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.kind == "trial") | .metric // "null"' | paste -sd, -)" = \
	    "$(jq -r '.primaryMetricValue // "null"' "$TJ" | paste -sd, -)" ]
	[ "$(printf '%s\n' "$output" | jq -c 'select(.kind == "frontier")' | wc -l)" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.kind == "frontier") | .localBest')" = \
	    "$(jq -r 'select(.decision == "kept") | .score' "$TJ")" ]
	[ "$(printf '%s\n' "$output" | jq -c 'select(.kind == "proposal")' | wc -l)" -eq 0 ]
}

@test "--svg: well-formed, self-contained, one point per trial, axes, best-so-far, title" {
	run dash "$S/status.sh" --workspace "$W" --svg "$BATS_TEST_TMPDIR/c.svg"
	assert_success
	f=$BATS_TEST_TMPDIR/c.svg
	xmllint --noout "$f"
	[ "$(grep -c 'class="trial ' "$f")" -eq 4 ]
	# measured trials are circles (kept filled, others hollow), the rest
	# (refused, failed) marks on the axis
	[ "$(jq -r .decision "$TJ" | paste -sd, -)" = discarded,kept,refused,"$(jq -r 'select(.trialId == "t000004") | .decision' "$TJ")" ]
	[ "$(grep -c '<circle class="trial kept"[^>]*fill="blue"' "$f")" -eq 1 ]
	[ "$(grep -c '<circle class="trial [a-z_]*"[^>]*fill="white"' "$f")" -eq "$(jq -r 'select(.decision != "kept" and .primaryMetricValue != null) | .trialId' "$TJ" | wc -l)" ]
	[ "$(grep -c '<path class="trial ' "$f")" -eq "$(jq -r 'select(.primaryMetricValue == null) | .trialId' "$TJ" | wc -l)" ]
	[ "$(grep -c '<path class="trial refused"' "$f")" -ge 1 ]
	grep -q 'class="best-so-far"' "$f"
	grep -q '>trial</text>' "$f"
	grep -q '<title>comparisons (minimize)' "$f"
	! grep -Eqi '<script|href|url\(|<image' "$f"
	# no temporary file left beside it
	[ "$(ls -A "$BATS_TEST_TMPDIR" | grep -c svg)" -eq 1 ]
}

@test "a torn final line is reported and ignored; a broken line fails" {
	printf '{"trialId":"t000005","decision":"ke' >> "$TJ"
	run dash "$S/status.sh" --workspace "$W" --json
	assert_success
	assert_output --partial 'torn final line ignored'
	[ "$(printf '%s\n' "$output" | grep -c '"kind":"trial"')" -eq 4 ]
	printf 'pt\n' >> "$TJ"
	run dash "$S/status.sh" --workspace "$W"
	assert_failure 1
}

@test "hostile hypotheses stay text: escaped in the SVG, truncated in the table" {
	jq -c '.hypothesis = "<script>alert(1)</script> & \"x\" " + ("y" * 300)' "$TJ" > "$TJ.new"
	mv "$TJ.new" "$TJ"
	run dash "$S/status.sh" --workspace "$W" --svg "$BATS_TEST_TMPDIR/h.svg"
	assert_success
	xmllint --noout "$BATS_TEST_TMPDIR/h.svg"
	! grep -q '<script' "$BATS_TEST_TMPDIR/h.svg"
	COLUMNS=100 run dash "$S/status.sh" --workspace "$W"
	n=$(printf '%s\n' "$output" | awk 'length > 100' | wc -l)
	[ "$n" -eq 0 ]
}

@test "usage errors and a folder that is not a workspace" {
	run dash "$S/status.sh" --bogus
	assert_failure 2
	run dash "$S/status.sh" --svg
	assert_failure 2
	run dash "$S/status.sh" --workspace "$BATS_TEST_TMPDIR/nowhere"
	assert_failure 1
	assert_output --partial 'is not a mining workspace'
}
