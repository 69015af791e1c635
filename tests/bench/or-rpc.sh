#!/bin/sh
# or-rpc benchmark: eth_blockNumber reads against a local anvil (scripts/devnet):
# 1,000 reads in one or-rpc stream (one kept-alive connection) versus one
# `cast block-number` process per read and one `curl` process per read.
# Prints requests/s medians; target: or-rpc >= 10x cast.  OR_BENCH_QUICK=1
# shrinks the counts.  The peers run fewer calls (rates are per request).
set -u
. "$(dirname "$0")/lib.sh"
top=${OR_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=$top/bin:$top/tools/npm/node_modules/.bin:$PATH
n=1000 npeer=100 reps=5
[ "${OR_BENCH_QUICK:-0}" = 1 ] && n=200 npeer=20 reps=3
tmp=$(mktemp -d)
OR_DEVNET_DIR=$tmp/devnet
export OR_DEVNET_DIR
trap 'sh "$top/scripts/devnet" stop; rm -rf "$tmp"' EXIT
sh "$top/scripts/devnet" start > /dev/null || exit 1
url=$(jq -r .rpcUrl "$OR_DEVNET_DIR/state.json")
body='{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}'

# rate COUNT START END: requests per second
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / ((b - a) / 1e9) }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ours() {
	yes '{}' | head -n "$n" > "$tmp/in"
	i=0
	while [ $i -lt $reps ]; do
		a=$(now)
		or-rpc -r "$url" block-number < "$tmp/in" > "$tmp/out" || exit 1
		b=$(now)
		[ "$(wc -l < "$tmp/out")" -eq "$n" ] || exit 1
		rate "$n" "$a" "$b"; echo
		i=$((i + 1))
	done | median
}

peer() {	# command words; run npeer times per repetition
	i=0
	while [ $i -lt $reps ]; do
		a=$(now)
		k=0
		while [ $k -lt $npeer ]; do
			"$@" > /dev/null || exit 1
			k=$((k + 1))
		done
		b=$(now)
		rate "$npeer" "$a" "$b"; echo
		i=$((i + 1))
	done | median
}

o=$(ours)
c=$(peer cast block-number --rpc-url "$url")
u=$(peer curl -sf -H 'Content-Type: application/json' -d "$body" "$url")
bench="or-rpc eth_blockNumber reads ($n in one stream; $npeer per peer, one process per call)"
emit "$bench" requests/s "$o" "cast block-number" "$c" "$(ratio "$o" "$c")" 10
emit "$bench" requests/s "$o" "curl" "$u" "$(ratio "$o" "$u")" 1
