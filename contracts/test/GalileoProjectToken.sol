// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ProjectToken} from "../src/ProjectToken.sol";

/// @title GalileoProjectToken: TEST ONLY, the public deployment's quoteBuy
/// @notice Solves k*n^2/2 + (b + k*s)*n <= ethIn with an integer square root
/// and only steps down, so with an odd slope it can answer one token short
/// of the exact rule (contracts.md section 4.1: quoteBuy(4) = 2 at b = 0,
/// k = 1, s = 0).  Tests of the workflows' "quoteBuy(value) >= n" check
/// deploy it; never deploy it for real use.
contract GalileoProjectToken is ProjectToken {
	constructor(string memory name_, string memory symbol_, uint256 basePrice_,
	    uint256 slope_, uint256 minerPoolCap_, address proposalLedger_)
	    ProjectToken(name_, symbol_, basePrice_, slope_, minerPoolCap_, proposalLedger_) {}

	function quoteBuy(uint256 ethIn) public view override returns (uint256 n) {
		uint256 s = totalSupply();
		uint256 p = Math.saturatingAdd(basePrice, Math.saturatingMul(slope, s));
		if (slope == 0)
			return p == 0 ? 0 : ethIn / p;
		uint256 d = Math.saturatingAdd(Math.saturatingMul(p, p),
		    Math.saturatingMul(2 * slope, ethIn));
		n = Math.saturatingSub(Math.sqrt(d), p) / slope;
		while (n > 0 && _costFrom(s, n) > ethIn)
			n--;
	}
}
