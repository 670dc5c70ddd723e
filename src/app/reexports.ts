// What commands use from the rest of src at load time, re-exported so that a command's static
// imports stay inside src/app (docs/ARCHITECTURE.md: commands reach src through src/app).
// Both modules import nothing, so `--help` stays as fast as it is.
export { MeshError, usageError } from '../errors.js';
export { keysSentence } from '../tui/keymap.js';
