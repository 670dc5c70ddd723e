/**
 * Loading and editing the contexts file: $MESHSCOPE_CONFIG, else
 * $XDG_CONFIG_HOME/meshscope/config.yaml, else ~/.config/meshscope/config.yaml.
 * Validation errors name the bad key and its line; edits keep the user's comments.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { MeshError } from '../errors.js';
import { BACKEND_ENTRIES, ConfigFile, type BackendKey } from './schema.js';

export function configPath(env: Record<string, string | undefined>): string {
  if (env.MESHSCOPE_CONFIG) return env.MESHSCOPE_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'meshscope', 'config.yaml');
}

export interface LoadedConfig {
  path: string;
  exists: boolean;
  config: ConfigFile;
  doc: Document;
}

const GENERIC_HINT = 'fix the contexts file (see `meshscope context set --help`), or point MESHSCOPE_CONFIG at another one';

function configError(path: string, message: string, line?: number, hint = GENERIC_HINT): MeshError {
  return new MeshError({ kind: 'usage', code: 'bad_config', message: `${path}${line ? `:${line}` : ''}: ${message}`, hint });
}

/** The keys each level of the file takes, for hints. */
export function keysAt(keyPath: string[]): { what: string; keys: string[] } | undefined {
  if (keyPath.length === 0) return { what: 'the file', keys: ['current-context', 'contexts'] };
  if (keyPath.length === 2 && keyPath[0] === 'contexts') return { what: 'a context', keys: Object.keys(BACKEND_ENTRIES) };
  if (keyPath.length === 3 && keyPath[0] === 'contexts' && keyPath[2] in BACKEND_ENTRIES) return { what: keyPath[2], keys: Object.keys(BACKEND_ENTRIES[keyPath[2] as BackendKey].shape) };
  return undefined;
}

/** Names people write for a key that has another name here. */
const NEAR_KEYS: Record<string, string> = { cacert: 'ca', 'tls-ca': 'ca', 'ca-cert': 'ca', 'ca-file': 'ca', address: 'url', addr: 'url', 'base-url': 'url', internal_url: 'internal-url', internalUrl: 'internal-url', token_env: 'token-env', tokenEnv: 'token-env', token_file: 'token-file', tokenFile: 'token-file', 'tls-cert': 'cert', 'tls-key': 'key', 'client-cert': 'cert', 'client-key': 'key' };

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return 'a number';
  return typeof v;
}

function valueAt(raw: unknown, keyPath: string[]): unknown {
  let cur = raw;
  for (const k of keyPath) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/**
 * One schema issue in the words of the file: the dotted key, what it must be, and a hint that
 * names the keys the place takes. Never the validator's own words, never a value (it may be a secret).
 */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { keyPath: string[]; message: string; hint?: string } {
  let keyPath = issue.path.map(String);
  const got = kindOf(valueAt(raw, keyPath));
  const field = keyPath[keyPath.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const place = keysAt(keyPath);
      keyPath = [...keyPath, key];
      const near = NEAR_KEYS[key];
      const hint = place ? `${near && place.keys.includes(near) ? `did you mean "${near}"? ` : ''}${place.what} takes: ${place.keys.join(', ')}` : undefined;
      return { keyPath, message: `unknown key "${key}"`, hint };
    }
    case 'invalid_type': {
      const expected = issue.expected as string;
      if (expected === 'object' || expected === 'record') {
        const place = keysAt(keyPath);
        const what = keyPath.length === 1 && keyPath[0] === 'contexts' ? ' from context names to contexts' : place ? ` (${place.what} takes: ${place.keys.join(', ')})` : '';
        return { keyPath, message: `must be a mapping${what}, not ${got}` };
      }
      if (expected === 'boolean') return { keyPath, message: `must be true or false, not ${got}` };
      if (expected === 'string') {
        const what = field === 'url' || field === 'internal-url' ? 'a URL' : field === 'ca' || field === 'cert' || field === 'key' || field === 'token-file' ? 'a file path' : field === 'token-env' ? 'the name of an environment variable' : field === 'current-context' ? 'the name of a context' : 'text';
        return { keyPath, message: `must be ${what}, not ${got}` };
      }
      return { keyPath, message: `must be ${expected === 'array' ? 'a list' : expected}, not ${got}` };
    }
    case 'too_small':
      return { keyPath, message: 'is empty: give a value or remove the key' };
    case 'invalid_format':
      if (field === 'token-env') return { keyPath, message: 'must be the name of an environment variable (such as MN_API_TOKEN) that holds the token, not the token itself' };
      return { keyPath, message: issue.message };
    default:
      return { keyPath, message: issue.message };
  }
}

/**
 * Why a contexts file that parses cannot be used: aliases that expand without end (a "billion
 * laughs" file: the YAML library stops at 100 alias expansions) or nesting deeper than the stack.
 */
function unreadableYaml(e: unknown): string {
  const message = (e as Error)?.message ?? String(e);
  if (/alias/i.test(message)) return 'its YAML aliases expand too far (more than 100 alias expansions, as in a "billion laughs" file); a contexts file needs no aliases';
  if (e instanceof RangeError || /call stack/i.test(message)) return 'it is nested too deeply to read';
  return `cannot read it as YAML: ${message.split('\n')[0]}`;
}

// The YAML parser loads when there is a file to read or write (it is CommonJS, so synchronously):
// a command run without a contexts file starts without it.
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export function loadConfig(env: Record<string, string | undefined>): LoadedConfig {
  const path = configPath(env);
  if (!existsSync(path)) {
    let doc: Document | undefined;
    return {
      path,
      exists: false,
      config: { contexts: {} },
      get doc() {
        return (doc ??= yaml().parseDocument('contexts: {}\n'));
      },
    };
  }
  const { isMap, LineCounter, parseDocument } = yaml();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw configError(path, `cannot read the contexts file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lc = new LineCounter();
  let doc: Document;
  let raw: unknown;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
    if (doc.errors.length) {
      const err = doc.errors[0];
      const line = lc.linePos(err.pos[0]).line;
      throw configError(path, /call stack/i.test(err.message) ? 'it is nested too deeply to read' : `not valid YAML: ${err.message.split('\n')[0]}`, line);
    }
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    if (e instanceof MeshError) throw e;
    throw configError(path, unreadableYaml(e));
  }
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    const { keyPath, message, hint } = describeIssue(parsed.error.issues[0], raw);
    // Point at the deepest node that exists in the document.
    let line: number | undefined;
    for (let n = keyPath.length; n >= 0 && line === undefined; n--) {
      const node = doc.getIn(keyPath.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) line = lc.linePos(node.range[0]).line;
      if (n > 0 && line === undefined) {
        const parent = n > 1 ? doc.getIn(keyPath.slice(0, n - 1), true) : doc.contents;
        if (isMap(parent)) {
          const pair = parent.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === keyPath[n - 1]);
          const k = pair?.key as { range?: [number, number, number] } | undefined;
          if (k?.range) line = lc.linePos(k.range[0]).line;
        }
      }
    }
    throw configError(path, `${keyPath.join('.') || '(top level)'}: ${message}`, line, hint ? `${hint}; ${GENERIC_HINT}` : GENERIC_HINT);
  }
  return { path, exists: true, config: parsed.data, doc };
}

/** Write the document back atomically (temp file + rename), mode 0600 since it can name secrets' files. */
export function saveConfig(loaded: LoadedConfig): void {
  const text = String(loaded.doc);
  const raw = loaded.doc.toJS() ?? {};
  const check = ConfigFile.safeParse(raw);
  if (!check.success) {
    const { keyPath, message, hint } = describeIssue(check.error.issues[0], raw);
    throw configError(loaded.path, `${keyPath.join('.') || '(top level)'}: ${message} (nothing was written)`, undefined, hint ? `${hint}; ${GENERIC_HINT}` : GENERIC_HINT);
  }
  const dir = dirname(loaded.path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A name nobody can guess, created exclusively (O_EXCL: never through a planted symlink or over
  // another file) with mode 0600 in the file's own folder, then renamed over the file in one step.
  const tmp = join(dir, `.${basename(loaded.path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, loaded.path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new MeshError({ kind: 'usage', code: 'file_error', message: `cannot write the contexts file ${loaded.path}: ${code ?? (e as Error).message}; nothing was changed`, hint: code === 'ENOSPC' ? 'the disk is full' : 'check the permissions of the file and its folder, or point MESHSCOPE_CONFIG at another file' });
  }
}

/**
 * A context name that is not in the file, wherever it was typed (`--context`, MESHSCOPE_CONTEXT,
 * `context use|show|delete`): a usage error (exit 2). Exit 3 is kept for what a server says does not exist.
 */
export function contextNotFound(name: string, known: string[], path?: string): MeshError {
  return new MeshError({
    kind: 'usage',
    code: 'context_not_found',
    message: `context "${name}" not found${path ? ` in ${path}` : ''}`,
    hint: known.length ? `known contexts: ${known.join(', ')} (meshscope context list)` : 'create one with `meshscope context set NAME admin.url=...`',
  });
}
