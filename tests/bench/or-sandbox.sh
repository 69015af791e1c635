#!/bin/sh
# or-sandbox per-run overhead (sandbox.md 3.12): `or-sandbox -- true` versus
# bubblewrap --unshare-all with a comparable root (read-only system folders,
# /dev, /proc, tmpfs /tmp), each minus plain `true`.  The commands run
# interleaved, round after round, so that a drift in the machine's load
# hits all of them alike; each value is the median over the rounds.
# Target: our overhead <= bubblewrap's.  bubblewrap sets no cgroup, so the
# like-for-like line is --cgroup off; with a v1 cgroup, moving init into it
# waits for an RCU grace period in the kernel (about 10 ms on a loaded VM,
# less when runs follow each other closely), reported on its own line.
set -eu
. "$(dirname "$0")/lib.sh"
rounds=${OR_BENCH_RUNS:-80}
[ "${OR_BENCH_QUICK:-0}" = 1 ] && rounds=20
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bw="bwrap --unshare-all --die-with-parent --new-session"
for d in usr bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$d" ]; then
		bw="$bw --symlink $(readlink "/$d") /$d"
	elif [ -d "/$d" ]; then
		bw="$bw --ro-bind /$d /$d"
	fi
done
bw="$bw --dev /dev --proc /proc --tmpfs /tmp true"
set -- "or-sandbox -q -- true" "or-sandbox -q --cgroup off -- true" "$bw" "true"

# one timing per command per round, in microseconds
i=0
while [ "$i" -lt "$rounds" ]; do
	k=0
	for cmd in "$@"; do
		t0=$(now)
		$cmd > /dev/null 2>&1
		t1=$(now)
		[ "$i" -ge 3 ] && echo $(( (t1 - t0) / 1000 )) >> "$tmp/t$k"	# 3 warm-ups
		k=$((k + 1))
	done
	i=$((i + 1))
done
med() { median < "$tmp/t$1"; }
m0=$(med 0) m1=$(med 1) m2=$(med 2) m3=$(med 3)

peer=$(awk -v p="$m2" -v b="$m3" 'BEGIN { printf "%.3f", (p - b) / 1000 }')
bwname="bwrap --unshare-all (ro system folders, --dev, --proc, tmpfs /tmp)"
for k in 0 1; do
	if [ "$k" -eq 0 ]; then
		name="or-sandbox -- true (cgroup auto), overhead" m=$m0
	else
		name="or-sandbox --cgroup off -- true, overhead" m=$m1
	fi
	ours=$(awk -v o="$m" -v b="$m3" 'BEGIN { printf "%.3f", (o - b) / 1000 }')
	emit "$name" ms "$ours" "$bwname" "$peer" "$(ratio "$peer" "$ours")" 1
done
