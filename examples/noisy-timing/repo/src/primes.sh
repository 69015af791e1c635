#!/bin/sh
# Count the primes below $1 by trial division.
limit=${1:?usage: primes.sh LIMIT}
count=0
n=2
while [ "$n" -lt "$limit" ]; do
	d=2
	prime=1
	while [ "$d" -lt "$n" ]; do
		if [ $((n % d)) -eq 0 ]; then
			prime=0
			break
		fi
		d=$((d + 1))
	done
	count=$((count + prime))
	n=$((n + 1))
done
echo "$count"
