/**
 * The keymap: a key press (as Ink reports it) in the current mode — tree, overlay, prompt, or a
 * view other than the mesh — becomes intents: reducer actions, or work for the controller
 * (fetching, overlays, quitting, copying). Pure, so every binding is unit-tested.
 */
import { layout, PAGE, type Action, type TuiState } from './state.js';

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

export type Intent =
  | { kind: 'action'; action: Action }
  | { kind: 'quit' }
  | { kind: 'expand' }
  | { kind: 'collapseOrParent' }
  | { kind: 'diag' }
  | { kind: 'pyspy' }
  | { kind: 'config' }
  | { kind: 'help' }
  | { kind: 'copy' }
  | { kind: 'refresh' }
  | { kind: 'command'; text: string }
  | { kind: 'complete' };

const act = (action: Action): Intent => ({ kind: 'action', action });

function isPlain(key: KeyInfo): boolean {
  return !key.ctrl && !key.meta && !key.tab && !key.return && !key.escape && !key.backspace && !key.delete && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown && !key.home && !key.end;
}

function promptKeys(s: TuiState, input: string, key: KeyInfo): Intent[] {
  if (key.ctrl && input === 'c') return [{ kind: 'quit' }];
  if (key.escape) return [act({ type: 'promptCancel' })];
  if (key.return) {
    if (s.prompt?.kind === 'command') return [{ kind: 'command', text: s.prompt.text }];
    return [act({ type: 'promptSubmit' })];
  }
  if (key.backspace || key.delete) return [act({ type: 'promptBackspace' })];
  if (key.tab && s.prompt?.kind === 'command') return [{ kind: 'complete' }];
  if (key.ctrl && input === 'u') return [act({ type: 'promptCancel' }), act({ type: 'promptOpen', kind: s.prompt!.kind })];
  // eslint-disable-next-line no-control-regex
  if (input && !key.ctrl && !key.meta && !/[\x00-\x1f\x7f]/.test(input)) return [act({ type: 'promptInput', text: input })];
  return [];
}

function overlayKeys(s: TuiState, input: string, key: KeyInfo): Intent[] {
  const o = s.overlay!;
  const page = Math.max(1, layout(s.size).detailViewport - 2);
  if (key.ctrl && input === 'c') return [{ kind: 'quit' }];
  if (key.escape) return [act({ type: 'closeOverlay' })];
  if (key.downArrow || (input === 'j' && !key.ctrl)) return [act({ type: 'overlayScroll', delta: 1 })];
  if (key.upArrow || (input === 'k' && !key.ctrl)) return [act({ type: 'overlayScroll', delta: -1 })];
  if (key.pageDown || (key.ctrl && (input === 'd' || input === 'v'))) return [act({ type: 'overlayScroll', delta: page })];
  if (key.pageUp || (key.ctrl && input === 'u') || (key.meta && input === 'v')) return [act({ type: 'overlayScroll', delta: -page })];
  if (key.home || input === 'g') return [act({ type: 'overlayScrollTo', where: 'top' })];
  if (key.end || input === 'G') return [act({ type: 'overlayScrollTo', where: 'bottom' })];
  if (input === 'q') return [{ kind: 'quit' }];
  if (o.kind === 'diag' && (input === 'r' || input === 'd')) return [{ kind: 'diag' }];
  if (o.kind === 'pyspy' && input === 'p') return [{ kind: 'pyspy' }];
  if (o.kind === 'config' && input === 'C') return [{ kind: 'config' }];
  if (o.kind === 'help' && input === '?') return [act({ type: 'closeOverlay' })];
  return [];
}

function treeKey(s: TuiState, input: string, key: KeyInfo): Intent[] {
  if (key.ctrl) {
    switch (input) {
      case 'c':
        return [{ kind: 'quit' }];
      case 'd':
      case 'v':
        return [act({ type: 'move', delta: PAGE })];
      case 'u':
        return [act({ type: 'move', delta: -PAGE })];
      case 'l':
        return [act({ type: 'scrollToTop' })];
      case 'r':
        return [{ kind: 'refresh' }];
    }
    return [];
  }
  if (key.meta && input === 'v') return [act({ type: 'move', delta: -PAGE })];
  if (key.downArrow) return [act({ type: 'move', delta: 1 })];
  if (key.upArrow) return [act({ type: 'move', delta: -1 })];
  if (key.pageDown) return [act({ type: 'move', delta: PAGE })];
  if (key.pageUp) return [act({ type: 'move', delta: -PAGE })];
  if (key.home) return [act({ type: 'home' })];
  if (key.end) return [act({ type: 'end' })];
  if (key.tab || key.return) return [{ kind: 'expand' }];
  if (key.rightArrow) return [{ kind: 'expand' }];
  if (key.leftArrow) return [{ kind: 'collapseOrParent' }];
  if (key.escape) {
    if (s.view !== 'mesh') return [act({ type: 'setView', view: 'mesh' })];
    return s.search || s.notice ? [act({ type: 'clearNotice' }), act({ type: 'clearSearch' })] : [];
  }
  if (s.view !== 'mesh') {
    if (input === ':') return [act({ type: 'promptOpen', kind: 'command' })];
    if (input === 'q') return [{ kind: 'quit' }];
    if (input === '?') return [{ kind: 'help' }];
    return [];
  }
  switch (input) {
    case 'j':
      return [act({ type: 'move', delta: 1 })];
    case 'k':
      return [act({ type: 'move', delta: -1 })];
    case 'g':
      return [act({ type: 'home' })];
    case 'G':
      return [act({ type: 'end' })];
    case 'c':
      return [act({ type: 'collapseAll' })];
    case 's':
      return [act({ type: 'toggleSystem' })];
    case 'h':
      return [act({ type: 'toggleStopped' })];
    case 'd':
      return [{ kind: 'diag' }];
    case 'p':
      return [{ kind: 'pyspy' }];
    case 'C':
      return [{ kind: 'config' }];
    case '?':
      return [{ kind: 'help' }];
    case 'q':
      return [{ kind: 'quit' }];
    case '/':
      return [act({ type: 'promptOpen', kind: 'search' })];
    case ':':
      return [act({ type: 'promptOpen', kind: 'command' })];
    case 'n':
      return [act({ type: 'searchStep', dir: 1 })];
    case 'N':
      return [act({ type: 'searchStep', dir: -1 })];
    case 'f':
      return [act({ type: 'nextFailed' })];
    case 'y':
      return [{ kind: 'copy' }];
    case 'r':
      return [{ kind: 'refresh' }];
    case 'J':
      return [act({ type: 'detailScroll', delta: -1 })];
    case 'K':
      return [act({ type: 'detailScroll', delta: 1 })];
  }
  return [];
}

/** The intents of one key press (the controller splits several printable characters arriving at once). */
export function keyIntents(s: TuiState, input: string, key: KeyInfo): Intent[] {
  if (s.prompt) return promptKeys(s, input, key);
  if (s.overlay) return overlayKeys(s, input, key);
  return treeKey(s, input, key);
}

/** Whether a key press carries several characters (typed fast or pasted) to take one by one. */
export function isBurst(input: string, key: KeyInfo): boolean {
  return Array.from(input).length > 1 && isPlain(key) && !input.startsWith('\x1b');
}

/** Whether text holds control characters (Tab, Enter, Backspace... arriving inside a burst). */
export function hasControls(input: string): boolean {
  // eslint-disable-next-line no-control-regex
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
