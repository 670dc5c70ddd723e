/**
 * What a refresh of a 10,000-row tree asks the server for: the root, every host, the open nodes
 * with a row on screen (or an ancestor of one) and the selection, every time; the open nodes off
 * screen every fifth refresh, and when the user asks (r). Counted in requests, not in time.
 */
import { describe, expect, it } from 'vitest';
import { Controller } from '../../src/tui/controller.js';
import { rowKey, selectRows } from '../../src/tui/state.js';
import { T0, WorldAdmin, worldOf } from './tui-helpers.js';

describe('a refresh of a large open tree', () => {
  it('fetches what is on screen every time, the open nodes off screen every fifth time', async () => {
    const world = worldOf('large');
    const admin = new WorldAdmin(world);
    const c = new Controller({ admin, url: 'http://mesh.test:1729', timers: false, detailDelayMs: 60_000, clock: () => T0, size: { columns: 220, rows: 50 }, diagnose: async () => {}, pyspyLines: () => [] });
    try {
      await c.start();
      const procs: string[] = [];
      for (const h of world.hosts) {
        c.dispatch({ type: 'select', key: rowKey(h.ref, 1) });
        c.dispatch({ type: 'toggleExpand' });
        await Promise.all(h.procs.map((p) => c.fetch(p.ref)));
        for (const p of h.procs) {
          procs.push(p.ref);
          c.dispatch({ type: 'select', key: rowKey(p.ref, 2) });
          c.dispatch({ type: 'toggleExpand' });
        }
      }
      c.dispatch({ type: 'home' });
      expect(selectRows(c.state).length).toBeGreaterThan(10_000);
      // the rows on screen: the root, the first host, its first procs and their actors
      const shown = new Set(selectRows(c.state).slice(c.state.scroll, c.state.scroll + 45).map((r) => r.ref));
      const procsShown = procs.filter((p) => shown.has(p));
      expect(procsShown.length).toBeGreaterThan(0);
      expect(procsShown.length).toBeLessThan(procs.length / 4);

      const asked: string[][] = [];
      for (let i = 0; i < 5; i++) {
        const before = admin.calls.length;
        await c.refresh();
        asked.push(admin.calls.slice(before));
      }
      const procsAsked = asked.map((calls) => procs.filter((p) => calls.includes(p)).length);
      // every refresh: the root, the hosts, the procs on screen
      for (const calls of asked) {
        expect(calls).toContain('root');
        for (const h of world.hosts) expect(calls).toContain(h.ref);
        for (const p of procsShown) expect(calls).toContain(p);
      }
      // every open proc once in five refreshes, the others only the ones on screen
      expect(procsAsked.filter((n) => n === procs.length).length, `procs asked per refresh: ${procsAsked.join(' ')}`).toBe(1);
      expect(procsAsked.filter((n) => n === procsShown.length).length, `procs asked per refresh: ${procsAsked.join(' ')}`).toBe(4);

      // scrolled to the end: the procs there are fetched at the next refresh
      c.dispatch({ type: 'end' });
      const endShown = new Set(selectRows(c.state).slice(c.state.scroll, c.state.scroll + 45).map((r) => r.ref));
      const lastProc = procs.filter((p) => endShown.has(p) || selectRows(c.state).some((r) => r.ref === p && endShown.has(r.ref)));
      let before = admin.calls.length;
      await c.refresh();
      const calls = admin.calls.slice(before);
      // the proc of the last rows (an ancestor of rows on screen, even when its own row is not)
      const rows = selectRows(c.state);
      let a = rows[rows.length - 1].parent;
      while (a >= 0 && rows[a].kind !== 'proc') a = rows[a].parent;
      expect(calls).toContain(rows[a].ref);
      for (const p of lastProc) expect(calls).toContain(p);

      // r (a refresh asked for): everything open
      before = admin.calls.length;
      await c.refresh(true);
      expect(procs.filter((p) => admin.calls.slice(before).includes(p)).length).toBe(procs.length);
    } finally {
      c.stop();
    }
  });
});
