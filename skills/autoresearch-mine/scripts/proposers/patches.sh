#!/bin/sh
# proposers/patches.sh DIR: a scripted proposer.  Trial tNNNNNN applies the
# NNNNNN-th patch of DIR (*.patch in name order) to the checkout with
# git apply, so a trial run again after a crash applies the same patch.
# Prints {"hypothesis": ...}; exits 3 when no patch is left, 1 when the
# patch does not apply.
set -u
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo 'usage: patches.sh DIR' >&2
	exit 2
fi
n=${OR_TRIAL_ID:-t000001}
n=${n#t}
n=$(printf '%s\n' "$n" | sed 's/^0*//')
case $n in '' | *[!0-9]*) echo "patches.sh: error: bad OR_TRIAL_ID '${OR_TRIAL_ID:-}'" >&2; exit 2 ;; esac
p=$(find "$1" -maxdepth 1 -type f -name '*.patch' | LC_ALL=C sort | sed -n "${n}p")
[ -n "$p" ] || exit 3
git apply -p1 --whitespace=nowarn -- "$p" || {
	echo "patches.sh: error: '$p' does not apply" >&2
	exit 1
}
name=${p##*/}
printf '{"hypothesis":"apply %s"}\n' "${name%.patch}"
