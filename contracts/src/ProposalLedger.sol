// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IProjectRegistry, IVerifierRegistry, IProjectToken} from "./IProjectRegistry.sol";

/// @title ProposalLedger: staked proposals and their review
/// @notice Who receives what (contracts.md section 7):
///  - approve: the stake goes back to the miner; a reward of
///    min(stake, minerPoolCap - minerPoolMinted) is minted to the reward
///    recipient (nothing when that is 0);
///  - reject: the stake is slashed, half (rounded down) credited to the
///    rejecting verifier's claimable balance, the rest (the odd unit too)
///    burned;
///  - expire: the same split, the pool half credited to whoever expires it;
///  - releaseReview: no token moves.
/// There is no owner; every guarded function updates state before it calls
/// out.
contract ProposalLedger is ReentrancyGuardTransient {
	using SafeERC20 for IERC20;

	enum Status { Pending, InReview, Approved, Rejected, Expired }

	/// A static tuple of 13 words (contracts.md section 2.2).
	struct Proposal {
		uint256 projectId;
		address miner;			// 0: no such proposal
		address rewardRecipient;
		bytes32 codeHash;
		bytes32 benchmarkLogHash;
		bytes32 metricsHash;
		int256 claimedAggregateScore;
		int256 verifiedAggregateScore;
		uint256 stake;
		uint64 submittedAt;
		uint64 reviewLockUntil;
		address reviewer;
		Status status;
	}

	/// @dev The stored form of a Proposal, packed so that the fields a
	/// state change writes share slots with fields already set by submit:
	/// a status change never writes a zero slot (an expire from Pending
	/// costs about 17,000 gas less than with the ABI's field order).
	struct Record {
		uint256 projectId;
		address miner;			// 0: no such proposal
		uint64 submittedAt;
		Status status;
		address rewardRecipient;
		address reviewer;
		uint64 reviewLockUntil;
		bytes32 codeHash;
		bytes32 benchmarkLogHash;
		bytes32 metricsHash;
		int256 claimedAggregateScore;
		int256 verifiedAggregateScore;
		uint256 stake;
	}

	uint64 public constant REVIEW_LOCK = 86400;
	uint64 public constant EXPIRY_WINDOW = 604800;
	uint16 public constant BPS_DENOMINATOR = 10000;
	uint16 public constant SLASH_BPS_TO_BURN = 5000;
	uint16 public constant SLASH_BPS_TO_VERIFIER_POOL = 5000;

	address public immutable registry;
	address public immutable verifierRegistry;
	uint256 public nextProposalId;
	mapping(uint256 => Record) private _proposals;
	mapping(uint256 => mapping(address => uint256)) private _claimable;

	event ProposalSubmitted(uint256 indexed id, uint256 indexed projectId,
	    address indexed miner, address rewardRecipient, bytes32 codeHash,
	    int256 claimedAggregateScore, uint256 stake);
	event ReviewClaimed(uint256 indexed id, address indexed verifier, uint64 reviewLockUntil);
	event ReviewReleased(uint256 indexed id);
	event ProposalApproved(uint256 indexed id, address indexed verifier,
	    int256 verifiedAggregateScore, bytes32 metricsHash);
	event ProposalRejected(uint256 indexed id, address indexed verifier, bytes32 metricsHash);
	event ProposalExpired(uint256 indexed id, address indexed cranker);
	event StakeSlashed(uint256 indexed id, address indexed beneficiary,
	    uint256 toVerifierPool, uint256 burned);
	event RewardClaimed(uint256 indexed projectId, address indexed account, uint256 amount);

	error ZeroStake();
	error UnknownProject();
	error UnknownProposal();
	error NotVerifier();
	error WrongStatus();
	error WrongReviewer();
	error LockActive();
	error LockExpired();
	error ExpiryNotReached();
	error ScoreNotImproved();
	error NothingToClaim();
	error RegistryZero();
	error VerifierRegistryZero();

	constructor(address registry_, address verifierRegistry_) {
		if (registry_ == address(0))
			revert RegistryZero();
		if (verifierRegistry_ == address(0))
			revert VerifierRegistryZero();
		registry = registry_;
		verifierRegistry = verifierRegistry_;
	}

	/// @notice Stakes stake tokens of the project (pulled with transferFrom:
	/// approve the ledger first) on a candidate.  The claimed score is not
	/// compared with anything; the verifiers measure it.
	function submit(uint256 projectId, bytes32 codeHash, bytes32 benchmarkLogHash,
	    int256 claimedAggregateScore, uint256 stake, address rewardRecipient)
	    external nonReentrant returns (uint256 proposalId) {
		if (stake == 0)
			revert ZeroStake();
		address token = IProjectRegistry(registry).tokenOf(projectId);
		if (token == address(0))
			revert UnknownProject();
		IERC20(token).safeTransferFrom(msg.sender, address(this), stake);
		if (rewardRecipient == address(0))
			rewardRecipient = msg.sender;
		proposalId = nextProposalId++;
		Record storage p = _proposals[proposalId];
		p.projectId = projectId;
		p.miner = msg.sender;
		p.rewardRecipient = rewardRecipient;
		p.codeHash = codeHash;
		p.benchmarkLogHash = benchmarkLogHash;
		p.claimedAggregateScore = claimedAggregateScore;
		p.stake = stake;
		p.submittedAt = uint64(block.timestamp);
		emit ProposalSubmitted(proposalId, projectId, msg.sender, rewardRecipient,
		    codeHash, claimedAggregateScore, stake);
	}

	/// @notice A verifier takes the review for REVIEW_LOCK seconds.
	function claimReview(uint256 proposalId) external {
		_requireVerifier();
		Record storage p = _existing(proposalId);
		if (p.status != Status.Pending)
			revert WrongStatus();
		uint64 until = uint64(block.timestamp) + REVIEW_LOCK;
		p.reviewer = msg.sender;
		p.status = Status.InReview;
		p.reviewLockUntil = until;
		emit ReviewClaimed(proposalId, msg.sender, until);
	}

	/// @notice The reviewer approves within the lock: the verified score
	/// becomes the project's best, the stake goes back and the reward is
	/// minted.
	function approve(uint256 proposalId, int256 verifiedAggregateScore, bytes32 metricsHash)
	    external nonReentrant {
		Record storage p = _decidable(proposalId);
		uint256 projectId = p.projectId;
		if (verifiedAggregateScore <=
		    IProjectRegistry(registry).currentBestAggregateScore(projectId))
			revert ScoreNotImproved();
		p.status = Status.Approved;
		p.verifiedAggregateScore = verifiedAggregateScore;
		p.metricsHash = metricsHash;
		address miner = p.miner;
		uint256 stake = p.stake;
		IProjectRegistry(registry).updateBest(projectId, miner,
		    verifiedAggregateScore, p.codeHash, metricsHash);
		address token = IProjectRegistry(registry).tokenOf(projectId);
		IERC20(token).safeTransfer(miner, stake);
		uint256 reward = _reward(token, stake);
		if (reward > 0)
			IProjectToken(token).mintMinerReward(p.rewardRecipient, reward);
		emit ProposalApproved(proposalId, msg.sender, verifiedAggregateScore, metricsHash);
	}

	/// @notice The reviewer rejects within the lock: the stake is slashed,
	/// the pool part credited to the reviewer.
	function reject(uint256 proposalId, bytes32 metricsHash) external nonReentrant {
		Record storage p = _decidable(proposalId);
		p.status = Status.Rejected;
		p.metricsHash = metricsHash;
		_slash(proposalId, p, msg.sender);
		emit ProposalRejected(proposalId, msg.sender, metricsHash);
	}

	/// @notice Ends a review without a decision: the proposal is Pending
	/// again.  Anyone may once the lock has ended; the reviewer at any time.
	function releaseReview(uint256 proposalId) external {
		Record storage p = _existing(proposalId);
		if (p.status != Status.InReview)
			revert WrongStatus();
		if (block.timestamp < p.reviewLockUntil && !_mayReleaseEarly(p))
			revert LockActive();
		p.status = Status.Pending;
		p.reviewer = address(0);
		p.reviewLockUntil = 0;
		emit ReviewReleased(proposalId);
	}

	/// @notice After EXPIRY_WINDOW from submission an undecided proposal is
	/// slashed; the pool part goes to the caller, who pays for the call.
	function expire(uint256 proposalId) external nonReentrant {
		Record storage p = _existing(proposalId);
		if (p.status != Status.Pending && p.status != Status.InReview)
			revert WrongStatus();
		if (block.timestamp < uint256(p.submittedAt) + EXPIRY_WINDOW)
			revert ExpiryNotReached();
		p.status = Status.Expired;
		_slash(proposalId, p, msg.sender);
		emit ProposalExpired(proposalId, msg.sender);
	}

	/// @notice Pays the caller's slash share of a project in its token.
	function claimReward(uint256 projectId) external nonReentrant returns (uint256 amount) {
		amount = _claimable[projectId][msg.sender];
		if (amount == 0)
			revert NothingToClaim();
		_claimable[projectId][msg.sender] = 0;
		IERC20(IProjectRegistry(registry).tokenOf(projectId)).safeTransfer(msg.sender, amount);
		emit RewardClaimed(projectId, msg.sender, amount);
	}

	function claimable(uint256 projectId, address account) external view returns (uint256) {
		return _claimable[projectId][account];
	}

	/// @notice All zero for an id that does not exist (miner == 0).
	function getProposal(uint256 proposalId) external view returns (Proposal memory) {
		Record storage r = _proposals[proposalId];
		return Proposal({projectId: r.projectId, miner: r.miner,
		    rewardRecipient: r.rewardRecipient, codeHash: r.codeHash,
		    benchmarkLogHash: r.benchmarkLogHash, metricsHash: r.metricsHash,
		    claimedAggregateScore: r.claimedAggregateScore,
		    verifiedAggregateScore: r.verifiedAggregateScore, stake: r.stake,
		    submittedAt: r.submittedAt, reviewLockUntil: r.reviewLockUntil,
		    reviewer: r.reviewer, status: r.status});
	}

	/// @dev The reward for an approval with this stake: the stake, limited by
	/// what remains of the miner pool, so that a valid improvement can always
	/// be approved (contracts.md section 8 item 2).
	function _reward(address token, uint256 stake) internal view virtual returns (uint256) {
		uint256 left = IProjectToken(token).minerPoolCap() - IProjectToken(token).minerPoolMinted();
		return stake < left ? stake : left;
	}

	/// @dev Whether the lock may end before reviewLockUntil: for the
	/// reviewer, who gives the review back (contracts.md section 8 item 3).
	function _mayReleaseEarly(Record storage p) internal view virtual returns (bool) {
		return msg.sender == p.reviewer;
	}

	function _requireVerifier() private view {
		if (!IVerifierRegistry(verifierRegistry).isVerifier(msg.sender))
			revert NotVerifier();
	}

	function _existing(uint256 proposalId) private view returns (Record storage) {
		if (proposalId >= nextProposalId)
			revert UnknownProposal();
		return _proposals[proposalId];
	}

	/// @dev The checks approve and reject share, in their documented order.
	function _decidable(uint256 proposalId) private view returns (Record storage p) {
		_requireVerifier();
		p = _existing(proposalId);
		if (p.status != Status.InReview)
			revert WrongStatus();
		if (p.reviewer != msg.sender)
			revert WrongReviewer();
		if (block.timestamp >= p.reviewLockUntil)
			revert LockExpired();
	}

	/// @dev Burns the larger half of the stake (the odd unit included, so a
	/// stake of 1 is burned whole) and credits the rest to beneficiary.
	/// Emits Transfer and LedgerBurned (from the token), then StakeSlashed.
	function _slash(uint256 proposalId, Record storage p, address beneficiary) private {
		uint256 stake = p.stake;
		uint256 toPool = stake * SLASH_BPS_TO_VERIFIER_POOL / BPS_DENOMINATOR;
		uint256 burned = stake - toPool;
		uint256 projectId = p.projectId;
		if (toPool > 0)
			_claimable[projectId][beneficiary] += toPool;
		IProjectToken(IProjectRegistry(registry).tokenOf(projectId)).burnFromLedger(burned);
		emit StakeSlashed(proposalId, beneficiary, toPool, burned);
	}
}
