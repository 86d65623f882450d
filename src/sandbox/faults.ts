/** The two routes the sandbox serves. */
export type SandboxRoute = '/auth' | '/connect_token';

interface FaultTarget {
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
    | { type: 'delay-headers'; ms: number }
    | { type: 'delay-body'; ms: number }
    | { type: 'hang-body' }
    | { type: 'reset' }
    | { type: 'error'; status?: number; retryAfterSeconds?: number; message?: string }
    | { type: 'malformed-json' }
    | { type: 'html'; status?: number }
    | { type: 'missing-token' }
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
