/** Process glue for bin/meshscope.js: real stdio, Ctrl-C as an abort, the exit code returned. */
import { run } from './run.js';

export async function main(argv: string[]): Promise<number> {
  const interrupt = new AbortController();
  let interrupted = 0;
  const onSigint = () => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    interrupt.abort(Object.assign(new Error('interrupted'), { name: 'AbortError' }));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  // A closed stdout (`meshscope ... | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  try {
    const code = await run(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }, { interrupt: interrupt.signal });
    return interrupt.signal.aborted && code !== 0 ? 130 : code;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
