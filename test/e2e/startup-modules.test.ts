/**
 * What a short command that talks to a server loads before it is done: neither zod (a payload the
 * model accepts is checked by the predicate compiled from it) nor the YAML parser (no contexts
 * file), nor Node's own bundled undici beside the npm one; and at most a fixed number of files.
 * About the process itself, so the built bin is spawned with a preload that lists every module it
 * loaded (ES modules through a loader hook, CommonJS ones from the require cache). Counts, not times.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, spawnCli, startTestMock, tmp } from '../helpers.js';

let mock: MockHandle;
beforeAll(async () => {
  mock = await startTestMock({ scenario: 'healthy' });
});
afterAll(async () => {
  await mock?.close();
});

interface Loaded {
  code: number | null;
  stdout: string;
  /** Every file loaded, relative to the package (`dist/src/...`, `node_modules/zod/...`). */
  files: string[];
  /** Whether Node's bundled undici (behind global fetch/WebSocket) loaded. */
  nodeUndici: boolean;
}

async function loadedBy(args: string[]): Promise<Loaded> {
  const dir = tmp('startup-modules');
  const hook = join(dir, 'hook.mjs');
  const list = join(dir, 'loaded.txt');
  const loader = `import { appendFileSync } from 'node:fs';
export async function load(url, ctx, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(list)}, url + '\\n');
  return next(url, ctx);
}`;
  writeFileSync(
    hook,
    `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(loader)}));
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(${JSON.stringify(list)}, Object.keys(cache).map((p) => 'file://' + p).join('\\n') + '\\nNODE_UNDICI ' + process.moduleLoadList.some((m) => m.includes('undici')) + '\\n'));
`,
  );
  const r = await spawnCli(args, { env: cleanEnv({ NODE_OPTIONS: `--import=${hook}`, NO_COLOR: '1' }) });
  const lines = readFileSync(list, 'utf8').split('\n');
  const root = new URL('../../', import.meta.url).pathname;
  // by package-relative path; node_modules may be a link to elsewhere (its files load by their real path)
  const relative = (p: string) => (p.includes('/node_modules/') ? p.slice(p.lastIndexOf('/node_modules/') + 1) : p.startsWith(root) ? p.slice(root.length) : p);
  const files = [
    ...new Set(
      lines
        .filter((l) => l.startsWith('file://'))
        .map((l) => decodeURIComponent(l.slice('file://'.length)))
        .filter((p) => !p.startsWith(dir))
        .map(relative),
    ),
  ];
  return { code: r.code, stdout: r.stdout, files, nodeUndici: lines.includes('NODE_UNDICI true') };
}

const pkg = (files: string[], name: string) => files.filter((f) => f.startsWith(`node_modules/${name}/`));

describe('start-up of commands that talk to a server', () => {
  const cases: Array<[string, () => string[], number]> = [
    ['mesh get root', () => ['mesh', 'get', 'root', '--addr', mock.urls.admin, '--plaintext', '-o', 'json'], 90],
    ['job list', () => ['job', 'list', '--mn-url', mock.urls.mn], 95],
    ['envelope list', () => ['envelope', 'list', '--asya-url', mock.urls.asya], 95],
    ['agent list', () => ['agent', 'list', '--astromesh-url', mock.urls.astromesh], 90],
    ['--diagnose', () => ['--addr', mock.urls.admin, '--diagnose'], 85],
  ];
  for (const [name, args, ceiling] of cases) {
    it(`${name} loads neither zod nor the YAML parser nor Node's bundled undici, and at most ${ceiling} files`, async () => {
      const r = await loadedBy(args());
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      // the preload saw the command's own modules
      expect(r.files.some((f) => f.startsWith('dist/src/http/client.js'))).toBe(true);
      expect(pkg(r.files, 'zod')).toEqual([]);
      expect(pkg(r.files, 'yaml')).toEqual([]);
      expect(r.files).not.toContain('node_modules/undici/index.js');
      expect(r.nodeUndici).toBe(false);
      expect(r.files.length).toBeLessThanOrEqual(ceiling);
    });
  }

});
