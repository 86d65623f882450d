import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID } from './demo-credentials';
import type { SandboxFault } from './faults';
import type { RateLimit } from './rate-limiter';
import type { SandboxClient } from './routes/context';
import type { SandboxOutcome } from './stats';

/** One line of the sandbox's request log, handed to `onRequest`. */
export interface SandboxRequestLog {
  /** The id also sent back in the response's `x-request-id` header, so a log line can be matched to a client error. */
  requestId: string;
  /** HTTP method as received, e.g. `POST`. */
  method: string;
  /** Request path without the query string, e.g. `/auth`; unknown paths are logged too (they get 404). */
  path: string;
  /** The status code sent, or `'reset'` when a `reset` fault dropped the connection. */
  outcome: SandboxOutcome;
  /**
   * Milliseconds from the request's arrival until its response began, injected delays included.
   * A `delay-body` or `hang-body` fault's wait after the first bytes is not counted.
   */
  durationMs: number;
}

/**
 * Settings for {@link startSandbox}. Every field is optional: `startSandbox()` alone gives a sandbox on
 * a free loopback port that accepts the demo credentials, with Pluggy's token lifetimes and rate limit.
 * Invalid values make `startSandbox` throw a `TypeError` instead of starting.
 */
export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; loopback by default so nothing outside this machine can reach it. */
  host?: string;
  /** Accepted credentials; by default the demo client (`SANDBOX_CLIENT_ID` / `SANDBOX_CLIENT_SECRET`). */
  clients?: readonly SandboxClient[];
  /** Lifetime of issued API keys in whole seconds; Pluggy's is 2 hours. */
  apiKeyTtlSeconds?: number;
  /** Lifetime of issued connect tokens in whole seconds; Pluggy's is 30 minutes. */
  connectTokenTtlSeconds?: number;
  /** Item ids that exist, for update mode (`itemId`); by default just `SANDBOX_ITEM_ID`. */
  items?: readonly string[];
  /** `/auth` limit per client IP (default Pluggy's 360 per minute), or `false` for none. */
  rateLimit?: RateLimit | false;
  /** Faults armed from the start; more can be injected later with `sandbox.faults.inject`. */
  faults?: readonly SandboxFault[];
  /** Request bodies over this many bytes get 413 (default 16 KiB). */
  maxBodyBytes?: number;
  /** Clock in milliseconds, for tests that move time instead of waiting (default `Date.now`). */
  now?: () => number;
  /** Called once per request when its outcome is known, e.g. to print a request log. */
  onRequest?: (entry: SandboxRequestLog) => void;
}

export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  clients: Map<string, SandboxClient>;
  apiKeyTtlSeconds: number;
  connectTokenTtlSeconds: number;
  items: Set<string>;
  rateLimit: RateLimit | false;
  faults: readonly SandboxFault[];
  maxBodyBytes: number;
  now: () => number;
  onRequest: ((entry: SandboxRequestLog) => void) | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new TypeError(`startSandbox: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new TypeError(`startSandbox: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function uuid(name: string, value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new TypeError(`startSandbox: ${name} must be a UUID (Pluggy's /auth only accepts UUID client ids)`);
  }
  return value.toLowerCase();
}

export function resolveOptions(options: SandboxOptions): ResolvedSandboxOptions {
  const port = options.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new TypeError(`startSandbox: port must be an integer from 0 to 65535, got ${String(options.port)}`);
  }

  const clients = new Map<string, SandboxClient>();
  for (const client of options.clients ?? [{ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }]) {
    if (typeof client?.clientSecret !== 'string' || client.clientSecret === '') {
      throw new TypeError('startSandbox: every client needs a non-empty clientSecret');
    }
    clients.set(uuid('clients[].clientId', client.clientId), { ...client });
  }

  const rateLimit = options.rateLimit ?? { limit: 360, windowMs: 60_000 };
  if (rateLimit !== false) {
    positiveInteger('rateLimit.limit', rateLimit.limit);
    positive('rateLimit.windowMs', rateLimit.windowMs);
  }

  return {
    port,
    host: options.host ?? '127.0.0.1',
    clients,
    apiKeyTtlSeconds: positiveInteger('apiKeyTtlSeconds', options.apiKeyTtlSeconds ?? 7200),
    connectTokenTtlSeconds: positiveInteger('connectTokenTtlSeconds', options.connectTokenTtlSeconds ?? 1800),
    items: new Set((options.items ?? [SANDBOX_ITEM_ID]).map((item) => uuid('items[]', item))),
    rateLimit: rateLimit === false ? false : { ...rateLimit },
    faults: options.faults ?? [],
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes ?? 16 * 1024),
    now: options.now ?? Date.now,
    onRequest: options.onRequest,
  };
}
