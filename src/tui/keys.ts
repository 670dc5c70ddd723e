/**
 * Key presses to intents: the mode of the browser (tree, list view, overlay, prompt) and the key's
 * binding in the keymap (keymap.ts) give a command; the command becomes reducer actions or work
 * for the controller (fetching, overlays, lists, quitting, copying). Pure, so every binding is
 * unit-tested; nothing here knows a key that the keymap does not list.
 */
import { bindingFor, keyName, type Command, type KeyInfo, type Mode } from './keymap.js';
import { layout, PAGE, type Action, type TuiState } from './state.js';
import { detailView, overlayMaxScroll } from './viewport.js';

export type { KeyInfo } from './keymap.js';

export type Intent =
  | { kind: 'action'; action: Action }
  | { kind: 'quit' }
  /** Tab: open or close the node (fetch again a node that could not be fetched). */
  | { kind: 'toggle' }
  /** → and Enter: open the node, or step onto its first child. */
  | { kind: 'open' }
  /** ←: close the node, or go to its parent. */
  | { kind: 'close' }
  | { kind: 'nextFailed' }
  | { kind: 'diag' }
  | { kind: 'pyspy' }
  | { kind: 'config' }
  | { kind: 'help' }
  | { kind: 'copy' }
  | { kind: 'refresh' }
  | { kind: 'command'; text: string }
  | { kind: 'complete' }
  | { kind: 'list'; op: 'move'; delta: number }
  | { kind: 'list'; op: 'open' | 'refresh' }
  /** The live job monitor: leave it, the job running on. */
  | { kind: 'detach' };

const act = (action: Action): Intent => ({ kind: 'action', action });

/** The mode a key press is read in. */
export function modeOf(s: TuiState): Mode {
  if (s.monitor) return 'monitor';
  if (s.prompt) return s.prompt.kind;
  if (s.overlay) return s.overlay.kind;
  if (s.view !== 'mesh') return s.list ? 'list' : 'view';
  return 'tree';
}

function isPlain(key: KeyInfo): boolean {
  return !key.ctrl && !key.meta && !key.tab && !key.return && !key.escape && !key.backspace && !key.delete && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown && !key.home && !key.end;
}

function overlayPage(s: TuiState): number {
  return Math.max(1, layout(s.size).detailViewport - 2);
}

function listPage(s: TuiState): number {
  return Math.max(1, layout(s.size).treeViewport - 2);
}

function scrollOverlay(s: TuiState, delta: number): Intent[] {
  return [act({ type: 'overlayScroll', delta, max: overlayMaxScroll(s) })];
}

function scrollDetails(s: TuiState, down: boolean): Intent[] {
  const v = detailView(s);
  // a flight recorder is read from its newest event up: down is towards newer
  const delta = v.anchor === 'bottom' ? (down ? -1 : 1) : down ? 1 : -1;
  return [act({ type: 'detailScroll', delta, max: v.maxScroll })];
}

/** What a command does in a mode. */
export function commandIntents(command: Command, mode: Mode, s: TuiState): Intent[] {
  const overlay = mode === 'help' || mode === 'diag' || mode === 'pyspy' || mode === 'config';
  const list = mode === 'list';
  const items = s.list?.items.length ?? 0;
  if (mode === 'monitor') return monitorIntents(command);
  switch (command) {
    case 'down':
      return overlay ? scrollOverlay(s, 1) : list ? [{ kind: 'list', op: 'move', delta: 1 }] : [act({ type: 'move', delta: 1 })];
    case 'up':
      return overlay ? scrollOverlay(s, -1) : list ? [{ kind: 'list', op: 'move', delta: -1 }] : [act({ type: 'move', delta: -1 })];
    case 'pageDown':
      return overlay ? scrollOverlay(s, overlayPage(s)) : list ? [{ kind: 'list', op: 'move', delta: listPage(s) }] : [act({ type: 'move', delta: PAGE })];
    case 'pageUp':
      return overlay ? scrollOverlay(s, -overlayPage(s)) : list ? [{ kind: 'list', op: 'move', delta: -listPage(s) }] : [act({ type: 'move', delta: -PAGE })];
    case 'top':
      return overlay ? [act({ type: 'overlayScrollTo', where: 'top', max: overlayMaxScroll(s) })] : list ? [{ kind: 'list', op: 'move', delta: -items }] : [act({ type: 'home' })];
    case 'bottom':
      return overlay ? [act({ type: 'overlayScrollTo', where: 'bottom', max: overlayMaxScroll(s) })] : list ? [{ kind: 'list', op: 'move', delta: items }] : [act({ type: 'end' })];
    case 'toggle':
      return [{ kind: 'toggle' }];
    case 'open':
      return [{ kind: 'open' }];
    case 'close':
      return [{ kind: 'close' }];
    case 'collapseAll':
      return [act({ type: 'collapseAll' })];
    case 'toggleSystem':
      return [act({ type: 'toggleSystem' })];
    case 'toggleStopped':
      return [act({ type: 'toggleStopped' })];
    case 'selectionToTop':
      return [act({ type: 'scrollToTop' })];
    case 'detailsDown':
      return scrollDetails(s, true);
    case 'detailsUp':
      return scrollDetails(s, false);
    case 'search':
      return [act({ type: 'promptOpen', kind: 'search' })];
    case 'nextMatch':
      return [act({ type: 'searchStep', dir: 1 })];
    case 'prevMatch':
      return [act({ type: 'searchStep', dir: -1 })];
    case 'nextFailed':
      return [{ kind: 'nextFailed' }];
    case 'copy':
      return [{ kind: 'copy' }];
    case 'refresh':
      return list ? [{ kind: 'list', op: 'refresh' }] : [{ kind: 'refresh' }];
    case 'diag':
      return [{ kind: 'diag' }];
    case 'pyspy':
      return [{ kind: 'pyspy' }];
    case 'config':
      return [{ kind: 'config' }];
    case 'command':
      return [act({ type: 'promptOpen', kind: 'command' })];
    case 'help':
      return [{ kind: 'help' }];
    case 'quit':
      return [{ kind: 'quit' }];
    case 'clear':
      return s.search || s.notice ? [act({ type: 'clearNotice' }), act({ type: 'clearSearch' })] : [];
    case 'openItem':
      return [{ kind: 'list', op: 'open' }];
    case 'filter':
      return [act({ type: 'promptOpen', kind: 'filter' })];
    case 'back':
      if (list && s.list?.filter) return [act({ type: 'list', action: { type: 'filter', text: '' } })];
      return [act({ type: 'setView', view: 'mesh' })];
    case 'close-overlay':
      return [act({ type: 'closeOverlay' })];
    case 'rerun':
      return mode === 'diag' ? [{ kind: 'diag' }] : mode === 'pyspy' ? [{ kind: 'pyspy' }] : mode === 'config' ? [{ kind: 'config' }] : [];
    case 'prompt-accept':
      return mode === 'command' ? [{ kind: 'command', text: s.prompt?.text ?? '' }] : [act({ type: 'promptSubmit' })];
    case 'prompt-cancel':
      return [act({ type: 'promptCancel' })];
    case 'prompt-complete':
      return [{ kind: 'complete' }];
    case 'prompt-erase':
      return [act({ type: 'promptBackspace' })];
    case 'prompt-clear':
      return [act({ type: 'promptClear' })];
    case 'overview':
    case 'detach':
      return [];
  }
}

/** What a command does in the live job monitor. */
function monitorIntents(command: Command): Intent[] {
  switch (command) {
    case 'down':
      return [act({ type: 'monitor', action: { type: 'move', delta: 1 } })];
    case 'up':
      return [act({ type: 'monitor', action: { type: 'move', delta: -1 } })];
    case 'openItem':
      return [act({ type: 'monitor', action: { type: 'detail', open: true } })];
    case 'overview':
      return [act({ type: 'monitor', action: { type: 'detail', open: false } })];
    case 'detach':
      return [{ kind: 'detach' }];
    case 'quit':
      return [{ kind: 'quit' }];
    default:
      return [];
  }
}

/** The intents of one key press (the controller splits several printable characters arriving at once). */
export function keyIntents(s: TuiState, input: string, key: KeyInfo): Intent[] {
  const mode = modeOf(s);
  const b = bindingFor(mode, keyName(input, key));
  if (b) return commandIntents(b.command, mode, s);
  if (s.prompt && input && !key.ctrl && !key.meta && !/[\x00-\x1f\x7f]/.test(input)) return [act({ type: 'promptInput', text: input })];
  return [];
}

/** Whether a key press carries several characters (typed fast or pasted) to take one by one. */
export function isBurst(input: string, key: KeyInfo): boolean {
  return Array.from(input).length > 1 && isPlain(key) && !input.startsWith('\x1b');
}

/** Whether text holds control characters (Tab, Enter, Backspace... arriving inside a burst). */
export function hasControls(input: string): boolean {
  return /[\x00-\x1f\x7f]/.test(input);
}

/** A burst as single key presses: `j\t` is j then Tab, `\r` is Enter, `\x7f` Backspace, `\x03` Ctrl-C. */
export function burstKeys(input: string): Array<[string, KeyInfo]> {
  const out: Array<[string, KeyInfo]> = [];
  for (const ch of Array.from(input)) {
    const code = ch.codePointAt(0)!;
    if (ch === '\t') out.push(['', { tab: true }]);
    else if (ch === '\r' || ch === '\n') out.push(['', { return: true }]);
    else if (ch === '\x7f' || ch === '\b') out.push(['', { backspace: true }]);
    else if (code >= 1 && code <= 26) out.push([String.fromCharCode(code + 96), { ctrl: true }]);
    else if (code < 32) continue;
    else out.push([ch, {}]);
  }
  return out;
}
