/**
 * What a short command that talks to a server loads before it is done: a handful of the bundle's
 * files (dist/cli), holding neither zod (a payload the model accepts is checked by the predicate
 * compiled from it) nor the YAML parser (no contexts file), nor undici's index; nor Node's own
 * bundled undici. About the process itself, so the built bin is spawned (test/e2e/loaded-modules.ts
 * lists what it compiled). Counts, not times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { startTestMock } from '../helpers.js';
import { bundleMissing, loadedBy } from './loaded-modules.js';

let mock: MockHandle;
beforeAll(async () => {
  expect(bundleMissing()).toBeUndefined();
  mock = await startTestMock({ scenario: 'healthy' });
});
afterAll(async () => {
  await mock?.close();
});

const pkg = (modules: string[], name: string) => modules.filter((f) => f.startsWith(`node_modules/${name}/`));

describe('start-up of commands that talk to a server', () => {
  // [name, argv, most files compiled (the bin and the bundle's files)]
  const cases: Array<[string, () => string[], number]> = [
    ['mesh get root', () => ['mesh', 'get', 'root', '--addr', mock.urls.admin, '--plaintext', '-o', 'json'], 18],
    ['job list', () => ['job', 'list', '--mn-url', mock.urls.mn], 18],
    ['envelope list', () => ['envelope', 'list', '--asya-url', mock.urls.asya], 15],
    ['agent list', () => ['agent', 'list', '--astromesh-url', mock.urls.astromesh], 12],
    ['--diagnose', () => ['--addr', mock.urls.admin, '--diagnose'], 15],
  ];
  for (const [name, args, ceiling] of cases) {
    it(`${name} runs from the bundle: at most ${ceiling} files, without zod, the YAML parser or either undici's index`, async () => {
      const r = await loadedBy(args());
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      // the bundle ran (not the modules tsc compiled to dist/src), and the command's own modules with it
      expect(r.files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/cli/'))).toEqual([]);
      expect(r.modules).toContain('src/http/client.ts');
      expect(r.files.length).toBeLessThanOrEqual(ceiling);
      expect(pkg(r.modules, 'zod')).toEqual([]);
      expect(pkg(r.modules, 'yaml')).toEqual([]);
      expect(r.modules).not.toContain('node_modules/undici/index.js');
      expect(r.builtins.filter((m) => m.includes('undici'))).toEqual([]);
    });
  }

  it('--help loads the command table and commander only: no HTTP client, no output layer', async () => {
    const r = await loadedBy(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meshscope/);
    expect(r.files.length).toBeLessThanOrEqual(5);
    expect(r.modules).toContain('node_modules/commander/lib/command.js');
    expect(r.modules).not.toContain('src/http/client.ts');
    expect(pkg(r.modules, 'undici')).toEqual([]);
    expect(r.builtins).not.toContain('http');
  });
});
