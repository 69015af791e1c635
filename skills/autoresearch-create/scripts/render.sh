#!/bin/sh
# render.sh [--repo DIR]: create, step 7.  Renders the checked protocol as
# program.md (or-protocol render), the brief for humans and proposers.
prog=render.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=create-lib.sh
. "$here/create-lib.sh"

usage() { echo 'usage: render.sh [--repo DIR]'; }
step_opt() { return 0; }
create_opts "$@"
need_tools git jq flock sha256sum
create_open "$repo_arg"
require check
need_tools or-protocol
stamp_drop "$ws" render
o=$(or-protocol -q render -o "$ws/program.md" "$ws/protocol.json")
s=$?
if [ "$s" -ne 0 ] || [ ! -s "$ws/program.md" ]; then
	die "$(tool_status "$s")" render_failed "or-protocol render failed (status $s): $(printf '%s\n' "$o" | jq -r '.error.message // empty' 2> /dev/null)"
fi
stamp_write "$ws" render protocol.json program.md
rel "$ws/program.md"
finish rendered
