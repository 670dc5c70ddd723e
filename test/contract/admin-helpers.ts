/** Shared helpers of the admin tests: JSON Schema validators, scenarios, a running admin mock. */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Scenario } from '../../src/mock/scenario.js';
import type { AdminScenarioInput } from '../../src/mock/admin/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createAdminMock } from '../../src/mock/admin/router.js';
import { World } from '../../src/mock/admin/world.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const GOLDEN_DIR = resolve(ROOT, '..', 'shared', 'reference', 'monarch');
export const FIXTURE_DIR = join(ROOT, 'fixtures', 'monarch');

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** The golden documents: the shared reference copy when present, else the fixtures copy. */
export function golden(name: string): Record<string, unknown> {
  try {
    return readJson(join(GOLDEN_DIR, name));
  } catch {
    return readJson(join(FIXTURE_DIR, name));
  }
}

const INT_FORMATS: Record<string, [number, number]> = {
  uint: [0, Number.MAX_SAFE_INTEGER],
  uint64: [0, 2 ** 64 - 1],
  uint32: [0, 2 ** 32 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
};

/** An ajv 2020-12 instance that knows the integer formats the server's schemas use. */
export function newAjv(opts: { strict?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: opts.strict ?? true });
  addFormats(ajv);
  for (const [name, [min, max]] of Object.entries(INT_FORMATS)) {
    ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
  }
  return ajv;
}

export interface Validators {
  node: ValidateFunction;
  admin: ValidateFunction;
  error: ValidateFunction;
  /** A component of the golden OpenAPI document (`PySpyResult`, `QueryResponse`, ...). */
  component(name: string): ValidateFunction;
  /** The 200 response schema of an OpenAPI operation. */
  response(path: string, method: string, status?: string): ValidateFunction;
}

export function validators(): Validators {
  const ajv = newAjv();
  const openapi = golden('openapi.json');
  const oa = newAjv({ strict: false });
  oa.addSchema({ ...openapi, $id: 'urn:meshscope:openapi' });
  const cache = new Map<string, ValidateFunction>();
  const compileRef = (ref: string) => {
    let v = cache.get(ref);
    if (!v) cache.set(ref, (v = oa.compile({ $ref: ref })));
    return v;
  };
  return {
    node: ajv.compile(golden('node_payload_schema.json')),
    admin: ajv.compile(golden('admin_info_schema.json')),
    error: ajv.compile(golden('error_schema.json')),
    component: (name) => compileRef(`urn:meshscope:openapi#/components/schemas/${name}`),
    response: (path, method, status = '200') => {
      const pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
      return compileRef(`urn:meshscope:openapi#${pointer}`);
    },
  };
}

export function errorsOf(v: ValidateFunction): string {
  return JSON.stringify(v.errors?.slice(0, 5) ?? []);
}

/** A scenario with only an admin section (everything else defaulted). */
export function adminScenario(admin: AdminScenarioInput = {}, extra: Record<string, unknown> = {}): Scenario {
  return Scenario.parse({ name: 'test', seed: 7, ...extra, admin });
}

/** A world on a clock the test moves. */
export function testWorld(admin: AdminScenarioInput = {}, seed: number | string = 7): { world: World; clock: { t: number; now(): number } } {
  const clock = { t: Date.UTC(2026, 6, 1, 12, 0, 0), now() { return this.t; } };
  const scenario = adminScenario(admin);
  return { world: new World(scenario.admin, { seed, clock, env: { USER: 'tester' } }), clock };
}

/** The admin mock alone, on a free loopback port. */
export async function startAdmin(scenario: Scenario | string): Promise<MockHandle & { url: string }> {
  const handle = await startMock({ scenario, factories: [createAdminMock], only: ['admin'], portBase: 0, env: { USER: 'tester' } });
  return Object.assign(handle, { url: handle.urls.admin });
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json(): unknown;
}

/** A plain fetch against the mock (no retries, nothing mapped). */
export async function fetchRaw(base: string, path: string, init: RequestInit = {}): Promise<RawResponse> {
  const r = await fetch(`${base}${path}`, init);
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) };
}
