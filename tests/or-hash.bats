#!/usr/bin/env bats
# or-hash: every verb against the shared vectors, plus the JSON-lines
# contract (conventions.md) as seen from a real tool.

load helpers

setup_file() {
	export TREES="$BATS_FILE_TMPDIR/trees"
	mkdir -p "$TREES"
	for v in tiny basic order; do
		sh "$VECTORS/tree-hash/make-tree.sh" "$TREES/$v" "$v" >/dev/null
	done
}

gen() { "$OR_BUILD/helpers/gen-bytes" "$@"; }

@test "keccak256 of every text and hex row of keccak.tsv" {
	n=0
	while IFS=$(printf '\t') read -r kind input want sel note; do
		case $kind in text|hex) ;; *) continue ;; esac
		got=$(printf '{"data":%s}\n' "$input" | or-hash keccak256 | jq -r .hash)
		[ "$got" = "$want" ] || { echo "row $input: $got != $want"; return 1; }
		n=$((n + 1))
	done < "$VECTORS/keccak.tsv"
	want=$(awk -F'\t' '$1 == "text" || $1 == "hex"' "$VECTORS/keccak.tsv" | wc -l)
	[ "$want" -ge 10 ]
	[ "$n" -eq "$want" ]
}

@test "keccak256 of the generated rows of keccak.tsv read from files" {
	n=0
	while IFS=$(printf '\t') read -r kind input want sel note; do
		case $kind in rep|gen) ;; *) continue ;; esac
		rule=$(printf '%s' "$input" | jq -r . | sed -E 's/^rep:([0-9a-fA-F]{2}):([0-9]+)$/rep:\1 \2/; s/^seq251:([0-9]+)$/seq251 \1/')
		gen $rule > "$BATS_TEST_TMPDIR/in"
		got=$(or-hash keccak256 -f "$BATS_TEST_TMPDIR/in" | jq -r .hash)
		[ "$got" = "$want" ] || { echo "row $input: $got != $want"; return 1; }
		n=$((n + 1))
	done < "$VECTORS/keccak.tsv"
	want=$(awk -F'\t' '$1 == "rep" || $1 == "gen"' "$VECTORS/keccak.tsv" | wc -l)
	[ "$want" -ge 4 ]
	[ "$n" -eq "$want" ]
}

@test "the data input rule of hashes.md 1.3" {
	run or-hash keccak256 0X616263
	assert_output '{"data":"0X616263","hash":"0x0cee2a3074772b41ec1f55b084159eee50a2a2f6d339fcad896524d452248d82"}'
	run or-hash keccak256 0x
	assert_output --partial '"hash":"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"'
	run or-hash keccak256 0x123
	assert_failure 1
	assert_output --partial '"code":"hex.odd_length"'
	run or-hash keccak256 0xzz
	assert_failure 1
	assert_output --partial '"code":"hex.bad_digit"'
	# \u0000 is a real byte: "a\0b" hashes like 0x610062
	a=$(echo '{"data":"a\u0000b"}' | or-hash keccak256 | jq -r .hash)
	b=$(or-hash keccak256 0x610062 | jq -r .hash)
	[ "$a" = "$b" ]
	run sh -c 'echo "{\"data\":\"\\ud800\"}" | or-hash keccak256'
	assert_failure 1
	assert_output --partial '"code":"json.utf8"'
}

@test "sha256 and xxh agree with sha256sum and xxhsum" {
	gen affine 70000 > "$BATS_TEST_TMPDIR/f"
	want=$(sha256sum "$BATS_TEST_TMPDIR/f" | cut -d' ' -f1)
	run or-hash sha256 -f "$BATS_TEST_TMPDIR/f"
	assert_output "{\"path\":\"$BATS_TEST_TMPDIR/f\",\"hash\":\"0x$want\"}"
	want=$(xxhsum -H3 < "$BATS_TEST_TMPDIR/f" | sed 's/.* = //')
	[ "$(or-hash xxh3 -f - < "$BATS_TEST_TMPDIR/f" | jq -r .hash)" = "0x$want" ]
	want=$(xxhsum -H128 < "$BATS_TEST_TMPDIR/f" | cut -d' ' -f1)
	[ "$(or-hash xxh128 -f "$BATS_TEST_TMPDIR/f" | jq -r .hash)" = "0x$want" ]
	[ "$(or-hash sha256 abc | jq -r .hash)" = "0x$(printf abc | sha256sum | cut -d' ' -f1)" ]
}

@test "argument mode writes the same line as the piped record" {
	for verb in keccak256 sha256 xxh3 xxh128; do
		a=$(or-hash $verb 'café')
		b=$(echo '{"data":"café"}' | or-hash $verb)
		[ "$a" = "$b" ]
	done
	a=$(or-hash selector 'transfer(address,uint256)')
	b=$(echo '{"sig":"transfer(address,uint256)"}' | or-hash selector)
	[ "$a" = "$b" ]
	a=$(or-hash tree --commit HEAD "$TREES/tiny")
	b=$(echo "{\"dir\":\"$TREES/tiny\",\"commit\":\"HEAD\"}" | or-hash tree)
	[ "$a" = "$b" ]
	# errors differ only by "line"
	run -1 or-hash keccak256 0x1
	a=$(printf '%s\n' "$output" | grep '^{')
	run -1 sh -c "echo '{\"data\":\"0x1\"}' | or-hash keccak256 2>/dev/null"
	b=$(printf '%s\n' "$output" | jq -c 'del(.error.line)')
	[ "$(sfield "$a" error.code)" = hex.odd_length ]
	[ "$a" = "$b" ]
}

@test "or-hash selector and topic write the fields of or-abi selector and topic" {
	for sig in 'transfer(address,uint256)' 'f(uint a, (bool,string)[] b)' 'g()'; do
		[ "$(or-hash selector "$sig")" = "$(or-abi selector "$sig")" ] || { echo "selector $sig"; return 1; }
	done
	for sig in 'Transfer(address indexed from,address indexed to,uint256 value)' 'E(uint)'; do
		[ "$(or-hash topic "$sig")" = "$(or-abi topic "$sig")" ] || { echo "topic $sig"; return 1; }
	done
	run or-hash selector 'f(uint x)'
	assert_output '{"sig":"f(uint x)","signature":"f(uint256)","selector":"0xb3de648b"}'
	run sh -c 'echo "{\"sig\":\"E(uint)\",\"n\":1}" | or-hash topic'
	assert_output "$(echo '{"sig":"E(uint)","n":1}' | or-abi topic)"
}

@test "selectors and topics of zg-roots.json" {
	jq -r '.selectors | to_entries[] | "\(.key)\t\(.value)"' "$VECTORS/zg-roots.json" > "$BATS_TEST_TMPDIR/cases"
	n=0
	while IFS=$(printf '\t') read -r sig want; do
		if [ ${#want} -eq 10 ]; then verb=selector; f=selector; else verb=topic; f=topic; fi
		got=$(or-hash $verb "$sig" | jq -r ".$f")
		[ "$got" = "$want" ] || { echo "$sig: $got != $want"; return 1; }
		n=$((n + 1))
	done < "$BATS_TEST_TMPDIR/cases"
	[ "$n" -ge 2 ]
	[ "$n" -eq "$(jq '.selectors | length' "$VECTORS/zg-roots.json")" ]
	run or-hash selector 'transfer(address, uint256)'
	assert_output --partial '"selector":"0xa9059cbb"'
	run or-hash selector 'transfer(address'
	assert_failure 1
	assert_output --partial '"code":"hash.bad_signature"'
}

@test "zg reproduces every root, node list and identity of zg-roots.json" {
	jq -c '(.sizes + .alternativeContents)[] | select(.size > 0)' "$VECTORS/zg-roots.json" > "$BATS_TEST_TMPDIR/cases"
	n=0
	while read -r c; do
		rule=$(printf '%s' "$c" | jq -r .content)
		size=$(printf '%s' "$c" | jq -r .size)
		case $rule in rep:*) rule=${rule%:*} ;; esac
		gen "$rule" "$size" > "$BATS_TEST_TMPDIR/in"
		got=$(or-hash zg "$BATS_TEST_TMPDIR/in" | jq -c '[.root,.size,.chunks,.paddedChunks,.segments,.nodes,.submitIdentity]')
		want=$(printf '%s' "$c" | jq -c '[.root,.size,.chunks,.paddedChunks,.segmentsPadded,.nodes,.submitIdentity]')
		[ "$got" = "$want" ] || { echo "$rule $size: $got != $want"; return 1; }
		n=$((n + 1))
	done < "$BATS_TEST_TMPDIR/cases"
	[ "$n" -ge 20 ]
	[ "$n" -eq "$(jq '[(.sizes + .alternativeContents)[] | select(.size > 0)] | length' "$VECTORS/zg-roots.json")" ]
}

@test "zg proofs equal the proofs of zg-roots.json; pipes and threads agree" {
	jq -c '.proofs[]' "$VECTORS/zg-roots.json" > "$BATS_TEST_TMPDIR/proofs"
	n=0
	while read -r p; do
		rule=$(printf '%s' "$p" | jq -r .content)
		size=$(printf '%s' "$p" | jq -r .size)
		idx=$(printf '%s' "$p" | jq -r .index)
		gen "$rule" "$size" > "$BATS_TEST_TMPDIR/in"
		got=$(or-hash zg --proofs "$BATS_TEST_TMPDIR/in" | jq -c ".proofs[$idx] | [.lemma,.path]")
		want=$(printf '%s' "$p" | jq -c '[.lemma,.path]')
		[ "$got" = "$want" ] || { echo "$size/$idx: $got != $want"; return 1; }
		n=$((n + 1))
	done < "$BATS_TEST_TMPDIR/proofs"
	[ "$n" -ge 1 ]
	[ "$n" -eq "$(jq '.proofs | length' "$VECTORS/zg-roots.json")" ]
	gen seq251 4194305 > "$BATS_TEST_TMPDIR/big"
	r1=$(or-hash zg --threads 1 "$BATS_TEST_TMPDIR/big" | jq -r .root)
	r2=$(or-hash zg --threads 2 "$BATS_TEST_TMPDIR/big" | jq -r .root)
	r3=$(cat "$BATS_TEST_TMPDIR/big" | or-hash zg - | jq -r .root)
	want=$(jq -r '.sizes[] | select(.size == 4194305 and .content == "seq251") | .root' "$VECTORS/zg-roots.json")
	[ -n "$want" ] && [ "$r1" = "$want" ]
	[ "$r2" = "$r1" ] && [ "$r3" = "$r1" ]
}

@test "zg checks a given root and size, refuses empty input and folders" {
	printf 'hello world' > "$BATS_TEST_TMPDIR/h"
	run sh -c "echo '{\"path\":\"$BATS_TEST_TMPDIR/h\",\"root\":\"0x62C5D8E26D8BB05622E88C9819283AD82E722DB87816F1962CE2810EA565AAE5\",\"size\":11}' | or-hash zg"
	assert_success
	run sh -c "echo '{\"path\":\"$BATS_TEST_TMPDIR/h\",\"size\":12}' | or-hash zg"
	assert_failure 1
	assert_output --partial '"code":"zg.mismatch"'
	: > "$BATS_TEST_TMPDIR/empty"
	run or-hash zg "$BATS_TEST_TMPDIR/empty"
	assert_failure 1
	assert_output --partial '"code":"zg.empty"'
	run or-hash zg "$BATS_TEST_TMPDIR"
	assert_failure 1
	assert_output --partial '"code":"file.is_directory"'
	run or-hash zg "$BATS_TEST_TMPDIR/missing"
	assert_failure 1
	assert_output --partial '"code":"file.open"'
	run sh -c 'echo "{\"path\":\"-\"}" | or-hash zg'
	assert_failure 1
	assert_output --partial '"code":"hash.bad_path"'
}

@test "tree hash of the three example trees from all three sources" {
	jq -r '.trees[] | "\(.variant) \(.treeHashV1.hash)"' "$VECTORS/tree-hash/expected.json" > "$BATS_TEST_TMPDIR/cases"
	n=0
	while read -r v want; do
		for args in "" "--dir" "--commit HEAD"; do
			got=$(or-hash tree $args "$TREES/$v" | jq -r .treeHash)
			[ "$got" = "0x$want" ] || { echo "$v $args: $got"; return 1; }
			n=$((n + 1))
		done
	done < "$BATS_TEST_TMPDIR/cases"
	[ "$n" -eq $((3 * $(jq '.trees | length' "$VECTORS/tree-hash/expected.json"))) ]
	[ "$n" -ge 9 ]
	run or-hash tree "$TREES/tiny"
	assert_output --partial '"source":"worktree","entries":7'
	run or-hash tree --dir "$TREES/tiny"
	assert_output --partial '"source":"dir"'
	mkdir "$BATS_TEST_TMPDIR/none"
	run or-hash tree "$BATS_TEST_TMPDIR/none"
	assert_output --partial '"treeHash":"0x57b79a373400d442f4aee5aeaedb8caca51a2e2afb4707de7c49c63b6a414669"'
}

@test "tree --verify takes bare and 0x hashes; a mismatch fails the record" {
	h=d4c47890f1a0470044f2a7469a777dd81366de76112b220e38090823f5eb60d6
	run or-hash tree --verify "$h" "$TREES/tiny"
	assert_success
	run or-hash tree --verify "0x$(echo $h | tr a-f A-F)" "$TREES/tiny"
	assert_success
	run or-hash tree --verify "${h%?}7" "$TREES/tiny"
	assert_failure 1
	assert_output --partial '"code":"tree.mismatch"'
	run or-hash tree --verify zz "$TREES/tiny"
	assert_failure 1
	assert_output --partial '"code":"hex.'
}

@test "tree errors: submodule, special file, nested repository, bad commit" {
	d=$BATS_TEST_TMPDIR/sub
	cp -a "$TREES/basic" "$d"
	git -C "$d" -c user.name=t -c user.email=t@t update-index --add --cacheinfo 160000,e2d7776182af1d3cab2fed520115063954ad6861,mod
	run or-hash tree "$d"
	assert_failure 1
	assert_output --partial '"code":"tree.submodule"'
	git -C "$d" -c user.name=t -c user.email=t@t commit -qm sub
	run or-hash tree --commit HEAD "$d"
	assert_failure 1
	assert_output --partial '"code":"tree.submodule"'
	run or-hash tree --commit no-such-rev "$TREES/tiny"
	assert_failure 1
	assert_output --partial '"code":"tree.not_a_commit"'
	f=$BATS_TEST_TMPDIR/fifo
	mkdir "$f" && mkfifo "$f/p"
	run or-hash tree --dir "$f"
	assert_failure 1
	assert_output --partial '"code":"tree.unsupported_entry"'
	n=$BATS_TEST_TMPDIR/nested
	mkdir -p "$n/x/.git"
	run or-hash tree --dir "$n"
	assert_failure 1
	assert_output --partial '"code":"tree.submodule"'
	run or-hash tree "$BATS_TEST_TMPDIR/nope"
	assert_failure 1
	assert_output --partial '"code":"tree.not_a_directory"'
}

@test "seed: every case of expected.json, both rules, 64 and 32 bits" {
	jq -c '.trees[] | .variant as $v | .seeds[] | {v: $v, p: .protocol, b: ."v1-bytes", r: ."v1-reference"}' \
	    "$VECTORS/tree-hash/expected.json" > "$BATS_TEST_TMPDIR/cases"
	n=0
	while read -r c; do
		v=$(printf '%s' "$c" | jq -r .v)
		printf '%s' "$c" | jq -c .p > "$BATS_TEST_TMPDIR/p.json"
		printf '%s' "$c" | jq -c '.p | .execution.determinism.seedDerivation.seedBits = 32' > "$BATS_TEST_TMPDIR/p32.json"
		for rule in v1-bytes v1-reference; do
			key=$([ $rule = v1-bytes ] && echo b || echo r)
			want=$(printf '%s' "$c" | jq -r ".$key | [.seed64, .seed32, (.files|length), \"0x\"+.digest] | @tsv")
			got64=$(or-hash seed -p "$BATS_TEST_TMPDIR/p.json" --rule $rule "$TREES/$v")
			got32=$(or-hash seed -p "$BATS_TEST_TMPDIR/p32.json" --rule $rule --commit HEAD "$TREES/$v")
			got=$(printf '%s\t%s\t%s\t%s' "$(sfield "$got64" seed)" "$(sfield "$got32" seed)" "$(sfield "$got64" files)" "$(sfield "$got64" digest)")
			[ "$got" = "$want" ] || { echo "$v $rule: '$got' != '$want'"; return 1; }
			n=$((n + 1))
		done
	done < "$BATS_TEST_TMPDIR/cases"
	[ "$n" -ge 16 ]
	[ "$n" -eq $((2 * $(wc -l < "$BATS_TEST_TMPDIR/cases"))) ]
}

@test "seed modes none and fixed, defaults, and bad settings" {
	echo '{"mutableSurface":{"allowedGlobs":["src/**"]}}' > "$BATS_TEST_TMPDIR/none.json"
	run or-hash seed -p "$BATS_TEST_TMPDIR/none.json" "$TREES/tiny"
	assert_success
	assert_output --partial '"seedMode":"none","envVar":"ARAH_TRIAL_SEED","seedBits":64}'
	echo '{"execution":{"determinism":{"seedDerivation":{"mode":"fixed","fixedSeed":"18446744073709551615","envVar":"SEED"}}}}' > "$BATS_TEST_TMPDIR/fixed.json"
	run or-hash seed -p "$BATS_TEST_TMPDIR/fixed.json" "$TREES/tiny"
	assert_output --partial '"envVar":"SEED","seedBits":64,"seed":"18446744073709551615"}'
	echo '{"execution":{"determinism":{"seedDerivation":{"mode":"lucky"}}}}' > "$BATS_TEST_TMPDIR/bad.json"
	run or-hash seed -p "$BATS_TEST_TMPDIR/bad.json" "$TREES/tiny"
	assert_failure 1
	assert_output --partial '"code":"seed.bad_mode"'
	echo '{"execution":{"determinism":{"seedDerivation":{"mode":"fixed","seedBits":16}}}}' > "$BATS_TEST_TMPDIR/bits.json"
	run or-hash seed -p "$BATS_TEST_TMPDIR/bits.json" "$TREES/tiny"
	assert_failure 1
	assert_output --partial '"code":"seed.bad_protocol"'
	run or-hash seed -p "$BATS_TEST_TMPDIR/missing.json" "$TREES/tiny"
	assert_failure 1
	assert_output --partial '"code":"file.open"'
	run or-hash seed -p "$BATS_TEST_TMPDIR/none.json" --rule v2 "$TREES/tiny"
	assert_failure 1
	assert_output --partial '"code":"seed.bad_rule"'
	run or-hash seed "$TREES/tiny"
	assert_failure 2
}

@test "streaming: a bad record in the middle, the stream goes on, status 1" {
	run sh -c 'printf "%s\n" "{\"data\":\"a\"}" "not json" "{\"data\":\"0x1\"}" "" "  " "[1]" "{\"a\":1,\"a\":2}" "{\"data\":\"b\"}" | or-hash sha256'
	assert_failure 1
	[ "${#lines[@]}" -eq 11 ]   # 6 records on stdout + 4 stderr lines + 1 hint
	run sh -c 'printf "%s\n" "{\"data\":\"a\"}" "not json" "{\"data\":\"0x1\"}" "" "[1]" "{\"a\":1,\"a\":2}" "{\"data\":\"b\"}" | or-hash sha256 2>/dev/null | jq -c "[.error.code, .error.line, .hash != null]"'
	assert_output "$(printf '%s\n' '[null,null,true]' '["json.parse",2,false]' '["hex.odd_length",3,false]' '["json.not_object",5,false]' '["json.duplicate_key",6,false]' '[null,null,true]')"
}

@test "streaming: CRLF lines, pass-through of errors and foreign kinds, fields kept in order" {
	run sh -c 'printf "{\"z\":1,\"data\":\"abc\",\"n\":1.50}\r\n{\"error\":{\"code\":\"x.y\"}}\n{\"kind\":\"run\",\"x\":1}\n" | or-hash keccak256'
	assert_failure 1
	assert_line --index 0 '{"z":1,"data":"abc","n":1.50,"hash":"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"}'
	assert_line --index 1 '{"error":{"code":"x.y"}}'
	assert_line --index 2 '{"kind":"run","x":1}'
	# an existing "hash" is replaced where it stands
	run sh -c 'echo "{\"hash\":\"old\",\"data\":\"abc\"}" | or-hash keccak256'
	assert_output '{"hash":"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45","data":"abc"}'
}

@test "streaming: a line over 16 MiB is json.too_long and the next line still runs" {
	{ printf '{"data":"'; head -c 16777300 /dev/zero | tr '\0' a; printf '"}\n{"data":"abc"}\n'; } > "$BATS_TEST_TMPDIR/long"
	run sh -c "or-hash sha256 < '$BATS_TEST_TMPDIR/long' 2>/dev/null"
	assert_failure 1
	assert_line --index 0 --partial '"code":"json.too_long"'
	assert_line --index 1 --partial '"data":"abc","hash":"0xba7816bf'
}

@test "-q silences per-record messages; --fail-fast stops after the first failure" {
	run sh -c 'printf "%s\n" "{\"data\":\"0x1\"}" "{\"data\":\"a\"}" | or-hash -q sha256 2>&1 >/dev/null'
	assert_output ''
	run sh -c 'printf "%s\n" "{\"data\":\"0x1\"}" "{\"data\":\"a\"}" | or-hash sha256 --fail-fast 2>/dev/null'
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
}

@test "write errors: /dev/full exits 3, a closed stdout exits 3, head -n 1 is quiet" {
	run sh -c 'or-hash sha256 abc > /dev/full'
	assert_failure 3
	assert_output --partial "or-hash: error: write error on 'stdout': No space left on device"
	run sh -c 'or-hash sha256 abc >&-'
	assert_failure 3
	run sh -c 'yes "{\"data\":\"abc\"}" | head -n 100000 | or-hash sha256 | head -n 1; echo "status ${PIPESTATUS:-x}"'
	assert_line --index 0 --partial '"hash":"0xba7816bf'
	refute_output --partial 'error'
}

@test "records flush one at a time on a pipe" {
	# the second record must not be needed to see the first
	run sh -c '{ echo "{\"data\":\"a\"}"; sleep 2; } | or-hash sha256 | { read -r l; echo "$l"; }'
	assert_output --partial '"hash"'
	[ "$(date +%s)" ]   # smoke: completes
	start=$(date +%s)
	{ echo '{"data":"a"}'; sleep 3; } | or-hash sha256 | { read -r l; date +%s > "$BATS_TEST_TMPDIR/t"; cat >/dev/null; }
	[ $(( $(cat "$BATS_TEST_TMPDIR/t") - start )) -lt 3 ]
}

@test "usage: --help, --version, bad verb and options exit 2 before reading" {
	run or-hash --help
	assert_success
	assert_line --index 0 --partial 'usage: or-hash keccak256|sha256|xxh3|xxh128'
	run or-hash --version
	assert_output 'or-hash 0.1.0'
	run or-hash frobnicate
	assert_failure 2
	assert_line --index 0 "or-hash: error: unknown verb 'frobnicate'"
	run or-hash
	assert_failure 2
	run or-hash sha256 --bogus
	assert_failure 2
	run or-hash selector -f x
	assert_failure 2
	run or-hash zg --threads 0 x
	assert_failure 2
	run or-hash tree --commit HEAD --dir .
	assert_failure 2
}

@test "every EXAMPLES line of the man page runs and prints what the page shows" {
	# the context the examples name: a git checkout, its tree hash as
	# $expected, its commit as $candidate, and a protocol.json
	repo=$BATS_TEST_TMPDIR/repo
	cp -R "$TREES/tiny" "$repo"	# a git checkout (make-tree.sh)
	git -C "$repo" rev-parse -q --verify HEAD >/dev/null
	jq -c '.trees[0].seeds[0].protocol' "$VECTORS/tree-hash/expected.json" > "$repo/protocol.json"
	expected=$(cd "$repo" && or-hash tree --commit HEAD . | jq -r .treeHash)
	candidate=$(git -C "$repo" rev-parse HEAD)
	export expected candidate
	# "$ command" lines of the literal blocks, each followed by its output
	awk '/^\.Sh EXAMPLES/ { on = 1 } /^\.Sh SEE ALSO/ { on = 0 }
	    on && /^\.Bd -literal/ { lit = 1; next } /^\.Ed/ { lit = 0 }
	    on && lit && /^\$ / { n++; sub(/^\$ /, ""); print > sprintf("%s/cmd%02d", dir, n); next }
	    on && lit && n { print > sprintf("%s/out%02d", dir, n) }' \
	    dir="$BATS_TEST_TMPDIR" "$OR_TOP/man/or-hash.1"
	ran=0
	for f in "$BATS_TEST_TMPDIR"/cmd*; do
		sed -i 's/\\e/\\/g' "$f"
		out=${f%/cmd*}/out${f##*/cmd}
		run sh -c "cd '$repo' && . '$f' 2>/dev/null"
		if [ -f "$out" ]; then
			sed -i 's/\\e/\\/g' "$out"
			[ "$output" = "$(cat "$out")" ] || { cat "$f"; echo "got: $output"; return 1; }
		else
			[ "$status" -eq 0 ] && [ -n "$output" ] || { cat "$f"; echo "status $status: $output"; return 1; }
		fi
		ran=$((ran + 1))
	done
	[ "$ran" -eq 7 ]
}

@test "--help and the man page agree" {
	run sh "$OR_TOP/scripts/help-parity" or-hash
	assert_success
}

@test "injected write, close, read and malloc failures exit 3 with a message" {
	echo '{"data":"abc"}' > "$BATS_TEST_TMPDIR/in"
	for fault in write:1:ENOSPC write:1:EIO close:1:EIO read:0:EIO; do
		run inject $fault or-hash sha256 < "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 3 ] || { echo "$fault: status $status"; return 1; }
		assert_output --regexp "or-hash: error: (write|read) error on '(stdout|stdin)'"
	done
	# ASan owns malloc: the allocation faults run on the plain build only
	[ "${OR_SAN:-}" != 1 ] || return 0
	gen seq251 300000 > "$BATS_TEST_TMPDIR/zg"
	# every allocation failure point: a clean exit 3 (or success), never a crash
	for verb in sha256 keccak256 xxh128 "zg $BATS_TEST_TMPDIR/zg" "tree --dir $TREES/tiny"; do
		for n in $(seq 0 3 150); do
			inject malloc:$n or-hash $verb < "$BATS_TEST_TMPDIR/in" >/dev/null 2>&1 && rc=0 || rc=$?
			case $rc in 0|3) ;; *) echo "$verb malloc:$n: status $rc"; return 1 ;; esac
		done
	done
}

@test "zg --proofs under single allocation failures: complete output or exit 3, never a short record" {
	[ "${OR_SAN:-}" != 1 ] || skip "ASan owns malloc"
	gen seq251 1000000 > "$BATS_TEST_TMPDIR/zg"
	want=$(or-hash zg --proofs "$BATS_TEST_TMPDIR/zg")
	[ "$(printf '%s' "$want" | jq '.proofs | length')" -eq 4 ]
	checked=0
	for n in $(seq 0 1 400); do
		got=$(inject malloc-once:$n or-hash zg --proofs "$BATS_TEST_TMPDIR/zg" 2>/dev/null) && rc=0 || rc=$?
		case $rc in
		0) [ "$got" = "$want" ] || { echo "malloc:$n: short output"; return 1; } ;;
		3) ;;
		*) echo "malloc:$n: status $rc"; return 1 ;;
		esac
		checked=$((checked + 1))
	done
	[ "$checked" -eq 401 ]
}

@test "zg reads a file whose reported size is 0 (/proc) to its end" {
	[ "$(stat -c %s /proc/version)" -eq 0 ]
	n=$(wc -c < /proc/version)
	[ "$n" -gt 0 ]
	want=$(cat /proc/version | or-hash zg - | jq -r .root)
	run or-hash zg /proc/version
	assert_success
	[ "$(printf '%s' "$output" | jq -r .root)" = "$want" ]
	[ "$(printf '%s' "$output" | jq -r .size)" -eq "$n" ]
	# the same bytes as a regular file of that size
	cp /proc/version "$BATS_TEST_TMPDIR/version"
	[ "$(or-hash zg "$BATS_TEST_TMPDIR/version" | jq -r .root)" = "$want" ]
	# and from a record, and for the digests of the same file
	[ "$(echo '{"path":"/proc/version"}' | or-hash zg | jq -r .root)" = "$want" ]
	[ "$(or-hash sha256 -f /proc/version | jq -r .hash)" = \
	    "0x$(sha256sum < /proc/version | cut -c1-64)" ]
}

@test "selector and topic read the signature as or-abi and cast do" {
	checked=0
	for sig in 'f(uint256 amount)' 'f(uint)' 'transfer(address to, uint256 value)' \
	    'function g((uint256,bytes[])[2] memory x, int y)' \
	    'Transfer(address indexed from, address indexed to, uint256 value)'; do
		want=$(cast sig "$sig")
		run or-hash selector "$sig"
		assert_success
		[ "$(printf '%s' "$output" | jq -r .selector)" = "$want" ] || { echo "$sig: $output, cast $want"; return 1; }
		[ "$(or-abi selector "$sig" | jq -r .selector)" = "$want" ]
		[ "$(jq -nc --arg s "$sig" '{sig:$s}' | or-hash selector | jq -r .selector)" = "$want" ]
		checked=$((checked + 1))
	done
	[ "$checked" -eq 5 ]
	[ "$(or-hash selector 'f(uint256 amount)' | jq -r .selector)" = 0xb3de648b ]
	want=$(cast sig-event 'Transfer(address indexed from, address indexed to, uint256 value)')
	[ "$(or-hash topic 'Transfer(address indexed from, address indexed to, uint256 value)' | jq -r .topic)" = "$want" ]
	for bad in 'f(uint256' 'f(uint7)' '(uint256)' 'f(uint256) junk'; do
		run or-hash selector "$bad"
		assert_failure 1
		assert_output --partial '"code":"hash.bad_signature"'
	done
}

@test "options stand anywhere, before or after the verb and the operands" {
	want=$(or-hash keccak256 abc)
	run or-hash keccak256 abc --quiet
	assert_success
	assert_output "$want"
	[ "$(or-hash --quiet keccak256 abc)" = "$want" ]
	[ "$(or-hash -q keccak256 abc --fail-fast)" = "$want" ]
	# -- ends the options: an operand may then begin with -
	[ "$(or-hash keccak256 -- --quiet | jq -r .data)" = --quiet ]
	[ "$(or-hash keccak256 -- -q abc | jq -sc 'map(.data)')" = '["-q","abc"]' ]
	run or-hash keccak256 abc --bogus
	assert_failure 2
	assert_line --index 0 "or-hash: error: unknown option or missing value: '--bogus'"
	run or-hash keccak256 abc -f
	assert_failure 2
}

@test "each -f FILE is one record, in order" {
	printf a > "$BATS_TEST_TMPDIR/a"
	printf b > "$BATS_TEST_TMPDIR/b"
	run or-hash sha256 -f "$BATS_TEST_TMPDIR/a" -f "$BATS_TEST_TMPDIR/b"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -r .path)" = "$BATS_TEST_TMPDIR/a" ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -r .hash)" = "0x$(printf a | sha256sum | cut -c1-64)" ]
	[ "$(printf '%s\n' "${lines[1]}" | jq -r .hash)" = "0x$(printf b | sha256sum | cut -c1-64)" ]
	# the same lines as the records piped in
	[ "$output" = "$(printf '{"path":"%s"}\n' "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" | or-hash sha256)" ]
	# options after the operands, and a missing file fails only its record
	run or-hash sha256 -f "$BATS_TEST_TMPDIR/missing" -f "$BATS_TEST_TMPDIR/b" -q
	assert_failure 1
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --partial '"code":"file.open"'
	assert_line --index 1 --partial "\"hash\":\"0x$(printf b | sha256sum | cut -c1-64)\""
	# raw stdin once only
	run or-hash sha256 -f - -f - </dev/null
	assert_failure 2
	printf b | { run or-hash sha256 -f "$BATS_TEST_TMPDIR/a" -f -; assert_success; \
	    assert_line --index 1 --partial "\"hash\":\"0x$(printf b | sha256sum | cut -c1-64)\""; }
}

@test "a terminal on stdin: usage naming what a verb needs, exit 2; operands still answer" {
	for case in 'tree:DIR' 'zg:FILE' 'keccak256:TEXT, 0xHEX or -f FILE' 'selector:SIGNATURE' 'seed --protocol x.json:DIR'; do
		verb=${case%%:*} need=${case#*:}
		run timeout 10 script -qec "or-hash $verb" /dev/null
		assert_failure 2
		assert_output --partial "or-hash: error: ${verb%% *}: give $need, or pipe JSON lines"
		assert_output --partial 'usage: or-hash'
	done
	# with operands a terminal is no matter
	run timeout 10 script -qec "or-hash keccak256 abc" /dev/null
	assert_success
	assert_output --partial '"hash":"0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"'
	run timeout 10 script -qec "or-hash selector 'f()'" /dev/null
	assert_success
}

@test "text piped to a digest: the line is not JSON, and a hint points at -f -" {
	run sh -c 'echo hello | or-hash keccak256 2>"$BATS_TEST_TMPDIR/err"'
	assert_failure 1
	assert_output '{"error":{"code":"json.parse","message":"invalid JSON: bad number","tool":"or-hash","line":1}}'
	run cat "$BATS_TEST_TMPDIR/err"
	assert_line --index 0 'or-hash: error: line 1: invalid JSON: bad number'
	assert_line --index 1 'or-hash: hint: stdin is read as JSON lines; give -f - to hash its raw bytes'
	[ "${#lines[@]}" -eq 2 ]
	# the hint once a run, none with -q, and -f - hashes the raw bytes
	run sh -c 'printf "a\nb\n" | or-hash keccak256 2>&1 >/dev/null | grep -c hint:'
	assert_output 1
	run sh -c 'echo hello | or-hash -q keccak256 2>&1 >/dev/null'
	assert_output ''
	run sh -c 'echo hello | or-hash keccak256 -f - | jq -r .hash'
	assert_output "$(cast keccak 0x68656c6c6f0a)"
	# a JSON stream never gets the hint
	run sh -c 'echo "{\"data\":\"abc\"}" | or-hash keccak256 2>&1 >/dev/null'
	assert_output ''
}
