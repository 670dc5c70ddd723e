/**
 * `--baseline FILE`: compare this run with an earlier report (meshscope's or the reference TUI's
 * `--diagnose` JSON) and list what got worse or better. Checks are matched by reference (the n-th
 * occurrence of a reference with the n-th, since the walk can probe a reference twice).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MeshError } from '../errors.js';
import { outcomeKind, errorOf, type BaselineChange, type BaselineReport, type Check, type Finding, type OutcomeKind, type Report } from './types.js';

const OutcomeSchema = z.union([
  z.looseObject({ Pass: z.looseObject({ elapsed_ms: z.number() }) }),
  z.looseObject({ Slow: z.looseObject({ elapsed_ms: z.number() }) }),
  z.looseObject({ Fail: z.looseObject({ elapsed_ms: z.number(), error: z.string() }) }),
]);

const CheckSchema = z.looseObject({
  label: z.string(),
  reference: z.string(),
  note: z.string().nullable(),
  phase: z.enum(['AdminInfra', 'Mesh']),
  outcome: OutcomeSchema,
});

const ReportSchema = z.looseObject({
  checks: z.array(CheckSchema),
  timed_out: z.boolean(),
  summary: z.looseObject({ total: z.number(), passed: z.number(), failed: z.number(), healthy: z.boolean() }),
  findings: z.array(z.looseObject({ kind: z.string(), reference: z.string() })).optional(),
});

export type BaselineInput = z.infer<typeof ReportSchema>;

/** Read and validate a baseline report; a clear usage error when it is not one. */
export function loadBaseline(file: string, stdin?: Buffer): BaselineInput {
  let text: string;
  try {
    text = file === '-' && stdin ? stdin.toString('utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    throw new MeshError({ kind: 'usage', code: 'baseline_unreadable', message: `cannot read the baseline report ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'pass the JSON of an earlier run: meshscope diagnose --format json > baseline.json' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MeshError({ kind: 'usage', code: 'bad_baseline', message: `the baseline ${file} is not JSON: ${(e as Error).message}`, hint: 'pass the JSON of an earlier run: meshscope diagnose --format json > baseline.json' });
  }
  const parsed = ReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MeshError({ kind: 'usage', code: 'bad_baseline', message: `the baseline ${file} is not a diagnose report: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, hint: 'pass the JSON of an earlier run: meshscope diagnose --format json > baseline.json' });
  }
  return parsed.data;
}

const RANK: Record<OutcomeKind, number> = { Pass: 0, Slow: 1, Fail: 2 };

function occurrences<T extends { reference: string }>(items: readonly T[]): Map<string, T> {
  const seen = new Map<string, number>();
  const out = new Map<string, T>();
  for (const it of items) {
    const n = seen.get(it.reference) ?? 0;
    seen.set(it.reference, n + 1);
    out.set(`${it.reference}\u0000${n}`, it);
  }
  return out;
}

function findingKey(f: { kind: string; reference: string }): string {
  return `${f.kind}\u0000${f.reference}`;
}

export function compareWithBaseline(file: string, before: BaselineInput, now: Pick<Report, 'checks' | 'summary' | 'findings'>): BaselineReport {
  const old = occurrences(before.checks as unknown as Check[]);
  const cur = occurrences(now.checks);
  const change = (c: Check, from: OutcomeKind | null, to: OutcomeKind | null): BaselineChange => {
    const ch: BaselineChange = { reference: c.reference, label: c.label, phase: c.phase, from, to };
    const err = errorOf(c.outcome);
    if (to === 'Fail' && err !== undefined) ch.error = err;
    return ch;
  };
  const worse: BaselineChange[] = [];
  const better: BaselineChange[] = [];
  const appeared: BaselineChange[] = [];
  const disappeared: BaselineChange[] = [];
  for (const [k, c] of cur) {
    const o = old.get(k);
    const to = outcomeKind(c.outcome);
    if (!o) {
      appeared.push(change(c, null, to));
      continue;
    }
    const from = outcomeKind(o.outcome as Check['outcome']);
    if (RANK[to] > RANK[from]) worse.push(change(c, from, to));
    else if (RANK[to] < RANK[from]) better.push(change(c, from, to));
  }
  for (const [k, o] of old) if (!cur.has(k)) disappeared.push(change(o as unknown as Check, outcomeKind(o.outcome as Check['outcome']), null));
  const oldFindings = new Set((before.findings ?? []).map(findingKey));
  const curFindings = new Set(now.findings.map(findingKey));
  const resolved = (before.findings ?? []).filter((f) => !curFindings.has(findingKey(f))) as unknown as Finding[];
  return {
    file,
    worse,
    better,
    appeared,
    disappeared,
    findings: { new: now.findings.filter((f) => !oldFindings.has(findingKey(f))), resolved },
    summary: {
      total: [before.summary.total, now.summary.total],
      passed: [before.summary.passed, now.summary.passed],
      failed: [before.summary.failed, now.summary.failed],
      healthy: [before.summary.healthy, now.summary.healthy],
    },
  };
}
