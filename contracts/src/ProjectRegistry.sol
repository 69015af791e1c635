// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProjectToken} from "./ProjectToken.sol";

/// @title ProjectRegistry: research projects and their current best
/// @notice Anyone creates a project (and with it the project's ProjectToken);
/// only the ProposalLedger moves the current best, from approve.  There is
/// no owner.  Arguments of createProject are not validated on chain: the
/// create workflow validates them.
contract ProjectRegistry {
	/// A static tuple of 12 words (contracts.md section 2.1).
	struct Project {
		bytes32 protocolHash;
		bytes32 repoSnapshotHash;
		bytes32 benchmarkHash;
		int256 baselineAggregateScore;
		bytes32 baselineMetricsHash;
		bytes32 currentBestCodeHash;	// 0 until the first approval: the repo snapshot
		int256 currentBestAggregateScore;
		bytes32 currentBestMetricsHash;
		address currentBestMiner;
		address token;			// 0: no such project
		address creator;
		uint64 createdAt;
	}

	address public immutable proposalLedger;
	uint256 public nextProjectId;
	mapping(uint256 => Project) private _projects;

	event ProjectCreated(uint256 indexed projectId, address indexed creator,
	    address token, bytes32 protocolHash);
	event BestUpdated(uint256 indexed projectId, address indexed miner,
	    int256 newAggregateScore, bytes32 codeHash, bytes32 metricsHash);

	error LedgerZero();
	error NotLedger();
	error UnknownProject();
	error ScoreNotImproved();

	constructor(address proposalLedger_) {
		if (proposalLedger_ == address(0))
			revert LedgerZero();
		proposalLedger = proposalLedger_;
	}

	/// @notice Creates project number nextProjectId (the first is 0) and its
	/// token; the baseline is the first current best.  Nothing is minted.
	function createProject(bytes32 protocolHash, bytes32 repoSnapshotHash,
	    bytes32 benchmarkHash, int256 baselineAggregateScore,
	    bytes32 baselineMetricsHash, string calldata tokenName,
	    string calldata tokenSymbol, uint256 basePrice, uint256 slope,
	    uint256 minerPoolCap) external returns (uint256 projectId, address tokenAddr) {
		projectId = nextProjectId++;
		tokenAddr = _newToken(tokenName, tokenSymbol, basePrice, slope, minerPoolCap);
		Project storage p = _projects[projectId];
		p.protocolHash = protocolHash;
		p.repoSnapshotHash = repoSnapshotHash;
		p.benchmarkHash = benchmarkHash;
		p.baselineAggregateScore = baselineAggregateScore;
		p.baselineMetricsHash = baselineMetricsHash;
		p.currentBestAggregateScore = baselineAggregateScore;
		p.currentBestMetricsHash = baselineMetricsHash;
		p.token = tokenAddr;
		p.creator = msg.sender;
		p.createdAt = uint64(block.timestamp);
		emit ProjectCreated(projectId, msg.sender, tokenAddr, protocolHash);
	}

	/// @notice Called by the ledger when it approves a proposal: the score
	/// must beat the current best (signed, strict; higher is better).
	function updateBest(uint256 projectId, address miner, int256 newAggregateScore,
	    bytes32 newCodeHash, bytes32 newMetricsHash) external {
		if (msg.sender != proposalLedger)
			revert NotLedger();
		Project storage p = _projects[projectId];
		if (p.token == address(0))
			revert UnknownProject();
		if (newAggregateScore <= p.currentBestAggregateScore)
			revert ScoreNotImproved();
		p.currentBestCodeHash = newCodeHash;
		p.currentBestAggregateScore = newAggregateScore;
		p.currentBestMetricsHash = newMetricsHash;
		p.currentBestMiner = miner;
		emit BestUpdated(projectId, miner, newAggregateScore, newCodeHash, newMetricsHash);
	}

	/// @notice All zero for an id that does not exist (token == 0).
	function getProject(uint256 projectId) external view returns (Project memory) {
		return _projects[projectId];
	}

	function currentBestAggregateScore(uint256 projectId) external view returns (int256) {
		return _projects[projectId].currentBestAggregateScore;
	}

	function tokenOf(uint256 projectId) external view returns (address) {
		return _projects[projectId].token;
	}

	/// @dev The token of a new project; test-only variants deploy their own.
	function _newToken(string calldata name_, string calldata symbol_,
	    uint256 basePrice, uint256 slope, uint256 minerPoolCap)
	    internal virtual returns (address) {
		return address(new ProjectToken(name_, symbol_, basePrice, slope,
		    minerPoolCap, proposalLedger));
	}
}
