/**
 * The flag catalogue (src/cli/flags.ts) held against the whole command tree: one long name per
 * letter, one value shape per long name, the shared flags spelled as the catalogue says, defaults
 * stated in help set in code; its parsers; old spellings that still work one release with a
 * warning; and the README's flag table as the catalogue renders it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { CATALOGUE, collectOptions, parseDurationMs, parseInteger, parseJsonValue, renderFlagTable, statedDefault, valueShape, type SeenOption } from '../../src/cli/flags.js';
import { fullProgram } from '../../src/cli/run.js';
import { MeshError } from '../../src/errors.js';
import { cleanEnv, ROOT, runCli, tmp } from '../helpers.js';
import { Readable } from 'node:stream';

const sink = { write: () => true } as unknown as NodeJS.WritableStream;
let program: Command;
let options: SeenOption[];

beforeAll(async () => {
  program = await fullProgram({ stdout: sink, stderr: sink, stdin: Readable.from([]), env: {} } as never);
  options = collectOptions(program);
}, 60_000);

const where = (list: SeenOption[]) => list.map((o) => `${o.command}: ${[o.short, o.long].filter(Boolean).join(', ')} ${o.value}`).join('\n  ');

describe('the command tree against the catalogue', () => {
  it('walks every noun', () => {
    expect(program.commands.length).toBeGreaterThan(20);
    expect(options.filter((o) => o.command.includes(' ')).length).toBeGreaterThan(150);
  });

  it('one short letter has one long name', () => {
    const byShort = new Map<string, SeenOption[]>();
    for (const o of options) if (o.short && o.long && !o.hidden) byShort.set(o.short, [...(byShort.get(o.short) ?? []), o]);
    const clashes = [...byShort].filter(([, l]) => new Set(l.map((o) => o.long)).size > 1).map(([s, l]) => `${s}:\n  ${where(l)}`);
    expect(clashes, clashes.join('\n')).toEqual([]);
  });

  it('one long name has one value shape', () => {
    const byLong = new Map<string, SeenOption[]>();
    for (const o of options) if (o.long && !o.hidden) byLong.set(o.long, [...(byLong.get(o.long) ?? []), o]);
    const clashes = [...byLong].filter(([, l]) => new Set(l.map((o) => valueShape(o.value))).size > 1).map(([n, l]) => `${n}:\n  ${where(l)}`);
    expect(clashes, clashes.join('\n')).toEqual([]);
  });

  it('the shared flags are spelled as the catalogue says wherever they appear', () => {
    const wrong: string[] = [];
    for (const e of CATALOGUE) {
      for (const o of options.filter((x) => !x.hidden && (x.long === e.long || (e.short && x.short === e.short)))) {
        if (o.long !== e.long || o.short !== e.short || valueShape(o.value) !== valueShape(e.value)) wrong.push(`${o.command}: ${[o.short, o.long].filter(Boolean).join(', ')} ${o.value} (the catalogue: ${[e.short, e.long].filter(Boolean).join(', ')} ${e.value})`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('a default stated in help is the one the code sets', () => {
    const wrong = options
      .filter((o) => statedDefault(o.description) !== undefined)
      .filter((o) => o.defaultValue === undefined || String(o.defaultValue) !== statedDefault(o.description))
      .map((o) => `${o.command}: ${o.long} says "default ${statedDefault(o.description)}", the code sets ${JSON.stringify(o.defaultValue)}`);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('statedDefault reads a stated value, not the server\'s or a behaviour', () => {
    expect(statedDefault('most resolves in flight (default 16)')).toBe('16');
    expect(statedDefault('how far back (default 24h)')).toBe('24h');
    expect(statedDefault('who decided (default: meshscope)')).toBe('meshscope');
    expect(statedDefault('grid module to profile (server default: grid.client)')).toBeUndefined();
    expect(statedDefault('continue this session (default: a new one)')).toBeUndefined();
    expect(statedDefault('warn (the default with --validate alone)')).toBeUndefined();
  });
});

describe('the parsers', () => {
  const usage = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(MeshError);
      expect((e as MeshError).exitCode).toBe(2);
      return (e as MeshError).message;
    }
    throw new Error('no error');
  };

  it('whole numbers: the flag, the value and the accepted form in the error', () => {
    expect(parseInteger('16', '--concurrency', { min: 1 })).toBe(16);
    expect(usage(() => parseInteger('1.5', '--limit', { min: 1, max: 5000 }))).toBe('invalid --limit "1.5": expected a whole number from 1 to 5000');
    expect(usage(() => parseInteger('0', '--concurrency', { min: 1 }))).toBe('invalid --concurrency "0": expected a whole number of at least 1');
    expect(usage(() => parseInteger('x', '--depth'))).toMatch(/--depth "x"/);
  });

  it('durations: 500ms, 2s, 5m, 1h, 1d; a bare number only where it had a unit, with a warning', () => {
    expect(parseDurationMs('500ms', '--interval')).toBe(500);
    expect(parseDurationMs('2s', '--interval')).toBe(2000);
    expect(parseDurationMs('5m', '--interval')).toBe(300_000);
    expect(parseDurationMs('1d', '--window')).toBe(86_400_000);
    expect(usage(() => parseDurationMs('2', '--timeout'))).toBe('invalid --timeout "2": expected a duration such as 500ms, 2s, 5m or 1h');
    const warned: string[] = [];
    expect(parseDurationMs('2', '--interval', { bareUnit: 's', warn: (m) => warned.push(m) })).toBe(2000);
    expect(warned[0]).toMatch(/--interval 2 without a unit is deprecated and read as 2s/);
    expect(usage(() => parseDurationMs('90s', '--interval', { min: 100, max: 60_000 }))).toMatch(/from 100ms to 1m/);
  });

  it('JSON inline, as @file or from stdin (-)', async () => {
    const dir = tmp('flags');
    const file = join(dir, 'p.json');
    (await import('node:fs')).writeFileSync(file, '{"from":"file"}');
    expect(await parseJsonValue('{"a":1}', '--payload')).toEqual({ a: 1 });
    expect(await parseJsonValue(`@${file}`, '--payload')).toEqual({ from: 'file' });
    expect(await parseJsonValue('-', '--payload', { stdin: Readable.from(['[1,2]']) })).toEqual([1, 2]);
    await expect(parseJsonValue('{bad', '--input')).rejects.toThrow(/--input is not valid JSON/);
    await expect(parseJsonValue('[1]', '--data', { object: true })).rejects.toThrow(/--data must be a JSON object/);
  });
});

describe('verbs refuse a bad value before any request, naming flag, value and accepted form', () => {
  it('numbers and durations of several verbs', async () => {
    for (const [args, message] of [
      [['diagnose', '--slow-ms', 'x'], 'invalid --slow-ms "x": expected a whole number of at least 0'],
      [['diagnose', '--probe-timeout', 'soon'], 'invalid --probe-timeout "soon": expected a duration such as 500ms, 2s, 5m or 1h'],
      [['job', 'list', '--limit', '0'], 'invalid --limit "0": expected a whole number from 1 to 1000'],
      [['schedule', 'create', '-f', 'x.yaml', '--in', 'later'], 'invalid --in "later": expected a duration such as 500ms, 2s, 5m or 1h'],
      [['event', 'emit', 'ping', '--payload', '[1]'], '--payload must be a JSON object'],
      [['mesh', 'walk', '--concurrency', '0'], 'invalid --concurrency "0": expected a whole number of at least 1'],
    ] as const) {
      const r = await runCli([...args, '--mock'], { env: cleanEnv() });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`error: ${message}`);
    }
  }, 60_000);
});

describe('old spellings keep working one release, with a warning naming the new one', () => {
  const GOP = join(ROOT, 'fixtures', 'real', 'go-pprof');
  const PYS = join(ROOT, 'fixtures', 'real', 'pyspy');

  it('pprof flamegraph -f FILE is -O FILE', async () => {
    const out = join(tmp('flags'), 'cpu.svg');
    const r = await runCli(['pprof', 'flamegraph', join(GOP, 'cpu.pb.gz'), '-f', out], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: -f is deprecated here: use -O\/--out/);
    expect(readFileSync(out, 'utf8')).toContain('<svg');
    const now = await runCli(['pprof', 'flamegraph', join(GOP, 'cpu.pb.gz'), '-O', join(tmp('flags'), 'cpu.svg')], { env: cleanEnv() });
    expect(now.code, now.stderr).toBe(0);
    expect(now.stderr).not.toMatch(/deprecated/);
  });

  it('pyspy flamegraph --from FILE -f OUT is -O OUT', async () => {
    const dir = tmp('flags');
    const raw = 'cpu.collapsed.txt';
    const out = join(dir, 'p.svg');
    const r = await runCli(['pyspy', 'flamegraph', '--from', join(PYS, raw!), '-f', out], { env: cleanEnv() });
    expect(r.stderr).toMatch(/warning: -f is deprecated here: use -O\/--out/);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<svg');
  });

  it('run logs -f and -n, run stream -f, blueprint progress -f, run ui --video: warn, then do what they did', async () => {
    for (const args of [
      ['run', 'logs', 'no-such-run', '-f', '--interval', '1s'],
      ['run', 'logs', 'no-such-run', '-n', '5'],
      ['run', 'stream', 'no-such-run', '-f'],
      ['blueprint', 'progress', 'no-such-progress', '-f'],
      ['run', 'ui', 'no-such-run', '--video', join(tmp('flags'), 'v.mp4')],
    ]) {
      const r = await runCli([...args, '--mock'], { env: cleanEnv() });
      const old = args.find((a) => ['-f', '-n', '--video'].includes(a));
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`warning: ${old}[^ ]* is deprecated here: use (-w/--follow|--limit|-O/--out)`));
      // the request was made: the mock does not know the id (not a usage error)
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(3);
    }
  }, 60_000);

  it('job submit --payload NAME=FILE is --payload-file; -f - reads the manifest from stdin', async () => {
    const dir = tmp('flags');
    const input = join(dir, 'in.txt');
    (await import('node:fs')).writeFileSync(input, 'hello');
    const manifest = readFileSync(join(ROOT, 'fixtures', 'manifests', 'good.yaml'), 'utf8');
    const r = await runCli(['job', 'submit', '-f', '-', '--payload', `in.txt=${input}`, '--dry-run', '-o', 'json', '--mock'], { env: cleanEnv(), input: manifest });
    expect(r.stderr).toMatch(/warning: --payload is deprecated here: use --payload-file NAME=FILE/);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).file).toBe('stdin');
  }, 60_000);

  it('an interval without a unit keeps its old unit, with a warning', async () => {
    const r = await runCli(['run', 'logs', 'no-such-run', '-w', '--interval', '2', '--mock'], { env: cleanEnv() });
    expect(r.stderr).toMatch(/warning: --interval 2 without a unit is deprecated and read as 2s; write --interval 2s/);
    const bad = await runCli(['run', 'logs', 'no-such-run', '-w', '--interval', 'soon', '--mock'], { env: cleanEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error: invalid --interval "soon": expected a duration from 100ms to 1m such as 500ms, 2s, 5m or 1h/);
    const status = await runCli(['runtime', 'status', '--check-timeout', '2', '--mock'], { env: cleanEnv() });
    expect(status.stderr).toMatch(/warning: --check-timeout 2 without a unit is deprecated and read as 2s/);
    expect(status.code, status.stderr).toBeLessThanOrEqual(1);
  });
});

describe('"-" reads stdin wherever a file is read', () => {
  const PYS = join(ROOT, 'fixtures', 'real', 'pyspy');

  it('pyspy top -, pyspy dump --from - and pyspy flamegraph --from - print what the file gives', async () => {
    const rec = join(PYS, 'cpu.collapsed.txt');
    const fromFile = await runCli(['pyspy', 'top', rec], { env: cleanEnv() });
    const fromStdin = await runCli(['pyspy', 'top', '-'], { env: cleanEnv(), input: readFileSync(rec, 'utf8') });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout.replace(`'${rec}'`, "'-'"));
    const dump = join(PYS, 'cpu.json');
    const d1 = await runCli(['pyspy', 'dump', '--from', dump], { env: cleanEnv() });
    const d2 = await runCli(['pyspy', 'dump', '--from', '-'], { env: cleanEnv(), input: readFileSync(dump, 'utf8') });
    expect(d2.code, d2.stderr).toBe(0);
    expect(d2.stdout.split('\n').slice(1)).toEqual(d1.stdout.split('\n').slice(1));
    const out = join(tmp('flags'), 'f.svg');
    const f = await runCli(['pyspy', 'flamegraph', '--from', '-', '-O', out], { env: cleanEnv(), input: readFileSync(rec, 'utf8') });
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<svg');
  });

  it('astro-mesh gossip -f - sends the node states piped in; --nodes-file still works with a warning', async () => {
    const state = await runCli(['astro-mesh', 'state', '-o', 'json', '--mock'], { env: cleanEnv() });
    expect(state.code, state.stderr).toBe(0);
    const nodes = JSON.stringify(JSON.parse(state.stdout).nodes ?? JSON.parse(state.stdout));
    const count = JSON.parse(nodes).length;
    expect(count).toBeGreaterThan(0);
    const r = await runCli(['astro-mesh', 'gossip', '-f', '-', '--mock'], { env: cleanEnv(), input: nodes });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`sent ${count} node state${count === 1 ? '' : 's'}`);
    const file = join(tmp('flags'), 'nodes.json');
    (await import('node:fs')).writeFileSync(file, nodes);
    const old = await runCli(['astro-mesh', 'gossip', '--nodes-file', file, '--mock'], { env: cleanEnv() });
    expect(old.stderr).toMatch(/warning: --nodes-file is deprecated here: use -f\/--file/);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stderr).toContain(`sent ${count} node state`);
  }, 60_000);
});

describe("the README's flag table", () => {
  it('is the table the catalogue renders (print it: npm run docs:flags)', () => {
    const table = renderFlagTable(program).trimEnd();
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`## Flags\n`);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\n${table}\n`);
  });
});
