/**
 * How many `/auth` requests one client IP may make per fixed window before getting 429 with
 * `Retry-After`; see {@link SandboxOptions.rateLimit}.
 */
export interface RateLimit {
  /** Requests allowed per window and client IP. Pluggy allows 360 per minute on `/auth`. */
  limit: number;
  /** Window length in milliseconds (Pluggy's is 60000); counting restarts when it ends. */
  windowMs: number;
}

export type RateDecision =
  | { allowed: true }
  | { allowed: false; limit: number; retryAfterSeconds: number };

/** A fixed window per client IP: simple, and what `Retry-After` / `RateLimit-Reset` describe. */
export class RateLimiter {
  private windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly rule: RateLimit) {}

  take(clientIp: string, nowMs: number): RateDecision {
    this.forgetExpired(nowMs);
    let window = this.windows.get(clientIp);
    if (window === undefined) {
      window = { startedAt: nowMs, count: 0 };
      this.windows.set(clientIp, window);
    }
    window.count += 1;
    if (window.count <= this.rule.limit) return { allowed: true };
    const remainingMs = window.startedAt + this.rule.windowMs - nowMs;
    // Never advertise 0: a client honouring it would retry at once and be refused again.
    return { allowed: false, limit: this.rule.limit, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
  }

  private forgetExpired(nowMs: number): void {
    for (const [ip, window] of this.windows) {
      if (nowMs - window.startedAt >= this.rule.windowMs) this.windows.delete(ip);
    }
  }
}
