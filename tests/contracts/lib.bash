# Helpers for the bats files that drive the contracts on anvil through
# or-abi, or-sign and or-rpc, as the workflows do.  Needs a devnet
# (scripts/devnet) with its env evaluated, and $M, a deployment manifest.

# acct I: anvil's account number I (the devnet keystore holds them all)
acct() { jq -r ".accounts[$1].address" "$OR_DEVNET_DIR/state.json"; }

# the ABI files of every compiled contract, as --abi options
abis() { for f in "$OR_TOP"/contracts/out/*.json; do printf -- '--abi\n%s\n' "$f"; done; }

# addr NAME: an address of the manifest $M
addr() { jq -r ".contracts.$1.address" "$M"; }

# enc SIG [ARG...]: or-abi encode, decimal integers passed as JSON strings
# (an operand that parses as a JSON number must fit in 2^53)
enc() {
	local sig=$1 x
	shift
	local -a q=()
	for x; do
		case $x in
		-[0-9]*|[0-9]*) [[ $x =~ ^-?[0-9]+$ ]] && x="\"$x\"" ;;
		esac
		q+=("$x")
	done
	or-abi encode "$sig" "${q[@]}"
}

# tx FROM VALUE TO SIG [ARG...]: send a transaction signed by FROM and wait
# for it; prints the or-rpc wait record (receipt logs decoded), fails like
# the pipeline (a revert is status 1 with revertData and decodedSig).
# GAS=N skips the estimate (to mine a transaction that reverts).
tx() {
	local from=$1 value=$2 to=$3
	shift 3
	local -a gas=()
	[ -z "${GAS:-}" ] || gas=(--gas-limit "$GAS")
	local -a a
	mapfile -t a < <(abis)
	enc "$@" |
	    jq -c --arg f "$from" --arg t "$to" --arg v "$value" '{from: $f, to: $t, value: $v, data}' |
	    or-rpc -q "${gas[@]}" --from "$from" fill | or-sign -q tx --from "$from" |
	    or-rpc -q send | or-rpc -q "${a[@]}" wait
}

# call FROM TO SIG [ARG...]: eth_call as FROM; prints the or-rpc call record
# (decoded return value, or revertData with the custom error named)
call() {
	local from=$1 to=$2
	shift 2
	local -a a
	mapfile -t a < <(abis)
	enc "$@" | jq -c --arg f "$from" --arg t "$to" '{from: $f, to: $t, data, sig}' |
	    or-rpc -q "${a[@]}" call
}

# view TO SIG(OUT) [ARG...]: the first return value, raw (strings unquoted)
view() {
	local to=$1
	shift
	enc "$@" | jq -c --arg t "$to" '{to: $t, data, sig}' | or-rpc -q call |
	    jq -r '.decoded."0" | if type == "string" then . else tojson end'
}

# reverts NAME FROM TO SIG [ARG...]: the call reverts with the custom error
# NAME (its signature as or-rpc names it through the ABIs)
reverts() {
	local want=$1
	shift
	local out
	out=$(call "$@") && { echo "no revert: $out"; return 1; }
	[ "$(printf '%s\n' "$out" | jq -r .decodedSig)" = "$want" ] ||
	    { echo "expected $want: $out"; return 1; }
}

# events: the decodedSig of each receipt log, names only, one line
events() { jq -r '[.receipt.logs[].decodedSig | sub("\\(.*"; "")] | join(" ")'; }

# logn I FIELD: field FIELD of decoded log I of the receipt on stdin
logn() { jq -r ".receipt.logs[$1].decoded.$2"; }

# snapshot / restore: isolate a test on the shared chain
snapshot() { or-rpc -q evm_snapshot | jq -r .result; }
# (anvil's revert leaves its clock where a test moved it: set it back to
# one second after the restored head)
restore() {
	or-rpc -q evm_revert "$1" | jq -e '.result == true' > /dev/null &&
	    or-rpc -q evm_setNextBlockTimestamp $(($(now) + 1)) > /dev/null &&
	    or-rpc -q evm_mine > /dev/null
}

# travel SECS: advance the chain's clock and mine a block
travel() {
	or-rpc -q evm_increaseTime "$1" > /dev/null && or-rpc -q evm_mine > /dev/null
}

# at T: the next block is mined with timestamp T (exact boundaries are
# tested with mined transactions: eth_call runs at a later clock)
at() { or-rpc -q evm_setNextBlockTimestamp "$1" > /dev/null; }

# mined_ok / mined_reverted: the status of the wait record on stdin
mined_ok() { jq -e '.receipt.status == 1' > /dev/null; }
mined_reverted() { jq -e '.receipt.status == 0' > /dev/null; }

# now: the latest block's timestamp
now() { or-rpc -q eth_getBlockByNumber latest false | jq -r '.result.timestamp' | xargs printf '%d\n'; }

# bal TOKEN WHO: token balance
bal() { view "$1" 'balanceOf(address)(uint256)' "$2"; }
