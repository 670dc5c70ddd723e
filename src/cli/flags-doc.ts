/** Print the README's flag table: the shared flags of the catalogue and the verbs that take them (`npm run docs:flags`). */
import { fullProgram } from './run.js';
import { renderFlagTable } from './flags.js';

const program = await fullProgram({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.stdout.write(renderFlagTable(program));
