#!/bin/sh
# validate.sh [--dir DIR] [--keep-work] ID: verify one proposal (workflows.md
# §4.3-§4.9) by running its stages in order, each a script of its own that a
# verifier can run by hand to audit one stage (the records they pass on are
# in work/ID/, see validate-lib.sh):
#   checks.sh   status on chain, the protocol, the time budget (no lock)
#   fetch.sh    code and miner evidence by their roots, claim consistency,
#               safe unpack, incumbent and benchmark bundle (no lock)
#   claim.sh    claimReview
#   gates.sh    or-gate harness, or-gate diff, the trusted harness restored
#   measure.sh  or-bench paired
#   decide.sh   the decision table of §4.7
#   settle.sh   evidence, approve / reject / release, reverts by name, the
#               verification result in results.jsonl
# The first stage that decides (decision.json) ends the run: a reject found
# before the claim is claimed first, then everything goes to settle.sh.  A
# settlement signed before a crash is resumed by settle.sh directly.
# Deterministic: every outcome follows from tool outputs.
prog=validate.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"
stage_args "[--dir DIR] [--deployment FILE] [--keep-work] PROPOSAL-ID" "$@"
need_tools or-abi or-rpc or-sign or-put0g or-pack or-gate or-bench or-protocol or-hash jq bc
stage_open
OR_VALIDATE_HELD=1
# what validate_open found, for the stages (one value a line)
OR_VALIDATE_CONTEXT=$(printf '%s\n' "$ws" "$dep" "$cid" "$self" "$ledger" "$registry" "$vreg" "$abis")
export OR_VALIDATE_HELD OR_VALIDATE_CONTEXT

# stage NAME: run one stage; a failed stage ends the run with its final line
# and status; returns 1 once the stage decided.
stage() {
	_o=$(sh "$here/$1.sh" --dir "$dir" "$id")
	_s=$?
	_l=$(printf '%s\n' "$_o" | tail -n 1)
	if [ "$_s" != 0 ]; then
		printf '%s\n' "$_l"
		exit "$_s"
	fi
	case $_l in '{"stopped":"decided"'*) return 1 ;; esac
}

if ! settle_pending "$id" || [ ! -f "$W/decision.json" ]; then
	for st in checks fetch claim gates measure decide; do
		stage "$st" && continue
		# decided before the claim: a reject still needs it
		case $st in checks | fetch) stage claim || true ;; esac
		break
	done
fi
kw=
[ "$keep" = 1 ] && kw=--keep-work
exec sh "$here/settle.sh" --dir "$dir" $kw "$id"
