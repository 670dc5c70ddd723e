/** Contract: the admin mock's OpenAPI 3.1 document parses, is self-consistent, and names only routes the mock serves. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { adminScenario, fetchRaw, golden, newAjv, startAdmin } from './admin-helpers.js';
import { createAdminBackend } from '../../src/mock/admin/router.js';
import { createRng } from '../../src/mock/rng.js';

type Json = Record<string, unknown>;

function resolvePointer(doc: Json, pointer: string): unknown {
  let cur: unknown = doc;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !(key in (cur as Json))) return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

describe('admin mock OpenAPI document', () => {
  let mock: Awaited<ReturnType<typeof startAdmin>>;
  let doc: Json;
  beforeAll(async () => {
    mock = await startAdmin(adminScenario());
    const r = await fetchRaw(mock.url, '/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    doc = r.json() as Json;
  });
  afterAll(() => mock?.close());

  it('validates with an OpenAPI 3.1 parser (@readme/openapi-parser)', async () => {
    // The real generator puts a `$comment` at the top level, which OpenAPI 3.1 does not allow
    // (only `x-` extensions are). That is the one complaint; without it the document is valid.
    const asServed = await validate(structuredClone(doc) as never);
    expect(asServed.valid).toBe(false);
    expect(compileErrors(asServed)).toContain('$comment is not expected to be here');
    const { $comment, ...rest } = structuredClone(doc);
    expect(typeof $comment).toBe('string');
    const result = await validate(rest as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.specification).toBe('OpenAPI');
  });

  it('the parser rejects a broken copy (the check can fail)', async () => {
    const broken = structuredClone(doc) as Json;
    delete broken.$comment;
    (broken.paths as Json)['/v1/admin'] = { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/NoSuchThing' } } } } } } };
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
    expect(compileErrors(result)).toContain('NoSuchThing');
  });

  it('is the golden OpenAPI 3.1 document of the real server', () => {
    expect(doc).toEqual(golden('openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Monarch Mesh Admin API', version: '1.0.0' });
    expect(Object.keys(doc.paths as Json).sort()).toEqual([
      '/v1/admin',
      '/v1/config/{proc_reference}',
      '/v1/pyspy/{proc_reference}',
      '/v1/pyspy_dump/{proc_reference}',
      '/v1/pyspy_profile_svg/{proc_reference}',
      '/v1/query',
      '/v1/root',
      '/v1/schema',
      '/v1/schema/admin',
      '/v1/schema/error',
      '/v1/tree',
      '/v1/{reference}',
    ]);
  });

  it('parses as OpenAPI 3.1: operations are well formed and every $ref resolves inside the document', () => {
    const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
    const opIds = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      expect(path.startsWith('/')).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(methods.has(method), `${method} ${path}`).toBe(true);
        const o = op as { operationId: string; responses: Record<string, { description: string }>; parameters?: { name: string; in: string; required: boolean }[] };
        expect(typeof o.operationId).toBe('string');
        expect(opIds.has(o.operationId)).toBe(false);
        opIds.add(o.operationId);
        expect(Object.keys(o.responses).length).toBeGreaterThan(0);
        for (const [code, resp] of Object.entries(o.responses)) {
          expect(code).toMatch(/^[1-5]\d\d$|^default$/);
          expect(typeof resp.description).toBe('string');
        }
        const pathParams = (o.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(pathParams.sort()).toEqual([...templated].sort());
        for (const p of o.parameters ?? []) if (p.in === 'path') expect(p.required).toBe(true);
      }
    }
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(resolvePointer(doc, ref), ref).toBeDefined();
    }
    const schemas = (doc.components as { schemas: Json }).schemas;
    expect(Object.keys(schemas).sort()).toEqual([
      'ActiveHandler', 'AdminInfo', 'ApiError', 'ApiErrorEnvelope', 'Execution', 'FailureInfo', 'InboundOrdering', 'NodePayload', 'NodeProperties',
      'OrderingSessionSnapshot', 'ProcDebugStats', 'ProcessMemoryStats', 'PySpyFrame', 'PySpyLocalVariable', 'PySpyProfileOpts', 'PySpyResult',
      'PySpyStackTrace', 'PyspyDumpAndStoreResponse', 'QueryRequest', 'QueryResponse',
    ]);
    // every component compiles as a JSON Schema 2020-12 (the dialect OpenAPI 3.1 uses)
    const ajv = newAjv({ strict: false });
    ajv.addSchema({ ...doc, $id: 'urn:test:openapi' });
    for (const name of Object.keys(schemas)) expect(() => ajv.compile({ $ref: `urn:test:openapi#/components/schemas/${name}` }), name).not.toThrow();
  });

  it('names only routes the mock serves, with the methods it documents', () => {
    const backend = createAdminBackend({ scenario: adminScenario(), rng: createRng(1), clock: { now: () => Date.now(), speed: 1 }, urls: {}, env: {} });
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      const raw = path.replace('{proc_reference}', encodeURIComponent('service@tcp://10.0.0.1:26600')).replace('{reference}', 'root');
      for (const method of Object.keys(item)) {
        const m = backend.router.match(method.toUpperCase(), raw);
        expect(m && 'route' in m, `${method} ${path}`).toBe(true);
        if (m && 'route' in m) expect(m.route.pattern.replace(/\{\*(\w+)\}/, '{$1}')).toBe(path === '/v1/root' ? '/v1/{reference}' : path);
      }
    }
  });
});
