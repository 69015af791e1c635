#!/bin/sh
# trial.sh [--dir D] [--hypothesis TEXT]
# mine, §3.6, interactive: a coding agent has made its edit in the checkout
# itself; this runs one trial of it from the surface check on (measure,
# keep or revert, trials.jsonl, submission when it beats the threshold),
# through the loop's own implementation.
prog=trial.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() { echo 'usage: trial.sh [--dir D] [--hypothesis TEXT] [--no-submit]'; }
dir_arg='' hyp='' extra=''
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--dir | --hypothesis)
		[ $# -ge 2 ] || usage_die "option '$1' needs a value"
		case $1 in --dir) dir_arg=$2 ;; --hypothesis) hyp=$2 ;; esac
		shift 2 ;;
	--no-submit) extra=--no-submit; shift ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
done
need_tools jq
mine_open "$dir_arg"
n=$(journal_read "$ws/trials.jsonl" | grep -c .)
# the "proposer" only names the hypothesis: the edit is already there
OR_TRIAL_HYPOTHESIS=$hyp
export OR_TRIAL_HYPOTHESIS
# shellcheck disable=SC2086
exec sh "$here/loop.sh" --dir "$repo" --max-trials "$((n + 1))" --continue-after-submit $extra \
    --propose 'jq -cn --arg h "$OR_TRIAL_HYPOTHESIS" "{hypothesis: \$h}"'
