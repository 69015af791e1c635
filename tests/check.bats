#!/usr/bin/env bats
# The build and test scripts: the vector copy check, make's aliases, help
# parity without man, and a sanitizer build that leaves the tree clean.

load helpers

setup() {
	a=$BATS_TEST_TMPDIR/copy b=$BATS_TEST_TMPDIR/orig
	cp -r "$OR_TOP/tests/vectors" "$a"
	cp -r "$OR_TOP/tests/vectors" "$b"
}

@test "check-vectors: equal folders pass and say how many files" {
	run sh "$OR_TOP/scripts/check-vectors" "$a" "$b"
	assert_success
	n=$(find "$b" -type f | wc -l)
	[ "$n" -ge 10 ]
	assert_output --partial "$n files in"
}

@test "check-vectors: one changed byte fails and names the file" {
	f=$(find "$a" -name 'keccak.tsv')
	printf 'x' | dd of="$f" bs=1 seek=5 conv=notrunc status=none
	run sh "$OR_TOP/scripts/check-vectors" "$a" "$b"
	assert_failure 1
	assert_output --partial "'keccak.tsv' differs"
	refute_output --partial "zg-roots.json"
}

@test "check-vectors: a missing and an extra file are both named" {
	rm "$a"/keystore/password-ec554
	echo extra > "$a/extra.tsv"
	run sh "$OR_TOP/scripts/check-vectors" "$a" "$b"
	assert_failure 1
	assert_output --partial "'keystore/password-ec554' is missing"
	assert_output --partial "'extra.tsv' is in"
}

@test "check-vectors: with no original beside the checkout the copy stands" {
	run sh "$OR_TOP/scripts/check-vectors" "$a" "$BATS_TEST_TMPDIR/none"
	assert_success
	assert_output --partial "using the copy"
}

@test "the project's copy equals ../shared/vectors when it is there" {
	[ -d "$OR_TOP/../shared/vectors" ] || skip "no ../shared/vectors beside this checkout"
	run sh "$OR_TOP/scripts/check-vectors"
	assert_success
}

@test "make test is make check (dry run names the same recipe)" {
	cd "$OR_TOP"
	want=$(make -n check VECTORS=x 2>/dev/null | grep 'scripts/check')
	got=$(make -n test VECTORS=x 2>/dev/null | grep 'scripts/check')
	[ -n "$want" ]
	[ "$got" = "$want" ]
}

@test "make without man builds and says help parity is left to make check" {
	cd "$OR_TOP"
	fake=$BATS_TEST_TMPDIR/bin
	mkdir -p "$fake"
	# a PATH with every tool but man
	for t in make cc gcc ar sh ln rm mkdir find cat grep awk sed col true; do
		p=$(command -v "$t") && ln -sf "$p" "$fake/$t"
	done
	run env PATH="$fake" make all SAN="$OR_SAN"
	assert_success
	assert_output --partial "man not found: help parity is left to make check"
}

@test "bin is ignored by git, not tracked" {
	cd "$OR_TOP"
	[ -z "$(git ls-files bin)" ]
	git check-ignore -q bin
}

@test "builds of either flavour leave nothing for git to see" {
	cd "$OR_TOP"
	[ -L bin ]
	[ -z "$(git status --porcelain -- bin build tests/fuzz)" ]
}
