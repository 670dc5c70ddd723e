/**
 * The one output layer. stdout carries results only; warnings, progress, verbose logs and errors
 * go to stderr. Colour only on a TTY and never with NO_COLOR / --no-color. Every string that came
 * from a server is sanitised before it reaches a terminal.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type * as YamlModule from 'yaml';
import { MeshError } from '../errors.js';
import { escapeC1, hasInvisible, sanitize, sanitizeCell, sanitizeValue, showControls } from './sanitize.js';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface IO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

// The table and YAML writers load on first use (both are CommonJS, so synchronously): a command
// that prints JSON, such as `--diagnose`, starts without them.
const requireCjs = createRequire(import.meta.url);
const yamlStringify = (value: unknown, options: YamlModule.ToStringOptions): string => {
  const yaml = requireCjs('yaml') as typeof YamlModule;
  const text = yaml.stringify(value, options);
  if (!hasInvisible(text)) return text;
  // a bidi control can be escaped only inside a double-quoted string: quote every string (keys
  // too) that holds one, and let escapeC1 write the escapes
  const doc = new yaml.Document(value);
  yaml.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasInvisible(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString(options);
};

export const FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type Format = (typeof FORMATS)[number];

export type Tone = 'ok' | 'warn' | 'bad' | 'dim' | 'accent' | undefined;

export interface Column<T> {
  header: string;
  get: (row: T) => unknown;
  /** Shown only with -o wide. */
  wide?: boolean;
  tone?: (row: T) => Tone;
}

export interface View<T> {
  columns: Column<T>[];
  /** What `-o name` prints, one per line (kubectl: `kind/name`). */
  name: (row: T) => string;
}

export interface OutputOptions {
  format: Format;
  /** Colour decision already made by the caller from flags, env and TTY. */
  color: boolean;
  verbose: boolean;
}

/** Decide colour the way the house rules say: TTY only, never with NO_COLOR or --no-color. */
export function colorEnabled(stream: OutStream, env: Record<string, string | undefined>, flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Gathered NDJSON is written once it reaches this many characters. */
const PENDING_FLUSH = 32 * 1024;

export class Output {
  readonly format: Format;
  readonly verbose: boolean;
  /** chalk for stdout and for stderr; level 0 when colour is off. */
  readonly c: ChalkInstance;
  readonly ce: ChalkInstance;
  private spinner?: NodeJS.Timeout;
  /** stdout has carried NDJSON records: an error now goes to stderr, the stream stays one object per line. */
  private streaming = false;
  /** NDJSON records not yet written (see ndjson). */
  private pending = '';
  private flushSoon = false;

  constructor(
    readonly io: IO,
    opts: OutputOptions,
  ) {
    this.format = opts.format;
    this.verbose = opts.verbose;
    this.c = new Chalk({ level: opts.color && io.stdout.isTTY !== false ? 1 : 0 });
    this.ce = new Chalk({ level: opts.color && colorEnabled(io.stderr, io.env, true) ? 1 : 0 });
  }

  get structured(): boolean {
    return this.format === 'json' || this.format === 'yaml';
  }

  tone(text: string, tone: Tone, c: ChalkInstance = this.c): string {
    switch (tone) {
      case 'ok':
        return c.green(text);
      case 'warn':
        return c.yellow(text);
      case 'bad':
        return c.red(text);
      case 'dim':
        return c.gray(text);
      case 'accent':
        return c.cyan(text);
      default:
        return text;
    }
  }

  /** Raw result text (already meant for humans, e.g. a server's ASCII tree). */
  text(text: string): void {
    const clean = sanitize(text);
    this.put(clean.endsWith('\n') ? clean : clean + '\n');
  }

  /**
   * Lines styled by the caller with this layer's own chalk (`out.c`), around server text the caller
   * has already passed through sanitize(). The only way to print pre-coloured result lines.
   */
  styled(lines: string[]): void {
    if (lines.length) this.put(lines.join('\n') + '\n');
  }

  /** Streamed result text (tokens, fly text) as it arrives: sanitised, no newline added. */
  write(text: string): string {
    const clean = sanitize(text);
    if (clean) this.put(clean);
    return clean;
  }

  /**
   * Resolves once stdout has taken what was written to it (at once when it keeps up): a stream
   * that arrives faster than stdout is read waits here instead of piling up in memory.
   */
  drained(): Promise<void> {
    this.flush();
    const s = this.io.stdout as OutStream & { writableNeedDrain?: boolean; once?(event: 'drain' | 'close', fn: () => void): unknown; off?(event: 'drain' | 'close', fn: () => void): unknown };
    if (!s.writableNeedDrain || !s.once) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        s.off?.('drain', done);
        s.off?.('close', done);
        resolve();
      };
      s.once!('drain', done);
      s.once!('close', done);
    });
  }

  /** Structured data as the user asked: json (pretty), yaml. Falls back to json for table modes. */
  data(value: unknown): void {
    if (this.format === 'yaml') this.put(escapeC1(yamlStringify(value, { lineWidth: 0 }), 'yaml'));
    else this.put(escapeC1(JSON.stringify(value, null, 2), 'json') + '\n');
  }

  /**
   * One record of a stream: NDJSON under -o json. Records bound for a pipe or a file are gathered
   * and written a few dozen kilobytes at a time (a walk of 100,000 nodes makes a few thousand
   * writes, not 100,000), at the latest one turn of the event loop after they were made; on a
   * terminal each is written at once.
   */
  ndjson(value: unknown): void {
    this.streaming = true;
    const line = escapeC1(JSON.stringify(value), 'json') + '\n';
    if (this.io.stdout.isTTY === true) return this.put(line);
    this.pending += line;
    if (this.pending.length >= PENDING_FLUSH) this.flush();
    else if (!this.flushSoon) {
      this.flushSoon = true;
      setImmediate(() => this.flush());
    }
  }

  /** Write the gathered records now (before anything else is written, and at the end of a command). */
  flush(): void {
    this.flushSoon = false;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.io.stdout.write(text);
  }

  private put(text: string): void {
    if (this.pending) this.flush();
    this.io.stdout.write(text);
  }

  /** stderr: after the records gathered for stdout, so that the two read in the order they were made. */
  private putErr(text: string): void {
    if (this.pending) this.flush();
    this.io.stderr.write(text);
  }

  /**
   * A list of records in the format the user asked for. `raw` is what json/yaml print (an empty
   * list still prints its usual shape). An empty list prints nothing on stdout in the other
   * formats: `empty` (default "No resources found.") goes to stderr, as kubectl does.
   */
  list<T>(rows: T[], view: View<T>, raw: unknown = rows, opts: { empty?: string } = {}): void {
    if (this.structured) return this.data(raw);
    if (rows.length === 0) {
      if (view.columns.length || opts.empty) this.info(opts.empty ?? 'No resources found.');
      return;
    }
    if (this.format === 'name') {
      for (const r of rows) this.put(sanitizeCell(view.name(r)) + '\n');
      return;
    }
    this.put(this.renderTable(rows, view));
  }

  /** One record: json/yaml print `raw`; table modes print `fields` as aligned key: value lines. */
  item(fields: Array<[string, unknown, Tone?]>, raw: unknown, name?: string): void {
    if (this.structured) return this.data(raw);
    if (this.format === 'name') {
      if (name !== undefined) this.put(sanitizeCell(name) + '\n');
      return;
    }
    const width = Math.max(0, ...fields.map(([k]) => k.length)) + 1;
    const lines = fields
      .filter(([, v]) => v !== undefined)
      .map(([k, v, t]) => `${this.c.bold((k + ':').padEnd(width))} ${this.tone(sanitizeValue(display(v)), t)}`);
    this.put(lines.join('\n') + '\n');
  }

  /** The rows as an aligned table with its header; '' for no rows (the caller says so, on stderr). */
  renderTable<T>(rows: T[], view: View<T>): string {
    if (rows.length === 0) return '';
    const cols = view.columns.filter((c) => this.format === 'wide' || !c.wide);
    const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '' };
    const Table = requireCjs('cli-table3') as typeof TableType;
    const table = new Table({
      head: cols.map((c) => this.c.bold(c.header)),
      chars: blank,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 3 },
      wordWrap: false,
    });
    for (const r of rows) {
      table.push(cols.map((c) => this.tone(sanitizeCell(display(c.get(r))), c.tone?.(r))));
    }
    return (
      table
        .toString()
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n') + '\n'
    );
  }

  info(message: string): void {
    this.stopProgress();
    this.putErr(sanitize(message) + '\n');
  }

  warn(message: string): void {
    this.stopProgress();
    this.putErr(`${this.ce.yellow('warning:')} ${sanitize(message)}\n`);
  }

  debug(message: string): void {
    if (!this.verbose) return;
    this.putErr(this.ce.gray(sanitize(message)) + '\n');
  }

  /**
   * Print an error: `error: <message> (<code>)` + `hint:` on stderr, or `{"error":{...}}` on stdout.
   * `stderr`: always the text form on stderr, for an error beside a result that stdout already carries
   * (also once an NDJSON stream has started).
   */
  error(err: MeshError, opts: { stderr?: boolean } = {}): void {
    this.stopProgress();
    if (this.format === 'json' && !opts.stderr && !this.streaming) {
      this.put(escapeC1(JSON.stringify({ error: err.toJSON() }, null, 2), 'json') + '\n');
      return;
    }
    // an error may quote what the user typed or the server sent: control characters and line
    // breaks are shown as visible escapes (\x1b, \n), so the message keeps what was wrong, the
    // terminal acts on none of it, and no part of it can pass for a line of its own (a `hint:`)
    const lines = [`${this.ce.red('error:')} ${showControls(err.message, true)} (${showControls(err.code, true)})`];
    for (const d of describeDetails(err.details)) lines.push(`  ${showControls(d, true)}`);
    for (const h of err.hintLines()) lines.push(`${this.ce.cyan('hint:')} ${showControls(h, true)}`);
    this.putErr(lines.join('\n') + '\n');
  }

  /** A spinner with a label on stderr, only when stderr is a TTY. */
  progress(label: string): { update(label: string): void; done(): void } {
    if (this.io.stderr.isTTY !== true) return { update() {}, done() {} };
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let i = 0;
    let text = sanitizeCell(label);
    const draw = () => this.putErr(`\r\x1b[2K${this.ce.cyan(frames[i++ % frames.length])} ${text}`);
    this.stopProgress();
    draw();
    this.spinner = setInterval(draw, 80);
    this.spinner.unref();
    return {
      update: (l: string) => {
        text = sanitizeCell(l);
      },
      done: () => this.stopProgress(),
    };
  }

  private stopProgress(): void {
    if (this.spinner) {
      clearInterval(this.spinner);
      this.spinner = undefined;
      this.putErr('\r\x1b[2K');
    }
  }
}

/** Render structured error details (422 lists, validation issues) one line each; nothing dropped. */
export function describeDetails(details: unknown): string[] {
  if (details === undefined || details === null) return [];
  if (Array.isArray(details)) {
    return details.map((d) => {
      if (d && typeof d === 'object') {
        const o = d as Record<string, unknown>;
        const loc = Array.isArray(o.loc) ? o.loc.join('.') : typeof o.location === 'object' && o.location ? display((o.location as Record<string, unknown>).pointer ?? (o.location as Record<string, unknown>).path) : display(o.loc ?? o.path ?? o.field);
        const msg = display(o.msg ?? o.message ?? o.detail ?? d);
        const help = o.help ? ` (${display(o.help)})` : '';
        return loc ? `- ${loc}: ${msg}${help}` : `- ${msg}${help}`;
      }
      return `- ${display(d)}`;
    });
  }
  if (typeof details === 'object') {
    return Object.entries(details as Record<string, unknown>).map(([k, v]) => `${k}: ${display(v)}`);
  }
  return [display(details)];
}
