/**
 * The browser's reducer is pure: it never changes the state it is given (every object, Map and Set
 * of it locked here), and what it returns depends on the state and the action only — not on what
 * another store did in between. What it remembers lives in each store's selectors.
 */
import { describe, expect, it } from 'vitest';
import { reduce, initialState, Selectors, type Action, type TuiState } from '../../src/tui/state.js';
import { rowKey } from '../../src/tui/tree.js';
import { T0, topRefs, worldOf } from './tui-helpers.js';

/** Make every object reachable from `x` read-only (a store's selectors aside: they only remember). */
function lock<T>(x: T, seen = new Set<unknown>()): T {
  if (x === null || typeof x !== 'object' || seen.has(x) || x instanceof Selectors) return x;
  seen.add(x);
  const refuse = (what: string) => () => {
    throw new TypeError(`the reducer changed a ${what} of the state it was given`);
  };
  if (x instanceof Map) {
    for (const m of ['set', 'delete', 'clear']) if (!Object.hasOwn(x, m)) Object.defineProperty(x, m, { value: refuse('Map') });
    for (const [k, v] of x) {
      lock(k, seen);
      lock(v, seen);
    }
  } else if (x instanceof Set) {
    for (const m of ['add', 'delete', 'clear']) if (!Object.hasOwn(x, m)) Object.defineProperty(x, m, { value: refuse('Set') });
    for (const v of x) lock(v, seen);
  } else {
    for (const v of Object.values(x)) lock(v, seen);
    Object.freeze(x);
  }
  return x;
}

const world = worldOf('large');
const host = world.hosts[1];
const proc = host.procs[0];

function start(): TuiState {
  let s = initialState({ url: 'http://mesh.test:1729', size: { columns: 120, rows: 40 }, now: T0 });
  for (const ref of topRefs(world)) s = reduce(s, { type: 'fetched', ref, payload: structuredClone(world.resolve(ref)!), at: T0 });
  return s;
}

const SCRIPT: Action[] = [
  { type: 'expanded', key: rowKey('root', 0) },
  { type: 'select', key: rowKey(host.ref, 1) },
  { type: 'toggleExpand' },
  { type: 'move', delta: 1 },
  { type: 'open' },
  { type: 'move', delta: 3 },
  { type: 'toggleSystem' },
  { type: 'toggleStopped' },
  { type: 'end' },
  { type: 'home' },
  { type: 'resize', size: { columns: 80, rows: 24 } },
  { type: 'promptOpen', kind: 'search' },
  { type: 'promptInput', text: 'tra' },
  { type: 'promptInput', text: 'train' },
  { type: 'promptSubmit' },
  { type: 'searchStep', dir: 1 },
  { type: 'searchStep', dir: -1 },
  { type: 'promptOpen', kind: 'search' },
  { type: 'promptInput', text: 'zzz' },
  { type: 'promptCancel' },
  { type: 'nextFailed' },
  { type: 'fetchStart', refs: [proc.ref] },
  { type: 'fetched', ref: proc.ref, payload: structuredClone(world.resolve(proc.ref)!), at: T0 + 2000 },
  { type: 'fetchFailed', ref: host.procs[1]?.ref ?? proc.ref, error: 'HTTP 504 Gateway Timeout', at: T0 + 2000 },
  { type: 'refreshStart' },
  { type: 'refreshDone', at: T0 + 2000 },
  { type: 'openOverlay', overlay: { kind: 'help', scroll: 0 } },
  { type: 'overlayScroll', delta: 5, max: 20 },
  { type: 'closeOverlay' },
  { type: 'notice', text: 'copied', tone: 'ok' },
  { type: 'clearNotice' },
  { type: 'close' },
  { type: 'collapseAll' },
  { type: 'setView', view: 'jobs' },
  { type: 'setView', view: 'mesh' },
];

/** The state without its selectors (what the state means). */
const meaning = (s: TuiState) => ({ ...s, select: undefined });

describe('the reducer', () => {
  it('never changes the state it is given', () => {
    let s = start();
    for (const a of SCRIPT) {
      lock(s);
      s = reduce(s, a);
    }
    expect(s.view).toBe('mesh');
    // the lock refuses what a reducer changing its input would do
    expect(() => lock(new Set([1])).add(2)).toThrow(TypeError);
    expect(() => lock(new Map([[1, 2]])).set(1, 3)).toThrow(TypeError);
    expect(() => ((lock({ cursor: 1 }) as { cursor: number }).cursor = 2)).toThrow(TypeError);
  });

  it('gives the same states for the same actions, whatever another store does meanwhile', () => {
    const alone: TuiState[] = [];
    let a = start();
    for (const act of SCRIPT) alone.push(meaning((a = reduce(a, act))));
    // the script moves, opens, searches and toggles: many different states
    expect(new Set(alone.map((s) => JSON.stringify([s.cursor, s.selectedKey, s.showSystem, s.showStopped, s.prompt?.text, s.overlay?.kind, s.search?.index, s.size]))).size).toBeGreaterThan(15);

    // the same script beside a second store running it backwards, one step each in turn
    let b = start();
    let other = start();
    const back = [...SCRIPT].reverse();
    SCRIPT.forEach((act, i) => {
      other = reduce(other, back[i]);
      b = reduce(b, act);
      expect(meaning(b), `after ${JSON.stringify(act).slice(0, 80)}`).toEqual(alone[i]);
    });
    expect(b.select).not.toBe(other.select);
  });
});
