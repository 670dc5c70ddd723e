/** The diagnose report: summary, JSON as the reference TUI prints it, findings, baseline, renderers. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { compareWithBaseline, loadBaseline } from '../../src/diagnose/baseline.js';
import { describeFinding, findingsOf } from '../../src/diagnose/findings.js';
import { fleetSummary } from '../../src/diagnose/fleet.js';
import { renderGithub, renderJunit, renderMarkdown, xmlEscape } from '../../src/diagnose/render/ci.js';
import { Chalk } from 'chalk';
import { checkRow, paintLine, renderText } from '../../src/diagnose/render/text.js';
import { buildReport, exitCodeOf, reportJson } from '../../src/diagnose/report.js';
import { summarize, summaryLine } from '../../src/diagnose/summary.js';
import type { Check } from '../../src/diagnose/types.js';

const root: Check = { label: 'root', reference: 'root', note: 'AdminServer', phase: 'AdminInfra', outcome: { Pass: { elapsed_ms: 2 } } };
const procAgent: Check = {
  label: '  proc_agent',
  reference: 'proc_agent.philosophers<abc>@tcp://[::1]:2345',
  note: 'ProcAgent',
  phase: 'Mesh',
  outcome: { Fail: { elapsed_ms: 5001, error: 'timed out after 5000ms' } },
};
const slowProc: Check = { label: 'philosophers', reference: 'philosophers<abc>@tcp://[::1]:2345', note: 'UserProc', phase: 'Mesh', outcome: { Slow: { elapsed_ms: 612 } } };

describe('summary', () => {
  it('counts Pass and Slow as passed, per phase; healthy needs all passed and no timeout', () => {
    expect(summarize([root, slowProc, procAgent], false)).toEqual({ total: 3, passed: 2, failed: 1, admin_infra_passed: 1, admin_infra_total: 1, mesh_passed: 1, mesh_total: 2, healthy: false });
    expect(summarize([root, slowProc], false).healthy).toBe(true);
    expect(summarize([root, slowProc], true).healthy).toBe(false);
  });

  it('the summary line of the reference TUI', () => {
    expect(summaryLine(summarize([root, slowProc], false))).toBe('All 2 checks passed. Admin: healthy Mesh: healthy.');
    expect(summaryLine(summarize([root], false))).toBe('All 1 checks passed. Admin: healthy Mesh: n/a.');
    expect(summaryLine(summarize([root, slowProc, procAgent], false))).toBe('2/3 checks passed. Admin: 1/1. Mesh: 1/2.');
    expect(summaryLine(summarize([], false))).toBe('');
  });
});

describe('JSON report', () => {
  it('is the reference TUI output: sorted keys at every level, two spaces, one trailing newline', () => {
    const report = buildReport({ checks: [root, procAgent], timedOut: false, findings: [] });
    const { findings: _f, ...contract } = report;
    void _f;
    expect(reportJson(contract as typeof report)).toBe(`{
  "checks": [
    {
      "label": "root",
      "note": "AdminServer",
      "outcome": {
        "Pass": {
          "elapsed_ms": 2
        }
      },
      "phase": "AdminInfra",
      "reference": "root"
    },
    {
      "label": "  proc_agent",
      "note": "ProcAgent",
      "outcome": {
        "Fail": {
          "elapsed_ms": 5001,
          "error": "timed out after 5000ms"
        }
      },
      "phase": "Mesh",
      "reference": "proc_agent.philosophers<abc>@tcp://[::1]:2345"
    }
  ],
  "summary": {
    "admin_infra_passed": 1,
    "admin_infra_total": 1,
    "failed": 1,
    "healthy": false,
    "mesh_passed": 0,
    "mesh_total": 1,
    "passed": 1,
    "total": 2
  },
  "timed_out": false
}
`);
  });

  it('new keys only: findings always, verdict with --strict or --fleet; the exit code follows the verdict', () => {
    const plain = buildReport({ checks: [root], timedOut: false, findings: [] });
    expect(Object.keys(plain).sort()).toEqual(['checks', 'findings', 'summary', 'timed_out']);
    expect(exitCodeOf(plain)).toBe(0);
    const finding = { kind: 'poisoned_proc' as const, reference: 'p@tcp://h:1', label: 'p', phase: 'Mesh' as const, proc_name: 'p', failed_actor_count: 1 };
    const strict = buildReport({ checks: [root], timedOut: false, findings: [finding], strict: true });
    expect(strict.summary.healthy).toBe(true);
    expect(strict.verdict).toEqual({ healthy: false, reasons: ['findings'] });
    expect(exitCodeOf(strict)).toBe(1);
    expect(exitCodeOf(buildReport({ checks: [root], timedOut: true, findings: [] }))).toBe(1);
    const fleet = { checks: [], summary: fleetSummary([{ backend: 'mn', check: 'runtime health', url: 'u', outcome: { Fail: { elapsed_ms: 1, error: 'down' } } }]) };
    expect(buildReport({ checks: [root], timedOut: false, findings: [], fleet }).verdict).toEqual({ healthy: false, reasons: ['fleet'] });
  });
});

const AS_OF = '2025-01-15T10:30:00.123Z';
const actorPayload = (props: Record<string, unknown>): NodePayload => ({
  identity: 'a<X>.p<abc>@tcp://h:1',
  properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: false, ...props } },
  children: [],
  parent: null,
  as_of: AS_OF,
});
const actorCheck: Check = { label: '  a<X>', reference: 'a<X>.p<abc>@tcp://h:1', note: 'UserActor', phase: 'Mesh', outcome: { Pass: { elapsed_ms: 3 } } };

describe('findings', () => {
  it('a failed actor with its root cause', () => {
    const f = findingsOf(
      actorCheck,
      actorPayload({
        actor_status: 'failed: boom',
        failure_info: { error_message: 'boom', root_cause_actor: 'c<Y>.p<abc>@tcp://h:1', root_cause_name: 'c<Y>', occurred_at: AS_OF, is_propagated: true },
      }),
    );
    expect(f).toEqual([
      { kind: 'failed_actor', reference: actorCheck.reference, label: 'a<X>', phase: 'Mesh', actor_status: 'failed: boom', error_message: 'boom', root_cause_actor: 'c<Y>.p<abc>@tcp://h:1', root_cause_name: 'c<Y>', is_propagated: true },
    ]);
    expect(describeFinding(f[0])).toBe('failed actor a<X>: boom (root cause: c<Y>.p<abc>@tcp://h:1)');
  });

  it('stalled inbound ordering: a session holding messages behind a gap', () => {
    const session = (o: Record<string, unknown>) => ({ session_id: 's1', sender: 'x.p@tcp://h:1', last_released_seq: 4, expected_next_seq: 5, buffered_count: 0, oldest_buffered_seq: null, newest_buffered_seq: null, ...o });
    const ordering = (sessions: unknown[]) => ({ enabled: true, snapshot_complete: true, skipped_session_count: 0, known_session_count: 1, returned_buffered_session_count: 1, returned_buffered_message_count: 2, returned_max_buffered_count: 2, sessions });
    expect(findingsOf(actorCheck, actorPayload({ inbound_ordering: ordering([session({ buffered_count: 2, oldest_buffered_seq: 7, newest_buffered_seq: 8 })]) }))).toEqual([
      { kind: 'stalled_ordering', reference: actorCheck.reference, label: 'a<X>', phase: 'Mesh', sessions: [{ session_id: 's1', sender: 'x.p@tcp://h:1' }] },
    ]);
    expect(findingsOf(actorCheck, actorPayload({ inbound_ordering: ordering([session({})]) }))).toEqual([]);
    expect(findingsOf(actorCheck, actorPayload({ inbound_ordering: { ...ordering([session({ buffered_count: 2, oldest_buffered_seq: 7 })]), enabled: false } }))).toEqual([]);
  });

  it('a poisoned proc; nothing for a healthy actor', () => {
    const proc: NodePayload = {
      identity: 'p<abc>@tcp://h:1',
      properties: {
        Proc: {
          proc_name: 'p',
          num_actors: 3,
          system_children: [],
          stopped_children: [],
          stopped_retention_cap: 100,
          is_poisoned: true,
          failed_actor_count: 2,
          debug: { memory: {}, actor_work_queue_depth_total: 0, actor_work_queue_depth_max: 0, actor_work_queue_depth_high_water_mark: 0 },
        },
      },
      children: [],
      parent: null,
      as_of: AS_OF,
    };
    expect(findingsOf(slowProc, proc)).toEqual([{ kind: 'poisoned_proc', reference: slowProc.reference, label: 'philosophers', phase: 'Mesh', proc_name: 'p', failed_actor_count: 2 }]);
    expect(findingsOf(actorCheck, actorPayload({}))).toEqual([]);
  });
});

describe('baseline', () => {
  it('lists worse, better, new and gone checks, matching repeated references by occurrence', () => {
    const before = buildReport({ checks: [root, { ...procAgent, outcome: { Pass: { elapsed_ms: 3 } } }, slowProc, slowProc], timedOut: false, findings: [] });
    const now = buildReport({ checks: [{ ...root, outcome: { Slow: { elapsed_ms: 900 } } }, procAgent, { ...slowProc, outcome: { Pass: { elapsed_ms: 4 } } }, actorCheck], timedOut: false, findings: [] });
    const b = compareWithBaseline('before.json', before, now);
    expect(b.worse.map((c) => [c.reference, c.from, c.to, c.error])).toEqual([
      ['root', 'Pass', 'Slow', undefined],
      [procAgent.reference, 'Pass', 'Fail', 'timed out after 5000ms'],
    ]);
    expect(b.better.map((c) => [c.reference, c.from, c.to])).toEqual([[slowProc.reference, 'Slow', 'Pass']]);
    expect(b.appeared.map((c) => c.reference)).toEqual([actorCheck.reference]);
    expect(b.disappeared.map((c) => c.reference)).toEqual([slowProc.reference]);
    expect(b.summary.failed).toEqual([0, 1]);
  });

  it('a file that is not a report is a usage error naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diag-'));
    writeFileSync(join(dir, 'x.json'), '{"checks": 3}');
    expect(() => loadBaseline(join(dir, 'x.json'))).toThrow(/is not a diagnose report: checks/);
    writeFileSync(join(dir, 'y.json'), 'nope');
    expect(() => loadBaseline(join(dir, 'y.json'))).toThrow(/is not JSON/);
    const ok = buildReport({ checks: [root], timedOut: false, findings: [] });
    writeFileSync(join(dir, 'z.json'), reportJson(ok));
    expect(loadBaseline(join(dir, 'z.json')).checks).toHaveLength(1);
  });
});

describe('renderers', () => {
  it('rows as the reference TUI overlay draws them', () => {
    expect(checkRow(root)).toBe(' ✓ root 2ms  — admin HTTP server — lists connected hosts');
    expect(checkRow({ ...actorCheck, label: '  host_agent', note: null })).toBe(' ✓   host_agent 3ms');
    expect(checkRow(slowProc)).toBe(' ⚠ philosophers 612ms  — user proc — your workload is alive');
    expect(checkRow(procAgent)).toBe(' ✗   proc_agent 5001ms — timed out after 5000ms  — proc agent — manages actor spawn and lifecycle on this proc');
  });

  it('on a terminal: marks green and yellow, a failed row red, the summary by health; other lines as they are', () => {
    const c = new Chalk({ level: 1 });
    const report = buildReport({ checks: [root, procAgent], timedOut: false, findings: [] });
    expect(paintLine(checkRow(root), c)).toBe(' \x1b[32m✓\x1b[39m root 2ms  — admin HTTP server — lists connected hosts');
    expect(paintLine(checkRow(slowProc), c)).toBe(' \x1b[33m⚠\x1b[39m philosophers 612ms  — user proc — your workload is alive');
    expect(paintLine(checkRow(procAgent), c)).toBe(`\x1b[31m${checkRow(procAgent)}\x1b[39m`);
    expect(paintLine('1/2 checks passed. Admin: 1/1. Mesh: 0/1.', c, report)).toBe('\x1b[31m1/2 checks passed. Admin: 1/1. Mesh: 0/1.\x1b[39m');
    expect(paintLine('1/2 checks passed. Admin: 1/1. Mesh: 0/1.', c)).toBe('1/2 checks passed. Admin: 1/1. Mesh: 0/1.');
    expect(paintLine('Findings (0)', c, report)).toBe('Findings (0)');
    expect(paintLine(checkRow(root), new Chalk({ level: 0 }))).toBe(checkRow(root));
  });

  it('the text report ends with the summary line, timeout and findings', () => {
    const finding = { kind: 'error_payload' as const, reference: 'x@tcp://h:1', label: 'gone', phase: 'Mesh' as const, code: 'not_found', message: 'gone' };
    const text = renderText(buildReport({ checks: [root, procAgent], timedOut: true, findings: [finding] }), { runTimeoutMs: 120_000 });
    expect(text.split('\n').slice(0, 2)).toEqual([checkRow(root), checkRow(procAgent)]);
    expect(text).toContain('⚠ timed out after 120s: 2 checks finished');
    expect(text).toContain('1/2 checks passed. Admin: 1/1. Mesh: 0/1.');
    expect(text).toContain(' ⚠ error node x@tcp://h:1: not_found: gone');
  });

  it('JUnit: one failure per failed check, XML-escaped, an error for a timed-out run', () => {
    const xml = renderJunit(buildReport({ checks: [root, slowProc, procAgent], timedOut: true, findings: [] }), { runTimeoutMs: 1000 });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="meshscope diagnose" tests="4" failures="1" errors="1"/);
    expect(xml).toContain('name="proc_agent (proc_agent.philosophers&lt;abc&gt;@tcp://[::1]:2345)"');
    expect(xml).toContain('<failure message="timed out after 5000ms" type="Fail">');
    expect(xml).toContain('<error message="timed out after 1000ms" type="Timeout">');
    expect(xmlEscape('a<&>"\'\u0001b')).toBe('a&lt;&amp;&gt;&quot;&apos;b');
  });

  it('GitHub annotations name the reference and escape what workflow commands need', () => {
    const bad: Check = { ...procAgent, outcome: { Fail: { elapsed_ms: 1, error: 'line1\nline2 100%' } } };
    const out = renderGithub(buildReport({ checks: [root, bad, slowProc], timedOut: false, findings: [] }));
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('::error title=diagnose%3A proc_agent failed::proc_agent.philosophers<abc>@tcp://[::1]:2345: line1%0Aline2 100%25 (1 ms, Mesh, ProcAgent)');
    expect(lines[1]).toBe('::warning title=diagnose%3A philosophers is slow::philosophers<abc>@tcp://[::1]:2345: 612 ms (Mesh, UserProc)');
    expect(lines[2]).toBe('::error title=mesh unhealthy::2/3 checks passed. Admin: 1/1. Mesh: 1/2.');
  });

  it('markdown escapes table cells', () => {
    const md = renderMarkdown(buildReport({ checks: [root, { ...procAgent, outcome: { Fail: { elapsed_ms: 1, error: 'a|b' } } }], timedOut: false, findings: [] }));
    expect(md).toContain('## Mesh diagnose: ❌ unhealthy');
    expect(md).toContain('| ❌ | proc_agent | <code>proc_agent.philosophers&lt;abc&gt;@tcp://[::1]:2345</code> | Mesh | ProcAgent | 1 ms | a&#124;b |');
  });
});
