/**
 * The one error type of meshscope. Every failure a user can meet — a bad flag, a broken context
 * file, a refused connection, any backend's error body — becomes a MeshError, which carries what
 * the output layer needs to print `error: <message> (<code>)` and `hint: ...`, and the exit code.
 */

export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  unreachable: 4,
  auth: 13,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type Backend = 'admin' | 'mn' | 'asya' | 'astromesh' | 'grid';

/** What went wrong, coarsely; decides the exit code. */
export type ErrorKind =
  | 'usage' // bad flag, bad input, bad manifest, bad config file
  | 'not_found' // the server says the thing does not exist
  | 'unreachable' // cannot connect, TLS failure, timeout
  | 'auth' // 401/403
  | 'server' // the server failed (5xx, unusable answer)
  | 'failed' // the thing checked or waited for is unhealthy / failed / canceled
  | 'internal' // a bug in meshscope itself (a TypeError in its own code...), not the server's doing
  | 'interrupted';

const EXIT_BY_KIND: Record<ErrorKind, ExitCodeValue> = {
  usage: ExitCode.usage,
  not_found: ExitCode.notFound,
  unreachable: ExitCode.unreachable,
  auth: ExitCode.auth,
  server: ExitCode.failed,
  failed: ExitCode.failed,
  internal: ExitCode.failed,
  interrupted: ExitCode.interrupted,
};

export interface MeshErrorInit {
  kind: ErrorKind;
  /** Stable machine-readable code: the server's own code where it has one (admin `error.code`). */
  code: string;
  message: string;
  hint?: string;
  backend?: Backend;
  status?: number;
  retryable?: boolean;
  /** Structured details from the server (validation issues, 422 lists...). Printed, never dropped. */
  details?: unknown;
  /** Seconds the server asked us to wait (Retry-After). */
  retryAfterS?: number;
  /** Commands to run next (`meshscope job list --all`): `next_steps` under `-o json`, `hint:` lines in text. */
  nextSteps?: string[];
  cause?: unknown;
}

export class MeshError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly hint?: string;
  readonly backend?: Backend;
  readonly status?: number;
  readonly retryable: boolean;
  readonly details?: unknown;
  readonly retryAfterS?: number;
  readonly nextSteps?: string[];

  constructor(init: MeshErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'MeshError';
    this.kind = init.kind;
    this.code = init.code;
    this.hint = init.hint;
    this.backend = init.backend;
    this.status = init.status;
    this.retryable = init.retryable ?? false;
    this.details = init.details;
    this.retryAfterS = init.retryAfterS;
    this.nextSteps = init.nextSteps?.length ? [...init.nextSteps] : undefined;
  }

  private init(): MeshErrorInit {
    return { kind: this.kind, code: this.code, message: this.message, hint: this.hint, backend: this.backend, status: this.status, retryable: this.retryable, details: this.details, retryAfterS: this.retryAfterS, nextSteps: this.nextSteps, cause: this.cause };
  }

  /** The same error with another hint. */
  withHint(hint: string): MeshError {
    return new MeshError({ ...this.init(), hint });
  }

  /** The same error with these commands to run next. */
  withNextSteps(nextSteps: string[]): MeshError {
    return new MeshError({ ...this.init(), nextSteps });
  }

  /**
   * The `hint:` lines of the text form: the hint, then each next step the hint does not already
   * quote, as `run \`COMMAND\``.
   */
  hintLines(): string[] {
    const lines = this.hint ? [this.hint] : [];
    for (const step of this.nextSteps ?? []) if (!this.hint?.includes(`\`${step}\``)) lines.push(`run \`${step}\``);
    return lines;
  }

  get exitCode(): ExitCodeValue {
    return EXIT_BY_KIND[this.kind];
  }

  /** The `{"error": {...}}` body printed under `-o json`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.backend !== undefined) out.backend = this.backend;
    if (this.status !== undefined) out.status = this.status;
    out.retryable = this.retryable;
    out.exit_code = this.exitCode;
    if (this.details !== undefined) out.details = this.details;
    if (this.nextSteps !== undefined) out.next_steps = this.nextSteps;
    return out;
  }
}

/** Was a signal aborted by a deadline (AbortSignal.timeout, the session's --timeout) rather than Ctrl-C? */
export function isTimeoutReason(reason: unknown): boolean {
  return (reason as { name?: string } | undefined)?.name === 'TimeoutError';
}

/**
 * Why aborted work stopped: the overall --timeout (exit 4) or Ctrl-C (exit 130). `continues` says
 * what goes on without meshscope (`the job keeps running`).
 */
export function abortError(reason: unknown, opts: { backend?: Backend; continues?: string } = {}): MeshError {
  const tail = opts.continues ? ` (${opts.continues})` : '';
  if (isTimeoutReason(reason)) return new MeshError({ kind: 'unreachable', code: 'timeout', backend: opts.backend, message: `the overall timeout expired${tail}`, hint: 'raise --timeout' });
  return new MeshError({ kind: 'interrupted', code: 'interrupted', backend: opts.backend, message: `interrupted${tail}` });
}

export function usageError(message: string, hint?: string, code = 'usage'): MeshError {
  return new MeshError({ kind: 'usage', code, message, hint });
}

export function isMeshError(e: unknown): e is MeshError {
  return e instanceof MeshError;
}

/** The hint of every meshscope bug: how to see the stack, and that it should be reported. */
export const BUG_HINT = 'this is a bug in meshscope, not in the server: please report it with the command you ran and its output under --verbose (which adds the stack trace)';

/** The system error code (ECONNRESET, ENOENT, UND_ERR_SOCKET...) of an error or of its cause. */
function systemCode(e: unknown): string | undefined {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z0-9]+|UND_ERR\w*|ERR_TLS\w*|ERR_SSL\w*|CERT_\w+|DEPTH_ZERO\w*|UNABLE_TO\w+|SELF_SIGNED\w*)$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Did meshscope's own code go wrong? The errors JavaScript raises for code that is wrong (a
 * TypeError, RangeError, ReferenceError, URIError, EvalError, a failed assertion) are bugs; one that
 * carries a system error (a socket reset, a missing file) is the world's doing, whatever its class.
 */
export function isInternalError(e: unknown): boolean {
  if (e instanceof MeshError) return e.kind === 'internal';
  if (!(e instanceof Error) || systemCode(e) !== undefined) return false;
  if ((e as { code?: unknown }).code === 'ERR_ASSERTION') return true;
  return e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof URIError || e instanceof EvalError;
}

/** A meshscope bug as a MeshError: kind `internal` (exit 1), the message says so; the stack only under --verbose. */
export function internalError(e: unknown): MeshError {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new MeshError({ kind: 'internal', code: 'internal_error', message: `internal error (a bug in meshscope, not the server's doing): ${message}`, hint: BUG_HINT, cause: e });
}

/** Wrap anything thrown into a MeshError without losing its message. */
export function toMeshError(e: unknown): MeshError {
  if (e instanceof MeshError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /call stack/i.test(message)) {
    // what the HTTP client does not check (a stream's event, an input file) nested too deeply to handle
    return new MeshError({ kind: 'server', code: 'nested_too_deep', message: 'the data is nested too deeply to process (thousands of levels of JSON or YAML)', hint: 'no real payload is nested that deep: check where the data came from', cause: e });
  }
  if (isInternalError(e)) return internalError(e);
  const code = systemCode(e);
  return new MeshError({
    kind: 'server',
    code: 'unexpected_error',
    message: `unexpected error${code ? ` (${code})` : ''}: ${message}`,
    hint: 'run again with --verbose for the stack trace, and report it if it persists',
    cause: e,
  });
}
