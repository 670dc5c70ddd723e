/**
 * Small things an operator trips over: an empty flight recorder says "No events" (not "1 events");
 * Tab on a node that could not be fetched retries it instead of opening nothing; a host lists its
 * procs by short name in the tree's order whether they are loaded or not; copying says where the
 * text went (or that it went nowhere), never copies control characters, and shows exactly what
 * was copied; quitting does not wait for a request sleeping before its retry.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { selectedRow, selectRows } from '../../src/tui/state.js';
import { closeScreens, KEY, lineWith, openScreen, PatchedAdmin, revealNode, worldFrom } from './tui-screen.js';

afterEach(closeScreens);

describe('item 9', () => {
  it('an empty flight recorder says No events, not 1 events', async () => {
    const w = worldFrom({ hosts: 1, procs_per_host: 1, actors_per_proc: 2 });
    const actor = w.hosts[0].procs.find((p) => p.role === 'user')!.actors.find((a) => a.role === 'user')!;
    const admin = new PatchedAdmin(w, (ref, p) => (ref === actor.ref && 'Actor' in p.properties ? { ...p, properties: { Actor: { ...p.properties.Actor, flight_recorder: null } } } : p));
    const s = await openScreen(w, { columns: 120, rows: 30 }, { admin });
    await revealNode(s, ['root', w.hosts[0].ref, actor.proc.ref, actor.ref]);
    const f = await s.until((x) => x.includes('No events'), 'the empty recorder');
    expect(f).not.toMatch(/\b1 events\b/);
  });

  it('Tab on a host that could not be fetched retries it, and does not open onto nothing', async () => {
    const w = worldFrom({ hosts: 2, procs_per_host: 1, actors_per_proc: 2, hung: [{ host: 1 }] });
    const s = await openScreen(w, { columns: 120, rows: 30 });
    await s.press('G');
    expect(selectedRow(s.c.state)!.error).toBeTruthy();
    const calls = s.admin.calls.filter((c) => c === w.hosts[1].ref).length;
    await s.press(KEY.tab);
    expect(s.admin.calls.filter((c) => c === w.hosts[1].ref).length).toBe(calls + 1);
    const row = selectRows(s.c.state).find((r) => r.ref === w.hosts[1].ref)!;
    expect(row.expanded).toBe(false);
    expect(lineWith(s.frame(), '▸')).not.toContain('▼');
    // (a long message takes both footer lines)
    expect(s.lines().slice(-2).join(' ')).toMatch(/could not be fetched: timed out/i);
  });

  it('a host lists its procs by short name in the tree’s order, loaded or not', async () => {
    const w = worldFrom({ hosts: 2, procs_per_host: 3, actors_per_proc: 1, proc_names: ['zeta', 'alpha', 'mid'] });
    const s = await openScreen(w, { columns: 160, rows: 45 });
    // host 0 opened (its procs loaded), host 1 not
    await revealNode(s, ['root', w.hosts[0].ref, w.hosts[0].procs[0].ref]);
    const treeOrder = selectRows(s.c.state)
      .filter((r) => r.kind === 'proc')
      .map((r) => r.label.split('  ')[0]);
    for (const h of [0, 1]) {
      s.c.dispatch({ type: 'select', key: selectRows(s.c.state).find((r) => r.ref === w.hosts[h].ref)!.key });
      await s.idle();
      const f = await s.until((x) => x.includes('Address:'), `host ${h} details`);
      const pane = f
        .split('\n')
        .map((l) => l.split('│').slice(-2, -1)[0] ?? '')
        .map((l) => l.trim());
      const listed = pane.filter((l) => treeOrder.includes(l));
      expect(listed, `host ${h}:\n${pane.join('\n')}`).toEqual(treeOrder);
      expect(pane.some((l) => l.includes('@tcp://'))).toBe(false);
    }
  });

  it('copy: says where the text went, refuses control characters, shows exactly what was copied', async () => {
    const w = worldFrom({ hosts: 1, procs_per_host: 1, actors_per_proc: 1 });
    const evil = 'evil\x1b]52;c;AAAA\x07@tcp://10.0.0.9:1';
    const admin = new PatchedAdmin(w, (ref, p) => (ref === 'root' ? { ...p, children: [...p.children, evil] } : p));
    const copied: string[] = [];
    let fail: string | undefined;
    const s = await openScreen(w, { columns: 160, rows: 45 }, {
      admin,
      copy: (text: string) => {
        if (fail) throw new Error(fail);
        copied.push(text);
        return 'the terminal’s clipboard (OSC 52)';
      },
    } as never);
    await s.press('y');
    expect(copied).toEqual(['root']);
    expect(s.lines()[s.lines().length - 1]).toMatch(/copied root\b.*OSC 52/);
    // the copy went nowhere: no "copied"
    fail = 'no terminal to copy to';
    await s.press('y');
    expect(s.lines()[s.lines().length - 1]).not.toMatch(/^copied/);
    expect(s.lines()[s.lines().length - 1]).toContain('no terminal to copy to');
    fail = undefined;
    // a reference holding control characters is not copied
    s.c.dispatch({ type: 'select', key: selectRows(s.c.state).find((r) => r.ref === evil)!.key });
    await s.press('y');
    expect(copied).toEqual(['root']);
    const note = s.lines()[s.lines().length - 1];
    expect(note).toMatch(/not copied/);
    expect(note).toContain('\\x1b');
  });

  it('quitting does not wait for a request sleeping before its retry', async () => {
    const server = createServer((_req, res) => void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"service_unavailable","message":"busy"}}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // a backoff far longer than the test's own time-out: only the abort can end the request
    const c = new HttpClient({ backend: 'admin', url }, { retries: 3, backoffMs: 600_000, maxBackoffMs: 600_000 });
    const ac = new AbortController();
    const req = c.json({ path: '/v1/root', signal: ac.signal });
    let served = 0;
    server.on('request', () => {
      served++;
      if (served === 1) setTimeout(() => ac.abort(new Error('quit')), 50);
    });
    await expect(req).rejects.toBeDefined();
    await c.close();
    await new Promise<void>((r) => server.close(() => r()));
  }, 20_000);
});
