#!/bin/sh
# prepare.sh [--dir DIR] URL|PATH: create, step 1.  A local folder is used in
# place (only .autoresearch/ is written, and listed in .git/info/exclude); a
# URL (https://, ssh://, git@, file://) is cloned into DIR (default: the
# repository's name in the current folder) without prompts or stored
# credentials.  Refuses a dirty tracked tree, submodules and a tracked
# .autoresearch/.  Writes .autoresearch/create/bundle.json.
prog=prepare.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() {
	echo 'usage: prepare.sh [--dir DIR] URL|PATH'
}

src='' dir=''
while [ $# -gt 0 ]; do
	case $1 in
	--dir) [ $# -ge 2 ] || usage_die "option '--dir' needs a value"; dir=$2; shift 2 ;;
	--dir=*) dir=${1#--dir=}; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; [ $# -gt 0 ] && { [ -z "$src" ] || usage_die "give one URL or PATH"; src=$1; shift; }
	    [ $# -eq 0 ] || usage_die "give one URL or PATH"; break ;;
	-*) usage_die "unknown option '$1'" ;;
	*) [ -z "$src" ] || usage_die "give one URL or PATH"; src=$1; shift ;;
	esac
done
[ -n "$src" ] || { usage >&2; usage_die "give the URL or PATH of the repository"; }
need_tools git jq flock sha256sum

# The authority of a URL must not carry a password or token.
no_credentials() {
	_a=${1#*://}
	_a=${_a%%/*}
	case $_a in
	*@*) case $1 in
	    https://*) die 2 bad_url "credentials in the URL are not accepted: '${1%%://*}://${_a#*@}'" ;;
	    esac
	    case ${_a%@*} in *:*) die 2 bad_url "a password in the URL is not accepted" ;; esac ;;
	esac
}

kind=path
case $src in
https://?* | ssh://?* | file://?*) kind=url; no_credentials "$src" ;;
git@?*:?*) kind=url ;;
*://* | *::*) die 2 bad_url "unsupported URL scheme in '$src': use https://, ssh://, git@host:path or file://" ;;
esac

# name: the repository's name from a URL or a path (last component, no .git).
repo_name() {
	_n=${1%/}
	_n=${_n%.git}
	_n=${_n##*/}
	_n=${_n##*:}
	printf '%s\n' "$_n"
}

# owner: the component before the name, or "local".
repo_owner() {
	_o=${1%/}
	_o=${_o%.git}
	_o=${_o%/*}
	case $_o in *:*) _o=${_o##*:} ;; esac
	_o=${_o##*/}
	case $_o in '' | .) _o=local ;; esac
	printf '%s\n' "$_o"
}

clone_url=null
if [ "$kind" = url ]; then
	name=$(repo_name "$src")
	[ -n "$name" ] || die 2 bad_url "cannot tell the repository name from '$src'"
	owner=$(repo_owner "$src")
	[ -n "$dir" ] || dir=./$name
	case $src in file://*) ;; *) clone_url=$(jq -cn --arg u "$src" '$u') ;; esac
	if [ -f "$dir/.autoresearch/create/bundle.json" ] &&
	    [ "$(jq -r .source "$dir/.autoresearch/create/bundle.json")" = "$src" ]; then
		progress "using the earlier clone in '$dir'"
	else
		if [ -e "$dir" ] && [ -n "$(ls -A -- "$dir" 2> /dev/null)" ]; then
			die 1 dest_exists "'$dir' exists and is not empty"
		fi
		progress "cloning into '$dir'"
		git_ -c protocol.ext.allow=never clone --quiet --no-recurse-submodules -- "$src" "$dir" >&2 ||
		    die 4 clone_failed "cannot clone '$src'"
	fi
	path=$dir
else
	[ -z "$dir" ] || usage_die "--dir is for URLs; a local folder is used in place"
	path=$src
	[ -d "$path" ] || die 1 not_found "'$path' is not a folder"
fi

repo=$(cd "$path" && git_ rev-parse --show-toplevel 2> /dev/null) ||
    die 1 not_a_repo "'$path' is not a git work tree"
[ "$(git_ -C "$repo" rev-parse --is-bare-repository)" = false ] ||
    die 1 not_a_repo "'$path' is a bare repository"
commit=$(git_ -C "$repo" rev-parse -q --verify 'HEAD^{commit}') ||
    die 1 no_commit "'$repo' has no commit yet"
if [ "$kind" = path ]; then
	name=$(repo_name "$repo")
	owner=local
	o=$(git_ -C "$repo" remote get-url origin 2> /dev/null) || o=
	case $o in
	https://?* | ssh://?* | git@?*:?*)
		case ${o#*://} in
		*@*) ;;	# never copy a URL that may hold credentials
		*) clone_url=$(jq -cn --arg u "$o" '$u'); owner=$(repo_owner "$o"); name=$(repo_name "$o") ;;
		esac ;;
	esac
fi

# Refusals: submodules, a tracked .autoresearch/, uncommitted tracked edits.
if git_ -C "$repo" ls-files -s | grep -q '^160000 '; then
	die 1 submodule "'$repo' has submodules: create packages plain trees only"
fi
if [ -n "$(git_ -C "$repo" ls-files -- .gitmodules)" ]; then
	die 1 submodule "'$repo' tracks .gitmodules: create packages plain trees only"
fi
if [ -n "$(git_ -C "$repo" ls-files -- .autoresearch)" ]; then
	die 1 tracked_workspace "'$repo' tracks files under .autoresearch/, the workspace folder"
fi
require_clean "$repo"

# .autoresearch/ is never part of a tree.
exclude=$(cd "$repo" && git_ rev-parse --git-path info/exclude) || die 3 git_failed "git rev-parse failed"
case $exclude in /*) ;; *) exclude=$repo/$exclude ;; esac
mkdir -p "$(dirname -- "$exclude")" || die 3 write_failed "cannot create '$(dirname -- "$exclude")'"
if ! grep -qxF '/.autoresearch/' "$exclude" 2> /dev/null; then
	printf '/.autoresearch/\n' >> "$exclude" || die 3 write_failed "cannot append to '$exclude'"
fi

ws=$repo/.autoresearch/create
mkdir -p "$ws" || die 3 write_failed "cannot create '$ws'"
lock_workspace "$ws"

branch=$(git_ -C "$repo" symbolic-ref -q --short HEAD) || branch=
if [ "$kind" = url ]; then
	source_=$src
else
	source_=$repo
fi
bundle=$(jq -n --arg source "$source_" --arg kind "$kind" --arg dir "$repo" --arg commit "$commit" \
    --arg branch "$branch" --argjson cloneUrl "$clone_url" --arg owner "$owner" \
    --arg name "$name" --arg at "$(utc_now)" '{
	schema: "openresearch/create-bundle/v1", source: $source, sourceKind: $kind,
	dir: $dir, commit: $commit, branch: (if $branch == "" then null else $branch end),
	cloneUrl: $cloneUrl, owner: $owner, name: $name, preparedAt: $at}')
# the same source at the same commit keeps its bundle, so later steps stay valid
if [ ! -f "$ws/bundle.json" ] || [ "$(jq -c 'del(.preparedAt)' "$ws/bundle.json" 2> /dev/null)" != \
    "$(printf '%s\n' "$bundle" | jq -c 'del(.preparedAt)')" ]; then
	printf '%s\n' "$bundle" | json_write "$ws/bundle.json" || exit
fi
stamp_write "$ws" prepare bundle.json
rel "$ws/bundle.json"
finish prepared "$(jq -cn --arg d "$repo" --arg c "$commit" '{repo: $d, commit: $c}')"
