#!/usr/bin/env bats
# Rules that hold across every tool (conventions.md section 3): one meaning
# per short option letter, a nearest-verb hint for a typo.

load helpers

# "L --long" for every "-L, --long" line of every tool's --help
letters() {
	for t in "$OR_TOP"/bin/or-*; do
		"$t" --help | sed -nE 's/^ +-([A-Za-z0-9]), --([a-z0-9-]+).*/\1 \2/p' |
		    sed "s|\$| ${t##*/}|"
	done
}

@test "a short option letter means the same long option in every tool" {
	# or-bench spells its output folder --out (sandbox.md): the same -o
	letters | sed 's/^o out /o output /' > "$BATS_TEST_TMPDIR/l"
	n=$(wc -l < "$BATS_TEST_TMPDIR/l")
	[ "$n" -ge 20 ]	# every tool has -h and -q at least
	clash=$(awk '{ if (($1 in m) && m[$1] != $2) print $1 ": --" m[$1] \
	    " (" t[$1] ") and --" $2 " (" $3 ")"; m[$1] = $2; t[$1] = $3 }' \
	    "$BATS_TEST_TMPDIR/l")
	[ -z "$clash" ] || { echo "$clash"; false; }
}

@test "the letter check sees a clash when there is one" {
	printf 'f file or-hash\nf from or-rpc\n' > "$BATS_TEST_TMPDIR/l"
	clash=$(awk '{ if (($1 in m) && m[$1] != $2) print $1; m[$1] = $2 }' \
	    "$BATS_TEST_TMPDIR/l")
	[ "$clash" = f ]
}

@test "a typo'd verb exits 2 and names the nearest verb" {
	run or-hash keccak < /dev/null
	assert_failure 2
	assert_line --index 0 "or-hash: error: unknown verb 'keccak'"
	assert_line --index 1 "or-hash: hint: did you mean 'keccak256'?"
	run or-abi encdoe < /dev/null
	assert_failure 2
	assert_line --index 1 "or-abi: hint: did you mean 'encode'?"
	run or-hash frobnicate < /dev/null
	assert_failure 2
	refute_output --partial "hint:"
}
