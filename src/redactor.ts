const MASK = '[redacted]';
// Deeper than any real error body; past it a value is replaced, so a hostile body of nested
// arrays cannot exhaust the stack while being scrubbed.
const MAX_DEPTH = 32;

/**
 * Knows the values that must never leave the client (the client secret, every API key it has
 * held) and scrubs them from anything built from server data: a server that echoes the request
 * must not smuggle the secret into an error message or a log line.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    // Very short values would mask innocent text; credentials are never this short in practice.
    if (secret.length < 4) return;
    // Also the forms an echo is likely to use: inside a JSON string, and URL-encoded.
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) this.#secrets.add(form);
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  scrubDeep<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return '[nested too deep]' as T;
    if (Array.isArray(value)) return value.map((item) => this.scrubDeep(item, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[this.scrub(key)] = this.scrubDeep(item, depth + 1);
    return out as T;
  }

  /** util.inspect and JSON.stringify of the redactor itself show nothing. */
  toJSON(): string {
    return MASK;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Redactor [redacted]';
  }
}
