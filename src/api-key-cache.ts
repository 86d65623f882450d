import { abandonable } from './abort';

export interface CachedApiKey {
  value: string;
  /** Epoch ms after which the key is refreshed before use. */
  refreshAt: number;
}

/**
 * Owns the API key: hands out the cached one while fresh, and makes every concurrent caller of a
 * cold or stale cache share ONE refresh. A failed refresh rejects all its waiters with the same
 * error and leaves the cache empty, so the next call tries again.
 */
export class ApiKeyCache {
  readonly #load: () => Promise<CachedApiKey>;
  #current: CachedApiKey | undefined;
  #inflight: Promise<CachedApiKey> | undefined;

  constructor(load: () => Promise<CachedApiKey>) {
    this.#load = load;
  }

  /** The signal lets one caller stop waiting; the shared refresh carries on for the others. */
  async get(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current && Date.now() < current.refreshAt) return current.value;
    return (await abandonable(this.#refresh(), signal, 'getApiKey')).value;
  }

  /**
   * Forgets the key. With `rejected`, only if it is still the cached one: a request that failed
   * with an old key must not throw away the fresh key another request just fetched.
   */
  invalidate(rejected?: string): void {
    if (rejected === undefined || this.#current?.value === rejected) this.#current = undefined;
  }

  #refresh(): Promise<CachedApiKey> {
    if (!this.#inflight) {
      this.#inflight = this.#load().then(
        (key) => {
          this.#current = key;
          this.#inflight = undefined;
          return key;
        },
        (error: unknown) => {
          this.#inflight = undefined;
          throw error;
        },
      );
    }
    return this.#inflight;
  }

  toJSON(): string {
    return 'ApiKeyCache';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ApiKeyCache { cached: ${this.#current !== undefined} }`;
  }
}
