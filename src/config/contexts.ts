/** The operations behind `meshscope context list|show|set|use|delete`. */
import { isMap } from 'yaml';
import { usageError } from '../errors.js';
import { contextNotFound, loadConfig, saveConfig } from './file.js';
import { resolveEndpoints, type EndpointFlags, type EndpointName, type ResolvedEndpoint } from './resolve.js';
import { ContextEntry } from './schema.js';

export interface ContextRow {
  name: string;
  current: boolean;
  backends: string[];
}

export function listContexts(env: Record<string, string | undefined>): { path: string; rows: ContextRow[]; current?: string } {
  const loaded = loadConfig(env);
  const current = env.MESHSCOPE_CONTEXT ?? loaded.config['current-context'];
  const rows = Object.entries(loaded.config.contexts).map(([name, entry]) => ({
    name,
    current: name === current,
    backends: Object.keys(entry ?? {}),
  }));
  return { path: loaded.path, rows, current };
}

export interface ShownEndpoint {
  endpoint: EndpointName;
  url: string;
  source: string;
  tls?: string;
  auth?: string;
}

/** The endpoints a context resolves to, with where each came from; secrets shown only as "set". */
export function showContext(name: string | undefined, flags: EndpointFlags, env: Record<string, string | undefined>): { context?: string; path: string; endpoints: ShownEndpoint[] } {
  const res = resolveEndpoints({ ...flags, context: name ?? flags.context }, env);
  const endpoints = (Object.entries(res.endpoints) as Array<[EndpointName, ResolvedEndpoint]>).map(([endpoint, e]) => {
    const tls = [e.ca && `ca ${e.ca}`, e.cert && `cert ${e.cert}`, e.key && 'key set', e.insecure && 'insecure'].filter(Boolean).join(', ');
    return {
      endpoint,
      url: e.url,
      source: e.source,
      ...(tls ? { tls } : {}),
      ...(e.token ? { auth: `bearer token set (${e.tokenSource})` } : {}),
    };
  });
  return { context: res.contextName, path: res.config.path, endpoints };
}

const BOOLEAN_KEYS = new Set(['plaintext', 'insecure']);

/** `context set NAME admin.url=https://h:1729 mn.token-env=MN_API_TOKEN ...` */
export function setContext(name: string, assignments: string[], opts: { use?: boolean }, env: Record<string, string | undefined>): { path: string; created: boolean } {
  if (!name || /[\s/]/.test(name)) throw usageError(`invalid context name "${name}"`, 'use a name without spaces or slashes');
  const loaded = loadConfig(env);
  const created = !loaded.config.contexts[name];
  if (!isMap(loaded.doc.contents) || !loaded.doc.has('contexts') || !isMap(loaded.doc.get('contexts'))) {
    loaded.doc.set('contexts', loaded.doc.createNode({}));
  }
  if (!loaded.doc.hasIn(['contexts', name]) || loaded.doc.getIn(['contexts', name]) === null) loaded.doc.setIn(['contexts', name], loaded.doc.createNode({}));
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw usageError(`expected KEY=VALUE, got "${a}"`, 'for example: admin.url=https://mesh:1729 mn.token-env=MN_API_TOKEN');
    const key = a.slice(0, eq);
    const raw = a.slice(eq + 1);
    const parts = key.split('.');
    if (parts.length !== 2) throw usageError(`unknown key "${key}"`, 'keys are BACKEND.FIELD, e.g. admin.url, admin.ca, mn.token-env, asya.internal-url');
    const [backend, field] = parts;
    const shape = (ContextEntry.shape as Record<string, { unwrap(): { shape: Record<string, unknown> } } | undefined>)[backend];
    if (!shape) throw usageError(`unknown backend "${backend}" in "${key}"`, 'backends: admin, mn, asya, astromesh, grid');
    if (!(field in shape.unwrap().shape)) throw usageError(`unknown key "${key}"`, `${backend} takes: ${Object.keys(shape.unwrap().shape).join(', ')}`);
    const path = ['contexts', name, backend, field];
    if (raw === '') {
      loaded.doc.deleteIn(path);
      continue;
    }
    let value: string | boolean = raw;
    if (BOOLEAN_KEYS.has(field)) {
      if (raw !== 'true' && raw !== 'false') throw usageError(`${key} must be true or false`, `for example: ${key}=true`);
      value = raw === 'true';
    }
    if (!loaded.doc.hasIn(['contexts', name, backend])) loaded.doc.setIn(['contexts', name, backend], loaded.doc.createNode({}));
    loaded.doc.setIn(path, value);
  }
  if (opts.use || !loaded.config['current-context']) loaded.doc.set('current-context', name);
  saveConfig(loaded);
  return { path: loaded.path, created };
}

export function useContext(name: string, env: Record<string, string | undefined>): string {
  const loaded = loadConfig(env);
  if (!loaded.config.contexts[name]) throw contextNotFound(name, Object.keys(loaded.config.contexts), loaded.path);
  loaded.doc.set('current-context', name);
  saveConfig(loaded);
  return loaded.path;
}

export function deleteContext(name: string, env: Record<string, string | undefined>): { path: string; wasCurrent: boolean } {
  const loaded = loadConfig(env);
  if (!loaded.config.contexts[name]) throw contextNotFound(name, Object.keys(loaded.config.contexts), loaded.path);
  loaded.doc.deleteIn(['contexts', name]);
  const wasCurrent = loaded.config['current-context'] === name;
  if (wasCurrent) loaded.doc.delete('current-context');
  saveConfig(loaded);
  return { path: loaded.path, wasCurrent };
}
