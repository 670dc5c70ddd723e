/**
 * V8 flags changed at run time, and the launcher's code cache (bin/meshscope.js). V8 stamps a code
 * cache with a hash of its flags and refuses one made under other flags. Caches written at exit
 * after a change would be refused by the next run, which starts with the default flags: removed,
 * written again by the run after, and so on, a command that changes flags (`mesh walk`) taking the
 * cache from every other command. So before the first change that lasts until exit, the launcher
 * writes the caches of the files loaded so far (if one of them had none yet), while the flags are
 * still the defaults, and writes none at exit.
 */
import { setFlagsFromString } from 'node:v8';

const LAUNCHER = Symbol.for('meshscope.codeCache');

/** Set V8 flags; `restoredBeforeExit`: each is set back to its default before the process ends. */
export function setV8Flags(flags: readonly string[], opts: { restoredBeforeExit?: boolean } = {}): void {
  if (!opts.restoredBeforeExit) (globalThis as { [LAUNCHER]?: { freeze?: () => void } })[LAUNCHER]?.freeze?.();
  for (const f of flags) setFlagsFromString(f);
}
