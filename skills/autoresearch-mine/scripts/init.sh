#!/bin/sh
# init.sh --project ID [--deployment F] (--dir D | --checkout EXISTING)
# init.sh --protocol FILE --tree DIR --dir D        (offline, no chain)
# mine, §3.3.  Makes the mining workspace: the incumbent code as a git
# checkout (branches or-incumbent/<id> and or-mine/<id>), the protocol and
# program.md, the trusted harness from the benchmark bundle, config.json,
# empty journals, the network state and the measured incumbent.
prog=init.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() {
	echo 'usage: init.sh --project ID [--deployment F] (--dir D | --checkout EXISTING)'
	echo '       init.sh --protocol FILE --tree DIR --dir D'
}
pid_arg=${OR_PROJECT_ID:-} dep_arg='' dir='' checkout='' pfile='' tree=''
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--project | --deployment | --dir | --checkout | --protocol | --tree)
		[ $# -ge 2 ] || usage_die "option '$1' needs a value"
		case $1 in
		--project) pid_arg=$2 ;; --deployment) dep_arg=$2 ;; --dir) dir=$2 ;;
		--checkout) checkout=$2 ;; --protocol) pfile=$2 ;; --tree) tree=$2 ;;
		esac
		shift 2 ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
done
need_tools git jq flock sha256sum bc or-pack or-put0g or-protocol or-bench or-hash
if [ -n "$pfile" ] || [ -n "$tree" ]; then
	mode=offline
	if [ -z "$pfile" ] || [ -z "$tree" ] || [ -z "$dir" ]; then
		usage_die "offline init needs --protocol, --tree and --dir"
	fi
	[ -d "$tree" ] || usage_die "'$tree' is not a folder"
	pid=${pid_arg:-0}
else
	mode=chain
	[ -n "$pid_arg" ] || usage_die "give --project ID (or --protocol and --tree for offline mining)"
	case $pid_arg in '' | *[!0-9]*) usage_die "project id '$pid_arg' is not a decimal number" ;; esac
	pid=$pid_arg
	[ -n "$dir" ] || [ -n "$checkout" ] || usage_die "give --dir D or --checkout EXISTING"
fi
[ -z "$dir" ] || [ -z "$checkout" ] || usage_die "--dir and --checkout exclude each other"
if [ -n "$dir" ]; then
	[ ! -e "$dir" ] || [ -z "$(ls -A -- "$dir" 2> /dev/null)" ] ||
	    usage_die "'$dir' exists and is not empty (use --checkout for an existing checkout)"
fi

S=$(scratch_dir init) || exit
remove_at_exit "$S"

# The artifacts: protocol bytes, incumbent code, benchmark bundle.
if [ "$mode" = chain ]; then
	deployment_open "$dep_arg"
	dep=$(cd "$(dirname -- "$dep")" && pwd -P)/${dep##*/}
	reg=$(manifest_get "$dep" .contracts.ProjectRegistry.address)
	led=$(manifest_get "$dep" .contracts.ProposalLedger.address)
	proj=$(call_view "$reg" 'getProject(uint256)(bytes32,bytes32,bytes32,int256,bytes32,bytes32,int256,bytes32,address,address,address,uint64)' "$pid") || exit
	tok=$(printf '%s\n' "$proj" | jq -r '."9"')
	[ "$tok" != 0x0000000000000000000000000000000000000000 ] ||
	    die 1 unknown_project "project $pid does not exist on chain $cid"
	ph=$(printf '%s\n' "$proj" | jq -r '."0"')
	bh=$(printf '%s\n' "$proj" | jq -r '."2"')
	inc=$(printf '%s\n' "$proj" | jq -r 'if ."5" == ("0x" + "0" * 64) then ."1" else ."5" end')
	store_get "$ph" "$S/protocol.json" || exit
	store_get "$inc" "$S/code.tar" || exit
	store_get "$bh" "$S/bench.tar" || exit
else
	dep='' cid=null reg='' led=''
	or-protocol -q fmt -o "$S/protocol.json" "$pfile" < /dev/null > /dev/null ||
	    die 1 bad_protocol "or-protocol fmt failed on '$pfile'"
	ph=$(zg_root "$S/protocol.json") || exit
	if git -C "$tree" rev-parse --git-dir > /dev/null 2>&1; then
		or-pack -q pack -C "$tree" --commit HEAD -o "$S/code.tar" < /dev/null > /dev/null
	else
		or-pack -q pack "$tree" -o "$S/code.tar" < /dev/null > /dev/null
	fi || die 1 pack_failed "cannot pack '$tree'"
	unpack_to "$S/code.tar" "$S/tree" || exit
	or-gate -q surface --protocol "$S/protocol.json" --class immutable "$S/tree" < /dev/null |
	    jq -c 'select(.class == "immutable")' > "$S/harness.jsonl"
	[ -s "$S/harness.jsonl" ] || die 1 empty_harness "no file of '$tree' matches immutableHarness.paths"
	or-pack -q pack "$S/tree" --paths "$S/harness.jsonl" -o "$S/bench.tar" < /dev/null > /dev/null ||
	    die 1 pack_failed "cannot pack the harness of '$tree'"
	inc=$(zg_root "$S/code.tar") || exit
	bh=$(zg_root "$S/bench.tar") || exit
fi
[ "$(zg_root "$S/protocol.json")" = "$ph" ] || die 1 root_mismatch "protocol bytes do not hash to $ph"
or-protocol -q check "$S/protocol.json" < /dev/null > "$S/check.out" ||
    die 1 bad_protocol "the project's protocol fails or-protocol check: $(jq -r '.error.message // empty' "$S/check.out" | head -n 1)"

# The checkout.
if [ -n "$checkout" ]; then
	repo=$(cd "$checkout" && pwd -P) || die 1 no_checkout "cannot enter '$checkout'"
	r=$(or-pack -q pack -C "$repo" --commit HEAD < /dev/null | jq -r .root)
	[ "$r" = "$inc" ] || die 1 wrong_checkout "'$checkout' HEAD packs to $r, the incumbent is $inc"
	[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] ||
	    die 1 dirty_checkout "'$checkout' has uncommitted changes"
else
	mkdir -p "$dir" || die 3 write_failed "cannot create '$dir'"
	repo=$(cd "$dir" && pwd -P) || exit 3
	unpack_to "$S/code.tar" "$repo" || exit
	git -C "$repo" init -q -b "or-incumbent/$pid" || die 3 git_failed "git init failed in '$repo'"
fi
ws=$repo/.autoresearch/mine
mkdir -p "$ws/runs" "$ws/submissions" || die 3 write_failed "cannot create '$ws'"
grep -qx '/.autoresearch/' "$repo/.git/info/exclude" 2> /dev/null ||
    printf '/.autoresearch/\n' >> "$repo/.git/info/exclude"
lock_workspace "$ws"
if [ -z "$checkout" ]; then
	git_ add -A . || die 3 git_failed "cannot stage the incumbent"
	git_ commit -qm "incumbent $inc" -m "OR-Incumbent: $inc" || die 3 git_failed "cannot commit the incumbent"
	r=$(or-pack -q pack -C "$repo" --commit HEAD < /dev/null | jq -r .root)
	[ "$r" = "$inc" ] || die 1 root_mismatch "the incumbent commit packs to $r, not $inc"
else
	git_ branch -f "or-incumbent/$pid" HEAD || die 3 git_failed "cannot create or-incumbent/$pid"
fi
git_ checkout -q -B "or-mine/$pid" || die 3 git_failed "cannot create the mining branch"

write_atomic "$ws/protocol.json" < "$S/protocol.json" || exit
P=$ws/protocol.json
or-protocol -q render -o "$ws/program.md" "$P" < /dev/null > /dev/null ||
    die 1 render_failed "or-protocol render failed"
rm -rf "$ws/harness"
unpack_to "$S/bench.tar" "$ws/harness" || exit
bid=$(jq -r '.meta.protocolBundleId // empty' "$P")
cfg=$ws/config.json
jq -n --arg mode "$mode" --arg pid "$pid" --arg dep "$dep" --argjson cid "$cid" --arg reg "$reg" \
    --arg led "$led" --arg ph "$ph" --arg bid "$bid" --arg bh "$bh" \
    --arg storage "${OR_STORAGE:-local}" --arg stake "${OR_STAKE:-1}" \
    --arg rcpt "${OR_REWARD_RECIPIENT:-}" --arg prop "${OR_PROPOSER:-}" '
    {schema: "openresearch/mine-config/v1", mode: $mode, projectId: $pid,
     deployment: (if $dep == "" then null else $dep end), chainId: $cid,
     projectRegistry: (if $reg == "" then null else $reg end),
     proposalLedger: (if $led == "" then null else $led end),
     protocolHash: $ph, protocolBundleId: $bid, benchmarkHash: $bh, storage: $storage,
     stake: $stake, rewardRecipient: (if $rcpt == "" then null else $rcpt end),
     proposer: (if $prop == "" then null else $prop end)}' | json_write "$cfg" || exit
for j in trials.jsonl submissions.jsonl; do : >> "$ws/$j"; done
[ -f "$ws/loop.json" ] || printf '{"schema":"openresearch/mine-loop/v1","current":null}\n' | json_write "$ws/loop.json" || exit

# Network state and the measured incumbent.
sync_state || exit
measure_incumbent || exit
wrote "$(ws_rel "$cfg")" "$(ws_rel "$ws/network_state.json")" "$(ws_rel "$ws/incumbent.json")"
finish initialized "$(jq -cn --arg repo "$repo" --arg pid "$pid" --arg inc "$inc" --arg mode "$mode" \
    --slurpfile i "$ws/incumbent.json" \
    '{checkout: $repo, mode: $mode, projectId: $pid, incumbentCodeHash: $inc,
      incumbentMetric: $i[0].summary.aggregate, incumbentScore: $i[0].summary.score}')"
