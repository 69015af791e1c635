#!/bin/sh
# sidechat.sh [--dir D] send TRIAL | poll
# mine, §3.10 (optional, OR_SIDECHAT=1).  Advisory notes between miners over
# a Gensyn AXL node's HTTP API (OR_AXL_API, loopback).  send posts one
# compact MINER_EXPERIENCE note about TRIAL to every peer of OR_AXL_PEERS
# (POST /send, header X-Destination-Peer-Id).  poll drains GET /recv (at most
# 50, until 204) and appends each message to sidechat.jsonl as it is read,
# with receivedAt, fromPeer and untrusted: true; bodies over 64 KiB are
# dropped, bodies that are not JSON are kept as base64, control characters
# are stripped.  Notes are context for proposers only, never state.
prog=sidechat.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() { echo 'usage: sidechat.sh [--dir D] send TRIAL | poll'; }
dir_arg=''
if [ "${1:-}" = --dir ]; then
	[ $# -ge 2 ] || usage_die "option '--dir' needs a value"
	dir_arg=$2
	shift 2
fi
case ${1:-} in
-h | --help) usage; exit 0 ;;
send) [ $# -eq 2 ] || usage_die "send needs one trial id"; cmd=send tid=$2 ;;
poll) [ $# -eq 1 ] || usage_die "poll takes no argument"; cmd=poll ;;
*) usage_die "give send TRIAL or poll" ;;
esac
need_tools jq curl base64
mine_open "$dir_arg"
[ "${OR_SIDECHAT:-0}" = 1 ] || finish disabled
api=${OR_AXL_API:-http://127.0.0.1:9002}
case $api in
http://127.0.0.1:* | http://localhost:* | http://\[::1\]:*) ;;
*) die 2 usage "OR_AXL_API must be a loopback address, not '$api'" ;;
esac
api=${api%/}
S=$(scratch_dir sidechat) || exit
remove_at_exit "$S"

if [ "$cmd" = send ]; then
	rec=$(journal_read "$ws/trials.jsonl" | jq -cs --arg t "$tid" 'map(select(.trialId == $t)) | last // empty')
	[ -n "$rec" ] || die 1 no_trial "trial $tid is not in trials.jsonl"
	miner=$(echo '{}' | or-sign -q address 2> /dev/null | jq -r '.address // empty')
	note=$(printf '%s\n' "$rec" | jq -c --arg pid "$(cfg_get .projectId)" --arg m "$miner" --arg at "$(utc_now)" '
	    {schema: "openresearch/sidechat/v1", type: "MINER_EXPERIENCE", projectId: $pid,
	     protocolHash, trialId, miner: (if $m == "" then null else $m end), at: $at, hypothesis,
	     metricName: .primaryMetricName, metricValue: .primaryMetricValue, direction, decision,
	     beatsNetworkBest, summary: "\(.decision) \(.primaryMetricValue // "-")"}')
	n=0
	for peer in $(printf '%s\n' "${OR_AXL_PEERS:-}" | tr ',' ' '); do
		case $peer in
		*[!0-9a-fA-F]*) warn "peer '$peer' is not a 64-hex key: skipped"; continue ;;
		esac
		[ ${#peer} -eq 64 ] || { warn "peer '$peer' is not a 64-hex key: skipped"; continue; }
		code=$(printf '%s' "$note" | curl -sS -o /dev/null -w '%{http_code}' --max-time 10 \
		    -H "X-Destination-Peer-Id: $peer" -H 'Content-Type: application/json' \
		    --data-binary @- "$api/send") || die 4 axl_unreachable "cannot reach the AXL node at $api"
		case $code in 2??) n=$((n + 1)) ;; *) warn "AXL /send to $peer answered $code" ;; esac
	done
	finish sent "$(jq -cn --argjson n "$n" '{sent: $n}')"
fi

n=0
while [ "$n" -lt 50 ]; do
	code=$(curl -sS --max-time 10 -D "$S/h" -o "$S/b" -w '%{http_code}' --max-filesize 65537 "$api/recv" 2> /dev/null)
	s=$?
	[ "$s" -eq 0 ] || [ "$s" -eq 63 ] || die 4 axl_unreachable "cannot reach the AXL node at $api"
	[ "$code" != 204 ] || break
	case $code in 2??) ;; *) die 4 axl_failed "AXL /recv answered $code" ;; esac
	n=$((n + 1))
	from=$(sed -n 's/^[Xx]-[Ff]rom-[Pp]eer-[Ii]d: *\([0-9a-fA-F]*\).*/\1/p' "$S/h" | head -n 1)
	if [ "$s" -eq 63 ] || [ "$(wc -c < "$S/b")" -gt 65536 ]; then
		warn "a message over 64 KiB from ${from:-an unknown peer} was dropped"
		continue
	fi
	if body=$(jq -c 'walk(if type == "string" then explode | map(select(. >= 32 and . != 127)) | implode else . end)' "$S/b" 2> /dev/null) &&
	    [ -n "$body" ] && [ "$(printf '%s\n' "$body" | wc -l)" -eq 1 ]; then
		m=$(jq -cn --argjson b "$body" '{body: $b}')
	else
		m=$(jq -cn --arg b "$(base64 -w 0 < "$S/b")" '{bodyBase64: $b}')
	fi
	journal_append "$ws/sidechat.jsonl" "$(printf '%s\n' "$m" | jq -c --arg at "$(utc_now)" --arg f "$from" \
	    '{receivedAt: $at, fromPeer: (if $f == "" then null else $f end), untrusted: true} + .')"
done
finish polled "$(jq -cn --argjson n "$n" '{received: $n}')"
