#!/usr/bin/env node
// The anchor of the walk's CPU figure in `npm run bench`: the simplest client that does the same
// job as `meshscope mesh walk -o json`. No dependencies: node:http with one keep-alive connection,
// one request at a time (breadth first from `root`), JSON.parse of each answer and one
// JSON.stringify line per node on stdout.
// Usage: node test/bench/naive-walk.mjs http://127.0.0.1:1729
import http from 'node:http';

const base = new URL(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(ref) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: base.hostname, port: base.port, path: `/v1/${encodeURIComponent(ref)}`, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`${ref}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

const seen = new Set(['root']);
const queue = ['root'];
while (queue.length) {
  const node = await get(queue.shift());
  process.stdout.write(JSON.stringify(node) + '\n');
  for (const c of node.children) {
    if (seen.has(c)) continue;
    seen.add(c);
    queue.push(c);
  }
}
agent.destroy();
