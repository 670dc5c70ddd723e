import { writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteContext, setContext, showContext, useContext, listContexts } from '../../src/config/contexts.js';
import { loadConfig } from '../../src/config/file.js';
import { adminUrl, resolveEndpoints } from '../../src/config/resolve.js';
import { MeshError } from '../../src/errors.js';
import { tmp } from '../helpers.js';

function configEnv(yaml?: string, extra: Record<string, string> = {}): Record<string, string> {
  const path = join(tmp('config'), 'config.yaml');
  if (yaml !== undefined) writeFileSync(path, yaml);
  return { MESHSCOPE_CONFIG: path, ...extra };
}

function thrown(fn: () => unknown): MeshError {
  try {
    fn();
  } catch (e) {
    return e as MeshError;
  }
  throw new Error('expected an error');
}

describe('contexts file', () => {
  it('a malformed file names the bad key and its line (exit 2)', () => {
    const env = configEnv('current-context: prod\ncontexts:\n  prod:\n    admin:\n      url: https://a:1729\n      cacert: /x.pem\n');
    const e = thrown(() => loadConfig(env));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('contexts.prod.admin.cacert');
    expect(e.message).toContain(':6:');
  });

  it('a wrong type names the key and line', () => {
    const env = configEnv('contexts:\n  prod:\n    mn:\n      url: 42\n');
    const e = thrown(() => loadConfig(env));
    expect(e.message).toMatch(/:4: contexts\.prod\.mn\.url/);
  });

  it('invalid YAML gives the line', () => {
    const e = thrown(() => loadConfig(configEnv('contexts:\n  prod: [\n')));
    expect(e.code).toBe('bad_config');
    expect(e.message).toMatch(/not valid YAML/);
  });

  it('set, use, list, show and delete round-trip, keeping comments, file mode 0600', () => {
    const env = configEnv('# my meshes\ncontexts: {}\n');
    setContext('prod', ['admin.url=https://mesh:1729', 'admin.ca=/etc/ca.pem', 'mn.url=http://mn/api/v1', 'mn.token-env=PROD_TOKEN'], {}, env);
    setContext('dev', ['admin.url=http://localhost:1729', 'admin.plaintext=true'], { use: true }, env);
    const text = readFileSync(env.MESHSCOPE_CONFIG, 'utf8');
    expect(text).toContain('# my meshes');
    expect(statSync(env.MESHSCOPE_CONFIG).mode & 0o777).toBe(0o600);
    expect(listContexts(env).rows.map((r) => [r.name, r.current])).toEqual([
      ['prod', false],
      ['dev', true],
    ]);
    useContext('prod', env);
    const shown = showContext(undefined, {}, { ...env, PROD_TOKEN: 's3cret' });
    expect(shown.context).toBe('prod');
    const mn = shown.endpoints.find((e) => e.endpoint === 'mn')!;
    expect(mn.url).toBe('http://mn/api/v1');
    expect(mn.auth).toBe('bearer token set (env PROD_TOKEN)');
    expect(JSON.stringify(shown)).not.toContain('s3cret');
    deleteContext('prod', env);
    expect(listContexts(env).rows.map((r) => r.name)).toEqual(['dev']);
    expect(thrown(() => useContext('prod', env)).exitCode).toBe(2);
  });

  it('set refuses unknown keys and non-boolean booleans', () => {
    const env = configEnv();
    expect(thrown(() => setContext('x', ['admin.cacert=/a'], {}, env)).message).toMatch(/unknown key "admin.cacert"/);
    expect(thrown(() => setContext('x', ['admin.plaintext=yes'], {}, env)).message).toMatch(/true or false/);
    expect(thrown(() => setContext('x', ['nope=1'], {}, env)).exitCode).toBe(2);
  });
});

describe('endpoint precedence: flag > env > context > default', () => {
  const yaml = 'current-context: c\ncontexts:\n  c:\n    mn: { url: "http://ctx/api/v1" }\n    astromesh: { url: "http://ctx-astro:8000" }\n  other:\n    mn: { url: "http://other/api/v1" }\n';

  it('defaults', () => {
    const r = resolveEndpoints({}, configEnv());
    expect(r.endpoints.admin.url).toBe('https://localhost:1729');
    expect(r.endpoints.mn.url).toBe('http://localhost:54001/api/v1');
    expect(r.endpoints.asyaInternal.url).toBe('http://localhost:8081');
    expect(r.endpoints.grid.source).toBe('default');
  });

  it('context, then env, then flag', () => {
    const env = configEnv(yaml);
    expect(resolveEndpoints({}, env).endpoints.mn).toMatchObject({ url: 'http://ctx/api/v1', source: 'context' });
    expect(resolveEndpoints({}, { ...env, MN_API_BASE_URL: 'http://env/api/v1' }).endpoints.mn).toMatchObject({ url: 'http://env/api/v1', source: 'env' });
    expect(resolveEndpoints({ mnUrl: 'http://flag/api/v1' }, { ...env, MN_API_BASE_URL: 'http://env/api/v1' }).endpoints.mn).toMatchObject({ url: 'http://flag/api/v1', source: 'flag' });
    expect(resolveEndpoints({}, { ...env, ASTROMESH_DAEMON_URL: 'http://a:1' }).endpoints.astromesh.url).toBe('http://a:1');
  });

  it('context selection: flag > MESHSCOPE_CONTEXT > current-context; an unknown one is a usage error', () => {
    const env = configEnv(yaml);
    expect(resolveEndpoints({}, { ...env, MESHSCOPE_CONTEXT: 'other' }).endpoints.mn.url).toBe('http://other/api/v1');
    expect(resolveEndpoints({ context: 'c' }, { ...env, MESHSCOPE_CONTEXT: 'other' }).endpoints.mn.url).toBe('http://ctx/api/v1');
    const e = thrown(() => resolveEndpoints({ context: 'nope' }, env));
    expect(e.exitCode).toBe(2);
    expect(e.hint).toContain('c, other');
  });

  it('tokens come from MN_API_TOKEN or the context token-env, never from the file', () => {
    const env = configEnv('contexts:\n  c:\n    mn: { url: "http://x/api/v1", token-env: MY_TOKEN }\ncurrent-context: c\n');
    expect(resolveEndpoints({}, { ...env, MY_TOKEN: 'abc' }).endpoints.mn.token).toBe('abc');
    expect(resolveEndpoints({}, { ...env, MY_TOKEN: 'abc', MN_API_TOKEN: 'zzz' }).endpoints.mn.token).toBe('zzz');
  });
});

describe('admin address rules (as the admin TUI)', () => {
  it('bare host:port means https; --plaintext forces http', () => {
    expect(adminUrl('mesh:1729', {})).toBe('https://mesh:1729');
    expect(adminUrl('mesh:1729', { plaintext: true })).toBe('http://mesh:1729');
    expect(adminUrl('https://mesh:1729', { plaintext: true })).toBe('http://mesh:1729');
    expect(adminUrl('http://mesh:1729/', {})).toBe('http://mesh:1729');
  });

  it('conflicts are usage errors', () => {
    expect(thrown(() => adminUrl('mesh:1', { plaintext: true, ca: '/ca' })).exitCode).toBe(2);
    expect(thrown(() => adminUrl('http://mesh:1', { ca: '/ca' })).message).toMatch(/plain http/);
    expect(thrown(() => adminUrl('mesh:1', { cert: '/c' })).message).toMatch(/together/);
    expect(thrown(() => adminUrl('mast_conda:///job', {})).exitCode).toBe(2);
  });
});
