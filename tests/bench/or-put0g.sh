#!/bin/sh
# or-put0g benchmarks (issue 13): put and get of a 256 MiB file through the
# local store against cp + sha256sum, against or-hash zg on the same file
# (the hashing was the floor; target within 1.25x of or-hash zg) and against
# a durable write of the same bytes (dd oflag=direct: the disk's floor, the
# floor once hashing outruns the disk), and the
# upload and download paths to the loopback test node (zg-node) on a local
# anvil in MB/s, with the 0G TypeScript SDK on the same node as the peer.
# OR_BENCH_QUICK=1 shrinks the inputs.
set -u
. "$(dirname "$0")/lib.sh"
top=${OR_TOP:-$(pwd)}
tmp=$(mktemp -d)
export OR_DEVNET_DIR=$tmp/devnet
node_pid=
cleanup() {
	[ -n "$node_pid" ] && kill "$node_pid" 2> /dev/null
	sh "$top/scripts/devnet" stop > /dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
mib=256 zgmib=32 reps=3
if [ "${OR_BENCH_QUICK:-0}" = 1 ]; then mib=16 zgmib=4 reps=1; fi
gen="$top/build/rel/helpers/gen-bytes"
[ -x "$gen" ] && [ -x "$top/build/rel/helpers/zg-node" ] ||
    make -s -C "$top" units > /dev/null
"$gen" affine $((mib * 1048576)) > "$tmp/big"
cat "$tmp/big" > /dev/null	# warm the page cache
export OR_STORE="$tmp/store"
root=$(or-put0g put "$tmp/big" | jq -r .root)
[ "$root" = "$(or-hash zg "$tmp/big" | jq -r .root)" ] ||
    echo "bench: or-put0g and or-hash disagree on the root" >&2

floor=$(median_of $reps or-hash zg "$tmp/big")
cpsha=$(median_of $reps sh -c "cp '$tmp/big' '$tmp/copy' && sha256sum '$tmp/copy'")
# the disk's floor: the same bytes written durably, no hashing
disk=$(median_of $reps dd if="$tmp/big" of="$tmp/copy" bs=1M oflag=direct conv=fsync)
put=$(median_of $reps or-put0g put "$tmp/big")
get=$(median_of $reps or-put0g get "$root" -o "$tmp/out")
cmp "$tmp/big" "$tmp/out" || echo "bench: get wrote other bytes" >&2
for v in put:$put get:$get; do
	emit "local store ${v%%:*} ${mib} MiB vs or-hash zg (the hashing floor)" ms \
	    "$(ratio "${v#*:}" 1000000)" "or-hash zg" "$(ratio "$floor" 1000000)" \
	    "$(ratio "$floor" "${v#*:}")" 0.8
	emit "local store ${v%%:*} ${mib} MiB vs cp + sha256sum" ms \
	    "$(ratio "${v#*:}" 1000000)" "cp + sha256sum" "$(ratio "$cpsha" 1000000)" \
	    "$(ratio "$cpsha" "${v#*:}")" 0.5
	emit "local store ${v%%:*} ${mib} MiB vs a durable write of it (the disk's floor)" ms \
	    "$(ratio "${v#*:}" 1000000)" "dd bs=1M oflag=direct conv=fsync" \
	    "$(ratio "$disk" 1000000)" "$(ratio "$disk" "${v#*:}")" 0.8
done

# 0G: anvil, the test Flow and market, one loopback node
sh "$top/scripts/devnet" start > /dev/null || { echo "bench: no devnet" >&2; exit 1; }
eval "$(sh "$top/scripts/devnet" env)"
deploy() {
	or-abi encode --bytecode "$(jq -r .bytecode "$top/contracts/out/$1.json")" "$2" "$3" |
	    or-rpc fill | or-sign tx | or-rpc send | or-rpc wait | jq -r .receipt.contractAddress
}
market=$(deploy ZgTestMarket 'constructor(uint256)' 1000)
flow=$(deploy ZgTestFlow 'constructor(address)' "$market")
"$top/build/rel/helpers/zg-node" --rpc "$ETH_RPC_URL" --flow "$flow" > "$tmp/node.url" 2> /dev/null &
node_pid=$!
for _ in $(seq 100); do [ -s "$tmp/node.url" ] && break; sleep 0.05; done
url=$(jq -r .url "$tmp/node.url")
bytes=$((zgmib * 1048576))
"$gen" seq251 "$bytes" > "$tmp/zg"
t=$(time_ns or-put0g put --0g --node "$url" --store "$tmp/s1" "$tmp/zg")
up=$(awk -v b=$bytes -v t="$t" 'BEGIN { printf "%.2f", b / 1e6 / (t / 1e9) }')
zroot=$(or-hash zg "$tmp/zg" | jq -r .root)
t=$(time_ns or-put0g get --node "$url" --store "$tmp/s2" "$zroot" -o "$tmp/zg.out")
down=$(awk -v b=$bytes -v t="$t" 'BEGIN { printf "%.2f", b / 1e6 / (t / 1e9) }')
cmp "$tmp/zg" "$tmp/zg.out" || echo "bench: the 0G download differs" >&2
sdk=$top/tests/helpers/zg-sdk.cjs
echo 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d > "$tmp/key1"
"$gen" affine "$bytes" > "$tmp/zg2"
t=$(time_ns node "$sdk" upload "$tmp/zg2" "$ETH_RPC_URL" "$flow" "$tmp/key1" "$url")
sup=$(awk -v b=$bytes -v t="$t" 'BEGIN { printf "%.2f", (t > 0) ? b / 1e6 / (t / 1e9) : 0 }')
t=$(time_ns node "$sdk" download "$zroot" "$tmp/zg.sdk" "$url")
sdown=$(awk -v b=$bytes -v t="$t" 'BEGIN { printf "%.2f", (t > 0) ? b / 1e6 / (t / 1e9) : 0 }')
emit "0G upload ${zgmib} MiB to the loopback node (submit, segments, finalize)" MB/s \
    "$up" "0g-ts-sdk Uploader" "$sup" "$(ratio "$up" "$sup")" 1.0
emit "0G download ${zgmib} MiB from the loopback node (verified segments)" MB/s \
    "$down" "0g-ts-sdk Downloader with proofs" "$sdown" "$(ratio "$down" "$sdown")" 1.0
