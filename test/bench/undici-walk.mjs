#!/usr/bin/env node
// What the walk's CPU figure can reach on undici, meshscope's HTTP client: the least a client on
// undici's pool does for the same job as `meshscope mesh walk -o json`. 16 requests in flight on
// undici's Agent (no retries, no timeouts, no checks), JSON.parse of each answer, one
// JSON.stringify line per node, written 32 KB at a time. Breadth-first, each reference once (the
// lines come out in answer order, not walk order).
// Usage: node test/bench/undici-walk.mjs http://127.0.0.1:1729
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Agent = require('undici/lib/dispatcher/agent.js');
const request = require('undici/lib/api/api-request.js');

const origin = new URL(process.argv[2]).origin;
const agent = new Agent({ connections: 16 });
const seen = new Set(['root']);
const queue = ['root'];
let head = 0;
let inflight = 0;
let out = '';
const flush = () => {
  if (out) process.stdout.write(out);
  out = '';
};

function pump() {
  while (inflight < 16 && head < queue.length) {
    const ref = queue[head++];
    inflight++;
    request
      .call(agent, { origin, path: `/v1/${encodeURIComponent(ref)}`, method: 'GET' })
      .then(async (res) => {
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new Error(`${ref}: HTTP ${res.statusCode}`);
        inflight--;
        const node = JSON.parse(text);
        out += JSON.stringify(node) + '\n';
        if (out.length >= 32 * 1024) flush();
        for (const c of node.children) {
          if (!seen.has(c)) {
            seen.add(c);
            queue.push(c);
          }
        }
        pump();
        if (inflight === 0 && head >= queue.length) {
          flush();
          await agent.close();
        }
      })
      .catch((e) => {
        process.stderr.write(`${e.message}\n`);
        process.exit(1);
      });
  }
}
pump();
