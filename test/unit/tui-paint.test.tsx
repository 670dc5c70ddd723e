/**
 * The browser on a terminal, as `meshscope tui` runs it: Ink reading keys, the painter writing
 * frames onto a terminal (here an in-memory one whose screen the tests read back). What is
 * counted is work and bytes, never time: a key on a 10,000-row tree writes the cells it changed,
 * everything a key changes is one frame, nothing is written while nothing changes, a search does
 * not rebuild the tree, and two browsers keep their own rows. Then the job monitor, driven through
 * the same keymap, reducer and store.
 */
import { EventEmitter } from 'node:events';
import React from 'react';
import chalk from 'chalk';
import { render } from 'ink';
import { render as renderForTest } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/tui/app.js';
import { Controller } from '../../src/tui/controller.js';
import { composeFrame } from '../../src/tui/frame.js';
import { Grid } from '../../src/tui/grid.js';
import { Painter } from '../../src/tui/paint.js';
import { apply, openEveryHostAndProc, stateWith, T0, topRefs, WorldAdmin, worldOf } from './tui-helpers.js';
import { buildRows } from '../../src/tui/tree.js';
import { reduce, rowStats, selectLoadedRows, selectRows, initialState, type TuiState } from '../../src/tui/state.js';
import { keyIntents } from '../../src/tui/keys.js';
import { bindingsOf, monitorKeys } from '../../src/tui/keymap.js';
import { emptyMonitor } from '../../src/tui/job-monitor/model.js';
import { MonitorController, type MonitorOutcome } from '../../src/tui/job-monitor/controller.js';
import { MonitorView } from '../../src/tui/job-monitor/view.js';
import { WorkflowProgress } from '../../src/backends/mn/models.js';
import { Vt } from './tui-vt.js';

const BIG = { columns: 220, rows: 50 };
const BEGIN = '\x1b[?2026h';

let level: typeof chalk.level;
beforeAll(() => {
  level = chalk.level;
  chalk.level = 2;
});
afterAll(() => {
  chalk.level = level;
});

/** A terminal in memory: what is written goes to a Vt. */
class Term extends EventEmitter {
  readonly isTTY = true;
  readonly vt: Vt;
  bytes = 0;
  frames = 0;
  last = 0;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
    this.vt = new Vt(rows, columns);
  }
  write(d: string | Uint8Array): boolean {
    const s = String(d);
    this.bytes += Buffer.byteLength(s);
    for (let i = s.indexOf(BEGIN); i >= 0; i = s.indexOf(BEGIN, i + 1)) this.frames++;
    this.last = Date.now();
    this.vt.feed(s);
    return true;
  }
}

/** Keys typed on that terminal. */
class Keys extends EventEmitter {
  readonly isTTY = true;
  private queue: string[] = [];
  setRawMode(): void {}
  setEncoding(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  type(k: string): void {
    this.queue.push(k);
    this.emit('readable');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface OnTerminal {
  term: Term;
  /** Type a key, then wait until the browser has nothing in flight and the terminal is quiet. */
  press(key: string): Promise<{ bytes: number; frames: number }>;
  quiet(): Promise<void>;
  close(): void;
}

const opened: Array<() => void> = [];
afterEach(() => {
  while (opened.length) opened.pop()!();
});

/** `meshscope tui` as runTui starts it: the App with a painter on a terminal of this size. */
async function onTerminal(c: Controller, size = BIG): Promise<OnTerminal> {
  const term = new Term(size.columns, size.rows);
  const keys = new Keys();
  const ink = render(<App controller={c} painter={new Painter(term)} />, { stdout: term as unknown as NodeJS.WriteStream, stdin: keys as unknown as NodeJS.ReadStream, stderr: term as unknown as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: false });
  const busy = () => (c as unknown as { inflight: Map<string, unknown> }).inflight.size > 0;
  const quiet = async () => {
    for (let i = 0; i < 500; i++) {
      await sleep(10);
      if (!busy() && Date.now() - term.last > 80) return;
    }
  };
  const close = () => {
    c.stop();
    ink.unmount();
  };
  opened.push(close);
  await quiet();
  return {
    term,
    quiet,
    close,
    async press(key) {
      const b = term.bytes;
      const f = term.frames;
      keys.type(key);
      await sleep(key === '\x1b' ? 30 : 0);
      await quiet();
      return { bytes: term.bytes - b, frames: term.frames - f };
    },
  };
}

/** A browser over the `large` mesh with every host and proc open: about 10,000 rows. */
async function bigTree(detailDelayMs = 0): Promise<Controller> {
  const world = worldOf('large');
  const c = new Controller({ admin: new WorldAdmin(world), url: 'http://mesh.test:1729', timers: false, detailDelayMs, clock: () => T0, size: BIG, diagnose: async () => {}, pyspyLines: () => [] });
  await c.start();
  await openEveryHostAndProc(c, world);
  expect(selectRows(c.state).length).toBeGreaterThan(10_000);
  return c;
}

/** What the frame of a state shows, row by row. */
function frameLines(c: Controller): string[] {
  const g = composeFrame(c.state);
  return Array.from({ length: g.height }, (_, y) => g.rowText(y));
}

describe('the browser on a terminal: bytes and frames', () => {
  it('j and k on a 10,000-row tree write the cells that changed, a small part of a frame; the screen is the frame', async () => {
    const c = await bigTree();
    const t = await onTerminal(c);
    const whole = t.term.bytes;
    expect(whole).toBeGreaterThan(8000);
    for (const k of ['j', 'j', 'j', 'j', 'k', 'j', '\x1b[B', '\x1b[A']) {
      const { bytes } = await t.press(k);
      expect(bytes, k).toBeGreaterThan(0);
      // half a frame at most, even when the details pane shows another node entirely
      expect(bytes, `${k}: ${bytes} of ${whole} bytes`).toBeLessThan(Math.min(whole / 2, 4096));
    }
    expect(t.term.vt.lines().slice(0, frameLines(c).length)).toEqual(frameLines(c));
  }, 60_000);

  it('j and k among actors write at most 2 KB a key (the median), their details included', async () => {
    const c = await bigTree();
    const t = await onTerminal(c);
    c.dispatch({ type: 'select', key: selectRows(c.state).find((r) => r.kind === 'actor' && r.depth === 3)!.key });
    await t.quiet();
    const sizes: number[] = [];
    for (const k of ['j', 'j', 'j', 'j', 'j', 'j', 'k', 'k', 'j', 'j', 'j']) {
      const { bytes } = await t.press(k);
      expect(selectRows(c.state)[c.state.cursor].kind).toBe('actor');
      sizes.push(bytes);
    }
    sizes.sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)], `bytes per key: ${sizes.join(' ')}`).toBeLessThanOrEqual(2048);
    expect(t.term.vt.lines().slice(0, frameLines(c).length)).toEqual(frameLines(c));
  }, 60_000);

  it('everything a key changes is one frame', async () => {
    // (the details of a new selection are not fetched here: what a key itself changes is counted)
    const c = await bigTree(60_000);
    const t = await onTerminal(c);
    // s: the rows rebuilt and a notice; j after it: the notice cleared and the selection moved
    expect((await t.press('s')).frames).toBe(1);
    expect(c.state.notice?.text).toBe('system actors shown');
    expect((await t.press('j')).frames).toBe(1);
    expect(c.state.notice).toBeUndefined();
    // a search: each character one frame, Enter one, Esc (the notice and the search cleared) one
    for (const k of ['/', 'g', 'e', 'n', '\r', '\x1b']) expect((await t.press(k)).frames, JSON.stringify(k)).toBe(1);
  }, 60_000);

  it('a quick details fetch adds one frame, and no loading marker it would take back', async () => {
    const c = await bigTree();
    const t = await onTerminal(c);
    // onto an actor not fetched yet: the move, then its details
    c.dispatch({ type: 'select', key: selectRows(c.state).find((r) => r.kind === 'actor' && !r.fetched)!.key });
    await t.quiet();
    let marked = false;
    const off = c.store.subscribe(() => (marked ||= c.state.loading.size > 0));
    const { frames } = await t.press('j');
    off();
    expect(frames).toBe(2);
    expect(selectRows(c.state)[c.state.cursor].fetched).toBe(true);
    expect(marked, 'the row was marked as loading').toBe(false);
  }, 60_000);

  it('writes nothing while nothing changes: refreshes and clock ticks that change nothing on screen', async () => {
    const world = worldOf('healthy');
    const admin = new WorldAdmin(world);
    const c = new Controller({ admin, url: 'http://mesh.test:1729', timers: true, refreshMs: 100, detailDelayMs: 0, clock: () => T0, size: { columns: 120, rows: 30 }, diagnose: async () => {}, pyspyLines: () => [] });
    void c.start();
    const t = await onTerminal(c, { columns: 120, rows: 30 });
    await sleep(300);
    await t.quiet();
    const bytes = t.term.bytes;
    const calls = admin.calls.length;
    await sleep(1500);
    expect(admin.calls.length - calls, 'refreshes ran meanwhile').toBeGreaterThan(20);
    expect(t.term.bytes - bytes).toBe(0);
  }, 30_000);
});

describe('the painter', () => {
  function grid(rows: string[]): Grid {
    const g = new Grid(40, rows.length);
    rows.forEach((r, y) => g.line(0, y, [{ text: r, tone: y % 2 ? 'proc' : 'host' }], g.width));
    return g;
  }

  it('leaves the terminal showing each frame, wide characters and long blanks included', () => {
    const term = new Term(40, 6);
    const p = new Painter(term);
    const frames = [
      grid(['alpha beta gamma', 'x'.repeat(40), '日本語 wide text', '', 'end']),
      grid(['alpha BETA gamma', 'x'.repeat(10) + ' '.repeat(20) + 'y'.repeat(10), '日本 wide text', 'new line here', 'end']),
      grid(['', 'x', '語語語語', 'new line here', 'fin']),
    ];
    for (const g of frames) {
      p.paint(g);
      expect(term.vt.lines().slice(0, g.height)).toEqual(Array.from({ length: g.height }, (_, y) => g.rowText(y)));
    }
    // an unchanged frame writes nothing
    const b = term.bytes;
    p.paint(frames[2]);
    expect(term.bytes).toBe(b);
  });

  it('writes no colour at chalk level 0 (NO_COLOR, --no-color), and no control character from the text', () => {
    chalk.level = 0;
    try {
      const term = new Term(60, 3);
      let out = '';
      const p = new Painter({ write: (d: string) => (out += d), columns: 60, rows: 3 });
      const g = new Grid(60, 2);
      g.line(0, 0, [{ text: 'evil\x1b]52;c;AAAA\x07name', tone: 'bad' }, { text: ' \x9b31m\x07', tone: 'selected' }], 60);
      p.paint(g);
      term.vt.feed(out);
      expect(out).not.toMatch(/\x1b\[[0-9;]*m/);
      expect(out).not.toContain('\x1b]');
      expect(out).not.toContain('\x07');
      expect(out).not.toContain('\x9b');
      expect(term.vt.lines()[0]).toContain('evil');
    } finally {
      chalk.level = 2;
    }
  });
});

describe('the reducer’s work, per store', () => {
  it('a search, each character, and the Esc that cancels it rebuild no tree', async () => {
    const c = await bigTree();
    let s = c.state;
    const builds = rowStats(s).builds;
    s = apply(s, { type: 'promptOpen', kind: 'search' });
    for (const ch of 'generator') s = reduce(s, { type: 'promptInput', text: ch });
    expect(s.search?.matches.size).toBeGreaterThan(100);
    s = reduce(s, { type: 'promptBackspace' });
    s = reduce(s, { type: 'promptCancel' });
    expect(selectRows(s)).toBe(selectRows(c.state));
    expect(rowStats(s).builds).toBe(builds);
    c.stop();
  }, 60_000);

  it('two browsers keep their own rows: one building its tree never makes the other rebuild', () => {
    const w = worldOf('failing');
    let a = stateWith(w, topRefs(w));
    let b = stateWith(w, topRefs(w), { showSystem: true });
    selectRows(a);
    const built = rowStats(a).builds;
    for (let i = 0; i < 5; i++) {
      b = reduce(b, { type: 'toggleSystem' });
      selectRows(b);
      a = reduce(a, { type: 'move', delta: 1 });
      selectRows(a);
    }
    expect(rowStats(a).builds).toBe(built);
    expect(rowStats(b).builds).toBeGreaterThan(0);
  });

  it('rows patched after refreshes (shown, and every loaded one) are the rows a rebuild gives', () => {
    const w0 = worldOf('failing', T0);
    let s = stateWith(w0, topRefs(w0));
    selectLoadedRows(s);
    for (const dt of [2000, 4000, 150_000]) {
      const w = worldOf('failing', T0 + dt);
      s = reduce(s, { type: 'refreshStart' });
      s = reduce(s, { type: 'fetchedMany', results: topRefs(w).map((ref) => ({ ref, payload: w.resolve(ref, T0 + dt)! })), at: T0 + dt });
      const input = { cache: s.cache, expanded: s.expanded, showSystem: s.showSystem, showStopped: s.showStopped };
      expect(selectRows(s)).toEqual(buildRows(input));
      expect(selectLoadedRows(s)).toEqual(buildRows({ ...input, expandAllLoaded: true }));
    }
  });
});

describe('the job monitor: the browser’s keymap, reducer and store', () => {
  const agent = (id: string) => ({ id, role: 'r', status: 'running', tokens: 1, assigned_node: 'n', recent_events: [] });
  const snap = (status = 'running') =>
    WorkflowProgress.parse({ job_id: 'job-1', workflow_id: 'wf', status, elapsed_seconds: 5, current_step_id: 's', current_step_ids: ['s'], steps: [{ id: 's', label: 'S', status: 'running', current: true, agents: [agent('a'), agent('b'), agent('c')] }] });

  function monitorState(): TuiState {
    return reduce({ ...initialState({ url: '' }), monitor: emptyMonitor('job-1') }, { type: 'monitor', action: { type: 'snapshot', snapshot: snap() } });
  }

  it('its keys are the keymap’s: moving, the detail, back, detaching, the interrupt', () => {
    const s = monitorState();
    const kinds = (input: string, key = {}) => keyIntents(s, input, key).map((i) => (i.kind === 'action' ? JSON.stringify(i.action) : i.kind));
    const move = (delta: number) => JSON.stringify({ type: 'monitor', action: { type: 'move', delta } });
    expect(kinds('j')).toEqual([move(1)]);
    expect(kinds('', { downArrow: true })).toEqual([move(1)]);
    expect(kinds('k')).toEqual([move(-1)]);
    expect(kinds('', { upArrow: true })).toEqual([move(-1)]);
    expect(kinds('', { return: true })).toEqual([JSON.stringify({ type: 'monitor', action: { type: 'detail', open: true } })]);
    expect(kinds('', { backspace: true })).toEqual([JSON.stringify({ type: 'monitor', action: { type: 'detail', open: false } })]);
    expect(kinds('q')).toEqual(['detach']);
    expect(kinds('', { escape: true })).toEqual(['detach']);
    expect(kinds('c', { ctrl: true })).toEqual(['quit']);
    // the key line is made from the same bindings
    const line = monitorKeys();
    expect(line).toBe('keys: ↑/↓ select agent, Enter details, Backspace overview, q or Ctrl+C detach');
    for (const b of bindingsOf('monitor')) expect(b.help).toBeTruthy();
    expect(renderForTest(<MonitorView jobId="job-1" snapshot={snap()} selected={0} detail={false} width={110} />).lastFrame()).toContain(line);
  });

  it('the reducer moves the selection within the agents and opens the detail', () => {
    let s = monitorState();
    s = apply(s, ...Array.from({ length: 5 }, () => ({ type: 'monitor' as const, action: { type: 'move' as const, delta: 1 } })));
    expect(s.monitor?.selected).toBe(2);
    s = reduce(s, { type: 'monitor', action: { type: 'detail', open: true } });
    expect(s.monitor?.detail).toBe(true);
    expect(reduce(s, { type: 'monitor', action: { type: 'detail', open: true } })).toBe(s);
  });

  it('its controller feeds the store and ends on q (detached) or Ctrl-C (an interrupt)', async () => {
    for (const [key, info, interrupt] of [
      ['q', {}, false],
      ['c', { ctrl: true }, true],
    ] as const) {
      let outcome: MonitorOutcome | undefined;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const c = new MonitorController({
        jobId: 'job-1',
        source: (async function* () {
          yield snap();
          await gate;
        })(),
        onDone: (o) => (outcome = o),
      });
      let exited = false;
      c.start(() => (exited = true));
      for (let i = 0; i < 200 && !c.store.getState().monitor?.snapshot; i++) await sleep(5);
      c.key('j', {});
      expect(c.store.getState().monitor?.selected).toBe(1);
      c.key(key, info);
      expect(outcome).toMatchObject({ kind: 'detached', interrupt });
      for (let i = 0; i < 200 && !exited; i++) await sleep(5);
      expect(exited).toBe(true);
      c.stop();
      release();
    }
  });
});
