/**
 * Local files for mn commands: downloads that never overwrite without --force (written to a
 * temporary file next to the target and renamed into place, with progress on stderr), a hidden
 * prompt for secrets, a yes/no confirmation, and small parsers for NAME=VALUE and JSON flags.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { MeshError, usageError } from '../../errors.js';
import type { StreamResponse } from '../../http/client.js';
import type { IO, Output } from '../../output/index.js';
import { formatBytes } from './render.js';

/** Check the target before anything is fetched: exists without --force is a usage error. */
export function checkTarget(path: string, force: boolean): string {
  const abs = resolve(path);
  const dir = dirname(abs);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw usageError(`cannot write ${path}: the folder ${dir} does not exist`, 'create the folder first or pick another path with -O');
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw usageError(`${path} is a folder`, 'give a file name with -O');
    if (!force) throw usageError(`${path} already exists`, 'pass --force to overwrite it, or choose another name with -O');
  }
  return abs;
}

export interface Downloaded {
  path: string;
  bytes: number;
  sha256: string;
}

/** Stream a response body into `target` via a temporary file; progress on stderr (TTY only). */
export async function saveStream(res: StreamResponse, target: string, opts: { out: Output; label: string; force: boolean; signal?: AbortSignal }): Promise<Downloaded> {
  const lenHeader = res.headers['content-length'];
  const total = Number(Array.isArray(lenHeader) ? lenHeader[0] : lenHeader) || undefined;
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.part`);
  const hash = createHash('sha256');
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
  try {
    await pipeline(res.body, counter, createWriteStream(tmp, { flags: 'wx', mode: 0o644 }), { signal: opts.signal });
    if (total !== undefined && bytes !== total) throw new MeshError({ kind: 'unreachable', code: 'incomplete_download', backend: 'mn', message: `the download of ${opts.label} stopped after ${bytes} of ${total} bytes`, hint: 'try again' });
    if (!opts.force && existsSync(target)) throw usageError(`${target} appeared while downloading`, 'pass --force to overwrite it');
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof MeshError) throw e;
    if (opts.signal?.aborted) throw new MeshError({ kind: 'interrupted', code: 'interrupted', message: 'interrupted; nothing was written' });
    const code = (e as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code) && code !== 'ECONNRESET') throw new MeshError({ kind: 'usage', code: 'write_failed', message: `cannot write ${target}: ${code}`, hint: 'check the path and the free space' });
    throw new MeshError({ kind: 'unreachable', code: 'download_failed', backend: 'mn', message: `the download of ${opts.label} failed: ${(e as Error).message}`, hint: 'try again; nothing was written' });
  } finally {
    progress.done();
  }
  return { path: target, bytes, sha256: hash.digest('hex') };
}

/** `--set a.b=1 --set name=x` -> {a: {b: 1}, name: "x"}; values are JSON when they parse as JSON. */
export function parseSets(specs: string[], flag = '--set'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw usageError(`invalid ${flag} "${spec}"`, `use ${flag} PATH=VALUE, e.g. ${flag} topic=robots`);
    const path = spec.slice(0, eq).split('.');
    if (path.some((p) => !p)) throw usageError(`invalid ${flag} path "${spec.slice(0, eq)}"`, 'use dotted names such as llm.model');
    const rawValue = spec.slice(eq + 1);
    let value: unknown = rawValue;
    try {
      value = JSON.parse(rawValue);
    } catch {
      value = rawValue;
    }
    let cur = out;
    for (const p of path.slice(0, -1)) {
      if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    cur[path[path.length - 1]] = value;
  }
  return out;
}

/** A JSON object flag (`--payload '{"a":1}'` or `--filter @file.json`). */
export function parseJsonObject(text: string | undefined, flag: string, readFile: (p: string) => string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let src = text;
  if (text.startsWith('@')) {
    try {
      src = readFile(text.slice(1));
    } catch (e) {
      throw usageError(`cannot read ${flag} file ${text.slice(1)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path after @');
    }
  }
  let v: unknown;
  try {
    v = JSON.parse(src);
  } catch (e) {
    throw usageError(`${flag} is not valid JSON: ${(e as Error).message}`, `give a JSON object, e.g. ${flag} '{"key":"value"}' or ${flag} @file.json`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw usageError(`${flag} must be a JSON object`, `e.g. ${flag} '{"key":"value"}'`);
  return v as Record<string, unknown>;
}

/** A positive integer flag. */
export function intFlag(value: string | undefined, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`invalid ${flag} "${value}"`, `give a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`);
  return n;
}

/** `30s`, `10m`, `2h`, `1d` -> ms. */
export function durationFlag(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  if (!m) throw usageError(`invalid ${flag} "${value}"`, 'use a duration such as 30s, 10m, 2h or 1d');
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd']);
}
