/**
 * Loading and editing the contexts file: $MESHSCOPE_CONFIG, else
 * $XDG_CONFIG_HOME/meshscope/config.yaml, else ~/.config/meshscope/config.yaml.
 * Validation errors name the bad key and its line; edits keep the user's comments.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { MeshError } from '../errors.js';
import { ConfigFile } from './schema.js';

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

function configError(path: string, message: string, line?: number): MeshError {
  return new MeshError({
    kind: 'usage',
    code: 'bad_config',
    message: `${path}${line ? `:${line}` : ''}: ${message}`,
    hint: 'fix the contexts file (see `meshscope context --help`), or point MESHSCOPE_CONFIG at another one',
  });
}

export function loadConfig(env: Record<string, string | undefined>): LoadedConfig {
  const path = configPath(env);
  if (!existsSync(path)) {
    return { path, exists: false, config: { contexts: {} }, doc: parseDocument('contexts: {}\n') };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw configError(path, `cannot read the contexts file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const line = lc.linePos(err.pos[0]).line;
    throw configError(path, `not valid YAML: ${err.message.split('\n')[0]}`, line);
  }
  const raw = doc.toJS() ?? {};
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let keyPath = issue.path.map(String);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const key = (issue as { keys: string[] }).keys[0];
      keyPath = [...keyPath, key];
      message = `unknown key "${key}"`;
    }
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
    throw configError(path, `${keyPath.join('.') || '(top level)'}: ${message}`, line);
  }
  return { path, exists: true, config: parsed.data, doc };
}

/** Write the document back atomically (temp file + rename), mode 0600 since it can name secrets' files. */
export function saveConfig(loaded: LoadedConfig): void {
  const text = String(loaded.doc);
  const check = ConfigFile.safeParse(loaded.doc.toJS() ?? {});
  if (!check.success) {
    const issue = check.error.issues[0];
    throw configError(loaded.path, `${issue.path.join('.')}: ${issue.message}`);
  }
  mkdirSync(dirname(loaded.path), { recursive: true });
  const tmp = `${loaded.path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, loaded.path);
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
