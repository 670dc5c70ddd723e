/**
 * `meshscope tui`: the terminal side of the browser. Colour follows the house rules (chalk's level
 * is set to 0 for NO_COLOR, --no-color or a stdout that is not a terminal, which silences Ink's
 * colours too); the app draws on the alternate screen, and the terminal is handed back clean — main
 * screen restored, cursor shown, raw mode off — however it ends (q, Ctrl-C, a signal, an error).
 *
 * Ink and React are imported here, lazily, and by nothing that other commands load.
 */
import { format } from 'node:util';
import type { Session } from '../app/session.js';
import { AdminClient } from '../backends/admin/client.js';
import type { EndpointName, Resolution } from '../config/resolve.js';
import { colorEnabled } from '../output/index.js';
import { diagnoseRunner, pyspyLines } from './adapters.js';
import { Controller } from './controller.js';
import { importInk } from './ink.js';
import type { ViewName } from './state.js';
import type { ViewSources } from './views/sources.js';

export interface TuiOptions {
  refreshMs: number;
}

export const ENTER_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H';
export const LEAVE_SCREEN = '\x1b[?25h\x1b[?1049l';

/** OSC 52: the terminal puts the text on the system clipboard (also over ssh). */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

/** Run a program with `input` on its stdin; resolves when it exits 0. */
function pipeTo(cmd: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'], timeout: 3000 });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
      child.stdin.end(input);
    }, reject);
  });
}

/**
 * Put text on the clipboard and say where it went. Inside tmux, which drops the OSC 52 of the
 * programs it runs unless `set-clipboard on`, the text goes to a tmux buffer (which tmux also
 * sends on to the terminal's clipboard where it can); elsewhere OSC 52 asks the terminal to take
 * it (most do, also over ssh; the terminal does not say whether it did).
 */
export async function copyToClipboard(text: string, stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Promise<string> {
  if (!stdout.isTTY) throw new Error('stdout is not a terminal');
  if (env.TMUX) {
    try {
      await pipeTo('tmux', ['load-buffer', '-w', '-'], text);
      return 'the tmux buffer and the clipboard (prefix ] pastes it)';
    } catch {
      try {
        await pipeTo('tmux', ['load-buffer', '-'], text);
        return 'the tmux buffer (prefix ] pastes it)';
      } catch {
        // not this tmux: try the terminal
      }
    }
  }
  stdout.write(osc52(text));
  return 'the terminal’s clipboard (OSC 52, where the terminal allows it)';
}

const VIEW_NEEDS: Record<Exclude<ViewName, 'mesh'>, { endpoint: EndpointName; backend: string; flag: string; assign: string; meanwhile: string }> = {
  jobs: { endpoint: 'mn', backend: 'MirrorNeuron (mn)', flag: '--mn-url (or MN_API_BASE_URL)', assign: 'mn.url=http://HOST:54001/api/v1', meanwhile: 'meshscope job list' },
  envelopes: { endpoint: 'asya', backend: 'Asya', flag: '--asya-url', assign: 'asya.url=http://HOST:8080', meanwhile: 'meshscope envelope list' },
  agents: { endpoint: 'astromesh', backend: 'Astromesh', flag: '--astromesh-url (or ASTROMESH_DAEMON_URL)', assign: 'astromesh.url=http://HOST:8000', meanwhile: 'meshscope agent list' },
};

/** What `:jobs`, `:envelopes` and `:agents` say until their views exist. */
export function viewMessage(view: ViewName, res: Pick<Resolution, 'contextName' | 'endpoints'>): string[] {
  if (view === 'mesh') return [];
  const need = VIEW_NEEDS[view];
  const e = res.endpoints[need.endpoint];
  if (e.source === 'default') {
    const where = res.contextName ? `context "${res.contextName}" has no \`${need.endpoint}\` entry` : `no context is selected and no \`${need.endpoint}\` endpoint is given`;
    return [
      `The ${view} view needs the ${need.backend} endpoint, and ${where}.`,
      `Add it: meshscope context set ${res.contextName ?? 'NAME'} ${need.assign}${res.contextName ? '' : ' --use'}`,
      `or pass ${need.flag}.`,
    ];
  }
  return [`The ${view} view is not available in the browser yet.`, `Meanwhile: ${need.meanwhile}  (${need.backend} at ${e.url}, from ${e.source})`];
}

/** The list views whose endpoint is known (the others keep saying which context entry is missing). */
export async function viewSources(s: Session, res: Pick<Resolution, 'endpoints'>): Promise<ViewSources> {
  const known = (view: Exclude<ViewName, 'mesh'>) => res.endpoints[VIEW_NEEDS[view].endpoint].source !== 'default';
  const views: ViewSources = {};
  if (!known('jobs') && !known('envelopes') && !known('agents')) return views;
  const src = await import('./views/sources.js');
  if (known('jobs')) {
    const { MnClient } = await import('../backends/mn/client.js');
    views.jobs = { ...src.jobsSource(new MnClient(await s.client('mn'))), origin: `mn • ${res.endpoints.mn.url}` };
  }
  if (known('envelopes')) {
    const { AsyaClient } = await import('../backends/asya/client.js');
    views.envelopes = { ...src.envelopesSource(new AsyaClient(await s.client('asya'), await s.client('asyaInternal'), { prefix: s.io.env.MESHSCOPE_ASYA_PREFIX })), origin: `asya • ${res.endpoints.asya.url}` };
  }
  if (known('agents')) {
    const { AstromeshClient } = await import('../backends/astromesh/client.js');
    views.agents = { ...src.agentsSource(new AstromeshClient(await s.client('astromesh'))), origin: `astromesh • ${res.endpoints.astromesh.url}` };
  }
  return views;
}

/** Ink, on a terminal whatever CI says, and React's production build unless told otherwise (the development build is several times slower). */
async function importInkAndReact(): Promise<[typeof import('ink'), typeof import('react')]> {
  process.env.NODE_ENV ??= 'production';
  return await Promise.all([importInk({ ignoreCi: true }), import('react')]);
}

/**
 * Console output while the browser is on screen would land in the middle of its frame (and the
 * painter, which writes only what changed, would not know): it is kept, and written to stderr
 * once the terminal is back. Returns the function that puts the console back and gives what was kept.
 */
function holdConsole(): () => string[] {
  const held: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void held.push(format(...args));
  return () => {
    methods.forEach((m, i) => (console[m] = saved[i]));
    return held.splice(0);
  };
}

export async function runTui(s: Session, opts: TuiOptions): Promise<number> {
  const stdout = s.io.stdout as NodeJS.WriteStream;
  const stdin = s.io.stdin as NodeJS.ReadStream;
  const stderr = s.io.stderr as NodeJS.WriteStream;

  const res = await s.endpoints();
  const http = await s.client('admin');
  const admin = new AdminClient(http);
  // The diagnostics walk has its own client: no retries (a 503 is back-pressure to the walk).
  const { HttpClient } = await import('../http/client.js');
  const diagHttp = new HttpClient(res.endpoints.admin, { timeoutMs: 65_000, signal: s.signal, retries: 0, connections: 16 });
  s.onCleanup(() => diagHttp.close());

  const { default: chalk } = await import('chalk');
  if (!colorEnabled(s.io.stdout, s.io.env, s.opts.color !== false)) chalk.level = 0;
  else if (chalk.level === 0) chalk.level = 1;

  const controller = new Controller({
    admin,
    url: res.endpoints.admin.url,
    refreshMs: opts.refreshMs,
    size: { columns: stdout.columns, rows: stdout.rows },
    diagnose: diagnoseRunner(diagHttp),
    pyspyLines,
    copy: (text) => copyToClipboard(text, stdout, s.io.env),
    viewMessage: (view) => viewMessage(view, res),
    views: await viewSources(s, res),
  });
  // The first fetches run while Ink and React load: the first frame already has the tree.
  void controller.start();
  let ink: typeof import('ink');
  let React: typeof import('react');
  let App: typeof import('./app.js').App;
  try {
    [ink, React] = await importInkAndReact();
    ({ App } = await import('./app.js'));
  } catch (e) {
    controller.stop();
    throw e;
  }

  const { Painter } = await import('./paint.js');
  const painter = new Painter(stdout);
  const onAbort = () => controller.quit(130);
  s.signal.addEventListener('abort', onAbort, { once: true });
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_SCREEN);
  };
  process.once('exit', restore);
  stdout.write(ENTER_SCREEN);
  const released = holdConsole();
  let instance: import('ink').Instance | undefined;
  try {
    instance = ink.render(React.createElement(App, { controller, painter }), { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false });
    let failure: unknown;
    const crashed = instance.waitUntilExit().then(
      () => 0,
      (e: unknown) => {
        failure = e;
        return 1;
      },
    );
    const code = await Promise.race([controller.exited, crashed]);
    controller.stop();
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    if (failure !== undefined) throw failure;
    return code;
  } finally {
    controller.stop();
    s.signal.removeEventListener('abort', onAbort);
    restore();
    process.off('exit', restore);
    const held = released();
    if (held.length) stderr.write(held.join('\n') + '\n');
    if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    stdin.pause();
  }
}
