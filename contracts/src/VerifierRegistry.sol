// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title VerifierRegistry: the owner-managed allowlist of verifiers
/// @notice Only listed accounts may claim, approve or reject reviews on the
/// ProposalLedger.  The list is kept as an array for enumeration; removal
/// moves the last entry into the freed slot, so the order changes.
contract VerifierRegistry is Ownable {
	address[] private _verifiers;
	/// position in _verifiers plus one; 0 means "not registered"
	mapping(address => uint256) private _slot;

	event VerifierAdded(address indexed v);
	event VerifierRemoved(address indexed v);

	error AlreadyRegistered();
	error NotRegistered();
	error ZeroAddress();

	constructor(address initialOwner) Ownable(initialOwner) {}

	function addVerifier(address v) external onlyOwner {
		if (v == address(0))
			revert ZeroAddress();
		if (_slot[v] != 0)
			revert AlreadyRegistered();
		_verifiers.push(v);
		_slot[v] = _verifiers.length;
		emit VerifierAdded(v);
	}

	function removeVerifier(address v) external onlyOwner {
		uint256 slot = _slot[v];
		if (slot == 0)
			revert NotRegistered();
		uint256 last = _verifiers.length;
		if (slot != last) {
			address moved = _verifiers[last - 1];
			_verifiers[slot - 1] = moved;
			_slot[moved] = slot;
		}
		_verifiers.pop();
		delete _slot[v];
		emit VerifierRemoved(v);
	}

	function isVerifier(address v) external view returns (bool) {
		return _slot[v] != 0;
	}

	function verifierCount() external view returns (uint256) {
		return _verifiers.length;
	}

	/// @notice Reverts (Panic 0x32) for an index out of range.
	function verifiers(uint256 index) external view returns (address) {
		return _verifiers[index];
	}
}
