#!/bin/sh
# archives.sh [--repo DIR]: create, step 8.  Packs the baseline commit into
# canonical archives (or-pack): artifacts/repo-snapshot.tar with every
# tracked file, artifacts/benchmark.tar with the files of the immutable
# harness (or-gate surface --class immutable).  Each root is cross-checked
# with or-hash zg; artifacts/archives.json records both.
prog=archives.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() { echo 'usage: archives.sh [--repo DIR]'; }
step_opt() { return 0; }
create_opts "$@"
need_tools git jq flock sha256sum
create_open "$repo_arg"
require prepare preview check
need_tools or-hash or-pack or-gate
P=$ws/protocol.json
A=$ws/artifacts
stamp_drop "$ws" archives
mkdir -p "$A" || die 3 write_failed "cannot create '$A'"
rm -f "$A"/.new.*

# pack NAME [PATHS-FILE]: pack the commit into $A/.new.NAME.tar; prints the
# record of or-pack ({root, size}) checked against or-hash zg.
pack() {
	_o=$A/.new.$1.tar
	if [ $# -eq 2 ]; then
		_r=$(cd "$repo" && or-pack pack --commit "$commit" --paths "$2" -o "$_o")
	else
		_r=$(cd "$repo" && or-pack pack --commit "$commit" -o "$_o")
	fi
	_s=$?
	[ "$_s" -eq 0 ] || die "$(tool_status "$_s")" pack_failed "or-pack cannot pack $1 of commit $commit: $(printf '%s\n' "$_r" | jq -r '.error.message // empty' 2> /dev/null)"
	_root=$(printf '%s\n' "$_r" | jq -r '.root // empty')
	_z=$(zg_root "$_o") || exit
	[ "$_root" = "$_z" ] ||
	    die 1 root_mismatch "or-pack says $1 has root '$_root', or-hash zg says $_z"
	printf '%s\n' "$_r"
}

progress "packing the repo snapshot of $commit"
snap=$(pack repo-snapshot) || exit
surface=$(cd "$repo" && or-gate surface --protocol "$P" --commit "$commit" --class immutable)
s=$?
[ "$s" -eq 0 ] || die "$(tool_status "$s")" gate_failed "or-gate surface failed on commit $commit (status $s)"
printf '%s\n' "$surface" | jq -c 'select(.path and .class == "immutable")' > "$A/.new.harness.jsonl"
nh=$(grep -c . "$A/.new.harness.jsonl")
[ "$nh" -gt 0 ] || die 1 empty_harness "no tracked file matches immutableHarness.paths"
progress "packing the benchmark bundle ($nh files)"
bench=$(pack benchmark "$A/.new.harness.jsonl") || exit
rm -f "$A/.new.harness.jsonl"

for f in repo-snapshot benchmark; do
	mv -f "$A/.new.$f.tar" "$A/$f.tar" || die 3 write_failed "cannot move $f.tar into '$A'"
done
fsync_path "$A"
jq -n --arg commit "$commit" --argjson snap "$snap" --argjson bench "$bench" --argjson nh "$nh" '
    {schema: "openresearch/create-archives/v1", commit: $commit,
     repoSnapshot: {path: "artifacts/repo-snapshot.tar", root: $snap.root, size: $snap.size},
     benchmark: {path: "artifacts/benchmark.tar", root: $bench.root, size: $bench.size, files: $nh}}' |
    json_write "$A/archives.json" || exit
stamp_write "$ws" archives bundle.json protocol.json preview.json artifacts/archives.json \
    artifacts/repo-snapshot.tar artifacts/benchmark.tar
rel "$A/repo-snapshot.tar" "$A/benchmark.tar" "$A/archives.json"
finish archived "$(jq -cn --argjson snap "$snap" --argjson bench "$bench" \
    '{repoSnapshotHash: $snap.root, benchmarkHash: $bench.root}')"
