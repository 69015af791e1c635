#!/usr/bin/env bats
# or-pack: canonical archives (hashes.md section 4) against the vectors, an
# independent encoder written from the spec (tests/data/or-pack-tar.py),
# GNU tar and python's tarfile; safe unpacking against a hostile corpus.

load helpers
bats_require_minimum_version 1.5.0

setup_file() {
	export TREES="$BATS_FILE_TMPDIR/trees"
	export MODEL="$OR_TOP/tests/data/or-pack-tar.py"
	mkdir -p "$TREES"
	for v in tiny basic order; do
		sh "$VECTORS/tree-hash/make-tree.sh" "$TREES/$v" "$v" >/dev/null
	done
	export HOSTILE="$BATS_FILE_TMPDIR/hostile"
	python3 "$MODEL" hostile "$HOSTILE" > "$BATS_FILE_TMPDIR/nhostile"
}

model() { python3 "$MODEL" "$@"; }

# A tree that exercises the header rules: long paths that need the ustar
# split, names of exactly 100 bytes, sizes around the 512-byte blocks,
# executables, links up and down, non-ASCII and odd bytes in names.
mktricky() {
	d=$1
	mkdir -p "$d"
	long=$(printf 'd%.0s' $(seq 1 70))
	mkdir -p "$d/$long/$long/sub" "$d/a b/c" "$d/x"
	: > "$d/$(printf 'n%.0s' $(seq 1 100))"
	printf 'z' > "$d/$long/$long/sub/$(printf 'f%.0s' $(seq 1 60))"
	head -c 511 /dev/zero | tr '\0' a > "$d/x/511"
	head -c 512 /dev/zero | tr '\0' b > "$d/x/512"
	head -c 513 /dev/zero | tr '\0' c > "$d/x/513"
	head -c 70000 /dev/urandom > "$d/x/random"
	printf '#!/bin/sh\n' > "$d/x/run.sh"
	chmod 755 "$d/x/run.sh"
	printf 'caf\303\251\n' > "$d/a b/c/caf$(printf '\303\251').txt"
	printf 'tab\n' > "$d/a b/t$(printf '\t')ab"
	ln -s ../x/512 "$d/a b/up"
	ln -s 'c' "$d/a b/down"
	ln -s "$long" "$d/deep"
	ln -s ../../x/513 "$d/$long/$long/up2"
}

# Commit everything in $1 as a fresh repository.
commit_all() {
	git -C "$1" init -q
	git -C "$1" add -A
	git -C "$1" -c user.name=t -c user.email=t@t commit -qm t
}

@test "the three vector trees: size, SHA-256 and 0G root of expected.json from commit, checkout, work tree and copy" {
	n=0
	for v in $(jq -r '.trees[].variant' "$VECTORS/tree-hash/expected.json"); do
		[ -d "$TREES/$v" ] || sh "$VECTORS/tree-hash/make-tree.sh" "$TREES/$v" "$v" >/dev/null
		exp=$(jq -c ".trees[] | select(.variant == \"$v\") | .canonicalArchive" "$VECTORS/tree-hash/expected.json")
		[ -n "$exp" ]
		cp -r "$TREES/$v" "$BATS_TEST_TMPDIR/copy-$v"
		rm -rf "$BATS_TEST_TMPDIR/copy-$v/.git"
		for src in commit dir worktree copy; do
			out=$BATS_TEST_TMPDIR/$v-$src.tar
			case $src in
			commit) r=$(or-pack pack -C "$TREES/$v" --commit HEAD -o "$out") ;;
			dir) r=$(or-pack pack "$TREES/$v" -o "$out") ;;
			worktree) r=$(cd "$TREES/$v" && or-pack pack --worktree -o "$out") ;;
			copy) r=$(or-pack pack -o "$out" "$BATS_TEST_TMPDIR/copy-$v") ;;
			esac
			[ "$(sfield "$r" root)" = "$(sfield "$exp" zgRoot)" ]
			[ "$(field "$r" size)" = "$(field "$exp" size)" ]
			[ "$(stat -c %s "$out")" = "$(field "$exp" size)" ]
			[ "$(sha256sum < "$out" | cut -d' ' -f1)" = "$(sfield "$exp" sha256)" ]
			[ "$(or-hash zg "$out" | jq -r .root)" = "$(sfield "$r" root)" ]
			n=$((n + 1))
		done
	done
	[ "$n" -eq $((4 * $(jq '.trees | length' "$VECTORS/tree-hash/expected.json"))) ]
	[ "$n" -ge 12 ]
}

@test "the worked example's first header: README.md, 000644, size 13, checksum 010440" {
	or-pack pack -C "$TREES/tiny" --commit HEAD -o "$BATS_TEST_TMPDIR/t.tar"
	h=$BATS_TEST_TMPDIR/t.tar
	[ "$(head -c 9 "$h")" = README.md ]
	hexat() { dd if="$h" bs=1 skip="$1" count="$2" 2>/dev/null | od -An -tx1 | tr -d ' \n'; }
	[ "$(hexat 100 8)" = 3030303634342000 ]	# "000644 \0"
	[ "$(dd if="$h" bs=1 skip=124 count=12 2>/dev/null)" = "00000000015 " ]
	[ "$(hexat 148 8)" = 3031303434300020 ]	# "010440\0 "
	[ "$(hexat 257 8)" = 7573746172003030 ]	# "ustar\0" "00"
	[ "$(stat -c %s "$h")" -eq 7168 ]
}

@test "a tricky tree gives the bytes of the spec model from all sources, and a pipe sink changes nothing" {
	t=$BATS_TEST_TMPDIR/tricky
	mktricky "$t"
	model build "$t" "$BATS_TEST_TMPDIR/model.tar"
	or-pack pack "$t" -o "$BATS_TEST_TMPDIR/dir.tar"
	cmp "$BATS_TEST_TMPDIR/model.tar" "$BATS_TEST_TMPDIR/dir.tar"
	commit_all "$t"
	or-pack pack -C "$t" --commit HEAD -o "$BATS_TEST_TMPDIR/commit.tar"
	cmp "$BATS_TEST_TMPDIR/model.tar" "$BATS_TEST_TMPDIR/commit.tar"
	(cd "$t/a b" && or-pack pack --worktree -o "$BATS_TEST_TMPDIR/wt.tar")
	cmp "$BATS_TEST_TMPDIR/model.tar" "$BATS_TEST_TMPDIR/wt.tar"
	# the root printed is the root of the bytes written
	r=$(or-pack pack "$t")
	[ "$(sfield "$r" root)" = "$(or-hash zg "$BATS_TEST_TMPDIR/model.tar" | jq -r .root)" ]
	[ "$(field "$r" size)" = "$(stat -c %s "$BATS_TEST_TMPDIR/model.tar")" ]
	[ "$(field "$r" entries)" = 13 ]
	# the same tree in another place, made in another order
	cp -a "$t" "$BATS_TEST_TMPDIR/again"
	rm -rf "$BATS_TEST_TMPDIR/again/.git"
	touch -d '2001-01-01' "$BATS_TEST_TMPDIR/again/x/511"
	[ "$(or-pack pack "$BATS_TEST_TMPDIR/again" | jq -r .root)" = "$(sfield "$r" root)" ]
}

@test "independent readers: GNU tar and python's tarfile list and extract the archive as packed" {
	t=$BATS_TEST_TMPDIR/tricky
	mktricky "$t"
	or-pack pack "$t" -o "$BATS_TEST_TMPDIR/a.tar"
	# python: plain ustar, fixed metadata, the links and modes
	model list "$BATS_TEST_TMPDIR/a.tar" > "$BATS_TEST_TMPDIR/list"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/list")" -eq 13 ]
	[ "$(jq -s 'map(select(.mtime != 0 or .uid != 0 or .gid != 0 or .uname != "" or .gname != "" or .pax != 0)) | length' "$BATS_TEST_TMPDIR/list")" = 0 ]
	[ "$(jq -r 'select(.path == "a b/up") | .type + " " + .mode + " " + .link' "$BATS_TEST_TMPDIR/list")" = "link 777 ../x/512" ]
	[ "$(jq -r 'select(.path == "x/run.sh") | .mode' "$BATS_TEST_TMPDIR/list")" = 755 ]
	[ "$(jq -r 'select(.path == "x/513") | .mode + " " + (.size|tostring)' "$BATS_TEST_TMPDIR/list")" = "644 513" ]
	[ "$(jq -r 'select(.type == "other") | .path' "$BATS_TEST_TMPDIR/list")" = "" ]
	# GNU tar: the same names, and extraction gives the same tree hash
	tar --quoting-style=literal -tf "$BATS_TEST_TMPDIR/a.tar" | sort > "$BATS_TEST_TMPDIR/gnu"
	jq -r .path "$BATS_TEST_TMPDIR/list" | sort > "$BATS_TEST_TMPDIR/py"
	cmp "$BATS_TEST_TMPDIR/gnu" "$BATS_TEST_TMPDIR/py"
	mkdir "$BATS_TEST_TMPDIR/gx"
	tar -xf "$BATS_TEST_TMPDIR/a.tar" -C "$BATS_TEST_TMPDIR/gx"
	a=$(or-hash tree --dir "$t" | jq -r .treeHash)
	[ "$(or-hash tree --dir "$BATS_TEST_TMPDIR/gx" | jq -r .treeHash)" = "$a" ]
	# or-pack unpack gives the same tree, and packs back to the same bytes
	or-pack unpack "$BATS_TEST_TMPDIR/a.tar" "$BATS_TEST_TMPDIR/ox"
	[ "$(or-hash tree --dir "$BATS_TEST_TMPDIR/ox" | jq -r .treeHash)" = "$a" ]
	or-pack pack "$BATS_TEST_TMPDIR/ox" -o "$BATS_TEST_TMPDIR/b.tar"
	cmp "$BATS_TEST_TMPDIR/a.tar" "$BATS_TEST_TMPDIR/b.tar"
	# and GNU tar's own archive of the same tree is not canonical
	(cd "$t" && tar --format=ustar --sort=name -cf "$BATS_TEST_TMPDIR/gnu.tar" --exclude=.git .)
	run or-pack unpack "$BATS_TEST_TMPDIR/gnu.tar" "$BATS_TEST_TMPDIR/nx"
	assert_failure 1
	[ ! -e "$BATS_TEST_TMPDIR/nx" ]
}

@test "unpack: folders 0755, files 0644 or 0755 whatever the umask; output fields" {
	or-pack pack -C "$TREES/tiny" --commit HEAD -o "$BATS_TEST_TMPDIR/t.tar"
	run sh -c "umask 077 && or-pack unpack '$BATS_TEST_TMPDIR/t.tar' '$BATS_TEST_TMPDIR/u'"
	assert_success
	assert_output "{\"path\":\"$BATS_TEST_TMPDIR/t.tar\",\"dir\":\"$BATS_TEST_TMPDIR/u\",\"entries\":7,\"bytes\":67}"
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/u")" = 755 ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/u/src/vendor")" = 755 ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/u/README.md")" = 644 ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/u/bench/eval.sh")" = 755 ]
	[ "$(readlink "$BATS_TEST_TMPDIR/u/src/link.py")" = train.py ]
	# from a pipe named as a file
	run bash -c "or-pack unpack <(cat '$BATS_TEST_TMPDIR/t.tar') '$BATS_TEST_TMPDIR/viapipe'"
	assert_success
	[ -L "$BATS_TEST_TMPDIR/viapipe/src/link.py" ]
	run bash -c "or-pack unpack --max-bytes 10 --max-entries 1 <(cat '$BATS_TEST_TMPDIR/t.tar') '$BATS_TEST_TMPDIR/vp2'"
	assert_failure 1
	assert_output --partial '"code":"tar.too_large"'
	# from stdin, into an existing empty folder
	mkdir "$BATS_TEST_TMPDIR/empty"
	or-pack unpack - "$BATS_TEST_TMPDIR/empty" < "$BATS_TEST_TMPDIR/t.tar"
	[ -f "$BATS_TEST_TMPDIR/empty/src/train.py" ]
}

@test "the hostile corpus: every archive refused with its own code, nothing left behind" {
	n=0
	mkdir "$BATS_TEST_TMPDIR/p"
	for f in "$HOSTILE"/*.tar; do
		b=$(basename "$f" .tar)
		want=${b%%--*}
		out=$(or-pack -q unpack "$f" "$BATS_TEST_TMPDIR/p/dst") && rc=0 || rc=$?
		got=$(printf '%s\n' "$out" | jq -r .error.code)
		[ "$rc" -eq 1 ] || { echo "$b: status $rc"; return 1; }
		[ "$got" = "$want" ] || { echo "$b: got $got: $out"; return 1; }
		[ -z "$(ls -A "$BATS_TEST_TMPDIR/p")" ] || { echo "$b: left $(ls -A "$BATS_TEST_TMPDIR/p")"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -eq "$(cat "$BATS_FILE_TMPDIR/nhostile")" ]
	[ "$n" -ge 50 ]
}

@test "the hostile corpus is refused by pack's rules too: no archive with these entries can be made" {
	# the rules live in one place: a tree on disk with an escaping link
	d=$BATS_TEST_TMPDIR/esc
	mkdir -p "$d/d"
	ln -s .. "$d/d/up"
	ln -s d/up/.. "$d/e"
	run or-pack pack "$d" -o "$BATS_TEST_TMPDIR/out.tar"
	assert_failure 1
	assert_output --partial '"code":"tar.link_escape"'
	[ ! -e "$BATS_TEST_TMPDIR/out.tar" ]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep '\.tmp\.')" ]
	rm "$d/e"
	ln -s /etc/passwd "$d/abs"
	run or-pack pack "$d"
	assert_output --partial '"code":"tar.link_absolute"'
	rm "$d/abs"
	ln -s ../../x "$d/d/out"
	run or-pack pack "$d"
	assert_output --partial '"code":"tar.link_escape"'
	rm "$d/d/out"
	mkdir "$d/sub" && mkdir "$d/sub/.GIT" && : > "$d/sub/.GIT/x"
	run or-pack pack "$d"
	assert_output --partial '"code":"tar.git_component"'
	rm -rf "$d/sub"
	mkfifo "$d/fifo"
	run or-pack pack "$d"
	assert_output --partial '"code":"tree.unsupported_entry"'
	rm "$d/fifo"
	# a file of 8 GiB (sparse) is refused before it is read
	truncate -s 8G "$d/big"
	run or-pack pack "$d"
	assert_output --partial '"code":"tar.file_too_large"'
	rm "$d/big"
	# a path that no ustar header can hold
	mkdir -p "$d/$(printf 'p%.0s' $(seq 1 160))"
	: > "$d/$(printf 'p%.0s' $(seq 1 160))/f"
	run or-pack pack "$d"
	assert_output --partial '"code":"tar.path_too_long"'
	rm -rf "$d/pp"*
	# a link target longer than 100 bytes
	ln -s "$(printf 'q%.0s' $(seq 1 101))" "$d/longlink"
	run or-pack pack "$d"
	assert_output --partial '"code":"tar.link_too_long"'
	rm "$d/longlink"
	run or-pack pack "$d"
	assert_success
}

@test "names that are not UTF-8: packed as raw bytes, messages stay valid JSON" {
	d=$BATS_TEST_TMPDIR/latin
	mkdir "$d"
	printf 'x' > "$d/$(printf 'caf\351')"
	printf 'y' > "$d/$(printf '\377')"
	or-pack pack "$d" -o "$BATS_TEST_TMPDIR/l.tar"
	model build "$d" "$BATS_TEST_TMPDIR/m.tar"
	cmp "$BATS_TEST_TMPDIR/l.tar" "$BATS_TEST_TMPDIR/m.tar"
	or-pack unpack "$BATS_TEST_TMPDIR/l.tar" "$BATS_TEST_TMPDIR/lx"
	[ "$(cat "$BATS_TEST_TMPDIR/lx/$(printf 'caf\351')")" = x ]
	# a duplicate of a latin-1 name: the error names it with U+FFFD
	python3 -c '
import sys, importlib.util as u
s = u.spec_from_file_location("m", sys.argv[1]); m = u.module_from_spec(s); s.loader.exec_module(m)
e = m.entry_file(b"caf\xe9", b"x")
open(sys.argv[2], "wb").write(e + e + m.END)
' "$MODEL" "$BATS_TEST_TMPDIR/dup.tar"
	run or-pack -q unpack "$BATS_TEST_TMPDIR/dup.tar" "$BATS_TEST_TMPDIR/dx"
	assert_failure 1
	[ "$(printf '%s\n' "$output" | jq -r .error.code)" = tar.duplicate ]
	printf '%s\n' "$output" | jq -r .error.message | grep -q "caf$(printf '\357\277\275')"
	run or-pack -q unpack "$BATS_TEST_TMPDIR/$(printf '\377').tar" "$BATS_TEST_TMPDIR/dx"
	[ "$(printf '%s\n' "$output" | jq -r .path)" = "$BATS_TEST_TMPDIR/$(printf '\357\277\275').tar" ]
}

@test "mutated archives: refused without leftovers, or accepted and packed back to the same bytes" {
	or-pack pack -C "$TREES/tiny" --commit HEAD -o "$BATS_TEST_TMPDIR/t.tar"
	mkdir "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/p"
	python3 -c '
import random, sys
src = open(sys.argv[1], "rb").read()
rnd = random.Random(13)
for i in range(200):
    b = bytearray(src)
    for _ in range(rnd.choice([1, 1, 2, 4])):
        k = rnd.randrange(len(b))
        b[k] = rnd.choice([0, 0x20, 0x2f, 0x30, 0x37, 0x61, 0xff, rnd.randrange(256)])
    if rnd.random() < 0.1:
        b = b[:rnd.randrange(len(b))]
    open("%s/%03d.tar" % (sys.argv[2], i), "wb").write(bytes(b))
' "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/m"
	n=0 ok=0
	for f in "$BATS_TEST_TMPDIR"/m/*.tar; do
		if or-pack -q unpack "$f" "$BATS_TEST_TMPDIR/p/d" > /dev/null; then
			or-pack pack "$BATS_TEST_TMPDIR/p/d" -o "$BATS_TEST_TMPDIR/back.tar" > /dev/null
			cmp "$f" "$BATS_TEST_TMPDIR/back.tar" || { echo "$f: accepted but not canonical"; return 1; }
			rm -rf "$BATS_TEST_TMPDIR/p/d"
			ok=$((ok + 1))
		fi
		[ -z "$(ls -A "$BATS_TEST_TMPDIR/p")" ] || { echo "$f: left $(ls -A "$BATS_TEST_TMPDIR/p")"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -eq 200 ]
	echo "accepted $ok of $n" >&3
}

@test "unpack: limits on bytes and entries, exact values pass" {
	or-pack pack -C "$TREES/tiny" --commit HEAD -o "$BATS_TEST_TMPDIR/t.tar"
	run or-pack unpack --max-entries 6 "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/a"
	assert_failure 1
	assert_output --partial '"code":"tar.too_many_entries"'
	[ ! -e "$BATS_TEST_TMPDIR/a" ]
	run or-pack unpack --max-bytes 66 "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/a"
	assert_output --partial '"code":"tar.too_large"'
	[ ! -e "$BATS_TEST_TMPDIR/a" ]
	run or-pack unpack --max-bytes 67 --max-entries 7 "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/a"
	assert_success
	# a huge declared size is refused before anything is read
	python3 -c '
import sys; sys.path.insert(0, sys.argv[1])
import importlib.util as u
s = u.spec_from_file_location("m", sys.argv[2]); m = u.module_from_spec(s); s.loader.exec_module(m)
open(sys.argv[3], "wb").write(m.header(b"big", b"0", 0o644, 8 * 2**30 - 1) + m.END)
' "$OR_TOP/tests/data" "$MODEL" "$BATS_TEST_TMPDIR/big.tar"
	run or-pack unpack "$BATS_TEST_TMPDIR/big.tar" "$BATS_TEST_TMPDIR/b"
	assert_output --partial '"code":"tar.too_large"'
	run or-pack unpack --max-bytes 8G "$BATS_TEST_TMPDIR/big.tar" "$BATS_TEST_TMPDIR/b"
	assert_output --partial '"code":"tar.truncated"'
	[ ! -e "$BATS_TEST_TMPDIR/b" ]
}

@test "operands that are not UTF-8 name their files; the output shows them as UTF-8" {
	cd "$BATS_TEST_TMPDIR"
	mkdir -p "$(printf 'u\377')/src"
	echo x > "$(printf 'u\377/src/\376.c')"
	run or-pack pack "$(printf 'u\377')" -o "$(printf 'o\377.tar')"
	assert_success
	assert_output --partial "$(printf '"dir":"u\357\277\275","output":"o\357\277\275.tar"')"
	printf '%s\n' "$output" | iconv -f UTF-8 -t UTF-8 > /dev/null
	run or-pack unpack "$(printf 'o\377.tar')" "$(printf 'x\376')"
	assert_success
	printf '%s\n' "$output" | iconv -f UTF-8 -t UTF-8 > /dev/null
	[ -f "$(printf 'x\376/src/\376.c')" ]
}

@test "unpack -: a huge --max-entries does not wrap the spool limit around" {
	or-pack pack -C "$TREES/tiny" --commit HEAD -o "$BATS_TEST_TMPDIR/t.tar"
	# (2^54 - 2 + 2) * 1024 wraps to 0 in 64 bits: the spool limit was 67
	run sh -c "or-pack unpack --max-bytes 67 --max-entries 18014398509481982 - '$BATS_TEST_TMPDIR/a' < '$BATS_TEST_TMPDIR/t.tar' | cat"
	assert_success
	assert_output --partial '"entries":7'
	run sh -c "cat '$BATS_TEST_TMPDIR/t.tar' | or-pack unpack --max-entries 18446744073709551615 - '$BATS_TEST_TMPDIR/b'"
	assert_success
}

@test "unpack: only into a fresh folder, never through a link" {
	or-pack pack -C "$TREES/basic" --commit HEAD -o "$BATS_TEST_TMPDIR/t.tar"
	mkdir "$BATS_TEST_TMPDIR/full" && : > "$BATS_TEST_TMPDIR/full/keep"
	run or-pack unpack "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/full"
	assert_failure 1
	assert_output --partial '"code":"tar.dest_exists"'
	[ "$(ls -A "$BATS_TEST_TMPDIR/full")" = keep ]
	mkdir "$BATS_TEST_TMPDIR/target"
	ln -s target "$BATS_TEST_TMPDIR/viaLink"
	run or-pack unpack "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/viaLink"
	assert_output --partial '"code":"tar.dest_exists"'
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/target")" ]
	: > "$BATS_TEST_TMPDIR/file"
	run or-pack unpack "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/file"
	assert_output --partial '"code":"tar.dest_exists"'
	run or-pack unpack "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/no/such/parent"
	assert_output --partial '"code":"tar.bad_dest"'
	run or-pack unpack "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/x"
	assert_output --partial '"code":"tar.not_a_file"'
	run or-pack unpack "$BATS_TEST_TMPDIR/missing.tar" "$BATS_TEST_TMPDIR/x"
	assert_output --partial '"code":"file.open"'
	# trailing slashes name the same folder
	run or-pack unpack "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/new//"
	assert_success
	[ -L "$BATS_TEST_TMPDIR/new/link" ]
}

@test "--worktree: tracked files as on disk, new untracked files, not ignored or deleted ones" {
	w=$BATS_TEST_TMPDIR/w
	cp -r "$TREES/tiny" "$w"
	echo 'ignored.log' > "$w/.gitignore"
	git -C "$w" add .gitignore
	git -C "$w" -c user.name=t -c user.email=t@t commit -qm ignore
	base=$(cd "$w" && or-pack pack --worktree | jq -r .root)
	[ "$base" = "$(or-pack pack -C "$w" --commit HEAD | jq -r .root)" ]
	echo new > "$w/src/new.py"
	echo noise > "$w/ignored.log"
	echo changed > "$w/README.md"
	git -C "$w" rm -q --cached src/__init__.py
	rm "$w/bench/eval.sh"
	mkdir "$w/.autoresearch" && echo x > "$w/.autoresearch/state"
	echo .autoresearch/ >> "$w/.git/info/exclude"
	(cd "$w/src" && or-pack pack --worktree -o "$BATS_TEST_TMPDIR/wt.tar")
	model list "$BATS_TEST_TMPDIR/wt.tar" | jq -r .path > "$BATS_TEST_TMPDIR/names"
	printf '%s\n' .gitignore README.md src/__init__.py src/café.py src/link.py src/new.py src/train.py src/vendor/dep.py > "$BATS_TEST_TMPDIR/want"
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/names"
	tar -xOf "$BATS_TEST_TMPDIR/wt.tar" README.md | grep -qx changed
	# the same as committing those changes
	git -C "$w" add -A
	git -C "$w" -c user.name=t -c user.email=t@t commit -qm trial
	[ "$(or-pack pack -C "$w" --commit HEAD | jq -r .root)" = "$(or-hash zg "$BATS_TEST_TMPDIR/wt.tar" | jq -r .root)" ]
	# a tracked file that became a folder: the folder's files are new
	rm "$w/src/train.py" && mkdir "$w/src/train.py" && echo z > "$w/src/train.py/z"
	(cd "$w" && or-pack pack --worktree -o "$BATS_TEST_TMPDIR/wt2.tar")
	model list "$BATS_TEST_TMPDIR/wt2.tar" | jq -r .path | grep -x 'src/train.py/z'
	! model list "$BATS_TEST_TMPDIR/wt2.tar" | jq -r .path | grep -x 'src/train.py'
	# an embedded repository among the untracked files is an error
	git init -q "$w/nested" && : > "$w/nested/f"
	run or-pack pack --worktree -C "$w"
	assert_failure 1
	assert_output --partial '"code":"tree.submodule"'
}

@test "--paths: keeps the paths of JSON-lines records, from stdin or a file" {
	recs='{"path":"src/train.py","class":"mutable"}
{"path":"bench/eval.sh","class":"immutable"}

{"path":"src/link.py","class":"mutable"}'
	r=$(printf '%s\n' "$recs" | or-pack pack -C "$TREES/tiny" --commit HEAD --paths - -o "$BATS_TEST_TMPDIR/p.tar")
	[ "$(field "$r" entries)" = 3 ]
	model list "$BATS_TEST_TMPDIR/p.tar" | jq -r .path | tr '\n' ' ' > "$BATS_TEST_TMPDIR/names"
	[ "$(cat "$BATS_TEST_TMPDIR/names")" = "bench/eval.sh src/link.py src/train.py " ]
	# the same as a folder holding just those files
	mkdir -p "$BATS_TEST_TMPDIR/sub/src" "$BATS_TEST_TMPDIR/sub/bench"
	cp -a "$TREES/tiny/src/train.py" "$TREES/tiny/src/link.py" "$BATS_TEST_TMPDIR/sub/src/"
	cp -a "$TREES/tiny/bench/eval.sh" "$BATS_TEST_TMPDIR/sub/bench/"
	[ "$(or-pack pack "$BATS_TEST_TMPDIR/sub" | jq -r .root)" = "$(sfield "$r" root)" ]
	printf '%s\r\n' "$recs" > "$BATS_TEST_TMPDIR/recs"
	[ "$(or-pack pack "$TREES/tiny" --paths "$BATS_TEST_TMPDIR/recs" | jq -r .root)" = "$(sfield "$r" root)" ]
	# errors: an unknown path, an upstream error, no path, not JSON
	run sh -c "echo '{\"path\":\"nope\"}' | or-pack pack -C '$TREES/tiny' --commit HEAD --paths -"
	assert_failure 1
	assert_output --partial '"code":"pack.path_not_found"'
	run sh -c "echo '{\"path\":\"README.md\",\"error\":{\"code\":\"x.y\"}}' | or-pack pack '$TREES/tiny' --paths -"
	assert_output --partial '"code":"pack.paths_error"'
	run sh -c "echo '{\"class\":\"mutable\"}' | or-pack pack '$TREES/tiny' --paths -"
	assert_output --partial '"code":"pack.paths_no_path"'
	run sh -c "echo 'not json' | or-pack pack '$TREES/tiny' --paths -"
	assert_output --partial '"code":"json.'
	# no records: the empty archive, two end blocks
	r=$(or-pack pack "$TREES/tiny" --paths /dev/null -o "$BATS_TEST_TMPDIR/e.tar")
	[ "$(field "$r" size)" = 1024 ]
	cmp "$BATS_TEST_TMPDIR/e.tar" <(head -c 1024 /dev/zero)
	or-pack unpack "$BATS_TEST_TMPDIR/e.tar" "$BATS_TEST_TMPDIR/e"
	[ -d "$BATS_TEST_TMPDIR/e" ]
}

@test "-o: replaces a file like >, never through a link, nothing left on failure" {
	echo old > "$BATS_TEST_TMPDIR/out.tar"
	chmod 640 "$BATS_TEST_TMPDIR/out.tar"
	or-pack pack "$TREES/basic" -o "$BATS_TEST_TMPDIR/out.tar"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/out.tar")" -eq 3584 ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/out.tar")" = 640 ]
	echo precious > "$BATS_TEST_TMPDIR/precious"
	ln -s precious "$BATS_TEST_TMPDIR/link.tar"
	run or-pack pack "$TREES/basic" -o "$BATS_TEST_TMPDIR/link.tar"
	assert_failure 1
	assert_output --partial '"code":"file.not_regular"'
	[ "$(cat "$BATS_TEST_TMPDIR/precious")" = precious ]
	mkdir "$BATS_TEST_TMPDIR/adir"
	run or-pack pack "$TREES/basic" -o "$BATS_TEST_TMPDIR/adir"
	assert_output --partial '"code":"file.not_regular"'
	# a failure after the start leaves no file and no temporary
	mkdir "$BATS_TEST_TMPDIR/o"
	run or-pack pack -C "$TREES/basic" --commit nosuchrev -o "$BATS_TEST_TMPDIR/o/x.tar"
	assert_failure 1
	assert_output --partial '"code":"tree.not_a_commit"'
	d=$BATS_TEST_TMPDIR/bad
	mkdir -p "$d" && echo a > "$d/a" && ln -s /etc "$d/z"
	run or-pack pack "$d" -o "$BATS_TEST_TMPDIR/o/x.tar"
	assert_output --partial '"code":"tar.link_absolute"'
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/o")" ]
	run sh -c "or-pack pack '$TREES/basic' -o /dev/full"
	assert_failure 1
	assert_output --partial '"code":"file.not_regular"'
}

@test "pack errors: submodule, bad commit, not a folder, not a repository" {
	r=$BATS_TEST_TMPDIR/r
	cp -r "$TREES/basic" "$r"
	git -C "$r" update-index --add --cacheinfo 160000,"$(git -C "$r" rev-parse HEAD)",sub
	git -C "$r" -c user.name=t -c user.email=t@t commit -qm sub
	run or-pack pack -C "$r" --commit HEAD
	assert_failure 1
	assert_output --partial '"code":"tree.submodule"'
	run or-pack pack -C "$r" --commit HEAD~1
	assert_success
	run or-pack pack "$BATS_TEST_TMPDIR/none"
	assert_output --partial '"code":"tree.not_a_directory"'
	run or-pack pack --worktree -C "$BATS_TEST_TMPDIR"
	assert_failure 1
	assert_output --partial '"code":"tree.git_failed"'
}

@test "usage: --help, --version, bad verbs and option mixes exit 2 before reading" {
	run or-pack --help
	assert_success
	assert_line --index 0 --partial 'usage: or-pack pack'
	[ "$(or-pack --version)" = "or-pack 0.1.0" ]
	for args in "" "zip" "pack a b" "pack a --commit HEAD" "pack --worktree --commit HEAD" \
	    "unpack a" "unpack a b c" "unpack -o x a b" "pack a --max-bytes 1G" "unpack --max-bytes 0 a b" \
	    "unpack --max-entries x a b" "pack a --repo r" "pack --bogus a"; do
		run -2 --separate-stderr or-pack $args
		[ -z "$output" ] || { echo "$args: stdout $output"; return 1; }
		echo "$stderr" | grep -q '^or-pack: error: ' || { echo "$args: $stderr"; return 1; }
	done
	# options after operands, and before the verb
	a=$(or-pack pack "$TREES/tiny" -q)
	b=$(or-pack -q pack "$TREES/tiny")
	[ "$a" = "$b" ]
}

@test "every EXAMPLES line of the man page runs in order and prints what the page shows" {
	cd "$BATS_TEST_TMPDIR"
	# "$ " lines of the literal blocks are commands, the others their output
	awk '/^\.Sh EXAMPLES/ { on = 1 } /^\.Sh SEE ALSO/ { on = 0 }
	    on && /^\.Bd -literal/ { lit = 1; next } /^\.Ed/ { lit = 0 }
	    on && lit { gsub(/\\e/, "\\"); gsub(/\\&/, ""); print }' \
	    "$OR_TOP/man/or-pack.1" > page
	sed -n 's/^\$ //p' page > script
	grep -v '^\$ ' page > want
	[ "$(wc -l < script)" -ge 12 ]
	run sh -e script
	assert_success
	[ "$output" = "$(cat want)" ] || { diff want - <<< "$output"; false; }
}

@test "records on stdin: sources, defaults from options, checked root and size, parity with arguments" {
	cd "$TREES/tiny"
	root=0x0c5409134a512aabeebe0dc5abc562056e887c0c01cc5eff6ee105daeec17b58
	a=$(or-pack pack --commit HEAD)
	b=$(echo '{"commit":"HEAD"}' | or-pack pack)
	[ "$a" = "$b" ]
	a=$(or-pack pack . -o "$BATS_TEST_TMPDIR/a.tar")
	b=$(echo '{"dir":"."}' | or-pack pack -o "$BATS_TEST_TMPDIR/a.tar")
	[ "$a" = "$b" ]
	[ "$(sfield "$a" output)" = "$BATS_TEST_TMPDIR/a.tar" ]
	a=$(or-pack pack --worktree)
	b=$(echo '{"worktree":true}' | or-pack pack)
	[ "$a" = "$b" ]
	# options are defaults for the fields a record lacks
	cd "$BATS_TEST_TMPDIR"
	run sh -c "printf '%s\n' '{\"x\":1,\"commit\":\"HEAD\"}' '{\"dir\":\"$TREES/tiny/src\"}' '{\"commit\":\"HEAD\",\"root\":\"$root\",\"size\":7168}' \
	    '{\"commit\":\"HEAD\",\"root\":\"0x00\"}' '{\"commit\":\"HEAD\",\"size\":7167,\"output\":\"$BATS_TEST_TMPDIR/m.tar\"}' \
	    '{\"dir\":\".\",\"commit\":\"HEAD\"}' '{\"path\":\"a\",\"error\":{\"code\":\"x.y\"}}' '{}' | or-pack -q pack -C '$TREES/tiny'"
	assert_failure 1
	[ "${#lines[@]}" -eq 8 ]
	[ "$(field "${lines[0]}" x)" = 1 ]
	[ "$(sfield "${lines[0]}" repo)" = "$TREES/tiny" ]
	[ "$(sfield "${lines[0]}" root)" = "$root" ]
	[ "$(sfield "${lines[1]}" repo)" = null ]
	[ "$(field "${lines[1]}" entries)" = 5 ]
	[ "$(sfield "${lines[2]}" root)" = "$root" ]
	[ "$(sfield "${lines[2]}" error)" = null ]
	[ "$(sfield "${lines[3]}" error.code)" = zg.mismatch ]
	[ "$(sfield "${lines[4]}" error.code)" = zg.mismatch ]
	[ ! -e "$BATS_TEST_TMPDIR/m.tar" ]
	[ "$(sfield "${lines[5]}" error.code)" = pack.bad_source ]
	[ "$(field "${lines[5]}" error.line)" = 6 ]
	[ "$(sfield "${lines[6]}" error.code)" = x.y ]
	[ "$(sfield "${lines[7]}" error.code)" = pack.bad_source ]
	cd "$TREES/tiny"
	# --fail-fast stops after the first failure
	run sh -c "printf '%s\n' '{}' '{\"dir\":\".\"}' | or-pack -q --fail-fast pack"
	[ "${#lines[@]}" -eq 1 ]
	# unpack records; '-' is for argument mode only
	or-pack pack . -o "$BATS_TEST_TMPDIR/t.tar"
	run sh -c "printf '%s\n' '{\"path\":\"$BATS_TEST_TMPDIR/t.tar\",\"dir\":\"$BATS_TEST_TMPDIR/r1\"}' '{\"path\":\"-\",\"dir\":\"$BATS_TEST_TMPDIR/r2\"}' '{\"dir\":\"x\"}' | or-pack -q unpack"
	assert_failure 1
	[ "$(field "${lines[0]}" entries)" = 7 ]
	[ "$(sfield "${lines[1]}" error.code)" = pack.no_input ]
	[ "$(sfield "${lines[2]}" error.code)" = pack.no_input ]
	[ -d "$BATS_TEST_TMPDIR/r1" ] && [ ! -e "$BATS_TEST_TMPDIR/r2" ]
	a=$(or-pack unpack "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/r3")
	b=$(echo "{\"path\":\"$BATS_TEST_TMPDIR/t.tar\",\"dir\":\"$BATS_TEST_TMPDIR/r4\"}" | or-pack unpack)
	[ "$(echo "$a" | jq -c 'del(.dir)')" = "$(echo "$b" | jq -c 'del(.dir)')" ]
}

@test "a terminal on stdin is no stream: --paths - and unpack - exit 2 at once" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run timeout 10 script -qec "or-pack pack '$TREES/tiny' --paths -" /dev/null
	[ "$status" -eq 2 ]
	assert_output --partial "or-pack: error: --paths -: pipe JSON lines"
	run timeout 10 script -qec "or-pack unpack - '$BATS_TEST_TMPDIR/u'" /dev/null
	[ "$status" -eq 2 ]
	assert_output --partial "or-pack: error: unpack: give FILE and DIR, or pipe"
	[ ! -e "$BATS_TEST_TMPDIR/u" ]
	for verb in pack unpack; do
		run timeout 10 script -qec "or-pack $verb" /dev/null
		[ "$status" -eq 2 ] || { echo "$verb: $status $output"; return 1; }
	done
}

@test "stdout errors: /dev/full exits 3, a closed stdout exits 3" {
	run sh -c "or-pack pack '$TREES/tiny' > /dev/full"
	assert_failure 3
	run sh -c "or-pack pack '$TREES/tiny' >&-"
	assert_failure 3
}

@test "injected write, close, read and malloc failures exit 3 with a message" {
	for fault in write:1:ENOSPC write:1:EIO close:1:EIO; do
		run inject $fault or-pack pack "$TREES/tiny"
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
		assert_output --partial "or-pack: error: write error on 'stdout'"
	done
	run inject read:0:EIO or-pack pack "$TREES/tiny" --paths - < /dev/null
	assert_failure 3
	assert_output --partial "cannot read 'stdin'"
	# ASan owns malloc: the allocation faults run on the plain build only
	[ "${OR_SAN:-}" != 1 ] || return 0
	or-pack pack "$TREES/tiny" -o "$BATS_TEST_TMPDIR/t.tar"
	want=$(or-hash tree --dir "$TREES/tiny" | jq -r .treeHash)
	n=0
	for k in $(seq 0 2 120); do
		inject malloc:$k or-pack pack "$TREES/tiny" -o "$BATS_TEST_TMPDIR/o.tar" >/dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|3) ;; *) echo "pack malloc:$k: status $rc"; return 1 ;; esac
		rm -rf "$BATS_TEST_TMPDIR/u"
		inject malloc:$k or-pack unpack "$BATS_TEST_TMPDIR/t.tar" "$BATS_TEST_TMPDIR/u" >/dev/null 2>&1 && rc=0 || rc=$?
		case $rc in 0|3) ;; *) echo "unpack malloc:$k: status $rc"; return 1 ;; esac
		# a folder is there only when it is complete (a later failure)
		[ ! -e "$BATS_TEST_TMPDIR/u" ] || [ "$(or-hash tree --dir "$BATS_TEST_TMPDIR/u" | jq -r .treeHash)" = "$want" ] ||
		    { echo "unpack malloc:$k left a partial folder"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -eq 61 ]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep -v '^[ot]\.tar$\|^u$')" ]
}
