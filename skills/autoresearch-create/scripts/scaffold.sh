#!/bin/sh
# scaffold.sh [--repo DIR] [--force]: create, step 4.  Turns the agent's
# discovery draft (.autoresearch/create/draft.json) into protocol.json with
# every default written out (or-protocol scaffold), plus the fields create
# owns (meta.repo, meta.protocolBundleId, meta.createdAt).  Refuses to replace
# a protocol.json edited since it was scaffolded, unless --force.
prog=scaffold.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() { echo 'usage: scaffold.sh [--repo DIR] [--force]'; }
force=0
step_opt() {
	case $1 in
	--force) force=1; return 1 ;;
	esac
	return 0
}
create_opts "$@"
need_tools git jq flock sha256sum
create_open "$repo_arg"
require prepare
[ -f "$ws/draft.json" ] ||
    die 1 missing_input "no draft.json: write .autoresearch/create/draft.json from discovery.md first"
jq -e 'type == "object"' "$ws/draft.json" > /dev/null 2>&1 ||
    die 1 bad_draft "draft.json is not a JSON object"
need_tools or-protocol

if [ -f "$ws/protocol.json" ] && [ "$force" = 0 ]; then
	if ! [ -f "$ws/stamps/scaffold" ] ||
	    ! grep -q ' protocol\.json$' "$ws/stamps/scaffold" ||
	    ! (cd "$ws" && grep ' protocol\.json$' stamps/scaffold | sha256sum -c --status 2> /dev/null); then
		die 1 protocol_exists "protocol.json was edited since it was scaffolded: give --force to replace it"
	fi
fi

# the draft's shape first (protocol.md section 7): its problems, one JSON
# line each, are the agent's to fix
chk=$(or-protocol -q check "$ws/draft.json")
s=$?
printf '%s\n' "$chk" | jq -c 'select(.kind == "protocolProblem")' 2> /dev/null
if [ "$s" -ne 0 ]; then
	[ "$s" -eq 1 ] || die "$(tool_status "$s")" tool_failed "or-protocol check failed on draft.json (status $s)"
	die 1 bad_draft "draft.json has $(printf '%s\n' "$chk" | tail -n 1 | jq -r '.errors // "some"') problem(s): fix them and run scaffold.sh again"
fi
out=$(or-protocol scaffold "$ws/draft.json" 2> "$ws/.scaffold.err")
s=$?
if [ "$s" -ne 0 ] || ! printf '%s\n' "$out" | jq -e 'type == "object" and .schemaKind == "protocol"' > /dev/null 2>&1; then
	# the tool's error lines say what the draft lacks
	printf '%s\n' "$out" | jq -c 'select(.error)' 2> /dev/null
	cat "$ws/.scaffold.err" >&2
	rm -f "$ws/.scaffold.err"
	[ "$s" -ge 2 ] && die "$(tool_status "$s")" tool_failed "or-protocol scaffold failed (status $s)"
	die 1 bad_draft "draft.json cannot be scaffolded: fix it and run scaffold.sh again"
fi
rm -f "$ws/.scaffold.err"
stamp_drop "$ws" check
printf '%s\n' "$out" | json_write "$ws/protocol.json" || exit
create_fill "$ws/protocol.json" || die 1 bad_protocol "cannot fill the create fields of protocol.json"
stamp_write "$ws" scaffold draft.json protocol.json
rel "$ws/protocol.json"
finish awaiting_protocol "$(jq -cn '{next: "complete .autoresearch/create/protocol.json, then run check.sh"}')"
