#!/bin/sh
# preview.sh [--repo DIR] [--yes]: create, step 6.  Shows the researcher what
# the protocol commits to (metric, extractor with the value it reads from
# exampleStdout, execution, sampling and scores, and the files of each path
# class) and records the approval in preview.json, bound to the protocol's
# hash: any later change to protocol.json makes it lapse.  On a terminal it
# asks group by group; otherwise --yes is required.
# shellcheck disable=SC2016 # jq programs
prog=preview.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() { echo 'usage: preview.sh [--repo DIR] [--yes]'; }
yes=0
step_opt() {
	case $1 in
	--yes | -y) yes=1; return 1 ;;
	esac
	return 0
}
create_opts "$@"
need_tools git jq flock sha256sum
create_open "$repo_arg"
require prepare check
need_tools or-protocol or-hash or-bench or-gate
P=$ws/protocol.json
stamp_drop "$ws" preview

example=$(or-bench extract --protocol "$P" 2> /dev/null)
s=$?
if [ "$s" -ne 0 ] || [ "$(printf '%s\n' "$example" | jq -r 'has("metric")' 2> /dev/null)" != true ]; then
	printf '%s\n' "$example" | jq -c 'select(.error)' 2> /dev/null
	die "$(tool_status "$s")" extract_failed "or-bench extract reads no metric from exampleStdout"
fi
surface=$(cd "$repo" && or-gate surface --protocol "$P" --commit "$commit")
s=$?
[ "$s" -eq 0 ] || die "$(tool_status "$s")" gate_failed "or-gate surface failed on commit $commit (status $s)"

f=$(pget_obj "$P" name=/measurement/primaryMetric/name \
    direction=/measurement/primaryMetric/direction \
    deterministic=/measurement/primaryMetric/deterministic \
    extract=/measurement/primaryMetric/extract command=/execution/command cwd=/execution/cwd \
    setup=/environment/setupCommands timeout=/execution/hardTimeoutSeconds \
    net=/environment/constraints/networkPolicy sampling=/measurement/sampling \
    bips=/measurement/minScoreImprovementBips scale=/measurement/metricScale \
    seed=/execution/determinism/seedDerivation/mode) || exit
group() { printf '%s\n' "$f" | jq -c --argjson example "$example" "$1"; }
metric=$(group '{name, direction, deterministic}')
extractor=$(group '.extract + {exampleValue: $example.metric, exampleScore: $example.score,
    exampleMatches: $example.matches}')
execution=$(group '{command, cwd,
     setupCommands: [.setup[] | if type == "string" then .
        else ([({pip: "python3 -m pip", bash: "bash -c", sh: "sh -c"}[.kind] // .kind)]
            + (.args | map(if test("^[A-Za-z0-9_./=:,+@%-]+$") then . else @sh end))) | join(" ") end],
     hardTimeoutSeconds: .timeout, networkPolicy: .net}')
measurement=$(group '{sampling, minScoreImprovementBips: .bips, metricScale: .scale, seedMode: .seed}')
paths=$(printf '%s\n' "$surface" | jq -cs '
    [.[] | select(.path)] as $r |
    reduce ("mutable", "immutable", "forbidden", "denied", "other") as $c ({};
        .[$c] = {count: ([$r[] | select(.class == $c)] | length),
                 first: ([$r[] | select(.class == $c) | .path] | .[0:20])})') ||
    die 1 gate_failed "cannot read or-gate surface records"
[ "$(printf '%s\n' "$paths" | jq '.mutable.count')" != 0 ] ||
    die 1 empty_surface "no tracked file is in the mutable surface"

h=$(zg_root "$P") || exit
via=''
if [ "$yes" = 1 ]; then
	via=--yes
elif [ -t 0 ] && [ -t 2 ]; then
	via=terminal
	for g in metric extractor execution measurement paths; do
		case $g in
		metric) v=$metric ;; extractor) v=$extractor ;; execution) v=$execution ;;
		measurement) v=$measurement ;; *) v=$paths ;;
		esac
		printf '\n== %s\n' "$g" >&2
		printf '%s\n' "$v" | jq . >&2
		printf 'approve %s? [y/N] ' "$g" >&2
		read -r answer || answer=n
		case $answer in
		y | Y | yes | YES) ;;
		*) declined=$g; break ;;
		esac
	done
fi
approved=false
[ -n "$via" ] && [ -z "${declined:-}" ] && approved=true
jq -n --arg h "$h" --arg commit "$commit" --argjson approved "$approved" --arg via "$via" \
    --arg at "$(utc_now)" --argjson metric "$metric" --argjson extractor "$extractor" \
    --argjson execution "$execution" --argjson measurement "$measurement" \
    --argjson paths "$paths" --arg declined "${declined:-}" '
    {schema: "openresearch/create-preview/v1", protocolHash: $h, commit: $commit,
     approved: $approved,
     approvedAt: (if $approved then $at else null end),
     approvedVia: (if $approved then $via else null end),
     declined: (if $declined == "" then null else $declined end),
     metric: $metric, extractor: $extractor, execution: $execution,
     measurement: $measurement, paths: $paths}' | json_write "$ws/preview.json" || exit
stamp_write "$ws" preview protocol.json preview.json
rel "$ws/preview.json"
x=$(jq -cn --arg h "$h" '{protocolHash: $h}')
[ "$approved" = true ] && finish approved "$x"
[ -n "${declined:-}" ] && finish declined "$(printf '%s\n' "$x" | jq -c --arg g "$declined" '. + {group: $g}')"
hint "read .autoresearch/create/preview.json with the researcher, then run preview.sh --yes (or on a terminal)"
finish awaiting_approval "$x"
