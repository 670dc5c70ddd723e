/**
 * `meshscope mock serve ...` run in this process through run(argv, io), with its stdout read while
 * it runs: for tests that take what it prints (the context command) and use it.
 */
import { Readable } from 'node:stream';
import { run } from '../../src/cli/run.js';
import { sink } from '../helpers.js';

export interface ServedMock {
  stdout(): string;
  stderr(): string;
  /** The printed `meshscope context set ...` command, as argv after `meshscope`. */
  contextArgs: string[];
  /** The URL printed for each endpoint. */
  urls: Record<'admin' | 'mn' | 'asya' | 'asya (internal)' | 'astromesh' | 'grid', string>;
  /** Ctrl-C: resolves to the exit code. */
  stop(): Promise<number>;
}

/** Split one line of shell words (bare, '...' and "..." words, as shellQuote writes them). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] ?? m[3]));
  return words;
}

export async function serveInProcess(args: string[], env: Record<string, string>, deadlineMs = 30_000): Promise<ServedMock> {
  const stdout = sink();
  const stderr = sink();
  const stdin = Object.assign(Readable.from([]), { isTTY: false });
  const ctl = new AbortController();
  const done = run(['mock', 'serve', ...args], { stdout, stderr, stdin, env }, { interrupt: ctl.signal });
  const started = Date.now();
  let exited: number | undefined;
  void done.then((c) => (exited = c));
  while (!/^mock ready/m.test(stderr.text())) {
    if (exited !== undefined) throw new Error(`mock serve exited ${exited}: ${stdout.text()}${stderr.text()}`);
    if (Date.now() - started > deadlineMs) throw new Error(`mock serve printed no ready line: ${stdout.text()}${stderr.text()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const text = stdout.text();
  const line = /^ {2}meshscope (context set .*)$/m.exec(text);
  if (!line) {
    ctl.abort();
    await done;
    throw new Error(`mock serve printed no context command:\n${text}`);
  }
  const urls = Object.fromEntries([...text.matchAll(/^ {2}(admin|mn|asya|asya \(internal\)|astromesh|grid) +(\S+)$/gm)].map((m) => [m[1], m[2]])) as ServedMock['urls'];
  return {
    stdout: () => stdout.text(),
    stderr: () => stderr.text(),
    contextArgs: shellWords(line[1]),
    urls,
    stop: async () => {
      ctl.abort(Object.assign(new Error('interrupted'), { name: 'AbortError' }));
      return done;
    },
  };
}
