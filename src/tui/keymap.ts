/**
 * The keymap of the browser, as data: each binding names a command, its keys, the modes it works
 * in, its line in the help and its word in the footer. The key handling (keys.ts), the help
 * overlay and the footer are all derived from this one table, so they cannot disagree.
 *
 * Modes: `tree` (the topology), `list` (a list view: `:jobs :envelopes :agents`), `view` (a view
 * that only says what it needs), the overlays `help`, `diag`, `pyspy`, `config`, and the prompts
 * `search`, `command`, `filter` (where printable keys are typed into the prompt).
 *
 * Inside an overlay, `q` and Esc both go back to the tree (as k9s backs out of a view, as less and
 * man close); Ctrl-C quits from anywhere. In the tree and the list views `q` quits.
 *
 * The live job monitor (`meshscope job monitor` on a terminal) has its mode here too, `monitor`:
 * its keys and its key line come from this table like the browser's.
 */

export type Mode = 'tree' | 'list' | 'view' | 'help' | 'diag' | 'pyspy' | 'config' | 'search' | 'command' | 'filter' | 'monitor';

export const OVERLAY_MODES: Mode[] = ['help', 'diag', 'pyspy', 'config'];
const PROMPTS: Mode[] = ['search', 'command', 'filter'];
const ALL_OVERLAYS = OVERLAY_MODES;
const MAIN: Mode[] = ['tree', 'list', 'view'];

export type Command =
  | 'down'
  | 'up'
  | 'top'
  | 'bottom'
  | 'pageDown'
  | 'pageUp'
  | 'toggle'
  | 'open'
  | 'close'
  | 'collapseAll'
  | 'toggleSystem'
  | 'toggleStopped'
  | 'selectionToTop'
  | 'detailsDown'
  | 'detailsUp'
  | 'search'
  | 'nextMatch'
  | 'prevMatch'
  | 'nextFailed'
  | 'copy'
  | 'refresh'
  | 'diag'
  | 'pyspy'
  | 'config'
  | 'command'
  | 'help'
  | 'quit'
  | 'clear'
  | 'openItem'
  | 'filter'
  | 'back'
  | 'close-overlay'
  | 'rerun'
  | 'prompt-accept'
  | 'prompt-cancel'
  | 'prompt-complete'
  | 'prompt-erase'
  | 'prompt-clear'
  | 'overview'
  | 'detach';

export interface Footer {
  /** The word after the key (`j/k move`): bindings with the same word in a mode share one entry. */
  text: string;
  /** Lower is kept longer when the footer does not fit (0: always kept). */
  rank: number;
  /** How the keys are written in the line, when not as their labels joined by `/`. */
  keys?: string;
}

export interface Binding {
  command: Command;
  /** Key names: a printable character (`j`, `G`, `/`), or `down up left right pgdn pgup home end tab enter esc backspace space`, `ctrl+x`, `alt+x`. */
  keys: string[];
  modes: Mode[];
  /** The help line. */
  help: string;
  footer?: Footer;
}

const f = (text: string, rank: number): Footer => ({ text, rank });

export const KEYMAP: Binding[] = [
  // moving (tree, list views, overlays)
  { command: 'down', keys: ['j', 'down'], modes: ['tree', 'list'], help: 'move down', footer: f('move', 1) },
  { command: 'up', keys: ['k', 'up'], modes: ['tree', 'list'], help: 'move up', footer: f('move', 1) },
  { command: 'down', keys: ['j', 'down'], modes: ALL_OVERLAYS, help: 'scroll down', footer: f('scroll', 2) },
  { command: 'up', keys: ['k', 'up'], modes: ALL_OVERLAYS, help: 'scroll up', footer: f('scroll', 2) },
  { command: 'top', keys: ['g', 'home'], modes: ['tree', 'list', ...ALL_OVERLAYS], help: 'go to the top' },
  { command: 'bottom', keys: ['G', 'end'], modes: ['tree', 'list', ...ALL_OVERLAYS], help: 'go to the bottom' },
  { command: 'pageDown', keys: ['pgdn', 'ctrl+d', 'ctrl+v'], modes: ['tree', 'list', ...ALL_OVERLAYS], help: 'a page down (10 rows in the tree)' },
  { command: 'pageUp', keys: ['pgup', 'ctrl+u', 'alt+v'], modes: ['tree', 'list', ...ALL_OVERLAYS], help: 'a page up (10 rows in the tree)' },

  // the tree
  { command: 'toggle', keys: ['tab'], modes: ['tree'], help: 'open or close the node (a node that could not be fetched is fetched again)', footer: f('open', 1) },
  { command: 'open', keys: ['right', 'enter'], modes: ['tree'], help: 'open the node, or step onto its first child; never closes' },
  { command: 'close', keys: ['left'], modes: ['tree'], help: 'close the node, or go to its parent' },
  { command: 'collapseAll', keys: ['c'], modes: ['tree'], help: 'close everything below the root', footer: f('collapse', 6) },
  { command: 'toggleSystem', keys: ['s'], modes: ['tree'], help: 'show / hide system actors', footer: f('system', 7) },
  { command: 'toggleStopped', keys: ['h'], modes: ['tree'], help: 'show / hide stopped actors (failed ones always show)', footer: f('stopped', 7) },
  { command: 'selectionToTop', keys: ['ctrl+l'], modes: ['tree'], help: 'scroll the selection to the top' },
  { command: 'detailsDown', keys: ['J'], modes: ['tree'], help: 'scroll the details down (newer flight-recorder events)' },
  { command: 'detailsUp', keys: ['K'], modes: ['tree'], help: 'scroll the details up (older events, then the fields above them)' },
  { command: 'search', keys: ['/'], modes: ['tree'], help: 'search the loaded nodes (smart case)', footer: f('search', 2) },
  { command: 'nextMatch', keys: ['n'], modes: ['tree'], help: 'next match', footer: f('match', 8) },
  { command: 'prevMatch', keys: ['N'], modes: ['tree'], help: 'previous match', footer: f('match', 8) },
  { command: 'nextFailed', keys: ['f'], modes: ['tree'], help: 'next failed actor (or unreachable node), fetching what it takes to find it', footer: f('failed', 2) },
  { command: 'copy', keys: ['y'], modes: ['tree'], help: 'copy the selected reference to the clipboard', footer: f('copy', 3) },
  { command: 'refresh', keys: ['r', 'ctrl+r'], modes: ['tree', 'list'], help: 'refresh now', footer: f('refresh', 5) },
  { command: 'diag', keys: ['d'], modes: ['tree'], help: 'diagnostics (the health walk, live)', footer: f('diag', 4) },
  { command: 'pyspy', keys: ['p'], modes: ['tree'], help: 'py-spy dump of the selected proc (or the actor’s proc)', footer: f('py-spy', 5) },
  { command: 'config', keys: ['C'], modes: ['tree'], help: 'configuration of the selected proc (or the actor’s proc)', footer: f('config', 5) },
  { command: 'clear', keys: ['esc'], modes: ['tree'], help: 'clear the search and the message' },

  // the list views
  { command: 'openItem', keys: ['enter'], modes: ['list'], help: 'open the selected item live (the detail then follows the selection)', footer: f('open', 1) },
  { command: 'filter', keys: ['/'], modes: ['list'], help: 'filter the rows (smart case)', footer: f('filter', 2) },
  { command: 'back', keys: ['esc'], modes: ['list', 'view'], help: 'back to the mesh tree (a filter is cleared first)', footer: f('back', 0) },

  // everywhere but prompts
  { command: 'command', keys: [':'], modes: MAIN, help: 'command: :mesh :jobs :envelopes :agents :help :q', footer: f('cmd', 3) },
  { command: 'help', keys: ['?'], modes: MAIN, help: 'this help', footer: f('help', 0) },
  { command: 'quit', keys: ['q', 'ctrl+c'], modes: MAIN, help: 'quit', footer: f('quit', 0) },

  // overlays
  { command: 'close-overlay', keys: ['esc', 'q'], modes: ['diag', 'pyspy', 'config'], help: 'back to the tree (stops a running walk or dump)', footer: f('back', 0) },
  { command: 'close-overlay', keys: ['esc', 'q', '?'], modes: ['help'], help: 'close the help', footer: f('back', 0) },
  { command: 'rerun', keys: ['r', 'd'], modes: ['diag'], help: 'run the diagnostics again', footer: f('rerun', 1) },
  { command: 'rerun', keys: ['p', 'r'], modes: ['pyspy'], help: 'take the dump again', footer: f('refresh', 1) },
  { command: 'rerun', keys: ['C', 'r'], modes: ['config'], help: 'fetch the configuration again', footer: f('refresh', 1) },
  { command: 'quit', keys: ['ctrl+c'], modes: ALL_OVERLAYS, help: 'quit' },

  // prompts (printable keys are typed)
  { command: 'prompt-accept', keys: ['enter'], modes: ['search', 'filter'], help: 'keep the match (the filter)', footer: f('keep', 1) },
  { command: 'prompt-accept', keys: ['enter'], modes: ['command'], help: 'run the command', footer: f('run', 1) },
  { command: 'prompt-complete', keys: ['tab'], modes: ['command'], help: 'complete the command', footer: f('complete', 2) },
  { command: 'prompt-cancel', keys: ['esc'], modes: PROMPTS, help: 'cancel (a search goes back to where it started)', footer: f('cancel', 0) },
  { command: 'prompt-erase', keys: ['backspace'], modes: PROMPTS, help: 'erase a character' },
  { command: 'prompt-clear', keys: ['ctrl+u'], modes: PROMPTS, help: 'erase everything typed' },
  { command: 'quit', keys: ['ctrl+c'], modes: PROMPTS, help: 'quit' },

  // the live job monitor
  { command: 'up', keys: ['up', 'k'], modes: ['monitor'], help: 'select the previous agent', footer: { text: 'select agent', rank: 0, keys: '↑/↓' } },
  { command: 'down', keys: ['down', 'j'], modes: ['monitor'], help: 'select the next agent', footer: f('select agent', 0) },
  { command: 'openItem', keys: ['enter'], modes: ['monitor'], help: 'the selected agent’s detail', footer: f('details', 0) },
  { command: 'overview', keys: ['backspace'], modes: ['monitor'], help: 'back to the agents', footer: f('overview', 0) },
  { command: 'detach', keys: ['q', 'esc'], modes: ['monitor'], help: 'detach: the job keeps running', footer: { text: 'detach', rank: 0, keys: 'q or Ctrl+C' } },
  { command: 'quit', keys: ['ctrl+c'], modes: ['monitor'], help: 'detach as an interrupt (exit 130)' },
];

/** The parts of Ink's `Key` the keymap reads. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

/** The name of a key press, as the keymap writes keys; undefined for a key it has no name for. */
export function keyName(input: string, key: KeyInfo): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (key.meta && input) return `alt+${input}`;
  if (input === ' ') return 'space';
  if (Array.from(input).length === 1) return input;
  return undefined;
}

const LABELS: Record<string, string> = {
  down: '↓',
  up: '↑',
  left: '←',
  right: '→',
  pgdn: 'PgDn',
  pgup: 'PgUp',
  home: 'Home',
  end: 'End',
  tab: 'Tab',
  enter: 'Enter',
  esc: 'Esc',
  backspace: 'Backspace',
  space: 'Space',
};

/** A key as people read it: `Ctrl-D`, `Alt-V`, `Esc`, `↓`, `G`. */
export function keyLabel(k: string): string {
  if (LABELS[k]) return LABELS[k];
  const m = /^(ctrl|alt|shift)\+(.+)$/.exec(k);
  if (m) return `${m[1] === 'ctrl' ? 'Ctrl' : m[1] === 'alt' ? 'Alt' : 'Shift'}-${m[2] === 'tab' ? 'Tab' : m[2].toUpperCase()}`;
  return k;
}

const index = new Map<string, Binding>();
for (const b of KEYMAP) for (const m of b.modes) for (const k of b.keys) if (!index.has(`${m} ${k}`)) index.set(`${m} ${k}`, b);

/** The binding of a key in a mode. */
export function bindingFor(mode: Mode, name: string | undefined): Binding | undefined {
  return name === undefined ? undefined : index.get(`${mode} ${name}`);
}

/** The bindings of a mode, in keymap order. */
export function bindingsOf(mode: Mode): Binding[] {
  return KEYMAP.filter((b) => b.modes.includes(mode));
}

interface FooterEntry {
  keys: string[];
  /** How the keys are written, when not as their labels. */
  written?: string;
  text: string;
  rank: number;
  order: number;
}

function footerEntries(mode: Mode): FooterEntry[] {
  const out: FooterEntry[] = [];
  for (const b of bindingsOf(mode)) {
    if (!b.footer) continue;
    const same = out.find((e) => e.text === b.footer!.text);
    if (same) {
      same.keys.push(b.keys[0]);
      same.rank = Math.min(same.rank, b.footer.rank);
    } else out.push({ keys: [b.keys[0]], written: b.footer.keys, text: b.footer.text, rank: b.footer.rank, order: out.length });
  }
  return out;
}

function entryText(e: FooterEntry, mode: Mode): string {
  if (e.written) return `${e.written} ${e.text}`;
  // overlays: Esc and q both go back
  const keys = e.text === 'back' && OVERLAY_MODES.includes(mode) ? ['esc', 'q'] : e.keys;
  return `${keys.map(keyLabel).join('/')} ${e.text}`;
}

/** The live job monitor's key line: `keys: ↑/↓ select agent, Enter details, ...`. */
export function monitorKeys(): string {
  return `keys: ${keysSentence('monitor')}`;
}

/**
 * The footer of a mode at a width: `j/k move  Tab open  / search ...`, the least important entries
 * left out first when it does not fit (help, quit and back are always there).
 */
export function footerText(mode: Mode, width: number): string {
  let entries = footerEntries(mode);
  const join = (es: FooterEntry[]) => es.map((e) => entryText(e, mode)).join('  ');
  while (entries.length > 1 && Array.from(join(entries)).length > width) {
    const drop = entries.reduce((worst, e) => (e.rank > worst.rank || (e.rank === worst.rank && e.order > worst.order) ? e : worst));
    if (drop.rank === 0) break;
    entries = entries.filter((e) => e !== drop);
  }
  return join(entries);
}

/** The help's sections: a title and the mode's bindings as `keys  help` rows (one row per command). */
export function helpSections(): Array<{ title: string; rows: Array<[string, string]> }> {
  const sections: Array<{ title: string; modes: Mode[] }> = [
    { title: 'Tree', modes: ['tree'] },
    { title: 'List views  :jobs (MirrorNeuron)  :envelopes (Asya)  :agents (Astromesh)', modes: ['list', 'view'] },
    { title: 'Overlays  (diagnostics, py-spy, config, this help)', modes: ALL_OVERLAYS },
    { title: 'Prompts  (/ search, : command, / filter in a list)', modes: PROMPTS },
    { title: 'Job monitor  (meshscope job monitor, on a terminal)', modes: ['monitor'] },
  ];
  const shown = new Set<Binding>();
  return sections.map(({ title, modes }) => {
    const rows: Array<[string, string]> = [];
    for (const b of KEYMAP) {
      if (shown.has(b) || !b.modes.some((m) => modes.includes(m))) continue;
      shown.add(b);
      rows.push([b.keys.map(keyLabel).join(', '), b.help]);
    }
    return { title, rows };
  });
}

/** A mode's footer keys as a sentence for `meshscope tui --help`: `j/k move, Tab open, / search, ...`. */
export function keysSentence(mode: Mode): string {
  return footerEntries(mode)
    .map((e) => entryText(e, mode))
    .join(', ');
}
