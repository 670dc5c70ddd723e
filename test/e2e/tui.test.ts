/**
 * `meshscope tui` end to end: piped it refuses with exit 2; on a real terminal (a pseudo-terminal
 * from util-linux `script`, or tmux) it draws the failing mesh, answers keys (expand, s, h, d, p, C,
 * /, q) and, on q, exits 0 leaving the terminal clean: main screen back, cursor shown.
 *
 * The pty output is read through a small terminal model (cursor moves, erases, the alternate
 * screen) so the assertions are on what an operator sees, not on escape codes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers.js';

const ROWS = 40;
const COLS = 240;

/** Just enough of a VT100/xterm to follow what Ink writes. */
class Screen {
  main: string[][];
  alt: string[][];
  altOn = false;
  cursorVisible = true;
  row = 0;
  col = 0;
  saved: [number, number] = [0, 0];
  osc: string[] = [];
  private pending = '';
  private decoder = new TextDecoder('utf-8');

  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    this.main = this.blank();
    this.alt = this.blank();
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array<string>(this.cols).fill(' '));
  }

  get grid(): string[][] {
    return this.altOn ? this.alt : this.main;
  }

  text(which: 'current' | 'main' = 'current'): string {
    const g = which === 'main' ? this.main : this.grid;
    return g.map((r) => r.join('').replace(/\s+$/, '')).join('\n');
  }

  private scrollUp(): void {
    const g = this.grid;
    g.shift();
    g.push(Array<string>(this.cols).fill(' '));
  }

  private newline(): void {
    if (this.row === this.rows - 1) this.scrollUp();
    else this.row++;
  }

  private put(ch: string): void {
    if (this.col >= this.cols) {
      this.col = 0;
      this.newline();
    }
    this.grid[this.row][this.col] = ch;
    this.col++;
  }

  private clamp(): void {
    this.row = Math.max(0, Math.min(this.rows - 1, this.row));
    this.col = Math.max(0, Math.min(this.cols - 1, this.col));
  }

  private eraseLine(mode: number): void {
    const line = this.grid[this.row];
    const [a, b] = mode === 0 ? [this.col, this.cols] : mode === 1 ? [0, this.col + 1] : [0, this.cols];
    for (let i = a; i < b; i++) line[i] = ' ';
  }

  private eraseDisplay(mode: number): void {
    if (mode === 2 || mode === 3) {
      for (const line of this.grid) line.fill(' ');
      return;
    }
    this.eraseLine(mode);
    const rows = mode === 0 ? [this.row + 1, this.rows] : [0, this.row];
    for (let r = rows[0]; r < rows[1]; r++) this.grid[r].fill(' ');
  }

  private csi(params: string, final: string): void {
    const priv = params.startsWith('?');
    const nums = (priv ? params.slice(1) : params).split(';').map((x) => (x === '' ? NaN : Number(x)));
    const n = (i: number, d = 1) => (Number.isNaN(nums[i]) || nums[i] === undefined ? d : nums[i]);
    if (priv && (final === 'h' || final === 'l')) {
      for (const m of nums) {
        if (m === 25) this.cursorVisible = final === 'h';
        if (m === 1049 || m === 1047 || m === 47) {
          const on = final === 'h';
          if (on && !this.altOn) {
            this.saved = [this.row, this.col];
            this.alt = this.blank();
          }
          if (!on && this.altOn) [this.row, this.col] = this.saved;
          this.altOn = on;
        }
      }
      return;
    }
    switch (final) {
      case 'A':
        this.row -= n(0);
        break;
      case 'B':
        this.row += n(0);
        break;
      case 'C':
        this.col += n(0);
        break;
      case 'D':
        this.col -= n(0);
        break;
      case 'E':
        this.row += n(0);
        this.col = 0;
        break;
      case 'F':
        this.row -= n(0);
        this.col = 0;
        break;
      case 'G':
        this.col = n(0) - 1;
        break;
      case 'H':
      case 'f':
        this.row = n(0) - 1;
        this.col = n(1) - 1;
        break;
      case 'J':
        this.eraseDisplay(n(0, 0));
        break;
      case 'K':
        this.eraseLine(n(0, 0));
        break;
      case 'X':
        for (let i = this.col; i < Math.min(this.cols, this.col + n(0)); i++) this.grid[this.row][i] = ' ';
        break;
      default:
        break; // SGR and the rest change nothing on the grid
    }
    this.clamp();
  }

  feed(chunk: Buffer): void {
    let s = this.pending + this.decoder.decode(chunk, { stream: true });
    this.pending = '';
    let i = 0;
    while (i < s.length) {
      const ch = s[i];
      if (ch === '\x1b') {
        const next = s[i + 1];
        if (next === undefined) {
          this.pending = s.slice(i);
          return;
        }
        if (next === '[') {
          const m = /^\x1b\[([0-?]*)([ -/]*)([@-~])/.exec(s.slice(i));
          if (!m) {
            this.pending = s.slice(i);
            return;
          }
          this.csi(m[1], m[3]);
          i += m[0].length;
          continue;
        }
        if (next === ']') {
          const bel = s.indexOf('\x07', i);
          const st = s.indexOf('\x1b\\', i);
          const end = bel >= 0 && (st < 0 || bel < st) ? bel : st;
          if (end < 0) {
            this.pending = s.slice(i);
            return;
          }
          this.osc.push(s.slice(i + 2, end));
          i = end + (end === bel ? 1 : 2);
          continue;
        }
        if (next === '7') this.saved = [this.row, this.col];
        if (next === '8') [this.row, this.col] = this.saved;
        i += 2;
        continue;
      }
      if (ch === '\r') this.col = 0;
      else if (ch === '\n') this.newline();
      else if (ch === '\b') this.col = Math.max(0, this.col - 1);
      else if (ch === '\t') this.col = Math.min(this.cols - 1, (Math.floor(this.col / 8) + 1) * 8);
      else if (ch >= ' ' && ch !== '\x7f') this.put(ch);
      i++;
    }
    s = '';
  }
}

interface Terminal {
  screen(): string;
  send(keys: string): void;
  /** Resolves with the exit code of meshscope. */
  exit: Promise<number | null>;
  /** After exit: the alternate screen was left and the cursor is visible. */
  clean(): { altScreen: boolean; cursorVisible: boolean; mainScreen: string };
  osc(): string[];
  kill(): void;
}

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

const ARGS = ['tui', '--mock', '--scenario', 'failing', '--refresh-ms', '1000'];
const ENV = cleanEnv({ TERM: 'xterm-256color', LANG: 'C.UTF-8', USER: 'operator' });

function viaScript(args = ARGS, env = ENV): Terminal & { raw(): string } {
  const cmd = `stty rows ${ROWS} cols ${COLS}; exec ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
  const child: ChildProcess = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const screen = new Screen(ROWS, COLS);
  let raw = '';
  child.stdout!.on('data', (d: Buffer) => {
    screen.feed(d);
    raw += d.toString('utf8');
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    screen: () => screen.text(),
    send: (k) => child.stdin!.write(k),
    exit,
    clean: () => ({ altScreen: screen.altOn, cursorVisible: screen.cursorVisible, mainScreen: screen.text('main') }),
    osc: () => screen.osc,
    kill: () => child.kill('SIGKILL'),
    raw: () => raw,
  };
}

function viaTmux(): Terminal {
  const dir = mkdtempSync(join(tmpdir(), 'meshscope-tui-'));
  const name = `meshscope-tui-${process.pid}`;
  const codeFile = join(dir, 'code');
  const envs = Object.entries(ENV).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  const cmd = `env -i ${envs} ${quote(process.execPath)} ${quote(BIN)} ${ARGS.join(' ')}; echo $? > ${quote(codeFile)}; sleep 30`;
  spawnSync('tmux', ['new-session', '-d', '-s', name, '-x', String(COLS), '-y', String(ROWS), cmd]);
  const tmux = (...a: string[]) => spawnSync('tmux', a, { encoding: 'utf8' }).stdout ?? '';
  const exit = new Promise<number | null>((resolve) => {
    const t = setInterval(() => {
      if (existsSync(codeFile) && readFileSync(codeFile, 'utf8').trim() !== '') {
        clearInterval(t);
        resolve(Number(readFileSync(codeFile, 'utf8').trim()));
      }
    }, 50);
  });
  const keyName: Record<string, string> = { '\t': 'Tab', '\x1b': 'Escape', '\r': 'Enter' };
  return {
    screen: () => tmux('capture-pane', '-p', '-t', name),
    send: (k) => void (keyName[k] ? tmux('send-keys', '-t', name, keyName[k]) : tmux('send-keys', '-t', name, '-l', k)),
    exit,
    clean: () => ({
      altScreen: tmux('display-message', '-p', '-t', name, '#{alternate_on}').trim() === '1',
      cursorVisible: tmux('display-message', '-p', '-t', name, '#{cursor_flag}').trim() === '1',
      mainScreen: tmux('capture-pane', '-p', '-t', name),
    }),
    osc: () => [],
    kill: () => void tmux('kill-session', '-t', name),
  };
}

const backend = process.env.MESHSCOPE_TEST_PTY ?? (hasTool('script') ? 'script' : hasTool('tmux') ? 'tmux' : undefined);

describe('meshscope tui (e2e)', () => {
  it('refuses to start when piped: exit 2 and where to go instead', async () => {
    const r = await runCli(['tui']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('meshscope tui needs a terminal; use `meshscope mesh tree` or `meshscope diagnose`');
    expect(r.stdout).toBe('');
    const m = await runCli(['tui', '--mock', '--scenario', 'failing']);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('needs a terminal');
    // `meshscope --addr URL` is the browser too (as hyperactor_mesh_admin_tui --addr URL).
    const a = await runCli(['--addr', 'http://127.0.0.1:9']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('meshscope tui needs a terminal');
  });

  it('refuses a bad --refresh-ms with exit 2', async () => {
    const r = await runCli(['tui', '--refresh-ms', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid --refresh-ms "soon"');
    const z = await runCli(['tui', '--refresh-ms', '0']);
    expect(z.code).toBe(2);
    expect(z.stderr).toContain('at least 100');
  });

  it.skipIf(!hasTool('script'))('draws no colour with --no-color or NO_COLOR', async () => {
    for (const [args, env] of [
      [[...ARGS, '--no-color'], ENV],
      [ARGS, { ...ENV, NO_COLOR: '1' }],
    ] as Array<[string[], Record<string, string>]>) {
      const term = viaScript(args, env);
      try {
        const t0 = Date.now();
        while (!term.screen().includes('(4 procs)')) {
          if (Date.now() - t0 > 15_000) throw new Error(`no tree on screen:\n${term.screen()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        term.send('q');
        expect(await term.exit).toBe(0);
        expect(term.raw()).not.toMatch(/\x1b\[[0-9;]*m/);
      } finally {
        term.kill();
      }
    }
  }, 60_000);

  it.skipIf(!backend)(`runs on a real terminal (${backend ?? 'no pty tool: install util-linux script or tmux to run this test'}): keys, overlays, and a clean exit on q`, async () => {
    const term = backend === 'tmux' ? viaTmux() : viaScript();
    const waitFor = async (pred: (s: string) => boolean, what: string, ms = 15_000): Promise<string> => {
      const t0 = Date.now();
      for (;;) {
        const s = term.screen();
        if (pred(s)) return s;
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // One key at a time, each once the screen has answered the one before: keys typed while the
    // app is busy would reach it as one chunk ("j\t", or Esc and a letter read as Alt+letter).
    const press = async (...keys: string[]) => {
      for (const k of keys) {
        const before = term.screen();
        term.send(k);
        const t0 = Date.now();
        do await new Promise((r) => setTimeout(r, 50));
        while (term.screen() === before && Date.now() - t0 < 10_000);
      }
    };
    try {
      // The first frame: header, root, hosts (host 3 never answers: 504 after 3 s).
      // (a screen read mid-paint may hold the tree but not yet the footer: wait for both)
      let s = await waitFor((x) => x.includes('tcp:10.0.0.2:26600  (4 procs)') && x.includes('j/k move  Tab open'), 'the hosts and the key help');
      expect(s).toMatch(/mesh-admin • http:\/\/127\.0\.0\.1:\d+ • up: 1h • @operator • sys:off • stopped:off/);
      expect(s).toContain('▸ ▼ Mesh Root (3 hosts)');
      expect(s).toContain('j/k move  Tab open');
      // Expand host 1: its procs with their counts; a poisoned one says so.
      await press('j', '\t');
      s = await waitFor((x) => x.includes('local  (0 actors)') && /philosophers {2}[([]/.test(x) && /trainer {2}[([]/.test(x), 'procs of host 1');
      expect(s).toMatch(/\[POISONED: \d/);
      // Into philosophers: its user actors; system actors hidden until s.
      await press('j', '\t');
      s = await waitFor((x) => /Status: +\S/.test(x) && x.includes('Flight Recorder') && !/[├└]─ +proc_agent/.test(x), 'an actor and its details');
      expect(s).not.toMatch(/[├└]─ +proc_agent/);
      await press('s');
      s = await waitFor((x) => x.includes('sys:on') && /[├└]─ .{2}proc_agent/.test(x), 'system actors');
      await press('h');
      s = await waitFor((x) => x.includes('stopped:on'), 'stopped actors');
      // Diagnostics, live, then the summary.
      await press('d');
      s = await waitFor((x) => x.includes('Diagnostics •'), 'the diagnostics overlay');
      s = await waitFor((x) => x.includes('static snapshot') && /checks passed\. Admin: /.test(x) && x.includes('HTTP 504 Gateway Timeout'), 'diagnostics done', 20_000);
      expect(s).toMatch(/\d+\/\d+ checks passed\. Admin: \d+\/\d+\. Mesh: \d+\/\d+\./);
      expect(s).toContain('HTTP 504 Gateway Timeout');
      expect(s).toContain('refresh paused');
      await press('\x1b');
      s = await waitFor((x) => !x.includes('Diagnostics •'), 'overlay closed');
      // py-spy of the selected actor's proc (the failing scenario's py-spy cannot attach).
      await press('p');
      // (a screen read mid-paint may hold the overlay's title but not its body: wait for both)
      s = await waitFor((x) => x.includes('py-spy • philosophers • at') && /py-spy failed on pid \d+/.test(x), 'py-spy overlay and its failure');
      expect(s).toMatch(/py-spy failed on pid \d+/);
      await press('\x1b', 'C');
      s = await waitFor((x) => x.includes('Config • philosophers • at') && x.includes('hyperactor::config'), 'config overlay and its values');
      expect(s).toContain('hyperactor::config');
      await press('\x1b', '/', 't', 'r', 'a', 'i', 'n', 'e', 'r');
      s = await waitFor((x) => /\/trainer▏ {2}match 1 of \d+/.test(x), 'search');
      expect(s).toMatch(/▸ +[├└]─ ▶ trainer {2}[([]/);
      await press('\r', 'y');
      s = await waitFor((x) => x.includes('copied trainer<'), 'copied reference');
      if (backend === 'script') expect(term.osc().some((o) => o.startsWith('52;c;'))).toBe(true);
      // q: exit 0, the terminal as it was.
      await press('q');
      const code = await Promise.race([term.exit, new Promise<string>((r) => setTimeout(() => r('still running'), 10_000))]);
      expect(code).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      const c = term.clean();
      expect(c.altScreen).toBe(false);
      expect(c.cursorVisible).toBe(true);
      expect(c.mainScreen).not.toContain('Mesh Root');
    } finally {
      term.kill();
    }
  }, 90_000);
});
