import {
  PluggyConnectionError,
  PluggyInternalServerError,
  PluggyInvalidResponseError,
  PluggyRateLimitError,
  PluggyRedirectError,
  PluggyTimeoutError,
} from '../../src';
import { startSandbox, type SandboxFault } from '../../src/sandbox';
import { head, hugeBody, reply, replyJson, startRawServer, type RawBehaviour, type RawRoute } from './raw-server';

/** The client settings every case runs with; the time bounds below are derived from them. */
export const CLIENT_SETTINGS = {
  timeoutMs: 300,
  maxRetries: 2,
  initialRetryDelayMs: 10,
  maxRetryDelayMs: 40,
  maxRetryAfterMs: 2_000,
  maxResponseBytes: 1024 * 1024,
} as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorClass = abstract new (...args: any[]) => Error;

export interface Expected {
  /** `'ok'`, or the error class the call must reject with (and not a subclass of it, unless listed). */
  outcome: 'ok' | ErrorClass;
  /** Attempts the client makes (counted from its `pluggy request` log events). */
  attempts: number;
  /** Requests the server receives on the faulted route; `attempts` unless the server is unreachable. */
  serverRequests?: number;
  /** Attempts that can only end by running into `timeoutMs`. */
  timedOutAttempts?: number;
  /** Server-requested waits the client honours (`Retry-After`). */
  serverWaitMs?: number;
  /** Further assertions on the error or the result. */
  check?: (settled: unknown) => void;
}

/** A server set up to break one route; the other route behaves. */
export interface FaultServer {
  url: string;
  /** Turns the fault on, once the /connect_token cases have their API key. */
  arm(): Promise<void>;
  /** Requests the faulted route received since `arm()`. */
  requests(): number;
  /** Assertions about the server's side (a redirect target that must stay untouched, bytes sent). */
  check?(): void;
  stop(): Promise<void>;
}

export interface FaultCase {
  name: string;
  start(route: RawRoute): Promise<FaultServer>;
  expected: Expected;
}

const MiB = 1024 * 1024;

function sandboxCase(name: string, fault: SandboxFault, expected: Expected): FaultCase {
  return {
    name,
    expected,
    start: async (route) => {
      const sandbox = await startSandbox({ rateLimit: false });
      return {
        url: sandbox.url,
        arm: async () => {
          sandbox.stats.reset();
          sandbox.faults.inject({ ...fault, route });
        },
        requests: () => sandbox.stats.requests(route),
        stop: () => sandbox.stop(),
      };
    },
  };
}

interface RawSetup {
  behaviour: RawBehaviour;
  check?(): void;
  /** Another server involved in the case (a redirect's target). */
  also?: { stop(): Promise<void> };
}

function rawCase(name: string, setup: () => Promise<RawSetup> | RawSetup, expected: Expected): FaultCase {
  return {
    name,
    expected,
    start: async (route) => {
      const { behaviour, check, also } = await setup();
      const server = await startRawServer({ [route]: behaviour });
      return {
        url: server.url,
        arm: async () => server.resetCounts(),
        requests: () => server.requests(route),
        check,
        stop: async () => {
          await server.close();
          await also?.stop();
        },
      };
    },
  };
}

const retryAfterIs = (ms: number | undefined) => (error: unknown) => expect((error as PluggyRateLimitError).retryAfterMs).toBe(ms);

function failsEveryAttempt(outcome: ErrorClass, extra: Partial<Expected> = {}): Expected {
  return { outcome, attempts: CLIENT_SETTINGS.maxRetries + 1, ...extra };
}
const recoversOnRetry: Expected = { outcome: 'ok', attempts: 2 };
const notRetried = (outcome: ErrorClass, check?: Expected['check']): Expected => ({ outcome, attempts: 1, check });

function fiftyMegabytes(declareLength: boolean): () => RawSetup {
  return () => {
    const body = hugeBody(50 * MiB, declareLength);
    // The client stops at maxResponseBytes; what the kernel buffered on the way is all that left the server.
    return { behaviour: body.behaviour, check: () => expect(body.sent()).toBeLessThan(25 * MiB) };
  };
}

async function crossOriginRedirect(): Promise<RawSetup> {
  const elsewhere = await startRawServer({});
  return {
    behaviour: (socket, request) => reply(socket, 307, { location: `${elsewhere.url}${request.path}` }),
    // Following it would have handed X-API-KEY (or the credentials) to another origin.
    check: () => expect(elsewhere.requests('/auth') + elsewhere.requests('/connect_token')).toBe(0),
    also: { stop: () => elsewhere.close() },
  };
}

/** Fields the route's success body needs, so a "wrong content type" case differs only in its header. */
const validBodyFor = (route: string) => (route === '/auth' ? '{"apiKey":"a-key-served-as-text-plain"}' : '{"accessToken":"a-token-served-as-text-plain"}');

/** Connection refused: the server is gone by the time the measured call starts. */
const connectionRefused: FaultCase = {
  name: 'connection refused',
  expected: failsEveryAttempt(PluggyConnectionError, { serverRequests: 0, check: (error) => expect(error).not.toBeInstanceOf(PluggyTimeoutError) }),
  start: async (route) => {
    const server = await startRawServer({});
    return { url: server.url, arm: () => server.close(), requests: () => server.requests(route), stop: async () => undefined };
  },
};

export const FAULT_CASES: FaultCase[] = [
  connectionRefused,
  sandboxCase('reset before headers (every attempt)', { type: 'reset', times: Infinity }, failsEveryAttempt(PluggyConnectionError)),
  sandboxCase('reset before headers (once)', { type: 'reset' }, recoversOnRetry),
  rawCase(
    'reset mid-body',
    () => ({
      behaviour: (socket) => {
        socket.write(head(200, { 'content-type': 'application/json', 'content-length': '400' }) + '{"apiKey":"eyJhbGciOiJIUzI1NiJ9.');
        // Let the partial body reach the client first, then send a TCP RST instead of the rest.
        setImmediate(() => socket.resetAndDestroy());
      },
    }),
    failsEveryAttempt(PluggyConnectionError, { check: (error) => expect(error).not.toBeInstanceOf(PluggyTimeoutError) }),
  ),
  sandboxCase(
    'headers never sent',
    { type: 'delay-headers', ms: 600_000, times: Infinity },
    failsEveryAttempt(PluggyTimeoutError, { timedOutAttempts: 3 }),
  ),
  sandboxCase('body never finishes', { type: 'hang-body', times: Infinity }, failsEveryAttempt(PluggyTimeoutError, { timedOutAttempts: 3 })),
  ...[500, 502, 503, 504].map((status) => sandboxCase(`${status} once, then OK`, { type: 'error', status }, recoversOnRetry)),
  sandboxCase('503 forever', { type: 'error', status: 503, times: Infinity }, failsEveryAttempt(PluggyInternalServerError)),
  sandboxCase('429, Retry-After: 1 (small), once', { type: 'error', status: 429, retryAfterSeconds: 1 }, { ...recoversOnRetry, serverWaitMs: 1_000 }),
  sandboxCase(
    '429, Retry-After: 60 (over the cap)',
    { type: 'error', status: 429, retryAfterSeconds: 60 },
    notRetried(PluggyRateLimitError, retryAfterIs(60_000)),
  ),
  rawCase(
    '429, Retry-After: HTTP date 1 h ahead',
    () => ({
      behaviour: (socket) =>
        replyJson(socket, 429, { code: 429, message: 'slow down' }, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }),
    }),
    notRetried(PluggyRateLimitError, (error) => {
      // An HTTP date has whole seconds: the wait is an hour, give or take the second it was rounded to.
      expect((error as PluggyRateLimitError).retryAfterMs).toBeGreaterThan(3_598_000);
      expect((error as PluggyRateLimitError).retryAfterMs).toBeLessThanOrEqual(3_600_000);
    }),
  ),
  rawCase(
    '429, Retry-After: garbage (every attempt)',
    () => ({ behaviour: (socket) => replyJson(socket, 429, { code: 429, message: 'slow down' }, { 'retry-after': 'soon-ish, maybe' }) }),
    // Garbage is ignored: the client falls back to its own backoff and reports no server wait.
    failsEveryAttempt(PluggyRateLimitError, { check: retryAfterIs(undefined) }),
  ),
  sandboxCase('200, malformed JSON', { type: 'malformed-json' }, notRetried(PluggyInvalidResponseError)),
  rawCase(
    '200, HTML',
    () => ({ behaviour: (socket) => reply(socket, 200, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>') }),
    notRetried(PluggyInvalidResponseError, (error) => expect((error as Error).message).toContain('Welcome to nginx!')),
  ),
  rawCase('200, empty body', () => ({ behaviour: (socket) => reply(socket, 200, { 'content-type': 'application/json' }, '') }), notRetried(PluggyInvalidResponseError)),
  sandboxCase('200, required field missing', { type: 'missing-token' }, notRetried(PluggyInvalidResponseError)),
  rawCase('200, 50 MB body (content-length)', fiftyMegabytes(true), notRetried(PluggyInvalidResponseError)),
  rawCase('200, 50 MB body (chunked)', fiftyMegabytes(false), notRetried(PluggyInvalidResponseError)),
  rawCase(
    '200, valid JSON as text/plain',
    () => ({ behaviour: (socket, request) => reply(socket, 200, { 'content-type': 'text/plain; charset=utf-8' }, validBodyFor(request.path)) }),
    // Documented behaviour: the body decides, not the content-type (see SECURITY.md / README).
    { outcome: 'ok', attempts: 1 },
  ),
  rawCase(
    '307 redirect, same origin',
    () => ({ behaviour: (socket, request) => reply(socket, 307, { location: request.path }) }),
    notRetried(PluggyRedirectError, (error) => expect((error as PluggyRedirectError).status).toBe(307)),
  ),
  rawCase('307 redirect, cross-origin', crossOriginRedirect, notRetried(PluggyRedirectError)),
];

/** The longest a case may take: its timeouts, every backoff at its ceiling, the server's waits, and scheduling slack. */
export function timeBoundMs(expected: Expected, slackMs: number): { min: number; max: number } {
  const { timeoutMs, initialRetryDelayMs, maxRetryDelayMs } = CLIENT_SETTINGS;
  const timeouts = (expected.timedOutAttempts ?? 0) * timeoutMs;
  const serverWait = expected.serverWaitMs ?? 0;
  let backoff = 0;
  for (let retry = 0; retry < expected.attempts - 1; retry++) backoff += Math.min(initialRetryDelayMs * 2 ** retry, maxRetryDelayMs);
  return { min: timeouts + serverWait, max: timeouts + serverWait + backoff + slackMs };
}
