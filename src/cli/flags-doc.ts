/** Print docs/flags.md: the shared flags of the catalogue and the verbs that take them (`npm run docs:flags`). */
import { fullProgram } from './run.js';
import { renderFlagsDoc } from './flags.js';

const program = await fullProgram({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.stdout.write(renderFlagsDoc(program));
