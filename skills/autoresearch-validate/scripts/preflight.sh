#!/bin/sh
# preflight.sh [--dir DIR] [--deployment FILE]: can this machine verify?
# (workflows.md §4.2) The identity is readable, the node's chain is the
# manifest's, the verifier is registered (else status 1, "not registered",
# no transaction), the native balance covers a claim and a decision, and
# or-sandbox works (else status 5, before any claim).  Writes config.json.
prog=preflight.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"

dir=.
while [ $# -gt 0 ]; do
	case $1 in
	--dir) [ $# -ge 2 ] || usage_die "--dir needs a folder"; dir=$2; shift ;;
	--deployment) [ $# -ge 2 ] || usage_die "--deployment needs a file"; OR_DEPLOYMENT=$2; export OR_DEPLOYMENT; shift ;;
	-h | --help) echo "usage: preflight.sh [--dir DIR] [--deployment FILE]"; exit 0 ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
	shift
done
need_tools or-abi or-rpc or-sign or-put0g or-pack or-gate or-bench or-protocol or-sandbox or-hash jq bc timeout flock
validate_open "$dir" "${OR_VALIDATE_HELD:+--no-lock}"

[ "$(view "$vreg" 'isVerifier(address)(bool)' "$self" | jq -r '."0"')" = true ] ||
    die 1 not_registered "$self is not registered on VerifierRegistry $vreg: not registered"
[ "$(view "$ledger" 'verifierRegistry()(address)' | jq -r '."0" | ascii_downcase')" = "$vreg" ] ||
    die 1 wrong_deployment "the ledger's verifier registry is not the manifest's $vreg"

# a claim (~60k gas) and a decision (~210k) at today's gas price, doubled
gp=$(or-rpc -q eth_gasPrice < /dev/null | jq -r '.result // empty')
[ -n "$gp" ] || die 4 rpc_failed "cannot read the gas price"
need=$(printf '%d * 540000\n' "$gp" | bc)
bal=$(or-rpc -q balance "$self" < /dev/null | jq -r '.balance // .result // empty')
[ -n "$bal" ] || die 4 rpc_failed "cannot read the balance of $self"
case $bal in 0x*) bal=$(printf '%s\n' "ibase=16; $(printf '%s' "${bal#0x}" | tr a-f A-F)" | bc) ;; esac
[ "$(dec_cmp "$bal" "$need")" -ge 0 ] ||
    die 1 no_funds "$self holds $bal wei, a claim and a decision need about $need"

or-sandbox --check > "$ws/sandbox-check.json" 2> /dev/null ||
    die 5 sandbox_unavailable "or-sandbox --check failed: this machine cannot confine benchmarks"
or-sandbox -- true > /dev/null 2>&1 ||
    die 5 sandbox_unavailable "or-sandbox cannot run 'true'"

jq -n --arg d "$dep" --argjson c "$cid" --arg v "$self" --arg l "$ledger" --arg s "${OR_STORAGE:-local}" \
    --arg st "${OR_STORE:-}" --argjson m "${OR_VALIDATE_MAX_PROPOSALS:-10}" --argjson p "${OR_VALIDATE_POLL_SECONDS:-30}" \
    --arg n "${OR_ALLOW_NETWORK:-}" \
    '{schema: "openresearch/validate-config/v1", deployment: $d, chainId: $c, verifier: $v, proposalLedger: $l,
      storage: $s, store: (if $st == "" then null else $st end),
      limits: {maxProposals: $m, pollSeconds: $p},
      networkPolicies: (if $n == "1" then ["none", "sandbox", "full"] else ["none", "sandbox"] end)}' |
    json_write "$ws/config.json"
wrote "$ws/config.json"
finish ready "$(jq -cn --arg v "$self" --argjson c "$cid" --arg b "$bal" '{verifier: $v, chainId: $c, balance: $b}')"
