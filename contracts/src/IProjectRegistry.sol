// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the ProposalLedger needs from the ProjectRegistry.
interface IProjectRegistry {
	function tokenOf(uint256 projectId) external view returns (address);
	function currentBestAggregateScore(uint256 projectId) external view returns (int256);
	function updateBest(uint256 projectId, address miner, int256 newAggregateScore,
	    bytes32 newCodeHash, bytes32 newMetricsHash) external;
}

/// @notice What the ProposalLedger needs from the VerifierRegistry.
interface IVerifierRegistry {
	function isVerifier(address v) external view returns (bool);
}

/// @notice What the ProposalLedger needs from a ProjectToken beyond ERC-20.
interface IProjectToken {
	function minerPoolCap() external view returns (uint256);
	function minerPoolMinted() external view returns (uint256);
	function mintMinerReward(address miner, uint256 amount) external;
	function burnFromLedger(uint256 amount) external;
}
