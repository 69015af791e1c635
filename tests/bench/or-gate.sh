#!/bin/sh
# or-gate benchmark (issue 14): the static gates of `or-gate diff` on two
# 10,000-file trees that differ in 100 files, against `git diff --no-index
# --stat` on the same trees (both read every file of both trees).
# OR_BENCH_QUICK=1 shrinks the trees for a smoke run.
set -u
. "$(dirname "$0")/lib.sh"
top=${OR_TOP:-$(pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=10000 changed=100 reps=5
if [ "${OR_BENCH_QUICK:-0}" = 1 ]; then files=1000 changed=10 reps=1; fi

mkdir -p "$tmp/base"
awk -v n="$files" -v d="$tmp/base" 'BEGIN {
	for (i = 0; i < n; i++) {
		dir = sprintf("%s/src/m%03d", d, i % 100)
		if (i < 100) system("mkdir -p " dir)
		f = sprintf("%s/f%05d.c", dir, i)
		printf "/* file %d */\nint f%d(int x)\n{\n\treturn x * %d + 1;\n}\n", i, i, i > f
		close(f)
	}
}'
cp -a "$tmp/base" "$tmp/cand"
i=0
while [ $i -lt "$changed" ]; do
	f=$(printf '%s/cand/src/m%03d/f%05d.c' "$tmp" $((i % 100)) $((i * 97 % files)))
	printf 'int g%d(void) { return %d; }\n' $i $i >> "$f"
	i=$((i + 1))
done
cat > "$tmp/p.json" <<'J'
{"mutableSurface":{"allowedGlobs":["src/**"],"forbiddenGlobs":[],"allowedKinds":["code_edit"]},
 "immutableHarness":{"paths":["bench/**"],"rationale":"r"}}
J
n=$(or-gate diff --protocol "$tmp/p.json" --base "$tmp/base" --candidate "$tmp/cand" | tail -n 1 | jq .changed)
[ "$n" = "$changed" ] || echo "bench: or-gate diff found $n changed files, not $changed" >&2
g=$(git diff --no-index --stat=200 "$tmp/base" "$tmp/cand" | grep -c '|')
[ "$g" = "$changed" ] || echo "bench: git diff found $g changed files, not $changed" >&2

ours=$(median_of $reps or-gate diff --protocol "$tmp/p.json" --base "$tmp/base" --candidate "$tmp/cand")
# git diff exits 1 when the trees differ
peer=$(median_of $reps sh -c 'git diff --no-index --stat "$1" "$2"; [ $? -eq 1 ]' x "$tmp/base" "$tmp/cand")
emit "or-gate diff, $files files, $changed changed: or-gate vs git diff --no-index --stat" ms \
    "$(ratio "$ours" 1000000)" "git diff --no-index --stat" \
    "$(ratio "$peer" 1000000)" "$(ratio "$peer" "$ours")" 1.0
