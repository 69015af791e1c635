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

@test "every tool with verbs names the nearest verb for a typo" {
	for tv in or-hash:sha265:sha256 or-abi:selecter:selector \
	    or-sign:decod:decode or-rpc:blocknumber:block-number \
	    or-gate:pathz:paths or-protocol:chek:check \
	    or-bench:compair:compare or-pack:pak:pack or-put0g:gett:get; do
		IFS=: read -r tool typo verb <<< "$tv"
		run "$tool" "$typo" < /dev/null
		assert_failure 2
		assert_line --index 1 "$tool: hint: did you mean '$verb'?"
	done
}

@test "at a terminal a verb that needs input exits 2 naming it, in every tool" {
	command -v script > /dev/null || skip "script(1) is missing"
	for tv in "or-hash tree:tree" "or-rpc balance:balance" \
	    "or-pack pack:pack" "or-put0g get:get" "or-sign tx:tx" \
	    "or-abi encode:encode"; do
		cmd=${tv%%:*} verb=${tv#*:}
		run script -qec "$cmd" /dev/null < /dev/null
		assert_equal "$status" 2
		assert_output --partial "error: $verb: "
	done
}
