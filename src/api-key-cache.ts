import { abortError, waitFor } from './abort';

export interface CachedApiKey {
  value: string;
  /** Epoch ms from which a fresh key is fetched in the background while this one is still served. */
  refreshAt: number;
  /** Epoch ms at which the key expires. */
  expiresAt: number;
}

interface Refresh {
  promise: Promise<CachedApiKey>;
  controller: AbortController;
  waiters: number;
}

export interface ApiKeyCacheOptions {
  /** Fetches a key; the signal fires when nobody is waiting for it any more. */
  load(signal: AbortSignal): Promise<CachedApiKey>;
  /** A background refresh failed; the current key is still being served. */
  onBackgroundRefreshFailed?(error: unknown): void;
}

/** What one caller is willing to wait for a key. */
export interface KeyWait {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Owns the API key. Three phases per key:
 * - fresh (before `refreshAt`): served from memory;
 * - refreshing (from `refreshAt` to halfway to `expiresAt`): still served at once, while ONE
 *   background refresh fetches the next key, so neither latency nor an `/auth` outage reaches
 *   callers while the key still works;
 * - stale (after that, or when invalidated): callers wait for ONE shared refresh.
 * A failed refresh rejects all its waiters with the same error and caches nothing, so the next
 * call tries again.
 */
export class ApiKeyCache {
  readonly #options: ApiKeyCacheOptions;
  #current: CachedApiKey | undefined;
  #inflight: Refresh | undefined;

  constructor(options: ApiKeyCacheOptions) {
    this.#options = options;
  }

  async get(wait: KeyWait = {}): Promise<string> {
    const current = this.#current;
    if (current) {
      const now = Date.now();
      if (now < current.refreshAt) return current.value;
      if (now < current.refreshAt + (current.expiresAt - current.refreshAt) / 2) {
        this.#refreshInBackground();
        return current.value;
      }
    }
    if (wait.signal?.aborted) throw abortError('getApiKey', wait.signal);
    const refresh = this.#inflight ?? this.#startRefresh();
    refresh.waiters++;
    try {
      return (await waitFor(refresh.promise, 'getApiKey', wait)).value;
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
   * with an old key must not throw away the fresh key another request just fetched. Without it,
   * a refresh already in flight is not cached either (its current waiters still get its key).
   */
  invalidate(rejected?: string): void {
    if (rejected !== undefined && this.#current?.value !== rejected) return;
    this.#current = undefined;
    if (rejected === undefined) this.#inflight = undefined;
  }

  #refreshInBackground(): void {
    if (this.#inflight) return;
    this.#startRefresh().promise.catch((error: unknown) => this.#options.onBackgroundRefreshFailed?.(error));
  }

  #startRefresh(): Refresh {
    const controller = new AbortController();
    const refresh: Refresh = {
      controller,
      waiters: 0,
      promise: this.#options.load(controller.signal).then(
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
