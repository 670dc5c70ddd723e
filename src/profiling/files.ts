/**
 * Profile files on disk: written atomically (a temporary file in the same folder, then a rename
 * or a no-clobber link), never over an existing file unless the user says --force; read with
 * errors that name the file and the problem.
 */
import { existsSync, linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MeshError, usageError } from '../errors.js';

/** Fail early (before a long capture) when the destination exists and --force was not given. */
export function checkWritable(path: string, force: boolean): string {
  const abs = resolve(path);
  const dir = dirname(abs);
  if (!existsSync(dir)) throw usageError(`the folder of ${path} does not exist: ${dir}`, 'create it first, or choose another path');
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw usageError(`${path} is a folder`, 'give a file name, e.g. profile.svg');
    if (!force) throw usageError(`${path} already exists`, 'pass --force to overwrite it, or choose another file name', 'file_exists');
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

/** Write `data` to `path` atomically; refuses to replace an existing file unless `force`. */
export function saveAtomic(path: string, data: string | Uint8Array, force: boolean): string {
  const abs = checkWritable(path, force);
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(tmp, data, { flag: 'wx', mode: 0o644 });
  } catch (e) {
    throw ioError(e, path, 'write');
  }
  try {
    if (force) {
      renameSync(tmp, abs);
    } else {
      // A hard link fails if the name was taken meanwhile: no file is ever replaced by accident.
      try {
        linkSync(tmp, abs);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw usageError(`${path} already exists`, 'pass --force to overwrite it, or choose another file name', 'file_exists');
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
        // File systems without hard links: check, then rename.
        if (existsSync(abs)) throw usageError(`${path} already exists`, 'pass --force to overwrite it, or choose another file name', 'file_exists');
        renameSync(tmp, abs);
      }
    }
  } catch (e) {
    if (e instanceof MeshError) throw e;
    throw ioError(e, path, 'save');
  } finally {
    try {
      if (existsSync(tmp)) unlinkSync(tmp);
    } catch {
      // nothing left to clean
    }
  }
  return abs;
}

/** Read an input file; a missing or unreadable file is a usage error naming it. */
export function readInput(path: string): Buffer {
  try {
    if (statSync(path).isDirectory()) throw usageError(`${path} is a folder, not a profile file`, 'give the path of a profile file');
    return readFileSync(path);
  } catch (e) {
    if (e instanceof MeshError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError(`no such file: ${path}`, 'check the path (capture one with `meshscope pprof capture`)', 'file_not_found');
    throw ioError(e, path, 'read');
  }
}

/** A size for people: 1.2 MB, 34 kB, 512 B. */
export function humanBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} B`;
}
