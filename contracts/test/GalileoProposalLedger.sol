// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProposalLedger} from "../src/ProposalLedger.sol";

/// @title GalileoProposalLedger: TEST ONLY, the public deployment's ledger
/// @notice Behaves as the public deployment does where this project's ledger
/// deliberately differs (contracts.md section 8 items 2 and 3): the reward
/// is exactly the stake, so an approval reverts PoolCapExceeded() once the
/// stake exceeds what remains of the pool, and nobody, not even the
/// reviewer, releases a review before its lock ends (LockActive()).
contract GalileoProposalLedger is ProposalLedger {
	constructor(address registry_, address verifierRegistry_)
	    ProposalLedger(registry_, verifierRegistry_) {}

	function _reward(address, uint256 stake) internal pure override returns (uint256) {
		return stake;
	}

	function _mayReleaseEarly(Record storage) internal pure override returns (bool) {
		return false;
	}
}
