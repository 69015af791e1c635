// Peer for make bench: the 0G TypeScript SDK's merkle root of a file.
// Prints {"root":..., "ms":...}; the time covers the tree only.
const path = require('path');
const sdk = require(path.join(__dirname, '../../tools/bench-npm/node_modules/@0gfoundation/0g-ts-sdk'));
(async () => {
  const t0 = process.hrtime.bigint();
  const f = await sdk.ZgFile.fromFilePath(process.argv[2]);
  const [tree, err] = await f.merkleTree();
  if (err) { console.error(String(err)); process.exit(1); }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(JSON.stringify({ root: tree.rootHash(), ms }));
  await f.close();
})();
