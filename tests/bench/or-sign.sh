#!/bin/sh
# Benchmarks of or-sign against cast (run by `make bench` from the repo
# root, bin/ and the npm tools on PATH).  Prints one JSON line per
# comparison, medians of several repetitions measured in this run:
#   sign-stream: transactions signed per second, one or-sign process over a
#     stream vs a loop of `cast mktx` (target: >= 10000 tx/s for or-sign);
#   keystore-decrypt-cpu, keystore-decrypt-wall: CPU and wall seconds to
#     decrypt a geth keystore (scrypt n=2^18, r=8, p=1) vs
#     `cast wallet address --keystore` (target: no slower, ratio >= 1).
# OR_BENCH_QUICK=1 shrinks the inputs.
set -eu
. "$(dirname "$0")/lib.sh"
: "${VECTORS:=tests/vectors}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ETH_RPC_URL=http://127.0.0.1:1	# cast stays offline
key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
printf '%s\n' "$key" > "$tmp/key"
chmod 600 "$tmp/key"
n=20000 ncast=100 reps=5
if [ "${OR_BENCH_QUICK:-0}" = 1 ]; then n=2000 ncast=20 reps=3; fi

# median of the numbers on stdin

awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
	printf "{\"to\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"value\":\"%d\",\"data\":\"0xa9059cbb\",\"chainId\":31337,\"nonce\":%d,\"gasLimit\":60000,\"maxFeePerGas\":\"2000000000\",\"maxPriorityFeePerGas\":\"1000000000\"}\n", i * 1000, i }' \
    > "$tmp/txs.jsonl"

r=0
while [ $r -lt $reps ]; do
	t0=$(now)
	or-sign tx --private-key-file "$tmp/key" < "$tmp/txs.jsonl" > "$tmp/out"
	t1=$(now)
	[ "$(wc -l < "$tmp/out")" -eq "$n" ]
	echo "$n $t0 $t1" | awk '{ printf "%.1f\n", $1 / (($3 - $2) / 1e9) }'
	r=$((r + 1))
done | median > "$tmp/ours"
r=0
while [ $r -lt 3 ]; do
	t0=$(now)
	i=0
	while [ $i -lt $ncast ]; do
		cast mktx --private-key "$key" --chain 31337 --nonce $i \
		    --gas-limit 60000 --gas-price 2000000000 \
		    --priority-gas-price 1000000000 --value $((i * 1000)) \
		    0x70997970c51812dc3a010c7d01b50e0d17dc79c8 0xa9059cbb \
		    > /dev/null
		i=$((i + 1))
	done
	t1=$(now)
	echo "$ncast $t0 $t1" | awk '{ printf "%.1f\n", $1 / (($3 - $2) / 1e9) }'
	r=$((r + 1))
done | median > "$tmp/peer"
o=$(cat "$tmp/ours") p=$(cat "$tmp/peer")
emit sign-stream tx/s "$o" "cast mktx (one process per tx)" "$p" \
    "$(ratio "$o" "$p")" 10000 ours

ks=$VECTORS/keystore/UTC--2022-12-20T10-30-43.591916000Z--ec554aeafe75601aaab43bd4621a22284db566c2
cp "$VECTORS/keystore/password-ec554" "$tmp/pw"
chmod 600 "$tmp/pw"
# Interleaved runs, so that a change in the machine's load hits both alike.
# Reported twice: CPU seconds (user + system, all threads), which other
# users of a shared machine barely disturb, and wall seconds.
: > "$tmp/ours.t"
: > "$tmp/peer.t"
r=0
while [ $r -lt $reps ]; do
	/usr/bin/time -f '%e %U %S' -o "$tmp/t" \
	    or-sign address --keystore "$ks" --password-file "$tmp/pw" > /dev/null
	awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' "$tmp/t" >> "$tmp/ours.t"
	/usr/bin/time -f '%e %U %S' -o "$tmp/t" \
	    cast wallet address --keystore "$ks" --password-file "$tmp/pw" > /dev/null
	awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' "$tmp/t" >> "$tmp/peer.t"
	r=$((r + 1))
done
for k in 1 2; do
	o=$(cut -d' ' -f$k "$tmp/ours.t" | median)
	p=$(cut -d' ' -f$k "$tmp/peer.t" | median)
	name=$([ $k = 1 ] && echo keystore-decrypt-wall || echo keystore-decrypt-cpu)
	emit "$name" s "$o" "cast wallet address --keystore" "$p" \
	    "$(ratio "$p" "$o")" 1
done
