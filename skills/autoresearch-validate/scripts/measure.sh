#!/bin/sh
# measure.sh [--dir DIR] ID: stage 5 of validate.sh (workflows.md §4.6).
# In: W/protocol.json, W/harness/, both trees with the trusted harness
# written over them (gates.sh), review.json (lockUntil, incumbentScore).
# Out: or-bench paired --incumbent-score S_I into W/runs/ (paired.json,
# runs.jsonl, the logs), its output in W/paired.out and W/paired.err, its exit
# status in review.json benchExit.  or-bench gets SIGTERM when the lock
# would end within 10 minutes: decision.json release timeout.
prog=measure.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] PROPOSAL-ID" "$@"
need_tools or-bench or-rpc jq
stage_open
review_load
stage_skip_decided
[ "$s_claimed" = true ] || die 1 not_claimed "proposal $id is not claimed yet: run claim.sh first"

budget=$((s_lockUntil - $(chain_now) - 600))
[ "$budget" -gt 0 ] || { gate measure released timeout; decision release timeout; }
netopt=
[ "${OR_ALLOW_NETWORK:-}" = 1 ] && netopt=--allow-network
rm -rf -- "$W/runs"
timeout --foreground -s TERM "$budget" or-bench -q paired --protocol "$W/protocol.json" --trusted "$W/harness" --out "$W/runs" \
    --incumbent "$W/incumbent" --candidate "$W/candidate" --incumbent-score "$s_incumbentScore" $netopt \
    > "$W/paired.out" 2> "$W/paired.err" 9>&-
s=$?
state_put benchExit "$s"
if [ "$s" = 124 ]; then gate measure released timeout; decision release timeout; fi
wrote "$W/runs"
stage_pass
