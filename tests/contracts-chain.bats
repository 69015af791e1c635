#!/usr/bin/env bats
# The contracts on anvil (contracts.md): deployed by scripts/deploy-contracts,
# found through scripts/deployment.sh, and every path of the lifecycle driven
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
	run sh "$OR_TOP/scripts/deploy-contracts" "$BATS_TEST_TMPDIR/no/such/dir/m.json"
	assert_failure 3
	assert_output --partial "does not exist"
	[ "$(or-rpc -q nonce "$D" | jq -r .nonce)" = "$(or-rpc -q -b pending nonce "$D" | jq -r .nonce)" ]
	[ ! -e "$BATS_TEST_TMPDIR/m.json" ]
}

@test "scripts/deployment.sh: OR_DEPLOYMENT, then the installed manifest of the chain id, never the working directory" {
	lib=$OR_TOP/scripts/deployment.sh
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

@test "scripts/deployment.sh: a manifest of another chain is refused, rpcUrl only from an explicit manifest" {
	lib=$OR_TOP/scripts/deployment.sh
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

@test "submit: stake pulled with transferFrom, zero rewardRecipient = the miner, the calldata.tsv row, logs Transfer then ProposalSubmitted" {
	row=$(tsv_row "$SUBMIT")
	mapfile -t a < <(printf '%s\n' "$row" | cut -f1 | jq -r '.[]')
	[ "$(or-abi encode "$SUBMIT" "${a[@]}" | jq -r .data)" = "$(printf '%s\n' "$row" | cut -f2)" ]
	out=$(tx "$MI" 0 "$TOK" 'approve(address,uint256)' "$LED" 5)
	[ "$(printf '%s\n' "$out" | events)" = Approval ]
	out=$(tx "$MI" 0 "$LED" "$SUBMIT" "${a[@]}")
	[ "$(printf '%s\n' "$out" | jq -r .data)" = "$(printf '%s\n' "$row" | cut -f2)" ]
	[ "$(printf '%s\n' "$out" | events)" = "Transfer ProposalSubmitted" ]
	printf '%s\n' "$out" | jq -e --arg m "$MI" --arg l "$LED" --arg tok "$TOK" '
	    (.receipt.logs[0] | .address == $tok and .decoded == {from: $m, to: $l, value: "5"}) and
	    (.receipt.logs[1] | .address == $l and .decoded == {id: "0", projectId: "0", miner: $m,
	      rewardRecipient: $m, codeHash: ("0x" + "c0" * 32), claimedAggregateScore: "-2400000", stake: "5"})'
	t=$(xcast block "$(printf '%s\n' "$out" | jq -r .receipt.blockNumber)" -f timestamp)
	call "$X" "$LED" 'getProposal(uint256)' 0 | jq -e --arg m "$MI" --arg t "$t" '.decoded."0" == {
	    projectId: "0", miner: $m, rewardRecipient: $m, codeHash: ("0x" + "c0" * 32),
	    benchmarkLogHash: ("0x" + "b1" * 32), metricsHash: ("0x" + "00" * 32),
	    claimedAggregateScore: "-2400000", verifiedAggregateScore: "0", stake: "5",
	    submittedAt: $t, reviewLockUntil: "0",
	    reviewer: "0x0000000000000000000000000000000000000000", status: "0"}'
	[ "$(bal "$TOK" "$LED")" = 5 ] && [ "$(bal "$TOK" "$MI")" = 35 ]
	[ "$(view "$LED" 'nextProposalId()(uint256)')" = 1 ]
	# a named recipient is stored and logged; the next id is 1
	out=$(propose "$MI" "$TOK" 0 2 "$RR")
	[ "$(printf '%s\n' "$out" | pid)" = 1 ]
	[ "$(printf '%s\n' "$out" | logn 1 rewardRecipient)" = "$RR" ]
	# the ledger's constants
	[ "$(view "$LED" 'REVIEW_LOCK()(uint64)')" = 86400 ]
	[ "$(view "$LED" 'EXPIRY_WINDOW()(uint64)')" = 604800 ]
	[ "$(view "$LED" 'BPS_DENOMINATOR()(uint16)')" = 10000 ]
	[ "$(view "$LED" 'SLASH_BPS_TO_BURN()(uint16)')" = 5000 ]
	[ "$(view "$LED" 'SLASH_BPS_TO_VERIFIER_POOL()(uint16)')" = 5000 ]
}

@test "submit guards: ZeroStake, UnknownProject, ERC20InsufficientAllowance without approval (revert data as calldata.tsv), ERC20InsufficientBalance" {
	reverts 'ZeroStake()' "$MI" "$LED" "$SUBMIT" 0 "$C0" "$B1" 1 0 "$ZERO"
	reverts 'UnknownProject()' "$MI" "$LED" "$SUBMIT" 9 "$C0" "$B1" 1 5 "$ZERO"
	out=$(call "$MI" "$LED" "$SUBMIT" 0 "$C0" "$B1" 1 5 "$ZERO") && return 1
	row=$(tsv_row 'ERC20InsufficientAllowance(address,uint256,uint256)')
	want=$(printf '%s\n' "$row" | cut -f2 | sed "s/701db5f8ed847651209a438695dfe5520add6a5a/${LED#0x}/")
	[ "$(printf '%s\n' "$out" | jq -r .revertData)" = "$want" ]
	printf '%s\n' "$out" | jq -e --arg l "$LED" '.decodedSig == "ERC20InsufficientAllowance(address,uint256,uint256)" and
	    .decoded == {spender: $l, allowance: "0", needed: "5"}'
	# the same named by or-abi decode --error with the token's ABI
	or-abi decode --error --abi "$OR_TOP/contracts/out/ProjectToken.json" "$want" |
	    jq -e '.decodedSig == "ERC20InsufficientAllowance(address,uint256,uint256)" and .decoded.needed == "5"'
	# approved but not held
	tx "$X" 0 "$TOK" 'approve(address,uint256)' "$LED" 5 > /dev/null
	out=$(call "$X" "$LED" "$SUBMIT" 0 "$C0" "$B1" 1 5 "$ZERO") && return 1
	printf '%s\n' "$out" | jq -e --arg x "$X" '.decodedSig == "ERC20InsufficientBalance(address,uint256,uint256)" and .decoded == {sender: $x, balance: "0", needed: "5"}'
}

@test "claimReview: NotVerifier, UnknownProposal, ReviewClaimed with the lock, WrongStatus on a second claim" {
	id=$(propose "$MI" "$TOK" 0 5 | pid)
	reverts 'NotVerifier()' "$X" "$LED" 'claimReview(uint256)' "$id"
	reverts 'UnknownProposal()' "$V" "$LED" 'claimReview(uint256)' 1
	row=$(tsv_row 'claimReview(uint256)')
	[ "$(enc 'claimReview(uint256)' 1 | jq -r .data)" = "$(printf '%s\n' "$row" | cut -f2)" ]
	out=$(tx "$V" 0 "$LED" 'claimReview(uint256)' "$id")
	t=$(xcast block "$(printf '%s\n' "$out" | jq -r .receipt.blockNumber)" -f timestamp)
	[ "$(printf '%s\n' "$out" | events)" = ReviewClaimed ]
	printf '%s\n' "$out" | jq -e --arg v "$V" --arg u "$((t + 86400))" '.receipt.logs[0].decoded == {id: "0", verifier: $v, reviewLockUntil: $u}'
	call "$X" "$LED" 'getProposal(uint256)' "$id" | jq -e --arg v "$V" --arg u "$((t + 86400))" '.decoded."0" | .status == "1" and .reviewer == $v and .reviewLockUntil == $u'
	reverts 'WrongStatus()' "$V2" "$LED" 'claimReview(uint256)' "$id"
}

@test "approve: ScoreNotImproved (mined, revert data as calldata.tsv), WrongReviewer; then BestUpdated, stake back, reward minted, in order" {
	id=$(propose "$MI" "$TOK" 0 5 "$RR" | pid)
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
	# equal to the incumbent is no improvement: strict
	reverts 'ScoreNotImproved()' "$V" "$LED" 'approve(uint256,int256,bytes32)' "$id" -2500000 "$A5"
	out=$(GAS=400000 tx "$V" 0 "$LED" 'approve(uint256,int256,bytes32)' "$id" -2500000 "$A5") && return 1
	printf '%s\n' "$out" | jq -e '.receipt.status == 0 and .decodedSig == "ScoreNotImproved()"'
	[ "$(printf '%s\n' "$out" | jq -r .revertData)" = "$(tsv_row 'ScoreNotImproved()' | cut -f2)" ]
	reverts 'WrongReviewer()' "$V2" "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5"
	reverts 'NotVerifier()' "$X" "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5"
	reverts 'UnknownProposal()' "$V" "$LED" 'approve(uint256,int256,bytes32)' 5 -2400001 "$A5"
	row=$(tsv_row 'approve(uint256,int256,bytes32)')
	[ "$(enc 'approve(uint256,int256,bytes32)' 0 -2400001 "$A5" | jq -r .data)" = "$(printf '%s\n' "$row" | cut -f2)" ]
	out=$(tx "$V" 0 "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5")
	[ "$(printf '%s\n' "$out" | events)" = "BestUpdated Transfer Transfer MinerRewardMinted ProposalApproved" ]
	printf '%s\n' "$out" | jq -e --arg m "$MI" --arg r "$RR" --arg l "$LED" --arg v "$V" --arg reg "$REG" '.receipt.logs |
	    (.[0] | .address == $reg and .decoded == {projectId: "0", miner: $m, newAggregateScore: "-2400001",
	      codeHash: ("0x" + "c0" * 32), metricsHash: ("0x" + "a5" * 32)}) and
	    .[1].decoded == {from: $l, to: $m, value: "5"} and
	    .[2].decoded == {from: "0x0000000000000000000000000000000000000000", to: $r, value: "5"} and
	    .[3].decoded == {miner: $r, amount: "5"} and
	    .[4].decoded == {id: "0", verifier: $v, verifiedAggregateScore: "-2400001", metricsHash: ("0x" + "a5" * 32)}'
	[ "$(bal "$TOK" "$MI")" = 40 ] && [ "$(bal "$TOK" "$RR")" = 5 ] && [ "$(bal "$TOK" "$LED")" = 0 ]
	[ "$(view "$TOK" 'minerPoolMinted()(uint256)')" = 5 ]
	call "$X" "$REG" 'getProject(uint256)' 0 | jq -e --arg m "$MI" '.decoded."0" | .currentBestCodeHash == ("0x" + "c0" * 32) and
	    .currentBestAggregateScore == "-2400001" and .currentBestMetricsHash == ("0x" + "a5" * 32) and
	    .currentBestMiner == $m and .baselineAggregateScore == "-2500000"'
	call "$X" "$LED" 'getProposal(uint256)' "$id" | jq -e '.decoded."0" | .status == "2" and .verifiedAggregateScore == "-2400001" and .metricsHash == ("0x" + "a5" * 32)'
	reverts 'WrongStatus()' "$V" "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400000 "$A5"
	reverts 'WrongStatus()' "$V" "$LED" 'claimReview(uint256)' "$id"
	reverts 'WrongStatus()' "$X" "$LED" 'expire(uint256)' "$id"
	# the next proposal must beat the new best
	id=$(propose "$MI" "$TOK" 0 1 | pid)
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
	reverts 'ScoreNotImproved()' "$V" "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5"
}

@test "reject: StakeSlashed 2 to the verifier's claimable balance, 3 burned, in order; claimReward; stake 1 burns whole" {
	id=$(propose "$MI" "$TOK" 0 5 | pid)
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
	reverts 'WrongReviewer()' "$V2" "$LED" 'reject(uint256,bytes32)' "$id" "$A5"
	s0=$(view "$TOK" 'totalSupply()(uint256)')
	out=$(tx "$V" 0 "$LED" 'reject(uint256,bytes32)' "$id" "$A5")
	[ "$(printf '%s\n' "$out" | events)" = "Transfer LedgerBurned StakeSlashed ProposalRejected" ]
	printf '%s\n' "$out" | jq -e --arg l "$LED" --arg v "$V" '.receipt.logs |
	    .[0].decoded == {from: $l, to: "0x0000000000000000000000000000000000000000", value: "3"} and
	    .[1].decoded == {amount: "3"} and
	    .[2].decoded == {id: "0", beneficiary: $v, toVerifierPool: "2", burned: "3"} and
	    .[3].decoded == {id: "0", verifier: $v, metricsHash: ("0x" + "a5" * 32)}'
	[ "$(view "$TOK" 'totalSupply()(uint256)')" = $((s0 - 3)) ]
	[ "$(view "$LED" 'claimable(uint256,address)(uint256)' 0 "$V")" = 2 ]
	[ "$(bal "$TOK" "$LED")" = 2 ]
	call "$X" "$LED" 'getProposal(uint256)' "$id" | jq -e '.decoded."0" | .status == "3" and .metricsHash == ("0x" + "a5" * 32)'
	# the best did not move
	[ "$(view "$REG" 'currentBestAggregateScore(uint256)(int256)' 0)" = -2500000 ]
	reverts 'NothingToClaim()' "$V2" "$LED" 'claimReward(uint256)' 0
	out=$(tx "$V" 0 "$LED" 'claimReward(uint256)' 0)
	[ "$(printf '%s\n' "$out" | events)" = "Transfer RewardClaimed" ]
	printf '%s\n' "$out" | jq -e --arg v "$V" --arg l "$LED" '.receipt.logs |
	    .[0].decoded == {from: $l, to: $v, value: "2"} and .[1].decoded == {projectId: "0", account: $v, amount: "2"}'
	[ "$(bal "$TOK" "$V")" = 2 ] && [ "$(view "$LED" 'claimable(uint256,address)(uint256)' 0 "$V")" = 0 ]
	reverts 'NothingToClaim()' "$V" "$LED" 'claimReward(uint256)' 0
	# stake 1: nothing to the pool, one burned
	id=$(propose "$MI" "$TOK" 0 1 | pid)
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
	out=$(tx "$V" 0 "$LED" 'reject(uint256,bytes32)' "$id" "$A5")
	printf '%s\n' "$out" | jq -e '.receipt.logs[2].decoded | .toVerifierPool == "0" and .burned == "1"'
	[ "$(view "$LED" 'claimable(uint256,address)(uint256)' 0 "$V")" = 0 ]
}

@test "the review lock: LockExpired for approve and reject once it ends; a removed verifier cannot decide" {
	id=$(propose "$MI" "$TOK" 0 5 | pid)
	out=$(tx "$V" 0 "$LED" 'claimReview(uint256)' "$id")
	until=$(printf '%s\n' "$out" | logn 0 reviewLockUntil)
	# one second before the end the reviewer may decide, at the end not
	s2=$(snapshot)
	at $((until - 1))
	GAS=500000 tx "$V" 0 "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5" | mined_ok
	restore "$s2"
	at "$until"
	out=$(GAS=500000 tx "$V" 0 "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5") && return 1
	printf '%s\n' "$out" | mined_reverted
	at $((until + 1))
	out=$(GAS=500000 tx "$V" 0 "$LED" 'reject(uint256,bytes32)' "$id" "$A5") && return 1
	printf '%s\n' "$out" | mined_reverted
	reverts 'LockExpired()' "$V" "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5"
	reverts 'LockExpired()' "$V" "$LED" 'reject(uint256,bytes32)' "$id" "$A5"
	# released by anyone, claimed again, then the verifier leaves the registry
	tx "$X" 0 "$LED" 'releaseReview(uint256)' "$id" > /dev/null
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
	out=$(tx "$D" 0 "$VREG" 'removeVerifier(address)' "$V")
	[ "$(printf '%s\n' "$out" | events)" = VerifierRemoved ]
	reverts 'NotVerifier()' "$V" "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400001 "$A5"
	reverts 'NotVerifier()' "$V" "$LED" 'reject(uint256,bytes32)' "$id" "$A5"
}

@test "releaseReview: by the reviewer early, LockActive for others early, by anyone after the lock (time travel)" {
	id=$(propose "$MI" "$TOK" 0 5 | pid)
	reverts 'WrongStatus()' "$X" "$LED" 'releaseReview(uint256)' "$id"
	reverts 'UnknownProposal()' "$X" "$LED" 'releaseReview(uint256)' 3
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
	reverts 'LockActive()' "$X" "$LED" 'releaseReview(uint256)' "$id"
	reverts 'LockActive()' "$V2" "$LED" 'releaseReview(uint256)' "$id"
	out=$(tx "$V" 0 "$LED" 'releaseReview(uint256)' "$id")
	[ "$(printf '%s\n' "$out" | events)" = ReviewReleased ]
	printf '%s\n' "$out" | jq -e '.receipt.logs[0].decoded == {id: "0"}'
	call "$X" "$LED" 'getProposal(uint256)' "$id" | jq -e '.decoded."0" | .status == "0" and .reviewLockUntil == "0" and
	    .reviewer == "0x0000000000000000000000000000000000000000"'
	[ "$(bal "$TOK" "$LED")" = 5 ]	# no token moves
	# another verifier claims; after the lock anyone releases
	out=$(tx "$V2" 0 "$LED" 'claimReview(uint256)' "$id")
	until=$(printf '%s\n' "$out" | logn 0 reviewLockUntil)
	travel 80000
	reverts 'LockActive()' "$X" "$LED" 'releaseReview(uint256)' "$id"
	at $((until - 1))
	out=$(GAS=200000 tx "$X" 0 "$LED" 'releaseReview(uint256)' "$id") && return 1
	printf '%s\n' "$out" | mined_reverted
	at "$until"
	out=$(GAS=200000 tx "$X" 0 "$LED" 'releaseReview(uint256)' "$id")
	[ "$(printf '%s\n' "$out" | events)" = ReviewReleased ]
	call "$X" "$LED" 'getProposal(uint256)' "$id" | jq -e '.decoded."0".status == "0"'
}

@test "expire: ExpiryNotReached before submittedAt + 604800, then slashed to the caller from Pending and InReview" {
	id=$(propose "$MI" "$TOK" 0 5 | pid)
	id2=$(propose "$MI" "$TOK" 0 3 | pid)
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id2" > /dev/null
	sub=$(call "$X" "$LED" 'getProposal(uint256)' "$id" | jq -r '.decoded."0".submittedAt')
	reverts 'ExpiryNotReached()' "$X" "$LED" 'expire(uint256)' "$id"
	reverts 'UnknownProposal()' "$X" "$LED" 'expire(uint256)' 2
	travel 600000
	reverts 'ExpiryNotReached()' "$X" "$LED" 'expire(uint256)' "$id"
	at $((sub + 604799))
	out=$(GAS=300000 tx "$X" 0 "$LED" 'expire(uint256)' "$id") && return 1
	printf '%s\n' "$out" | mined_reverted
	at $((sub + 604800))
	out=$(GAS=300000 tx "$X" 0 "$LED" 'expire(uint256)' "$id")
	[ "$(printf '%s\n' "$out" | events)" = "Transfer LedgerBurned StakeSlashed ProposalExpired" ]
	printf '%s\n' "$out" | jq -e --arg x "$X" '.receipt.logs |
	    .[2].decoded == {id: "0", beneficiary: $x, toVerifierPool: "2", burned: "3"} and
	    .[3].decoded == {id: "0", cranker: $x}'
	call "$X" "$LED" 'getProposal(uint256)' "$id" | jq -e '.decoded."0".status == "4"'
	reverts 'WrongStatus()' "$X" "$LED" 'expire(uint256)' "$id"
	# an active review lock does not prevent expiry; reviewer fields stay
	# (id2 may have been mined seconds after id on a loaded machine: its
	# own deadline is the one that counts)
	sub2=$(call "$X" "$LED" 'getProposal(uint256)' "$id2" | jq -r '.decoded."0".submittedAt')
	[ "$(now)" -ge $((sub2 + 604800)) ] || at $((sub2 + 604800))
	out=$(tx "$X" 0 "$LED" 'expire(uint256)' "$id2")
	printf '%s\n' "$out" | jq -e '.receipt.logs[2].decoded | .toVerifierPool == "1" and .burned == "2"'
	call "$X" "$LED" 'getProposal(uint256)' "$id2" | jq -e --arg v "$V" '.decoded."0" | .status == "4" and .reviewer == $v'
	[ "$(view "$LED" 'claimable(uint256,address)(uint256)' 0 "$X")" = 3 ]
	tx "$X" 0 "$LED" 'claimReward(uint256)' 0 > /dev/null
	[ "$(bal "$TOK" "$X")" = 3 ]
	# a claim after the deadline is allowed, the proposal stays expirable
	id3=$(propose "$MI" "$TOK" 0 1 | pid)
	travel 604800
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id3" > /dev/null
	tx "$X" 0 "$LED" 'expire(uint256)' "$id3" > /dev/null
}

@test "pool exhausted: the reward is min(stake, what remains); no mint and no MinerRewardMinted when nothing remains" {
	read -r pj tok < <(mkproject "$X" "$REG" "$B" 1000000000000 7)
	tx "$MI" 20300000000000000 "$tok" 'buy()' > /dev/null
	[ "$(bal "$tok" "$MI")" = 20 ]
	score=-2400000
	for want in 5 2 0; do
		id=$(propose "$MI" "$tok" "$pj" 5 | pid)
		tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
		out=$(tx "$V" 0 "$LED" 'approve(uint256,int256,bytes32)' "$id" "$score" "$A5")
		score=$((score + 1))
		if [ "$want" -gt 0 ]; then
			[ "$(printf '%s\n' "$out" | events)" = "BestUpdated Transfer Transfer MinerRewardMinted ProposalApproved" ]
			[ "$(printf '%s\n' "$out" | logn 3 amount)" = "$want" ]
		else
			[ "$(printf '%s\n' "$out" | events)" = "BestUpdated Transfer ProposalApproved" ]
		fi
	done
	[ "$(view "$tok" 'minerPoolMinted()(uint256)')" = 7 ]
	[ "$(bal "$tok" "$MI")" = 27 ]
}

@test "VerifierRegistry: owner only, ZeroAddress, AlreadyRegistered, NotRegistered, removal moves the last entry" {
	out=$(call "$X" "$VREG" 'addVerifier(address)' "$X") && return 1
	printf '%s\n' "$out" | jq -e --arg x "$X" '.decodedSig == "OwnableUnauthorizedAccount(address)" and .decoded == {account: $x}'
	reverts 'ZeroAddress()' "$D" "$VREG" 'addVerifier(address)' "$ZERO"
	reverts 'AlreadyRegistered()' "$D" "$VREG" 'addVerifier(address)' "$V"
	reverts 'NotRegistered()' "$D" "$VREG" 'removeVerifier(address)' "$X"
	out=$(tx "$D" 0 "$VREG" 'addVerifier(address)' "$X")
	printf '%s\n' "$out" | jq -e --arg x "$X" '.receipt.logs[0] | .decodedSig == "VerifierAdded(address)" and .decoded == {v: $x}'
	[ "$(view "$VREG" 'verifiers(uint256)(address)' 0)" = "$V" ]
	tx "$D" 0 "$VREG" 'removeVerifier(address)' "$V" > /dev/null
	[ "$(view "$VREG" 'verifierCount()(uint256)')" = 2 ]
	[ "$(view "$VREG" 'verifiers(uint256)(address)' 0)" = "$X" ]
	[ "$(view "$VREG" 'verifiers(uint256)(address)' 1)" = "$V2" ]
	[ "$(view "$VREG" 'isVerifier(address)(bool)' "$V")" = false ]
	out=$(call "$X" "$VREG" 'verifiers(uint256)' 2) && return 1
	printf '%s\n' "$out" | jq -e '.decodedSig == "Panic(uint256)"'
	out=$(call "$D" "$VREG" 'transferOwnership(address)' "$ZERO") && return 1
	printf '%s\n' "$out" | jq -e '.decodedSig == "OwnableInvalidOwner(address)"'
}

@test "test-only Galileo variants: PoolCapExceeded and LockActive where the public deployment raises them, quoteBuy(4) = 2" {
	greg=$(jq -r .contracts.ProjectRegistry.address "$G")
	gled=$(jq -r .contracts.ProposalLedger.address "$G")
	read -r pj tok < <(mkproject "$X" "$greg" 0 1 7)
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 4)" = 2 ]	# the exact rule says 3
	[ "$(view "$tok" 'costBetween(uint256,uint256)(uint256)' 0 3)" = 4 ]
	out=$(tx "$MI" 4 "$tok" 'buy()')
	[ "$(printf '%s\n' "$out" | logn 1 tokensOut)" = 2 ]
	[ "$(printf '%s\n' "$out" | logn 1 ethSpent)" = 2 ]
	tx "$MI" 200 "$tok" 'buy()' > /dev/null
	[ "$(bal "$tok" "$MI")" -ge 15 ]
	# the reviewer cannot release early
	id=$(LEDGER=$gled propose "$MI" "$tok" "$pj" 5 | pid)
	tx "$V" 0 "$gled" 'claimReview(uint256)' "$id" > /dev/null
	reverts 'LockActive()' "$V" "$gled" 'releaseReview(uint256)' "$id"
	# reward = stake: 5 of 7 fits, then a stake of 5 exceeds the 2 left
	tx "$V" 0 "$gled" 'approve(uint256,int256,bytes32)' "$id" -2400000 "$A5" > /dev/null
	[ "$(view "$tok" 'minerPoolMinted()(uint256)')" = 5 ]
	id=$(LEDGER=$gled propose "$MI" "$tok" "$pj" 5 | pid)
	tx "$V" 0 "$gled" 'claimReview(uint256)' "$id" > /dev/null
	reverts 'PoolCapExceeded()' "$V" "$gled" 'approve(uint256,int256,bytes32)' "$id" -2399999 "$A5"
	# the project's own contracts: exact quote, early release by the reviewer
	read -r pj tok < <(mkproject "$X" "$REG" 0 1 7)
	[ "$(view "$tok" 'quoteBuy(uint256)(uint256)' 4)" = 3 ]
}

@test "constructors refuse zero addresses: LedgerZero, RegistryZero, VerifierRegistryZero, OwnableInvalidOwner" {
	# create_reverts ARTIFACT NAME ARG...: eth_call of the creation code
	create_reverts() {
		local art=$OR_TOP/contracts/out/$1.json want=$2 d data
		shift 2
		d=$(or-abi encode --abi "$art" constructor "$@" | jq -r .data)
		data=$(or-rpc -q eth_call "{\"data\":\"$d\"}" latest | jq -r .error.rpcData)
		[ "$(or-abi decode --error --abi "$art" "$data" | jq -r .decodedSig)" = "$want" ] ||
		    { echo "$want: $data"; return 1; }
	}
	create_reverts ProjectRegistry 'LedgerZero()' "$ZERO"
	create_reverts ProposalLedger 'RegistryZero()' "$ZERO" "$VREG"
	create_reverts ProposalLedger 'VerifierRegistryZero()' "$REG" "$ZERO"
	create_reverts VerifierRegistry 'OwnableInvalidOwner(address)' "$ZERO"
}

@test "reserve shortfall kept from the public deployment: after a reward mint the last seller meets EthPayoutFailed" {
	read -r pj tok < <(mkproject "$X" "$REG" "$B" 1000000000000 100)
	tx "$MI" 10050000000000000 "$tok" 'buy()' > /dev/null	# 10 tokens
	id=$(propose "$MI" "$tok" "$pj" 5 | pid)
	tx "$V" 0 "$LED" 'claimReview(uint256)' "$id" > /dev/null
	tx "$V" 0 "$LED" 'approve(uint256,int256,bytes32)' "$id" -2400000 "$A5" > /dev/null
	# supply 15, reserve costBetween(0, 10): selling 10 of 15 costs more
	[ "$(view "$tok" 'totalSupply()(uint256)')" = 15 ]
	[ "$(or-rpc -q balance "$tok" | jq -r .balance)" = 10050000000000000 ]
	reverts 'EthPayoutFailed()' "$MI" "$tok" 'sell(uint256)' 10
	tx "$MI" 0 "$tok" 'sell(uint256)' 5 | mined_ok
}
