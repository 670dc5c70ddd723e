/**
 * The human report: one row per check in walk order, as the reference TUI's overlay draws them
 * (` ✓ label 3ms  — note text`, `⚠` for Slow, ` ✗ label 5001ms — error` for Fail), then the
 * summary line, the findings as warnings, and the fleet and baseline sections when asked for.
 */
import type { ChalkInstance } from 'chalk';
import { describeFinding, failsStrict, findingSubject } from '../findings.js';
import { NOTE_TEXT, summaryLine } from '../summary.js';
import { elapsedOf, outcomeKind, type BaselineChange, type Check, type FleetCheck, type Report } from '../types.js';

const ICON = { Pass: '✓', Slow: '⚠', Fail: '✗' } as const;

/** One check row: ` {icon} {label} {ms}ms[ — {error}][  — {note text}]`. */
export function checkRow(c: Check): string {
  let timing = ` ${elapsedOf(c.outcome)}ms`;
  if ('Fail' in c.outcome) timing += ` — ${c.outcome.Fail.error}`;
  const note = c.note ? `  — ${NOTE_TEXT[c.note]}` : '';
  return ` ${ICON[outcomeKind(c.outcome)]} ${c.label}${timing}${note}`;
}

function fleetRow(f: FleetCheck): string {
  const o = f.outcome;
  const [icon, ms, extra] = 'Pass' in o ? ['✓', o.Pass.elapsed_ms, ''] : 'Warn' in o ? ['⚠', o.Warn.elapsed_ms, ` — ${o.Warn.warning}`] : ['✗', o.Fail.elapsed_ms, ` — ${o.Fail.error}`];
  return ` ${icon} ${f.backend} ${f.check} ${ms}ms${extra}  — ${f.url}`;
}

function changeRow(c: BaselineChange, word: string): string {
  const from = c.from ?? 'absent';
  const to = c.to ?? 'absent';
  return `   ${word} ${c.label.trim()} (${c.reference}): ${from} → ${to}${c.error ? ` — ${c.error}` : ''}`;
}

export interface TextOptions {
  /** Rows already printed live (they are not printed again). */
  skipRows?: number;
  /** The run timeout, for the timed-out line. */
  runTimeoutMs?: number;
  strict?: boolean;
  /** The admin base URL, for the heading. */
  target?: string;
}

/** The report after its rows: summary line, timeout, findings, fleet, baseline, strict verdict. */
export function renderTail(r: Report, o: TextOptions = {}): string[] {
  const lines: string[] = [''];
  if (r.timed_out) {
    const secs = o.runTimeoutMs !== undefined ? `${o.runTimeoutMs / 1000}s` : 'the run timeout';
    lines.push(`⚠ timed out after ${secs}: ${r.summary.total} check${r.summary.total === 1 ? '' : 's'} finished; nodes not reached are not listed`);
  }
  const line = summaryLine(r.summary) || 'No checks ran.';
  lines.push(line);
  if (r.findings.length > 0) {
    lines.push('', `Findings (${r.findings.length}): what the payloads say${o.strict && r.findings.some(failsStrict) ? ' (--strict: they make this run unhealthy)' : ''}`);
    for (const f of r.findings) {
      lines.push(` ⚠ ${describeFinding(f)}`);
      const subject = findingSubject(f);
      if (subject !== undefined) lines.push(`     ${subject}`);
    }
  }
  if (r.fleet) {
    lines.push('', 'Fleet:');
    for (const f of r.fleet.checks) lines.push(fleetRow(f));
    const s = r.fleet.summary;
    const fl = s.total === 0 ? 'Fleet: no other backend is configured.' : `Fleet: ${s.passed}/${s.total} healthy${s.warned ? `, ${s.warned} degraded` : ''}${s.failed ? `, ${s.failed} failing` : ''}.`;
    lines.push(fl);
  }
  if (r.baseline) {
    const b = r.baseline;
    lines.push('', `Compared with ${b.file}: ${b.worse.length} worse, ${b.better.length} better, ${b.appeared.length} new, ${b.disappeared.length} gone; findings ${b.findings.new.length} new, ${b.findings.resolved.length} resolved.`);
    lines.push(`   checks passed ${b.summary.passed[0]}/${b.summary.total[0]} → ${b.summary.passed[1]}/${b.summary.total[1]}`);
    for (const c of b.worse) lines.push(changeRow(c, 'worse '));
    for (const c of b.better) lines.push(changeRow(c, 'better'));
    for (const c of b.appeared) lines.push(changeRow(c, 'new   '));
    for (const c of b.disappeared) lines.push(changeRow(c, 'gone  '));
    for (const f of b.findings.new) lines.push(`   new finding: ${describeFinding(f)}`);
    for (const f of b.findings.resolved) lines.push(`   resolved: ${f.kind} ${f.reference}`);
  }
  if (r.verdict && !r.verdict.healthy && (r.verdict.reasons.includes('findings') || r.verdict.reasons.includes('fleet')) && r.summary.healthy) {
    const why = r.verdict.reasons.map((x) => (x === 'findings' ? 'findings (--strict)' : x === 'fleet' ? 'the fleet' : x)).join(' and ');
    lines.push('', `Unhealthy because of ${why}.`);
  }
  return lines;
}

/** The whole human report (the piped form): heading, every row, then the tail. */
export function renderText(r: Report, o: TextOptions = {}): string {
  const rows = r.checks.slice(o.skipRows ?? 0).map((c) => checkRow(c));
  const head = o.target && !o.skipRows ? [`Diagnostics • ${o.target}`] : [];
  return [...head, ...rows, ...renderTail(r, o)].join('\n') + '\n';
}

/**
 * Colour for a terminal, applied to a line already cleaned of server escapes: the mark of a row
 * (✓ green, ⚠ yellow), a failed row in red, the summary line green or red, the verdict red.
 */
export function paintLine(line: string, c: ChalkInstance, r?: Report): string {
  const m = /^( *)([✓⚠✗]) /.exec(line);
  if (m) {
    const rest = line.slice(m[0].length - 1);
    if (m[2] === '✓') return `${m[1]}${c.green('✓')}${rest}`;
    if (m[2] === '⚠') return `${m[1]}${c.yellow('⚠')}${rest}`;
    return c.red(line);
  }
  if (r && line === (summaryLine(r.summary) || 'No checks ran.')) return r.summary.healthy ? c.green(line) : c.red(line);
  if (line.startsWith('Unhealthy because of ')) return c.red(line);
  return line;
}
