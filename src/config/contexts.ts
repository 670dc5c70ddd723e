/** The operations behind `meshscope context list|show|set|use|delete`. */
import { isMap, YAMLMap } from 'yaml';
import { MeshError, usageError } from '../errors.js';
import { contextNotFound, describeIssue, loadConfig, saveConfig } from './file.js';
import { redactUrl } from '../http/redact.js';
import { adminUrl, resolveEndpoints, type EndpointFlags, type EndpointName, type ResolvedEndpoint } from './resolve.js';
import { BACKEND_ENTRIES, type BackendKey } from './schema.js';

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
    backends: Object.entries(entry ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k),
  }));
  return { path: loaded.path, rows, current };
}

export interface ShownEndpoint {
  endpoint: EndpointName;
  url: string;
  source: string;
  /** One line for people: `ca FILE (context mn.ca), insecure (flag --insecure)`. */
  tls?: string;
  ca?: string;
  ca_source?: string;
  insecure?: true;
  insecure_source?: string;
  auth?: string;
  /** What a command of this endpoint would be refused for. */
  problem?: { code: string; message: string; hint?: string };
}

/** The endpoints a context resolves to, with where each URL, CA and token came from; secrets shown only as "set". */
export function showContext(name: string | undefined, flags: EndpointFlags, env: Record<string, string | undefined>): { context?: string; path: string; endpoints: ShownEndpoint[] } {
  const res = resolveEndpoints({ ...flags, context: name ?? flags.context }, env);
  const endpoints = (Object.entries(res.endpoints) as Array<[EndpointName, ResolvedEndpoint]>).map(([endpoint, e]) => {
    const tls = [e.ca && `ca ${e.ca} (${e.caSource})`, e.cert && `cert ${e.cert}`, e.key && 'key set', e.insecure && `insecure (${e.insecureSource})`].filter(Boolean).join(', ');
    const tokenUnreadable = e.error && !e.token && e.tokenSource?.startsWith('file ');
    const auth = tokenUnreadable ? `token unreadable (${e.tokenSource})` : e.token ? `bearer token set (${e.tokenSource})` : undefined;
    return {
      endpoint,
      url: redactUrl(e.url),
      source: e.source,
      ...(tls ? { tls } : {}),
      ...(e.ca ? { ca: e.ca, ca_source: e.caSource } : {}),
      ...(e.insecure ? { insecure: true as const, insecure_source: e.insecureSource } : {}),
      ...(auth ? { auth } : {}),
      ...(e.error ? { problem: { code: e.error.code, message: e.error.message, ...(e.error.hint ? { hint: e.error.hint } : {}) } } : {}),
    };
  });
  return { context: res.contextName, path: res.config.path, endpoints };
}

const BOOLEAN_KEYS = new Set(['plaintext', 'insecure']);
const URL_KEYS = new Set(['url', 'internal-url']);

function keysOf(backend: BackendKey): string[] {
  return Object.keys(BACKEND_ENTRIES[backend].shape);
}

/** One KEY=VALUE of `context set`, checked before anything is written; the error names the key as typed. */
function parseAssignment(a: string): { backend: BackendKey; field: string; value: string | boolean | undefined } {
  const eq = a.indexOf('=');
  if (eq <= 0) throw usageError(`expected KEY=VALUE, got "${a}"`, 'for example: admin.url=https://mesh:1729 mn.token-env=MN_API_TOKEN');
  const key = a.slice(0, eq);
  const raw = a.slice(eq + 1);
  const parts = key.split('.');
  if (parts.length !== 2) throw usageError(`unknown key "${key}"`, 'keys are BACKEND.FIELD, e.g. admin.url, admin.ca, mn.token-env, asya.internal-url');
  const [backend, field] = parts as [BackendKey, string];
  if (!(backend in BACKEND_ENTRIES)) throw usageError(`unknown backend "${backend}" in "${key}"`, `backends: ${Object.keys(BACKEND_ENTRIES).join(', ')}`);
  if (!keysOf(backend).includes(field)) throw usageError(`unknown key "${key}"`, `${backend} takes: ${keysOf(backend).join(', ')}`);
  if (raw === '') return { backend, field, value: undefined };
  let value: string | boolean = raw;
  if (BOOLEAN_KEYS.has(field)) {
    if (raw !== 'true' && raw !== 'false') throw usageError(`${key} must be true or false`, `for example: ${key}=true`);
    value = raw === 'true';
  }
  if (URL_KEYS.has(field)) {
    if (backend === 'admin') {
      // the admin TUI's address forms: host:port (https) or a URL
      try {
        adminUrl(raw, {});
      } catch (e) {
        throw usageError(`${key}: ${(e as Error).message}`, 'give host:port or a URL such as https://host:1729');
      }
    } else if (!/^https?:\/\/[^/]/i.test(raw) || !URL.canParse(raw)) {
      throw usageError(`${key} must be an http:// or https:// URL, got "${raw}"`, `for example: ${key}=${backend === 'mn' ? 'https://mn.example/api/v1' : 'https://host:port'}`);
    }
  }
  const shape = BACKEND_ENTRIES[backend].shape as Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: Parameters<typeof describeIssue>[0][] } } }>;
  const checked = shape[field].safeParse(value);
  if (!checked.success) {
    // the value is not repeated: a token pasted in place of its variable's name must not be printed
    const { message } = describeIssue({ ...checked.error!.issues[0], path: [field] }, { [field]: value });
    throw usageError(`${key} ${message}`, `see \`meshscope context set --help\``);
  }
  return { backend, field, value };
}

/**
 * `context set NAME admin.url=https://h:1729 mn.token-env=MN_API_TOKEN ...`: any key of any backend,
 * in any order (a token or a CA may come before its URL). `replace` starts the context afresh.
 */
export function setContext(name: string, assignments: string[], opts: { use?: boolean; replace?: boolean }, env: Record<string, string | undefined>): { path: string; created: boolean } {
  if (!name || /[\s/]/.test(name)) throw usageError(`invalid context name "${name}"`, 'use a name without spaces or slashes');
  const parsed = assignments.map(parseAssignment);
  const loaded = loadConfig(env);
  const created = !loaded.config.contexts[name];
  if (!isMap(loaded.doc.contents) || !loaded.doc.has('contexts') || !isMap(loaded.doc.get('contexts'))) {
    loaded.doc.set('contexts', new YAMLMap());
  }
  // an empty `{}` (a new file's `contexts: {}`) grows in block style, as the rest of the file
  const contexts = loaded.doc.get('contexts', true);
  if (isMap(contexts) && contexts.items.length === 0) contexts.flow = false;
  if (opts.replace || !isMap(loaded.doc.getIn(['contexts', name]))) loaded.doc.setIn(['contexts', name], new YAMLMap());
  for (const { backend, field, value } of parsed) {
    const path = ['contexts', name, backend, field];
    if (value === undefined) {
      if (isMap(loaded.doc.getIn(['contexts', name, backend]))) loaded.doc.deleteIn(path);
      continue;
    }
    if (!isMap(loaded.doc.getIn(['contexts', name, backend]))) loaded.doc.setIn(['contexts', name, backend], new YAMLMap());
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
