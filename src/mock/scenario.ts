/**
 * Scenario files (fixtures/scenarios/*.yaml): the simulated world and its faults. Seeded and
 * deterministic. Each backend's section is validated by that backend's own schema.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { MeshError } from '../errors.js';
import { MnScenario } from './mn/scenario.js';
import { AsyaScenario } from './asya/scenario.js';
import { AdminSection } from './admin/scenario.js';
import { GridSection } from './grid/scenario.js';
import { AstromeshSection } from './astromesh/scenario.js';

const Range = z.union([z.number().nonnegative(), z.tuple([z.number().nonnegative(), z.number().nonnegative()])]);
const Rate = z.number().min(0).max(1);

export const FaultRule = z.strictObject({
  /** Which server: a backend endpoint name, or "*" for all. */
  backend: z.enum(['admin', 'mn', 'asya', 'asyaInternal', 'astromesh', 'grid', '*']).default('*'),
  /**
   * A route pattern exactly as registered ("GET /v1/{*reference}"), or a regular expression searched
   * (unanchored) in "METHOD /raw/path": anchor it with ^...$ to match one path only.
   */
  route: z.string().optional(),
  /** Added latency in ms: a number or [min, max]. */
  latency_ms: Range.optional(),
  /** Probability of a latency spike and its size. */
  spike: z.strictObject({ rate: Rate, latency_ms: Range }).optional(),
  /** Error rates per error code, answered in the backend's own dialect. */
  errors: z.record(z.string(), Rate).optional(),
  /** Probability that the connection is dropped without an answer. */
  drop: Rate.optional(),
  /** Send the body slowly: bytes per second. */
  slow_body_bps: z.number().positive().optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

export const Scenario = z.strictObject({
  name: z.string(),
  description: z.string().default(''),
  seed: z.union([z.number().int(), z.string()]).default(1),
  /** Simulated time runs this many times faster than the wall clock. */
  clock_speed: z.number().positive().default(1),
  faults: z.array(FaultRule).default([]),
  /**
   * The listen backlog of every server (default: Node's 511). A small one makes the kernel drop
   * connection attempts beyond it while the server has not accepted them yet (the client's
   * kernel retries a dropped SYN after a second), as a server that accepts slowly does.
   */
  listen_backlog: z.number().int().min(1).optional(),
  admin: AdminSection,
  mn: MnScenario,
  asya: AsyaScenario,
  astromesh: AstromeshSection.prefault({}),
  grid: GridSection,
});
export type Scenario = z.infer<typeof Scenario>;

/** fixtures/scenarios, found from the compiled file (dist/src/mock) or the source (src/mock). */
export function scenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'fixtures', 'scenarios');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve('fixtures', 'scenarios');
}

export function listScenarios(): string[] {
  try {
    return readdirSync(scenariosDir())
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort();
  } catch {
    return [];
  }
}

/** Load a scenario by name (fixtures/scenarios/NAME.yaml) or by file path. */
export function loadScenario(nameOrFile = 'healthy'): Scenario {
  const isFile = nameOrFile.includes('/') || nameOrFile.endsWith('.yaml') || nameOrFile.endsWith('.yml') || nameOrFile.endsWith('.json');
  const path = isFile ? resolve(nameOrFile) : join(scenariosDir(), `${nameOrFile}.yaml`);
  if (!existsSync(path)) {
    const known = listScenarios();
    throw new MeshError({
      kind: 'usage',
      code: 'unknown_scenario',
      message: isFile ? `scenario file not found: ${nameOrFile}` : `unknown scenario "${nameOrFile}"`,
      hint: known.length ? `known scenarios: ${known.join(', ')}; or pass a path to a scenario YAML file` : 'pass a path to a scenario YAML file',
    });
  }
  const text = readFileSync(path, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) {
    const line = lc.linePos(doc.errors[0].pos[0]).line;
    throw new MeshError({ kind: 'usage', code: 'bad_scenario', message: `${path}:${line}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, hint: 'fix the scenario file' });
  }
  const parsed = Scenario.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keyPath = issue.path.map(String);
    const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? `:${lc.linePos(node.range[0]).line}` : '';
    throw new MeshError({ kind: 'usage', code: 'bad_scenario', message: `${path}${line}: ${keyPath.join('.') || '(top level)'}: ${issue.message}`, hint: 'fix the scenario file (see fixtures/scenarios/healthy.yaml for the format)' });
  }
  return parsed.data;
}
