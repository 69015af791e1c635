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
