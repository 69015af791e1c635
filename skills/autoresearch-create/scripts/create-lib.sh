# create-lib.sh: what the create scripts share beyond lib.sh.  Sourced after
# lib.sh, never run.
# shellcheck shell=sh disable=SC2034

# git never prompts, never asks a credential helper, never runs hooks.
GIT_TERMINAL_PROMPT=0
GIT_ASKPASS=/bin/false
SSH_ASKPASS=/bin/false
GIT_SSH_COMMAND='ssh -o BatchMode=yes'
export GIT_TERMINAL_PROMPT GIT_ASKPASS SSH_ASKPASS GIT_SSH_COMMAND
git_() { git -c core.hooksPath=/dev/null -c credential.helper= -c core.askPass=/bin/false "$@"; }

# Set by create_open: repo (absolute top level of the work copy) and ws
# (its .autoresearch/create folder).
repo=
ws=

# create_open [REPO]: find the work copy (default: the git top level of the
# current folder), check that prepare.sh made its workspace, lock it.
create_open() {
	_d=${1:-.}
	[ -d "$_d" ] || usage_die "'$_d' is not a folder"
	repo=$(cd "$_d" && git_ rev-parse --show-toplevel 2> /dev/null) ||
	    usage_die "'$_d' is not inside a git work tree (give --repo DIR, or run prepare.sh first)"
	ws=$repo/.autoresearch/create
	[ -f "$ws/bundle.json" ] ||
	    die 1 missing_input "no workspace in '$repo': run prepare.sh first"
	lock_workspace "$ws"
	commit=$(jq -r .commit "$ws/bundle.json")
}

# require_commit: the work copy is still at the commit prepare.sh recorded,
# and its tracked files are unchanged.
require_commit() {
	_h=$(git_ -C "$repo" rev-parse -q --verify 'HEAD^{commit}' 2> /dev/null)
	[ "$_h" = "$commit" ] ||
	    die 1 stale_input "HEAD is ${_h:-unborn}, prepare.sh recorded $commit: run prepare.sh again"
	require_clean "$repo"
}

# require_clean DIR: no tracked file modified, staged or deleted.
require_clean() {
	_c=$(git_ -C "$1" status --porcelain=v1 --untracked-files=no --ignore-submodules=none 2> /dev/null) ||
	    die 3 git_failed "git status failed in '$1'"
	[ -z "$_c" ] ||
	    die 1 dirty_tree "tracked files in '$1' have uncommitted changes (commit or stash them): $(printf '%s\n' "$_c" | head -n 3 | cut -c4- | tr '\n' ' ')"
}

# approval_check: preview.json approves the current protocol bytes.
approval_check() {
	[ -f "$ws/preview.json" ] ||
	    die 1 missing_input "no approval (preview.json): run preview.sh first"
	[ "$(jq -r .approved "$ws/preview.json")" = true ] ||
	    die 1 not_approved "the researcher has not approved the protocol: run preview.sh (on a terminal, or with --yes)"
	_ah=$(jq -r .protocolHash "$ws/preview.json")
	_ph=$(zg_root "$ws/protocol.json") || exit
	[ "$_ah" = "$_ph" ] ||
	    die 1 approval_lapsed "protocol.json changed after the approval (approved $_ah, now $_ph): run check.sh and preview.sh again"
	stamp_check "$ws" preview preview.sh
}

# require STEP...: each STEP finished and nothing it read or wrote changed
# since; "preview" means a valid approval of the current protocol, "commit"
# the work copy still at the prepared commit and clean.
require() {
	for _r; do
		case $_r in
		preview) approval_check ;;
		commit) require_commit ;;
		*) stamp_check "$ws" "$_r" "$_r.sh" ;;
		esac
	done
}

# rel PATH...: paths under the work copy, relative to it (for "wrote").
rel() {
	for _p; do
		wrote "${_p#"$repo"/}"
	done
}

# create_opts ARGS...: the options every step shares (--repo DIR, --help);
# the step's own options are handled by its step_opt function, which
# returns the number of arguments it consumed (0 for an unknown one).
create_opts() {
	repo_arg=''
	while [ $# -gt 0 ]; do
		case $1 in
		--repo) [ $# -ge 2 ] || usage_die "option '--repo' needs a value"; repo_arg=$2; shift 2 ;;
		--repo=*) repo_arg=${1#--repo=}; shift ;;
		-h | --help) usage; exit 0 ;;
		*)
			step_opt "$@"
			_n=$?
			[ "$_n" -gt 0 ] || usage_die "unknown argument '$1'"
			shift "$_n" ;;
		esac
	done
}

# create_fill FILE: the fields create owns in a protocol: meta.repo (when
# absent), meta.protocolBundleId (<owner>/<name>@<12 hex of the commit>),
# meta.createdAt (when absent) and a random seed salt for fiat_shamir.
create_fill() {
	_salt=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	_f=$(jq --slurpfile b "$ws/bundle.json" --arg now "$(utc_now)" --arg salt "$_salt" '
	    $b[0] as $b |
	    .meta.repo //= ({owner: $b.owner, name: $b.name}
	        + (if $b.cloneUrl then {cloneUrl: $b.cloneUrl} else {} end)
	        + (if $b.branch then {defaultBranch: $b.branch} else {} end)) |
	    .meta.protocolBundleId = "\($b.owner)/\($b.name)@\($b.commit[0:12])" |
	    .meta.createdAt //= $now |
	    if .execution.determinism.seedDerivation.mode? == "fiat_shamir"
	        and ((.execution.determinism.seedDerivation.salt // "") == "")
	    then .execution.determinism.seedDerivation.salt = $salt else . end' "$1" 2> /dev/null) ||
	    return 1
	printf '%s\n' "$_f" | json_write "$1" || exit
}
