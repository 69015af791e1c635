#!/usr/bin/env bats
# scripts/deps: idempotent, no apt-get when nothing is missing, a clear
# message (and no install attempt) when not root and something is missing.

load helpers

setup() {
	# a folder the unprivileged user can reach (bats' own are private)
	fake=$(mktemp -d /tmp/or-deps-test.XXXXXX)
	chmod 755 "$fake"
	# apt-get must not run in these tests: it records that it was called
	printf '#!/bin/sh\necho "apt-get $*" >> "%s/apt.log"\nexit 1\n' "$fake" > "$fake/apt-get"
	chmod +x "$fake/apt-get"
}

teardown() {
	rm -rf "$fake"
}

@test "with everything installed it does nothing and exits 0" {
	run env PATH="$fake:$PATH" sh "$OR_TOP/scripts/deps"
	assert_success
	[ ! -e "$fake/apt.log" ]
}

@test "not root and a package missing: names it, hints, installs nothing" {
	# dpkg-query that reports libcjson-dev as missing
	cat > "$fake/dpkg-query" <<-EOS
	#!/bin/sh
	for a; do last=\$a; done
	[ "\$last" = libcjson-dev ] && exit 1
	printf 'install ok installed'
	EOS
	chmod 755 "$fake/dpkg-query"
	# a copy, since the checkout may sit where nobody cannot read
	mkdir -p "$fake/scripts"
	cp "$OR_TOP/scripts/deps" "$fake/scripts/deps"
	chmod -R a+rX "$fake"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    env PATH="$fake:$PATH" sh "$fake/scripts/deps"
	assert_failure 1
	assert_output --partial "deps: error: missing Debian packages: libcjson-dev"
	assert_output --partial "hint:"
	[ ! -e "$fake/apt.log" ]
}

@test "an unknown option is a usage error" {
	run sh "$OR_TOP/scripts/deps" --frobnicate
	assert_failure 2
}
