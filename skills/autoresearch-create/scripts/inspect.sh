#!/bin/sh
# inspect.sh [--repo DIR]: create, step 2.  Gathers facts about the work copy
# for the agent that drafts the protocol: the tree to depth 2, the README's
# first 8,000 bytes, dependency manifests, build and CI files, candidate entry
# points and the tracked size.  Writes .autoresearch/create/discovery.md.
# shellcheck disable=SC2016
prog=inspect.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

repo_arg=''
while [ $# -gt 0 ]; do
	case $1 in
	--repo) [ $# -ge 2 ] || usage_die "option '--repo' needs a value"; repo_arg=$2; shift 2 ;;
	--repo=*) repo_arg=${1#--repo=}; shift ;;
	-h | --help) echo 'usage: inspect.sh [--repo DIR]'; exit 0 ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
done
need_tools git jq flock sha256sum
create_open "$repo_arg"
require prepare commit
need_tools or-hash

files=$(git_ -C "$repo" ls-tree -r --name-only "$commit") || die 3 git_failed "git ls-tree failed"
nfiles=$(printf '%s\n' "$files" | grep -c .)
size=$(git_ -C "$repo" ls-tree -r -l "$commit" | awk '{ s += $4 } END { print s + 0 }')
tree=$(cd "$repo" && or-hash tree --commit "$commit" . 2> /dev/null | jq -r '.treeHash // empty')
[ -n "$tree" ] || die 1 tree_failed "or-hash tree cannot hash commit $commit (unsupported entries?)"

# Path lists, one per line; each section prints at most 50.
section() {	# title, paths
	printf '\n## %s\n\n' "$1"
	if [ -z "$2" ]; then
		echo '(none)'
	else
		printf '%s\n' "$2" | head -n 50 | sed 's/^/- `/; s/$/`/'
		_k=$(printf '%s\n' "$2" | grep -c .)
		[ "$_k" -le 50 ] || printf -- '- ... (%s in all)\n' "$_k"
	fi
}
manifests=$(printf '%s\n' "$files" | grep -E '(^|/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|requirements[^/]*\.txt|constraints[^/]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|Cargo\.toml|Cargo\.lock|go\.mod|go\.sum|Gemfile|Gemfile\.lock|[^/]*\.gemspec|composer\.json|composer\.lock|vcpkg\.json|conanfile\.txt|conanfile\.py)$')
build=$(printf '%s\n' "$files" | grep -E '(^|/)(Makefile|GNUmakefile|makefile|[^/]*\.mk|CMakeLists\.txt|meson\.build|configure(\.ac)?|build\.sh|Dockerfile|[^/]*\.dockerfile|justfile|Taskfile\.ya?ml|tox\.ini|noxfile\.py|BUILD(\.bazel)?|WORKSPACE)$|^\.github/workflows/|^\.gitlab-ci\.yml$|^\.circleci/')
entry=$(printf '%s\n' "$files" | grep -iE '(^|/)[^/]*(bench|perf|eval|score|train|run|main|driver|harness)[^/]*$' | grep -viE '\.(md|txt|json|ya?ml|lock)$')
readme=$(printf '%s\n' "$files" | grep -iE '^readme(\.[a-z]+)?$' | head -n 1)

{
	printf '# Discovery: %s\n\n' "$(jq -r '.owner + "/" + .name' "$ws/bundle.json")"
	printf -- '- source: `%s`\n' "$(jq -r .source "$ws/bundle.json")"
	printf -- '- commit: `%s`%s\n' "$commit" "$(jq -r 'if .branch then " (branch `" + .branch + "`)" else "" end' "$ws/bundle.json")"
	printf -- '- tracked files: %s, %s bytes\n' "$nfiles" "$size"
	printf -- '- tree hash (openresearch/tree/v1): `%s`\n' "$tree"
	printf '\n## Tree (depth 2)\n\n```\n'
	printf '%s\n' "$files" | awk -F/ 'NF <= 2 { print; next } { print $1 "/" $2 "/..." }' | uniq | head -n 200
	printf '```\n'
	if [ -n "$readme" ]; then
		printf '\n## README (`%s`, first 8,000 bytes, whole characters)\n\n````\n' "$readme"
		git_ -C "$repo" show "$commit:$readme" | head -c 8000 | iconv -c -f UTF-8 -t UTF-8 2> /dev/null
		printf '\n````\n'
	else
		printf '\n## README\n\n(none)\n'
	fi
	section 'Dependency manifests' "$manifests"
	section 'Build and CI files' "$build"
	section 'Candidate entry points (benchmarks, drivers, scripts)' "$entry"
	cat <<'EOT'

## Next: the discovery draft

Write `.autoresearch/create/draft.json`, a protocol `discoveryDraft`
(`schemaKind`, `protocolVersion` "1.1", `meta.archetypeGuess`, `environment`,
`execution`, `measurement.metricGuess`, `mutableSurface`, `blockers`), then run
`scaffold.sh`.
EOT
} > "$ws/.discovery.md.new" || die 3 write_failed "cannot write discovery.md"
write_atomic "$ws/discovery.md" < "$ws/.discovery.md.new"
rm -f "$ws/.discovery.md.new"
stamp_write "$ws" inspect bundle.json discovery.md
rel "$ws/discovery.md"
if [ -f "$ws/draft.json" ]; then
	finish inspected
fi
finish awaiting_draft "$(jq -cn '{next: "write .autoresearch/create/draft.json, then run scaffold.sh"}')"
