#!/usr/bin/env bats
# or-put0g: the local content-addressed store (storage-0g.md section 10)
# and the JSON-lines contract.  The 0G paths are in or-put0g-zg.bats.

load helpers

gen() { "$OR_BUILD/helpers/gen-bytes" "$@"; }

setup() {
	export OR_STORE=$BATS_TEST_TMPDIR/store
	unset OR_ZG_NODES OR_ZG_INDEXER OR_STORAGE
	cd "$BATS_TEST_TMPDIR"
}

hello=0x62c5d8e26d8bb05622e88c9819283ad82e722db87816f1962ce2810ea565aae5
object() { r=${1#0x}; printf '%s/objects/%s/%s' "$OR_STORE" "${r%"${r#??}"}" "$r"; }

@test "put then get round trips sizes 1, 256, 257, 262145, 4194305 with or-hash's root" {
	n=0
	for size in 1 256 257 262145 4194305; do
		gen seq251 "$size" > "in.$size"
		want=$(or-hash zg "in.$size" | jq -r .root)
		out=$(or-put0g put "in.$size")
		[ "$(sfield "$out" root)" = "$want" ]
		[ "$(field "$out" size)" = "$size" ]
		[ "$(sfield "$out" backend)" = local ]
		run or-put0g get "$want" -o "out.$size"
		assert_success
		[ "$(sfield "$output" outcome)" = ok ]
		[ "$(field "$output" size)" = "$size" ]
		cmp "in.$size" "out.$size"
		n=$((n + 1))
	done
	[ "$n" -eq 5 ]
}

@test "the vector roots of zg-roots.json come back from put" {
	n=0
	sel='[(.sizes + .alternativeContents)[] | select(.size > 0 and .size <= 1100000)]'
	while read -r row; do
		size=$(sfield "$row" size)
		rule=$(sfield "$row" content)
		gen "$rule" "$size" > in
		[ "$(or-put0g put in | jq -r .root)" = "$(sfield "$row" root)" ]
		n=$((n + 1))
	done < <(jq -c "$sel[]" "$VECTORS/zg-roots.json")
	[ "$n" -eq "$(jq "$sel | length" "$VECTORS/zg-roots.json")" ]
	[ "$n" -ge 15 ]
}

@test "objects live under objects/xx/<root>, mode 0444, nothing left in partial/" {
	printf 'hello world' > h
	or-put0g put h > /dev/null
	f=$(object $hello)
	[ -f "$f" ]
	[ "$(stat -c %a "$f")" = 444 ]
	[ -z "$(ls -A "$OR_STORE/partial")" ]
	cmp h "$f"
}

@test "temporary files older than a day are swept by the next put; newer ones stay" {
	printf 'hello world' > h
	or-put0g put h > /dev/null
	printf x > "$OR_STORE/partial/old"
	printf x > "$OR_STORE/partial/new"
	touch -d '2 days ago' "$OR_STORE/partial/old"
	touch -d '23 hours ago' "$OR_STORE/partial/new"
	or-put0g put h > /dev/null
	[ ! -e "$OR_STORE/partial/old" ]
	[ -e "$OR_STORE/partial/new" ]
}

@test "a record's size is checked by get before anything is written" {
	printf 'a' > one
	printf 'a\0' > two
	# zero bytes at the end of the last chunk leave the root unchanged
	[ "$(or-hash zg one | jq -r .root)" = "$(or-hash zg two | jq -r .root)" ]
	r=$(or-put0g put two | jq -r .root)
	run sh -c "echo '{\"root\":\"$r\",\"size\":1,\"output\":\"out\"}' | or-put0g get"
	assert_failure 1
	assert_output --partial '"code":"store.mismatch"'
	[ ! -e out ]
	run sh -c "echo '{\"root\":\"$r\",\"size\":2,\"output\":\"out\"}' | or-put0g get"
	assert_success
	cmp two out
}

@test "a terminal on stdin without operands is a usage error, not a wait" {
	command -v script > /dev/null || skip "script(1) is not installed"
	run timeout 10 script -qec 'or-put0g put' /dev/null
	[ "$status" -eq 2 ]
	assert_output --partial 'give FILE, or pipe JSON lines'
	run timeout 10 script -qec 'or-put0g get' /dev/null
	[ "$status" -eq 2 ]
	assert_output --partial 'give ROOT'
}

@test "store location: --store, then OR_STORE, then XDG_DATA_HOME, then HOME" {
	printf 'hello world' > h
	or-put0g put --store opt h > /dev/null
	[ -f opt/objects/62/${hello#0x} ]
	OR_STORE=env or-put0g put h > /dev/null
	[ -f env/objects/62/${hello#0x} ]
	env -u OR_STORE XDG_DATA_HOME=$PWD/xdg or-put0g put h > /dev/null
	[ -f xdg/openresearch/store/objects/62/${hello#0x} ]
	env -u OR_STORE -u XDG_DATA_HOME HOME=$PWD/home or-put0g put h > /dev/null
	[ -f home/.local/share/openresearch/store/objects/62/${hello#0x} ]
}

@test "raw stdin, operands and records give the same lines; bare roots are read as 0x roots" {
	printf 'hello world' > h
	a=$(or-put0g put h)
	b=$(echo '{"path":"h"}' | or-put0g put)
	[ "$a" = "$b" ]
	run sh -c 'printf "hello world" | or-put0g put -'
	assert_output "{\"path\":\"-\",\"root\":\"$hello\",\"size\":11,\"backend\":\"local\"}"
	a=$(or-put0g has ${hello#0x})
	b=$(echo "{\"root\":\"$hello\"}" | or-put0g has)
	[ "$a" = "$b" ]
	[ "$(field "$a" present)" = true ]
	# a bare root is only an operand form
	run sh -c "echo '{\"root\":\"${hello#0x}\"}' | or-put0g has"
	assert_failure 1
	assert_output --partial '"code":"hex.no_prefix"'
	run sh -c 'echo "{\"path\":\"-\"}" | or-put0g put'
	assert_failure 1
	assert_output --partial '"code":"store.bad_path"'
}

@test "get writes atomically, only the verified bytes, and info gives the size" {
	gen affine 300000 > in
	r=$(or-put0g put in | jq -r .root)
	run or-put0g info "$r"
	assert_success
	[ "$(field "$output" size)" = 300000 ]
	[ "$(sfield "$output" backend)" = local ]
	printf old > out
	or-put0g get "$r" -o out > /dev/null
	cmp in out
	# without -o the object is only verified
	run or-put0g get "$r"
	assert_success
	assert_output "{\"root\":\"$r\",\"size\":300000,\"backend\":\"local\",\"outcome\":\"ok\"}"
	[ -z "$(ls -A . | grep tmp)" ]
}

@test "an empty input is refused and stores nothing" {
	: > empty
	run or-put0g put empty
	assert_failure 1
	assert_output --partial '"code":"zg.empty"'
	run sh -c ': | or-put0g put -'
	assert_failure 1
	assert_output --partial '"code":"zg.empty"'
	mkdir dir
	run or-put0g put dir
	assert_failure 1
	assert_output --partial '"code":"file.is_directory"'
	[ -z "$(ls -A "$OR_STORE/objects")" ]
	[ -z "$(ls -A "$OR_STORE/partial")" ]
}

@test "a record's root and size are checked before anything is stored" {
	printf 'hello world' > h
	bad=0x${hello#0x??}00
	bad=0x00${hello#0x??}
	run sh -c "echo '{\"path\":\"h\",\"root\":\"$bad\"}' | or-put0g put"
	assert_failure 1
	assert_output --partial '"code":"store.mismatch"'
	[ ! -e "$(object "$bad")" ]
	[ ! -e "$(object $hello)" ]
	[ -z "$(ls -A "$OR_STORE/partial")" ]
	run sh -c "echo '{\"path\":\"h\",\"size\":12}' | or-put0g put"
	assert_failure 1
	assert_output --partial '"code":"store.mismatch"'
	run sh -c "echo '{\"path\":\"h\",\"root\":\"$hello\",\"size\":11}' | or-put0g put"
	assert_success
}

@test "a corrupted object is quarantined, the get is unavailable (4) and writes nothing" {
	gen seq251 70000 > in
	r=$(or-put0g put in | jq -r .root)
	f=$(object "$r")
	chmod u+w "$f"
	printf 'X' | dd of="$f" bs=1 seek=1234 conv=notrunc 2> /dev/null
	run or-put0g get "$r" -o out
	assert_failure 4
	[ "$(sfield "${lines[-1]}" outcome)" = unavailable ]
	[ "$(sfield "${lines[-1]}" error.code)" = store.unavailable ]
	[ "$(sfield "${lines[-1]}" error.reason)" = corrupt_object ]
	[ ! -e out ]
	[ ! -e "$f" ]
	ls "$OR_STORE"/quarantine/"${r#0x}".* > /dev/null
	# the next get no longer finds it
	run or-put0g get "$r" -o out
	assert_failure 1
	[ "$(sfield "${lines[-1]}" outcome)" = not_found ]
	# a truncated object is caught the same way
	or-put0g put in > /dev/null
	chmod u+w "$f"
	truncate -s 100 "$f"
	run or-put0g get "$r"
	assert_failure 4
	assert_output --partial '"reason":"corrupt_object"'
}

@test "not_found is status 1; over --max-bytes is unavailable (4) with reason too_large" {
	run or-put0g get $hello -o out
	assert_failure 1
	assert_output --partial '"outcome":"not_found"'
	assert_output --partial '"code":"store.not_found"'
	[ ! -e out ]
	printf 'hello world' > h
	or-put0g put h > /dev/null
	run or-put0g get $hello -o out --max-bytes 10
	assert_failure 4
	assert_output --partial '"outcome":"unavailable"'
	assert_output --partial '"reason":"too_large"'
	[ ! -e out ]
	run or-put0g get $hello -o out --max-bytes 11
	assert_success
	run or-put0g get $hello --max-bytes 1k
	assert_success
	run or-put0g get $hello --max-bytes 1x
	assert_failure 2
}

@test "has and info on a missing root" {
	run or-put0g has $hello
	assert_failure 1
	assert_output "{\"root\":\"$hello\",\"present\":false}"
	run or-put0g info $hello
	assert_failure 1
	assert_output --partial '"code":"store.not_found"'
	# a missing store is an empty one, and reads do not create it
	[ ! -e "$OR_STORE" ]
}

@test "-o never writes through a symbolic link or over a non-regular file" {
	printf 'hello world' > h
	or-put0g put h > /dev/null
	printf keep > target
	ln -s target link
	run or-put0g get $hello -o link
	assert_failure 1
	assert_output --partial '"code":"file.not_regular"'
	[ "$(cat target)" = keep ]
	mkdir d
	run or-put0g get $hello -o d
	assert_failure 1
	assert_output --partial '"code":"file.not_regular"'
	run or-put0g get $hello -o nodir/out
	assert_failure 1
	assert_output --partial '"code":"file.write"'
}

@test "concurrent writers of the same and of different objects" {
	gen seq251 600000 > a
	gen affine 600000 > b
	want_a=$(or-hash zg a | jq -r .root)
	want_b=$(or-hash zg b | jq -r .root)
	for i in 1 2 3 4 5 6; do
		or-put0g put a > "o.a.$i" &
		or-put0g put b > "o.b.$i" &
	done
	wait
	for i in 1 2 3 4 5 6; do
		[ "$(jq -r .root "o.a.$i")" = "$want_a" ]
		[ "$(jq -r .root "o.b.$i")" = "$want_b" ]
	done
	cmp a "$(object "$want_a")"
	cmp b "$(object "$want_b")"
	[ -z "$(ls -A "$OR_STORE/partial")" ]
	# readers racing writers only ever see whole objects
	for i in 1 2 3 4; do
		or-put0g put a > /dev/null &
		or-put0g get "$want_a" -o "r.$i" > "g.$i" &
	done
	wait
	for i in 1 2 3 4; do
		[ "$(jq -r .outcome "g.$i")" = ok ]
		cmp a "r.$i"
	done
}

@test "records: bad lines, missing fields, upstream errors, --fail-fast" {
	printf 'hello world' > h
	run sh -c "printf '%s\n' '{\"path\":\"h\"}' 'nope' '{}' '{\"error\":{\"code\":\"x.y\"}}' '{\"path\":\"missing\"}' | or-put0g put 2>/dev/null"
	assert_failure 1
	[ "${#lines[@]}" -eq 5 ]
	[ "$(sfield "${lines[0]}" root)" = $hello ]
	[ "$(sfield "${lines[1]}" error.code)" = json.parse ]
	[ "$(sfield "${lines[2]}" error.code)" = store.no_input ]
	[ "$(sfield "${lines[3]}" error.code)" = x.y ]
	[ "$(sfield "${lines[4]}" error.code)" = file.open ]
	[ "$(field "${lines[4]}" error.line)" = 5 ]
	run sh -c "printf '%s\n' '{\"path\":\"missing\"}' '{\"path\":\"h\"}' | or-put0g put --fail-fast -q"
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
	run sh -c "echo '{\"root\":\"0x12\"}' | or-put0g get"
	assert_failure 1
	assert_output --partial '"code":"store.bad_root"'
	run or-put0g has 0x1234
	assert_failure 1
	assert_output --partial '"code":"store.bad_root"'
}

@test "usage errors exit 2 and write nothing" {
	run or-put0g
	assert_failure 2
	run or-put0g fetch x
	assert_failure 2
	run or-put0g put -o x h
	assert_failure 2
	run or-put0g put --0g h
	assert_failure 2
	assert_output --partial 'needs --node'
	run env OR_STORAGE=0g or-put0g put --node http://127.0.0.1:9 --from 0x12 h
	assert_failure 2
	run env OR_STORAGE=maybe or-put0g put h
	assert_failure 2
	run or-put0g get --flow 0x1234 $hello
	assert_failure 2
	run or-put0g get --bogus $hello
	assert_failure 2
	[ ! -e "$OR_STORE" ]
	run or-put0g --version
	assert_output 'or-put0g 0.1.0'
}

@test "stdout: /dev/full exits 3, head -n 1 ends quietly" {
	printf 'hello world' > h
	run sh -c 'or-put0g put h > /dev/full'
	assert_failure 3
	assert_output --partial 'write error'
	run sh -c 'or-put0g put h h h h 2>&1 | head -n 1'
	assert_success
	[ "${#lines[@]}" -eq 1 ]
}

@test "the link graph: no keystore, signing or libsodium code in or-put0g" {
	bin=$OR_BUILD/bin/or-put0g
	[ -x "$bin" ]
	! nm "$bin" | grep -Eqi 'keystore_|signer_|secp256k1|scrypt'
	! ldd "$bin" | grep -Eq 'libsodium|libsecp256k1'
	# the Flow submit is signed by the or-sign child instead
	nm "$bin" | grep -q proc_run
}

@test "every EXAMPLES line of the man page runs in order and prints what the page shows" {
	# "$ " lines of the literal blocks are commands, the others their output
	awk '/^\.Sh EXAMPLES/ { on = 1 } /^\.Sh SEE ALSO/ { on = 0 }
	    on && /^\.Bd -literal/ { lit = 1; next } /^\.Ed/ { lit = 0 }
	    on && lit { gsub(/\\e/, "\\"); gsub(/\\&/, ""); print }' \
	    "$OR_TOP/man/or-put0g.1" > page
	sed -n 's/^\$ //p' page > script
	grep -v '^\$ ' page > want
	[ "$(wc -l < script)" -ge 8 ]
	unset OR_STORE
	run sh -e script
	assert_success
	[ "$output" = "$(cat want)" ] || { diff want - <<< "$output"; false; }
	cmp hello.txt copy.txt
}
