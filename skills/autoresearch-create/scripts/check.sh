#!/bin/sh
# check.sh [--repo DIR]: create, step 5.  Checks protocol.json against the
# work copy with the publish rubric (or-protocol check --repo --eligible) and
# prints the tool's error lines until it is clean; then rewrites it in the
# normalised bytes (or-protocol fmt) that are hashed and published.
prog=check.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() { echo 'usage: check.sh [--repo DIR]'; }
step_opt() { return 0; }
create_opts "$@"
need_tools git jq flock sha256sum
create_open "$repo_arg"
require prepare commit
P=$ws/protocol.json
[ -f "$P" ] || die 1 missing_input "no protocol.json: run scaffold.sh first"
need_tools or-protocol or-hash
stamp_drop "$ws" check

# create's own fields, when the file parses; or-protocol check reports the rest
if jq -e 'type == "object"' "$P" > /dev/null 2>&1; then
	create_fill "$P" || die 1 bad_protocol "cannot fill the create fields of protocol.json"
fi
out=$(or-protocol -q check --repo "$repo" --eligible "$P")
s=$?
last=$(printf '%s\n' "$out" | tail -n 1)
# the problems (and warnings), one JSON line each, for the agent to fix
printf '%s\n' "$out" | jq -c 'select(.kind == "protocolProblem")' 2> /dev/null
if [ "$s" -ne 0 ]; then
	[ "$s" -eq 1 ] || die "$(tool_status "$s")" tool_failed "or-protocol check failed (status $s)"
	n=$(printf '%s\n' "$last" | jq -r '.errors // "some"' 2> /dev/null)
	die 1 protocol_invalid "protocol.json has $n problem(s): fix them and run check.sh again"
fi
verdict=$(printf '%s\n' "$last" | jq -r '.verdict // empty' 2> /dev/null)
[ "$verdict" = eligible ] ||
    die 1 protocol_ineligible "or-protocol check --eligible says '${verdict:-nothing}', publishing needs 'eligible'"
o=$(or-protocol -q fmt -o "$P" "$P") || die 1 fmt_failed "or-protocol fmt failed on protocol.json"
# the normalised bytes are a fixed point
o=$(or-protocol -q fmt -o "$P" "$P") || die 1 fmt_failed "or-protocol fmt failed on protocol.json"
[ "$(printf '%s\n' "$o" | jq -r .changed)" = false ] ||
    die 1 fmt_failed "or-protocol fmt is not idempotent on protocol.json"
h=$(zg_root "$P") || exit
stamp_write "$ws" check bundle.json protocol.json
rel "$P"
finish checked "$(jq -cn --arg h "$h" '{protocolHash: $h}')"
