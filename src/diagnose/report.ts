/**
 * The report as one value, and its JSON: pretty-printed with two spaces and keys sorted
 * alphabetically at every level, which is what the reference TUI's OSS build emits (serde_json
 * without `preserve_order`).
 */
import { failsStrict } from './findings.js';
import { summarize } from './summary.js';
import type { BaselineReport, Check, Finding, FleetReport, Report, Verdict } from './types.js';

export interface ReportParts {
  checks: Check[];
  timedOut: boolean;
  findings: Finding[];
  fleet?: FleetReport;
  baseline?: BaselineReport;
  /** Findings make the run unhealthy (--strict; all but opaque_references). */
  strict?: boolean;
}

/** Whether the run as a whole is healthy (the exit code), and why not. */
export function verdictOf(r: Pick<Report, 'summary' | 'timed_out' | 'findings' | 'fleet'>, strict: boolean): Verdict {
  const reasons: string[] = [];
  if (r.summary.failed > 0) reasons.push('checks');
  if (r.timed_out) reasons.push('timed_out');
  if (strict && r.findings.some(failsStrict)) reasons.push('findings');
  if (r.fleet && !r.fleet.summary.healthy) reasons.push('fleet');
  return { healthy: reasons.length === 0, reasons };
}

export function buildReport(parts: ReportParts): Report {
  const summary = summarize(parts.checks, parts.timedOut);
  const report: Report = { checks: parts.checks, timed_out: parts.timedOut, summary, findings: parts.findings };
  if (parts.fleet) report.fleet = parts.fleet;
  if (parts.baseline) report.baseline = parts.baseline;
  // The verdict appears only when something beyond the admin contract can decide it.
  if (parts.strict || parts.fleet) report.verdict = verdictOf(report, Boolean(parts.strict));
  return report;
}

/** Exit code of a run: 0 healthy, 1 anything else (the reference TUI's contract). */
export function exitCodeOf(report: Report): number {
  const healthy = report.verdict ? report.verdict.healthy : report.summary.healthy;
  return healthy ? 0 : 1;
}

/** A deep copy with object keys in alphabetical order at every level. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The report as the reference TUI prints it: sorted keys, two-space indent, one trailing newline. */
export function reportJson(report: Report): string {
  return JSON.stringify(sortKeys(report), null, 2) + '\n';
}
