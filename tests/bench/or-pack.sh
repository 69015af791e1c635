#!/bin/sh
# or-pack benchmark (issue 13): `or-pack pack --commit` of a 10,000-file
# repository against `git archive --format=tar` of the same commit, both
# writing the archive to a file; or-pack also computes the archive's 0G root
# (a keccak pass over every byte, on worker threads) and fsyncs the file, so
# the like-for-like peer is `git archive | or-hash zg -`, reported too.
# OR_BENCH_QUICK=1 shrinks the repository for a smoke run.
set -u
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=10000 reps=5
if [ "${OR_BENCH_QUICK:-0}" = 1 ]; then files=500 reps=1; fi

# a source-like tree: 100 folders, sizes from 40 bytes to about 12 KiB
mkdir "$tmp/repo"
(cd "$tmp/repo" && git init -q . &&
    awk -v n="$files" 'BEGIN {
	srand(13)
	for (i = 0; i < n; i++) {
		d = sprintf("src/m%02d", i % 100)
		if (i < 100) system("mkdir -p " d)
		f = sprintf("%s/f%05d.c", d, i)
		len = int(40 + rand() * rand() * 12000)
		s = ""
		while (length(s) < len)
			s = s sprintf("int v%d_%d = %d; /* line */\n", i, length(s), int(rand() * 100000))
		printf "%s", substr(s, 1, len) > f
		close(f)
	}
    }' && git add -A && git -c gc.auto=0 -c user.name=b -c user.email=b@b commit -qm b &&
    git gc -q)
size=$(git -C "$tmp/repo" archive --format=tar HEAD | wc -c)

# the same bytes every time, and the root is that of the bytes written
(cd "$tmp/repo" && or-pack pack --commit HEAD -o "$tmp/a.tar" > "$tmp/rec") ||
    { echo "bench: or-pack pack failed" >&2; exit 1; }
[ "$(jq -r .root "$tmp/rec")" = "$(or-hash zg "$tmp/a.tar" | jq -r .root)" ] ||
    echo "bench: or-pack root differs from or-hash zg" >&2

cd "$tmp/repo"
ours=$(median_of $reps or-pack pack --commit HEAD -o "$tmp/a.tar")
peer=$(median_of $reps git archive --format=tar -o "$tmp/g.tar" HEAD)
emit "pack --commit of $files files ($((size / 1048576)) MiB): or-pack (with 0G root) vs git archive (speed ratio)" ms \
    "$(ratio "$ours" 1000000)" "git archive --format=tar" \
    "$(ratio "$peer" 1000000)" "$(ratio "$peer" "$ours")" 1.0
# like for like: the archive and its 0G root, no file written
ours=$(median_of $reps or-pack pack --commit HEAD)
peer=$(median_of $reps sh -c 'git archive --format=tar HEAD | or-hash zg --threads 1 -')
emit "pack --commit of $files files, root only: or-pack vs git archive | or-hash zg - (speed ratio)" ms \
    "$(ratio "$ours" 1000000)" "git archive | or-hash zg -" \
    "$(ratio "$peer" 1000000)" "$(ratio "$peer" "$ours")" 1.0
