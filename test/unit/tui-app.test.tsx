/**
 * The browser's Ink components against the embedded mock (in-process, free ports), through the real
 * admin client: tree labels, toggles, expansion, search, overlays, details per kind, the views of
 * the command bar, the connection error line, and colour off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import React from 'react';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { ANSI, drive, waitForFrame } from './tui-helpers.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { HttpClient } from '../../src/http/client.js';
import { AdminClient } from '../../src/backends/admin/client.js';
import { Controller } from '../../src/tui/controller.js';
import { App } from '../../src/tui/app.js';
import { diagnoseRunner, pyspyLines } from '../../src/tui/adapters.js';

const SIZE = { columns: 200, rows: 44 };

interface Opened {
  c: Controller;
  ui: ReturnType<typeof render>;
  mock?: MockHandle;
  copied: string[];
  frame(): string;
  until(pred: (f: string) => boolean, what: string, ms?: number): Promise<string>;
  press(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

const open: Opened[] = [];

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function start(scenario: string | undefined, url?: string): Promise<Opened> {
  const mock = scenario ? await startMock({ scenario, portBase: 0, only: ['admin'], env: { USER: 'operator' } }) : undefined;
  const base = url ?? mock!.urls.admin;
  const http = new HttpClient({ backend: 'admin', url: base }, { timeoutMs: 10_000, retries: 4, backoffMs: 20 });
  const diagHttp = new HttpClient({ backend: 'admin', url: base }, { timeoutMs: 65_000, retries: 0, connections: 16 });
  const copied: string[] = [];
  const c = new Controller({
    admin: new AdminClient(http),
    url: base,
    refreshMs: 60_000,
    timers: false,
    detailDelayMs: 0,
    // How busy the machine is must not decide a check: no Slow, and a hung host ends as the
    // server's 504 (after 3 s), never as the probe's own time-out
    diagnose: diagnoseRunner(diagHttp, { slowMs: 60_000, probeTimeoutMs: 30_000 }),
    pyspyLines,
    copy: (t) => copied.push(t),
    viewMessage: (v) => [`The ${v} view is not available in the browser yet.`],
  });
  const ui = render(<App controller={c} size={SIZE} />);
  const o: Opened = {
    c,
    ui,
    mock,
    copied,
    ...drive(ui, SIZE.columns),
    async close() {
      c.stop();
      ui.unmount();
      await http.close();
      await diagHttp.close();
      await mock?.close();
    },
  };
  open.push(o);
  await c.start();
  return o;
}

/** Move the selection to the first row whose text matches. */
async function goTo(o: Opened, re: RegExp): Promise<void> {
  const { selectRows } = await import('../../src/tui/state.js');
  const i = selectRows(o.c.state).findIndex((r) => re.test(r.label));
  if (i < 0) throw new Error(`no row ${re}; screen:\n${o.frame()}`);
  o.c.dispatch({ type: 'moveTo', index: i });
  const label = selectRows(o.c.state)[i].label.slice(0, 12);
  await o.until((f) => f.split('\n').some((l) => l.includes('▸') && l.includes(label)), `selection on ${re}`);
}

const TAB = '\t';
/** Host 0's procs are fetched (their labels carry counts). */
const procsLoaded = (x: string) => x.includes('local  (0 actors)') && /philosophers {2}[([]/.test(x) && /trainer {2}[([]/.test(x);
const ESC = '\x1b';
const ENTER = '\r';

describe('tui components (healthy mesh)', () => {
  it('draws the header, the root and hosts with the reference labels, and the footer keys', async () => {
    const o = await start('healthy');
    const f = await o.until((x) => x.includes('tcp:10.0.0.2:26600  (4 procs)'), 'hosts');
    expect(f).toMatch(/mesh-admin • http:\/\/127\.0\.0\.1:\d+ • up: 1h • @operator • sys:off • stopped:off/);
    expect(f).toContain('▸ ▼ Mesh Root (2 hosts)');
    expect(f).toContain('├─ ▶ tcp:10.0.0.1:26600  (4 procs)');
    expect(f).toContain('└─ ▶ tcp:10.0.0.2:26600  (4 procs)');
    expect(f).toContain('Topology  1/3');
    expect(f).toContain('j/k move  Tab open');
    // root details
    expect(f).toMatch(/Hosts: +2/);
    expect(f).toMatch(/Started by: +operator/);
  });

  it('expands a host (procs with counts), a proc (actors, system hidden), and toggles s and h', async () => {
    const o = await start('healthy');
    await o.until((x) => x.includes('(4 procs)'), 'hosts');
    await o.press('j', TAB);
    let f = await o.until(procsLoaded, 'procs of host 0');
    expect(f).toMatch(/├─ {3}local {2}\(0 actors\)/);
    expect(f).toMatch(/philosophers {2}\(\d+ actors: 2 system, \d+ user\)/);
    expect(f).toMatch(/service {2}\(\d+ actors: \d system\)/);
    // the selection went to the first child; host details were replaced by the proc's
    expect(f).toMatch(/▸ +├─ {3}local/);
    await goTo(o, /^philosophers/);
    f = await o.until((x) => /Queue depth: +\d+\/\d+ \(total\/max\)/.test(x), 'proc details');
    expect(f).toMatch(/Name: +philosophers/);
    await o.press(TAB);
    f = await o.until((x) => x.includes('pyspy_worker<'), 'actors');
    expect(f).not.toContain('proc_agent');
    expect(f).not.toContain('cast');
    await o.press('s');
    f = await o.until((x) => x.includes('sys:on'), 'sys:on');
    expect(f).toContain('proc_agent');
    expect(f).toContain('cast');
    await o.press('h');
    await o.until((x) => x.includes('stopped:on'), 'stopped:on');
    await o.press('s', 'h');
    f = await o.until((x) => x.includes('sys:off • stopped:off'), 'toggles off');
    expect(f).not.toContain('proc_agent');
  });

  it('shows an actor’s details and flight recorder, and Tab on it collapses back with c', async () => {
    const o = await start('healthy');
    await o.until((x) => x.includes('(4 procs)'), 'hosts');
    await o.press('j', TAB);
    await o.until(procsLoaded, 'procs');
    await goTo(o, /^philosophers/);
    await o.press(TAB);
    const f = await o.until((x) => /Status: +\S/.test(x) && x.includes('Flight Recorder'), 'actor details');
    expect(f).toMatch(/Type: +monarch_hyperactor::actor::PythonActor/);
    expect(f).toMatch(/Messages: +[\d,]+/);
    expect(f).toMatch(/Processing time: +\d/);
    expect(f).toMatch(/Created: +20\d\d-/);
    expect(f).toMatch(/Last handler: /);
    expect(f).toMatch(/Flight Recorder {2}\d+ events/);
    expect(f).toMatch(/[IDWE] \d\d:\d\d:\d\d /);
    await o.press('c');
    const g = await o.until((x) => !x.includes('local  (0 actors)'), 'collapse all');
    expect(g).toContain('Topology');
    expect(g).toMatch(/▸ +├─ ▶ tcp:10\.0\.0\.1:26600/);
  });

  it('searches with / as you type, steps with n, and copies the reference with y', async () => {
    const o = await start('healthy');
    await o.until((x) => x.includes('(4 procs)'), 'hosts');
    await o.press('j', TAB);
    await o.until(procsLoaded, 'procs');
    await o.press('G', TAB);
    await o.until((x) => x.includes('replica  ('), 'procs of host 1');
    await o.press('g', '/', ...'philosophers'.split(''));
    let f = await o.until((x) => x.includes('match 1 of 2'), 'search status');
    expect(f).toContain('/philosophers▏  match 1 of 2');
    expect(f).toMatch(/▸ +├─ ▶ philosophers/);
    const first = o.c.state.selectedKey;
    await o.press(ENTER, 'n');
    f = await o.until((x) => x.includes('/philosophers  match 2 of 2'), 'next match');
    expect(o.c.state.selectedKey).not.toBe(first);
    expect(f).toMatch(/▸ +├─ ▶ philosophers/);
    await o.press('y');
    f = await o.until((x) => x.includes('copied '), 'copied');
    expect(o.copied).toHaveLength(1);
    expect(f).toContain(`copied ${o.copied[0]}`);
    expect(o.copied[0]).toMatch(/^philosophers<\w+>@tcp:\/\/10\.0\.0\.2:/);
  });

  it('opens the help, the config and the py-spy overlays; Esc closes them', async () => {
    const o = await start('healthy');
    await o.until((x) => x.includes('(4 procs)'), 'hosts');
    await o.press('?');
    let f = await o.until((x) => x.includes('Help'), 'help');
    expect(f).toContain('move down');
    expect(f).toContain('refresh paused');
    await o.press(ESC);
    await o.until((x) => !x.includes('move down'), 'help closed');
    await o.press('j', TAB);
    await o.until(procsLoaded, 'procs');
    await goTo(o, /^philosophers/);
    await o.press('C');
    f = await o.until((x) => x.includes('Config • philosophers • at'), 'config overlay');
    expect(f).toContain('hyperactor::config');
    expect(f).toMatch(/codec_max_frame_length +\d+ +Default/);
    await o.press(ESC, 'p');
    f = await o.until((x) => x.includes('py-spy • philosophers • at'), 'py-spy overlay');
    expect(f).toMatch(/Process \d+: philosophers</);
    expect(f).toMatch(/Thread \d+ \(active/);
    expect(f).toMatch(/_cpu_burn_loop \(\w+\.py:\d+\)/);
    await o.press(ESC);
    f = await o.until((x) => !x.includes('py-spy •'), 'py-spy closed');
    expect(f).toMatch(/Name: +philosophers/);
  });

  it('switches views with the command bar and says what is missing', async () => {
    const o = await start('healthy');
    await o.until((x) => x.includes('(4 procs)'), 'hosts');
    await o.press(':', 'a', 'g', TAB);
    await o.until((x) => x.includes(':agents▏'), 'completion');
    await o.press(ENTER);
    let f = await o.until((x) => x.includes('Agents'), 'agents view');
    expect(f).toContain('The agents view is not available in the browser yet.');
    await o.press(':', 'm', 'e', 's', 'h', ENTER);
    f = await o.until((x) => x.includes('Topology'), 'back to mesh');
    await o.press(':', 'n', 'o', 'p', 'e', ENTER);
    f = await o.until((x) => x.includes('unknown command ":nope"'), 'unknown command');
  });
});

describe('tui components (failing mesh)', () => {
  it('shows poisoned procs, failed actors in red with their root cause, and the hung host’s error', async () => {
    const o = await start('failing');
    let f = await o.until((x) => x.includes('[HTTP 504]  timed out resolving'), 'hung host error', 20_000);
    expect(f).toMatch(/└─ ▶ host tcp:\/\/10\.0\.0\.3:26600 {2}\[HTTP 504\] {2}timed out resolving/);
    await o.press('G');
    f = await o.until((x) => x.includes('Fetch failed: '), 'hung host details');
    expect(f).toContain('Fetch failed: timed out resolving reference (gateway_timeout, HTTP 504)');
    await o.press('g');
    await o.press('j', TAB);
    f = await o.until((x) => /philosophers {2}\[POISONED: /.test(x), 'poisoned proc');
    // the marker before the counts (cut at the pane's width; the full labels are checked in tui-state.test.ts)
    expect(f).toMatch(/philosophers {2}\[POISONED: \d+ failed\] {2}\(\d+ actors: 2 system, \d+ user/);
    // f lands on an actor that failed itself (fetching what it takes to find it)
    await o.press('f');
    f = await o.until((x) => /Status: +failed\b/.test(x), 'failed actor details');
    expect(f).toMatch(/Error: +\S/);
    expect(f).toMatch(/Root cause: +\S+ \(\S+@tcp:\/\//);
    expect(f).toMatch(/Propagated: +(yes|no)/);
  });

  it('streams the diagnostics walk live in an overlay, then shows the summary; r reruns', async () => {
    const o = await start('failing');
    await o.until((x) => x.includes('(4 procs)'), 'hosts');
    await o.press('d');
    let f = await o.until((x) => x.includes('Diagnostics • Running…'), 'diag running');
    expect(f).toContain('Running… • live updates');
    expect(f).toContain('── Admin Infra ──');
    f = await o.until((x) => x.includes('static snapshot'), 'diag done', 20_000);
    expect(f).toMatch(/Diagnostics • Completed at \d\d:\d\d:\d\d • static snapshot/);
    expect(f).toMatch(/\d+\/\d+ checks passed\. Admin: \d+\/\d+\. Mesh: \d+\/\d+\./);
    expect(f).toContain(' ✓ root ');
    expect(f).toContain('admin HTTP server — lists connected hosts');
    expect(f).toMatch(/✗ host:host_agent\.service@tcp:\/\/10\.0\.0\.3:26600 \d+ms — HTTP 504 Gateway Timeout/);
    expect(f).toContain('r rerun');
    expect(f).toContain('Esc/q back');
    await o.press('r');
    await o.until((x) => x.includes('Diagnostics • Running…'), 'diag rerun');
    await o.press(ESC);
    f = await o.until((x) => !x.includes('Diagnostics •'), 'diag closed');
    expect(f).toContain('Mesh Root (3 hosts)');
  });

  it('shows what py-spy said when it failed', async () => {
    const o = await start('failing');
    await o.until((x) => x.includes('(4 procs)'), 'hosts');
    await o.press('j', TAB);
    await o.until(procsLoaded, 'procs');
    await goTo(o, /^trainer/);
    await o.press('p');
    const f = await o.until((x) => x.includes('py-spy • trainer • at'), 'py-spy result');
    expect(f).toMatch(/py-spy failed on pid \d+ of trainer</);
    expect(f).toContain('hint: ');
  });
});

describe('tui components (no mesh, no colour)', () => {
  it('puts the connection failure on the error line', async () => {
    const o = await start(undefined, 'http://127.0.0.1:9');
    const f = await o.until((x) => x.includes('ERROR: Failed to connect'), 'error line', 15_000);
    expect(f).toContain('mesh-admin • http://127.0.0.1:9');
    expect(f).toContain('Waiting for the mesh root…');
  });

  it('draws no colour at all when chalk’s level is 0 (NO_COLOR, --no-color)', async () => {
    const level = chalk.level;
    try {
      chalk.level = 2;
      const a = await start('healthy');
      await a.until((x) => x.includes('(4 procs)'), 'hosts');
      expect(a.ui.lastFrame()).toMatch(/\x1b\[/);
      await a.close();
      open.pop();
      chalk.level = 0;
      const b = await start('healthy');
      await b.until((x) => x.includes('(4 procs)'), 'hosts');
      expect(b.ui.lastFrame()).not.toMatch(/\x1b\[/);
    } finally {
      chalk.level = level;
    }
  });
});

describe('tui components (terminal size)', () => {
  it('follows the terminal when it is resized', async () => {
    const mock = await startMock({ scenario: 'healthy', portBase: 0, only: ['admin'], env: { USER: 'operator' } });
    const http = new HttpClient({ backend: 'admin', url: mock.urls.admin }, { timeoutMs: 10_000 });
    const c = new Controller({ admin: new AdminClient(http), url: mock.urls.admin, timers: false, detailDelayMs: 0, diagnose: async () => {}, pyspyLines: () => [] });
    const ui = render(<App controller={c} />);
    const term = { columns: 120, rows: 30 };
    Object.defineProperty(ui.stdout, 'columns', { get: () => term.columns, configurable: true });
    Object.defineProperty(ui.stdout, 'rows', { get: () => term.rows, configurable: true });
    try {
      await c.start();
      ui.stdout.emit('resize');
      const frame = () => (ui.lastFrame() ?? '').replace(ANSI, '');
      const lines = () => frame().split('\n');
      const wait = (pred: () => boolean, what: string) => waitForFrame(frame, pred, what, 20_000);
      await wait(() => lines().length === 29 && lines()[2].length === 120, '120x30 layout');
      // The tree pane takes 40% of the width.
      expect(lines()[2].indexOf('╮')).toBe(47);
      term.columns = 180;
      term.rows = 50;
      ui.stdout.emit('resize');
      await wait(() => lines().length === 49 && lines()[2].length === 180, '180x50 layout');
      expect(lines()[2].indexOf('╮')).toBe(71);
      expect(c.state.size).toEqual({ columns: 180, rows: 50 });
      // Too small: the panes are clipped and the header says so.
      term.columns = 50;
      term.rows = 8;
      ui.stdout.emit('resize');
      await wait(() => lines().join('\n').includes('content hidden — resize'), 'clipped warning');
    } finally {
      c.stop();
      ui.unmount();
      await http.close();
      await mock.close();
    }
  });
});

// references in forms meshscope does not know (the opaque-refs scenario): the tree labels them,
// py-spy and config act on an opaque proc, and the diagnostics overlay walks the whole healthy mesh
describe('tui over references in forms meshscope does not know', () => {
  it('labels the tree, runs py-spy and config on an opaque proc, and diagnoses the whole mesh as healthy', async () => {
    const o = await start('opaque-refs');
    let f = await o.until((x) => (x.match(/\(4 procs\)/g) ?? []).length === 3, 'three hosts');
    for (const addr of ['tcp:10.0.0.1:26600', 'tcp:10.0.0.2:26600', 'tcp:10.0.0.3:26600']) expect(f).toContain(`${addr}  (4 procs)`);

    await goTo(o, /^tcp:10\.0\.0\.1:26600/);
    await o.press(TAB);
    f = await o.until((x) => x.includes('data loader  (') && x.includes('ckpt/writer?v=2#50%&more  ('), 'procs of the opaque host');
    expect(f).toContain('ckpt/writer?v=2#50%&more  (9 actors: 2 system, 6 user, 1 stopped)');
    await goTo(o, /^data loader/);
    await o.press(TAB);
    f = await o.until((x) => /pyspy_worker<[0OIl]\w+>/.test(x), 'actors of an opaque proc');
    expect(f).toMatch(/trainer<\w+>/);
    expect(f).toMatch(/50% done #3\?<\w+>/);

    await goTo(o, /^data loader/);
    await o.press('p');
    f = await o.until((x) => x.includes('py-spy • data loader • at'), 'py-spy overlay');
    expect(f).toMatch(/Process \d+: data loader<\w+>@tcp:\/\/10\.0\.0\.1:26601/);
    await o.press(ESC, 'C');
    f = await o.until((x) => x.includes('Config • data loader • at'), 'config overlay');
    expect(f).toContain('hyperactor::config');
    await o.press(ESC, 'd');
    f = await o.until((x) => x.includes('static snapshot'), 'diagnostics done', 30_000);
    expect(f).toMatch(/All \d+ checks passed\. Admin: healthy Mesh: healthy\./);
    expect(f).not.toContain('✗');
    expect(f).not.toContain('Conversion error');
    expect(f).toMatch(/✓ {3}pyspy_worker<[0OIl]\w+> \d+ms {2}— user actor — reachable through full stack/);
    expect(f).toMatch(/✓ {3}proc_agent \d+ms {2}— proc agent/);
  }, 60_000);
});
