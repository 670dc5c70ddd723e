// NDJSON records bound for a pipe or a file are written a few dozen kilobytes at a time, in order
// with everything else the command writes, and all of them before the command ends.
import { describe, expect, it } from 'vitest';
import { Output, type OutStream } from '../../src/output/index.js';
import { runCli, startTestMock } from '../helpers.js';

function recorder(log: string[], name: string, isTTY?: boolean): OutStream & { writes: number } {
  const s = {
    writes: 0,
    isTTY,
    write(chunk: string) {
      s.writes++;
      log.push(`${name}:${chunk}`);
      return true;
    },
  };
  return s;
}

function output(isTTY?: boolean) {
  const log: string[] = [];
  const stdout = recorder(log, 'out', isTTY);
  const stderr = recorder(log, 'err');
  const out = new Output({ stdout, stderr, stdin: process.stdin, env: {} }, { format: 'json', verbose: false, color: false });
  return { out, stdout, log };
}

const text = (log: string[], name: string) =>
  log
    .filter((l) => l.startsWith(`${name}:`))
    .map((l) => l.slice(name.length + 1))
    .join('');

describe('NDJSON output', () => {
  it('gathers records for a pipe into few writes, the same bytes in the same order', () => {
    const { out, stdout, log } = output();
    const records = Array.from({ length: 2000 }, (_, i) => ({ i, name: `node-${i}`, pad: 'x'.repeat(40) }));
    for (const r of records) out.ndjson(r);
    out.flush();
    expect(text(log, 'out')).toBe(records.map((r) => JSON.stringify(r) + '\n').join(''));
    expect(stdout.writes).toBeLessThan(20);
  });

  it('writes what it gathered before anything on stderr or stdout, so the two keep their order', () => {
    const { out, log } = output();
    out.ndjson({ a: 1 });
    out.ndjson({ a: 2 });
    out.warn('between');
    out.ndjson({ a: 3 });
    out.text('plain');
    expect(log).toEqual(['out:{"a":1}\n{"a":2}\n', 'err:warning: between\n', 'out:{"a":3}\n', 'out:plain\n']);
  });

  it('writes gathered records on the next turn of the event loop without being asked', async () => {
    const { out, log } = output();
    out.ndjson({ a: 1 });
    expect(log).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['out:{"a":1}\n']);
  });

  it('writes each record at once on a terminal', () => {
    const { out, log } = output(true);
    out.ndjson({ a: 1 });
    expect(log).toEqual(['out:{"a":1}\n']);
  });

  it('mesh walk -o json in-process: every node is on stdout when the command returns', async () => {
    const mock = await startTestMock({ portBase: 0 });
    try {
      const r = await runCli(['mesh', 'walk', '--addr', mock.urls.admin, '-o', 'json']);
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(10);
      for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
      expect(JSON.parse(lines[0]).identity).toBe('root');
    } finally {
      await mock.close();
    }
  });
});
