import { describe, expect, it } from 'vitest';
import { MeshError } from '../../src/errors.js';
import { colorEnabled, Output, type IO } from '../../src/output/index.js';
import { sanitize } from '../../src/output/sanitize.js';
import { ESCAPE } from '../helpers.js';

function io(tty = false, env: Record<string, string> = {}): IO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (s: string) => out.push(s), isTTY: tty },
    stderr: { write: (s: string) => err.push(s), isTTY: tty },
    stdin: process.stdin,
    env,
  };
}

const view = {
  columns: [
    { header: 'NAME', get: (r: { name: string; n: number }) => r.name, tone: () => 'bad' as const },
    { header: 'N', get: (r: { name: string; n: number }) => r.n },
    { header: 'EXTRA', get: () => 'wide-only', wide: true },
  ],
  name: (r: { name: string }) => `thing/${r.name}`,
};

describe('output layer', () => {
  it('strips ANSI escapes and control characters from server text', () => {
    expect(sanitize('a\x1b[31mred\x1b[0m\x07b\x1b]0;title\x07c\r\nd')).toBe('aredbc\nd');
    expect(sanitize('\x9b31mx')).toBe('x');
  });

  it('colour only on a TTY and never with NO_COLOR or --no-color', () => {
    expect(colorEnabled({ write() {}, isTTY: true }, {}, true)).toBe(true);
    expect(colorEnabled({ write() {}, isTTY: false }, {}, true)).toBe(false);
    expect(colorEnabled({ write() {}, isTTY: true }, { NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ write() {}, isTTY: true }, {}, false)).toBe(false);
  });

  it('tables: aligned, no escape codes when colour is off, wide columns only with -o wide', () => {
    const t = io();
    new Output(t, { format: 'table', color: false, verbose: false }).list([{ name: 'evil\x1b[2Jname', n: 1 }, { name: 'b', n: 22 }], view);
    const text = t.out.join('');
    expect(text).not.toMatch(ESCAPE);
    expect(text.split('\n')[0]).toMatch(/^NAME\s+N$/);
    expect(text).toContain('evilname');
    expect(text).not.toContain('wide-only');
    const w = io();
    new Output(w, { format: 'wide', color: false, verbose: false }).list([{ name: 'a', n: 1 }], view);
    expect(w.out.join('')).toContain('wide-only');
  });

  it('tables on a TTY with colour carry colour codes', () => {
    const t = io(true);
    new Output(t, { format: 'table', color: true, verbose: false }).list([{ name: 'a', n: 1 }], view);
    expect(t.out.join('')).toMatch(/\x1b\[31m/);
  });

  it('json, yaml and name formats print the raw data', () => {
    const j = io();
    new Output(j, { format: 'json', color: false, verbose: false }).list([{ name: 'a', n: 1 }], view, { items: 1 });
    expect(JSON.parse(j.out.join(''))).toEqual({ items: 1 });
    const y = io();
    new Output(y, { format: 'yaml', color: false, verbose: false }).list([{ name: 'a', n: 1 }], view);
    expect(y.out.join('')).toBe('- name: a\n  n: 1\n');
    const n = io();
    new Output(n, { format: 'name', color: false, verbose: false }).list([{ name: 'a', n: 1 }], view);
    expect(n.out.join('')).toBe('thing/a\n');
  });

  it('errors: message, code and hint on stderr; {"error":{...}} on stdout under -o json', () => {
    const err = new MeshError({ kind: 'not_found', code: 'not_found', message: 'no \x1b[31mactor', hint: 'list them', details: [{ loc: ['body', 'q'], msg: 'Field required' }] });
    const t = io();
    new Output(t, { format: 'table', color: false, verbose: false }).error(err);
    expect(t.out).toEqual([]);
    // the escape is shown as text (\x1b), never sent to the terminal
    expect(t.err.join('')).toBe('error: no \\x1b[31mactor (not_found)\n  - body.q: Field required\nhint: list them\n');
    expect(t.err.join('')).not.toContain('\x1b');
    const j = io();
    new Output(j, { format: 'json', color: false, verbose: false }).error(err);
    const parsed = JSON.parse(j.out.join(''));
    expect(parsed.error).toMatchObject({ code: 'not_found', message: 'no \x1b[31mactor', hint: 'list them', exit_code: 3 });
  });

  it('progress is silent when stderr is not a TTY', () => {
    const t = io(false);
    const p = new Output(t, { format: 'table', color: false, verbose: false }).progress('working');
    p.update('more');
    p.done();
    expect(t.err).toEqual([]);
  });
});

describe('structured output keeps data exact but inert', () => {
  it('C1 controls and DEL become escapes in JSON and YAML; the data round-trips', async () => {
    const { parse } = await import('yaml');
    const value = { name: 'a\x9b31mb\x7fc\x1b[2J' };
    const j = io();
    new Output(j, { format: 'json', color: false, verbose: false }).data(value);
    expect(j.out.join('')).not.toMatch(/[\x7f-\x9f\x1b]/);
    expect(JSON.parse(j.out.join(''))).toEqual(value);
    const y = io();
    new Output(y, { format: 'yaml', color: false, verbose: false }).data(value);
    expect(y.out.join('')).not.toMatch(/[\x7f-\x9f\x1b]/);
    expect(parse(y.out.join(''))).toEqual(value);
  });
});
