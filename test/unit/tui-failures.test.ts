/**
 * Failures in the browser, as an operator meets them at 80x24, 120x30, 160x45 and 220x60: a failed
 * actor's Error, Root cause, Failed at and Propagated are on screen first; a poisoned proc's
 * `[POISONED: N failed]` marker is whole and comes before its counts; `f` finds failed actors that
 * are not loaded yet (inside a poisoned proc under a collapsed host) and lands on each in turn; a
 * poisoned proc's merely stopped actors are not failed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { selectedRow, selectRows } from '../../src/tui/state.js';
import { closeScreens, lineWith, openScreen, revealNode, SIZES, worldFrom } from './tui-screen.js';

afterEach(closeScreens);

const CUDA = 'actor panicked: RuntimeError: CUDA error: an illegal memory access was encountered';
const OOM = 'process exited with signal SIGKILL (out of memory)';

/**
 * Three hosts of two user procs: a failed actor in host 0's first proc, host 1 never answers (504),
 * and a failed actor in host 2's second proc; every user proc keeps two merely stopped actors.
 */
function world() {
  return worldFrom({
    hosts: 3,
    procs_per_host: 2,
    actors_per_proc: 3,
    stopped_per_proc: 2,
    proc_names: ['trainers', 'replicas'],
    failures: [
      { host: 0, proc: 0, actor: 2, message: CUDA },
      { host: 2, proc: 1, actor: 1, message: OOM },
    ],
    hung: [{ host: 1 }],
  });
}

function failedActors(w: ReturnType<typeof world>) {
  const a = w.select({ host: 0, proc: 0, actor: 2 });
  const b = w.select({ host: 2, proc: 1, actor: 1 });
  if (a.kind !== 'actor' || b.kind !== 'actor') throw new Error('scenario');
  return [a, b];
}

describe('what failed and why is the first thing on screen (item 1)', () => {
  for (const size of SIZES) {
    it(`${size.columns}x${size.rows}: Error, Root cause, Failed at and Propagated of the selected failed actor`, async () => {
      const w = world();
      const [, b] = failedActors(w);
      const s = await openScreen(w, size);
      await revealNode(s, ['root', w.hosts[2].ref, b.proc.ref, b.ref]);
      const f = await s.until((x) => x.includes('Error:'), 'the failure');
      expect(lineWith(f, 'Error:')).toMatch(/Error: +process exited/);
      expect(lineWith(f, 'Root cause:')).toBeTruthy();
      expect(f).toContain(b.uid);
      expect(lineWith(f, 'Failed at:')).toMatch(/Failed at: +\S/);
      expect(lineWith(f, 'Propagated:')).toMatch(/Propagated: +no/);
      // before the other fields
      const lines = f.split('\n');
      const at = (t: string) => lines.findIndex((l) => l.includes(t));
      if (at('Instance:') >= 0) expect(at('Error:')).toBeLessThan(at('Instance:'));
      if (at('Type:') >= 0) expect(at('Propagated:')).toBeLessThan(at('Type:'));
      // nothing hidden for good: the status line does not ask for a bigger terminal
      expect(lines[1]).not.toContain('content hidden');
    });
  }
});

describe('a poisoned proc’s marker is whole and before its counts (item 2)', () => {
  for (const size of SIZES) {
    it(`${size.columns}x${size.rows}: [POISONED: 1 failed]`, async () => {
      const w = world();
      const [, b] = failedActors(w);
      const s = await openScreen(w, size);
      await revealNode(s, ['root', w.hosts[2].ref, b.proc.ref]);
      // (the selection moves off the proc: the marker is read on an unselected row)
      s.c.dispatch({ type: 'select', key: selectRows(s.c.state).find((r) => r.ref === w.hosts[2].ref)!.key });
      const f = await s.until((x) => x.includes('POISONED'), 'the poisoned proc', 5000);
      const row = lineWith(f, 'POISONED');
      // (a narrow tree pane writes the short form)
      expect(row).toMatch(/repl\S* +\[POISONED:( 1 failed|1)\]/);
      if (row.includes('actors')) expect(row.indexOf('POISONED')).toBeLessThan(row.indexOf('actors'));
      if (size.columns >= 120) expect(row).toContain('[POISONED: 1 failed]');
    });
  }
});

describe('f finds failures anywhere (item 3)', () => {
  it('fetches what the server says is poisoned, opens the path and lands on each failed actor in turn', async () => {
    const w = world();
    const [a, b] = failedActors(w);
    const s = await openScreen(w, { columns: 120, rows: 30 });
    // every host is collapsed: no proc is loaded
    expect(s.c.state.cache.has(w.hosts[2].procs[0].ref)).toBe(false);
    const landed: string[] = [];
    for (let i = 0; i < 6; i++) {
      await s.press('f');
      const row = selectedRow(s.c.state)!;
      landed.push(row.ref);
      const p = s.c.state.cache.get(row.ref)?.payload;
      const own = p && 'Actor' in p.properties && (p.properties.Actor.failure_info || p.properties.Actor.actor_status.startsWith('failed'));
      // a failed actor, or a node that cannot be fetched: never a proc, never a merely stopped actor
      expect(Boolean(own) || Boolean(row.error), `landed on ${row.ref}`).toBe(true);
    }
    expect(landed).toContain(a.ref);
    expect(landed).toContain(b.ref);
    // in tree order, round and round
    expect(landed.indexOf(a.ref)).toBeLessThan(landed.indexOf(b.ref));
    const i = landed.indexOf(b.ref);
    expect(landed.slice(i + 1)).toContain(a.ref);
    // on screen: the failed actor selected, with its error
    while (selectedRow(s.c.state)!.ref !== b.ref) await s.press('f');
    const f = await s.until((x) => x.includes('Error:') && x.includes('SIGKILL'), 'the failed actor’s details');
    expect(lineWith(f, '▸')).toContain(b.uid.slice(0, 8));
  });
});

describe('failed means the node’s own data says failed (item 4)', () => {
  it('the stopped actors of a poisoned proc are stopped, not failed; f never stops on them', async () => {
    const w = world();
    const [, b] = failedActors(w);
    const s = await openScreen(w, { columns: 160, rows: 45 });
    await revealNode(s, ['root', w.hosts[2].ref, b.proc.ref]);
    s.c.dispatch({ type: 'toggleExpand' });
    await s.press('h');
    const proc = w.resolve(b.proc.ref)!;
    if (!('Proc' in proc.properties)) throw new Error('proc');
    const stopped = proc.properties.Proc.stopped_children;
    expect(stopped).toContain(b.ref);
    for (const ref of stopped) await s.c.fetch(ref, true);
    await s.idle();
    const rows = selectRows(s.c.state);
    for (const ref of stopped) {
      const row = rows.find((r) => r.ref === ref)!;
      expect(row, ref).toBeDefined();
      const status = (w.resolve(ref)!.properties as { Actor: { actor_status: string } }).Actor.actor_status;
      expect(row.failed, `${ref}: ${status}`).toBe(ref === b.ref);
      expect(row.selfFailed, `${ref}: ${status}`).toBe(ref === b.ref);
    }
    // the status line counts the one failed actor, not the stopped ones
    expect(s.lines()[1]).not.toMatch(/\b3 failed/);
    for (let i = 0; i < 4; i++) {
      await s.press('f');
      const row = selectedRow(s.c.state)!;
      expect(stopped.filter((r) => r !== b.ref)).not.toContain(row.ref);
    }
  });
});
