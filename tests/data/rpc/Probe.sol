// SPDX-License-Identifier: MIT
// A tiny contract for the or-rpc tests: an event, a counter, and the three
// ways to revert.  Probe.bin is its creation code, Probe.abi.json its ABI:
//   solcjs --bin --optimize Probe.sol  (solc-js of tools/npm)
//   solcjs --abi Probe.sol
pragma solidity ^0.8.20;

contract Probe {
	event Ping(address indexed sender, uint256 indexed n, string note);
	error Nope(uint256 code);

	uint256 public count;

	function ping(string calldata note) external {
		count += 1;
		emit Ping(msg.sender, count, note);
	}

	function fail() external pure {
		revert("boom");
	}

	function divide(uint256 a) external pure returns (uint256) {
		return 1 / a;
	}

	function custom() external pure {
		revert Nope(7);
	}
}
