/** The contract between the mock framework (server, scenarios, faults) and each backend's mock. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EndpointName } from '../config/resolve.js';
import type { Answer, Router } from './router.js';
import type { Scenario } from './scenario.js';
import type { Rng } from './rng.js';

/** Simulated time: starts at the real start time and runs `speed` times faster than the wall clock. */
export interface Clock {
  now(): number;
  speed: number;
}

export interface MockContext {
  scenario: Scenario;
  /** Seeded from the scenario: same seed, same world. */
  rng: Rng;
  clock: Clock;
  /** Base URL of every mock server once listening (filled before the first request is served). */
  urls: Partial<Record<EndpointName, string>>;
  /** The environment the mock reads its secrets from (MN_API_TOKEN, GRID_TOKEN), like the real servers. */
  env: Record<string, string | undefined>;
}

export interface BackendMock {
  router: Router;
  /** The body the real server sends for an error code (fault injection uses it). */
  errorAnswer(code: string, message?: string): Answer;
  /** What the real server answers for an unknown path / wrong method. */
  notFound(req: IncomingMessage): Answer;
  methodNotAllowed?(req: IncomingMessage, allowed: string[]): Answer;
  /** HTTP upgrade (WebSocket). */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Called before each request is routed (auth checks...). Return true when it answered. */
  before?(req: IncomingMessage, res: ServerResponse): boolean;
  close?(): void | Promise<void>;
}

/** A backend module registers the mocks of the endpoints it serves (asya serves two). */
export type BackendFactory = (ctx: MockContext) => Partial<Record<EndpointName, BackendMock>> | Promise<Partial<Record<EndpointName, BackendMock>>>;
