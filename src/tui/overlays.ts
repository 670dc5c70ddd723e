/**
 * What the overlays show, as styled lines: the live diagnostics walk (the reference TUI's overlay,
 * title, pinned summary, Admin Infra and Mesh sections, ✓/⚠/✗ rows with notes), the config dump
 * of a proc (grouped by module, changed values highlighted), and the help (keys and a glossary per
 * kind of node). The py-spy overlay's lines come from the profiling renderer (see adapters.ts).
 */
import type { ConfigDumpResult } from '../backends/admin/models.js';
import { clean, formatClock } from './format.js';
import { diagRowLine, diagSummaryLine } from './adapters.js';
import type { Overlay } from './state.js';
import { seg, type Line, type Tone } from './theme.js';

export interface OverlayView {
  title: string;
  /** A line pinned under the title (not scrolled). */
  pinned?: Line;
  lines: Line[];
  footer: string;
}

export function diagView(o: Extract<Overlay, { kind: 'diag' }>): OverlayView {
  const title = o.running || o.completedAt === undefined ? 'Diagnostics • Running…' : `Diagnostics • Completed at ${formatClock(o.completedAt)} • static snapshot`;
  const summary = diagSummaryLine(o.running, o.checks);
  const failed = o.checks.some((c) => 'Fail' in c.outcome);
  const lines: Line[] = [[seg(`── Admin Infra ${'─'.repeat(34)}`, 'title')]];
  for (const c of o.checks) if (c.phase === 'AdminInfra') lines.push(diagRowLine(c));
  lines.push([]);
  lines.push([seg(`── Mesh ${'─'.repeat(41)}`, 'title')]);
  for (const c of o.checks) if (c.phase !== 'AdminInfra') lines.push(diagRowLine(c));
  if (o.error) lines.push([], [seg(`diagnostics stopped: ${clean(o.error)}`, 'bad')]);
  return {
    title,
    pinned: [seg(summary, o.running ? 'info' : failed ? 'bad' : 'ok')],
    lines,
    footer: o.running ? 'q: quit | Esc: cancel | j/k: scroll' : 'q: quit | Esc: back to topology | j/k: scroll | r: rerun',
  };
}

const SOURCE_TONE: Record<string, Tone> = {
  Default: 'stopped',
  Env: 'proc',
  Runtime: 'accent',
  TestOverride: 'bad',
  ClientOverride: 'system',
  File: 'actor',
};

/** A proc's configuration, grouped by module; changed values stand out, defaults are dimmed. */
export function configLines(result: ConfigDumpResult): Line[] {
  if (!result.entries.length) return [[seg('(no config entries)', 'dim')]];
  const lines: Line[] = [];
  let module: string | undefined;
  for (const e of result.entries) {
    const name = clean(e.name);
    const cut = name.lastIndexOf('::');
    const mod = cut >= 0 ? name.slice(0, cut) : name;
    const key = cut >= 0 ? name.slice(cut + 2) : name;
    if (mod !== module) {
      if (module !== undefined) lines.push([]);
      lines.push([seg(`  ${mod}`, 'title')]);
      module = mod;
    }
    const value = clean(e.value);
    const line: Line = [seg(`    ${key.padEnd(39)} `, 'label'), seg(`${value.padEnd(19)} `, e.changed_from_default ? 'info' : 'stopped'), seg(clean(e.source), SOURCE_TONE[e.source] ?? 'label')];
    if (e.changed_from_default && e.default_value !== null && e.default_value !== undefined) line.push(seg(`  (default ${clean(e.default_value)})`, 'dim'));
    if (e.env_var) line.push(seg(`  $${clean(e.env_var)}`, 'dim'));
    lines.push(line);
  }
  return lines;
}

export function jobView(o: Extract<Overlay, { kind: 'pyspy' | 'config' }>): OverlayView {
  const what = o.kind === 'pyspy' ? 'py-spy' : 'Config';
  const title = o.running ? `${what} • ${o.short} • Loading…` : `${what} • ${o.short} • ${o.completedAt !== undefined ? `at ${formatClock(o.completedAt)}` : ''}`;
  const key = o.kind === 'pyspy' ? 'p: refresh' : 'C: refresh';
  return {
    title,
    pinned: [seg(o.target, 'dim')],
    lines: o.running ? [[seg(o.kind === 'pyspy' ? 'Taking a py-spy dump…' : 'Fetching the configuration…', 'info')]] : o.lines,
    footer: `q: quit | Esc: back to topology | j/k: scroll | ${key}`,
  };
}

const HELP: Array<[string, string]> = [
  ['j / k, ↓ / ↑', 'move'],
  ['g / G, Home / End', 'first / last row'],
  ['PgDn / PgUp, Ctrl-D / Ctrl-U', 'move by 10 (also Ctrl-V / Alt-V)'],
  ['Tab, Enter, → / ←', 'expand / collapse (← on a collapsed node goes to its parent)'],
  ['c', 'collapse all'],
  ['s', 'show / hide system actors'],
  ['h', 'show / hide stopped actors (failed ones always show)'],
  ['Ctrl-L', 'scroll the selection to the top'],
  ['J / K', 'scroll the details (flight recorder) down / up'],
  ['/  n  N', 'search loaded nodes (smart case), next / previous match'],
  ['f', 'next failed node'],
  ['y', 'copy the selected reference (OSC 52)'],
  ['r', 'refresh now'],
  ['d', 'diagnostics (the health walk, live)'],
  ['p', 'py-spy dump of the selected proc (or the actor’s proc)'],
  ['C', 'configuration of the selected proc (or the actor’s proc)'],
  [':', 'command: :mesh :jobs :envelopes :agents :q'],
  ['?', 'this help'],
  ['Esc', 'close an overlay, cancel a prompt'],
  ['q, Ctrl-C', 'quit'],
];

const VIEW_HELP: Array<[string, string]> = [
  ['j / k, ↓ / ↑, PgDn / PgUp', 'move'],
  ['Enter', 'open the selected item live: a job’s steps, an envelope’s status and fly text, an agent’s traces'],
  ['r', 'refresh the list now'],
  ['Esc, :mesh', 'back to the mesh tree'],
];

const GLOSSARY: Array<[string, string[]]> = [
  ['Root', ['Hosts: hosts connected to the admin server', 'Started by / at, Uptime: who started the mesh and when', 'Data as of: age of this answer']],
  ['Host', ['Address: the host agent’s channel address', 'Procs: processes on this host', 'RSS / VM size: memory of the host process']],
  [
    'Proc',
    [
      'Actors: live actors, system actors, stopped actors kept for post-mortem',
      'Queue depth: work queued across actors (total/max); Peak depth: high-water mark',
      'Last busy: when the queue was last non-empty',
      'Poisoned: an actor failed here; Failed actors: how many',
    ],
  ],
  [
    'Actor',
    [
      'Status: idle, processing for Nms, stopped: reason, failed: error',
      'Messages / Processing time: handled so far and time spent in handlers',
      'Last handler: the message type handled last',
      'Root cause: the actor whose failure caused this one; Propagated: caused by another actor',
      'Inbound ordering: sessions buffering out-of-order messages (shown when stalled)',
      'Execution: handlers running right now',
      'Flight recorder: recent events, newest last (J / K to scroll)',
    ],
  ],
  ['Colours', ['host green, proc yellow, user actor green, system actor blue, failed red, stopped grey']],
];

export function helpView(): OverlayView {
  const lines: Line[] = [[seg('Keys', 'title')]];
  for (const [k, v] of HELP) lines.push([seg(`  ${k.padEnd(30)}`, 'accent'), seg(v)]);
  lines.push([], [seg('List views  :jobs (MirrorNeuron)  :envelopes (Asya)  :agents (Astromesh)', 'title')]);
  for (const [k, v] of VIEW_HELP) lines.push([seg(`  ${k.padEnd(30)}`, 'accent'), seg(v)]);
  for (const [kind, items] of GLOSSARY) {
    lines.push([], [seg(kind, 'title')]);
    for (const i of items) lines.push([seg(`  ${i}`)]);
  }
  return { title: 'Help', lines, footer: 'Esc or ?: close | j/k: scroll | q: quit' };
}

export function overlayView(o: Overlay): OverlayView {
  if (o.kind === 'help') return helpView();
  if (o.kind === 'diag') return diagView(o);
  return jobView(o);
}
