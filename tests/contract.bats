#!/usr/bin/env bats
# The command-line contract every or-* tool shares (conventions.md sections
# 3 and 9), checked on each tool found in bin/.

load helpers

tools() { for t in "$OR_TOP"/bin/or-*; do basename "$t"; done; }

@test "every tool has a man page, a bats file, --help and --version" {
	for t in $(tools); do
		[ -f "$OR_TOP/man/$t.1" ] || { echo "$t: no man page"; return 1; }
		ls "$OR_TOP"/tests/*"${t#or-}"*.bats >/dev/null || { echo "$t: no tests"; return 1; }
		out=$($t --help) || { echo "$t --help failed"; return 1; }
		case $out in "usage: $t"*) ;; *) echo "$t: --help does not start with usage"; return 1 ;; esac
		[ "$($t --version)" = "$t 0.1.0" ] || { echo "$t --version"; return 1; }
	done
}

@test "every tool's --help agrees with its man page" {
	run sh "$OR_TOP/scripts/help-parity" $(tools)
	assert_success
}

@test "an unknown option is a usage error: exit 2, message and synopsis on stderr, nothing on stdout" {
	for t in $(tools); do
		out=$($t --no-such-option </dev/null 2>"$BATS_TEST_TMPDIR/err") && rc=0 || rc=$?
		[ "$rc" -eq 2 ] || { echo "$t: status $rc"; return 1; }
		[ -z "$out" ] || { echo "$t: wrote to stdout: $out"; return 1; }
		head -n 1 "$BATS_TEST_TMPDIR/err" | grep -q "^$t: error: " ||
		    { echo "$t: stderr: $(cat "$BATS_TEST_TMPDIR/err")"; return 1; }
		grep -q "^usage: $t" "$BATS_TEST_TMPDIR/err" ||
		    { echo "$t: no synopsis on stderr"; return 1; }
	done
}

@test "man pages have the sections conventions.md section 9 requires" {
	for t in $(tools); do
		for s in NAME SYNOPSIS DESCRIPTION INPUT OUTPUT ENVIRONMENT "EXIT STATUS" DIAGNOSTICS EXAMPLES "SEE ALSO"; do
			grep -q "^\.Sh $s\$" "$OR_TOP/man/$t.1" || { echo "$t: no $s"; return 1; }
		done
	done
}

@test "no tool links what it must not: or-sign no libcurl, only or-sandbox libseccomp" {
	for t in $(tools); do
		libs=$(ldd "$OR_TOP/bin/$t")
		case $t in or-sign) ! echo "$libs" | grep -q libcurl || { echo "or-sign links libcurl"; return 1; } ;; esac
		case $t in or-sandbox) ;; *) ! echo "$libs" | grep -q libseccomp || { echo "$t links libseccomp"; return 1; } ;; esac
	done
}
