/**
 * Serving a saved flame graph to a browser: a tiny HTTP server on 127.0.0.1 that serves that one
 * file (under a Content-Security-Policy that runs none of the file's scripts), and, when meshscope runs over ssh, the exact `ssh -L` tunnel the user runs on their own
 * machine (the mesh admin API's agent note asks for the file path, port, tunnel and browser URL).
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AddressInfo } from 'node:net';
import { MeshError } from '../errors.js';
import { shellQuote } from './pyspy.js';

/**
 * The file comes from a server (py-spy's SVG, scripts and all): the browser shows it, styles
 * included, but runs none of its scripts and loads nothing else (no request leaves the page).
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/** The port tried when --serve has no value (the one the admin API's SKILL.md uses). */
export const DEFAULT_SERVE_PORT = 8888;

export interface Served {
  port: number;
  /** The URL on this machine. */
  url: string;
  /** The path part of the URL (`/profile.svg`). */
  path: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Parse --serve's optional value: true (no value) means the default port, with a free port as fallback. */
export function parseServePort(value: string | boolean | undefined): { port: number; fallback: boolean } | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { port: DEFAULT_SERVE_PORT, fallback: true };
  const port = Number(value);
  if (!/^\d+$/.test(String(value)) || port > 65_535) {
    throw new MeshError({ kind: 'usage', code: 'usage', message: `invalid --serve port "${value}"`, hint: 'give a port number (0 picks a free one), or --serve alone for 8888' });
  }
  return { port, fallback: false };
}

/** Serve one file on 127.0.0.1 until close(). */
export async function serveFile(file: string, port: number, fallback: boolean, contentType = 'image/svg+xml'): Promise<Served> {
  const name = basename(file);
  const path = `/${encodeURIComponent(name)}`;
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    if (url === '/') {
      res.writeHead(302, { location: path });
      return res.end();
    }
    if (url !== path) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('not found\n');
    }
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(410, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('the file is gone\n');
    }
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': CONTENT_SECURITY_POLICY });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  let bound: number;
  try {
    bound = await listen(server, port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && fallback) bound = await listen(server, 0);
    else if (code === 'EADDRINUSE') throw new MeshError({ kind: 'usage', code: 'port_in_use', message: `port ${port} on 127.0.0.1 is in use`, hint: 'pass another port to --serve, or --serve 0 for a free one' });
    else if (code === 'EACCES') throw new MeshError({ kind: 'usage', code: 'port_denied', message: `not allowed to listen on port ${port}`, hint: 'choose a port above 1023' });
    else throw e;
  }
  return {
    port: bound,
    path,
    url: `http://127.0.0.1:${bound}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * The `ssh -L` command the user runs on their machine to reach a port on this host, when this
 * session came in over ssh (SSH_CONNECTION = "client_ip client_port server_ip server_port").
 */
export function sshTunnel(env: Record<string, string | undefined>, port: number, localPort = port): string | undefined {
  const conn = env.SSH_CONNECTION?.trim();
  if (!conn) return undefined;
  const parts = conn.split(/\s+/);
  if (parts.length < 4) return undefined;
  const [, , serverIp, serverPort] = parts;
  const user = env.USER ?? env.LOGNAME;
  const target = `${user ? `${user}@` : ''}${serverIp}`;
  const p = serverPort && serverPort !== '22' ? ` -p ${serverPort}` : '';
  return `ssh -L ${localPort}:127.0.0.1:${port}${p} ${shellQuote(target)}`;
}
