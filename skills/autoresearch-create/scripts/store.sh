#!/bin/sh
# store.sh [--repo DIR]: create, step 10.  Stores protocol.json, both
# archives, baseline/baseline.json and every log it names (or-put0g put: the
# local store, or 0G Storage with OR_STORAGE=0g), then gets every root back
# (or-put0g get) and compares the bytes.  Writes storage.jsonl, one line per
# object: {name, path, root, size, backend, txHash?}.
prog=store.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() { echo 'usage: store.sh [--repo DIR]'; }
step_opt() { return 0; }
create_opts "$@"
need_tools git jq flock sha256sum
create_open "$repo_arg"
require preview check archives baseline
need_tools or-hash or-put0g
stamp_drop "$ws" store

# The objects and the roots they must have: {name, path, root}.
ph=$(zg_root "$ws/protocol.json") || exit
bh=$(zg_root "$ws/baseline/baseline.json") || exit
objects=$(jq -c --arg ph "$ph" --arg bh "$bh" --slurpfile ar "$ws/artifacts/archives.json" '
    {name: "protocol", path: "protocol.json", root: $ph},
    {name: "repoSnapshot", path: $ar[0].repoSnapshot.path, root: $ar[0].repoSnapshot.root},
    {name: "benchmark", path: $ar[0].benchmark.path, root: $ar[0].benchmark.root},
    {name: "baseline", path: "baseline/baseline.json", root: $bh},
    (.logs[] | {name: "log", path, root})' "$ws/baseline/baseline.json") ||
    die 1 bad_input "cannot read the objects to store"
n=$(printf '%s\n' "$objects" | grep -c .)

progress "storing $n objects"
put=$(cd "$ws" && printf '%s\n' "$objects" | jq -c '{path}' | or-put0g put)
s=$?
if [ "$s" -ne 0 ]; then
	printf '%s\n' "$put" | jq -c 'select(.error)' 2> /dev/null
	die "$(tool_status "$s")" store_failed "or-put0g put failed (status $s)"
fi
[ "$(printf '%s\n' "$put" | grep -c .)" = "$n" ] ||
    die 1 store_failed "or-put0g put answered $(printf '%s\n' "$put" | grep -c .) records for $n objects"
records=$( (printf '%s\n' "$objects" | jq -cs .; printf '%s\n' "$put" | jq -cs .) | jq -cs '
    .[0] as $o | .[1] as $p |
    [range(0; $o | length) | $o[.] + {put: $p[.]}][]') || die 1 store_failed "cannot read or-put0g's records"
bad=$(printf '%s\n' "$records" | jq -r 'select(.put.root != .root) | "\(.path): stored as \(.put.root), expected \(.root)"' | head -n 1)
[ -z "$bad" ] || die 1 root_mismatch "$bad"

# round trip: every root read back from the configured backend, byte for byte
rt=$(scratch_dir create-store) || exit
remove_at_exit "$rt"
i=0
printf '%s\n' "$records" > "$rt/records"
while IFS= read -r r; do
	i=$((i + 1))
	root=$(printf '%s\n' "$r" | jq -r .root)
	path=$(printf '%s\n' "$r" | jq -r .path)
	progress "checking $i/$n: $path"
	g=$(or-put0g get -o "$rt/$i" "$root" < /dev/null)
	s=$?
	outcome=$(printf '%s\n' "$g" | jq -r '.outcome // empty' 2> /dev/null)
	if [ "$s" -ne 0 ] || [ "$outcome" != ok ]; then
		die "$(tool_status "$s")" roundtrip_failed "stored $path ($root) cannot be read back: outcome ${outcome:-none}"
	fi
	cmp -s "$rt/$i" "$ws/$path" || die 1 roundtrip_failed "stored $path ($root) reads back different bytes"
	rm -f "$rt/$i"
done < "$rt/records"

# an object put twice (two identical logs) is submitted once: both lines
# carry that submission's txHash
printf '%s\n' "$records" | jq -cs '
    (map(select(.put.txHash) | {key: .root, value: .put.txHash}) | from_entries) as $tx |
    .[] | {name, path, root, size: .put.size, backend: (.put.backend // "local")}
        + (if $tx[.root] then {txHash: $tx[.root]} else {} end)' > "$rt/storage.jsonl" ||
    die 3 write_failed "cannot build storage.jsonl"
write_atomic "$ws/storage.jsonl" < "$rt/storage.jsonl"
stamp_write "$ws" store protocol.json artifacts/archives.json artifacts/repo-snapshot.tar \
    artifacts/benchmark.tar baseline/baseline.json storage.jsonl
rel "$ws/storage.jsonl"
finish stored "$(jq -cs '{objects: length, backend: (map(.backend) | unique)}' "$ws/storage.jsonl")"
