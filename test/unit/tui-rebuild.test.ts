/**
 * The browser's tree rebuilt after a refresh: a refresh fetches every open node again (new
 * payload objects, the same children), and the next rebuild of the 10,000-row tree (s, c, an
 * expansion) must not sort a proc's actors or parse their references again. Counted in calls to
 * the reference parser, not in time.
 */
import { describe, expect, it, vi } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { Controller } from '../../src/tui/controller.js';
import { rowStats, selectRows } from '../../src/tui/state.js';
import { childOrder, sortChildren } from '../../src/backends/admin/render.js';
import { buildRows } from '../../src/tui/tree.js';
import { openEveryHostAndProc, T0, WorldAdmin, worldOf } from './tui-helpers.js';

const parsed = vi.hoisted(() => ({ n: 0 }));

vi.mock('../../src/backends/admin/refs.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/backends/admin/refs.js')>();
  return {
    ...m,
    compactUid: (ref: string) => {
      parsed.n++;
      return m.compactUid(ref);
    },
  };
});

/** Each answer a new object, as over HTTP. */
class FreshAdmin extends WorldAdmin {
  override async get(ref: string): Promise<NodePayload> {
    return structuredClone(await super.get(ref));
  }
}

const world = worldOf('large');

/** A browser over the `large` mesh with every host and proc open (10,000 rows), its answers new objects. */
async function bigTree(): Promise<Controller> {
  const c = new Controller({ admin: new FreshAdmin(world), url: 'http://mesh.test:1729', timers: false, detailDelayMs: 0, clock: () => T0, size: { columns: 220, rows: 50 }, diagnose: async () => {}, pyspyLines: () => [] });
  await c.start();
  await openEveryHostAndProc(c, world);
  return c;
}

describe('the tree rebuilt after a refresh', () => {
  it('sorts and parses nothing a refresh did not change (s on a 10,000-row tree)', async () => {
    const c = await bigTree();
    try {
      const shown = selectRows(c.state).length;
      expect(shown).toBeGreaterThan(10_000);
      // both toggles built once with these answers
      c.dispatch({ type: 'toggleSystem' });
      const withSystem = selectRows(c.state).length;
      expect(withSystem).toBeGreaterThan(shown);
      c.dispatch({ type: 'toggleSystem' });

      const proc = world.hosts[0].procs[0].ref;
      const before = c.state.cache.get(proc)?.payload;
      await c.refresh(true);
      expect(c.state.cache.get(proc)?.payload, 'the refresh brought a new answer').not.toBe(before);
      expect(c.state.cache.get(proc)?.payload).toEqual(before);

      parsed.n = 0;
      c.dispatch({ type: 'toggleSystem' });
      expect(selectRows(c.state).length).toBe(withSystem);
      // the new hosts' and procs' own labels, not every actor of every proc once per comparison
      expect(parsed.n, `${parsed.n} references parsed for ${withSystem} rows`).toBeLessThan(500);
    } finally {
      c.stop();
    }
  });

  it('s, a refresh, s again: the tree is not built again (both toggles follow the refresh)', async () => {
    const c = await bigTree();
    try {
      const shown = selectRows(c.state);
      c.dispatch({ type: 'toggleSystem' });
      const withSystem = selectRows(c.state).length;
      c.dispatch({ type: 'toggleSystem' });
      expect(selectRows(c.state)).toBe(shown);
      const builds = rowStats(c.state).builds;
      for (let i = 0; i < 3; i++) {
        await c.refresh(true);
        c.dispatch({ type: 'toggleSystem' });
        expect(selectRows(c.state).length).toBe(i % 2 === 0 ? withSystem : shown.length);
      }
      expect(rowStats(c.state).builds, 'trees built after the refreshes').toBe(builds);
      // the patched rows are the rows a rebuild gives
      expect(selectRows(c.state)).toEqual(buildRows({ cache: c.state.cache, expanded: c.state.expanded, showSystem: c.state.showSystem, showStopped: c.state.showStopped }));
    } finally {
      c.stop();
    }
  });

  it('the first s builds nothing: the tree with system actors is made ready while nothing happens', async () => {
    const c = await bigTree();
    try {
      await c.refresh(true);
      await new Promise((r) => setTimeout(r, 20));
      const builds = rowStats(c.state).builds;
      c.dispatch({ type: 'toggleSystem' });
      const rows = selectRows(c.state);
      expect(rowStats(c.state).builds).toBe(builds);
      expect(rows).toEqual(buildRows({ cache: c.state.cache, expanded: c.state.expanded, showSystem: true, showStopped: c.state.showStopped }));
    } finally {
      c.stop();
    }
  });

  it('sortChildren is childOrder', () => {
    const refs = ['w[10]', 'w[2]', '<2MuAHeDjLCEd>', 'a', 'w', 'w[1]', 'b[3]', 'b', 'a[10]', 'a[9]'];
    expect(sortChildren(refs)).toEqual([...refs].sort(childOrder));
  });
});
