#!/bin/sh
# mine.sh [--dir D] [LOOP-OPTIONS]     the loop (loop.sh), after the wallet
#                                      check in chain mode
# mine.sh next [--dir D]               the context for an agent's next idea
# mine.sh init|sync|submit|wallet ...  the step scripts
# mine, §3.  In chain mode with submission on, mining refuses to start when
# wallet.sh check fails and names what is missing.
prog=mine.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() {
	echo 'usage: mine.sh [--dir D] [loop options]'
	echo '       mine.sh next [--dir D]'
	echo '       mine.sh init|sync|submit|wallet|sidechat ARGS...'
}
case ${1:-} in
-h | --help) usage; exit 0 ;;
init | sync | submit | wallet | sidechat) c=$1; shift; exec sh "$here/$c.sh" "$@" ;;
next)
	shift
	d=''
	[ "${1:-}" != --dir ] || d=${2:-}
	mine_open "$d"
	tr=$(journal_read "$ws/trials.jsonl") || exit
	printf '%s\n' "$tr" | jq -cs --slurpfile ns "$ws/network_state.json" --slurpfile i "$ws/incumbent.json" \
	    --arg prog "$(cat "$ws/program.md")" --arg sc "$( [ -f "$ws/sidechat.jsonl" ] && tail -n 10 "$ws/sidechat.jsonl")" '
	    {program: $prog,
	     localBest: ((map(select(.decision == "kept")) | last | .primaryMetricValue) // $i[0].summary.aggregate),
	     threshold: $ns[0].thresholdMetric,
	     lastTrials: (.[-10:] | map({trialId, hypothesis, primaryMetricValue, decision})),
	     sidechat: {untrusted: true, notes: ($sc | split("\n") | map(select(length > 0)))}}'
	exit 0 ;;
esac
d='' i=0
for a; do
	i=$((i + 1))
	[ "$a" != --dir ] || { eval "d=\${$((i + 1)):-}"; }
done
mine_open "$d"
sub=${OR_MINE_SUBMIT:-1}
for a; do [ "$a" != --no-submit ] || sub=0; done
if [ "$(cfg_get .mode)" = chain ] && [ "$sub" = 1 ]; then
	o=$(sh "$here/wallet.sh" check --dir "$repo" 2> /dev/null)
	s=$?
	if [ "$s" -ne 0 ]; then
		printf '%s\n' "$o" | jq -c 'select(.check and (.ok | not))' 2> /dev/null
		die 1 wallet_not_ready "$(printf '%s\n' "$o" | tail -n 1 | jq -r '.error // "wallet check failed"')"
	fi
fi
exec sh "$here/loop.sh" "$@"
