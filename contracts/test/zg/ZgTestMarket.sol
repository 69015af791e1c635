// SPDX-License-Identifier: MIT
// Tests only: the market side of 0G's Flow contract (storage-0g.md 4.3), a
// price per sector settable by its administrator and the fee check.
pragma solidity ^0.8.20;

contract ZgTestMarket {
    error NotEnoughFee(uint256 price, uint256 amount, uint256 paid);

    uint256 public pricePerSector;
    address public immutable admin;

    constructor(uint256 price) {
        pricePerSector = price;
        admin = msg.sender;
    }

    function setPricePerSector(uint256 price) external {
        require(msg.sender == admin, "not admin");
        pricePerSector = price;
    }

    // fee = sectors x pricePerSector; an overpayment is kept
    function chargeFee(uint256 sectors) external payable {
        uint256 fee = sectors * pricePerSector;
        if (msg.value < fee)
            revert NotEnoughFee(pricePerSector, fee, msg.value);
    }
}
