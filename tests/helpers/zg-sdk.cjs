// The 0G TypeScript SDK (pinned in tools/npm) as the real client for the
// or-put0g interop tests: upload a file through a Flow contract and storage
// nodes, or download a root with proofs.
//   node zg-sdk.cjs upload FILE RPC FLOW KEYFILE NODE...
//   node zg-sdk.cjs download ROOT OUT NODE...
// Prints one JSON line: {"root":...,"txSeq":...} or {"ok":true}.
'use strict';
const path = require('path');
const fs = require('fs');
const top = path.join(__dirname, '../..');
const sdk = require(path.join(top, 'tools/npm/node_modules/@0gfoundation/0g-ts-sdk'));
const { ethers } = require(path.join(top, 'tools/npm/node_modules/ethers'));

const say = console.log;
console.log = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');

(async () => {
  const [verb, ...args] = process.argv.slice(2);
  if (verb === 'upload') {
    const [file, rpc, flowAddr, keyFile, ...urls] = args;
    const provider = new ethers.JsonRpcProvider(rpc);
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    const signer = new ethers.Wallet(key, provider);
    const flow = sdk.getFlowContract(flowAddr, signer);
    const nodes = urls.map((u) => new sdk.StorageNode(u));
    const up = new sdk.Uploader(nodes, rpc, flow);
    const f = await sdk.ZgFile.fromFilePath(file);
    const [res, err] = await up.uploadFile(f, {}, { Retries: 3, Interval: 1, MaxGasPrice: 0 });
    await f.close();
    if (err) throw err;
    say(JSON.stringify({ root: res.rootHash, txSeq: res.txSeq, txHash: res.txHash }));
  } else if (verb === 'download') {
    const [root, out, ...urls] = args;
    const nodes = urls.map((u) => new sdk.StorageNode(u));
    const err = await new sdk.Downloader(nodes).download(root, out, true);
    if (err) throw err;
    say(JSON.stringify({ ok: true }));
  } else {
    throw new Error('usage: zg-sdk.cjs upload|download ...');
  }
})().catch((e) => {
  process.stderr.write('zg-sdk: ' + (e && e.stack ? e.stack : String(e)) + '\n');
  process.exit(1);
});
