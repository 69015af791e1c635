// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title ProjectToken: a project's ERC-20 (0 decimals) on a linear bonding curve
/// @notice The marginal price of the token number s+1 is b + k*s wei, where s
/// is totalSupply().  Buyers pay the area under that line, sellers receive it
/// back; the ledger mints miner rewards (up to minerPoolCap) and burns slashed
/// stakes.  Minting and burning move totalSupply without touching the ETH
/// reserve: that is the public deployment's pricing, kept on purpose
/// (contracts.md section 7).
contract ProjectToken is ERC20, ReentrancyGuardTransient {
	uint256 public immutable basePrice;
	uint256 public immutable slope;
	uint256 public immutable minerPoolCap;
	address public immutable proposalLedger;
	uint256 public minerPoolMinted;

	event Bought(address indexed buyer, uint256 ethSpent, uint256 tokensOut);
	event Sold(address indexed seller, uint256 tokensIn, uint256 ethOut);
	event MinerRewardMinted(address indexed miner, uint256 amount);
	event LedgerBurned(uint256 amount);

	error ZeroAmount();
	error InsufficientPayment();
	error OverSupply();
	error PoolCapExceeded();
	error NotLedger();
	error EthPayoutFailed();
	error EthRefundFailed();

	modifier onlyLedger() {
		if (msg.sender != proposalLedger)
			revert NotLedger();
		_;
	}

	constructor(string memory name_, string memory symbol_, uint256 basePrice_,
	    uint256 slope_, uint256 minerPoolCap_, address proposalLedger_)
	    ERC20(name_, symbol_) {
		basePrice = basePrice_;
		slope = slope_;
		minerPoolCap = minerPoolCap_;
		proposalLedger = proposalLedger_;
	}

	/// @notice Whole tokens only: a stake or a reward is a count of tokens.
	function decimals() public pure override returns (uint8) {
		return 0;
	}

	function priceAt(uint256 supply) external view returns (uint256) {
		return basePrice + slope * supply;
	}

	/// @notice Price of the tokens number from+1 .. to: b*n + floor(k*n*(2*from+n)/2).
	/// @dev k*n*(2*from+n)/2 is the exact area under the price line
	/// (sum of k*i for i in from..to-1, plus k*n/2 for the half steps); it is
	/// an integer when k*n*(2*from+n) is even.  The floor is taken once over
	/// the whole slope term, never per token, so that a quote and a buy of the
	/// same range always agree; with an odd k two partial purchases can
	/// therefore cost one wei less than one purchase of the same total.
	function costBetween(uint256 from, uint256 to) public view returns (uint256) {
		require(from <= to, "BAD_RANGE");
		uint256 n = to - from;
		return basePrice * n + slope * n * (2 * from + n) / 2;
	}

	/// @notice The number of tokens ethIn wei buys now: the largest n with
	/// costBetween(s, s+n) <= ethIn (exact; contracts.md section 8 item 4).
	function quoteBuy(uint256 ethIn) public view virtual returns (uint256) {
		uint256 s = totalSupply();
		// cost(n) >= (b + k*s)*n and cost(n) >= floor(k*n*n/2), so n is
		// bounded by ethIn/(b+k*s) and by sqrt((2*ethIn+1)/k), which is at
		// most 2*sqrt(ethIn/k) + 2 (a bound that cannot overflow); a binary
		// search below the smaller bound takes about log2(bound) steps
		uint256 p = Math.saturatingAdd(basePrice, Math.saturatingMul(slope, s));
		uint256 hi = type(uint256).max;
		if (p > 0)
			hi = ethIn / p;
		if (slope > 0)
			hi = Math.min(hi, 2 * Math.sqrt(ethIn / slope) + 2);
		if (hi == type(uint256).max)
			return 0;	// b = k = 0: tokens would be free; nothing is sold
		uint256 lo = 0;
		while (lo < hi) {
			uint256 mid = hi - (hi - lo) / 2;
			if (_costFrom(s, mid) <= ethIn)
				lo = mid;
			else
				hi = mid - 1;
		}
		return lo;
	}

	function quoteSell(uint256 tokensIn) public view returns (uint256) {
		uint256 s = totalSupply();
		if (tokensIn > s)
			revert OverSupply();
		return costBetween(s - tokensIn, s);
	}

	/// @notice Mints quoteBuy(msg.value) tokens to the caller at the curve
	/// price and refunds the rest of msg.value; the contract keeps the cost
	/// as the reserve that sell pays from.
	function buy() external payable nonReentrant returns (uint256 tokensOut) {
		if (msg.value == 0)
			revert ZeroAmount();
		tokensOut = quoteBuy(msg.value);
		if (tokensOut == 0)
			revert InsufficientPayment();
		uint256 s = totalSupply();
		uint256 cost = costBetween(s, s + tokensOut);
		_mint(msg.sender, tokensOut);
		uint256 refund = msg.value - cost;
		if (refund > 0) {
			(bool ok,) = payable(msg.sender).call{value: refund}("");
			if (!ok)
				revert EthRefundFailed();
		}
		emit Bought(msg.sender, cost, tokensOut);
	}

	/// @notice Burns amount of the caller's tokens and pays the area under
	/// the curve for the top amount tokens of the supply.
	function sell(uint256 amount) external nonReentrant returns (uint256 ethOut) {
		if (amount == 0)
			revert ZeroAmount();
		uint256 s = totalSupply();
		if (amount > s)
			revert OverSupply();
		ethOut = costBetween(s - amount, s);
		_burn(msg.sender, amount);
		(bool ok,) = payable(msg.sender).call{value: ethOut}("");
		if (!ok)
			revert EthPayoutFailed();
		emit Sold(msg.sender, amount, ethOut);
	}

	/// @notice The ledger mints rewards for approved proposals, never more
	/// than minerPoolCap in total.
	function mintMinerReward(address miner, uint256 amount) external onlyLedger {
		if (amount > minerPoolCap - minerPoolMinted)
			revert PoolCapExceeded();
		minerPoolMinted += amount;
		_mint(miner, amount);
		emit MinerRewardMinted(miner, amount);
	}

	/// @notice The ledger burns the burned part of a slashed stake from its
	/// own balance.
	function burnFromLedger(uint256 amount) external onlyLedger {
		_burn(proposalLedger, amount);
		emit LedgerBurned(amount);
	}

	/// @dev costBetween(s, s+n), saturating at 2^256-1 instead of
	/// reverting, for the search in quoteBuy.
	function _costFrom(uint256 s, uint256 n) internal view returns (uint256) {
		uint256 span = Math.saturatingAdd(Math.saturatingMul(2, s), n);
		uint256 area = Math.saturatingMul(Math.saturatingMul(slope, n), span);
		if (area == type(uint256).max)
			return area;
		return Math.saturatingAdd(Math.saturatingMul(basePrice, n), area / 2);
	}
}
