#!/usr/bin/env bats
# The contracts on anvil (contracts.md): deployed by scripts/deploy-contracts,
# found through share/deployment.sh, and every path of the lifecycle driven
# through or-abi, or-sign and or-rpc as the workflows drive it.  One devnet
# and one deployment for the file; each test runs between an evm_snapshot
# and an evm_revert.  cast serves only as an independent cross-check.

load helpers
load contracts/lib

B=1000000000000000	# basePrice of the calldata.tsv project: 10^15 wei
H11=0x1111111111111111111111111111111111111111111111111111111111111111
C0=0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0
B1=0xb1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1
A5=0xa5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5
ZERO=0x0000000000000000000000000000000000000000
CP='createProject(bytes32,bytes32,bytes32,int256,bytes32,string,string,uint256,uint256,uint256)'
SUBMIT='submit(uint256,bytes32,bytes32,int256,uint256,address)'

# tsv_row SIGNATURE: args and expected of that calldata.tsv row (tab-separated)
tsv_row() { awk -F'\t' -v s="$1" '$1 == s { print $2 "\t" $3 }' "$VECTORS/calldata.tsv"; }

setup_file() {
	export OR_DEVNET_DIR=$BATS_FILE_TMPDIR/devnet
	sh "$OR_TOP/scripts/devnet" start > /dev/null
	eval "$(sh "$OR_TOP/scripts/devnet" env)"
	export M=$BATS_FILE_TMPDIR/local.json G=$BATS_FILE_TMPDIR/galileo.json
	export D V MI V2 X RR
	D=$(acct 0) V=$(acct 1) MI=$(acct 2) V2=$(acct 3) X=$(acct 4) RR=$(acct 5)
	or-rpc -q nonce "$D" | jq -r .nonce > "$BATS_FILE_TMPDIR/nonce0"
	sh "$OR_TOP/scripts/deploy-contracts" --verifier "$V" --verifier "$V2" "$M" \
	    > "$BATS_FILE_TMPDIR/deploy.out"
	sh "$OR_TOP/scripts/deploy-contracts" --variant galileo --verifier "$V" \
	    --verifier "$V2" "$G" > /dev/null
	export REG LED VREG TOK
	REG=$(addr ProjectRegistry) LED=$(addr ProposalLedger) VREG=$(addr VerifierRegistry)
	# project 0: the createProject row of calldata.tsv, sent by account 0
	local args
	args=$(tsv_row "$CP" | cut -f1)
	mapfile -t a < <(printf '%s\n' "$args" | jq -r '.[]')
	tx "$D" 0 "$REG" "$CP" "${a[@]}" > "$BATS_FILE_TMPDIR/create.out"
	TOK=$(view "$REG" 'tokenOf(uint256)(address)' 0)
	# the miner holds 40 tokens: costBetween(0, 40) wei
	tx "$MI" 40800000000000000 "$TOK" 'buy()' > /dev/null
}

teardown_file() {
	sh "$OR_TOP/scripts/devnet" stop
}

setup() { SNAP=$(snapshot); }
teardown() { restore "$SNAP"; }

# mkproject FROM REGISTRY BASE SLOPE CAP: prints "ID TOKEN"
mkproject() {
	local out id
	out=$(tx "$1" 0 "$2" "$CP" "$H11" "$H11" "$H11" -2500000 "$H11" Probe PRB "$3" "$4" "$5") || return 1
	id=$(printf '%s\n' "$out" | logn 0 projectId)
	echo "$id $(printf '%s\n' "$out" | logn 0 token)"
}

# propose MINER TOKEN PROJECT STAKE [RECIPIENT]: approve the ledger, submit;
# prints the submit record; LEDGER overrides the ledger
propose() {
	local led=${LEDGER:-$LED}
	tx "$1" 0 "$2" 'approve(address,uint256)' "$led" "$4" > /dev/null || return 1
	tx "$1" 0 "$led" "$SUBMIT" "$3" "$C0" "$B1" -2400000 "$4" "${5:-$ZERO}"
}

# xcast ARGS...: cast against the devnet, the cross-check (no keystore)
xcast() { env -u ETH_KEYSTORE -u ETH_PASSWORD -u ETH_FROM cast "$@" -r "$ETH_RPC_URL"; }

# pid: the proposal id of the submit record on stdin
pid() { logn 1 id; }

@test "deploy-contracts: CREATE addresses predicted from the nonce, cross-references, verifiers, manifest" {
	n=$(cat "$BATS_FILE_TMPDIR/nonce0")
	[ "$VREG" = "$(or-abi create-address "$D" "$n" | jq -r .contractAddress)" ]
	[ "$LED" = "$(or-abi create-address "$D" $((n + 1)) | jq -r .contractAddress)" ]
	[ "$REG" = "$(or-abi create-address "$D" $((n + 2)) | jq -r .contractAddress)" ]
	# independent reads with cast
	[ "$(xcast call "$LED" 'registry()(address)' | tr A-F a-f)" = "$REG" ]
	[ "$(xcast call "$LED" 'verifierRegistry()(address)' | tr A-F a-f)" = "$VREG" ]
	[ "$(xcast call "$REG" 'proposalLedger()(address)' | tr A-F a-f)" = "$LED" ]
	[ "$(xcast call "$VREG" 'owner()(address)' | tr A-F a-f)" = "$D" ]
	[ "$(xcast call "$VREG" 'verifierCount()(uint256)')" = 2 ]
	[ "$(xcast call "$VREG" 'isVerifier(address)(bool)' "$V2")" = true ]
	[ "$(xcast call "$VREG" 'isVerifier(address)(bool)' "$X")" = false ]
	# the deployed code is the artifact's
	# (with the immutable addresses, 32-byte words, zeroed as in the artifact)
	z=000000000000000000000000
	for c in ProjectRegistry ProposalLedger VerifierRegistry; do
		code=$(xcast code "$(addr $c)" | sed "s/$z${REG#0x}/$z${ZERO#0x}/g; s/$z${LED#0x}/$z${ZERO#0x}/g; s/$z${VREG#0x}/$z${ZERO#0x}/g")
		[ "$code" = "$(jq -r .deployedBytecode "$OR_TOP/contracts/out/$c.json")" ] ||
		    { echo "$c: code differs"; return 1; }
	done
	jq -e --arg d "$D" '.schema == "openresearch/deployment/v1" and .chainId == 31337 and
	    .contracts.ProjectToken.address == null and .fromBlock == .contracts.ProjectRegistry.block and
	    ([.contracts.ProjectRegistry, .contracts.ProposalLedger, .contracts.VerifierRegistry] |
	     all(.deployer == $d and (.block | type) == "number"))' "$M"
	for c in ProjectRegistry ProposalLedger VerifierRegistry ProjectToken; do
		f=$(jq -r ".contracts.$c.artifact" "$M")
		[ "$(jq -r ".contracts.$c.artifactSha256" "$M")" = "$(sha256sum "$f" | cut -d' ' -f1)" ]
	done
	[ "$(jq -r .ProposalLedger "$BATS_FILE_TMPDIR/deploy.out")" = "$LED" ]
	# the variant's ledger is the test-only one
	[ "$(jq -r .contracts.ProposalLedger.artifact "$G")" = "$OR_TOP/contracts/out/GalileoProposalLedger.json" ]
	[ "$(xcast code "$(jq -r .contracts.ProposalLedger.address "$G")" | wc -c)" = "$(jq -r .deployedBytecode "$OR_TOP/contracts/out/GalileoProposalLedger.json" | wc -c)" ]
}

@test "deploy-contracts: usage errors exit 2 before anything is sent" {
	run sh "$OR_TOP/scripts/deploy-contracts"
	assert_failure 2
	run sh "$OR_TOP/scripts/deploy-contracts" --verifier 0x1234 "$BATS_TEST_TMPDIR/m.json"
	assert_failure 2
	assert_output --partial "--verifier '0x1234' is not an address"
	run sh "$OR_TOP/scripts/deploy-contracts" --variant nope "$BATS_TEST_TMPDIR/m.json"
	assert_failure 2
	run env -u ETH_FROM sh "$OR_TOP/scripts/deploy-contracts" "$BATS_TEST_TMPDIR/m.json"
	assert_failure 2
	assert_output --partial ETH_FROM
	run sh "$OR_TOP/scripts/deploy-contracts" --owner "$X" --verifier "$V" "$BATS_TEST_TMPDIR/m.json"
	assert_failure 2
	[ "$(or-rpc -q nonce "$D" | jq -r .nonce)" = "$(or-rpc -q -b pending nonce "$D" | jq -r .nonce)" ]
	[ ! -e "$BATS_TEST_TMPDIR/m.json" ]
}

@test "share/deployment.sh: OR_DEPLOYMENT, then the installed manifest of the chain id, never the working directory" {
	lib=$OR_TOP/share/deployment.sh
	run sh -c ". '$lib'; or_deployment && echo \$OR_MANIFEST \$OR_CHAIN_ID && or_contract_address ProposalLedger && or_contract_artifact ProjectToken" x
	assert_failure 1		# uninstalled and no OR_DEPLOYMENT
	assert_output --partial 'no installed manifests'
	run env OR_DEPLOYMENT="$M" sh -c ". '$lib'; or_deployment && echo \$OR_MANIFEST \$OR_CHAIN_ID && or_contract_address ProposalLedger && or_contract_artifact ProjectToken"
	assert_success
	assert_line --index 0 "$M 31337"
	assert_line --index 1 "$LED"
	assert_line --index 2 "$OR_TOP/contracts/out/ProjectToken.json"
	# make install puts the manifests and a deployment.sh that knows PREFIX
	p=$BATS_TEST_TMPDIR/prefix
	make -s -C "$OR_TOP" install PREFIX="$p" > /dev/null
	[ -f "$p/share/openresearch/deployments/16602.json" ]
	cmp "$OR_TOP/deployments/16602.json" "$p/share/openresearch/deployments/16602.json"
	cmp "$OR_TOP/contracts/out/ProposalLedger.json" "$p/share/openresearch/contracts/out/ProposalLedger.json"
	# a manifest in the working directory is never read
	mkdir -p "$BATS_TEST_TMPDIR/cwd/deployments"
	cp "$M" "$BATS_TEST_TMPDIR/cwd/deployments/31337.json"
	cd "$BATS_TEST_TMPDIR/cwd"
	run sh -c ". '$p/share/openresearch/deployment.sh'; or_deployment"
	assert_failure 1
	assert_output --partial "no deployment manifest for chain 31337 ('$p/share/openresearch/deployments/31337.json')"
	# installed for chain 31337 it is found by the chain id of ETH_RPC_URL
	jq '.contracts.ProposalLedger.artifact = "contracts/out/ProposalLedger.json"' "$M" \
	    > "$p/share/openresearch/deployments/31337.json"
	run sh -c ". '$p/share/openresearch/deployment.sh'; or_deployment && echo \$OR_MANIFEST && or_contract_address ProjectRegistry && or_contract_artifact ProposalLedger"
	assert_success
	assert_line --index 0 "$p/share/openresearch/deployments/31337.json"
	assert_line --index 1 "$REG"
	assert_line --index 2 "$p/share/openresearch/contracts/out/ProposalLedger.json"
	run sh -c ". '$p/share/openresearch/deployment.sh'; or_deployment && or_contract_address ProjectToken"
	assert_failure 1
	assert_output --partial "no address for 'ProjectToken'"
	# DESTDIR stages the same tree
	make -s -C "$OR_TOP" install DESTDIR="$BATS_TEST_TMPDIR/stage" PREFIX=/opt/or > /dev/null
	grep -q 'OR_SHARE_DIR:-/opt/or/share/openresearch}' "$BATS_TEST_TMPDIR/stage/opt/or/share/openresearch/deployment.sh"
	[ -f "$BATS_TEST_TMPDIR/stage/opt/or/share/openresearch/deployments/16602.json" ]
}

@test "share/deployment.sh: a manifest of another chain is refused, rpcUrl only from an explicit manifest" {
	lib=$OR_TOP/share/deployment.sh
	run env OR_DEPLOYMENT="$OR_TOP/deployments/16602.json" sh -c ". '$lib'; or_deployment"
	assert_failure 1
	assert_output --partial 'is for chain 16602, but the node answers chain 31337'
	run env OR_DEPLOYMENT="$BATS_TEST_TMPDIR/none.json" sh -c ". '$lib'; or_deployment"
	assert_failure 1
	assert_output --partial 'cannot be read'
	echo '{"schema":"other"}' > "$BATS_TEST_TMPDIR/bad.json"
	run env OR_DEPLOYMENT="$BATS_TEST_TMPDIR/bad.json" sh -c ". '$lib'; or_deployment"
	assert_failure 1
	assert_output --partial 'not an openresearch/deployment/v1 manifest'
	# ETH_RPC_URL unset: the explicit manifest's rpcUrl is used
	run env -u ETH_RPC_URL OR_DEPLOYMENT="$M" sh -c ". '$lib'; or_deployment && echo \$ETH_RPC_URL"
	assert_success
	assert_output "$(jq -r .rpcUrl "$M")"
	# a dead node is a network failure (4)
	run env ETH_RPC_URL=http://127.0.0.1:9 ETH_RPC_TIMEOUT=2 OR_DEPLOYMENT="$M" sh -c ". '$lib'; or_deployment"
	assert_failure 4
	assert_output --partial 'no chain id from http://127.0.0.1:9'
}

@test "createProject: the calldata.tsv row, ProjectCreated as contracts.md 9.1 says, getProject(0)" {
	out=$(cat "$BATS_FILE_TMPDIR/create.out")
	row=$(tsv_row "$CP")
	[ -n "$row" ]
	mapfile -t a < <(printf '%s\n' "$row" | cut -f1 | jq -r '.[]')
	[ "$(or-abi encode "$CP" "${a[@]}" | jq -r .data)" = "$(printf '%s\n' "$row" | cut -f2)" ]
	[ "$(printf '%s\n' "$out" | jq -r .data)" = "$(printf '%s\n' "$row" | cut -f2)" ]
	[ "$(printf '%s\n' "$out" | events)" = ProjectCreated ]
	printf '%s\n' "$out" | jq -e --arg reg "$REG" --arg tok "$TOK" '.receipt.logs[0] |
	    .address == $reg and
	    .topics == ["0xb2dec8491e891ef9ec892265320dc6e7c7621db5ae1f3e9821c8f784a076142a",
	      "0x0000000000000000000000000000000000000000000000000000000000000000",
	      "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"] and
	    .data == ("0x000000000000000000000000" + ($tok | ltrimstr("0x")) +
	      "1111111111111111111111111111111111111111111111111111111111111111")'
	t=$(xcast block "$(printf '%s\n' "$out" | jq -r .receipt.blockNumber)" -f timestamp)
	p=$(call "$X" "$REG" 'getProject(uint256)' 0 | jq -c '.decoded."0"')
	[ "$p" = "$(jq -nc --arg tok "$TOK" --arg t "$t" '{
	    protocolHash: ("0x" + "11" * 32), repoSnapshotHash: ("0x" + "22" * 32),
	    benchmarkHash: ("0x" + "33" * 32), baselineAggregateScore: "-2500000",
	    baselineMetricsHash: ("0x" + "44" * 32), currentBestCodeHash: ("0x" + "00" * 32),
	    currentBestAggregateScore: "-2500000", currentBestMetricsHash: ("0x" + "44" * 32),
	    currentBestMiner: "0x0000000000000000000000000000000000000000", token: $tok,
	    creator: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", createdAt: $t}')" ]
	[ "$(view "$REG" 'nextProjectId()(uint256)')" = 1 ]
	[ "$(view "$REG" 'currentBestAggregateScore(uint256)(int256)' 0)" = -2500000 ]
	[ "$(view "$TOK" 'decimals()(uint8)')" = 0 ]
	[ "$(view "$TOK" 'name()(string)')" = "Research Token" ]
	[ "$(view "$TOK" 'symbol()(string)')" = RCH ]
	[ "$(view "$TOK" 'minerPoolCap()(uint256)')" = 21000000 ]
	[ "$(view "$TOK" 'proposalLedger()(address)')" = "$LED" ]
	[ "$(view "$TOK" 'minerPoolMinted()(uint256)')" = 0 ]
	[ "$(view "$TOK" 'totalSupply()(uint256)')" = 40 ]	# bought in setup
	# the next project is 1; unknown ids read as zero tuples
	read -r id tok2 < <(mkproject "$X" "$REG" 1 2 3)
	[ "$id" = 1 ] && [ "$tok2" != "$TOK" ]
	call "$X" "$REG" 'getProject(uint256)' 7 | jq -e '.decoded."0" | .token == "0x0000000000000000000000000000000000000000" and .createdAt == "0" and .protocolHash == ("0x" + "00" * 32)'
	call "$X" "$LED" 'getProposal(uint256)' 7 | jq -e '.decoded."0" | .miner == "0x0000000000000000000000000000000000000000" and .status == "0" and .stake == "0"'
	[ "$(view "$REG" 'tokenOf(uint256)(address)' 7)" = "$ZERO" ]
}

@test "the curve: priceAt, costBetween, quoteSell as contracts.md 4.1's worked examples; BAD_RANGE, OverSupply" {
	read -r id tok < <(mkproject "$X" "$REG" "$B" 1000000000000 100)
	[ "$(view "$tok" 'priceAt(uint256)(uint256)' 0)" = 1000000000000000 ]
	[ "$(view "$tok" 'priceAt(uint256)(uint256)' 100)" = 1100000000000000 ]
	[ "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' 0 1)" = 1000500000000000 ]
	[ "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' 0 10)" = 10050000000000000 ]
	[ "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' 100 101)" = 1100500000000000 ]
	[ "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' 5 5)" = 0 ]
	[ "$(view "$tok" 'basePrice()(uint256)')" = "$B" ]
	[ "$(view "$tok" 'slope()(uint256)')" = 1000000000000 ]
	out=$(call "$X" "$tok" 'costBetween(uint256,uint256)' 2 1) && return 1
	printf '%s\n' "$out" | jq -e '.decodedSig == "Error(string)" and .decoded."0" == "BAD_RANGE"'
	reverts 'OverSupply()' "$X" "$tok" 'quoteSell(uint256)' 1
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 10060000000000000)" = 10 ]
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 10050000000000000)" = 10 ]
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 10049999999999999)" = 9 ]
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 999999999999999)" = 0 ]
	# cross-check: every quote is the largest n whose cost fits
	for e in 1000500000000000 5198975000000000 123456789012345678 3000000000000000000; do
		n=$(view "$tok" 'quoteBuy(uint256)(uint256)' "$e")
		c=$(xcast call "$tok" 'costBetween(uint256,uint256)(uint256)' 0 "$n" | cut -d' ' -f1)
		c1=$(xcast call "$tok" 'costBetween(uint256,uint256)(uint256)' 0 $((n + 1)) | cut -d' ' -f1)
		[ "$(echo "$c <= $e && $c1 > $e" | bc)" = 1 ] || { echo "quoteBuy($e) = $n"; return 1; }
	done
}

@test "buy and sell: exact wei, refund of overpayment, Bought and Sold, guards" {
	read -r id tok < <(mkproject "$X" "$REG" "$B" 1000000000000 100)
	b0=$(or-rpc -q balance "$X" | jq -r .balance)
	out=$(tx "$X" 10060000000000000 "$tok" 'buy()')
	[ "$(printf '%s\n' "$out" | events)" = "Transfer Bought" ]
	printf '%s\n' "$out" | jq -e --arg x "$X" '.receipt.logs[1].decoded == {buyer: $x, ethSpent: "10050000000000000", tokensOut: "10"}'
	printf '%s\n' "$out" | jq -e --arg x "$X" '.receipt.logs[0].decoded == {from: "0x0000000000000000000000000000000000000000", to: $x, value: "10"}'
	fee=$(printf '%s\n' "$out" | jq -r '"\(.receipt.gasUsed) * \(.receipt.effectiveGasPrice)"' | bc)
	b1=$(or-rpc -q balance "$X" | jq -r .balance)
	[ "$(echo "$b0 - $b1 - $fee" | bc)" = 10050000000000000 ]	# the refund came back
	[ "$(or-rpc -q balance "$tok" | jq -r .balance)" = 10050000000000000 ]
	[ "$(bal "$tok" "$X")" = 10 ]
	# sell(3) at s = 10 pays costBetween(7, 10)
	[ "$(view "$tok" 'quoteSell(uint256)(uint256)' 3)" = 3025500000000000 ]
	out=$(tx "$X" 0 "$tok" 'sell(uint256)' 3)
	[ "$(printf '%s\n' "$out" | events)" = "Transfer Sold" ]
	printf '%s\n' "$out" | jq -e --arg x "$X" '.receipt.logs[1].decoded == {seller: $x, tokensIn: "3", ethOut: "3025500000000000"}'
	fee=$(printf '%s\n' "$out" | jq -r '"\(.receipt.gasUsed) * \(.receipt.effectiveGasPrice)"' | bc)
	b2=$(or-rpc -q balance "$X" | jq -r .balance)
	[ "$(echo "$b2 - $b1 + $fee" | bc)" = 3025500000000000 ]
	[ "$(view "$tok" 'totalSupply()(uint256)')" = 7 ]
	# to s = 27, then the auto-buy example: 5 tokens, 51,475,000,000,000 back
	tx "$X" "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' 7 27)" "$tok" 'buy()' > /dev/null
	[ "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' 27 32)" = 5147500000000000 ]
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 5198975000000000)" = 5 ]
	out=$(tx "$X" 5198975000000000 "$tok" 'buy()')
	printf '%s\n' "$out" | jq -e '.receipt.logs[1].decoded.ethSpent == "5147500000000000" and .receipt.logs[1].decoded.tokensOut == "5"'
	[ "$(or-rpc -q balance "$tok" | jq -r .balance)" = "$(echo "10050000000000000 - 3025500000000000 + $(view "$tok" 'costBetween(uint256,uint256)(uint256)' 7 27) + 5147500000000000" | bc)" ]
	# guards
	reverts 'ZeroAmount()' "$X" "$tok" 'buy()'
	or-abi encode 'buy()' | jq -c --arg t "$tok" --arg f "$X" '{from: $f, to: $t, value: "1", data}' |
	    or-rpc -q --abi "$OR_TOP/contracts/out/ProjectToken.json" call | jq -e '.decodedSig == "InsufficientPayment()"'
	reverts 'ZeroAmount()' "$X" "$tok" 'sell(uint256)' 0
	reverts 'OverSupply()' "$X" "$tok" 'sell(uint256)' 33
	out=$(call "$MI" "$tok" 'sell(uint256)' 1) && return 1
	printf '%s\n' "$out" | jq -e --arg m "$MI" '.decodedSig == "ERC20InsufficientBalance(address,uint256,uint256)" and .decoded == {sender: $m, balance: "0", needed: "1"}'
	# only the ledger mints and burns
	reverts 'NotLedger()' "$X" "$tok" 'mintMinerReward(address,uint256)' "$X" 1
	reverts 'NotLedger()' "$X" "$tok" 'burnFromLedger(uint256)' 1
	reverts 'NotLedger()' "$X" "$REG" 'updateBest(uint256,address,int256,bytes32,bytes32)' 0 "$X" 5 "$C0" "$C0"
}

@test "odd slope (b = 0, k = 1): costBetween floors once, quoteBuy(4) = 3 and buy() with 4 wei gets 3 tokens" {
	read -r id tok < <(mkproject "$X" "$REG" 0 1 10)
	i=0
	for r in "0 1 0" "0 2 2" "0 3 4" "1 2 1" "2 3 2" "1 3 4"; do
		set -- $r
		[ "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' "$1" "$2")" = "$3" ] || { echo "costBetween($1,$2)"; return 1; }
		i=$((i + 1))
	done
	[ "$i" -eq 6 ]
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 4)" = 3 ]
	out=$(tx "$X" 4 "$tok" 'buy()')
	printf '%s\n' "$out" | jq -e '.receipt.logs[1].decoded.tokensOut == "3" and .receipt.logs[1].decoded.ethSpent == "4"'
	# b = k = 0: nothing is sold
	read -r id tok < <(mkproject "$X" "$REG" 0 0 10)
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 1000)" = 0 ]
	or-abi encode 'buy()' | jq -c --arg t "$tok" --arg f "$X" '{from: $f, to: $t, value: "1000", data}' |
	    or-rpc -q --abi "$OR_TOP/contracts/out/ProjectToken.json" call | jq -e '.decodedSig == "InsufficientPayment()"'
}
