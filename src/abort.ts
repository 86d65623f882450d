import { PluggyAbortError } from './errors';

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

/**
 * Lets one caller stop waiting on a shared promise (the single-flight API-key refresh) without
 * cancelling it for everyone else.
 */
export function abandonable<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // Nobody else may be listening: keep a later rejection of the shared promise handled.
    promise.catch(() => undefined);
    return Promise.reject(abortError(what, signal));
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(what, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
