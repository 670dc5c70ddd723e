/**
 * Every file a command writes (profiles, flame graphs, artifacts, videos) goes through here: checked
 * before any work starts, written to a temporary file in the same folder, then put in place in
 * one step. Without --force an existing file is never replaced: the last step is a hard link,
 * which fails if the name was taken meanwhile. An interrupted or failed write leaves nothing behind.
 * A download is bounded: by --max-size (default 1 GiB) and by the free space of its folder, checked
 * against the announced Content-Length before anything is written and against the bytes as they come.
 * A name a server suggests is made safe (no folder, no leading dot or dash) and marked as the server's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, linkSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MeshError, usageError, type Backend } from './errors.js';
import type { Output } from './output/index.js';
import { formatBytes, parseSize } from './output/units.js';

const EXISTS_HINT = 'pass --force to overwrite it, or choose another file name';

/** The largest download written without --max-size. */
export const DEFAULT_MAX_DOWNLOAD = 1024 ** 3;

/** The ceiling of one download: --max-size, or the default. */
export interface DownloadLimit {
  bytes: number;
  isDefault: boolean;
}

/** Read --max-size (before any request is sent); a value that is not a positive size is a usage error. */
export function downloadLimit(value: string | undefined): DownloadLimit {
  if (value === undefined) return { bytes: DEFAULT_MAX_DOWNLOAD, isDefault: true };
  const bytes = parseSize(value);
  if (bytes === undefined) throw usageError(`invalid --max-size "${value}"`, 'give a positive size such as 500MiB, 2GiB or 1048576 (bytes); KiB/MiB/GiB count in 1024s, KB/MB/GB in 1000s');
  return { bytes, isDefault: false };
}

const describeLimit = (l: DownloadLimit) => `--max-size ${formatBytes(l.bytes)}${l.isDefault ? ' (the default)' : ''}`;

/** Bytes that can still be written in `dir`, when the file system says. */
function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * A name a server suggested (Content-Disposition) made safe to create in the current folder: no
 * folders, no leading dot or dash, only portable characters. With `prefix` (the profile type, say),
 * a name that does not start with it gets it, so a server cannot pick an existing file's name
 * (`Makefile` becomes `heap-Makefile`); `also` lists other starts that mark a name as such already.
 * Undefined when nothing usable is left.
 */
export function safeFilename(name: string | undefined, prefix?: string, also: string[] = []): string | undefined {
  if (!name) return undefined;
  const base = basename(name.replace(/\\/g, '/'));
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '').slice(0, 200);
  if (!clean || /^[_.-]*$/.test(clean)) return undefined;
  if (prefix && ![prefix, ...also].some((p) => clean.startsWith(`${p}-`))) return `${prefix}-${clean}`;
  return clean.replace(/^-+/, '');
}

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

/**
 * Run `write`, which saves under a name the server chose (call it with force false): such a file is
 * never replaced, not even with --force, and the refusal says so instead of suggesting --force.
 */
export async function serverNamed<T>(write: () => Promise<T>, outFlag: string): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof MeshError && e.code === 'file_exists') throw e.withHint(`the server chose this name; --force replaces only a file named with ${outFlag}: pass ${outFlag} FILE to choose the name`);
    throw e;
  }
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
  /** The most bytes to write (--max-size); default DEFAULT_MAX_DOWNLOAD. */
  limit?: DownloadLimit;
  signal?: AbortSignal;
}

/** Stream a body into `path` atomically, with progress on stderr (TTY only) and its SHA-256. */
export async function saveStream(body: Readable, path: string, opts: SaveStreamOptions): Promise<Downloaded> {
  const abs = checkWritable(path, opts.force);
  const limit = opts.limit ?? { bytes: DEFAULT_MAX_DOWNLOAD, isDefault: true };
  const total = opts.expectedBytes;
  const dir = dirname(abs);
  const free = freeBytes(dir);
  const tooLarge = (message: string) =>
    new MeshError({ kind: 'server', code: 'response_too_large', backend: opts.backend, message: `${message}; nothing was written`, hint: `if it is expected, pass a larger --max-size (such as --max-size ${formatBytes(limit.bytes * 4)?.replace(/\.0 | /g, '')}); a server that never ends its answer grows the file until this limit` });
  const noSpace = (message: string) => new MeshError({ kind: 'usage', code: 'no_space', backend: opts.backend, message: `${message}; nothing was written`, hint: `free some space in ${dir}, or write the file elsewhere (-O/--video FILE on another disk)` });
  // refused on what the server announced, before anything is written
  const refusal =
    total === undefined
      ? undefined
      : total > limit.bytes
        ? tooLarge(`the server announced ${formatBytes(total)} for the ${opts.label}, over ${describeLimit(limit)}`)
        : free !== undefined && total > free
          ? noSpace(`the server announced ${formatBytes(total)} for the ${opts.label}, more than the ${formatBytes(free)} free in ${dir}`)
          : undefined;
  if (refusal) {
    body.destroy();
    throw refusal;
  }
  const tmp = tempName(abs);
  const hash = createHash('sha256');
  let bytes = 0;
  const progress = opts.out.progress(`${opts.label}: starting`);
  let lastDraw = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      // an answer that goes on and on stops at the limit, or before it fills the disk
      if (bytes > limit.bytes) return cb(tooLarge(`the ${opts.label} is larger than ${describeLimit(limit)}: the server sent more than that`));
      if (free !== undefined && bytes > free) return cb(noSpace(`the ${opts.label} does not fit in the ${formatBytes(free)} free in ${dir}`));
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
