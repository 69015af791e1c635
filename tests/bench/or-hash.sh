#!/bin/sh
# or-hash benchmarks (issue 2): keccak throughput against OpenSSL's SHA3 core,
# the 0G root against the 0G TypeScript SDK and OpenSSL, thread scaling,
# per-call latency against cast, and the tree hash against sha256sum.
# OR_BENCH_QUICK=1 shrinks the inputs for a smoke run.
set -u
. "$(dirname "$0")/lib.sh"
top=${OR_TOP:-$(pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mib=256 reps=3 calls=200 files=10000
if [ "${OR_BENCH_QUICK:-0}" = 1 ]; then mib=16 reps=1 calls=20 files=500; fi
gen="$top/build/rel/helpers/gen-bytes"
[ -x "$gen" ] || make -s -C "$top" units >/dev/null
"$gen" affine $((mib * 1048576)) > "$tmp/big"
cat "$tmp/big" > /dev/null	# warm the page cache

# keccak-256 throughput vs openssl dgst -sha3-256 (same permutation)
ours=$(median_of $reps or-hash keccak256 -f "$tmp/big")
peer=$(median_of $reps openssl dgst -sha3-256 "$tmp/big")
emit "keccak256 ${mib} MiB: or-hash vs openssl sha3-256 (speed ratio)" ms \
    "$(ratio "$ours" 1000000)" "openssl dgst -sha3-256" \
    "$(ratio "$peer" 1000000)" "$(ratio "$peer" "$ours")" 0.8

# 0G root: all cores, one thread, the SDK
zg2=$(median_of $reps or-hash zg "$tmp/big")
zg1=$(median_of $reps or-hash zg --threads 1 "$tmp/big")
emit "0G root ${mib} MiB: or-hash vs openssl sha3-256 flat pass, $(nproc) cores" ms \
    "$(ratio "$zg2" 1000000)" "openssl dgst -sha3-256" \
    "$(ratio "$peer" 1000000)" "$(ratio "$peer" "$zg2")" 1.0
emit "0G root ${mib} MiB: speed-up from 1 thread to $(nproc)" ms \
    "$(ratio "$zg2" 1000000)" "or-hash zg --threads 1" \
    "$(ratio "$zg1" 1000000)" "$(ratio "$zg1" "$zg2")" 1.7
if [ -d "$top/tools/bench-npm/node_modules/@0gfoundation/0g-ts-sdk" ]; then
	sdk=$(median_of 1 node "$top/tests/bench/zg-sdk-root.cjs" "$tmp/big")
	a=$(or-hash zg "$tmp/big" | jq -r .root)
	b=$(node "$top/tests/bench/zg-sdk-root.cjs" "$tmp/big" | jq -r .root)
	[ "$a" = "$b" ] || echo "bench: 0G roots differ: $a (or-hash) vs $b (SDK)" >&2
	emit "0G root ${mib} MiB: or-hash vs 0G TypeScript SDK 1.2.8" ms \
	    "$(ratio "$zg2" 1000000)" "0g-ts-sdk merkleTree" \
	    "$(ratio "$sdk" 1000000)" "$(ratio "$sdk" "$zg2")" 20
else
	echo "bench: 0g-ts-sdk not installed (sh scripts/deps --bench)" >&2
fi

# per-call latency: one process per hash
per_call_report "or-hash keccak256" "$calls" or-hash keccak256 hello
ours=$PER_CALL_MS
if command -v cast >/dev/null 2>&1; then
	peer=$(per_call_ms "$((calls / 4))" cast keccak hello)
	emit "per-call latency: or-hash keccak256 vs cast keccak" ms/call \
	    "$ours" "cast keccak" "$peer" "$(ratio "$peer" "$ours")" -
fi

# tree hash of a checkout vs git ls-files | xargs sha256sum
mkdir "$tmp/repo"
(cd "$tmp/repo" && git init -q . && i=0 &&
    while [ $i -lt "$files" ]; do
	d=d$((i % 100)); mkdir -p "$d"; printf 'file %d\n' $i > "$d/f$i.txt"; i=$((i + 1))
    done && git add -A && git -c user.name=b -c user.email=b@b commit -qm b)
ours=$(median_of $reps or-hash tree "$tmp/repo")
peer=$(median_of $reps sh -c "cd '$tmp/repo' && git ls-files -z | xargs -0 sha256sum")
emit "tree hash of a ${files}-file checkout vs git ls-files | xargs sha256sum" ms \
    "$(ratio "$ours" 1000000)" "git ls-files -z | xargs -0 sha256sum" \
    "$(ratio "$peer" 1000000)" "$(ratio "$peer" "$ours")" 1.0
ours=$(median_of $reps or-hash tree --commit HEAD "$tmp/repo")
emit "tree hash --commit of a ${files}-file repository vs git ls-files | xargs sha256sum" ms \
    "$(ratio "$ours" 1000000)" "git ls-files -z | xargs -0 sha256sum" \
    "$(ratio "$peer" 1000000)" "$(ratio "$peer" "$ours")" 0.5
