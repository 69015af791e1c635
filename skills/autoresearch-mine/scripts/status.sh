#!/bin/sh
# status.sh [--workspace DIR] [--validate DIR] [--chain] [--json] [--svg FILE]
# The status view (workflows.md §5): the trials table, the frontier, the
# proposals of submissions.jsonl (refreshed by getProposal with --chain),
# and the verification results of a validate workspace.  --json prints the
# same as JSON lines {"kind": "trial"|"frontier"|"proposal"|"verification"};
# --svg FILE writes a self-contained SVG chart of the metric over trials,
# atomically.  Reads only; exits 0, 2 on usage, 1 when a file is unreadable.
prog=status.sh
set -u
usage() { echo 'usage: status.sh [--workspace DIR] [--validate DIR] [--chain] [--json] [--svg FILE]'; }
err() { c=$1; shift; echo "$prog: error: $*" >&2; exit "$c"; }
ws=. vw='' chain=0 json=0 svg=''
while [ $# -gt 0 ]; do
	case $1 in
	--workspace | --dir | --validate | --svg)
		[ $# -ge 2 ] || { usage >&2; err 2 "option '$1' needs a value"; }
		case $1 in --validate) vw=$2 ;; --svg) svg=$2 ;; *) ws=$2 ;; esac
		shift ;;
	--chain) chain=1 ;;
	--json) json=1 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; err 2 "unknown argument '$1'" ;;
	esac
	shift
done
command -v jq > /dev/null || err 3 "jq is missing"
m=$ws/.autoresearch/mine
[ -d "$m" ] || m=$ws
[ -f "$m/trials.jsonl" ] || [ -f "$m/config.json" ] || err 1 "'$ws' is not a mining workspace (no trials.jsonl)"

# complete lines only: a torn final line is reported and ignored (§1.3)
lines() {
	[ -f "$1" ] || return 0
	if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ]; then
		echo "$prog: warning: '$1': torn final line ignored" >&2
		sed '$d' "$1"
	else
		cat "$1"
	fi | jq -c . || err 1 "'$1' does not parse"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/or-status.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
lines "$m/trials.jsonl" > "$tmp/trials" || exit
lines "$m/submissions.jsonl" > "$tmp/subs" || exit
ns=$m/network_state.json
[ -f "$ns" ] && jq -c . "$ns" > "$tmp/ns" 2> /dev/null || echo '{}' > "$tmp/ns"
: > "$tmp/res"
if [ -n "$vw" ]; then
	v=$vw/.autoresearch/validate
	[ -d "$v" ] || v=$vw
	[ -f "$v/results.jsonl" ] || err 1 "'$vw' is not a validate workspace (no results.jsonl)"
	lines "$v/results.jsonl" > "$tmp/res" || exit
fi

# records: trials, frontier, proposals (last entry per trial), verifications
{
	jq -c '{kind: "trial", trialId, startedAt, decision, metric: .primaryMetricValue, score,
	        localBestBefore, beatsLocalBest, beatsNetworkBest, durationUs, hypothesis}' "$tmp/trials"
	jq -sc --slurpfile ns "$tmp/ns" 'map(select(.decision == "kept" and .score != null)) as $k |
	    ($ns[0]) as $n |
	    {kind: "frontier", metricName: ($n.metricName // (.[0].primaryMetricName // null)),
	     direction: ($n.direction // (.[0].direction // null)),
	     baselineScore: ($n.baselineScore // null), networkBest: ($n.bestScore // null),
	     networkBestMetric: ($n.bestMetric // null),
	     localBest: (if ($k | length) > 0 then ($k | max_by(.score | tonumber) | .score) else null end),
	     localBestMetric: (if ($k | length) > 0 then ($k | max_by(.score | tonumber) | .primaryMetricValue) else null end),
	     thresholdScore: ($n.thresholdScore // null), thresholdMetric: ($n.thresholdMetric // null),
	     syncedAt: ($n.updatedAt // null)}' "$tmp/trials"
	jq -sc 'def lastof(f): map(f | select(. != null)) | last;
	    group_by(.trialId)[] | last as $l |
	    {kind: "proposal", trialId: $l.trialId, proposalId: lastof(.proposalId),
	     claimedScore: lastof(.claimedScore), stake: lastof(.stake),
	     state: $l.state, step: $l.step, status: (if lastof(.proposalId) then "Pending" else null end),
	     verifiedScore: null, txHash: (map(select(.step == "submit")) | lastof(.tx.txHash))}' "$tmp/subs"
	jq -c '{kind: "verification", proposalId: .proposal.proposalId, result, reasonCode,
	        claimedScore: .proposal.claimedScore, verifiedScore, metricsHash,
	        failedGates: [.gates[]? | select(.status == "failed") | .name]}' "$tmp/res"
} > "$tmp/rec" || err 1 "cannot read the workspace"

# --chain: each proposal refreshed by getProposal
if [ "$chain" -eq 1 ]; then
	led=$(jq -r '.proposalLedger // empty' "$tmp/ns")
	[ -n "$led" ] || err 1 "no proposalLedger in network_state.json"
	reg=$(jq -r '.projectRegistry // empty' "$tmp/ns")
	pj=$(jq -r '.projectId // empty' "$tmp/ns")
	nb=$(or-abi -q encode 'currentBestAggregateScore(uint256)(int256)' "$pj" |
	    jq -c --arg to "$reg" '. + {to: $to}' | or-rpc -q call | jq -r '.decoded."0"') || err 4 "currentBestAggregateScore($pj) failed"
	case $nb in '' | *[!0-9-]*) err 4 "no best score for project '$pj' from the chain" ;; esac
	# the metric of a score: score / metricScale, negated when minimising (exact, bc)
	sc=$(jq -r '.metricScale // "1"' "$tmp/ns")
	[ "$(jq -r .direction "$tmp/ns")" = minimize ] && sg=-1 || sg=1
	nm=$(printf 'scale=%d; %s * %s / %s\n' "${#sc}" "$sg" "$nb" "$sc" | bc | sed 's/^\(-*\)\./\10./; /\./s/0*$//; s/\.$//')
	: > "$tmp/rec2"
	while read -r r; do
		if [ "$(printf '%s\n' "$r" | jq -r .kind)" = frontier ]; then
			r=$(printf '%s\n' "$r" | jq -c --arg b "$nb" --arg m "$nm" '.networkBest = $b | .networkBestMetric = $m | .live = true')
		fi
		id=$(printf '%s\n' "$r" | jq -r 'select(.kind == "proposal") | .proposalId // empty')
		if [ -n "$id" ]; then
			d=$(or-abi -q encode 'getProposal(uint256)(uint256,address,address,bytes32,bytes32,bytes32,int256,int256,uint256,uint64,uint64,address,uint8)' "$id" |
			    jq -c --arg to "$led" '. + {to: $to}' | or-rpc -q call | jq -c .decoded) || err 4 "getProposal($id) failed"
			r=$(printf '%s\n' "$r" | jq -c --argjson d "$d" '.status = (["Pending","InReview","Approved","Rejected","Expired"][$d."12" | tonumber] // "unknown") |
			    .verifiedScore = (if ($d."12" | tonumber) == 2 then $d."7" else null end)')
		fi
		printf '%s\n' "$r" >> "$tmp/rec2"
	done < "$tmp/rec"
	mv "$tmp/rec2" "$tmp/rec"
else
	# without the chain, a validate workspace's results give the status
	jq -sc '(map(select(.kind == "verification")) | map({key: .proposalId, value: .}) | from_entries) as $v |
	    .[] | if .kind == "proposal" and .proposalId != null and $v[.proposalId] then
	        .status = ({approved: "Approved", rejected: "Rejected"}[$v[.proposalId].result] // .status) |
	        .verifiedScore = $v[.proposalId].verifiedScore else . end' "$tmp/rec" > "$tmp/rec2" && mv "$tmp/rec2" "$tmp/rec"
fi

if [ -n "$svg" ]; then
	jq -rs -f /dev/stdin "$tmp/rec" > "$tmp/chart.svg" << 'EOF' || err 1 "cannot draw the chart"
def esc: tostring | gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;") | gsub("\""; "&quot;");
def r2: (. * 100 | round) / 100;
(map(select(.kind == "trial"))) as $t | (map(select(.kind == "frontier"))[0] // {}) as $f |
($f.direction // "minimize") as $dir |
($t | map(select(.metric != null) | .metric | tonumber)) as $vals |
([$f.networkBestMetric, $f.thresholdMetric] | map(select(. != null) | tonumber)) as $lines |
(($vals + $lines) | if length == 0 then [0, 1] else . end) as $all |
($all | min) as $lo0 | ($all | max) as $hi0 |
(if $hi0 == $lo0 then [$lo0 - 1, $hi0 + 1] else [$lo0 - ($hi0 - $lo0) * 0.05, $hi0 + ($hi0 - $lo0) * 0.05] end) as [$lo, $hi] |
($t | length) as $n |
80 as $L | 600 as $R | 40 as $T | 300 as $B |
def X($i): ($L + (if $n <= 1 then ($R - $L) / 2 else ($i - 1) * ($R - $L) / ($n - 1) end)) | r2;
def Y($v): ($B - ($v - $lo) * ($B - $T) / ($hi - $lo)) | r2;
def better($a; $b): if $dir == "maximize" then $a > $b else $a < $b end;
# best-so-far over kept trials
(reduce range(0; $n) as $i ({best: null, pts: []};
    ($t[$i]) as $x |
    (if $x.decision == "kept" and $x.metric != null and (.best == null or better($x.metric | tonumber; .best)) then ($x.metric | tonumber) else .best end) as $b |
    .best = $b | .pts += [if $b == null then null else [X($i + 1), Y($b)] end])) as $bs |
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\" viewBox=\"0 0 640 360\" font-family=\"sans-serif\" font-size=\"11\">",
"<title>\(($f.metricName // "metric") | esc) (\($dir | esc)) over trials</title>",
"<rect width=\"640\" height=\"360\" fill=\"white\"/>",
"<text x=\"320\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">\(($f.metricName // "metric") | esc) (\($dir), \(if $dir == "maximize" then "higher" else "lower" end) is better)</text>",
"<line x1=\"\($L)\" y1=\"\($B)\" x2=\"\($R)\" y2=\"\($B)\" stroke=\"black\"/>",
"<line x1=\"\($L)\" y1=\"\($T)\" x2=\"\($L)\" y2=\"\($B)\" stroke=\"black\"/>",
"<text x=\"\(($L + $R) / 2)\" y=\"340\" text-anchor=\"middle\">trial</text>",
"<text x=\"16\" y=\"\(($T + $B) / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(($T + $B) / 2))\">\(($f.metricName // "metric") | esc)</text>",
"<text x=\"\($L - 4)\" y=\"\($T + 4)\" text-anchor=\"end\">\($hi | r2)</text>",
"<text x=\"\($L - 4)\" y=\"\($B + 4)\" text-anchor=\"end\">\($lo | r2)</text>",
(range(0; $n) | "<text x=\"\(X(. + 1))\" y=\"\($B + 16)\" text-anchor=\"middle\">\(. + 1)</text>"),
(if $f.networkBestMetric != null then "<line class=\"network-best\" x1=\"\($L)\" x2=\"\($R)\" y1=\"\(Y($f.networkBestMetric | tonumber))\" y2=\"\(Y($f.networkBestMetric | tonumber))\" stroke=\"green\" stroke-dasharray=\"6 3\"><title>network best \($f.networkBestMetric | esc)</title></line>" else empty end),
(if $f.thresholdMetric != null then "<line class=\"threshold\" x1=\"\($L)\" x2=\"\($R)\" y1=\"\(Y($f.thresholdMetric | tonumber))\" y2=\"\(Y($f.thresholdMetric | tonumber))\" stroke=\"orange\" stroke-dasharray=\"2 3\"><title>threshold \($f.thresholdMetric | esc)</title></line>" else empty end),
(($bs.pts | map(select(. != null))) as $p | if ($p | length) > 0 then
  ([$p[0]] + [range(1; $p | length) as $i | [$p[$i][0], $p[$i - 1][1]], $p[$i]] | map(map(tostring) | join(",")) | join(" ")) as $pts |
  "<polyline class=\"best-so-far\" fill=\"none\" stroke=\"blue\" points=\"\($pts)\"><title>best so far</title></polyline>" else empty end),
(range(0; $n) as $i | $t[$i] as $x |
  if $x.metric != null then
    "<circle class=\"trial \($x.decision | esc)\" cx=\"\(X($i + 1))\" cy=\"\(Y($x.metric | tonumber))\" r=\"4\" stroke=\"blue\" fill=\"\(if $x.decision == "kept" then "blue" else "white" end)\"><title>\($x.trialId | esc) \($x.decision | esc) \($x.metric | esc)</title></circle>"
  else
    "<path class=\"trial \($x.decision | esc)\" d=\"M\(X($i + 1) - 4),\($B - 4) l8,8 m0,-8 l-8,8\" stroke=\"red\"><title>\($x.trialId | esc) \($x.decision | esc)</title></path>"
  end),
"</svg>"
EOF
	d=$(dirname -- "$svg")
	t=$d/.${svg##*/}.tmp.$$
	if ! cp "$tmp/chart.svg" "$t" || ! mv -f "$t" "$svg"; then
		rm -f "$t"
		err 3 "cannot write '$svg'"
	fi
fi

if [ "$json" -eq 1 ]; then
	cat "$tmp/rec"
	exit 0
fi
cols=${COLUMNS:-100}
jq -rs --argjson w "$cols" -f /dev/stdin "$tmp/rec" << 'EOF'
def pad($n): tostring | if length >= $n then . else . + (" " * ($n - length)) end;
def s: if . == null then "-" else tostring end;
(map(select(.kind == "frontier"))[0] // {}) as $f |
"trials",
("  " + (["trial", "started", "decision", "metric", "vs local", "network", "time"] | map(pad(10)) | join(" ")) + " hypothesis"),
(.[] | select(.kind == "trial") |
  ((if .durationUs then (.durationUs / 100000 | floor) / 10 | tostring + "s" else "-" end)) as $d |
  (if .score != null and .localBestBefore != null then ((.score | tonumber) - (.localBestBefore | tonumber)) / 1000000 | tostring else "-" end) as $vs |
  ("  " + ([.trialId, (.startedAt // "" | .[11:19]), .decision, (.metric | s), $vs, (if .beatsNetworkBest then "beats" else "-" end), $d] | map(pad(10)) | join(" ")) + " ") as $head |
  $head + ((.hypothesis // "") | .[0:([($w - ($head | length)), 8] | max)])),
"",
"frontier (\($f.metricName | s), \($f.direction | s))",
"  baseline score   \($f.baselineScore | s)",
"  network best     \($f.networkBest | s) (metric \($f.networkBestMetric | s))\(if $f.live then " live" else " at the last sync" end)",
"  local best       \($f.localBest | s) (metric \($f.localBestMetric | s))",
"  threshold        \($f.thresholdScore | s) (metric \($f.thresholdMetric | s))",
"  last sync        \($f.syncedAt | s)",
"",
"proposals",
(if any(.[]; .kind == "proposal") then
  ("  " + (["trial", "proposal", "claimed", "stake", "status", "verified"] | map(pad(16)) | join(" ")) + " tx"),
  (.[] | select(.kind == "proposal") |
    "  " + ([.trialId, (.proposalId | s), (.claimedScore | s), (.stake | s), (.status // .state | s), (.verifiedScore | s)] | map(pad(16)) | join(" ")) + " " + (.txHash | s))
else "  none" end),
(if any(.[]; .kind == "verification") then
  "", "verification results",
  ("  " + (["proposal", "result", "reason", "claimed", "verified"] | map(pad(16)) | join(" ")) + " failed gates"),
  (.[] | select(.kind == "verification") |
    "  " + ([(.proposalId | s), (.result | s), (.reasonCode | s), (.claimedScore | s), (.verifiedScore | s)] | map(pad(16)) | join(" ")) + " " + (.failedGates | join(",")))
else empty end)
EOF
