#!/bin/sh
# verify-result.sh [--deployment FILE] RESULT: check the attestation of every
# verification result in the file RESULT (results.jsonl lines, '-' for
# stdin): the EIP-712 digest rebuilt from the result's own fields (chain id,
# ledger, proposal id, result, reason code, verified score, metricsHash)
# recovers to the attested signer, the signer is registered on the
# ledger's VerifierRegistry, and metricsHash is the 0G root of the stored
# evidence, which names the same proposal, result and reason.  The field
# attestation.teeQuote is reserved for a TEE quote over the same digest.
# One line per result; status 1 when any check fails.
prog=verify-result.sh
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/validate-lib.sh"

file=''
while [ $# -gt 0 ]; do
	case $1 in
	--deployment) [ $# -ge 2 ] || usage_die "--deployment needs a file"; OR_DEPLOYMENT=$2; export OR_DEPLOYMENT; shift ;;
	-h | --help) echo "usage: verify-result.sh [--deployment FILE] RESULT"; exit 0 ;;
	*) [ -z "$file" ] || usage_die "one RESULT file only"; file=$1 ;;
	esac
	shift
done
[ -n "$file" ] || usage_die "give a RESULT file (results.jsonl lines)"
[ "$file" = - ] || [ -f "$file" ] || usage_die "cannot read '$file'"
need_tools or-abi or-rpc or-sign or-put0g jq
deployment_open "${OR_DEPLOYMENT:-}"
tmp=$(scratch_dir verify) || exit
remove_at_exit "$tmp"
if [ "$file" = - ]; then cat > "$tmp/in"; else cat -- "$file" > "$tmp/in"; fi
bad=0 n=0
while IFS= read -r r; do
	[ -n "$r" ] || continue
	n=$((n + 1))
	why=''
	l=$(printf '%s\n' "$r" | jq -r '.proposalLedger // empty')
	f_cid='' f_id='' f_res='' f_rc='' f_vs='' f_mh='' f_sig=''
	eval "$(printf '%s\n' "$r" | jq -r '"f_cid=\(.chainId // 0 | tostring | @sh) f_id=\(.proposal.proposalId // "" | @sh)
	    f_res=\(.result // "" | @sh) f_rc=\(.reasonCode // "" | @sh) f_vs=\(.verifiedScore // "" | @sh)
	    f_mh=\(.metricsHash // "" | @sh) f_sig=\(.attestation.signature // "" | @sh)"' 2> /dev/null)" || f_sig=''
	td=''
	case $f_cid in '' | *[!0-9]*) f_sig='' ;; esac
	[ -z "$f_sig" ] || td=$(typed_data "$f_cid" "$l" "$f_id" "$f_res" "$f_rc" "$f_vs" "$f_mh" 2> /dev/null |
	    jq -c --arg s "$f_sig" --arg a "$(printf '%s\n' "$r" | jq -r '.attestation.signer // empty')" '. + {signature: $s, signer: $a}')
	signer=$(printf '%s\n' "$r" | jq -r '.attestation.signer // empty' | tr 'A-F' 'a-f')
	if [ -z "$td" ] || [ -z "$signer" ]; then
		why="no attestation"
	elif [ "$(printf '%s\n' "$r" | jq -r .chainId)" != "$cid" ]; then
		why="chain $(printf '%s\n' "$r" | jq -r .chainId) is not the node's $cid"
	elif ! printf '%s\n' "$td" | or-sign -q recover > /dev/null 2>&1; then
		why="the signature does not recover to $signer"
	else
		vr=$(jq -cn --arg to "$l" '{to: $to}' | jq -c --argjson c "$(or-abi -q encode 'verifierRegistry()(address)')" '. + $c' |
		    or-rpc -q call 2> /dev/null | jq -r '.decoded."0" // empty' | tr 'A-F' 'a-f')
		ok=$(or-abi -q encode 'isVerifier(address)(bool)' "$signer" | jq -c --arg to "$vr" '. + {to: $to}' |
		    or-rpc -q call 2> /dev/null | jq -r '.decoded."0" // empty')
		if [ -z "$vr" ] || [ "$ok" != true ]; then
			why="$signer is not registered on the VerifierRegistry of ledger $l"
		fi
	fi
	mh=$(printf '%s\n' "$r" | jq -r '.metricsHash // empty')
	if [ -z "$why" ] && [ -n "$mh" ]; then
		if [ "$(or-put0g -q get "$mh" -o "$tmp/ev.json" < /dev/null 2> /dev/null | jq -r .outcome)" != ok ]; then
			why="the evidence $mh cannot be retrieved"
		elif ! jq -e --argjson r "$r" '.proposal.proposalId == $r.proposal.proposalId and .result == $r.result and
		    .reasonCode == $r.reasonCode and .proposalLedger == $r.proposalLedger' "$tmp/ev.json" > /dev/null 2>&1; then
			why="the evidence $mh is not this result's"
		fi
	fi
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		err "result $n: $why"
	fi
	printf '%s\n' "$r" | jq -c --arg w "$why" --arg s "$signer" \
	    '{proposalId: .proposal.proposalId, result, signer: $s, verified: ($w == ""), error: (if $w == "" then null else $w end)}'
done < "$tmp/in"
[ "$n" -gt 0 ] || die 1 empty "'$file' holds no result"
[ "$bad" = 0 ] || die 1 not_verified "$bad of $n results failed verification"
finish verified "$(jq -cn --argjson n "$n" '{results: $n}')"
