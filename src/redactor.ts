const MASK = '[redacted]';

/**
 * Knows the values that must never leave the client (the client secret, every API key it has
 * held) and scrubs them from anything built from server data: a server that echoes the request
 * must not smuggle the secret into an error message or a log line.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    // Very short values would mask innocent text; credentials are never this short in practice.
    if (secret.length >= 4) this.#secrets.add(secret);
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  scrubDeep<T>(value: T): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.scrubDeep(item)) as T;
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.scrub(key)] = this.scrubDeep(item);
      return out as T;
    }
    return value;
  }

  /** util.inspect and JSON.stringify of the redactor itself show nothing. */
  toJSON(): string {
    return MASK;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Redactor [redacted]';
  }
}
