/**
 * Questions to the person at the terminal: yes/no confirmations and hidden secrets. Prompts go to
 * stderr; answers are read from stdin. Nothing here runs when stdin is not a terminal, except
 * reading a secret piped on stdin.
 */
import { createInterface } from 'node:readline';
import { MeshError, usageError } from '../errors.js';
import type { IO } from './index.js';

/** Ask yes/no on a TTY; true only for y/yes. False without asking when stdin is not a terminal. */
export async function confirm(io: IO, question: string): Promise<boolean> {
  if (io.stdin.isTTY !== true) return false;
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('SIGINT', () => resolve(''));
      rl.once('close', () => resolve(''));
      rl.question(`${question} [y/N] `, resolve);
    });
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Read a secret: a hidden prompt on a TTY, else the first line of stdin. Never echoed. */
export async function readSecret(io: IO, prompt: string, what: string, signal?: AbortSignal): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY) {
    io.stderr.write(prompt);
    const value = await new Promise<string>((resolvePromise, reject) => {
      let buf = '';
      const done = (err?: Error) => {
        stdin.off('data', onData);
        signal?.removeEventListener('abort', onAbort);
        stdin.setRawMode?.(false);
        stdin.pause();
        io.stderr.write('\n');
        if (err) reject(err);
        else resolvePromise(buf);
      };
      const onAbort = () => done(new MeshError({ kind: 'interrupted', code: 'interrupted', message: 'interrupted' }));
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new MeshError({ kind: 'interrupted', code: 'interrupted', message: 'interrupted' }));
          if (ch === '\u0004') return done();
          if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
          else if (ch >= ' ') buf += ch;
        }
      };
      stdin.setRawMode?.(true);
      stdin.resume();
      stdin.on('data', onData);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    if (!value.trim()) throw usageError(`no ${what} was entered`, `type the ${what}, or pass it through the environment`);
    return value.trim();
  }
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0].trim();
  if (!line) throw usageError(`no ${what} given`, `pass --token, set MN_JOIN_TOKEN, or pipe the ${what} on stdin`);
  return line;
}

