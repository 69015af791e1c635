// SPDX-License-Identifier: MIT
// Tests only: an ABI-compatible stand-in for 0G's Flow contract
// (storage-0g.md 4.1-4.6 and 11.2): submit with the validity checks, the fee
// paid to the market, the placement rule and the same Submit event.
pragma solidity ^0.8.20;

import "./ZgTestMarket.sol";

struct SubmissionNode {
    bytes32 root;
    uint256 height;
}

struct SubmissionData {
    uint256 length;
    bytes tags;
    SubmissionNode[] nodes;
}

struct Submission {
    SubmissionData data;
    address submitter;
}

contract ZgTestFlow {
    event Submit(address indexed sender, bytes32 indexed identity,
        uint256 submissionIndex, uint256 startPos, uint256 length,
        SubmissionData submission);

    ZgTestMarket public immutable market;
    uint256 public flowLength = 1;
    uint256 public numSubmissions;

    constructor(ZgTestMarket market_) {
        market = market_;
    }

    function submit(Submission calldata s) external payable
        returns (uint256, bytes32, uint256, uint256)
    {
        return _submit(s.data, s.submitter);
    }

    // the form of contracts up to late 2025: the sender is the submitter
    function submit(SubmissionData calldata d) external payable
        returns (uint256, bytes32, uint256, uint256)
    {
        return _submit(d, msg.sender);
    }

    function _valid(SubmissionData calldata d, address submitter)
        internal pure returns (uint256 sectors)
    {
        uint256 n = d.nodes.length;
        require(submitter != address(0) && n > 0, "Invalid submission");
        require(d.nodes[0].height < 64, "Invalid submission");
        require(d.nodes[0].height - d.nodes[n - 1].height < 4,
            "Invalid submission");
        for (uint256 i = 0; i < n; i++) {
            if (i > 0)
                require(d.nodes[i].height < d.nodes[i - 1].height,
                    "Invalid submission");
            sectors += uint256(1) << d.nodes[i].height;
        }
        uint256 last;
        if (sectors < 16)
            last = sectors - 1;
        else if (n == 1)
            last = sectors - sectors / 16;
        else
            last = sectors - (uint256(1) << (d.nodes[0].height - 3));
        require(d.length <= 256 * sectors && d.length > 256 * last,
            "Invalid submission");
    }

    function _submit(SubmissionData calldata d, address submitter)
        internal returns (uint256, bytes32, uint256, uint256)
    {
        uint256 sectors = _valid(d, submitter);
        market.chargeFee{value: msg.value}(sectors);

        bytes memory packed;
        for (uint256 i = 0; i < d.nodes.length; i++)
            packed = abi.encodePacked(packed, d.nodes[i].root);
        bytes32 identity = keccak256(packed);

        // aligned to the largest node; never straddling a segment
        uint256 align = uint256(1) << d.nodes[0].height;
        uint256 start = (flowLength + align - 1) / align * align;
        if (start % 1024 != 0 && start / 1024 != (start + sectors - 1) / 1024)
            start = (start + 1023) / 1024 * 1024;
        flowLength = start + sectors;
        uint256 index = numSubmissions++;
        emit Submit(submitter, identity, index, start, sectors, d);
        return (index, identity, start, sectors);
    }
}
