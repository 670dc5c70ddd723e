import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { WorkflowProgress } from '../../src/backends/mn/models.js';
import { jobExitCode, jobOutcomeError } from '../../src/backends/mn/monitor.js';
import { failureLines, formatElapsed, progressHeadline } from '../../src/backends/mn/render.js';
import { MonitorView } from '../../src/tui/job-monitor/view.js';
import { MonitorApp, type MonitorOutcome } from '../../src/tui/job-monitor/app.js';
import { ESCAPE } from '../helpers.js';

const failure = {
  schema_version: 'mn.error.v1',
  code: 'workflow.step.timeout',
  desc: 'Workflow step timed out',
  details: { message: 'no answer in 600 s', category: 'timeout', step_id: 'research', agent_id: 'research:web', attempt: 2, max_attempts: 3, node: 'mirror_neuron@b' },
  remediation: 'Check agent heartbeat, runtime node health, and step timeout settings.',
};

function snap(status: string, over: Record<string, unknown> = {}): WorkflowProgress {
  const agent = (id: string, st: string, tokens = 0) => ({ id, role: `role of ${id}`, status: st, tokens, assigned_node: 'mirror_neuron@a', recent_events: [{ timestamp: '2026-07-14T10:00:05Z', type: 'agent_started', message: `Agent started: ${id}` }] });
  return WorkflowProgress.parse({
    job_id: 'job-1',
    workflow_id: 'research_v1',
    description: 'Collect and summarise',
    status,
    elapsed_seconds: 75,
    current_step_id: 'research',
    current_step_ids: ['research'],
    steps: [
      { id: 'intake', label: 'Intake', status: 'done', agents: [agent('intake:w', 'done', 300)] },
      { id: 'research', label: 'Research', status: status === 'completed' ? 'done' : status === 'failed' ? 'failed' : 'running', current: true, agents: [agent('research:web', 'running', 120), agent('research:papers', 'done', 800)] },
      { id: 'report', label: 'Report', status: status === 'completed' ? 'done' : 'pending', agents: [agent('report:w', 'pending')] },
    ],
    messages: ['Agent completed: research:papers'],
    resource_tokens: 1220,
    ...over,
  });
}

const tick = () => new Promise((r) => setTimeout(r, 30));

/** Wait (however long the machine takes to render, up to 20 s) until `cond` holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (const t0 = Date.now(); !cond(); await tick()) if (Date.now() - t0 > 20_000) throw new Error(`waited in vain for ${what}`);
}

describe('job monitor view', () => {
  it('shows the title, the headline, steps, the agents of the current step and the footer', () => {
    const { lastFrame } = render(createElement(MonitorView, { jobId: 'job-1', snapshot: snap('running'), selected: 0, detail: false, width: 110 }));
    const f = lastFrame()!;
    expect(f).toContain('Workflow Job Monitor  job-1');
    expect(f).toContain('1/3 steps | 1m15s | running');
    expect(f).toMatch(/✓ Intake\s+done\s+1\/1/);
    expect(f).toMatch(/▶ Research\s+running\s+1\/2/);
    expect(f).toContain('› research:web');
    expect(f).toContain('research:papers');
    expect(f).not.toContain('report:w');
    expect(f).toContain('latest event: Agent completed: research:papers');
    expect(f).toContain('run tokens (resource): 1220');
    expect(f).toContain('q or Ctrl+C detach');
  });

  it('shows one agent in detail, and the failure of a failed job', () => {
    const detail = render(createElement(MonitorView, { jobId: 'job-1', snapshot: snap('running'), selected: 1, detail: true, width: 110 })).lastFrame()!;
    expect(detail).toContain('id: research:papers');
    expect(detail).toContain('tokens: 800');
    expect(detail).toContain('Agent started: research:papers');
    const failed = render(createElement(MonitorView, { jobId: 'job-1', snapshot: snap('failed', { failure }), selected: 0, detail: false, width: 110 })).lastFrame()!;
    expect(failed).toContain('× Workflow step timed out (workflow.step.timeout)');
    expect(failed).toContain('at: step research, agent research:web');
  });

  it('never lets server text inject escape sequences', () => {
    const hostile = snap('running', { workflow_id: 'evil\x1b]0;pwned\x07name', description: 'desc\x1b[2J' });
    const f = render(createElement(MonitorView, { jobId: 'job\x1b[31m-1', snapshot: hostile, selected: 0, detail: false, width: 110 })).lastFrame()!;
    expect(f).toContain('evilname');
    expect(f).not.toContain(']0;pwned');
    expect(f).not.toContain('\x1b]');
    expect(f).not.toContain('\x1b[2J');
  });
});

describe('job monitor app', () => {
  async function* feed(items: WorkflowProgress[], gate?: Promise<void>) {
    for (const it of items) {
      await tick();
      yield it;
    }
    if (gate) await gate;
  }

  it('follows the snapshots and finishes with the terminal one', async () => {
    let outcome: MonitorOutcome | undefined;
    const app = render(createElement(MonitorApp, { jobId: 'job-1', source: feed([snap('running'), snap('completed')]), onDone: (o: MonitorOutcome) => (outcome = o) }));
    await until(() => outcome !== undefined, 'the outcome');
    expect(outcome?.kind).toBe('finished');
    expect(outcome && 'snapshot' in outcome && outcome.snapshot?.status).toBe('completed');
    await until(() => app.lastFrame()!.includes('3/3 steps'), 'the last snapshot drawn');
    expect(app.lastFrame()).toContain('3/3 steps');
    app.unmount();
  });

  it('arrows move the selection, Enter opens the detail, Backspace goes back, q detaches', async () => {
    let outcome: MonitorOutcome | undefined;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const app = render(createElement(MonitorApp, { jobId: 'job-1', source: feed([snap('running')], gate), onDone: (o: MonitorOutcome) => (outcome = o) }));
    await until(() => app.lastFrame()!.includes('research:web'), 'the agents');
    expect(app.lastFrame()).toContain('› research:web');
    app.stdin.write('\x1b[B');
    await until(() => app.lastFrame()!.includes('› research:papers'), 'the selection moved');
    app.stdin.write('\r');
    await until(() => app.lastFrame()!.includes('id: research:papers'), 'the detail');
    app.stdin.write('\x7f');
    await until(() => !app.lastFrame()!.includes('id: research:papers'), 'the detail closed');
    app.stdin.write('q');
    await until(() => outcome !== undefined, 'the outcome');
    expect(outcome).toMatchObject({ kind: 'detached', interrupt: false });
    release();
    app.unmount();
  });

  it('Ctrl+C detaches as an interrupt', async () => {
    let outcome: MonitorOutcome | undefined;
    const app = render(createElement(MonitorApp, { jobId: 'job-1', source: feed([snap('running')], new Promise(() => {})), onDone: (o: MonitorOutcome) => (outcome = o) }));
    await until(() => app.lastFrame()!.includes('research:web'), 'the first snapshot drawn');
    app.stdin.write('\x03');
    await until(() => outcome !== undefined, 'the outcome');
    expect(outcome).toMatchObject({ kind: 'detached', interrupt: true });
    app.unmount();
  });
});

describe('job outcome', () => {
  it('exit 0 completed, 1 failed or cancelled; the failure carries the mn.error.v1 description', () => {
    expect(jobExitCode('completed')).toBe(0);
    expect(jobExitCode('failed')).toBe(1);
    expect(jobExitCode('cancelled')).toBe(1);
    expect(jobOutcomeError(snap('completed'))).toBeUndefined();
    const e = jobOutcomeError(snap('failed', { failure }))!;
    expect(e.exitCode).toBe(1);
    expect(e.code).toBe('workflow.step.timeout');
    expect(e.message).toBe('job job-1 failed: Workflow step timed out');
    expect(e.hint).toMatch(/heartbeat/);
    expect(e.details).toMatchObject({ step: 'research', agent: 'research:web', attempt: '2/3' });
    expect(jobOutcomeError(snap('cancelled'))!.code).toBe('job_cancelled');
  });

  it('renders the headline, elapsed times and failure lines', () => {
    expect(progressHeadline(snap('running'))).toBe('research_v1  1/3 steps | 1m15s | running');
    expect(formatElapsed(5)).toBe('5s');
    expect(formatElapsed(3725)).toBe('1h02m');
    const lines = failureLines(WorkflowProgress.shape.failure.unwrap().unwrap().parse(failure));
    expect(lines[0]).toBe('Workflow step timed out (workflow.step.timeout)');
    expect(lines.join('\n')).toMatch(/remediation: Check agent heartbeat/);
    expect(lines.join('\n')).not.toMatch(ESCAPE);
  });
});
