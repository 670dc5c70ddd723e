/**
 * Where each backend is and how to talk to it.
 * Precedence: flag > environment (MESHSCOPE_CONTEXT, MESHSCOPE_<BACKEND>_URL and the backends' own
 * variables such as MN_API_BASE_URL, MN_API_TOKEN, ASTROMESH_DAEMON_URL) > context > default.
 */
import { readFileSync } from 'node:fs';
import { MeshError, usageError, type Backend } from '../errors.js';
import type { Endpoint } from '../http/client.js';
import type { ContextEntry } from './schema.js';
import { contextNotFound, loadConfig, type LoadedConfig } from './file.js';

export const DEFAULT_URLS = {
  admin: 'https://localhost:1729',
  mn: 'http://localhost:54001/api/v1',
  asya: 'http://localhost:8080',
  asyaInternal: 'http://localhost:8081',
  astromesh: 'http://localhost:8000',
  grid: 'https://localhost:8443',
} as const;

export type EndpointName = keyof typeof DEFAULT_URLS;
export type Source = 'flag' | 'env' | 'context' | 'default' | 'mock';

export interface ResolvedEndpoint extends Endpoint {
  source: Source;
  /** Where the token came from, for `context show` (never the token itself). */
  tokenSource?: string;
}

export type ResolvedEndpoints = Record<EndpointName, ResolvedEndpoint>;

/** The flags that bear on endpoints (all optional; defined once on the root command). */
export interface EndpointFlags {
  context?: string;
  addr?: string;
  mnUrl?: string;
  asyaUrl?: string;
  asyaInternalUrl?: string;
  astromeshUrl?: string;
  gridUrl?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  plaintext?: boolean;
  insecure?: boolean;
}

export const ENV_URLS: Record<EndpointName, string[]> = {
  admin: ['MESHSCOPE_ADMIN_URL'],
  mn: ['MESHSCOPE_MN_URL', 'MN_API_BASE_URL'],
  asya: ['MESHSCOPE_ASYA_URL'],
  asyaInternal: ['MESHSCOPE_ASYA_INTERNAL_URL'],
  astromesh: ['MESHSCOPE_ASTROMESH_URL', 'ASTROMESH_DAEMON_URL'],
  grid: ['MESHSCOPE_GRID_URL'],
};

const BACKEND_OF: Record<EndpointName, Backend> = {
  admin: 'admin',
  mn: 'mn',
  asya: 'asya',
  asyaInternal: 'asya',
  astromesh: 'astromesh',
  grid: 'grid',
};

/**
 * The admin TUI's transport rules: `host:port` or a URL; a bare `host:port` means https;
 * --plaintext forces http and conflicts with TLS files; an explicit http:// with TLS files is an error.
 */
export function adminUrl(addr: string, tls: { plaintext?: boolean; ca?: string; cert?: string; key?: string }): string {
  const hasTls = Boolean(tls.ca || tls.cert || tls.key);
  if (tls.plaintext && hasTls) throw usageError('--plaintext conflicts with --cacert/--cert/--key', 'drop --plaintext to use TLS, or drop the certificate flags');
  if ((tls.cert && !tls.key) || (!tls.cert && tls.key)) throw usageError('--cert and --key must be given together', 'pass both the client certificate and its key');
  let url = addr.trim();
  if (!/^[a-z][a-z0-9+._-]*:\/\//i.test(url)) url = `${tls.plaintext ? 'http' : 'https'}://${url}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw usageError(`invalid admin address: ${addr}`, 'give host:port or a URL such as https://host:1729');
  }
  if (u.protocol === 'mast_conda:') throw usageError(`mast_conda addresses cannot be resolved by meshscope: ${addr}`, 'give the admin server URL directly (https://host:1729)');
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw usageError(`unsupported scheme in admin address: ${addr}`, 'use http://, https:// or host:port');
  if (tls.plaintext) u.protocol = 'http:';
  else if (u.protocol === 'http:' && hasTls) throw usageError(`${addr} is plain http but TLS files were given`, 'use https:// with --cacert/--cert/--key, or drop them');
  return u.toString().replace(/\/$/, '');
}

function readToken(envVar: string | undefined, file: string | undefined, env: Record<string, string | undefined>): { token?: string; source?: string } {
  if (envVar && env[envVar]) return { token: env[envVar], source: `env ${envVar}` };
  if (file) {
    try {
      return { token: readFileSync(file, 'utf8').trim(), source: `file ${file}` };
    } catch (e) {
      throw new MeshError({ kind: 'usage', code: 'bad_config', message: `cannot read the token file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'fix token-file in the context' });
    }
  }
  return {};
}

export interface Resolution {
  contextName?: string;
  config: LoadedConfig;
  endpoints: ResolvedEndpoints;
}

export function resolveEndpoints(flags: EndpointFlags, env: Record<string, string | undefined>, loaded: LoadedConfig = loadConfig(env)): Resolution {
  const name = flags.context ?? env.MESHSCOPE_CONTEXT ?? loaded.config['current-context'];
  let ctx: ContextEntry = {};
  if (name !== undefined && name !== '') {
    const found = loaded.config.contexts[name];
    if (!found) throw contextNotFound(name, Object.keys(loaded.config.contexts), loaded.path);
    ctx = found;
  }

  const pick = (key: EndpointName, flag: string | undefined, fromCtx: string | undefined): { url: string; source: Source } => {
    if (flag) return { url: flag, source: 'flag' };
    for (const v of ENV_URLS[key]) if (env[v]) return { url: env[v]!, source: 'env' };
    if (fromCtx) return { url: fromCtx, source: 'context' };
    return { url: DEFAULT_URLS[key], source: 'default' };
  };

  // admin: TLS files from flags override the context's.
  const a = pick('admin', flags.addr, ctx.admin?.url);
  const tls = {
    ca: flags.cacert ?? env.MESHSCOPE_ADMIN_CA ?? ctx.admin?.ca,
    cert: flags.cert ?? env.MESHSCOPE_ADMIN_CERT ?? ctx.admin?.cert,
    key: flags.key ?? env.MESHSCOPE_ADMIN_KEY ?? ctx.admin?.key,
    plaintext: flags.plaintext ?? ctx.admin?.plaintext,
  };
  const admin: ResolvedEndpoint = {
    backend: 'admin',
    url: adminUrl(a.url, tls),
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    insecure: flags.insecure ?? ctx.admin?.insecure,
    source: a.source,
  };

  const m = pick('mn', flags.mnUrl, ctx.mn?.url);
  const mnTok = env.MN_API_TOKEN ? { token: env.MN_API_TOKEN, source: 'env MN_API_TOKEN' } : readToken(ctx.mn?.['token-env'], ctx.mn?.['token-file'], env);
  const mn: ResolvedEndpoint = { backend: 'mn', url: m.url, source: m.source, token: mnTok.token, tokenSource: mnTok.source, ca: ctx.mn?.ca, insecure: flags.insecure ?? ctx.mn?.insecure };

  const s = pick('asya', flags.asyaUrl, ctx.asya?.url);
  const si = pick('asyaInternal', flags.asyaInternalUrl, ctx.asya?.['internal-url']);
  const ast = pick('astromesh', flags.astromeshUrl, ctx.astromesh?.url);

  const g = pick('grid', flags.gridUrl, ctx.grid?.url);
  const gridTok = env.GRID_TOKEN ? { token: env.GRID_TOKEN, source: 'env GRID_TOKEN' } : readToken(ctx.grid?.['token-env'], ctx.grid?.['token-file'], env);

  const endpoints: ResolvedEndpoints = {
    admin,
    mn,
    asya: { backend: 'asya', url: s.url, source: s.source },
    asyaInternal: { backend: 'asya', url: si.url, source: si.source },
    astromesh: { backend: 'astromesh', url: ast.url, source: ast.source },
    grid: { backend: 'grid', url: g.url, source: g.source, token: gridTok.token, tokenSource: gridTok.source, ca: ctx.grid?.ca, insecure: flags.insecure ?? ctx.grid?.insecure },
  };
  for (const k of Object.keys(endpoints) as EndpointName[]) endpoints[k].backend = BACKEND_OF[k];
  // a context that names a CA asks for TLS: a plain http URL from a flag or the environment is
  // refused, never a silent downgrade (the admin rules above do the same for its TLS files)
  for (const k of ['mn', 'grid'] as const) {
    const e = endpoints[k];
    if (e.ca && /^http:/i.test(e.url)) {
      throw usageError(`${e.url} is plain http but the context names a CA for ${k} (${k}.ca)`, `use the https:// URL of the ${k} server, or remove ${k}.ca from the context to use plain http`, 'tls_required');
    }
  }
  return { contextName: name || undefined, config: loaded, endpoints };
}
