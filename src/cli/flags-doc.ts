/** Print docs/flags.md: the shared flags of the catalogue and the verbs that take them (`node dist/src/cli/flags-doc.js > docs/flags.md`). */
import { fullProgram } from './run.js';
import { renderFlagTable } from './flags.js';

const program = await fullProgram({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.stdout.write(`# Shared flags\n\nOne meaning per letter and per long name across every verb (src/cli/flags.ts). Durations are written with a unit: \`500ms\`, \`2s\`, \`5m\`, \`1h\`.\n\n${renderFlagTable(program)}`);
