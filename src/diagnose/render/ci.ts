/**
 * The report for CI: JUnit XML (one suite per phase, one test case per check; a Fail is a
 * <failure>, a timed-out run an <error>), GitHub Actions workflow commands (`::error` naming the
 * failing reference), and a markdown summary for a job summary page.
 */
import { describeFinding, failsStrict, findingSubject } from '../findings.js';
import { NOTE_TEXT, summaryLine } from '../summary.js';
import { elapsedOf, outcomeKind, type Check, type FleetCheck, type Report } from '../types.js';

// ---------------------------------------------------------------------------------------------
// JUnit
// ---------------------------------------------------------------------------------------------

const XML_INVALID = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

export function xmlEscape(s: string): string {
  return s.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

interface Case {
  classname: string;
  name: string;
  ms: number;
  failure?: { message: string; type: string; body: string };
  error?: { message: string; type: string; body: string };
  out?: string;
}

function caseXml(c: Case): string {
  const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${secs(c.ms)}"`;
  const inner: string[] = [];
  if (c.failure) inner.push(`      <failure message="${xmlEscape(c.failure.message)}" type="${xmlEscape(c.failure.type)}">${xmlEscape(c.failure.body)}</failure>`);
  if (c.error) inner.push(`      <error message="${xmlEscape(c.error.message)}" type="${xmlEscape(c.error.type)}">${xmlEscape(c.error.body)}</error>`);
  if (c.out) inner.push(`      <system-out>${xmlEscape(c.out)}</system-out>`);
  return inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`;
}

function suiteXml(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const ms = cases.reduce((s, c) => s + c.ms, 0);
  const head = `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${secs(ms)}"`;
  return cases.length ? `${head}>\n${cases.map(caseXml).join('\n')}\n  </testsuite>` : `${head}/>`;
}

function checkCase(c: Check): Case {
  const kind = outcomeKind(c.outcome);
  const ms = elapsedOf(c.outcome);
  const label = c.label.trim();
  const base: Case = { classname: `diagnose.${c.phase}${c.note ? `.${c.note}` : ''}`, name: label === c.reference ? c.reference : `${label} (${c.reference})`, ms };
  const detail = `reference: ${c.reference}\nphase: ${c.phase}\nnote: ${c.note ? `${c.note} (${NOTE_TEXT[c.note]})` : 'none'}\nelapsed: ${ms} ms`;
  if ('Fail' in c.outcome) base.failure = { message: c.outcome.Fail.error, type: 'Fail', body: `${c.outcome.Fail.error}\n${detail}` };
  else if (kind === 'Slow') base.out = `Slow: ${ms} ms\n${detail}`;
  return base;
}

function fleetCase(f: FleetCheck): Case {
  const o = f.outcome;
  const c: Case = { classname: `diagnose.Fleet.${f.backend}`, name: `${f.backend} ${f.check}`, ms: 'Pass' in o ? o.Pass.elapsed_ms : 'Warn' in o ? o.Warn.elapsed_ms : o.Fail.elapsed_ms };
  if ('Fail' in o) c.failure = { message: o.Fail.error, type: 'Fail', body: `${o.Fail.error}\nurl: ${f.url}` };
  else if ('Warn' in o) c.out = `Warn: ${o.Warn.warning}\nurl: ${f.url}`;
  return c;
}

export function renderJunit(r: Report, opts: { strict?: boolean; runTimeoutMs?: number } = {}): string {
  const suites: Array<[string, Case[]]> = [
    ['diagnose AdminInfra', r.checks.filter((c) => c.phase === 'AdminInfra').map(checkCase)],
    ['diagnose Mesh', r.checks.filter((c) => c.phase === 'Mesh').map(checkCase)],
  ];
  if (r.findings.length > 0) {
    suites.push([
      'diagnose Findings',
      r.findings.map((f) => {
        const subject = findingSubject(f);
        const c: Case = { classname: `diagnose.Findings.${f.kind}`, name: subject === undefined ? f.kind : `${f.kind} ${subject}`, ms: 0 };
        const text = describeFinding(f);
        if (opts.strict && failsStrict(f)) c.failure = { message: text, type: 'Finding', body: `${text}\nreference: ${f.reference}` };
        else c.out = text;
        return c;
      }),
    ]);
  }
  if (r.fleet) suites.push(['diagnose Fleet', r.fleet.checks.map(fleetCase)]);
  if (r.timed_out) {
    const limit = opts.runTimeoutMs !== undefined ? `${opts.runTimeoutMs}ms` : 'the run timeout';
    suites.push(['diagnose Run', [{ classname: 'diagnose.Run', name: 'run timeout', ms: opts.runTimeoutMs ?? 0, error: { message: `timed out after ${limit}`, type: 'Timeout', body: `timed out after ${limit}: ${r.summary.total} checks finished, the rest were not reached` } }]]);
  }
  const all = suites.flatMap(([, c]) => c);
  const failures = all.filter((c) => c.failure).length;
  const errors = all.filter((c) => c.error).length;
  const ms = r.checks.reduce((s, c) => s + elapsedOf(c.outcome), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="meshscope diagnose" tests="${all.length}" failures="${failures}" errors="${errors}" time="${secs(ms)}">`,
    ...suites.map(([name, cases]) => suiteXml(name, cases)),
    '</testsuites>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions workflow commands
// ---------------------------------------------------------------------------------------------

function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function gh(level: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${level} title=${ghProp(title)}::${ghData(message)}`;
}

export function renderGithub(r: Report, opts: { strict?: boolean; runTimeoutMs?: number } = {}): string {
  const lines: string[] = [];
  for (const c of r.checks) {
    const note = c.note ? `, ${c.note}` : '';
    if ('Fail' in c.outcome) lines.push(gh('error', `diagnose: ${c.label.trim()} failed`, `${c.reference}: ${c.outcome.Fail.error} (${c.outcome.Fail.elapsed_ms} ms, ${c.phase}${note})`));
    else if ('Slow' in c.outcome) lines.push(gh('warning', `diagnose: ${c.label.trim()} is slow`, `${c.reference}: ${c.outcome.Slow.elapsed_ms} ms (${c.phase}${note})`));
  }
  for (const f of r.findings) {
    const subject = findingSubject(f);
    lines.push(gh(opts.strict && failsStrict(f) ? 'error' : 'warning', `diagnose finding: ${f.kind}`, `${subject === undefined ? '' : `${subject}: `}${describeFinding(f)}`));
  }
  if (r.timed_out) lines.push(gh('error', 'diagnose timed out', `the run timed out${opts.runTimeoutMs !== undefined ? ` after ${opts.runTimeoutMs}ms` : ''}; ${r.summary.total} checks finished, the rest were not reached`));
  for (const f of r.fleet?.checks ?? []) {
    if ('Fail' in f.outcome) lines.push(gh('error', `fleet: ${f.backend} ${f.check} failed`, `${f.url}: ${f.outcome.Fail.error}`));
    else if ('Warn' in f.outcome) lines.push(gh('warning', `fleet: ${f.backend} ${f.check} degraded`, `${f.url}: ${f.outcome.Warn.warning}`));
  }
  const line = summaryLine(r.summary) || 'No checks ran.';
  const healthy = r.verdict ? r.verdict.healthy : r.summary.healthy;
  lines.push(gh(healthy ? 'notice' : 'error', healthy ? 'mesh healthy' : 'mesh unhealthy', line));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

function cell(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/[\r\n]+/g, ' ');
}

function code(s: string): string {
  return `<code>${cell(s)}</code>`;
}

function table(checks: Check[]): string[] {
  const rows = ['| | Check | Reference | Phase | Note | Time | Error |', '|---|---|---|---|---|---:|---|'];
  for (const c of checks) {
    const kind = outcomeKind(c.outcome);
    const icon = kind === 'Pass' ? '✅' : kind === 'Slow' ? '⚠️' : '❌';
    rows.push(`| ${icon} | ${cell(c.label.trim())} | ${code(c.reference)} | ${c.phase} | ${c.note ?? ''} | ${elapsedOf(c.outcome)} ms | ${'Fail' in c.outcome ? cell(c.outcome.Fail.error) : ''} |`);
  }
  return rows;
}

export function renderMarkdown(r: Report, opts: { strict?: boolean; runTimeoutMs?: number; target?: string } = {}): string {
  const healthy = r.verdict ? r.verdict.healthy : r.summary.healthy;
  const out: string[] = [`## Mesh diagnose: ${healthy ? '✅ healthy' : '❌ unhealthy'}`, ''];
  if (opts.target) out.push(`Admin server: ${code(opts.target)}`, '');
  out.push(`**${cell(summaryLine(r.summary) || 'No checks ran.')}**`, '');
  out.push(`| Phase | Passed | Total |`, `|---|---:|---:|`, `| Admin infra | ${r.summary.admin_infra_passed} | ${r.summary.admin_infra_total} |`, `| Mesh | ${r.summary.mesh_passed} | ${r.summary.mesh_total} |`, '');
  if (r.timed_out) out.push(`> ⚠️ The run timed out${opts.runTimeoutMs !== undefined ? ` after ${opts.runTimeoutMs / 1000}s` : ''}: ${r.summary.total} checks finished; nodes not reached are not listed.`, '');
  const bad = r.checks.filter((c) => outcomeKind(c.outcome) !== 'Pass');
  if (bad.length > 0) out.push(`### Failed and slow checks (${bad.length})`, '', ...table(bad), '');
  if (r.findings.length > 0) {
    out.push(`### Findings (${r.findings.length})${opts.strict && r.findings.some(failsStrict) ? ' — `--strict`: they make this run unhealthy' : ''}`, '');
    for (const f of r.findings) {
      const subject = findingSubject(f);
      out.push(`- ⚠️ ${cell(describeFinding(f))}${subject === undefined ? '' : ` — ${code(subject)}`}`);
    }
    out.push('');
  }
  if (r.fleet) {
    out.push('### Fleet', '', '| | Backend | Check | URL | Time | Detail |', '|---|---|---|---|---:|---|');
    for (const f of r.fleet.checks) {
      const o = f.outcome;
      const [icon, ms, detail] = 'Pass' in o ? ['✅', o.Pass.elapsed_ms, ''] : 'Warn' in o ? ['⚠️', o.Warn.elapsed_ms, o.Warn.warning] : ['❌', o.Fail.elapsed_ms, o.Fail.error];
      out.push(`| ${icon} | ${f.backend} | ${cell(f.check)} | ${code(f.url)} | ${ms} ms | ${cell(detail)} |`);
    }
    out.push('');
  }
  if (r.baseline) {
    const b = r.baseline;
    out.push(`### Compared with ${code(b.file)}`, '', `${b.worse.length} worse, ${b.better.length} better, ${b.appeared.length} new, ${b.disappeared.length} gone.`, '');
    for (const c of b.worse) out.push(`- ❌ ${cell(c.label.trim())} ${code(c.reference)}: ${c.from ?? 'absent'} → ${c.to ?? 'absent'}${c.error ? ` — ${cell(c.error)}` : ''}`);
    for (const c of b.better) out.push(`- ✅ ${cell(c.label.trim())} ${code(c.reference)}: ${c.from ?? 'absent'} → ${c.to ?? 'absent'}`);
    out.push('');
  }
  out.push(`<details><summary>All ${r.checks.length} checks</summary>`, '', ...table(r.checks), '', '</details>', '');
  return out.join('\n');
}
