import { PluggyAbortError, PluggyTimeoutError } from './errors';

export function abortError(what: string, signal: AbortSignal): PluggyAbortError {
  return new PluggyAbortError(`${what} was aborted by the caller's signal`, { cause: signal.reason });
}

/** Waits `ms`, or rejects at once with a PluggyAbortError when `signal` fires. Leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(what, signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(what, signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface Deadline {
  signal?: AbortSignal;
  /** The rejection when `signal` fires. */
  onAbort?: () => unknown;
  timeoutMs?: number;
  /** The rejection when `timeoutMs` passes. */
  onTimeout?: () => unknown;
}

/**
 * Settles with `promise`, or rejects as soon as the signal fires or the time is up, whichever
 * comes first, even when the work behind the promise ignores both. The work itself is not
 * stopped, and its late rejection stays handled. No timer or listener outlives the race.
 */
function race<T>(promise: Promise<T>, { signal, onAbort, timeoutMs, onTimeout }: Deadline): Promise<T> {
  if (signal?.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(onAbort!());
  }
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', aborted);
      outcome();
    };
    const aborted = () => settle(() => reject(onAbort!()));
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => settle(() => reject(onTimeout!())), timeoutMs);
    signal?.addEventListener('abort', aborted, { once: true });
    promise.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/** Rejects with the signal's reason once it fires, even if the transport behind `promise` dropped it. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return race(promise, { signal, onAbort: () => signal.reason });
}

/**
 * Lets one caller stop waiting on a shared promise (the single-flight API-key refresh), on its own
 * signal or its own per-call timeout, without cancelling the work for everyone else.
 */
export function waitFor<T>(promise: Promise<T>, what: string, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<T> {
  const { signal, timeoutMs } = options;
  if (!signal && timeoutMs === undefined) return promise;
  return race(promise, {
    signal,
    onAbort: () => abortError(what, signal!),
    timeoutMs,
    onTimeout: () => new PluggyTimeoutError(`${what} timed out after ${timeoutMs} ms waiting for the API key`),
  });
}
