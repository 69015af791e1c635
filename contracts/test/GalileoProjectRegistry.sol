// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProjectRegistry} from "../src/ProjectRegistry.sol";
import {GalileoProjectToken} from "./GalileoProjectToken.sol";

/// @title GalileoProjectRegistry: TEST ONLY, creates GalileoProjectTokens
contract GalileoProjectRegistry is ProjectRegistry {
	constructor(address proposalLedger_) ProjectRegistry(proposalLedger_) {}

	function _newToken(string calldata name_, string calldata symbol_,
	    uint256 basePrice, uint256 slope, uint256 minerPoolCap)
	    internal override returns (address) {
		return address(new GalileoProjectToken(name_, symbol_, basePrice, slope,
		    minerPoolCap, proposalLedger));
	}
}
