/**
 * A browser on a screen of a given size, for the tests of what an operator sees: the controller
 * answered from a simulated world (no HTTP), the Ink app rendered by ink-testing-library at that
 * size, keys typed into it, and the frame read back without escapes.
 */
import React from 'react';
import { render } from 'ink-testing-library';
import { AdminScenario, type AdminScenarioInput } from '../../src/mock/admin/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { Controller, type ControllerOptions } from '../../src/tui/controller.js';
import { App } from '../../src/tui/app.js';
import { selectRows } from '../../src/tui/state.js';
import { drive, T0, WorldAdmin } from './tui-helpers.js';

export interface Size {
  columns: number;
  rows: number;
}

/** The four terminal sizes an operator tried. */
export const SIZES: Size[] = [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 30 },
  { columns: 160, rows: 45 },
  { columns: 220, rows: 60 },
];

export const KEY = { tab: '\t', enter: '\r', esc: '\x1b', up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', backspace: '\x7f' };

/** A world from an inline `admin:` scenario section. */
export function worldFrom(admin: AdminScenarioInput, seed = 7, now = T0): World {
  return new World(AdminScenario.parse(admin), { seed, clock: { now: () => now }, env: { USER: 'operator' } });
}

/** The world's admin API, with some payloads changed on the way out. */
export class PatchedAdmin extends WorldAdmin {
  constructor(
    world: World,
    private readonly patch: (ref: string, p: NodePayload) => NodePayload = (_r, p) => p,
  ) {
    super(world);
  }

  override async get(ref: string): Promise<NodePayload> {
    return this.patch(ref, await super.get(ref));
  }
}

export interface Screen {
  c: Controller;
  admin: WorldAdmin;
  world: World;
  size: Size;
  frame(): string;
  lines(): string[];
  until(pred: (f: string) => boolean, what: string, ms?: number): Promise<string>;
  press(...keys: string[]): Promise<void>;
  /** Wait until the controller has nothing in flight (fetches delivered, the tree settled). */
  idle(): Promise<void>;
  close(): void;
}

const screens: Screen[] = [];

/** Stop every screen opened so far (call in afterEach). */
export function closeScreens(): void {
  while (screens.length) screens.pop()!.close();
}

export async function openScreen(world: World, size: Size, extra: Partial<ControllerOptions> & { admin?: WorldAdmin } = {}): Promise<Screen> {
  const admin = extra.admin ?? new WorldAdmin(world);
  const c = new Controller({
    url: 'http://mesh.test:1729',
    timers: false,
    detailDelayMs: 0,
    clock: () => T0,
    diagnose: async () => {},
    pyspyLines: () => [],
    viewMessage: (v) => [`no ${v} yet`],
    ...extra,
    admin,
  });
  const ui = render(React.createElement(App, { controller: c, size }));
  const d = drive(ui, size.columns);
  const idle = async () => {
    // `f` looking through the mesh
    await (c as unknown as { finding?: Promise<void> }).finding;
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 5));
      const busy = (c as unknown as { inflight: Map<string, unknown> }).inflight.size > 0 || c.state.loading.size > 0;
      if (!busy) {
        await new Promise((r) => setTimeout(r, 20));
        if ((c as unknown as { inflight: Map<string, unknown> }).inflight.size === 0) return;
      }
    }
  };
  const s: Screen = {
    c,
    admin,
    world,
    size,
    frame: d.frame,
    lines: () => d.frame().split('\n'),
    until: d.until,
    press: async (...keys) => {
      await d.press(...keys);
      await idle();
    },
    idle,
    close() {
      c.stop();
      ui.unmount();
    },
  };
  screens.push(s);
  await c.start();
  await idle();
  return s;
}

/** Fetch a node's ancestors and the node, open the ancestors and select it (what a user does by hand). */
export async function revealNode(s: Screen, path: string[]): Promise<void> {
  for (const ref of path) await s.c.fetch(ref, true);
  await s.idle();
  for (const ref of path.slice(0, -1)) {
    const rows = selectRows(s.c.state);
    const row = rows.find((r) => r.ref === ref);
    if (!row) throw new Error(`no row ${ref}`);
    s.c.dispatch({ type: 'select', key: row.key });
    if (!row.expanded) s.c.dispatch({ type: 'toggleExpand' });
  }
  const last = path[path.length - 1];
  const row = selectRows(s.c.state).find((r) => r.ref === last);
  if (!row) throw new Error(`no row ${last}`);
  s.c.dispatch({ type: 'select', key: row.key });
  await s.idle();
}

/** The line of the frame that holds this text. */
export function lineWith(frame: string, text: string | RegExp): string {
  return frame.split('\n').find((l) => (typeof text === 'string' ? l.includes(text) : text.test(l))) ?? '';
}
