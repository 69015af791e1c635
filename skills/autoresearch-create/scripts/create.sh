#!/bin/sh
# create.sh [--repo DIR] [--dir DIR] [--yes] [--publish] [--accept-noise]
#           [--accept-too-noisy] [publish options] [URL|PATH]
# Runs the create steps in order, skipping those whose outputs are current,
# and stops where a person has to act:
#   awaiting_draft     the agent writes draft.json from discovery.md
#   awaiting_protocol  the agent completes protocol.json (after scaffold)
#   protocol_invalid   check.sh found problems for the agent to fix
#   awaiting_approval  the researcher approves (preview.sh on a terminal, or --yes)
#   dry_run            publish-plan.json is ready; --publish sends it
# --yes approves the preview without asking; --publish publishes for real.
# Each step's final line is printed as it finishes; the last line is
# create.sh's own.
prog=create.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() {
	echo 'usage: create.sh [--repo DIR] [--dir DIR] [--yes] [--publish] [--accept-noise]'
	echo '                 [--accept-too-noisy] [--deployment FILE] [--token-name NAME]'
	echo '                 [--token-symbol SYM] [--base-price WEI] [--slope WEI]'
	echo '                 [--miner-pool-cap N] [URL|PATH]'
	echo '       WEI: decimal wei, 0x, or a unit suffix (0.001ether, 1gwei)'
}
src='' dir='' yes=0 publish=0 bopts=''
popts_file=$(scratch_dir create)/publish-options || exit
remove_at_exit "${popts_file%/*}"
: > "$popts_file" || die 3 tmp_failed "cannot write '$popts_file'"
step_opt() {
	case $1 in
	--dir) [ $# -ge 2 ] || usage_die "option '--dir' needs a value"; dir=$2; return 2 ;;
	--yes | -y) yes=1; return 1 ;;
	--publish) publish=1; return 1 ;;
	--accept-noise | --accept-too-noisy) bopts="$bopts $1"; return 1 ;;
	--deployment | --token-name | --token-symbol | --base-price | --slope | --miner-pool-cap)
		[ $# -ge 2 ] || usage_die "option '$1' needs a value"
		printf '%s\n%s\n' "$1" "$2" >> "$popts_file"
		return 2 ;;
	-*) return 0 ;;
	esac
	[ -z "$src" ] || usage_die "give one URL or PATH"
	src=$1
	return 1
}
create_opts "$@"
need_tools git jq flock sha256sum

# step NAME ARGS...: run NAME.sh and print its lines; stop (finish or exit)
# when it failed or when it needs a person; else continue.
step() {
	_n=$1
	shift
	progress "step $_n"
	_o=$(sh "$here/$_n.sh" "$@")
	_s=$?
	printf '%s\n' "$_o"
	last_line=$(printf '%s\n' "$_o" | tail -n 1)
	stopped=$(printf '%s\n' "$last_line" | jq -r '.stopped // empty' 2> /dev/null)
	if [ "$_s" -ne 0 ]; then
		final "${stopped:-failed}" "$(jq -cn --arg st "$_n" --argjson s "$_s" '{step: $st, status: $s}')"
		exit "$_s"
	fi
	case $stopped in
	awaiting_* | declined | dry_run | already_published | published)
		finish "$stopped" "$(jq -cn --arg st "$_n" --arg r "$repo" '{step: $st, repo: $r}')" ;;
	esac
}
run() {
	_n=$1
	shift
	step "$_n" --repo "$repo" "$@"
}

if [ -n "$src" ]; then
	if [ -n "$dir" ]; then
		step prepare --dir "$dir" -- "$src"
	else
		step prepare -- "$src"
	fi
	repo=$(printf '%s\n' "$last_line" | jq -r .repo)
else
	[ -z "$dir" ] || usage_die "--dir goes with a URL"
	repo=$(cd "${repo_arg:-.}" 2> /dev/null && git_ rev-parse --show-toplevel 2> /dev/null) ||
	    usage_die "not inside a git work tree: give URL|PATH or --repo DIR"
	[ -f "$repo/.autoresearch/create/bundle.json" ] ||
	    die 1 missing_input "no workspace in '$repo': give URL|PATH to prepare it"
fi
ws=$repo/.autoresearch/create

stamp_ok "$ws" inspect || run inspect
[ -f "$ws/draft.json" ] ||
    finish awaiting_draft "$(jq -cn --arg r "$repo" '{step: "inspect", repo: $r}')"
[ -f "$ws/protocol.json" ] || run scaffold
stamp_ok "$ws" check || run check
if ! stamp_ok "$ws" preview || [ "$(jq -r .approved "$ws/preview.json")" != true ]; then
	if [ "$yes" = 1 ]; then run preview --yes; else run preview; fi
fi
stamp_ok "$ws" render || run render
stamp_ok "$ws" archives || run archives
# shellcheck disable=SC2086 # flags without blanks, one word each
stamp_ok "$ws" baseline || run baseline $bopts
stamp_ok "$ws" store || run store
set --
while IFS= read -r l; do
	set -- "$@" "$l"
done < "$popts_file"
[ "$publish" = 1 ] && set -- "$@" --yes
run publish "$@"
final "${stopped:-done}" "$(jq -cn --arg r "$repo" '{step: "publish", repo: $r}')"
