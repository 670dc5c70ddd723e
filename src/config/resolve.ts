/**
 * Where each backend is and how to talk to it.
 * Precedence: flag > environment (MESHSCOPE_CONTEXT, MESHSCOPE_<BACKEND>_URL, MESHSCOPE_<BACKEND>_CA and
 * the backends' own variables such as MN_API_BASE_URL, MN_API_TOKEN, ASTROMESH_DAEMON_URL) > context > default.
 * Every backend takes a CA (--cacert for admin, --<backend>-ca for the others) and --insecure.
 */
import { readFileSync } from 'node:fs';
import { MeshError, usageError, type Backend } from '../errors.js';
import type { Endpoint } from '../http/client.js';
import { redactUrl } from '../http/redact.js';
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
  /**
   * What is wrong with this endpoint's settings (an unreadable token file, a CA with a plain http
   * URL): raised when a command uses the endpoint, so it never stops the commands of other backends.
   */
  error?: MeshError;
  /** Where `insecure` came from: `flag --insecure`, `context mn.insecure`. */
  insecureSource?: string;
  /**
   * What to tell the user before this endpoint is used (printed once, on stderr): TLS verification
   * turned off by the context, a bearer token about to go to an address nobody chose.
   */
  warnings?: string[];
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
  /** The CA of each backend's server certificate (admin's is --cacert, as the admin TUI names it). */
  cacert?: string;
  mnCa?: string;
  asyaCa?: string;
  astromeshCa?: string;
  gridCa?: string;
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
    throw usageError(`invalid admin address: ${redactUrl(addr)}`, 'give host:port or a URL such as https://host:1729');
  }
  if (u.protocol === 'mast_conda:') throw usageError(`mast_conda addresses cannot be resolved by meshscope: ${redactUrl(addr)}`, 'give the admin server URL directly (https://host:1729)');
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw usageError(`unsupported scheme in admin address: ${redactUrl(addr)}`, 'use http://, https:// or host:port');
  if (tls.plaintext) u.protocol = 'http:';
  else if (u.protocol === 'http:' && hasTls) throw usageError(`${redactUrl(addr)} is plain http but TLS files were given`, 'use https:// with --cacert/--cert/--key, or drop them');
  return u.toString().replace(/\/$/, '');
}

/** The flag, variable and context key that give each endpoint its URL. */
export const URL_OPTIONS: Record<EndpointName, { flag: string; key: string }> = {
  admin: { flag: '--addr', key: 'admin.url' },
  mn: { flag: '--mn-url', key: 'mn.url' },
  asya: { flag: '--asya-url', key: 'asya.url' },
  asyaInternal: { flag: '--asya-internal-url', key: 'asya.internal-url' },
  astromesh: { flag: '--astromesh-url', key: 'astromesh.url' },
  grid: { flag: '--grid-url', key: 'grid.url' },
};

/** The flag, variable and context key that give each backend the CA its server certificate is checked against. */
export const CA_OPTIONS: Record<Backend, { flag: string; prop: 'cacert' | 'mnCa' | 'asyaCa' | 'astromeshCa' | 'gridCa'; env: string; key: string }> = {
  admin: { flag: '--cacert', prop: 'cacert', env: 'MESHSCOPE_ADMIN_CA', key: 'admin.ca' },
  mn: { flag: '--mn-ca', prop: 'mnCa', env: 'MESHSCOPE_MN_CA', key: 'mn.ca' },
  asya: { flag: '--asya-ca', prop: 'asyaCa', env: 'MESHSCOPE_ASYA_CA', key: 'asya.ca' },
  astromesh: { flag: '--astromesh-ca', prop: 'astromeshCa', env: 'MESHSCOPE_ASTROMESH_CA', key: 'astromesh.ca' },
  grid: { flag: '--grid-ca', prop: 'gridCa', env: 'MESHSCOPE_GRID_CA', key: 'grid.ca' },
};

const TOKEN_ENV = { mn: 'MN_API_TOKEN', grid: 'GRID_TOKEN' } as const;

type TokenEntry = { 'token-env'?: string; 'token-file'?: string } | undefined;

/**
 * The bearer token of mn or grid: the backend's own variable, else the context's token-env, else its
 * token-file. A token file that cannot be read fails only the commands that use that backend.
 */
function tokenOf(backend: 'mn' | 'grid', entry: TokenEntry, contextName: string | undefined, env: Record<string, string | undefined>): Pick<ResolvedEndpoint, 'token' | 'tokenSource' | 'error'> {
  const own = TOKEN_ENV[backend];
  if (env[own]) return { token: env[own], tokenSource: `env ${own}` };
  const envVar = entry?.['token-env'];
  if (envVar && env[envVar]) return { token: env[envVar], tokenSource: `env ${envVar}` };
  const file = entry?.['token-file'];
  if (!file) return {};
  try {
    return { token: readFileSync(file, 'utf8').trim(), tokenSource: `file ${file}` };
  } catch (e) {
    const where = contextName ? `context "${contextName}"` : 'the context';
    return {
      tokenSource: `file ${file}`,
      error: new MeshError({
        kind: 'usage',
        code: 'bad_config',
        backend,
        message: `cannot read the token file ${file} named by ${backend}.token-file in ${where}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        hint: `fix ${backend}.token-file in ${where} (meshscope context set ${contextName ?? 'NAME'} ${backend}.token-file=FILE), or set ${own}`,
      }),
    };
  }
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
  const contextName = name || undefined;
  const inContext = contextName ? `context "${contextName}"` : undefined;

  const pick = (key: EndpointName, flag: string | undefined, fromCtx: string | undefined): { url: string; source: Source } => {
    if (flag) return { url: flag, source: 'flag' };
    for (const v of ENV_URLS[key]) if (env[v]) return { url: env[v]!, source: 'env' };
    if (fromCtx) return { url: fromCtx, source: 'context' };
    return { url: DEFAULT_URLS[key], source: 'default' };
  };

  /** flag > environment > context, with where it came from. */
  const caOf = (b: Backend, fromCtx: string | undefined): Pick<ResolvedEndpoint, 'ca' | 'caSource'> => {
    const o = CA_OPTIONS[b];
    const f = flags[o.prop];
    if (f) return { ca: f, caSource: `flag ${o.flag}` };
    if (env[o.env]) return { ca: env[o.env], caSource: `env ${o.env}` };
    if (fromCtx) return { ca: fromCtx, caSource: `context ${o.key}` };
    return {};
  };
  const insecureOf = (b: Backend, fromCtx: boolean | undefined): Pick<ResolvedEndpoint, 'insecure' | 'insecureSource'> => {
    if (flags.insecure) return { insecure: true, insecureSource: 'flag --insecure' };
    if (fromCtx) return { insecure: true, insecureSource: `context ${b}.insecure` };
    return {};
  };
  /** What to say when the server's certificate cannot be verified. */
  const tlsHint = (b: Backend, ca: Pick<ResolvedEndpoint, 'ca' | 'caSource'>): string => {
    const o = CA_OPTIONS[b];
    // --cacert (as the admin TUI names it) is the admin server's CA: never taken for another backend
    if (!ca.ca && b !== 'admin' && flags.cacert) return `--cacert is the CA of the admin server only; pass ${o.flag} FILE with the CA that signed the ${b} server's certificate (or set ${o.env}, or ${o.key} in the context), or --insecure to skip verification (not recommended)`;
    if (ca.ca) return `the CA from ${ca.caSource} (${ca.ca}) did not sign this certificate: give ${o.flag} (or ${o.env}, or ${o.key} in the context) the CA that did, or --insecure to skip verification (not recommended)`;
    return `pass ${o.flag} FILE with the CA that signed the server certificate (or set ${o.env}, or ${o.key} in the context), or --insecure to skip verification (not recommended)`;
  };
  /** What to say when nothing answers at a default URL: the key that names the real one. */
  const addressHint = (k: EndpointName, url: string): string => {
    const o = URL_OPTIONS[k];
    if (contextName) return `no ${o.key} in ${inContext}, so the default ${url} was tried: add ${o.key} to ${inContext} (meshscope context set ${contextName} ${o.key}=URL), or pass ${o.flag} URL`;
    return `no ${BACKEND_OF[k]} URL is configured, so the default ${url} was tried: pass ${o.flag} URL, set ${ENV_URLS[k][0]}, or make a context (meshscope context set NAME ${o.key}=URL --use); --mock runs against the embedded mock`;
  };
  const endpoint = (k: EndpointName, p: { url: string; source: Source }, tls: Pick<ResolvedEndpoint, 'ca' | 'caSource' | 'insecure' | 'insecureSource'>, extra: Partial<ResolvedEndpoint> = {}): ResolvedEndpoint => ({
    backend: BACKEND_OF[k],
    url: p.url,
    source: p.source,
    ...tls,
    tlsHint: tlsHint(BACKEND_OF[k], tls),
    ...(p.source === 'default' ? { addressHint: addressHint(k, p.url) } : {}),
    ...extra,
  });

  // admin: the admin TUI's rules (adminUrl); TLS files flag > environment > context
  const a = pick('admin', flags.addr, ctx.admin?.url);
  const adminCa = caOf('admin', ctx.admin?.ca);
  const fileOf = (flag: string | undefined, envVar: string, fromCtx: string | undefined, key: string) =>
    flag ? { file: flag, from: 'flag' } : env[envVar] ? { file: env[envVar], from: 'env' } : fromCtx ? { file: fromCtx, from: key } : undefined;
  const cert = fileOf(flags.cert, 'MESHSCOPE_ADMIN_CERT', ctx.admin?.cert, 'admin.cert');
  const key = fileOf(flags.key, 'MESHSCOPE_ADMIN_KEY', ctx.admin?.key, 'admin.key');
  // one half of the client certificate from the context or the environment: say which one to add
  if (Boolean(cert) !== Boolean(key)) {
    const has = (cert ?? key)!;
    const [hasKey, lacksKey, lacksFlag] = cert ? ['admin.cert', 'admin.key', '--key'] : ['admin.key', 'admin.cert', '--cert'];
    if (has.from === hasKey && contextName) {
      throw usageError(`${inContext} names ${hasKey} but no ${lacksKey}: the client certificate and its key go together`, `add ${lacksKey} to ${inContext} (meshscope context set ${contextName} ${lacksKey}=FILE), or pass ${lacksFlag}`, 'bad_config');
    }
    if (has.from === 'env') {
      const [set, unset] = cert ? ['MESHSCOPE_ADMIN_CERT', 'MESHSCOPE_ADMIN_KEY'] : ['MESHSCOPE_ADMIN_KEY', 'MESHSCOPE_ADMIN_CERT'];
      throw usageError(`${set} is set but ${unset} is not: the client certificate and its key go together`, `set ${unset} too, or pass ${lacksFlag}`);
    }
  }
  const plaintext = flags.plaintext ?? ctx.admin?.plaintext;
  const admin = endpoint(
    'admin',
    { url: adminUrl(a.url, { ca: adminCa.ca, cert: cert?.file, key: key?.file, plaintext }), source: a.source },
    { ...adminCa, ...insecureOf('admin', ctx.admin?.insecure) },
    { cert: cert?.file, key: key?.file },
  );

  const mnTls = { ...caOf('mn', ctx.mn?.ca), ...insecureOf('mn', ctx.mn?.insecure) };
  const asyaTls = { ...caOf('asya', ctx.asya?.ca), ...insecureOf('asya', ctx.asya?.insecure) };
  const astromeshTls = { ...caOf('astromesh', ctx.astromesh?.ca), ...insecureOf('astromesh', ctx.astromesh?.insecure) };
  const gridTls = { ...caOf('grid', ctx.grid?.ca), ...insecureOf('grid', ctx.grid?.insecure) };

  const endpoints: ResolvedEndpoints = {
    admin,
    mn: endpoint('mn', pick('mn', flags.mnUrl, ctx.mn?.url), mnTls, tokenOf('mn', ctx.mn, contextName, env)),
    asya: endpoint('asya', pick('asya', flags.asyaUrl, ctx.asya?.url), asyaTls),
    asyaInternal: endpoint('asyaInternal', pick('asyaInternal', flags.asyaInternalUrl, ctx.asya?.['internal-url']), asyaTls),
    astromesh: endpoint('astromesh', pick('astromesh', flags.astromeshUrl, ctx.astromesh?.url), astromeshTls),
    grid: endpoint('grid', pick('grid', flags.gridUrl, ctx.grid?.url), gridTls, tokenOf('grid', ctx.grid, contextName, env)),
  };

  // A CA named for a backend asks for TLS: a plain http URL is refused, never a silent downgrade
  // (the admin rules above do the same for its TLS files). Refused when the endpoint is used.
  for (const k of ['mn', 'asya', 'asyaInternal', 'astromesh', 'grid'] as const) {
    const e = endpoints[k];
    if (!e.ca || !/^http:/i.test(e.url)) continue;
    const b = e.backend;
    const o = CA_OPTIONS[b];
    const u = URL_OPTIONS[k];
    const from = e.caSource?.startsWith('context') ? 'context' : e.caSource?.startsWith('flag') ? 'flag' : 'env';
    const who = from === 'context' ? `the context names a CA for ${b} (${o.key})` : from === 'flag' ? `${o.flag} names a CA for ${b}` : `${o.env} names a CA for ${b}`;
    let hint: string;
    if (e.source === 'default') {
      hint = contextName
        ? `no ${u.key} in ${inContext}, so the default ${e.url} was used: add ${u.key} to ${inContext} (meshscope context set ${contextName} ${u.key}=https://HOST:PORT), or pass ${u.flag} https://HOST:PORT`
        : `the default ${b} URL is plain http: pass ${u.flag} https://HOST:PORT (or set ${ENV_URLS[k][0]})`;
    } else {
      const drop = from === 'context' ? `remove ${o.key} from the context` : from === 'flag' ? `drop ${o.flag}` : `unset ${o.env}`;
      hint = `use the https:// URL of the ${b} server, or ${drop} to use plain http`;
    }
    e.error ??= usageError(`${redactUrl(e.url)} is plain http but ${who}`, hint, 'tls_required');
  }

  for (const k of Object.keys(endpoints) as EndpointName[]) {
    const e = endpoints[k];
    const b = e.backend;
    const warnings: string[] = [];
    // --insecure warns once for every backend (Session); the context's insecure warns here, per endpoint
    if (e.insecure && e.insecureSource?.startsWith('context') && /^https:/i.test(e.url)) {
      warnings.push(`TLS certificates of ${b} (${redactUrl(e.url)}) are not verified: insecure: true in ${inContext} (${b}.insecure); anyone on the network path can read and change this traffic`);
    }
    // --cacert is never taken for another backend: say so instead of ignoring it silently
    if (b !== 'admin' && flags.cacert && !e.ca && /^https:/i.test(e.url)) {
      const o = CA_OPTIONS[b];
      warnings.push(`--cacert is the CA of the admin server only: the certificate of ${b} (${redactUrl(e.url)}) is checked against the system's CAs; pass ${o.flag} FILE for ${b}`);
    }
    // a token sent to an address nobody chose: whatever listens there (any local user, a forgotten mock) gets it
    if (e.token && e.source === 'default') {
      const u = URL_OPTIONS[k];
      const choose = `pass ${u.flag} URL (or set ${ENV_URLS[k][0]}${contextName ? `, or add ${u.key} to ${inContext}` : `, or ${u.key} in a context`})`;
      warnings.push(
        /^http:/i.test(e.url)
          ? `the ${b} bearer token (${e.tokenSource}) goes over plain http to ${e.url}, the default address: no ${b} URL was chosen, and any program on this machine can listen there; ${choose}`
          : `the ${b} bearer token (${e.tokenSource}) goes to ${e.url}, the default address: no ${b} URL was chosen; ${choose}`,
      );
    }
    if (warnings.length) e.warnings = warnings;
  }
  return { contextName, config: loaded, endpoints };
}
