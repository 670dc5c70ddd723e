/**
 * A long streaming command (a walk of 100,000 nodes) in a process of its own keeps its heap small:
 * V8 otherwise lets the young generation grow to 16 MB a half and the old one to several times
 * what is alive before it collects, about 190 MB of RSS for a walk whose live data is 30 MB, and
 * compiling the HTTP parser's WebAssembly a second time, optimised, takes about 40 MB more. The
 * flags act at run time (the growth of the heap, not its configuration). The old generation may
 * grow by a fifth over what is alive before it is collected (V8's --optimize-for-size holds it as
 * small, 91 MB for 100,000 nodes against 94 MB, but costs a walk about a fifth more CPU).
 * Only for the real process: never inside a host that runs meshscope in-process.
 */
import { setV8Flags } from '../v8-flags.js';

let done = false;

export function keepHeapSmall(): void {
  if (done) return;
  done = true;
  // --liftoff-only: undici's HTTP parser is WebAssembly; optimising it (TurboFan) takes about 40 MB
  // for a moment, more than the walk's own data, for a few per cent of CPU; the baseline code is kept.
  setV8Flags(['--heap-growing-percent=20', '--semi-space-growth-factor=1', '--liftoff-only']);
}
