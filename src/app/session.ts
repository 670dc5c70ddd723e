/**
 * What a command gets to work with: the output layer, the resolved endpoints (or the in-process
 * mock under --mock), one pooled HTTP client per endpoint, the overall deadline, and cleanup.
 */
import { abortError, usageError } from '../errors.js';
import { parseDurationMs } from '../cli/flags.js';
import type { HttpClient } from '../http/client.js';
import { colorEnabled, FORMATS, Output, type Format, type IO } from '../output/index.js';
import type { EndpointFlags, EndpointName, Resolution } from '../config/resolve.js';
import type { MockHandle } from '../mock/server.js';

export interface GlobalOptions extends EndpointFlags {
  output?: string;
  json?: boolean;
  color?: boolean;
  timeout?: string;
  requestTimeout?: string;
  verbose?: boolean;
  mock?: boolean;
  scenario?: string;
  diagnose?: boolean;
}

export interface SessionInit {
  io: IO;
  opts: GlobalOptions;
  /** Aborted on Ctrl-C. */
  interrupt?: AbortSignal;
}

export class Session {
  readonly io: IO;
  readonly opts: GlobalOptions;
  readonly out: Output;
  readonly format: Format;
  /** Per-request timeout, ms. */
  readonly requestTimeoutMs: number;
  /** Overall deadline of the command, ms (undefined: none). */
  readonly timeoutMs?: number;
  readonly signal: AbortSignal;
  /** The --timeout deadline: held here (AbortSignal.any keeps only weak references to its sources). */
  private readonly deadline = new AbortController();
  private deadlineTimer?: NodeJS.Timeout;
  private readonly controller = new AbortController();
  private resolution?: Promise<Resolution>;
  private clients = new Map<EndpointName, HttpClient>();
  private cleanups: Array<() => unknown> = [];
  mock?: MockHandle;

  constructor(init: SessionInit) {
    this.io = init.io;
    this.opts = init.opts;
    const format = (init.opts.json ? 'json' : (init.opts.output ?? 'table')) as Format;
    if (!FORMATS.includes(format)) throw usageError(`unknown output format "${init.opts.output}"`, `use one of: ${FORMATS.join(', ')}`);
    this.format = format;
    this.out = new Output(init.io, {
      format,
      color: colorEnabled(init.io.stdout, init.io.env, init.opts.color !== false),
      verbose: Boolean(init.opts.verbose),
    });
    const warn = (m: string) => this.out.warn(m);
    this.requestTimeoutMs = init.opts.requestTimeout ? parseDurationMs(init.opts.requestTimeout, '--request-timeout', { bareUnit: 's', warn }) : 30_000;
    this.timeoutMs = init.opts.timeout ? parseDurationMs(init.opts.timeout, '--timeout', { bareUnit: 's', warn }) : undefined;
    const signals = [this.controller.signal, init.interrupt].filter(Boolean) as AbortSignal[];
    if (this.timeoutMs) {
      signals.push(this.deadline.signal);
      // under --mock the clock starts once the embedded mock is up (its start-up is not the command's time)
      if (!init.opts.mock) this.armDeadline();
    }
    this.signal = signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    if (init.opts.insecure) this.out.warn('--insecure: the TLS certificates of every backend are not verified; anyone on the network path can read and change this traffic');
  }

  /** Start the --timeout clock. */
  private armDeadline(): void {
    if (!this.timeoutMs) return;
    this.deadlineTimer = setTimeout(() => this.deadline.abort(new DOMException(`the overall timeout of ${this.opts.timeout} expired`, 'TimeoutError')), this.timeoutMs);
    this.deadlineTimer.unref();
  }

  onCleanup(fn: () => unknown): void {
    this.cleanups.push(fn);
  }

  /** Resolve endpoints once: flags > env > context > defaults, or the in-process mock under --mock. */
  endpoints(): Promise<Resolution> {
    this.resolution ??= this.resolve();
    return this.resolution;
  }

  private async resolve(): Promise<Resolution> {
    const [{ resolveWith }, { loadConfigIfAny }] = await Promise.all([import('../config/endpoints.js'), import('../config/paths.js')]);
    const res = resolveWith(this.opts, this.io.env, await loadConfigIfAny(this.io.env));
    if (!this.opts.mock) {
      if (this.opts.scenario) throw usageError('--scenario needs --mock', 'add --mock to run against the embedded mock, or run `meshscope mock serve --scenario NAME`');
      return res;
    }
    const { startMock } = await import('../mock/server.js');
    this.out.debug(`starting the embedded mock (scenario ${this.opts.scenario ?? 'healthy'})`);
    this.mock = await startMock({ scenario: this.opts.scenario, portBase: 0, env: this.io.env });
    this.armDeadline();
    const mock = this.mock;
    this.onCleanup(() => mock.close());
    for (const name of Object.keys(res.endpoints) as EndpointName[]) {
      const e = res.endpoints[name];
      const url = mock.urls[name];
      if (url) res.endpoints[name] = { backend: e.backend, url, source: 'mock', token: e.token, tokenSource: e.tokenSource, error: e.error };
    }
    return res;
  }

  /** The pooled client of one endpoint (created once per command). */
  async client(name: EndpointName): Promise<HttpClient> {
    const existing = this.clients.get(name);
    if (existing) return existing;
    const { endpoints } = await this.endpoints();
    if (endpoints[name].error) throw endpoints[name].error;
    await this.warnEndpoint(name);
    const { HttpClient } = await import('../http/client.js');
    const client = new HttpClient(endpoints[name], {
      timeoutMs: this.requestTimeoutMs,
      signal: this.signal,
      log: this.opts.verbose ? (line) => this.out.debug(line) : undefined,
    });
    this.clients.set(name, client);
    return client;
  }

  private warned = new Set<EndpointName>();

  /**
   * Say once, on stderr, what the user must know before an endpoint is used: TLS verification
   * turned off by the context, a bearer token going to a default address. Every client of an
   * endpoint is made after this (`client()` calls it; code that makes its own client calls it first).
   */
  async warnEndpoint(name: EndpointName): Promise<void> {
    if (this.warned.has(name)) return;
    this.warned.add(name);
    const { endpoints } = await this.endpoints();
    for (const w of endpoints[name].warnings ?? []) this.out.warn(w);
  }

  /** Fail with exit 130 if the user pressed Ctrl-C, or 4 if the overall deadline passed. */
  checkAborted(): void {
    if (this.signal.aborted) throw abortError(this.signal.reason);
  }

  async close(): Promise<void> {
    this.out.flush();
    clearTimeout(this.deadlineTimer);
    for (const c of this.clients.values()) await c.close();
    for (const fn of this.cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // cleanup must not hide the command's own result
      }
    }
  }
}
