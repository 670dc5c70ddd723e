/**
 * Where the contexts file is, and what a command needs of it when there is none: neither zod (the
 * file's schema) nor the YAML parser loads unless a file exists (file.ts reads it).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Document } from 'yaml';
import { MeshError } from '../errors.js';
import type { ConfigFile } from './schema.js';

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

/** No contexts file at `path`: no contexts, and an empty document to edit (the YAML parser loads only then). */
export function emptyConfig(path: string): LoadedConfig {
  let doc: Document | undefined;
  return {
    path,
    exists: false,
    config: { contexts: {} },
    get doc() {
      return (doc ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parseDocument('contexts: {}\n'));
    },
  };
}

/** The contexts file, read and validated by file.ts (with zod and the YAML parser) only when it exists. */
export async function loadConfigIfAny(env: Record<string, string | undefined>): Promise<LoadedConfig> {
  const path = configPath(env);
  if (!existsSync(path)) return emptyConfig(path);
  return (await import('./file.js')).loadConfig(env);
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
