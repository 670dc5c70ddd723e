/**
 * The browser's list views against the embedded mock, through the real typed clients: `:jobs`
 * (job ids and statuses; Enter opens the job's live monitor), `:envelopes` (ids and statuses; Enter
 * follows the selected envelope's fly stream), `:agents` (names with run counts after a run; Enter
 * lists the agent's recent traces); Esc goes back to the tree; a view without its endpoint keeps
 * saying what is missing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import React from 'react';
import { render } from 'ink-testing-library';
import { drive } from './tui-helpers.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { loadScenario } from '../../src/mock/scenario.js';
import { HttpClient } from '../../src/http/client.js';
import { AdminClient } from '../../src/backends/admin/client.js';
import { MnClient } from '../../src/backends/mn/client.js';
import { AsyaClient } from '../../src/backends/asya/client.js';
import { AstromeshClient } from '../../src/backends/astromesh/client.js';
import { Controller } from '../../src/tui/controller.js';
import { App } from '../../src/tui/app.js';
import { diagnoseRunner, pyspyLines } from '../../src/tui/adapters.js';
import { agentsSource, envelopesSource, jobsSource, type ViewSources } from '../../src/tui/views/sources.js';
import type { EndpointName } from '../../src/config/resolve.js';

const SIZE = { columns: 200, rows: 44 };
const ESC = '\x1b';
const ENTER = '\r';

interface Opened {
  c: Controller;
  mock: MockHandle;
  http(name: EndpointName): HttpClient;
  frame(): string;
  until(pred: (f: string) => boolean, what: string, ms?: number): Promise<string>;
  press(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

const open: Opened[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function start(which: Array<'jobs' | 'envelopes' | 'agents'>, scenario: Parameters<typeof startMock>[0]['scenario'] = 'healthy'): Promise<Opened> {
  const mock = await startMock({ scenario, portBase: 0, only: ['admin', 'mn', 'asya', 'asyaInternal', 'astromesh'], env: { USER: 'operator' } });
  const clients: HttpClient[] = [];
  const http = (name: EndpointName) => {
    const h = new HttpClient({ backend: name, url: mock.urls[name] } as ConstructorParameters<typeof HttpClient>[0], { timeoutMs: 10_000, retries: 2, backoffMs: 20 });
    clients.push(h);
    return h;
  };
  const views: ViewSources = {};
  if (which.includes('jobs')) views.jobs = { ...jobsSource(new MnClient(http('mn'))), origin: `mn • ${mock.urls.mn}` };
  if (which.includes('envelopes')) views.envelopes = envelopesSource(new AsyaClient(http('asya'), http('asyaInternal')));
  if (which.includes('agents')) views.agents = agentsSource(new AstromeshClient(http('astromesh')));
  const c = new Controller({
    admin: new AdminClient(http('admin')),
    url: mock.urls.admin,
    refreshMs: 60_000,
    timers: false,
    detailDelayMs: 0,
    diagnose: diagnoseRunner(http('admin')),
    pyspyLines,
    viewMessage: (v) => [`The ${v} view needs its endpoint: context "dev" has no entry.`],
    views,
  });
  const ui = render(<App controller={c} size={SIZE} />);
  const o: Opened = {
    c,
    mock,
    http,
    ...drive(ui, SIZE.columns),
    async close() {
      c.stop();
      ui.unmount();
      for (const h of clients) await h.close();
      await mock.close();
    },
  };
  open.push(o);
  await c.start();
  return o;
}

/** The screen line of a row (the list pane is on the left). */
const lineOf = (f: string, text: string) => f.split('\n').find((l) => l.includes(text)) ?? '';
/** The list pane's row that shows this text (the left 40% of the screen). */
const rowOf = (f: string, text: string) => lineOf(f.split('\n').map((l) => Array.from(l).slice(0, 80).join('')).join('\n'), text);

/** Select the row with this id by pressing j/k. */
async function select(o: Opened, id: string): Promise<void> {
  const items = o.c.state.list?.items ?? [];
  const target = items.findIndex((i) => i.id === id);
  if (target < 0) throw new Error(`no row ${id}; screen:\n${o.frame()}`);
  const delta = target - (o.c.state.list?.cursor ?? 0);
  await o.press(...Array<string>(Math.abs(delta)).fill(delta > 0 ? 'j' : 'k'));
  await o.until((f) => rowOf(f, id.slice(0, 20)).includes('›'), `selection on ${id}`);
}

describe('tui list views', () => {
  it(':jobs lists the jobs with their statuses; Enter opens the live monitor; Esc goes back to the tree', async () => {
    const o = await start(['jobs']);
    const jobs = (await new MnClient(o.http('mn')).listJobs({ includeTerminal: true })).data;
    expect(jobs.length).toBeGreaterThan(1);
    await o.press(':', ...'jobs', ENTER);
    const f = await o.until((x) => x.includes('Jobs (MirrorNeuron)') && jobs.every((j) => x.includes(j.job_id.slice(0, 20))), 'the jobs');
    for (const j of jobs.slice(0, 8)) expect(rowOf(f, j.job_id.slice(0, 20))).toContain(j.status);
    expect(f).toContain('STATUS');
    // the header names the view's backend, not the admin server
    expect(f.split('\n')[0]).toMatch(new RegExp(`^:jobs • mn • ${o.mock.urls.mn.replace(/[.*+?^$()|[\]\\]/g, '\\$&')} • ${jobs.length} items • every `));
    expect(f.split('\n')[0]).not.toContain('mesh-admin');
    // ? describes the list views too
    await o.press('?');
    const h = await o.until((x) => x.includes('List views'), 'the help');
    expect(h).toContain('open the selected item live');
    await o.press(ESC);

    // j moves the selection; Enter opens that job's monitor.
    await o.press('j');
    const second = jobs[1].job_id;
    await o.until((x) => rowOf(x, second.slice(0, 20)).includes('›'), 'selection on the second job');
    await o.press(ENTER);
    const m = await o.until((x) => x.includes('Workflow Job Monitor') && x.includes('steps |'), 'the job monitor');
    expect(lineOf(m, 'Workflow Job Monitor')).toContain(second.slice(0, 20));
    expect(m).toContain('STEPS');

    await o.press(ESC);
    const t = await o.until((x) => x.includes('Topology'), 'the tree');
    expect(t).not.toContain('Jobs (MirrorNeuron)');
    expect(o.c.state.view).toBe('mesh');
    expect(o.c.state.list).toBeUndefined();
  }, 30_000);

  it(':envelopes lists envelopes by status, refreshes, and follows the selected writer envelope’s fly stream', async () => {
    // The writer waits for a watcher before it streams, so every fly token reaches the view.
    const sc = loadScenario('healthy');
    sc.asya.actors = sc.asya.actors.map((a) => (a.name === 'writer' ? { ...a, await_subscriber_ms: 10_000 } : a));
    const o = await start(['envelopes'], sc);
    const asya = new AsyaClient(o.http('asya'), o.http('asyaInternal'));
    const before = (await asya.list({ limit: 200 })).messages;
    expect(before.length).toBeGreaterThan(0);
    await o.press(':', ...'envelopes', ENTER);
    let f = await o.until((x) => x.includes('Envelopes (Asya)') && before.slice(0, 5).every((e) => x.includes(e.id.slice(0, 20))), 'the envelopes');
    for (const e of before.slice(0, 5)) expect(rowOf(f, e.id.slice(0, 20))).toContain(e.status);

    // A new envelope shows up on the next refresh.
    const { id } = await asya.create('writer', { payload: { q: 'hello' } });
    await o.c.lists.refresh();
    f = await o.until((x) => x.includes(id.slice(0, 20)), 'the new envelope');
    expect(rowOf(f, id.slice(0, 20))).toMatch(/pending|running/);
    await select(o, id);
    await o.press(ENTER);
    f = await o.until((x) => x.includes('status: succeeded'), 'the fly stream to the end', 15_000);
    expect(f).toContain('Fly stream');
    expect(f).toContain('The mesh carried the envelope from actor to actor, and every hop streamed a little more');
    expect(o.c.state.list?.detail?.kind === 'lines' && o.c.state.list.detail.lines.map((l) => l.map((s) => s.text).join('')).join('\n')).toContain(
      'The mesh carried the envelope from actor to actor, and every hop streamed a little more of the answer back to the caller.',
    );
    expect(f).toContain(`Envelope ${id}`);

    // The list follows: the envelope is succeeded after a refresh.
    await o.c.lists.refresh();
    f = await o.until((x) => rowOf(x, id.slice(0, 20)).includes('succeeded'), 'the final status in the list');

    // An echo envelope that ended before it was opened: its stored result stands in for the fly text.
    const echo = await asya.create('echo', { payload: { note: 'ping-from-the-views-test' } });
    for (let i = 0; i < 800 && (await asya.get(echo.id)).status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 25));
    await o.c.lists.refresh();
    await o.until((x) => rowOf(x, echo.id.slice(0, 20)).includes('succeeded'), 'the echo envelope');
    await select(o, echo.id);
    await o.press(ENTER);
    f = await o.until((x) => x.includes(`Envelope ${echo.id}`) && x.includes('ping-from-the-views-test'), 'the echo result');
    expect(f).toContain('the stream ended before it was opened');
    expect(f).toContain('status: succeeded');

    await o.press(':', ...'mesh', ENTER);
    await o.until((x) => x.includes('Topology'), 'the tree');
  }, 40_000);

  it(':agents shows run counts after a run and the selected agent’s recent traces; a view without its endpoint says so', async () => {
    const o = await start(['agents']);
    const astro = new AstromeshClient(o.http('astromesh'));
    await astro.run('support', { query: 'How do I reset my password?' });
    const traceId = (await astro.traces({ agent: 'support', limit: 1 })).traces[0]?.trace_id;
    expect(traceId).toBeTruthy();
    const runs = (await astro.metrics()).counters['agent.runs.support'];
    expect(runs).toBeGreaterThan(0);
    const agents = (await astro.listAgents()).agents;

    await o.press(':', ...'agents', ENTER);
    let f = await o.until((x) => x.includes('Agents (Astromesh)') && agents.every((a) => x.includes(a.name)), 'the agents');
    expect(lineOf(f, 'RUNS')).toContain('AVG LATENCY');
    expect(lineOf(f, '  support')).toMatch(new RegExp(`support\\s+${agents.find((a) => a.name === 'support')!.status}\\s+${runs}\\s+\\d`));

    await select(o, 'support');
    await o.press(ENTER);
    f = await o.until((x) => x.includes('Recent traces') && x.includes(traceId), 'the traces of support');
    const traces = (await astro.traces({ agent: 'support' })).traces;
    for (const t of traces.slice(0, 3)) expect(f).toContain(t.trace_id);

    // Another run: the count and the traces follow on the next refresh.
    await astro.run('support', { query: 'And my username?' });
    const again = (await astro.traces({ agent: 'support', limit: 1 })).traces[0].trace_id;
    expect(again).not.toBe(traceId);
    await o.c.lists.refresh();
    await o.c.lists.following;
    f = await o.until((x) => x.includes(again) && new RegExp(`› support\\s+deployed\\s+${runs + 1}\\s+\\d`).test(x), 'the second run');

    // :jobs has no endpoint here: the existing message.
    await o.press(':', ...'jobs', ENTER);
    f = await o.until((x) => x.includes('Jobs'), 'the jobs message');
    expect(f).toContain('The jobs view needs its endpoint: context "dev" has no entry.');
    expect(o.c.state.list).toBeUndefined();
  }, 30_000);
});
