#!/usr/bin/env bats
# or-gate: path classes and their precedence, every hard-deny entry, the
# harness check, the static gates of workflows.md 4.5, and the JSON-lines
# contract.

load helpers

P=$OR_TOP/tests/data/protocol/example.json

setup() {
	T=$BATS_TEST_TMPDIR
	mkdir -p "$T/base/src" "$T/base/bench" "$T/base/data"
	printf 'int sort(void);\nint keep;\n' > "$T/base/src/sort.c"
	echo 'int main;' > "$T/base/bench/driver.c"
	echo '3 1 2' > "$T/base/data/suite.txt"
	printf 'build:\n' > "$T/base/Makefile"
	cp -a "$T/base" "$T/cand"
}

diff_() { or-gate diff --protocol "${PROTO:-$P}" --base "$T/base" --candidate "$T/cand" "$@"; }
gates() { diff_ "$@" | jq -r 'select(.kind == "gateFinding") | "\(.gate) \(.path)"'; }

@test "paths: every class, in the precedence order of workflows.md 2.3" {
	jq '.mutableSurface.allowedGlobs = ["src/**", "bench/x.c", ".idea/**"] | .mutableSurface.forbiddenGlobs = ["src/vendor/**", "bench/**"]' "$P" > "$BATS_TEST_TMPDIR/p.json"
	run or-gate paths --protocol "$BATS_TEST_TMPDIR/p.json" src/a.c src/vendor/v.c bench/x.c .idea/w.xml README other/src/a.c Makefile
	assert_success
	[ "$(echo "$output" | jq -r .class | tr '\n' ' ')" = "mutable forbidden immutable denied other other immutable " ]
	a=$(or-gate paths --protocol "$P" src/a.c)
	b=$(echo '{"path":"src/a.c"}' | or-gate paths --protocol "$P")
	[ "$a" = "$b" ]
	[ "$a" = '{"path":"src/a.c","class":"mutable"}' ]
}

@test "paths: every entry of the hard-deny list is denied, even when allowed" {
	jq '.mutableSurface.allowedGlobs = ["**"] | .immutableHarness.paths = ["bench/**"]' "$P" > "$BATS_TEST_TMPDIR/p.json"
	n=0
	for p in .git/config .gitmodules .github/workflows/ci.yml .gitlab-ci.yml .gitlab/x.yml .husky/pre-commit \
	    .envrc .envrc.local .direnv/x .vscode/tasks.json .vscode/launch.json .idea/x .autoresearch/mine/t.jsonl \
	    sitecustomize.py a/b/sitecustomize.py usercustomize.py x/usercustomize.py a.pth lib/site/x.pth; do
		[ "$(or-gate paths --protocol "$BATS_TEST_TMPDIR/p.json" "$p" | jq -r .class)" = denied ] || { echo "$p"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -eq 19 ]
	for p in .github/CODEOWNERS .vscode/settings.json .envrcx src/x.pthx; do
		[ "$(or-gate paths --protocol "$BATS_TEST_TMPDIR/p.json" "$p" | jq -r .class)" = mutable ] || { echo "$p"; return 1; }
	done
}

@test "surface: one record per tracked file, in path order, --class filters, --commit" {
	git -C "$T/base" init -q && git -C "$T/base" add -A &&
	    git -C "$T/base" -c user.name=t -c user.email=t@t commit -qm init
	echo untracked > "$T/base/src/new.c"
	run or-gate surface --protocol "$P" "$T/base"
	assert_success
	assert_output "$(printf '%s\n' '{"path":"Makefile","class":"immutable"}' '{"path":"bench/driver.c","class":"immutable"}' \
	    '{"path":"data/suite.txt","class":"immutable"}' '{"path":"src/sort.c","class":"mutable"}')"
	run or-gate surface --protocol "$P" --class mutable "$T/base"
	assert_output '{"path":"src/sort.c","class":"mutable"}'
	(cd "$T/base" && or-gate surface --protocol "$P" --commit HEAD --class immutable) > "$T/out"
	[ "$(wc -l < "$T/out")" -eq 3 ]
	a=$(or-gate surface --protocol "$P" --class mutable "$T/base")
	b=$(echo "{\"tree\":\"$T/base\",\"class\":\"mutable\"}" | or-gate surface --protocol "$P")
	[ "$a" = "$b" ]
	run or-gate surface --protocol "$P" --commit nosuchrev "$T/base"
	assert_failure 1
	assert_output --partial tree.not_a_commit
}

@test "harness: identical trees pass; bytes, mode, missing and added files are listed" {
	run or-gate harness --protocol "$P" --trusted "$T/base" --candidate "$T/cand"
	assert_success
	assert_output "{\"trusted\":\"$T/base\",\"candidate\":\"$T/cand\",\"rejects\":0,\"warnings\":0,\"passed\":true}"
	echo changed > "$T/cand/bench/driver.c"
	chmod +x "$T/cand/data/suite.txt"
	rm "$T/cand/Makefile"
	echo new > "$T/cand/bench/extra.c"
	echo fine > "$T/cand/src/sort.c"
	run or-gate harness --protocol "$P" --trusted "$T/base" --candidate "$T/cand"
	assert_failure 1
	[ "$(echo "$output" | grep -c gateFinding)" -eq 4 ]
	assert_output --partial '"path":"Makefile","severity":"reject","detail":"missing from the candidate"'
	assert_output --partial '"path":"bench/driver.c","severity":"reject","detail":"bytes differ"'
	assert_output --partial '"path":"bench/extra.c","severity":"reject","detail":"only in the candidate"'
	assert_output --partial '"path":"data/suite.txt","severity":"reject","detail":"mode 100755, trusted 100644"'
	[ "$(echo "$output" | tail -n 1 | jq -r .reason)" = "harness: Makefile" ]
}

@test "harness: a symlinked harness folder or file is tampering, a renamed file too" {
	mv "$T/cand/bench" "$T/cand/bench2"
	ln -s bench2 "$T/cand/bench"
	run or-gate harness --protocol "$P" --trusted "$T/base" --candidate "$T/cand"
	assert_failure 1
	assert_output --partial '"path":"bench","severity":"reject","detail":"a symbolic link"'
	assert_output --partial '"path":"bench/driver.c","severity":"reject","detail":"missing from the candidate: its folder '"'bench'"' is a symbolic link"'
	rm "$T/cand/bench" && mv "$T/cand/bench2" "$T/cand/bench"
	# a specific harness path below a linked folder names the link
	jq '.immutableHarness.paths = ["data/suite.txt"]' "$P" > "$T/p.json"
	mv "$T/cand/data" "$T/cand/d2" && ln -s d2 "$T/cand/data"
	run or-gate harness --protocol "$T/p.json" --trusted "$T/base" --candidate "$T/cand"
	assert_failure 1
	assert_output --partial '"path":"data/suite.txt","severity":"reject","detail":"missing from the candidate: its folder '"'data'"' is a symbolic link"'
	rm "$T/cand/data" && mv "$T/cand/d2" "$T/cand/data"
	mv "$T/cand/data/suite.txt" "$T/cand/data/suite2.txt"
	run or-gate harness --protocol "$P" --trusted "$T/base" --candidate "$T/cand"
	assert_failure 1
	assert_output --partial '"path":"data/suite.txt","severity":"reject","detail":"missing from the candidate"'
	assert_output --partial '"path":"data/suite2.txt","severity":"reject","detail":"only in the candidate"'
}

@test "harness and diff: an unreadable tree is the gate's own failure (status 3), never a finding" {
	run or-gate harness --protocol "$P" --trusted "$T/base" --candidate "$T/nope"
	assert_failure 3
	assert_output --partial '"error":{"code":"tree.'
	refute_output --partial gateFinding
	run or-gate diff --protocol "$P" --base "$T/nope" --candidate "$T/cand"
	assert_failure 3
	mkfifo "$T/cand/src/fifo"
	run or-gate diff --protocol "$P" --base "$T/base" --candidate "$T/cand"
	assert_failure 3
	assert_output --partial tree.unsupported_entry
	run or-gate diff --protocol "$T/none.json" --base "$T/base" --candidate "$T/cand"
	assert_failure 3
}

@test "diff: an empty diff passes with no finding" {
	run diff_
	assert_success
	assert_output "{\"base\":\"$T/base\",\"candidate\":\"$T/cand\",\"changed\":0,\"rejects\":0,\"warnings\":0,\"passed\":true}"
}

@test "diff: a mutable edit passes; each gate in order with its path" {
	echo 'int faster;' >> "$T/cand/src/sort.c"
	run diff_
	assert_success
	[ "$(sfield "$output" changed)" = 1 ]
	mkdir -p "$T/cand/.github/workflows" "$T/cand/src/vendor" "$T/cand/docs"
	echo x > "$T/cand/.github/workflows/ci.yml"
	echo x > "$T/cand/src/vendor/v.c"
	echo x >> "$T/cand/bench/driver.c"
	echo x > "$T/cand/docs/README"
	echo '{}' > "$T/cand/src/package.json"
	rm "$T/cand/data/suite.txt"
	run gates
	assert_output "$(printf '%s\n' 'hard_deny .github/workflows/ci.yml' 'forbidden src/vendor/v.c' \
	    'immutable bench/driver.c' 'immutable data/suite.txt' 'outside_surface .github/workflows/ci.yml' \
	    'outside_surface bench/driver.c' 'outside_surface data/suite.txt' 'outside_surface docs/README' \
	    'outside_surface src/vendor/v.c' \
	    'dependency src/package.json')"
	run diff_
	assert_failure 1
	[ "$(echo "$output" | tail -n 1 | jq -r .reason)" = "hard_deny: .github/workflows/ci.yml" ]
	[ "$(echo "$output" | tail -n 1 | jq .changed)" -eq 7 ]
	# every failure is listed: a denied path is outside the surface too
	assert_output --partial '"gate":"outside_surface","path":".github/workflows/ci.yml","severity":"reject","detail":"outside the mutable surface (class denied)"'
}

@test "diff: symlinks that are absolute, leave the tree, or point into the harness" {
	ln -s /etc/passwd "$T/cand/src/abs"
	ln -s ../../outside "$T/cand/src/up"
	ln -s ../bench/driver.c "$T/cand/src/drv"
	ln -s ../bench "$T/cand/src/benchdir"
	ln -s .. "$T/cand/src/root"
	ln -s sort.c "$T/cand/src/ok"
	run gates
	assert_output "$(printf '%s\n' 'symlink src/abs' 'symlink src/benchdir' 'symlink src/drv' 'symlink src/root' 'symlink src/up')"
}

@test "diff: a link that escapes or reaches the harness through another link" {
	mkdir -p "$T/cand/src/a/b"
	ln -s ../.. "$T/cand/src/a/b/y"
	ln -s y/../../etc/passwd "$T/cand/src/a/b/x"
	ln -s y/../Makefile "$T/cand/src/a/b/z"
	ln -s loop2 "$T/cand/src/loop1"
	ln -s loop1 "$T/cand/src/loop2"
	ln -s y/sort.c "$T/cand/src/a/b/ok"
	run gates
	assert_output "$(printf '%s\n' 'symlink src/a/b/x' 'symlink src/a/b/z' 'symlink src/loop1' 'symlink src/loop2')"
}

@test "diff: a link to a folder is checked against the harness files below that folder only" {
	mkdir -p "$T/cand/data-x" "$T/cand/data/sub"
	echo 1 > "$T/cand/data-x/f"
	echo 2 > "$T/cand/data/sub/g"
	echo 3 > "$T/base/data0"
	echo 3 > "$T/cand/data0"
	ln -s ../data-x "$T/cand/src/dx"
	ln -s ../data "$T/cand/src/d"
	ln -s ../data/sub "$T/cand/src/ds"
	ln -s ../data0 "$T/cand/src/d0"
	run gates
	assert_output --partial 'symlink src/d'
	assert_output --partial 'symlink src/ds'
	refute_output --partial 'symlink src/dx'
	refute_output --partial 'symlink src/d0'
}

@test "diff: mode-only changes are in D and add no red-flag lines" {
	printf 'OR_METRIC=1\n' >> "$T/base/src/sort.c"
	cp "$T/base/src/sort.c" "$T/cand/src/sort.c"
	chmod +x "$T/cand/src/sort.c" "$T/cand/bench/driver.c"
	run gates
	assert_output "$(printf '%s\n' 'immutable bench/driver.c' 'outside_surface bench/driver.c')"
	[ "$(diff_ | tail -n 1 | jq .changed)" -eq 2 ]
}

@test "diff: dependency manifests only with noNewDependencies" {
	n=0
	for f in package.json package-lock.json npm-shrinkwrap.json pnpm-lock.yaml yarn.lock requirements.txt \
	    requirements-dev.txt constraints.txt pyproject.toml setup.py setup.cfg Pipfile Pipfile.lock poetry.lock \
	    uv.lock Cargo.toml Cargo.lock go.mod go.sum Gemfile Gemfile.lock x.gemspec composer.json composer.lock \
	    vcpkg.json conanfile.txt conanfile.py; do
		echo x > "$T/cand/src/$f"
		n=$((n + 1))
	done
	[ "$n" -eq 27 ]
	echo x > "$T/cand/src/requirements.md"
	[ "$(gates | grep -c '^dependency ')" -eq 27 ]
	jq '.environment.constraints.noNewDependencies = false' "$P" > "$T/p.json"
	PROTO=$T/p.json run gates
	assert_output ''
}

@test "diff: red flags on added lines only; block rejects, warn warns; binary files" {
	printf 'print("BASELINE_METRIC = 5")\n' >> "$T/base/src/sort.c"
	cp "$T/base/src/sort.c" "$T/cand/src/sort.c"
	printf 'x = os.environ["A"]\n' >> "$T/cand/src/sort.c"
	run diff_
	assert_success
	assert_output --partial '"gate":"red_flag_warn","path":"src/sort.c","severity":"warn"'
	refute_output --partial red_flag_block
	printf 'print("AGGREGATE_METRIC= 1")\r\n' > "$T/cand/src/new.py"
	printf '\0\1\2' > "$T/cand/src/blob.bin"
	run gates
	assert_output "$(printf '%s\n' 'red_flag_block src/new.py' 'red_flag_warn src/sort.c' 'binary_added src/blob.bin')"
	run diff_
	assert_failure 1
	# the shipped red-flags.txt gives the same findings as the built-in list
	a=$(diff_ || true)
	b=$(diff_ --red-flags "$OR_TOP/skills/autoresearch-validate/red-flags.txt" || true)
	[ -n "$a" ]
	[ "$a" = "$b" ]
	printf 'block:keep\n' > "$T/flags"
	run diff_ --red-flags "$T/flags"
	refute_output --partial '"red_flag'
	printf '# c\n\nwarn:(\n' > "$T/flags"
	run diff_ --red-flags "$T/flags"
	assert_failure 3
	assert_output --partial "line 3"
}

@test "diff: a NUL byte never hides a red flag: binary files are scanned too" {
	# a new script: the NUL marks it binary (a warning) and the flag after it still blocks
	printf '#!/bin/sh\n# \0\nBASELINE_METRIC=9\n' > "$T/cand/src/run.sh"
	# a changed file: the NUL and the flag are on added lines
	printf 'int x; /* \0 */\nOR_METRIC = 1\n' >> "$T/cand/src/sort.c"
	run gates
	assert_output "$(printf '%s\n' 'red_flag_block src/run.sh' 'red_flag_block src/sort.c' 'binary_added src/run.sh' 'binary_added src/sort.c')"
	run diff_
	assert_failure 1
	[ "$(echo "$output" | jq -r 'select(.path == "src/run.sh" and .gate == "red_flag_block") | .detail')" = \
	    "BASELINE_METRIC\\s*= on the added line 'BASELINE_METRIC=9'" ]
	# a NUL on the flagged line is shown as \0, not cut short
	printf 'a\0 AGGREGATE_METRIC=2\n' > "$T/cand/src/run.sh"
	run diff_
	[ "$(echo "$output" | jq -r 'select(.path == "src/run.sh" and .gate == "red_flag_block") | .detail')" = \
	    "AGGREGATE_METRIC\\s*= on the added line 'a\\0 AGGREGATE_METRIC=2'" ]
	# lines already in the base stay unflagged in a binary file too
	printf 'keep\0\nOR_METRIC = 1\n' > "$T/base/src/blob.bin"
	printf 'keep\0\nOR_METRIC = 1\nnew\n' > "$T/cand/src/blob.bin"
	rm "$T/cand/src/run.sh"
	cp "$T/base/src/sort.c" "$T/cand/src/sort.c"
	run gates
	assert_output 'binary_added src/blob.bin'
}

@test "diff: added lines that exhaust a red-flag pattern are a finding, not a gate error" {
	printf 'block:(a+)+b\nwarn:(x+)+y\n' > "$T/flags"
	printf '%s\n' "$(printf 'a%.0s' $(seq 60))cb" "$(printf 'x%.0s' $(seq 60))zy" > "$T/cand/src/new.c"
	run diff_ --red-flags "$T/flags"
	assert_failure 1
	assert_output --partial '"gate":"red_flag_block","path":"src/new.c","severity":"reject","detail":"(a+)+b could not be checked'
	assert_output --partial '"gate":"red_flag_warn","path":"src/new.c","severity":"warn","detail":"(x+)+y could not be checked'
}

@test "argument mode equals the piped record; usage errors" {
	echo 'int x;' >> "$T/cand/src/sort.c"
	a=$(diff_)
	b=$(echo "{\"base\":\"$T/base\",\"candidate\":\"$T/cand\"}" | or-gate diff --protocol "$P")
	[ "$a" = "$b" ]
	run or-gate diff --base a --candidate b
	assert_failure 2
	run or-gate paths --protocol "$P" --base x
	assert_failure 2
	run or-gate surface --protocol "$P" --class nope .
	assert_failure 2
	run script -qec "or-gate paths --protocol $P" /dev/null
	assert_output --partial 'give PATH, or pipe JSON lines'
	run or-gate --version
	assert_output 'or-gate 0.1.0'
	run sh -c "or-gate paths --protocol $P a b > /dev/full"
	assert_failure 3
	run sh -c "or-gate paths --protocol $P a b c | head -n 1"
	assert_output '{"path":"a","class":"other"}'
}

@test "paths: a path that is not as a tree holds it is an error, not a class" {
	run or-gate paths --protocol "$P" src/../Makefile ./src/a.c /src/a.c src/ src//a.c "" src/a.c
	assert_failure 1
	[ "$(printf '%s\n' "$output" | grep -c '"code":"gate.bad_path"')" -eq 6 ]
	assert_output --partial '{"path":"src/a.c","class":"mutable"}'
	refute_output --partial '"path":"src/../Makefile","class"'
	run sh -c "printf '%s\n' '{\"path\":\"src/a\\\\u0000/../../Makefile\"}' | or-gate paths --protocol $P"
	assert_failure 1
	refute_output --partial '"class"'
}

@test "globs with many '*' or '**' match in polynomial time" {
	jq '.mutableSurface.allowedGlobs = ["**/**/**/**/**/**/**/**/**/**/**/**/**/**/b", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"]' "$P" > "$T/p.json"
	deep=$(printf 'a/%.0s' $(seq 40))c
	flat=$(printf 'a%.0s' $(seq 60))c
	run timeout 20 or-gate paths --protocol "$T/p.json" "$deep" "$flat" "${deep%c}b"
	assert_success
	assert_output "$(printf '{"path":"%s","class":"%s"}\n' "$deep" other "$flat" other "${deep%c}b" mutable)"
}

@test "a glob holding a NUL character is refused, not cut short" {
	jq '.mutableSurface.allowedGlobs = ["src/**\u0000x"]' "$P" > "$T/p.json"
	run or-gate paths --protocol "$T/p.json" src/a.c
	assert_failure 3
	assert_output --partial 'a glob with a NUL character'
	refute_output --partial '"class"'
}

@test "options after the verb's operands, and -- before an operand that starts with -" {
	run or-gate paths src/a.c --protocol "$P" -q
	assert_success
	assert_output '{"path":"src/a.c","class":"mutable"}'
	run or-gate surface "$T/base" --class immutable --protocol "$P"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	run or-gate paths --protocol "$P" -- -x src/b.c
	assert_output "$(printf '%s\n' '{"path":"-x","class":"other"}' '{"path":"src/b.c","class":"mutable"}')"
	run or-gate paths a --bogus --protocol "$P"
	assert_failure 2
	assert_output --partial "'--bogus'"
	run or-gate diff --base "$T/base" extra --candidate "$T/cand" --protocol "$P"
	assert_failure 2
}

@test "the EXAMPLES of or-gate(1) and or-protocol(1) run as written" {
	# a repository holding protocol.json, and two trees inc and cand
	r=$T/repo
	cp -a "$T/base" "$r" && cp "$P" "$r/protocol.json"
	git -C "$r" init -q && git -C "$r" add -A &&
	    git -C "$r" -c user.name=t -c user.email=t@t commit -qm init
	cp -a "$T/base" "$r/inc" && cp -a "$T/base" "$r/cand"
	echo 'int x;' >> "$r/cand/src/sort.c"
	n=0
	for page in or-gate or-protocol; do
		MANWIDTH=200 man -l "$OR_TOP/man/$page.1" 2>/dev/null |
		    awk '/^EXAMPLES/ { on = 1; next } /^SEE ALSO/ { on = 0 } on' |
		    sed -n 's/^ *\(or-[a-z]* .*\)$/\1/p' > "$T/ex"
		while IFS= read -r cmd; do
			(cd "$r" && sh -c "$cmd") > "$T/out" 2>&1 ||
			    { echo "failed: $cmd"; cat "$T/out"; return 1; }
			[ -s "$T/out" ] || { echo "no output: $cmd"; return 1; }
			n=$((n + 1))
		done < "$T/ex"
	done
	[ "$n" -eq 6 ]
}

@test "injected write and malloc failures exit 3; a closed stdout too" {
	echo 'int x;' >> "$T/cand/src/sort.c"
	for fault in write:1:ENOSPC close:1:EIO; do
		run inject $fault or-gate diff --protocol "$P" --base "$T/base" --candidate "$T/cand"
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
	done
	run sh -c "or-gate paths --protocol $P a >&-"
	assert_failure 3
	[ "${OR_SAN:-}" != 1 ] || return 0
	n=0
	for k in $(seq 0 9 300); do
		inject malloc:$k or-gate diff --protocol "$P" --base "$T/base" --candidate "$T/cand" >/dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|3) ;; *) echo "malloc:$k: status $rc"; return 1 ;; esac
		n=$((n + 1))
	done
	[ "$n" -eq 34 ]
}

@test "one placement rule: options after operands, a typo'd verb gets a hint, surface runs at a terminal" {
	run or-gate paths src/sort.c --protocol "$P"
	assert_success
	assert_output '{"path":"src/sort.c","class":"mutable"}'
	run or-gate paths --protocol "$P" -- -x
	assert_output '{"path":"-x","class":"other"}'
	run or-gate pathz --protocol "$P" src/sort.c
	assert_failure 2
	assert_line --index 0 "or-gate: error: unknown verb 'pathz'"
	assert_line --index 1 "or-gate: hint: did you mean 'paths'?"
	run or-gate suface --protocol "$P"
	assert_failure 2
	assert_line --index 1 "or-gate: hint: did you mean 'surface'?"
	# surface needs nothing from stdin: at a terminal it walks "."
	cd "$T/base"
	run script -qec "or-gate surface --protocol $P --class immutable" /dev/null
	assert_success
	assert_output --partial '{"path":"bench/driver.c","class":"immutable"}'
	run script -qec "or-gate diff --protocol $P" /dev/null
	assert_failure 2
	assert_output --partial 'diff: give --base and --candidate, or pipe JSON lines'
}
