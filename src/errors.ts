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
  | 'interrupted';

const EXIT_BY_KIND: Record<ErrorKind, ExitCodeValue> = {
  usage: ExitCode.usage,
  not_found: ExitCode.notFound,
  unreachable: ExitCode.unreachable,
  auth: ExitCode.auth,
  server: ExitCode.failed,
  failed: ExitCode.failed,
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
  }

  /** The same error with another hint. */
  withHint(hint: string): MeshError {
    return new MeshError({ kind: this.kind, code: this.code, message: this.message, hint, backend: this.backend, status: this.status, retryable: this.retryable, details: this.details, retryAfterS: this.retryAfterS, cause: this.cause });
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

/** Wrap anything thrown into a MeshError without losing its message. */
export function toMeshError(e: unknown): MeshError {
  if (e instanceof MeshError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /call stack/i.test(message)) {
    // what the HTTP client does not check (a stream's event, an input file) nested too deeply to handle
    return new MeshError({ kind: 'server', code: 'nested_too_deep', message: 'the data is nested too deeply to process (thousands of levels of JSON or YAML)', hint: 'no real payload is nested that deep: check where the data came from', cause: e });
  }
  return new MeshError({
    kind: 'server',
    code: 'internal_error',
    message: `unexpected error: ${message}`,
    hint: 'run again with --verbose for the stack trace, and report it if it persists',
    cause: e,
  });
}
