/**
 * The predicates compiled from the zod models (src/backends/<name>/checks.ts): never stale, sound
 * (true only where the zod model accepts the value and returns it unchanged), and true for what the
 * mock serves (otherwise every command would load zod after all).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CheckCompiler, checksModule } from '../../src/backends/check-compiler.js';
import { CHECKED_BACKENDS, generatedChecks } from '../../src/backends/gen-checks.js';
import * as adminChecks from '../../src/backends/admin/checks.js';
import * as adminModels from '../../src/backends/admin/models.js';
import { isLazyModel, safeParseLazy, type LazyModel } from '../../src/http/model.js';
import { loadScenario } from '../../src/mock/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import { ROOT } from '../helpers.js';

/** Compile one schema into a callable predicate (as checks.ts does, without writing a file). */
function predicate(schema: z.ZodType): ((v: unknown) => boolean) & { exact: boolean } {
  const c = new CheckCompiler();
  const name = c.fn(schema);
  const exact = c.isExact(schema);
  const js = `${c.source()}\nreturn ${name};`
    .replace(/\(x: any\): boolean/g, '(x)')
    .replace(/^/, 'const isObject = (x) => typeof x === "object" && x !== null && !Array.isArray(x);\nconst onlyKeys = (x, keys) => { for (const k in x) if (!keys.includes(k)) return false; return true; };\nconst everyItem = (x, f) => { for (let i = 0; i < x.length; i++) if (!f(x[i])) return false; return true; };\n');
  return Object.assign(new Function(js)() as (v: unknown) => boolean, { exact });
}

/** Soundness: whenever the predicate says yes, zod accepts the value and returns an equal one. */
function sound(schema: z.ZodType, check: ((v: unknown) => boolean) & { exact?: boolean }, v: unknown): void {
  // an exact predicate is also complete: what zod accepts, it accepts
  if (check.exact && schema.safeParse(v).success) expect(check(v)).toBe(true);
  if (!check(v)) return;
  const r = schema.safeParse(v);
  expect(r.success).toBe(true);
  expect(r.data).toStrictEqual(v);
}

describe('compiled model checks', () => {
  it('every checks.ts is what `npm run gen:checks` writes from its models.ts', async () => {
    for (const b of CHECKED_BACKENDS) {
      const file = readFileSync(join(ROOT, 'src', 'backends', b, 'checks.ts'), 'utf8');
      expect(file, `src/backends/${b}/checks.ts is stale: run npm run gen:checks`).toBe(await generatedChecks(b));
    }
  });

  it('the NodePayload predicate is exact: diagnose decides a payload with it alone', () => {
    expect(adminChecks.NodePayload.exact).toBe(true);
  });

  it('every node of the mock`s meshes passes the NodePayload predicate, and zod returns it unchanged', () => {
    for (const name of ['healthy', 'degraded', 'legacy-refs', 'failing']) {
      const sc = loadScenario(name);
      const world = new World(sc.admin, { seed: sc.seed, clock: { now: () => Date.parse('2026-01-01T00:00:00Z') }, env: {} });
      const queue = ['root'];
      const seen = new Set<string>();
      let checked = 0;
      while (queue.length && checked < 400) {
        const ref = queue.shift()!;
        if (seen.has(ref)) continue;
        seen.add(ref);
        const node = world.resolve(ref);
        if (!node) continue;
        const json = JSON.parse(JSON.stringify(node));
        expect(adminChecks.NodePayload.check(json), `${name} ${ref}`).toBe(true);
        sound(adminModels.NodePayload, (v) => adminChecks.NodePayload.check(v), json);
        checked++;
        queue.push(...node.children);
      }
      expect(checked).toBeGreaterThan(5);
    }
  });

  it('the NodePayload predicate is sound on mutated payloads (a key dropped, a value replaced)', () => {
    const sc = loadScenario('healthy');
    const world = new World(sc.admin, { seed: sc.seed, clock: { now: () => Date.parse('2026-01-01T00:00:00Z') }, env: {} });
    const root = world.resolve('root')!;
    const samples = [root, ...root.children.slice(0, 2).map((r) => world.resolve(r)!)].map((n) => JSON.parse(JSON.stringify(n)));
    const paths = (v: unknown, at: string[] = []): string[][] => (typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, c]) => [[...at, k], ...paths(c, [...at, k])]) : []);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.oneof(fc.constant(undefined), fc.jsonValue()), (si, pi, value) => {
        const v = structuredClone(samples[si % samples.length]);
        const all = paths(v);
        const p = all[pi % all.length];
        let parent = v;
        for (const k of p.slice(0, -1)) parent = parent[k];
        if (value === undefined) delete parent[p[p.length - 1]];
        else parent[p[p.length - 1]] = value;
        sound(adminModels.NodePayload, (x) => adminChecks.NodePayload.check(x), v);
      }),
      { numRuns: 400 },
    );
  });

  it('predicates of the constructs the models use are sound on any JSON', () => {
    const schemas: z.ZodType[] = [
      z.looseObject({ a: z.string(), b: z.number().int().nonnegative().nullish(), c: z.array(z.boolean()).optional() }),
      z.object({ a: z.string() }),
      z.strictObject({ a: z.string().optional() }),
      z.union([z.looseObject({ A: z.string() }), z.looseObject({ B: z.number() })]),
      z.union([z.object({ a: z.string() }), z.looseObject({ a: z.string() })]),
      z.record(z.string(), z.unknown()),
      z.looseObject({ constructor: z.unknown(), toString: z.string().optional() }),
      z.array(z.number().min(1).max(5)).min(1),
      z.enum(['x', 'y']),
      z.literal(3),
      z.looseObject({ list: z.array(z.string()).nullish().transform((v) => v ?? []) }),
      z.looseObject({ n: z.number().default(3) }),
      z.string().regex(/^a/),
    ];
    for (const s of schemas) {
      const check = predicate(s);
      fc.assert(
        fc.property(fc.jsonValue(), (v) => sound(s, check, JSON.parse(JSON.stringify(v)))),
        { numRuns: 300 },
      );
      fc.assert(
        // as JSON.parse makes them (fast-check's dictionaries have no prototype)
        fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'A', 'B', 'list', 'n', 'constructor', 'toString', 'x'), fc.jsonValue()), (v) => sound(s, check, JSON.parse(JSON.stringify(v)))),
        { numRuns: 300 },
      );
    }
  });

  it('what the predicate cannot decide goes to the zod model: its output and its errors', async () => {
    const model = checksModule({ M: z.looseObject({ list: z.array(z.string()).nullish().transform((v) => v ?? []) }) }, 'test');
    expect(model).toContain('export const M');
    // a null list: the predicate says "ask the model", and the model turns it into []
    const lazy = adminChecks.NodePayload as LazyModel<unknown>;
    expect(isLazyModel(lazy)).toBe(true);
    const bad = await safeParseLazy(lazy, { identity: 'root', children: [], as_of: 'x' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues.map((i) => i.path.join('.'))).toContain('properties');
  });
});
