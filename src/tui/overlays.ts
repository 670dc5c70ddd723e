/**
 * What the overlays show, as styled lines: the live diagnostics walk (the reference TUI's overlay,
 * title, pinned summary, Admin Infra and Mesh sections, ✓/⚠/✗ rows with notes, which are the
 * diagnose renderer's), the config dump of a proc (grouped by module, changed values highlighted),
 * and the help (the keymap's keys and a glossary per kind of node). The py-spy overlay's lines come
 * from the profiling renderer (see adapters.ts). Their keys are in the keymap (keymap.ts).
 */
import type { ConfigDumpResult } from '../backends/admin/models.js';
import { checkRow } from '../diagnose/render/text.js';
import { NOTE_TEXT, summarize, summaryLine } from '../diagnose/summary.js';
import { outcomeKind, type Check } from '../diagnose/types.js';
import { clean, formatClock } from './format.js';
import { helpSections } from './keymap.js';
import type { DiagCheck, Overlay } from './state.js';
import { seg, type Line, type Tone } from './theme.js';

export interface OverlayView {
  title: string;
  /** A line pinned under the title (not scrolled). */
  pinned?: Line;
  lines: Line[];
}

const KIND_TONE: Record<string, Tone> = { Pass: 'ok', Slow: 'warn', Fail: 'bad' };

/** One check row, ` ✓ label 3ms  — note`, with the note dimmed. */
export function diagRowLine(c: DiagCheck): Line {
  const check = c as Check;
  const text = clean(checkRow(check));
  const tone = KIND_TONE[outcomeKind(check.outcome)];
  const note = check.note ? `  — ${NOTE_TEXT[check.note]}` : '';
  if (note && text.endsWith(note)) return [seg(text.slice(0, 3), tone), seg(text.slice(3, text.length - note.length), tone === 'bad' ? 'bad' : undefined), seg(note, 'dim')];
  return [seg(text.slice(0, 3), tone), seg(text.slice(3), tone === 'bad' ? 'bad' : undefined)];
}

/** The overlay's pinned summary: `Running… • live updates`, then the reference summary line. */
export function diagSummaryLine(running: boolean, checks: readonly DiagCheck[]): string {
  if (running) return 'Running… • live updates';
  return summaryLine(summarize(checks as Check[], false));
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
  return { title, pinned: [seg(summary, o.running ? 'info' : failed ? 'bad' : 'ok')], lines };
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
  return {
    title,
    pinned: [seg(clean(o.target), 'dim')],
    lines: o.running ? [[seg(o.kind === 'pyspy' ? 'Taking a py-spy dump…' : 'Fetching the configuration…', 'info')]] : o.lines,
  };
}

const GLOSSARY: Array<[string, string[]]> = [
  ['Root', ['Hosts: hosts connected to the admin server', 'Started by / at, Uptime: who started the mesh and when', 'Data as of: age of this answer']],
  ['Host', ['Address: the host agent’s channel address', 'Procs: processes on this host', 'RSS / VM size: memory of the host process']],
  [
    'Proc',
    [
      'Actors: live actors, system actors, stopped actors kept for post-mortem',
      'Queue depth: work queued across actors (total/max); Peak depth: high-water mark',
      'Last busy: when the queue was last non-empty',
      'Poisoned: an actor failed here; Failed actors: how many (f finds them)',
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
  [
    'Colours and markers',
    [
      'host green, proc yellow, user actor green, system actor blue, failed red, stopped grey',
      '[POISONED: N failed] a proc where N actors failed; [FAILED] an actor that failed; [HTTP 504] a node that could not be fetched',
      'Failed means the node’s own data says so: the stopped actors of a poisoned proc are only stopped',
    ],
  ],
];

/** The help: every key of the keymap by mode, then a glossary per kind of node. */
export function helpView(): OverlayView {
  const lines: Line[] = [];
  for (const { title, rows } of helpSections()) {
    if (lines.length) lines.push([]);
    lines.push([seg(title, 'title')]);
    for (const [k, v] of rows) lines.push([{ text: `  ${k.padEnd(22)} `, tone: 'accent', hang: true }, seg(v)]);
  }
  for (const [kind, items] of GLOSSARY) {
    lines.push([], [seg(kind, 'title')]);
    for (const i of items) lines.push([seg(`  ${i}`)]);
  }
  return { title: 'Help', lines };
}

export function overlayView(o: Overlay): OverlayView {
  if (o.kind === 'help') return helpView();
  if (o.kind === 'diag') return diagView(o);
  return jobView(o);
}
