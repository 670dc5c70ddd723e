/**
 * Schema-first checks against a Monarch mesh admin server, with the server's own contract:
 *
 *  - `--validate`: every node payload is validated against the JSON Schema the server serves at
 *    `/v1/schema` (Draft 2020-12, ajv), fetched once per command and compiled once per schema
 *    `$id`; violations are reported as warnings, never as failures;
 *  - `mesh selftest`: the 10-check agent self-test of the server's SKILL.md (contract discovery,
 *    navigation, schema conformance, error handling, security boundary), scored out of 10.
 *
 * The self-test looks at the wire exactly as an agent following SKILL.md would: it reads status
 * codes and bodies itself (checks 8 and 9 are about the error body's shape), while transport
 * failures still become the one MeshError of the HTTP client.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Dispatcher } from 'undici';
import { MeshError } from '../../errors.js';
import { seg, type HttpClient } from '../../http/client.js';
import type { AdminClient } from './client.js';
import { NODE_VARIANTS } from './payloads.js';

// ---------------------------------------------------------------------------------------------
// ajv with the server's integer formats
// ---------------------------------------------------------------------------------------------

// Both packages are CommonJS whose module object is also their `default` export.
const Ajv2020 = Ajv2020Module.default;
type Ajv2020 = InstanceType<typeof Ajv2020>;
const addFormats = addFormatsModule.default;

/** Integer formats the server's schemas use (schemars names), with their ranges. */
const INT_FORMATS: Record<string, [number, number]> = {
  uint: [0, Number.MAX_SAFE_INTEGER],
  uint8: [0, 255],
  uint16: [0, 65_535],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, 2 ** 64 - 1],
  int: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int8: [-128, 127],
  int16: [-32_768, 32_767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
};

export function newAjv(): Ajv2020 {
  // strict off: a newer server may use keywords or formats this build does not know; they are ignored.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  for (const [name, [min, max]] of Object.entries(INT_FORMATS)) {
    ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
  }
  for (const name of ['double', 'float']) ajv.addFormat(name, { type: 'number', validate: () => true });
  return ajv;
}

let sharedAjv: Ajv2020 | undefined;
/** Compiled validators by schema `$id` (or by where the schema came from when it has none). */
const compiled = new Map<string, ValidateFunction>();

export interface CompiledSchema {
  /** The schema's `$id`, or the key it was cached under. */
  id: string;
  validate: ValidateFunction;
}

/** Compile a schema once per `$id` (a schema without one is cached under `fallbackKey`). */
export function compileSchema(schema: Record<string, unknown>, fallbackKey: string): CompiledSchema {
  const id = typeof schema.$id === 'string' && schema.$id ? schema.$id : fallbackKey;
  const cached = compiled.get(id);
  if (cached) return { id, validate: cached };
  sharedAjv ??= newAjv();
  let validate: ValidateFunction;
  try {
    validate = sharedAjv.compile(schema);
  } catch (e) {
    throw new MeshError({
      kind: 'server',
      code: 'invalid_schema',
      backend: 'admin',
      message: `the server's schema ${id} cannot be used for validation: ${(e as Error).message}`,
      hint: 'the server may use a JSON Schema feature this build does not support; run without --validate',
    });
  }
  compiled.set(id, validate);
  return { id, validate };
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  let extra = '';
  if (e.keyword === 'additionalProperties') extra = ` (${String(p.additionalProperty)})`;
  else if (e.keyword === 'enum' && Array.isArray(p.allowedValues)) extra = ` (${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

/**
 * Violations of a validation as short lines. For an externally tagged enum (`properties`) the
 * errors of the variants the payload is not are dropped, so what is left says what is wrong with
 * the variant it is.
 */
export function describeViolations(errors: ErrorObject[] | null | undefined, payload: unknown): string[] {
  if (!errors?.length) return [];
  let list = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const props = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).properties : undefined;
  const keys = props && typeof props === 'object' && !Array.isArray(props) ? Object.keys(props) : [];
  const tags = keys.filter((k) => (NODE_VARIANTS as readonly string[]).includes(k));
  if (tags.length === 1) {
    const tag = tags[0];
    const focused = list.filter((e) => {
      if (e.instancePath !== '/properties') return true;
      const p = e.params as Record<string, unknown>;
      if (e.keyword === 'required' && p.missingProperty !== tag) return false;
      if (e.keyword === 'additionalProperties' && p.additionalProperty === tag) return false;
      return true;
    });
    if (focused.length) list = focused;
  }
  const lines = [...new Set(list.map(describeError))];
  return lines.length ? lines : errors.map(describeError);
}

/** Validates node payloads against the server's `/v1/schema`. */
export class PayloadValidator {
  private constructor(readonly schema: CompiledSchema) {}

  /** Fetch the server's node schema once and compile it (cached per `$id`). */
  static async forServer(client: AdminClient, signal?: AbortSignal): Promise<PayloadValidator> {
    let doc: Record<string, unknown>;
    try {
      doc = await client.schema('node', { signal });
    } catch (e) {
      if (!(e instanceof MeshError) || e.kind === 'interrupted') throw e;
      throw new MeshError({
        kind: e.kind,
        code: e.code,
        backend: 'admin',
        status: e.status,
        message: `cannot fetch the server's node schema (GET /v1/schema) for --validate: ${e.message}`,
        hint: e.kind === 'not_found' ? 'this server does not publish its schema; run without --validate' : e.hint,
      });
    }
    return new PayloadValidator(compileSchema(doc, `${client.http.base.toString()}v1/schema`));
  }

  static fromSchema(doc: Record<string, unknown>, fallbackKey = 'schema'): PayloadValidator {
    return new PayloadValidator(compileSchema(doc, fallbackKey));
  }

  get id(): string {
    return this.schema.id;
  }

  /** The violations of a payload (empty when it conforms). */
  check(payload: unknown): string[] {
    if (this.schema.validate(payload)) return [];
    return describeViolations(this.schema.validate.errors, payload);
  }

  /** A one-line warning for a payload that does not conform, or undefined. */
  warning(ref: string, payload: unknown, max = 5): string | undefined {
    const v = this.check(payload);
    if (!v.length) return undefined;
    const shown = v.slice(0, max).join('; ');
    return `${ref}: the payload does not match the server's schema ${this.id}: ${shown}${v.length > max ? ` (+${v.length - max} more)` : ''}`;
  }
}

// ---------------------------------------------------------------------------------------------
// The SKILL.md agent self-test
// ---------------------------------------------------------------------------------------------

export const SELFTEST_CHECKS: ReadonlyArray<{ id: number; group: string; name: string }> = [
  { id: 1, group: 'contract discovery', name: 'GET /v1/schema: 200, JSON, $id contains "v1"' },
  { id: 2, group: 'contract discovery', name: 'GET /v1/schema/error: 200, JSON with $id' },
  { id: 3, group: 'navigation', name: 'GET /v1/root: 200, properties Root, children non-empty' },
  { id: 4, group: 'navigation', name: 'GET the first child of root (encoded): 200, known variant' },
  { id: 5, group: 'navigation', name: 'the child has a parent (non-null)' },
  { id: 6, group: 'schema conformance', name: 'the root validates against the schema of check 1' },
  { id: 7, group: 'schema conformance', name: 'the child validates against the schema of check 1' },
  { id: 8, group: 'error handling', name: 'GET /v1/nonexistent_ref_xxxx: JSON body with error.code' },
  { id: 9, group: 'error handling', name: 'error.code is exactly "not_found"' },
  { id: 10, group: 'security boundary', name: 'no PortId/PortRef/MailboxSender/ChannelTransport in 3, 4, 8' },
];

export const FORBIDDEN_SUBSTRINGS = ['PortId', 'PortRef', 'MailboxSender', 'ChannelTransport'] as const;

export interface SelfTestCheck {
  id: number;
  group: string;
  name: string;
  passed: boolean;
  detail: string;
}

/** What SKILL.md asks an agent to record per session, plus the per-check results. */
export interface SelfTestReport {
  timestamp: string;
  score: number;
  failing_checks: number[];
  /** The `$id` of the server's node schema: SKILL.md correlates results by it. */
  server_version: string | null;
  max_score: number;
  band: string;
  base_url: string;
  checks: SelfTestCheck[];
}

export function scoreBand(score: number): string {
  if (score >= 10) return 'full competence';
  if (score >= 8) return 'functional with gaps: review the failing checks';
  return 'below 8: re-read SKILL.md from the top';
}

interface RawAnswer {
  status: number;
  text: string;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function errorCodeOf(text: string): string | undefined {
  const j = parseJson(text);
  const code = j.ok ? obj(obj(j.value)?.error)?.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export interface SelfTestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Clock for the timestamp (tests). */
  now?: () => Date;
}

/**
 * GET a path and return status and body whatever the status. `service_unavailable` is retried
 * with backoff (SKILL.md: transient), a dropped connection a few times; other transport
 * failures are thrown as MeshError.
 */
async function rawGet(http: HttpClient, path: string, opts: SelfTestOptions): Promise<RawAnswer> {
  const url = http.url(path);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  for (let attempt = 0; ; attempt++) {
    const signals = [AbortSignal.timeout(timeoutMs), opts.signal].filter(Boolean) as AbortSignal[];
    try {
      const res = await http.rawRequest({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'GET' as Dispatcher.HttpMethod,
        headers: { 'user-agent': 'meshscope', accept: 'application/json', ...http.authHeaders() },
        signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      if (res.statusCode === 503 && errorCodeOf(text) === 'service_unavailable' && attempt < 6) {
        await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2), opts.signal);
        continue;
      }
      return { status: res.statusCode, text };
    } catch (e) {
      const err = http.networkError(e, 'GET', url.toString(), timeoutMs);
      if (err.code === 'connection_reset' && attempt < 2 && !opts.signal?.aborted) {
        await sleep(50 * 2 ** attempt, opts.signal);
        continue;
      }
      throw err;
    }
  }
}

/** Run the 10 checks of SKILL.md's agent self-test against the server behind `http`. */
export async function runSelfTest(http: HttpClient, opts: SelfTestOptions = {}): Promise<SelfTestReport> {
  const results = new Map<number, { passed: boolean; detail: string }>();
  const set = (id: number, passed: boolean, detail: string) => results.set(id, { passed, detail });
  const transportErrors: MeshError[] = [];
  let requests = 0;
  const get = async (path: string): Promise<RawAnswer | MeshError> => {
    requests++;
    try {
      return await rawGet(http, path, opts);
    } catch (e) {
      if (!(e instanceof MeshError)) throw e;
      if (e.kind === 'interrupted') throw e;
      transportErrors.push(e);
      return e;
    }
  };
  const failed = (r: RawAnswer | MeshError): string => (r instanceof MeshError ? `${r.message} (${r.code})` : `HTTP ${r.status}${errorCodeOf(r.text) ? ` ${errorCodeOf(r.text)}` : ''}`);
  const bodies: Array<[number, string]> = [];

  // 1. Contract discovery: the node schema.
  let schema: Record<string, unknown> | undefined;
  let serverVersion: string | null = null;
  const s1 = await get('v1/schema');
  if (s1 instanceof MeshError || s1.status !== 200) set(1, false, `expected 200, got ${failed(s1)}`);
  else {
    const j = parseJson(s1.text);
    const id = j.ok ? obj(j.value)?.$id : undefined;
    if (!j.ok) set(1, false, `the body is not JSON: ${j.error}`);
    else if (!obj(j.value)) set(1, false, 'the body is not a JSON object');
    else {
      schema = obj(j.value);
      if (typeof id === 'string') serverVersion = id;
      if (typeof id !== 'string') set(1, false, 'the schema has no $id');
      else if (!id.includes('v1')) set(1, false, `$id ${id} does not contain "v1"`);
      else set(1, true, id);
    }
  }

  // 2. Contract discovery: the error schema.
  const s2 = await get('v1/schema/error');
  if (s2 instanceof MeshError || s2.status !== 200) set(2, false, `expected 200, got ${failed(s2)}`);
  else {
    const j = parseJson(s2.text);
    const id = j.ok ? obj(j.value)?.$id : undefined;
    if (!j.ok) set(2, false, `the body is not JSON: ${j.error}`);
    else if (typeof id !== 'string' || !id) set(2, false, 'the error schema has no $id');
    else set(2, true, id);
  }

  // 3. Navigation: root. Whatever the status, a JSON body is still what checks 4 and 6 work on.
  let root: unknown;
  let firstChild: string | undefined;
  const s3 = await get('v1/root');
  if (s3 instanceof MeshError) set(3, false, `no answer: ${failed(s3)}`);
  else {
    bodies.push([3, s3.text]);
    const j = parseJson(s3.text);
    root = j.ok ? j.value : undefined;
    const props = obj(obj(root)?.properties);
    const keys = props ? Object.keys(props) : [];
    const children = obj(root)?.children;
    if (Array.isArray(children) && typeof children[0] === 'string') firstChild = children[0];
    if (s3.status !== 200) set(3, false, `expected 200, got ${failed(s3)}`);
    else if (!j.ok) set(3, false, `the body is not JSON: ${j.error}`);
    else if (!(keys.length === 1 && keys[0] === 'Root')) set(3, false, `properties is ${keys.length ? keys.join(', ') : 'missing'}, not Root`);
    else if (!Array.isArray(children) || children.length === 0) set(3, false, 'children is empty');
    else set(3, true, `${children.length} child(ren)`);
  }

  // 4-5. Navigation: the first child, percent-encoded as one path segment.
  let child: unknown;
  if (firstChild === undefined) {
    set(4, false, 'root lists no child to follow');
    set(5, false, 'no child response');
  } else {
    const s4 = await get(`v1/${seg(firstChild)}`);
    if (s4 instanceof MeshError) {
      set(4, false, `GET ${firstChild}: no answer: ${failed(s4)}`);
      set(5, false, 'no child response');
    } else {
      bodies.push([4, s4.text]);
      const j = parseJson(s4.text);
      child = j.ok ? j.value : undefined;
      const props = obj(obj(child)?.properties);
      const keys = props ? Object.keys(props) : [];
      if (s4.status !== 200) set(4, false, `GET ${firstChild}: expected 200, got ${failed(s4)}`);
      else if (!j.ok) set(4, false, `the body is not JSON: ${j.error}`);
      else if (keys.length !== 1 || !(NODE_VARIANTS as readonly string[]).includes(keys[0])) set(4, false, `properties is ${keys.length ? keys.join(', ') : 'missing'}, not one of ${NODE_VARIANTS.join(', ')}`);
      else set(4, true, `${keys[0]} ${firstChild}`);
      const parent = obj(child)?.parent;
      if (!j.ok) set(5, false, 'the child body is not JSON');
      else if (parent === null || parent === undefined) set(5, false, `the child's parent is ${parent === null ? 'null' : 'missing'}`);
      else set(5, true, `parent ${typeof parent === 'string' ? parent : JSON.stringify(parent)}`);
    }
  }

  // 6-7. Schema conformance, against the schema of check 1.
  let compiledSchema: CompiledSchema | undefined;
  let schemaProblem = 'no schema from check 1';
  if (schema) {
    try {
      compiledSchema = compileSchema(schema, `${http.base.toString()}v1/schema`);
    } catch (e) {
      schemaProblem = (e as Error).message;
    }
  }
  const conform = (id: number, what: string, payload: unknown) => {
    if (!compiledSchema) return set(id, false, schemaProblem);
    if (payload === undefined) return set(id, false, `no ${what} response`);
    if (compiledSchema.validate(payload)) return set(id, true, `valid against ${compiledSchema.id}`);
    const v = describeViolations(compiledSchema.validate.errors, payload);
    set(id, false, `${v.slice(0, 3).join('; ')}${v.length > 3 ? ` (+${v.length - 3} more)` : ''}`);
  };
  conform(6, 'root', root);
  conform(7, 'child', child);

  // 8-9. Error handling: an unknown reference.
  const s8 = await get('v1/nonexistent_ref_xxxx');
  if (!(s8 instanceof MeshError)) bodies.push([8, s8.text]);
  if (s8 instanceof MeshError) {
    set(8, false, `no answer: ${failed(s8)}`);
    set(9, false, 'no error body');
  } else {
    const j = parseJson(s8.text);
    const error = j.ok ? obj(obj(j.value)?.error) : undefined;
    if (!j.ok) set(8, false, `HTTP ${s8.status}: the body is not JSON`);
    else if (!error) set(8, false, `HTTP ${s8.status}: no top-level "error" object`);
    else if (!('code' in error)) set(8, false, `HTTP ${s8.status}: error has no "code"`);
    else set(8, true, `HTTP ${s8.status}, error.code ${JSON.stringify(error.code)}`);
    if (error?.code === 'not_found') set(9, true, 'not_found');
    else set(9, false, error && 'code' in error ? `error.code is ${JSON.stringify(error.code)}` : 'no error.code');
  }

  // 10. Security boundary.
  const leaks: string[] = [];
  for (const [id, text] of bodies) for (const word of FORBIDDEN_SUBSTRINGS) if (text.includes(word)) leaks.push(`${word} in the body of check ${id}`);
  if (bodies.length === 0) set(10, false, 'no response bodies to inspect');
  else if (leaks.length) set(10, false, leaks.join('; '));
  else set(10, true, `${bodies.length} bodies clean`);

  // A server that cannot be reached at all is an error, not a score of 0.
  if (transportErrors.length === requests && transportErrors.length > 0) throw transportErrors[0];

  const checks: SelfTestCheck[] = SELFTEST_CHECKS.map((c) => ({ ...c, ...results.get(c.id)! }));
  const score = checks.filter((c) => c.passed).length;
  return {
    timestamp: (opts.now?.() ?? new Date()).toISOString(),
    score,
    failing_checks: checks.filter((c) => !c.passed).map((c) => c.id),
    server_version: serverVersion,
    max_score: SELFTEST_CHECKS.length,
    band: scoreBand(score),
    base_url: http.base.toString().replace(/\/$/, ''),
    checks,
  };
}
