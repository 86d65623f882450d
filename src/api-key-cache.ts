import { abandonable, abortError } from './abort';

export interface CachedApiKey {
  value: string;
  /** Epoch ms after which the key is refreshed before use. */
  refreshAt: number;
}

interface Refresh {
  promise: Promise<CachedApiKey>;
  controller: AbortController;
  waiters: number;
}

/**
 * Owns the API key: hands out the cached one while fresh, and makes every concurrent caller of a
 * cold or stale cache share ONE refresh. A failed refresh rejects all its waiters with the same
 * error and leaves the cache empty, so the next call tries again.
 */
export class ApiKeyCache {
  readonly #load: (signal: AbortSignal) => Promise<CachedApiKey>;
  #current: CachedApiKey | undefined;
  #inflight: Refresh | undefined;

  constructor(load: (signal: AbortSignal) => Promise<CachedApiKey>) {
    this.#load = load;
  }

  /**
   * The signal lets one caller stop waiting; the shared refresh carries on for the others, and is
   * cancelled only when every waiter has given up.
   */
  async get(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current && Date.now() < current.refreshAt) return current.value;
    if (signal?.aborted) throw abortError('getApiKey', signal);
    const refresh = this.#inflight ?? this.#startRefresh();
    refresh.waiters++;
    try {
      return (await abandonable(refresh.promise, signal, 'getApiKey')).value;
    } finally {
      if (--refresh.waiters === 0 && this.#inflight === refresh) {
        // Nobody wants this key any more: stop its request, and let the next caller start afresh.
        this.#inflight = undefined;
        refresh.controller.abort();
      }
    }
  }

  /**
   * Forgets the key. With `rejected`, only if it is still the cached one: a request that failed
   * with an old key must not throw away the fresh key another request just fetched.
   */
  invalidate(rejected?: string): void {
    if (rejected === undefined || this.#current?.value === rejected) this.#current = undefined;
  }

  #startRefresh(): Refresh {
    const controller = new AbortController();
    const refresh: Refresh = {
      controller,
      waiters: 0,
      promise: this.#load(controller.signal).then(
        (key) => {
          if (this.#inflight === refresh) {
            this.#current = key;
            this.#inflight = undefined;
          }
          return key;
        },
        (error: unknown) => {
          if (this.#inflight === refresh) this.#inflight = undefined;
          throw error;
        },
      ),
    };
    // Waiters may all have abandoned it; its rejection must not surface as unhandled.
    refresh.promise.catch(() => undefined);
    this.#inflight = refresh;
    return refresh;
  }

  toJSON(): string {
    return 'ApiKeyCache';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ApiKeyCache { cached: ${this.#current !== undefined} }`;
  }
}
