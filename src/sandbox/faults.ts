/** The two routes the sandbox serves. */
export type SandboxRoute = '/auth' | '/connect_token';

/** Which requests a {@link SandboxFault} applies to, and how many of them. */
export interface FaultTarget {
  /** Only requests to this route trigger the fault; any of the two routes when omitted. */
  route?: SandboxRoute;
  /** How many matching requests it affects (default 1; `Infinity` for every one). */
  times?: number;
}

/**
 * What to break, for testing how a client copes with a bad server.
 * - `delay-headers`: wait `ms` before answering normally.
 * - `delay-body`: send the headers and the start of the normal body, wait `ms`, send the rest.
 * - `hang-body`: send the headers and the start of the body, then never finish.
 * - `reset`: read the request, then drop the connection with a TCP reset.
 * - `error`: answer `status` (default 500) with a `GlobalErrorResponse`; `retryAfterSeconds` adds `Retry-After`.
 * - `malformed-json`: answer 200 with `application/json` that is not JSON.
 * - `html`: answer `status` (default 502) with an HTML page, as a proxy in front of the API would.
 * - `missing-token`: answer 200 with a JSON object without `apiKey` / `accessToken`.
 */
export type SandboxFault = FaultTarget &
  (
    | {
        /** Answer normally, but only after a wait. */
        type: 'delay-headers';
        /** Milliseconds to wait before sending the status line and headers; finite and >= 0. */
        ms: number;
      }
    | {
        /** Send the headers and the first half of the normal body, pause, then the rest. */
        type: 'delay-body';
        /** Milliseconds to pause mid-body; finite and >= 0 (use `hang-body` for a body that never ends). */
        ms: number;
      }
    | {
        /** Send the headers and the first half of the body, then never finish: tests a client's read timeout. */
        type: 'hang-body';
      }
    | {
        /** Read the request, then drop the connection with a TCP reset instead of answering. */
        type: 'reset';
      }
    | {
        /** Answer with a Pluggy-shaped JSON error (`GlobalErrorResponse`) instead of the route's own answer. */
        type: 'error';
        /**
         * HTTP status from 400 to 599; 500 when omitted. A 429 also gets `Retry-After`, `RateLimit-Limit` and
         * `RateLimit-Reset` (1 second unless `retryAfterSeconds` says otherwise), as Pluggy's rate limiter sends.
         */
        status?: number;
        /** Adds a `Retry-After` header with this many seconds; without it only a 429 carries one. */
        retryAfterSeconds?: number;
        /** The error body's `message`; a generic "injected <status> from the sandbox" when omitted. */
        message?: string;
      }
    | {
        /** Answer 200 with `application/json` that is cut off mid-token, so it does not parse. */
        type: 'malformed-json';
      }
    | {
        /** Answer with an HTML error page, as a proxy or load balancer in front of the API would. */
        type: 'html';
        /** HTTP status from 400 to 599; 502 when omitted. */
        status?: number;
      }
    | {
        /** Answer 200 with valid JSON that lacks `apiKey` / `accessToken`. */
        type: 'missing-token';
      }
  );

const FAULT_TYPES = new Set(['delay-headers', 'delay-body', 'hang-body', 'reset', 'error', 'malformed-json', 'html', 'missing-token']);

function checkFault(fault: SandboxFault): void {
  if (!FAULT_TYPES.has(fault?.type)) throw new TypeError(`unknown sandbox fault type ${JSON.stringify(fault?.type)}`);
  if (fault.route !== undefined && fault.route !== '/auth' && fault.route !== '/connect_token') {
    throw new TypeError(`fault route must be "/auth" or "/connect_token", got ${JSON.stringify(fault.route)}`);
  }
  const times = fault.times ?? 1;
  if (!(times >= 1) || (!Number.isInteger(times) && times !== Infinity)) {
    throw new TypeError(`fault times must be a positive integer or Infinity, got ${String(fault.times)}`);
  }
  if ((fault.type === 'delay-headers' || fault.type === 'delay-body') && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new TypeError(`${fault.type} needs a finite ms >= 0 (use hang-body for a body that never ends)`);
  }
  const status = fault.type === 'error' || fault.type === 'html' ? fault.status : undefined;
  if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new TypeError(`fault status must be an integer from 400 to 599, got ${String(status)}`);
  }
}

/** Pending faults, first in first out; each request consumes at most one. */
export class FaultQueue {
  private pending: Array<{ fault: SandboxFault; remaining: number }> = [];

  add(...faults: SandboxFault[]): void {
    faults.forEach(checkFault);
    for (const fault of faults) this.pending.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  /** Faults not yet used up, in the order they will apply. */
  list(): SandboxFault[] {
    return this.pending.map(({ fault, remaining }) => ({ ...fault, times: remaining }));
  }

  take(route: SandboxRoute): SandboxFault | undefined {
    const index = this.pending.findIndex(({ fault }) => fault.route === undefined || fault.route === route);
    if (index === -1) return undefined;
    const entry = this.pending[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.splice(index, 1);
    return entry.fault;
  }
}
