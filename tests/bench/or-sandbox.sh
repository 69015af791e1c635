#!/bin/sh
# or-sandbox per-run overhead (sandbox.md 3.12): `or-sandbox -- true` versus
# bubblewrap --unshare-all with a comparable root (read-only system folders,
# /dev, /proc, tmpfs /tmp), each minus plain `true`.  Medians of hyperfine
# runs in this one invocation.  Target: our overhead <= bubblewrap's.
set -eu
runs=${OR_BENCH_RUNS:-60}
[ "${OR_BENCH_QUICK:-0}" = 1 ] && runs=15
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

hyperfine -N -w 10 -r "$runs" --export-json "$tmp/h.json" \
    "or-sandbox -q -- true" "or-sandbox -q --cgroup off -- true" \
    "$bw" "true" > /dev/null 2>&1

# medians in ms; overhead = median - median(true)
jq -c --arg bw "$bw" '
	. as $h |
	def med(i): $h.results[i].median * 1000;
	(med(3)) as $base |
	(med(2) - $base) as $peer |
	[0, 1] | map(. as $i | (med($i) - $base) as $ours | {
		bench: (if $i == 0 then "or-sandbox -- true (cgroup auto), overhead"
		    else "or-sandbox --cgroup off -- true, overhead" end),
		unit: "ms",
		ours: ($ours * 1000 | round / 1000),
		peer: "bwrap --unshare-all (ro system folders, --dev, --proc, tmpfs /tmp)",
		peerValue: ($peer * 1000 | round / 1000),
		ratio: (if $peer > 0 then ($ours / $peer * 1000 | round / 1000) else null end),
		target: 1,
		met: ($ours <= $peer)
	}) | .[]' "$tmp/h.json"
