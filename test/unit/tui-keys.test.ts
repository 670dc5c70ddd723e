/**
 * Keys that behave as operators expect: → opens or steps in and never closes; scrolling stops at
 * the ends and turns back at once (help, flight recorder); q and Esc inside an overlay go back to
 * the tree; and one keymap from which the bindings, the help and the footer are all derived, list
 * views included. Also: the browser's modules import each other without circles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFlightRecorder } from '../../src/backends/admin/models.js';
import { keyIntents } from '../../src/tui/keys.js';
import { initialState, reduce, selectedRow, selectRows } from '../../src/tui/state.js';
import { closeScreens, KEY, openScreen, revealNode, worldFrom } from './tui-screen.js';

afterEach(closeScreens);

function world() {
  return worldFrom({ hosts: 2, procs_per_host: 2, actors_per_proc: 6, stopped_per_proc: 1 });
}

describe('→ opens or steps in; only ← and c close (item 5)', () => {
  it('on an open node → steps onto its first child and never collapses it', async () => {
    const w = world();
    const s = await openScreen(w, { columns: 120, rows: 30 });
    const before = selectRows(s.c.state).length;
    expect(selectedRow(s.c.state)!.kind).toBe('root');
    await s.press(KEY.right);
    expect(selectRows(s.c.state)[0].expanded).toBe(true);
    expect(selectRows(s.c.state).length).toBeGreaterThanOrEqual(before);
    expect(selectedRow(s.c.state)!.ref).toBe(w.hosts[0].ref);
    // a closed host: → opens it and steps in; → again goes deeper, never back out
    await s.press(KEY.right);
    expect(selectRows(s.c.state).find((r) => r.ref === w.hosts[0].ref)!.expanded).toBe(true);
    expect(selectedRow(s.c.state)!.kind).toBe('proc');
    await s.press(KEY.up, KEY.right);
    expect(selectRows(s.c.state).find((r) => r.ref === w.hosts[0].ref)!.expanded).toBe(true);
    expect(selectedRow(s.c.state)!.kind).toBe('proc');
    // ← on a closed node goes to its parent; ← on an open node closes it
    await s.press(KEY.left);
    expect(selectedRow(s.c.state)!.ref).toBe(w.hosts[0].ref);
    await s.press(KEY.left);
    expect(selectRows(s.c.state).find((r) => r.ref === w.hosts[0].ref)!.expanded).toBe(false);
  });
});

describe('scrolling stops at the ends and turns back at once (item 6)', () => {
  it('help: G then k scrolls up one line', async () => {
    const s = await openScreen(world(), { columns: 80, rows: 24 });
    await s.press('?');
    const top = await s.until((x) => x.includes('Help'), 'the help');
    await s.press('G');
    const bottom = s.frame();
    expect(bottom).not.toBe(top);
    await s.press('k');
    expect(s.frame()).not.toBe(bottom);
    await s.press('G', 'G', 'j', 'j');
    expect(s.frame()).toBe(bottom);
  });

  it('flight recorder: K past the oldest event, then J scrolls back down at once', async () => {
    const w = world();
    // the actor with the longest flight recorder
    let best = w.hosts[0].procs[2].actors[0];
    let most = 0;
    for (const p of w.hosts[0].procs) {
      for (const a of p.actors) {
        const pl = w.resolve(a.ref)!;
        if (!('Actor' in pl.properties) || a.system) continue;
        const n = parseFlightRecorder(pl.properties.Actor.flight_recorder).length;
        if (n > most) [best, most] = [a, n];
      }
    }
    expect(most).toBeGreaterThan(8);
    const s = await openScreen(w, { columns: 80, rows: 24 });
    await revealNode(s, ['root', best.proc.host.ref, best.proc.ref, best.ref]);
    await s.until((x) => x.includes('Flight Recorder') || x.includes('Flight recorder'), 'the flight recorder');
    const newest = s.frame();
    await s.press(...Array<string>(most + 10).fill('K'));
    const oldest = s.frame();
    expect(oldest).not.toBe(newest);
    await s.press('J');
    expect(s.frame()).not.toBe(oldest);
    await s.press(...Array<string>(most + 10).fill('J'));
    expect(s.frame()).toBe(newest);
  });
});

describe('q and Esc inside an overlay go back to the tree (item 10)', () => {
  it('q closes the help (the app keeps running), Esc closes the config; the footer and the help say so', async () => {
    const w = world();
    const s = await openScreen(w, { columns: 120, rows: 30 });
    await s.press('?');
    const help = await s.until((x) => x.includes('Help'), 'the help');
    const footer = s.lines()[s.lines().length - 2];
    expect(footer).toMatch(/q back|Esc\/q back|q\/Esc back/);
    expect(help).toContain('Help');
    const { helpView } = await import('../../src/tui/overlays.js');
    const text = helpView()
      .lines.map((l) => l.map((x) => x.text).join(''))
      .join('\n');
    expect(text).toMatch(/Esc, q +back to the tree/);
    await s.press('q');
    expect(s.c.state.overlay).toBeUndefined();
    expect(s.c.state.quit).toBeUndefined();
    await revealNode(s, ['root', w.hosts[0].ref, w.hosts[0].procs[2].ref]);
    await s.press('C');
    expect(s.c.state.overlay?.kind).toBe('config');
    await s.press(KEY.esc);
    expect(s.c.state.overlay).toBeUndefined();
    await s.press('C', 'q');
    expect(s.c.state.overlay).toBeUndefined();
    expect(s.c.state.quit).toBeUndefined();
    // in the tree, q quits
    await s.press('q');
    await expect(s.c.exited).resolves.toBe(0);
  });
});

describe('one keymap: bindings, help and footer derived from it (item 12)', () => {
  it('every binding has a command, keys, modes and help; no key means two things in one mode', async () => {
    const km = await import('../../src/tui/keymap.js');
    expect(km.KEYMAP.length).toBeGreaterThan(20);
    const seen = new Map<string, string>();
    for (const b of km.KEYMAP) {
      expect(b.command, JSON.stringify(b)).toBeTruthy();
      expect(b.keys.length, b.command).toBeGreaterThan(0);
      expect(b.modes.length, b.command).toBeGreaterThan(0);
      expect(b.help, b.command).toBeTruthy();
      for (const m of b.modes) {
        for (const k of b.keys) {
          const at = `${m} ${k}`;
          expect(seen.get(at), `${at} bound to ${seen.get(at)} and ${b.command}`).toBeUndefined();
          seen.set(at, b.command);
        }
      }
    }
  });

  it('the help overlay and the footer show what the keymap says, and the keys do what it says', async () => {
    const km = await import('../../src/tui/keymap.js');
    const { helpView } = await import('../../src/tui/overlays.js');
    const help = helpView()
      .lines.map((l) => l.map((x) => x.text).join(''))
      .join('\n');
    for (const b of km.KEYMAP) {
      expect(help, b.command).toContain(b.help);
      expect(help, b.command).toContain(km.keyLabel(b.keys[0]));
    }
    const footer = km.footerText('tree', 400);
    for (const b of km.KEYMAP.filter((x) => x.modes.includes('tree') && x.footer)) expect(footer).toContain(km.keyLabel(b.keys[0]));
    // the footer of every mode fits 80 columns and keeps help and quit (or back)
    for (const mode of ['tree', 'list', 'help', 'diag', 'config', 'pyspy'] as const) {
      const f80 = km.footerText(mode, 80);
      expect(Array.from(f80).length, mode).toBeLessThanOrEqual(80);
      expect(f80, mode).toMatch(/\? help|Esc\/q back|q back/);
    }
  });

  it('list views take their keys from the keymap too', () => {
    let s = initialState({ url: 'http://x', now: 0 });
    s = reduce(s, { type: 'setView', view: 'jobs' });
    s = reduce(s, { type: 'list', action: { type: 'start', view: 'jobs', columns: ['JOB'] } });
    s = reduce(s, { type: 'list', action: { type: 'items', view: 'jobs', items: [{ id: 'a', cells: ['a'], status: 'running' }, { id: 'b', cells: ['b'], status: 'running' }], at: 0 } });
    for (const [input, key] of [['j', {}], ['k', {}], ['', { return: true }], ['r', {}], ['/', {}], ['', { downArrow: true }]] as const) {
      expect(keyIntents(s, input, key), `${input} ${JSON.stringify(key)}`).not.toEqual([]);
    }
  });

  it('the browser’s modules import each other without circles', () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/tui');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(n)) files.push(p);
      }
    };
    walk(root);
    const edges = new Map<string, string[]>();
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      const deps: string[] = [];
      for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)) {
        const target = resolve(dirname(f), m[1]).replace(/\.js$/, '');
        const hit = files.find((x) => x.replace(/\.tsx?$/, '') === target);
        if (hit) deps.push(hit);
      }
      edges.set(f, deps);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of edges.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => x.slice(root.length + 1)).join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
