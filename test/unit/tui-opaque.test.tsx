/**
 * The browser over references in forms meshscope does not know (the opaque-refs scenario, through
 * the real admin client and the embedded mock): the tree labels hosts, procs and actors whatever
 * the form, py-spy and config act on an opaque proc, and the diagnostics overlay walks the whole
 * healthy mesh and says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import React from 'react';
import { render } from 'ink-testing-library';
import { drive } from './tui-helpers.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { HttpClient } from '../../src/http/client.js';
import { AdminClient } from '../../src/backends/admin/client.js';
import { Controller } from '../../src/tui/controller.js';
import { App } from '../../src/tui/app.js';
import { diagnoseRunner, pyspyLines } from '../../src/tui/adapters.js';
import { selectRows } from '../../src/tui/state.js';

const SIZE = { columns: 200, rows: 60 };
const TAB = '\t';
const ESC = '\x1b';

interface Opened {
  c: Controller;
  frame(): string;
  until(pred: (f: string) => boolean, what: string, ms?: number): Promise<string>;
  press(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

const open: Opened[] = [];

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function start(): Promise<Opened> {
  const mock: MockHandle = await startMock({ scenario: 'opaque-refs', portBase: 0, only: ['admin'], env: { USER: 'operator' } });
  const http = new HttpClient({ backend: 'admin', url: mock.urls.admin }, { timeoutMs: 10_000, retries: 4, backoffMs: 20 });
  const diagHttp = new HttpClient({ backend: 'admin', url: mock.urls.admin }, { timeoutMs: 65_000, retries: 0, connections: 16 });
  const c = new Controller({
    admin: new AdminClient(http),
    url: mock.urls.admin,
    refreshMs: 60_000,
    timers: false,
    detailDelayMs: 0,
    // no Slow however busy the machine is
    diagnose: diagnoseRunner(diagHttp, { slowMs: 60_000, probeTimeoutMs: 30_000 }),
    pyspyLines,
    copy: () => undefined,
    viewMessage: (v) => [`The ${v} view is not available in the browser yet.`],
  });
  const ui = render(<App controller={c} size={SIZE} />);
  const o: Opened = {
    c,
    ...drive(ui, SIZE.columns),
    async close() {
      c.stop();
      ui.unmount();
      await http.close();
      await diagHttp.close();
      await mock.close();
    },
  };
  open.push(o);
  await c.start();
  return o;
}

async function goTo(o: Opened, re: RegExp): Promise<void> {
  const i = selectRows(o.c.state).findIndex((r) => re.test(r.label));
  if (i < 0) throw new Error(`no row ${re}; screen:\n${o.frame()}`);
  o.c.dispatch({ type: 'moveTo', index: i });
  const label = selectRows(o.c.state)[i].label.slice(0, 10);
  await o.until((f) => f.split('\n').some((l) => l.includes('▸') && l.includes(label)), `selection on ${re}`);
}

describe('tui over references in forms meshscope does not know', () => {
  it('labels the tree, runs py-spy and config on an opaque proc, and diagnoses the whole mesh as healthy', async () => {
    const o = await start();
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
