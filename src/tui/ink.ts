/**
 * Ink, imported when a terminal UI starts. Ink is an ES module with top-level await, which the
 * bundled CLI (CommonJS, scripts/bundle.mjs) cannot `require`: there, the TUI's static imports of
 * `ink`, and of `chalk` (whose default instance Ink colours with), read the modules imported here.
 * So a module that imports either statically is imported only after `importInk`.
 */
const LOADED = Symbol.for('meshscope.esm');

export interface ImportInkOptions {
  /**
   * Ink decides when it is imported whether it runs under CI, and then draws nothing until exit:
   * set when someone asked for the browser on a terminal, CI variable or not.
   */
  ignoreCi?: boolean;
}

export async function importInk(opts: ImportInkOptions = {}): Promise<typeof import('ink')> {
  const saved: Record<string, string | undefined> = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  if (opts.ignoreCi) {
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  }
  try {
    const [ink, chalk] = await Promise.all([import('ink'), import('chalk')]);
    (globalThis as Record<symbol, unknown>)[LOADED] = { ink, chalk };
    return ink;
  } finally {
    if (opts.ignoreCi) for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}
