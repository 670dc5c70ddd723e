/**
 * Every file a command writes (profiles, flame graphs, artifacts, videos) goes through here: checked
 * before any work starts, written to a temporary file in the same folder, then put in place in
 * one step. Without --force an existing file is never replaced: the last step is a hard link,
 * which fails if the name was taken meanwhile. An interrupted or failed write leaves nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MeshError, usageError, type Backend } from './errors.js';
import type { Output } from './output/index.js';
import { formatBytes } from './output/units.js';

const EXISTS_HINT = 'pass --force to overwrite it, or choose another file name';

/** Fail early (before a long capture or download) when the destination exists and --force was not given. */
export function checkWritable(path: string, force: boolean): string {
  const abs = resolve(path);
  const dir = dirname(abs);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw usageError(`the folder of ${path} does not exist: ${dir}`, 'create it first, or choose another path');
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw usageError(`${path} is a folder`, 'give a file name, e.g. profile.svg');
    if (!force) throw usageError(`${path} already exists`, EXISTS_HINT, 'file_exists');
  }
  return abs;
}

function ioError(e: unknown, path: string, doing: string): MeshError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return new MeshError({
    kind: 'usage',
    code: 'file_error',
    message: `cannot ${doing} ${path}: ${code || (e as Error).message}`,
    hint: code === 'EACCES' || code === 'EPERM' ? 'check the permissions of the file and its folder' : code === 'ENOSPC' ? 'the disk is full' : 'check the path',
  });
}

function tempName(abs: string): string {
  return join(dirname(abs), `.${basename(abs)}.${randomBytes(4).toString('hex')}.part`);
}

/** Put the finished temporary file in place: a rename with --force, else a no-clobber link. */
function commit(tmp: string, abs: string, path: string, force: boolean): void {
  if (force) {
    renameSync(tmp, abs);
    return;
  }
  try {
    linkSync(tmp, abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw usageError(`${path} already exists`, EXISTS_HINT, 'file_exists');
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
    // file systems without hard links: check, then rename
    if (existsSync(abs)) throw usageError(`${path} already exists`, EXISTS_HINT, 'file_exists');
    renameSync(tmp, abs);
  }
}

/** Write `data` to `path` atomically; refuses to replace an existing file unless `force`. */
export function saveAtomic(path: string, data: string | Uint8Array, force: boolean): string {
  const abs = checkWritable(path, force);
  const tmp = tempName(abs);
  try {
    writeFileSync(tmp, data, { flag: 'wx', mode: 0o644 });
    commit(tmp, abs, path, force);
  } catch (e) {
    if (e instanceof MeshError) throw e;
    throw ioError(e, path, 'write');
  } finally {
    rmSync(tmp, { force: true });
  }
  return abs;
}

export interface Downloaded {
  path: string;
  bytes: number;
  sha256: string;
}

export interface SaveStreamOptions {
  out: Output;
  /** What is being saved, for progress and errors ("video", "final artifact"). */
  label: string;
  force: boolean;
  backend?: Backend;
  /** The Content-Length the server announced: fewer bytes is an incomplete download. */
  expectedBytes?: number;
  /** The SHA-256 the server listed for it: a mismatch is an error and nothing is written. */
  sha256?: string;
  signal?: AbortSignal;
}

/** Stream a body into `path` atomically, with progress on stderr (TTY only) and its SHA-256. */
export async function saveStream(body: Readable, path: string, opts: SaveStreamOptions): Promise<Downloaded> {
  const abs = checkWritable(path, opts.force);
  const tmp = tempName(abs);
  const hash = createHash('sha256');
  const total = opts.expectedBytes;
  let bytes = 0;
  const progress = opts.out.progress(`${opts.label}: starting`);
  let lastDraw = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      hash.update(chunk);
      const now = Date.now();
      if (now - lastDraw > 100) {
        lastDraw = now;
        progress.update(`${opts.label}: ${formatBytes(bytes)}${total ? ` / ${formatBytes(total)} (${Math.floor((bytes * 100) / total)}%)` : ''}`);
      }
      cb(null, chunk);
    },
  });
  const sink = createWriteStream(tmp, { flags: 'wx', mode: 0o644 });
  try {
    await pipeline(body, counter, sink, { signal: opts.signal });
    if (total !== undefined && bytes !== total) {
      throw new MeshError({ kind: 'unreachable', code: 'incomplete_download', backend: opts.backend, message: `the download of ${opts.label} stopped after ${bytes} of ${total} bytes`, hint: 'try again; nothing was written' });
    }
    const sha256 = hash.digest('hex');
    if (opts.sha256 && opts.sha256 !== sha256) {
      throw new MeshError({ kind: 'server', code: 'checksum_mismatch', backend: opts.backend, message: `the download of ${opts.label} does not match its sha256 (${sha256} != ${opts.sha256}); nothing was written`, hint: 'download it again' });
    }
    commit(tmp, abs, path, opts.force);
    return { path: abs, bytes, sha256 };
  } catch (e) {
    if (e instanceof MeshError) throw e;
    if (opts.signal?.aborted) throw new MeshError({ kind: 'interrupted', code: 'interrupted', message: 'interrupted; nothing was written' });
    const code = (e as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code) && code !== 'ECONNRESET') throw ioError(e, path, 'write');
    throw new MeshError({ kind: 'unreachable', code: 'download_failed', backend: opts.backend, message: `the download of ${opts.label} failed: ${(e as Error).message}`, hint: 'try again; nothing was written' });
  } finally {
    // a body that fails early can end the pipeline before the file is even open: wait for the
    // file to be closed, or the temporary file would appear after it was removed
    if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
    rmSync(tmp, { force: true });
    progress.done();
  }
}

/** Read an input file; a missing or unreadable file is a usage error naming it. */
export function readInput(path: string, what = 'file', hint = 'check the path'): Buffer {
  try {
    if (statSync(path).isDirectory()) throw usageError(`${path} is a folder, not a ${what}`, `give the path of a ${what}`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof MeshError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError(`no such file: ${path}`, hint, 'file_not_found');
    throw ioError(e, path, 'read');
  }
}
