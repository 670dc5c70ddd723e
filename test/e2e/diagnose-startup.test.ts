/**
 * What `meshscope --addr URL --diagnose` loads before its first request: not the parts of its
 * libraries a walk does not use (undici's fetch, WebSocket and mocks; the YAML parser and the
 * table writer, which only other formats and a contexts file need). About the process itself, so
 * the built bin is spawned (test/e2e/loaded-modules.ts lists what it compiled).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { startTestMock } from '../helpers.js';
import { loadedBy as loadedModules } from './loaded-modules.js';

let mock: MockHandle;
beforeAll(async () => {
  mock = await startTestMock({ scenario: 'healthy', only: ['admin'] });
});
afterAll(async () => {
  await mock?.close();
});

/** The modules below node_modules that a run of the bin loaded (from the bundle's files or from node_modules), by package-relative path. */
async function loadedBy(args: string[]): Promise<{ code: number | null; loaded: string[] }> {
  const r = await loadedModules(args);
  return { code: r.code, loaded: r.modules.filter((m) => m.startsWith('node_modules/')).map((m) => m.slice('node_modules/'.length)) };
}

describe('diagnose start-up', () => {
  it('loads undici`s pool without the rest of undici, and neither the YAML parser nor the table writer', async () => {
    const { code, loaded } = await loadedBy(['--addr', mock.urls.admin, '--diagnose']);
    expect(code).toBe(0);
    // the preload saw the HTTP client load
    expect(loaded).toContain('undici/lib/dispatcher/agent.js');
    expect(loaded).not.toContain('undici/index.js');
    expect(loaded.filter((p) => p.startsWith('yaml/'))).toEqual([]);
    expect(loaded.filter((p) => p.startsWith('cli-table3/'))).toEqual([]);
  });

  it('requests that take the raw answer (mesh selftest, the WebSocket check) work without undici\'s index', async () => {
    // in a fresh process: in the test workers something else may already have loaded the index
    const { code, loaded } = await loadedBy(['mesh', 'selftest', '--addr', mock.urls.admin]);
    expect(code).toBe(0);
    expect(loaded).not.toContain('undici/index.js');
  });

  it('the table writer and the YAML parser still load for the commands that print them', async () => {
    const table = await loadedBy(['mock', 'scenarios']);
    expect(table.code).toBe(0);
    expect(table.loaded.some((p) => p.startsWith('cli-table3/'))).toBe(true);
    const yaml = await loadedBy(['mesh', 'root', '--addr', mock.urls.admin, '--plaintext', '-o', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(yaml.loaded.some((p) => p.startsWith('yaml/'))).toBe(true);
  });
});
