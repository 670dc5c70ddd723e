/**
 * The browser's state without Ink: the tree rules of the reference admin TUI (labels, natural order,
 * filters, failure propagation, laziness), selection and expansion across refreshes, keys,
 * search, next-failed, details per kind, overlays' text, and the controller's fetching.
 */
import { describe, expect, it } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { Controller } from '../../src/tui/controller.js';
import { entryDetails, nodeDetails, recorderLines } from '../../src/tui/details.js';
import { eventSummary, formatBytes, formatDurationUs, formatUptime } from '../../src/tui/format.js';
import { burstKeys, isBurst, keyIntents } from '../../src/tui/keys.js';
import { configLines, diagView, overlayView } from '../../src/tui/overlays.js';
import { layout, reduce, ROOT_KEY, rowKey, selectedProc, selectedRow, selectRows, type DiagCheck, type TuiState } from '../../src/tui/state.js';
import { lineText, wrapLine, type Line } from '../../src/tui/theme.js';
import { buildRows, naturalRefCmp, rowPrefix, sortedChildren } from '../../src/tui/tree.js';
import { apply, stateWith, T0, topRefs, worldOf, WorldAdmin } from './tui-helpers.js';

const text = (lines: Line[]) => lines.map(lineText);
const labels = (s: TuiState) => selectRows(s).map((r) => r.label);

function hostRow(s: TuiState, i: number) {
  return selectRows(s).filter((r) => r.kind === 'host')[i];
}

function select(s: TuiState, pred: (r: ReturnType<typeof selectRows>[number]) => boolean): TuiState {
  const i = selectRows(s).findIndex(pred);
  expect(i, 'row to select').toBeGreaterThanOrEqual(0);
  return reduce(s, { type: 'moveTo', index: i });
}

function expandSelected(s: TuiState): TuiState {
  return reduce(s, { type: 'toggleExpand' });
}

describe('tree: labels and order', () => {
  const world = worldOf('failing');

  it('labels the root, hosts and procs as the reference TUI does', () => {
    let s = stateWith(world, topRefs(world));
    expect(labels(s)).toEqual(['Mesh Root (3 hosts)', 'tcp:10.0.0.1:26600  (4 procs)', 'tcp:10.0.0.2:26600  (4 procs)', 'tcp:10.0.0.3:26600  (4 procs)']);
    s = expandSelected(select(s, (r) => r.label.startsWith('tcp:10.0.0.1:')));
    const procs = selectRows(s).filter((r) => r.kind === 'proc');
    expect(procs.map((r) => r.label.split('  ')[0])).toEqual(['local', 'philosophers', 'service', 'trainer']);
    expect(procs[0].label).toBe('local  (0 actors)');
    expect(procs[2].label).toMatch(/^service {2}\(\d+ actors: \d+ system\)$/);
    for (const r of procs.slice(1)) {
      const p = world.resolve(r.ref)!;
      if (!('Proc' in p.properties) || p.properties.Proc.proc_name === 'service') continue;
      const pr = p.properties.Proc;
      const sys = pr.system_children.length;
      const stp = pr.stopped_children.length;
      // the marker before the counts
      const counts = `(${pr.num_actors + stp} actors: ${sys} system, ${pr.num_actors - sys} user, ${stp} stopped)`;
      const want = pr.is_poisoned ? `${pr.proc_name}  [POISONED: ${pr.failed_actor_count} failed]  ${counts}` : `${pr.proc_name}  ${counts}`;
      expect(r.label).toBe(want);
    }
    expect(procs.some((r) => r.label.includes('[POISONED: '))).toBe(true);
  });

  it('draws rows with caret, indent, connector and fold', () => {
    let s = stateWith(world, topRefs(world));
    const rows = selectRows(s);
    expect(rowPrefix(rows[0], true)).toBe('▸ ▼ ');
    expect(rowPrefix(rows[1], false)).toBe('    ├─ ▶ ');
    expect(rowPrefix(rows[3], false)).toBe('    └─ ▶ ');
    s = expandSelected(select(s, (r) => r.kind === 'host'));
    const local = selectRows(s).find((r) => r.label.startsWith('local'))!;
    expect(rowPrefix(local, false)).toBe('      ├─   ');
  });

  it('sorts children naturally: a trailing [N] compares as a number', () => {
    expect(['w[10]', 'w[2]', 'w[1]', 'v'].sort(naturalRefCmp)).toEqual(['v', 'w[1]', 'w[2]', 'w[10]']);
    expect(naturalRefCmp('a,agent[9]', 'a,agent[10]')).toBeLessThan(0);
    expect(naturalRefCmp('b', 'a[3]')).toBeGreaterThan(0);
    const legacy = worldOf('legacy-refs');
    const proc = [...legacy.procs()].find((p) => p.role === 'user' && p.actors.length > 10);
    if (proc) {
      const sorted = sortedChildren(legacy.resolve(proc.ref)!);
      const idx = sorted.map((r) => /\[(\d+)\]$/.exec(r)?.[1]).filter(Boolean).map(Number);
      expect(idx.length).toBeGreaterThan(0);
    }
  });

  it('shows actors of a proc as placeholders (compact uid) until they are fetched', () => {
    let s = stateWith(world, topRefs(world));
    s = expandSelected(select(s, (r) => r.kind === 'host'));
    s = expandSelected(select(s, (r) => r.label.startsWith('trainer')));
    const actors = selectRows(s).filter((r) => r.depth === 3);
    expect(actors.length).toBeGreaterThan(0);
    for (const a of actors) {
      expect(a.fetched).toBe(false);
      expect(a.label).not.toContain('@');
      expect(a.hasChildren).toBe(true);
    }
  });
});

describe('tree: filters and failures', () => {
  const world = worldOf('failing');
  const healthy = worldOf('degraded');

  function expandedProc(w: typeof world, procName: string, host = 0): TuiState {
    let s = stateWith(w, topRefs(w));
    s = expandSelected(select(s, (r) => r.kind === 'host' && r.ref === w.hosts[host].ref));
    s = expandSelected(select(s, (r) => r.kind === 'proc' && r.label.startsWith(procName)));
    return s;
  }

  it('hides system actors by default and shows them with s', () => {
    let s = expandedProc(world, 'trainer');
    expect(labels(s)).not.toContain('proc_agent');
    expect(labels(s)).not.toContain('cast');
    s = reduce(s, { type: 'toggleSystem' });
    expect(labels(s)).toContain('proc_agent');
    expect(labels(s)).toContain('cast');
    expect(selectRows(s).find((r) => r.label === 'cast')!.system).toBe(true);
    s = reduce(s, { type: 'toggleSystem' });
    expect(labels(s)).not.toContain('cast');
  });

  it('hides stopped actors by default (failed ones stay) and shows them with h', () => {
    // A proc that is not poisoned: its stopped actors hide.
    const w = healthy;
    const proc = [...w.procs()].find((p) => {
      const pp = w.resolve(p.ref)!;
      return 'Proc' in pp.properties && !pp.properties.Proc.is_poisoned && pp.properties.Proc.stopped_children.length > 0;
    })!;
    let s = stateWith(w, topRefs(w));
    s = expandSelected(select(s, (r) => r.ref === proc.host.ref));
    s = expandSelected(select(s, (r) => r.ref === proc.ref));
    const stopped = (w.resolve(proc.ref)!.properties as { Proc: { stopped_children: string[] } }).Proc.stopped_children;
    const refs = () => selectRows(s).map((r) => r.ref);
    for (const r of stopped) expect(refs()).not.toContain(r);
    s = reduce(s, { type: 'toggleStopped' });
    for (const r of stopped) expect(refs()).toContain(r);
    expect(selectRows(s).find((r) => r.ref === stopped[0])!.stopped).toBe(true);
  });

  it('keeps the stopped children of a poisoned proc visible until they are fetched, failed only when their own data says so', () => {
    let s = expandedProc(world, 'philosophers');
    const proc = selectRows(s).find((r) => r.kind === 'proc' && r.label.startsWith('philosophers'))!;
    const p = world.resolve(proc.ref)!;
    expect('Proc' in p.properties && p.properties.Proc.is_poisoned).toBe(true);
    const stopped = (p.properties as { Proc: { stopped_children: string[] } }).Proc.stopped_children;
    for (const ref of stopped) {
      const row = selectRows(s).find((r) => r.ref === ref)!;
      expect(row, ref).toBeDefined();
      expect(row.failed).toBe(false);
    }
    for (const ref of stopped) s = reduce(s, { type: 'fetched', ref, payload: world.resolve(ref)!, at: T0 });
    for (const ref of stopped) {
      const failed = (world.resolve(ref)!.properties as { Actor: { actor_status: string } }).Actor.actor_status.startsWith('failed');
      const row = selectRows(s).find((r) => r.ref === ref);
      // merely stopped: hidden (stopped:off); failed: shown, red
      if (failed) expect(row?.failed, ref).toBe(true);
      else expect(row, ref).toBeUndefined();
    }
  });

  it('propagates a failure to every ancestor, expanded or not', () => {
    let s = stateWith(world, topRefs(world));
    // Collapsed host: the poisoned proc in the cache still turns the host and root red.
    const host0 = hostRow(s, 0);
    expect(host0.expanded).toBe(false);
    expect(host0.failed).toBe(true);
    expect(selectRows(s)[0].failed).toBe(true);
    s = expandSelected(select(s, (r) => r.ref === host0.ref));
    const poisoned = selectRows(s).find((r) => r.label.includes('POISONED'))!;
    expect(poisoned.failed && poisoned.selfFailed).toBe(true);
    expect(hostRow(s, 0).selfFailed).toBe(false);
  });

  it('shows a node that cannot be fetched with its error, and treats it as failed', () => {
    let s = stateWith(world, ['root', world.hosts[0].ref, world.hosts[1].ref]);
    s = reduce(s, { type: 'fetchFailed', ref: world.hosts[2].ref, error: 'timed out resolving reference (gateway_timeout, HTTP 504)', at: T0 });
    const row = hostRow(s, 2);
    expect(row.label).toBe('host tcp://10.0.0.3:26600');
    expect(row.error).toContain('HTTP 504');
    expect(row.failed).toBe(true);
  });

  it('caps the depth and refuses cycles', () => {
    const rows = buildRows({
      cache: new Map<string, { payload: NodePayload; gen: number }>([
        ['root', { gen: 0, payload: world.resolve('root')! }],
        [world.hosts[0].ref, { gen: 0, payload: { ...world.resolve(world.hosts[0].ref)!, children: ['root', world.hosts[0].ref] } }],
      ]),
      expanded: new Set([ROOT_KEY, rowKey(world.hosts[0].ref, 1), rowKey(world.hosts[0].ref, 2)]),
      showSystem: true,
      showStopped: true,
    });
    // The host lists itself and root as children: both are its ancestors, so neither is drawn again.
    expect(rows.filter((r) => r.ref === world.hosts[0].ref)).toHaveLength(1);
    expect(rows.filter((r) => r.ref === 'root')).toHaveLength(1);
  });
});

describe('selection, expansion and refresh', () => {
  const world = worldOf('failing');

  it('moves with j/k, pages by 10, stops at the ends, and keeps the cursor on screen', () => {
    let s = stateWith(world, topRefs(world), { size: { columns: 100, rows: 12 } });
    for (const h of world.hosts) s = expandSelected(select(s, (r) => r.ref === h.ref));
    const n = selectRows(s).length;
    s = reduce(s, { type: 'home' });
    expect(s.cursor).toBe(0);
    s = reduce(s, { type: 'move', delta: -1 });
    expect(s.cursor).toBe(0);
    s = reduce(s, { type: 'move', delta: 10 });
    expect(s.cursor).toBe(10);
    const vp = layout(s.size).treeViewport;
    expect(s.scroll).toBeLessThanOrEqual(s.cursor);
    expect(s.cursor).toBeLessThan(s.scroll + vp);
    s = reduce(s, { type: 'end' });
    expect(s.cursor).toBe(n - 1);
    expect(s.cursor).toBeLessThan(s.scroll + vp);
    s = reduce(s, { type: 'scrollToTop' });
    expect(s.scroll).toBe(s.cursor);
    s = reduce(s, { type: 'resize', size: { columns: 100, rows: 30 } });
    expect(s.cursor).toBe(n - 1);
    expect(s.cursor).toBeLessThan(s.scroll + layout(s.size).treeViewport);
  });

  it('Tab expands onto the first child and collapses back; c collapses all', () => {
    let s = stateWith(world, topRefs(world));
    s = select(s, (r) => r.kind === 'host');
    const host = selectedRow(s)!;
    s = expandSelected(s);
    expect(selectedRow(s)!.parent).toBe(selectRows(s).findIndex((r) => r.key === host.key));
    s = select(s, (r) => r.key === host.key);
    s = expandSelected(s);
    expect(selectRows(s).some((r) => r.kind === 'proc')).toBe(false);
    s = expandSelected(s);
    s = expandSelected(select(s, (r) => r.label.startsWith('trainer')));
    const deep = selectedRow(s)!;
    expect(deep.depth).toBe(3);
    s = reduce(s, { type: 'collapseAll' });
    // The selected actor is gone: the nearest surviving ancestor (the host) is selected.
    expect(selectedRow(s)!.ref).toBe(host.ref);
    expect(selectRows(s).length).toBe(4);
  });

  it('keeps the selection and expansion when a refresh brings new payloads', () => {
    let s = stateWith(world, topRefs(world));
    s = expandSelected(select(s, (r) => r.kind === 'host'));
    s = select(s, (r) => r.label.startsWith('trainer'));
    const key = s.selectedKey;
    s = reduce(s, { type: 'refreshStart' });
    for (const ref of topRefs(world)) s = reduce(s, { type: 'fetched', ref, payload: world.resolve(ref, T0 + 2000)!, at: T0 + 2000 });
    s = reduce(s, { type: 'refreshDone', at: T0 + 2000 });
    expect(s.selectedKey).toBe(key);
    expect(selectedRow(s)!.label).toMatch(/^trainer/);
    expect(s.expanded.has(rowKey(world.hosts[0].ref, 1))).toBe(true);
    expect(s.gen).toBe(1);
  });

  it('keeps an error line for a failed connection and clears it when the mesh answers', () => {
    let s = stateWith(world, []);
    s = apply(s, { type: 'refreshStart' }, { type: 'refreshDone', at: T0, error: 'Failed to connect: connection refused' });
    expect(s.error).toBe('Failed to connect: connection refused');
    s = apply(s, { type: 'refreshStart' }, { type: 'fetched', ref: 'root', payload: world.resolve('root')!, at: T0 }, { type: 'refreshDone', at: T0 });
    expect(s.error).toBeUndefined();
  });

  it('finds the proc of the selection for py-spy and config', () => {
    let s = stateWith(world, topRefs(world));
    expect(selectedProc(s)).toBeUndefined();
    s = expandSelected(select(s, (r) => r.kind === 'host'));
    s = select(s, (r) => r.label.startsWith('trainer'));
    const proc = selectedRow(s)!.ref;
    expect(selectedProc(s)).toBe(proc);
    s = expandSelected(s);
    expect(selectedRow(s)!.kind).toBe('actor');
    expect(selectedProc(s)).toBe(proc);
  });
});

describe('search and next failed', () => {
  const world = worldOf('failing');

  function loaded(): TuiState {
    const s = stateWith(world, topRefs(world));
    // procs of every host are loaded; the hosts stay collapsed
    return s;
  }

  it('searches loaded nodes as you type, reveals the match, and n/N step through matches', () => {
    let s = loaded();
    s = apply(s, { type: 'promptOpen', kind: 'search' }, { type: 'promptInput', text: 'train' });
    const row = selectedRow(s)!;
    expect(row.label).toMatch(/^trainer/);
    expect(s.expanded.has(rowKey(world.hosts[0].ref, 1))).toBe(true);
    expect(s.search!.matches.size).toBeGreaterThanOrEqual(2);
    expect(s.notice!.text).toMatch(/match 1 of \d+/);
    s = reduce(s, { type: 'promptSubmit' });
    expect(s.prompt).toBeUndefined();
    const first = s.selectedKey;
    s = reduce(s, { type: 'searchStep', dir: 1 });
    expect(s.selectedKey).not.toBe(first);
    expect(selectedRow(s)!.label).toMatch(/^trainer/);
    s = reduce(s, { type: 'searchStep', dir: -1 });
    expect(s.selectedKey).toBe(first);
  });

  it('Esc during a search goes back to where it started', () => {
    let s = loaded();
    const before = s.selectedKey;
    s = apply(s, { type: 'promptOpen', kind: 'search' }, { type: 'promptInput', text: 'replica' });
    expect(s.selectedKey).not.toBe(before);
    s = reduce(s, { type: 'promptCancel' });
    expect(s.selectedKey).toBe(before);
    expect(s.expanded.size).toBe(1);
    expect(s.search).toBeUndefined();
  });

  it('is smart-case and says when nothing matches', () => {
    let s = loaded();
    s = apply(s, { type: 'promptOpen', kind: 'search' }, { type: 'promptInput', text: 'TRAINER' });
    expect(s.search!.matches.size).toBe(0);
    expect(s.notice!.text).toContain('no match');
    for (let i = 0; i < 7; i++) s = reduce(s, { type: 'promptBackspace' });
    expect(s.prompt!.text).toBe('');
    s = reduce(s, { type: 'promptInput', text: 'Trainer' });
    expect(s.search!.matches.size).toBe(0);
    s = apply(s, { type: 'promptBackspace' }, { type: 'promptBackspace' }, { type: 'promptBackspace' }, { type: 'promptBackspace' }, { type: 'promptBackspace' }, { type: 'promptBackspace' }, { type: 'promptBackspace' }, { type: 'promptInput', text: 'trainer' });
    expect(s.search!.matches.size).toBeGreaterThan(0);
    // A reference is found whole.
    const ref = world.hosts[1].procs[2].ref;
    s = apply(s, { type: 'promptCancel' }, { type: 'promptOpen', kind: 'search' }, { type: 'promptInput', text: ref });
    expect(selectedRow(s)!.ref).toBe(ref);
  });

  it('f jumps to the next failure among what is loaded, expanding what hides it, and wraps around', () => {
    let s = loaded();
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      s = reduce(s, { type: 'nextFailed' });
      const row = selectedRow(s)!;
      // the failed actors are not loaded: the poisoned procs stand for them
      expect(row.selfFailed).toBe(true);
      seen.push(row.key);
    }
    expect(new Set(seen).size).toBeGreaterThan(1);
    expect(s.notice!.text).toMatch(/^(failed|poisoned|unreachable)/);
  });
});

describe('keys', () => {
  const world = worldOf('healthy');
  const s = stateWith(world, topRefs(world));
  const one = (input: string, key = {}) => keyIntents(s, input, key);

  it('maps the reference TUI keys', () => {
    expect(one('j')).toEqual([{ kind: 'action', action: { type: 'move', delta: 1 } }]);
    expect(one('', { downArrow: true })).toEqual([{ kind: 'action', action: { type: 'move', delta: 1 } }]);
    expect(one('k')).toEqual([{ kind: 'action', action: { type: 'move', delta: -1 } }]);
    expect(one('g')).toEqual([{ kind: 'action', action: { type: 'home' } }]);
    expect(one('G')).toEqual([{ kind: 'action', action: { type: 'end' } }]);
    expect(one('', { pageDown: true })).toEqual([{ kind: 'action', action: { type: 'move', delta: 10 } }]);
    expect(one('d', { ctrl: true })).toEqual([{ kind: 'action', action: { type: 'move', delta: 10 } }]);
    expect(one('v', { ctrl: true })).toEqual([{ kind: 'action', action: { type: 'move', delta: 10 } }]);
    expect(one('u', { ctrl: true })).toEqual([{ kind: 'action', action: { type: 'move', delta: -10 } }]);
    expect(one('v', { meta: true })).toEqual([{ kind: 'action', action: { type: 'move', delta: -10 } }]);
    expect(one('l', { ctrl: true })).toEqual([{ kind: 'action', action: { type: 'scrollToTop' } }]);
    expect(one('', { tab: true })).toEqual([{ kind: 'toggle' }]);
    expect(one('', { rightArrow: true })).toEqual([{ kind: 'open' }]);
    expect(one('', { leftArrow: true })).toEqual([{ kind: 'close' }]);
    expect(one('c')).toEqual([{ kind: 'action', action: { type: 'collapseAll' } }]);
    expect(one('s')).toEqual([{ kind: 'action', action: { type: 'toggleSystem' } }]);
    expect(one('h')).toEqual([{ kind: 'action', action: { type: 'toggleStopped' } }]);
    expect(one('d')).toEqual([{ kind: 'diag' }]);
    expect(one('p')).toEqual([{ kind: 'pyspy' }]);
    expect(one('C')).toEqual([{ kind: 'config' }]);
    expect(one('?')).toEqual([{ kind: 'help' }]);
    expect(one('q')).toEqual([{ kind: 'quit' }]);
    expect(one('c', { ctrl: true })).toEqual([{ kind: 'quit' }]);
    expect(one('/')).toEqual([{ kind: 'action', action: { type: 'promptOpen', kind: 'search' } }]);
    expect(one(':')).toEqual([{ kind: 'action', action: { type: 'promptOpen', kind: 'command' } }]);
    expect(one('f')).toEqual([{ kind: 'nextFailed' }]);
    expect(one('y')).toEqual([{ kind: 'copy' }]);
  });

  it('gives overlays their own keys: Esc and q go back, j/k scroll, r/d rerun, Ctrl-C quits', () => {
    const o = reduce(s, { type: 'openOverlay', overlay: { kind: 'diag', scroll: 0, runId: 1, running: false, checks: [] } });
    expect(keyIntents(o, '', { escape: true })).toEqual([{ kind: 'action', action: { type: 'closeOverlay' } }]);
    expect(keyIntents(o, 'j', {})).toEqual([{ kind: 'action', action: { type: 'overlayScroll', delta: 1, max: 0 } }]);
    expect(keyIntents(o, 'k', {})).toEqual([{ kind: 'action', action: { type: 'overlayScroll', delta: -1, max: 0 } }]);
    expect(keyIntents(o, 'r', {})).toEqual([{ kind: 'diag' }]);
    expect(keyIntents(o, 'd', {})).toEqual([{ kind: 'diag' }]);
    expect(keyIntents(o, 'q', {})).toEqual([{ kind: 'action', action: { type: 'closeOverlay' } }]);
    expect(keyIntents(o, 'c', { ctrl: true })).toEqual([{ kind: 'quit' }]);
    // Tree keys do nothing while an overlay is open.
    expect(keyIntents(o, 's', {})).toEqual([]);
    const p = reduce(s, { type: 'openOverlay', overlay: { kind: 'pyspy', scroll: 0, runId: 2, running: false, target: 'x', short: 'x', lines: [] } });
    expect(keyIntents(p, 'p', {})).toEqual([{ kind: 'pyspy' }]);
    expect(keyIntents(p, 'C', {})).toEqual([]);
  });

  it('types into prompts and splits fast typing into single keys', () => {
    const p = reduce(s, { type: 'promptOpen', kind: 'command' });
    expect(keyIntents(p, 'jobs', {})).toEqual([{ kind: 'action', action: { type: 'promptInput', text: 'jobs' } }]);
    expect(keyIntents({ ...p, prompt: { kind: 'command', text: 'jobs' } }, '', { return: true })).toEqual([{ kind: 'command', text: 'jobs' }]);
    expect(keyIntents(p, '', { escape: true })).toEqual([{ kind: 'action', action: { type: 'promptCancel' } }]);
    expect(isBurst('jj', {})).toBe(true);
    expect(isBurst('j', {})).toBe(false);
    expect(isBurst('\x1b[A', {})).toBe(false);
    expect(burstKeys('j\tk\r\x7f\x03')).toEqual([
      ['j', {}],
      ['', { tab: true }],
      ['k', {}],
      ['', { return: true }],
      ['', { backspace: true }],
      ['c', { ctrl: true }],
    ]);
  });
});

describe('details per kind', () => {
  const degraded = worldOf('degraded');
  const failing = worldOf('failing');

  it('root: hosts, started by, uptime, started at, data as of, the hosts', () => {
    const d = nodeDetails(failing.resolve('root')!, T0);
    const t = text(d.lines);
    expect(t[0]).toMatch(/^Hosts: +3$/);
    expect(t[1]).toMatch(/^Started by: +operator$/);
    expect(t[2]).toMatch(/^Uptime: +1h$/);
    expect(t.some((l) => l.startsWith('Started at:'))).toBe(true);
    expect(t.some((l) => /^Data as of: +just now$/.test(l))).toBe(true);
    // the hosts as the tree names them (by their address until they are fetched)
    expect(t.filter((l) => /^ {2}host tcp:\/\/10\.0\.0\.\d:26600$/.test(l))).toHaveLength(3);
  });

  it('host: address, procs, memory', () => {
    const t = text(nodeDetails(failing.resolve(failing.hosts[0].ref)!, T0).lines);
    expect(t[0]).toMatch(/^Address: +tcp:10\.0\.0\.1:26600$/);
    expect(t[1]).toMatch(/^Procs: +4$/);
    expect(t[2]).toMatch(/^RSS: +[\d.]+ (GiB|MiB)$/);
    expect(t[3]).toMatch(/^VM size: +[\d.]+ (GiB|MiB)$/);
  });

  it('proc: actors, memory, queue depth, poisoned, its children', () => {
    const proc = [...failing.procs()].find((p) => {
      const pp = failing.resolve(p.ref)!;
      return 'Proc' in pp.properties && pp.properties.Proc.is_poisoned;
    })!;
    const t = text(nodeDetails(failing.resolve(proc.ref)!, T0).lines);
    expect(t.some((l) => /^Queue depth: +\d+\/\d+ \(total\/max\)$/.test(l))).toBe(true);
    expect(t.some((l) => /^Peak depth: +\d+$/.test(l))).toBe(true);
    expect(t.some((l) => /^Last busy: /.test(l))).toBe(true);
    expect(t.some((l) => /^Poisoned: +yes$/.test(l))).toBe(true);
    expect(t.some((l) => /^Failed actors: +[1-9]/.test(l))).toBe(true);
  });

  it('actor: status, type, messages, processing time, created, last handler, failure with root cause', () => {
    const sup = failing.select({ host: 0, proc: 0, actor: 0 });
    const d = nodeDetails(failing.resolve(sup.ref)!, T0);
    const t = text(d.lines);
    // what failed and why first: the status says failed, the error says why
    expect(t[0]).toMatch(/^Status: +failed$/);
    expect(t[1]).toMatch(/^Error: +.*NCCL error/);
    expect(t.some((l) => /^Type: +monarch_hyperactor::actor::PythonActor$/.test(l))).toBe(true);
    expect(t.some((l) => /^Messages: +[\d,]+$/.test(l))).toBe(true);
    expect(t.some((l) => /^Processing time: +\d/.test(l))).toBe(true);
    expect(t.some((l) => /^Created: +20\d\d-/.test(l))).toBe(true);
    expect(t.some((l) => /^Last handler: /.test(l))).toBe(true);
    expect(t.some((l) => /^Error: +.*NCCL error/.test(l))).toBe(true);
    const child = failing.select({ host: 0, proc: 0, actor: 0, child: 0 });
    expect(t.some((l) => l.startsWith('Root cause:') && l.includes(`${child.uid} (${child.ref})`))).toBe(true);
    expect(t.some((l) => /^Propagated: +yes$/.test(l))).toBe(true);
    expect(d.recorder!.length).toBeGreaterThan(0);
    // Newest last: the failure is the last event.
    expect(lineText(d.recorder![d.recorder!.length - 1])).toMatch(/^E \d\d:\d\d:\d\d /);
  });

  it('actor: inbound ordering when stalled, execution when active', () => {
    const stalled = degraded.select({ host: 1, proc: 2, actor: 1 });
    const t = text(nodeDetails(degraded.resolve(stalled.ref)!, T0).lines);
    expect(t.some((l) => l.startsWith('Inbound ordering') && l.includes('stalled'))).toBe(true);
    expect(t.some((l) => /^ {2}session +released +expected +buffered/.test(l))).toBe(true);
    expect(t.some((l) => l.startsWith('Execution') && l.includes('1 active'))).toBe(true);
    const idle = [...degraded.actors()].find((a) => a.role === 'user' && !a.stalledSince && degraded.status(a, T0) === 'idle')!;
    const ti = text(nodeDetails(degraded.resolve(idle.ref)!, T0).lines);
    expect(ti.some((l) => l.startsWith('Inbound ordering'))).toBe(false);
    expect(ti.some((l) => l.startsWith('Execution'))).toBe(false);
  });

  it('flight recorder: level initial, local time, summary; "No events" when empty (and no count)', () => {
    expect(recorderLines({ flight_recorder: null } as never).map(lineText)).toEqual(['No events']);
    const ev = (name: string, fields: Record<string, unknown>) => ({ timestamp: '2026-06-01T12:00:00.000Z', seq: 1, level: 'INFO', target: 't', name, fields });
    expect(eventSummary(ev('x', { message: 'hello' }))).toBe('hello');
    expect(eventSummary(ev('x', { msg: 'm' }))).toBe('m');
    expect(eventSummary(ev('x', { handler: 'eat' }))).toBe('handler: eat');
    expect(eventSummary(ev('x', { a: 1, b: 'two', c: 3, e: 5 }))).toBe('a=1 b=two c=3');
    expect(eventSummary(ev('named', {}))).toBe('named');
    expect(eventSummary(ev('x', { message: 'evil\x1b[2Jtext' }))).toBe('eviltext');
    const lines = recorderLines({ flight_recorder: JSON.stringify([ev('a', { message: 'first' }), { ...ev('b', { message: 'second' }), level: 'ERROR' }]) } as never).map(lineText);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^I \d\d:\d\d:\d\d first$/);
    expect(lines[1]).toMatch(/^E \d\d:\d\d:\d\d second$/);
  });

  it('says when it is loading or when the fetch failed', () => {
    expect(text(entryDetails('a.b@tcp://h:1', undefined, T0).lines)[0]).toBe('Loading…');
    expect(text(entryDetails('a.b@tcp://h:1', { gen: 0, error: 'boom (not_found, HTTP 404)' }, T0).lines)[0]).toBe('Fetch failed: boom (not_found, HTTP 404)');
  });
});

describe('overlays', () => {
  const check = (label: string, phase: string, outcome: DiagCheck['outcome'], note: string | null = null): DiagCheck => ({ label, reference: label, note, phase, outcome });

  it('diagnostics: title, pinned summary, sections and rows as the reference TUI', () => {
    const checks = [check('root', 'AdminInfra', { Pass: { elapsed_ms: 3 } }, 'AdminServer'), check('  host_agent', 'Mesh', { Slow: { elapsed_ms: 612 } }), check('  w', 'Mesh', { Fail: { elapsed_ms: 5001, error: 'timed out after 5000ms' } }, 'UserActor')];
    const running = diagView({ kind: 'diag', scroll: 0, runId: 1, running: true, checks });
    expect(running.title).toBe('Diagnostics • Running…');
    expect(lineText(running.pinned!)).toBe('Running… • live updates');
    const done = diagView({ kind: 'diag', scroll: 0, runId: 1, running: false, checks, completedAt: T0 });
    expect(done.title).toMatch(/^Diagnostics • Completed at \d\d:\d\d:\d\d • static snapshot$/);
    expect(lineText(done.pinned!)).toBe('2/3 checks passed. Admin: 1/1. Mesh: 1/2.');
    const body = text(done.lines);
    expect(body[0]).toBe(`── Admin Infra ${'─'.repeat(34)}`);
    expect(body[1]).toBe(' ✓ root 3ms  — admin HTTP server — lists connected hosts');
    expect(body[2]).toBe('');
    expect(body[3]).toBe(`── Mesh ${'─'.repeat(41)}`);
    expect(body[4]).toBe(' ⚠   host_agent 612ms');
    expect(body[5]).toBe(' ✗   w 5001ms — timed out after 5000ms  — user actor — reachable through full stack');
    const healthy = diagView({ kind: 'diag', scroll: 0, runId: 1, running: false, checks: checks.slice(0, 2), completedAt: T0 });
    expect(lineText(healthy.pinned!)).toBe('All 2 checks passed. Admin: healthy Mesh: healthy.');
  });

  it('config: grouped by module, changed values marked', () => {
    const lines = text(
      configLines({
        entries: [
          { name: 'a::b::x', value: '1', default_value: '1', source: 'Default', changed_from_default: false },
          { name: 'a::b::y', value: '2', default_value: '1', source: 'Env', changed_from_default: true, env_var: 'Y' },
          { name: 'c::z', value: '3', source: 'File', changed_from_default: false },
        ],
      }),
    );
    expect(lines[0]).toBe('  a::b');
    expect(lines[1]).toMatch(/^ {4}x +1 +Default$/);
    expect(lines[2]).toMatch(/^ {4}y +2 +Env {2}\(default 1\) {2}\$Y$/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('  c');
    expect(text(configLines({ entries: [] }))).toEqual(['(no config entries)']);
  });

  it('help lists the keys and a glossary per kind', () => {
    const v = overlayView({ kind: 'help', scroll: 0 });
    const t = text(v.lines).join('\n');
    for (const k of ['j, ↓', 'Tab', '→, Enter', '←', 's', 'h', 'd', 'p', 'C', 'f', 'y', '/', 'n', 'N', ':', 'q, Ctrl-C', 'Esc, q']) expect(t).toContain(`  ${k} `);
    for (const kind of ['Root', 'Host', 'Proc', 'Actor']) expect(t).toContain(`\n${kind}\n`);
  });
});

describe('formatting', () => {
  it('prints durations, uptimes and sizes like the reference TUI', () => {
    expect(formatDurationUs(0)).toBe('0s');
    expect(formatDurationUs(1_234_567)).toBe('1s 234ms 567us');
    expect(formatDurationUs(5_400_000_000)).toBe('1h 30m');
    expect(formatDurationUs(90_061_000_000)).toBe('1day 1h 1m 1s');
    expect(formatUptime(new Date(T0 - 3_614_000).toISOString(), T0)).toBe('1h');
    expect(formatUptime(new Date(T0 - 3_616_000).toISOString(), T0)).toBe('1h 30s');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(null)).toBe('-');
  });

  it('wraps long lines keeping their tones', () => {
    const rows = wrapLine([{ text: 'ab cdef', tone: 'bad' }, { text: ' gh' }], 6);
    expect(rows.map(lineText)).toEqual(['ab', '  cdef', '  gh']);
    expect(rows[1][1]).toEqual({ text: 'cdef', tone: 'bad' });
  });
});

describe('controller', () => {
  function make(scenario = 'failing', extra: Partial<ConstructorParameters<typeof Controller>[0]> = {}) {
    const world = worldOf(scenario);
    const admin = new WorldAdmin(world);
    const copied: string[] = [];
    const c = new Controller({
      admin,
      url: 'http://mesh.test:1729',
      timers: false,
      detailDelayMs: 0,
      clock: () => T0,
      diagnose: async (onCheck) => {
        onCheck({ label: 'root', reference: 'root', note: 'AdminServer', phase: 'AdminInfra', outcome: { Pass: { elapsed_ms: 1 } } });
      },
      pyspyLines: (r) => [[{ text: 'Ok' in r ? `pid ${r.Ok.pid}` : 'no' }]],
      copy: (t) => copied.push(t),
      viewMessage: (v) => [`no ${v} yet`],
      ...extra,
    });
    return { world, admin, c, copied };
  }

  const settle = () => new Promise((r) => setTimeout(r, 10));

  it('fetches root and every host first; a host’s procs only when it is expanded', async () => {
    const { world, admin, c } = make();
    await c.start();
    expect(admin.calls.slice(0, 1)).toEqual(['root']);
    for (const h of world.hosts) expect(admin.calls).toContain(h.ref);
    expect(admin.calls.some((r) => world.node(r)?.kind === 'proc')).toBe(false);
    // the hung host is shown with its error
    expect(selectRows(c.state).find((r) => r.ref === world.hosts[2].ref)!.error).toContain('HTTP 504');
    c.key('j', {});
    c.key('', { tab: true });
    await settle();
    for (const p of world.hosts[0].procs) expect(admin.calls).toContain(p.ref);
    expect(selectedRow(c.state)!.kind).toBe('proc');
    c.stop();
  });

  it('fetches a selected node’s details, and keeps refreshing what is open', async () => {
    const { world, admin, c } = make();
    await c.start();
    c.key('j', {});
    c.key('', { tab: true });
    await settle();
    c.key('j', {});
    c.key('', { tab: true });
    await settle();
    const actor = selectedRow(c.state)!;
    expect(actor.kind).toBe('actor');
    expect(admin.calls).toContain(actor.ref);
    admin.calls.length = 0;
    await c.refresh();
    expect(admin.calls[0]).toBe('root');
    for (const p of world.hosts[0].procs) expect(admin.calls).toContain(p.ref);
    expect(admin.calls).toContain(actor.ref);
    expect(c.state.selectedKey).toBe(actor.key);
    c.stop();
  });

  it('pauses the refresh while an overlay is open; runs py-spy and config on the selected proc', async () => {
    const { c, admin, world } = make('healthy');
    await c.start();
    c.key('p', {});
    expect(c.state.notice!.text).toContain('needs a proc');
    expect(c.state.overlay).toBeUndefined();
    c.key('j', {});
    c.key('', { tab: true });
    await settle();
    c.key('j', {});
    const proc = selectedRow(c.state)!;
    expect(proc.kind).toBe('proc');
    c.key('p', {});
    await settle();
    expect(c.state.overlay!.kind).toBe('pyspy');
    expect(admin.calls).toContain(`pyspy:${proc.ref}`);
    expect(lineText((c.state.overlay as { lines: Line[] }).lines[0])).toBe('pid 4242');
    admin.calls.length = 0;
    await c.refresh();
    expect(admin.calls).toEqual([]);
    c.key('', { escape: true });
    expect(c.state.overlay).toBeUndefined();
    c.key('C', {});
    await settle();
    expect(c.state.overlay!.kind).toBe('config');
    expect(admin.calls).toContain(`config:${proc.ref}`);
    c.key('', { escape: true });
    c.key('d', {});
    await settle();
    const o = c.state.overlay as { kind: string; running: boolean; checks: DiagCheck[] };
    expect(o.kind).toBe('diag');
    expect(o.running).toBe(false);
    expect(o.checks).toHaveLength(1);
    void world;
    c.stop();
  });

  it('copies the selected reference, runs commands, and quits with q', async () => {
    const { c, copied } = make('healthy');
    await c.start();
    c.key('y', {});
    expect(copied).toEqual(['root']);
    expect(c.state.notice!.text).toBe('copied root');
    c.key(':', {});
    c.key('jo', {});
    c.key('', { tab: true });
    expect(c.state.prompt!.text).toBe('jobs');
    c.key('', { return: true });
    expect(c.state.view).toBe('jobs');
    expect(c.state.viewMessage).toEqual(['no jobs yet']);
    c.key('', { escape: true });
    expect(c.state.view).toBe('mesh');
    c.key(':bogus\r', {});
    expect(c.state.notice!.text).toContain('unknown command ":bogus"');
    c.key('q', {});
    await expect(c.exited).resolves.toBe(0);
  });

  it('reports a connection failure in the header', async () => {
    const { c } = make('healthy', {
      admin: {
        get: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:1');
        },
        config: async () => ({ entries: [] }),
        pyspy: async () => ({ BinaryNotFound: { searched: [] } }),
      },
    });
    await c.start();
    expect(c.state.error).toBe('Failed to connect: connect ECONNREFUSED 127.0.0.1:1');
    c.stop();
  });
});

describe('tree: patched rows equal rebuilt rows', () => {
  it('after refreshes (new payloads, same shape), details fetches, and failures appearing', async () => {
    const { buildRows: rebuild } = await import('../../src/tui/tree.js');
    const { rowStats } = await import('../../src/tui/state.js');
    let patches = 0;
    for (const scenario of ['failing', 'degraded', 'healthy']) {
      const w0 = worldOf(scenario, T0);
      let s = stateWith(w0, topRefs(w0));
      const before = rowStats(s).patches;
      for (const h of w0.hosts) s = expandSelected(select(s, (r) => r.ref === h.ref));
      const proc = [...w0.procs()].find((p) => p.role === 'user')!;
      s = expandSelected(select(s, (r) => r.ref === proc.ref));
      // several later refreshes, each node fetched again, one by one and all together
      for (const dt of [2000, 4000, 150_000]) {
        const w = worldOf(scenario, T0 + dt);
        const refs = [...topRefs(w), ...selectRows(s).filter((r) => r.depth === 3).slice(0, 5).map((r) => r.ref)];
        s = reduce(s, { type: 'refreshStart' });
        s = reduce(s, { type: 'fetchedMany', results: refs.slice(0, 3).map((ref) => ({ ref, payload: w.resolve(ref, T0 + dt)! })), at: T0 + dt });
        for (const ref of refs.slice(3)) {
          const payload = w.resolve(ref, T0 + dt);
          s = payload ? reduce(s, { type: 'fetched', ref, payload, at: T0 + dt }) : reduce(s, { type: 'fetchFailed', ref, error: 'gone', at: T0 + dt });
        }
        const fresh = rebuild({ cache: s.cache, expanded: s.expanded, showSystem: s.showSystem, showStopped: s.showStopped });
        expect(selectRows(s)).toEqual(fresh);
      }
      patches += rowStats(s).patches - before;
    }
    // Most refetches keep the shape: the rows were patched, not rebuilt.
    expect(patches).toBeGreaterThan(20);
  });
});

describe('cache bound', () => {
  it('forgets actors that are not shown once the cache is large, keeping hosts, procs and what is on screen', async () => {
    const { CACHE_SOFT_LIMIT } = await import('../../src/tui/state.js');
    const w = worldOf('large');
    let s = stateWith(w, topRefs(w));
    s = expandSelected(select(s, (r) => r.ref === w.hosts[0].ref));
    const proc = w.hosts[0].procs.find((p) => p.role === 'user')!;
    s = expandSelected(select(s, (r) => r.ref === proc.ref));
    const shownActor = selectRows(s).find((r) => r.depth === 3)!.ref;
    const actors = [...w.actors()].slice(0, CACHE_SOFT_LIMIT + 100).map((a) => a.ref);
    s = reduce(s, { type: 'fetchedMany', results: [...actors, shownActor].map((ref) => ({ ref, payload: w.resolve(ref)! })), at: T0 });
    expect(s.cache.size).toBeGreaterThan(CACHE_SOFT_LIMIT);
    const before = s.selectedKey;
    s = apply(s, { type: 'refreshStart' }, { type: 'refreshDone', at: T0 });
    expect(s.cache.size).toBeLessThan(CACHE_SOFT_LIMIT);
    for (const ref of topRefs(w)) expect(s.cache.has(ref)).toBe(true);
    expect(s.cache.has(shownActor)).toBe(true);
    expect(s.selectedKey).toBe(before);
  });
});
