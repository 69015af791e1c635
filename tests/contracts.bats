#!/usr/bin/env bats
# The protocol's contracts (contracts.md): committed artifacts current, the
# ABI of record, and every path of the lifecycle on anvil, driven through
# or-abi, or-sign and or-rpc as the workflows drive them.

load helpers

abi_rows() {	# the rows of the compiled artifacts, as in contracts/abi.tsv
	for n in ProjectRegistry ProjectToken ProposalLedger VerifierRegistry; do
		jq -r --arg c "$n" -f "$OR_TOP/tests/contracts/abi-rows.jq" \
		    "$OR_TOP/contracts/out/$n.json"
	done
}

@test "compile-contracts: the committed artifacts are what the pinned solc makes of the sources" {
	run sh "$OR_TOP/scripts/compile-contracts" --check
	assert_success
	assert_output --regexp '^[0-9]+ artifacts current \(0\.8\.37\+commit\.'
	for n in ProjectRegistry ProjectToken ProposalLedger VerifierRegistry; do
		a=$OR_TOP/contracts/out/$n.json
		[ "$(jq -r .compiler.version "$a")" = "$(jq -r .compiler.version "$OR_TOP/contracts/out/ProjectToken.json")" ]
		jq -e '.compiler.settings.optimizer == {enabled: true, runs: 200}' "$a" >/dev/null
		jq -e '(.bytecode | test("^0x[0-9a-f]{100,}$")) and (.deployedBytecode | test("^0x[0-9a-f]{100,}$"))' "$a" >/dev/null
	done
}

@test "compile-contracts --check names a stale artifact and picks up sources in subfolders of contracts/test" {
	w=$BATS_TEST_TMPDIR/w
	mkdir -p "$w/scripts" "$w/tools/npm" "$w/contracts/test/zg/deep"
	cp "$OR_TOP/scripts/compile-contracts" "$w/scripts/"
	ln -s "$OR_TOP/tools/npm/node_modules" "$w/tools/npm/node_modules"
	printf '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract Probe { function f() external pure returns (uint256) { return 7; } }\n' \
	    > "$w/contracts/test/zg/deep/Probe.sol"
	run sh "$w/scripts/compile-contracts"
	assert_success
	jq -e '.contractName == "Probe" and .sourceName == "contracts/test/zg/deep/Probe.sol"' "$w/contracts/out/Probe.json"
	run sh "$w/scripts/compile-contracts" --check
	assert_success
	sed -i 's/return 7/return 8/' "$w/contracts/test/zg/deep/Probe.sol"
	run sh "$w/scripts/compile-contracts" --check
	assert_failure 1
	assert_output --partial 'stale contracts/out/Probe.json'
	# a second contract of the same name anywhere is refused
	sed 's/return 8/return 9/' "$w/contracts/test/zg/deep/Probe.sol" > "$w/contracts/test/Probe2.sol"
	run sh "$w/scripts/compile-contracts"
	assert_failure 1
	assert_output --partial 'contract Probe is defined in both'
}

@test "the compiled ABIs are the ABI of record in contracts/abi.tsv, selectors recomputed with or-abi" {
	abi_rows | sort > "$BATS_TEST_TMPDIR/ours"
	awk -F'\t' 'NR > 2 { print $1 "\t" $2 "\t" $3 "\t" $5 "\t" $6 "\t" $7 }' \
	    "$OR_TOP/contracts/abi.tsv" | sort > "$BATS_TEST_TMPDIR/want"
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/ours"
	assert_success
	n=0
	while IFS=$(printf '\t') read -r c k s sel m o i; do
		case $k in
		event) got=$(or-abi topic "$s" | jq -r .topic) ;;
		*) got=$(or-abi selector "$s" | jq -r .selector) ;;
		esac
		[ "$got" = "$sel" ] || { echo "$c $s: $got, table says $sel"; return 1; }
		n=$((n + 1))
	done < <(tail -n +3 "$OR_TOP/contracts/abi.tsv")
	[ "$n" -eq 111 ]
}

@test "contracts/abi.tsv holds exactly the selectors and topics of tests/data/contracts-hashes.tsv (the spec's, Error(string) aside)" {
	cut -f2 "$OR_TOP/tests/data/contracts-hashes.tsv" | grep -vx 0x08c379a0 | sort -u > "$BATS_TEST_TMPDIR/want"
	awk -F'\t' 'NR > 2 { print $4 }' "$OR_TOP/contracts/abi.tsv" | sort -u > "$BATS_TEST_TMPDIR/ours"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -eq 106 ]
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/ours"
	assert_success
}

@test "contracts/abi.tsv agrees with the tables of contracts.md (selectors, topics, mutability, indexed)" {
	spec=$OR_TOP/../shared/spec/contracts.md
	[ -f "$spec" ] || skip "no ../shared/spec beside this checkout"
	awk -f "$OR_TOP/tests/contracts/spec-abi.awk" "$spec" | sort > "$BATS_TEST_TMPDIR/spec"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/spec")" -eq 111 ]
	awk -F'\t' 'NR > 2 { print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $7 }' \
	    "$OR_TOP/contracts/abi.tsv" | sort > "$BATS_TEST_TMPDIR/ours"
	run diff "$BATS_TEST_TMPDIR/spec" "$BATS_TEST_TMPDIR/ours"
	assert_success
}

@test "deployments/16602.json is the 0G Galileo manifest of contracts.md 1.2" {
	m=$OR_TOP/deployments/16602.json
	jq -e '.schema == "openresearch/deployment/v1" and .chainId == 16602 and
	    .contracts.ProjectRegistry.address == "0xc84768e450534974c0dd5bab7c1b695744124136" and
	    .contracts.ProposalLedger.address == "0x701db5f8ed847651209a438695dfe5520add6a5a" and
	    .contracts.VerifierRegistry.address == "0x257974e406f206bfaed3abb8d93c232e3226f032" and
	    .contracts.ProjectToken.address == null' "$m"
	# every artifact it names exists relative to the folder holding deployments/
	for f in $(jq -r '.contracts[].artifact' "$m"); do [ -f "$OR_TOP/$f" ]; done
	spec=$OR_TOP/../shared/spec/contracts.md
	[ -f "$spec" ] || skip "no ../shared/spec beside this checkout"
	awk '/^### 1\.2/ { s = 1 } s && /^```json/ { j = 1; next } j && /^```/ { exit } j' "$spec" > "$BATS_TEST_TMPDIR/spec.json"
	[ "$(jq -S . "$BATS_TEST_TMPDIR/spec.json")" = "$(jq -S . "$m")" ]
}
