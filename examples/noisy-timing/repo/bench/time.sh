#!/bin/sh
# The harness: times src/primes.sh over a fixed limit, checks its answer and
# prints the wall time in milliseconds.  A timing metric: expect noise.
limit=700
expected=125
start=$(date +%s%N)
got=$(sh src/primes.sh "$limit")
end=$(date +%s%N)
if [ "$got" != "$expected" ]; then
	echo "error: primes below $limit: got '$got', expected $expected" >&2
	exit 1
fi
ns=$((end - start))
printf 'primes below %s: %s\n' "$limit" "$got"
printf 'elapsed_ms: %d.%03d\n' $((ns / 1000000)) $((ns / 1000 % 1000))
