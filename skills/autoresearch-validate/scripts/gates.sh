#!/bin/sh
# gates.sh [--dir DIR] ID: stage 4 of validate.sh (workflows.md §4.5), the
# review claimed.  In: W/protocol.json, W/harness/ (the trusted bundle),
# W/candidate/, W/incumbent/.  Out: or-gate harness (W/harness.out), or-gate
# diff against the incumbent with red-flags.txt (W/diff.out), gates harness
# and static_gates; then the trusted harness written over both trees.
# decision.json: reject harness_tampered or static_gate_failed, release
# gate_error (the gate tool failed) or verifier_error.
prog=gates.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] PROPOSAL-ID" "$@"
need_tools or-gate jq
stage_open
review_load
stage_skip_decided
[ "$s_claimed" = true ] || die 1 not_claimed "proposal $id is not claimed yet: run claim.sh first"

or-gate -q harness --protocol "$W/protocol.json" --trusted "$W/harness" --candidate "$W/candidate" > "$W/harness.out" 2>&1
s=$?
case $s in
0) gate harness passed ;;
1) detail=$(jq -r 'select(.reason) | .reason' "$W/harness.out" 2> /dev/null | head -n 1)
   gate harness failed harness_tampered "$detail"; decision reject harness_tampered "$detail" ;;
*) gate harness released gate_error "or-gate harness exited $s"; decision release gate_error "or-gate harness exited $s" ;;
esac
rf=$skill/red-flags.txt
[ -f "$rf" ] || rf=
or-gate -q diff --protocol "$W/protocol.json" --base "$W/incumbent" --candidate "$W/candidate" ${rf:+--red-flags "$rf"} > "$W/diff.out" 2>&1
s=$?
case $s in
0)
	w=''
	grep -q '"warn"' "$W/diff.out" && w=$(jq -r 'select(.kind == "gateFinding" and .severity == "warn") | "\(.path) \(.detail)"' "$W/diff.out" 2> /dev/null | head -n 1)
	if [ -n "$w" ]; then gate static_gates warned red_flag_warn "$w"; else gate static_gates passed; fi ;;
1) detail=$(jq -r 'select(.reason) | .reason' "$W/diff.out" 2> /dev/null | head -n 1)
   gate static_gates failed static_gate_failed "$detail"; decision reject static_gate_failed "$detail" ;;
*) gate static_gates released gate_error "or-gate diff exited $s"; decision release gate_error "or-gate diff exited $s" ;;
esac

# the trusted harness written over both trees by the host (the harness gate
# passed: no symlink on those paths)
if ! cp -R "$W/harness/." "$W/candidate/" || ! cp -R "$W/harness/." "$W/incumbent/"; then
	decision release verifier_error "cannot restore the harness"
fi
stage_pass
