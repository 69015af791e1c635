#!/bin/sh
# wallet.sh init [--keystore DIR] [--password-file F]
# wallet.sh check [--dir D] [--deployment F]
# mine, §3.1.  init makes a dedicated mining key with or-sign new (Web3
# Secret Storage v3; the password file must be readable by the user only).
# check confirms that on-chain mining can start: the key signs, the native
# balance pays gas (and auto-buys when the stake is short), the stake token
# balance and allowance, and a reward recipient that is not the mining key.
# Each finding is one JSON line; the final line says ready or not_ready
# (exit 1, naming what is missing).
prog=wallet.sh
here=$(cd "$(dirname -- "$0")" && pwd -P) || exit 3
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=mine-lib.sh
. "$here/mine-lib.sh"

usage() {
	echo 'usage: wallet.sh init [--keystore DIR] [--password-file F]'
	echo '       wallet.sh check [--dir D] [--deployment F]'
}
[ $# -ge 1 ] || { usage >&2; exit 2; }
cmd=$1
shift
ks=${ETH_KEYSTORE:-} pw=${ETH_PASSWORD:-} dir_arg='' dep_arg=''
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--keystore | --password-file | --dir | --deployment)
		[ $# -ge 2 ] || usage_die "option '$1' needs a value"
		case $1 in
		--keystore) ks=$2 ;; --password-file) pw=$2 ;; --dir) dir_arg=$2 ;; --deployment) dep_arg=$2 ;;
		esac
		shift 2 ;;
	*) usage_die "unknown argument '$1'" ;;
	esac
done
need_tools jq or-sign

# pw_private FILE: the password file exists and only its owner can read it.
pw_private() {
	[ -f "$1" ] || return 1
	case $(stat -c %a -- "$1") in ?00) return 0 ;; esac
	return 1
}

case $cmd in
-h | --help) usage; exit 0 ;;
init)
	[ -n "$ks" ] || ks=${HOME:-.}/.ethereum/keystore
	[ -n "$pw" ] || usage_die "give --password-file F (or ETH_PASSWORD): a file holding the new key's password"
	pw_private "$pw" || die 1 password_file "'$pw' must exist and be readable by its owner only (chmod 600)"
	mkdir -p "$ks" || die 3 write_failed "cannot create '$ks'"
	chmod 700 "$ks" || die 3 write_failed "cannot protect '$ks'"
	o=$(echo '{}' | or-sign -q new --keystore "$ks" --password-file "$pw")
	a=$(printf '%s\n' "$o" | jq -r '.address // empty')
	[ -n "$a" ] || die 1 key_failed "or-sign new failed: $(printf '%s\n' "$o" | jq -r '.error.message // empty')"
	hint "export ETH_KEYSTORE=$ks ETH_FROM=$a ETH_PASSWORD=$pw, fund $a with gas, and set OR_REWARD_RECIPIENT to your main wallet"
	finish key_created "$(jq -cn --arg a "$a" --arg k "$ks" '{address: $a, keystore: $k}')" ;;
check) ;;
*) usage_die "unknown command '$cmd'" ;;
esac

need_tools or-rpc or-abi bc
missing=''
report() { jq -cn --arg c "$1" --argjson ok "$2" --arg d "$3" '{check: $c, ok: $ok, detail: $d}'; [ "$2" = true ] || missing="$missing $1"; }
if [ -n "$pw" ] && pw_private "$pw"; then
	report password_file true "$pw"
else
	report password_file false "ETH_PASSWORD must name a file readable by its owner only"
fi
a=$(echo '{}' | or-sign -q address 2> /dev/null | jq -r '.address // empty')
if [ -n "$a" ] && s=$(or-sign -q message wallet-check < /dev/null 2> /dev/null | jq -r '.signature // empty') && [ -n "$s" ]; then
	report signing true "$a"
else
	report signing false "no key signs: set ETH_KEYSTORE, ETH_FROM and ETH_PASSWORD (wallet.sh init makes one)"
	a=''
fi
# wei amounts, with an optional unit suffix (0.001ether)
gasmin=$(wei_of "${OR_MIN_GAS_WEI:-1000000000000000}") ||
    die 2 usage "OR_MIN_GAS_WEI '${OR_MIN_GAS_WEI:-}' is not a wei amount (decimal wei, 0x hex, or a unit suffix: 1ether, 1.5gwei)"
max_buy=''
if [ -n "${OR_MAX_BUY_WEI:-}" ]; then
	max_buy=$(wei_of "$OR_MAX_BUY_WEI") ||
	    die 2 usage "OR_MAX_BUY_WEI '$OR_MAX_BUY_WEI' is not a wei amount (decimal wei, 0x hex, or a unit suffix: 1ether, 1.5gwei)"
fi
deployment_open "$dep_arg"
if [ -n "$a" ]; then
	nb=$(or-rpc -q balance "$a" < /dev/null | jq -r '.balance // empty')
	if [ -n "$nb" ] && ge "$nb" "$gasmin"; then report native_balance true "$nb"; else report native_balance false "${nb:-unknown} wei, below $gasmin for gas"; fi
fi
rcpt=${OR_REWARD_RECIPIENT:-}
if [ -z "$rcpt" ]; then
	report reward_recipient false "OR_REWARD_RECIPIENT is not set (rewards would go to the mining key)"
elif [ "$(printf '%s' "$rcpt" | tr A-F a-f)" = "$(printf '%s' "$a" | tr A-F a-f)" ]; then
	report reward_recipient false "OR_REWARD_RECIPIENT is the mining key"
else
	report reward_recipient true "$rcpt"
fi
if [ -n "$dir_arg" ] && [ -n "$a" ]; then
	mine_open "$dir_arg"
	tk=$(jq -r '.token // empty' "$ws/network_state.json")
	led=$(cfg_get .proposalLedger)
	stake=${OR_STAKE:-$(cfg_get .stake)}
	if [ -n "$tk" ]; then
		bal=$(call_view "$tk" 'balanceOf(address)(uint256)' "$a" | jq -r '."0"') || exit
		al=$(call_view "$tk" 'allowance(address,address)(uint256)' "$a" "$led" | jq -r '."0"') || exit
		if ge "$bal" "$stake"; then
			report stake_balance true "$bal"
		else
			# short: auto-buy needs the native balance for the missing tokens
			sup=$(call_view "$tk" 'totalSupply()(uint256)' | jq -r '."0"') || exit
			q=$(call_view "$tk" 'costBetween(uint256,uint256)(uint256)' "$sup" "$(bc_ "$sup + $stake - $bal")" | jq -r '."0"') || exit
			if [ -n "$max_buy" ] && ! ge "$max_buy" "$q"; then
				report stake_balance false "$bal tokens, stake $stake; buying the rest costs about $q wei, above OR_MAX_BUY_WEI ($max_buy wei)"
			elif ge "${nb:-0}" "$(bc_ "$q + $gasmin")"; then
				report stake_balance true "$bal tokens; the missing $(bc_ "$stake - $bal") are bought for about $q wei"
			else
				report stake_balance false "$bal tokens, stake $stake, and ${nb:-0} wei cannot buy the rest ($q wei)"
			fi
		fi
		report allowance true "$al (approve is sent when it is below the stake)"
	fi
fi
[ -z "$missing" ] || die 1 not_ready "not ready for chain mining:$missing"
finish ready "$(jq -cn --arg a "$a" '{address: $a}')"
