/** The one place files are written: atomic, never over an existing file without force, nothing left behind. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { saveAtomic, saveStream } from '../../src/files.js';
import { MeshError } from '../../src/errors.js';
import { Output } from '../../src/output/index.js';
import { tmp } from '../helpers.js';

const out = () => {
  const sink = Object.assign(new PassThrough(), { isTTY: false });
  return new Output({ stdout: sink, stderr: sink, stdin: process.stdin, env: {} }, { format: 'table', color: false, verbose: false });
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('saveAtomic', () => {
  it('saves atomically and never overwrites without force', () => {
    const dir = tmp('save');
    const file = join(dir, 'out.svg');
    saveAtomic(file, 'one', false);
    expect(readFileSync(file, 'utf8')).toBe('one');
    expect(() => saveAtomic(file, 'two', false)).toThrow(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('one');
    saveAtomic(file, 'three', true);
    expect(readFileSync(file, 'utf8')).toBe('three');
    expect(readdirSync(dir)).toEqual(['out.svg']);
    expect(() => saveAtomic(join(dir, 'missing', 'x.svg'), 'x', false)).toThrow(/does not exist/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

describe('saveStream', () => {
  const data = Buffer.from('a'.repeat(10_000));

  it('streams into place and returns the size and SHA-256', async () => {
    const dir = tmp('stream');
    const saved = await saveStream(Readable.from([data.subarray(0, 4000), data.subarray(4000)]), join(dir, 'a.bin'), { out: out(), label: 'a', force: false, expectedBytes: data.length, sha256: sha(data) });
    expect(saved).toMatchObject({ bytes: data.length, sha256: sha(data) });
    expect(readFileSync(join(dir, 'a.bin'))).toEqual(data);
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('a checksum mismatch or a short body writes nothing, and --force keeps the old file then', async () => {
    const dir = tmp('stream-bad');
    const file = join(dir, 'a.bin');
    writeFileSync(file, 'old');
    const bad = saveStream(Readable.from([data]), file, { out: out(), label: 'a', force: true, sha256: '0'.repeat(64) });
    await expect(bad).rejects.toMatchObject({ code: 'checksum_mismatch' });
    const short = saveStream(Readable.from([data]), file, { out: out(), label: 'a', force: true, expectedBytes: data.length + 1 });
    await expect(short).rejects.toMatchObject({ code: 'incomplete_download' });
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('a name taken while downloading is not replaced without force', async () => {
    const dir = tmp('stream-race');
    const file = join(dir, 'a.bin');
    const body = new PassThrough();
    const saving = saveStream(body, file, { out: out(), label: 'a', force: false });
    body.write(data);
    writeFileSync(file, 'someone else');
    body.end();
    const e = await saving.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MeshError);
    expect(e).toMatchObject({ code: 'file_exists' });
    expect(readFileSync(file, 'utf8')).toBe('someone else');
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('a body that breaks off is a download failure and leaves nothing', async () => {
    const dir = tmp('stream-cut');
    const body = new PassThrough();
    const saving = saveStream(body, join(dir, 'a.bin'), { out: out(), label: 'a', force: false, backend: 'mn' });
    body.write(data);
    body.destroy(Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }));
    await expect(saving).rejects.toMatchObject({ code: 'download_failed', backend: 'mn' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
