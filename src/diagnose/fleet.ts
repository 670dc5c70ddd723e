/**
 * `--fleet`: the health of every other backend configured in the context, in a phase of its own
 * with its own summary (the admin report is left as it is):
 *   mn        GET runtime/health      overall passing → Pass, warning → Warn, anything else → Fail
 *   asya      GET /health             `OK` → Pass (external port, and the internal one when configured)
 *   astromesh GET /v1/system/doctor   healthy → Pass; checks in error/unavailable → Fail; other non-ok → Warn
 *   grid      reachability            any HTTP answer → Pass (401/403 → Warn: reachable, token refused)
 * Transient failures (a 503, a dropped connection) are retried as for any read, within the budget;
 * a backend that cannot be reached, times out or answers an error is a Fail with the reason.
 */
import { MeshError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import type { FleetCheck, FleetOutcome, FleetReport, FleetSummary } from './types.js';

export type FleetTarget = 'mn' | 'asya' | 'asyaInternal' | 'astromesh' | 'grid';

export interface FleetClients {
  mn?: HttpClient;
  asya?: HttpClient;
  asyaInternal?: HttpClient;
  astromesh?: HttpClient;
  grid?: HttpClient;
}

export interface FleetOptions {
  /** Per-check budget, ms. */
  budgetMs: number;
  signal?: AbortSignal;
}

function errorText(e: unknown): string {
  if (e instanceof MeshError) return e.status !== undefined ? `${e.message} (HTTP ${e.status})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

async function timed(fn: (signal: AbortSignal) => Promise<{ outcome: 'pass' | 'warn' | 'fail'; text?: string; details?: Record<string, string> }>, opts: FleetOptions): Promise<{ outcome: FleetOutcome; details?: Record<string, string> }> {
  const started = performance.now();
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.budgetMs)]) : AbortSignal.timeout(opts.budgetMs);
  const elapsed = () => Math.floor(performance.now() - started);
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const r = await Promise.race([fn(signal), aborted]);
    if (r.outcome === 'pass') return { outcome: { Pass: { elapsed_ms: elapsed() } }, details: r.details };
    if (r.outcome === 'warn') return { outcome: { Warn: { elapsed_ms: elapsed(), warning: r.text ?? 'degraded' } }, details: r.details };
    return { outcome: { Fail: { elapsed_ms: elapsed(), error: r.text ?? 'unhealthy' } }, details: r.details };
  } catch (e) {
    if (signal.aborted && !opts.signal?.aborted) return { outcome: { Fail: { elapsed_ms: elapsed(), error: `timed out after ${opts.budgetMs}ms` } } };
    return { outcome: { Fail: { elapsed_ms: elapsed(), error: errorText(e) } } };
  }
}

async function mnCheck(http: HttpClient, opts: FleetOptions): Promise<FleetCheck> {
  const { MnClient } = await import('../backends/mn/client.js');
  const mn = new MnClient(http);
  const r = await timed(async () => {
    const h = await mn.runtimeHealth();
    const details: Record<string, string> = {};
    for (const c of h.components) details[c.name] = c.status + (c.error ? `: ${c.error}` : c.detail ? `: ${c.detail}` : '');
    const bad = h.components.filter((c) => c.status !== 'passing').map((c) => `${c.name} ${c.status}`);
    const text = `overall ${h.overall}${bad.length ? ` (${bad.join(', ')})` : ''}`;
    if (h.overall === 'passing') return { outcome: 'pass', details };
    if (h.overall === 'warning') return { outcome: 'warn', text, details };
    return { outcome: 'fail', text, details };
  }, opts);
  return { backend: 'mn', check: 'runtime health', url: http.url('runtime/health').toString(), ...r };
}

async function asyaCheck(external: HttpClient | undefined, internal: HttpClient | undefined, which: 'external' | 'internal', opts: FleetOptions): Promise<FleetCheck> {
  const { AsyaClient } = await import('../backends/asya/client.js');
  const http = (which === 'internal' ? internal : external)!;
  const client = new AsyaClient(external ?? http, internal);
  const r = await timed(async () => {
    const h = await client.health(which);
    return h.ok ? { outcome: 'pass' } : { outcome: 'fail', text: `unexpected health answer: ${JSON.stringify(h.body.slice(0, 200))}` };
  }, opts);
  return { backend: 'asya', check: `health (${which})`, url: http.url('health').toString(), ...r };
}

async function astromeshCheck(http: HttpClient, opts: FleetOptions): Promise<FleetCheck> {
  const r = await timed(async (signal) => {
    const { DoctorReport } = await import('../backends/astromesh/models.js');
    const d = await http.json({ path: 'v1/system/doctor', signal }, DoctorReport);
    const entries: Array<[string, { status: string; message?: string | null }]> = Array.isArray(d.checks) ? d.checks.map((c) => [c.name, c]) : Object.entries(d.checks);
    const details: Record<string, string> = {};
    for (const [name, c] of entries) details[name] = c.status + (c.message ? `: ${c.message}` : '');
    const notOk = entries.filter(([, c]) => c.status !== 'ok');
    const text = notOk.map(([name, c]) => `${name} ${c.status}`).join(', ');
    if (d.healthy && notOk.length === 0) return { outcome: 'pass', details };
    if (notOk.some(([, c]) => c.status === 'error' || c.status === 'unavailable')) return { outcome: 'fail', text: `unhealthy: ${text || 'the doctor says so'}`, details };
    return { outcome: 'warn', text: `degraded: ${text || 'the doctor says so'}`, details };
  }, opts);
  return { backend: 'astromesh', check: 'doctor', url: http.url('v1/system/doctor').toString(), ...r };
}

async function gridCheck(http: HttpClient, opts: FleetOptions): Promise<FleetCheck> {
  const r = await timed(async (signal) => {
    try {
      const res = await http.stream({ path: 'internal/v1/pprof', signal });
      res.body.destroy();
      return { outcome: 'pass' };
    } catch (e) {
      if (e instanceof MeshError && e.status !== undefined) {
        if (e.status === 401 || e.status === 403) return { outcome: 'warn', text: `reachable, but the token was refused (HTTP ${e.status})` };
        return { outcome: 'pass' };
      }
      throw e;
    }
  }, opts);
  return { backend: 'grid', check: 'reachability', url: http.url('').toString(), ...r };
}

export function fleetSummary(checks: readonly FleetCheck[]): FleetSummary {
  const passed = checks.filter((c) => 'Pass' in c.outcome).length;
  const warned = checks.filter((c) => 'Warn' in c.outcome).length;
  const failed = checks.length - passed - warned;
  return { total: checks.length, passed, warned, failed, healthy: failed === 0 };
}

/** Check every configured backend at once; the order of the report is fixed (mn, asya, astromesh, grid). */
export async function checkFleet(clients: FleetClients, opts: FleetOptions): Promise<FleetReport> {
  const jobs: Array<Promise<FleetCheck>> = [];
  if (clients.mn) jobs.push(mnCheck(clients.mn, opts));
  if (clients.asya) jobs.push(asyaCheck(clients.asya, clients.asyaInternal, 'external', opts));
  if (clients.asyaInternal) jobs.push(asyaCheck(clients.asya, clients.asyaInternal, 'internal', opts));
  if (clients.astromesh) jobs.push(astromeshCheck(clients.astromesh, opts));
  if (clients.grid) jobs.push(gridCheck(clients.grid, opts));
  const checks = await Promise.all(jobs);
  return { checks, summary: fleetSummary(checks) };
}
