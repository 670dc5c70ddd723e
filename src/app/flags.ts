// The flag catalogue (src/cli/flags.ts) as commands reach it: through src/app (docs/ARCHITECTURE.md).
export * from '../cli/flags.js';
