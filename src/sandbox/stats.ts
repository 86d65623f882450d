/** How a request ended: its HTTP status, or `'reset'` when the sandbox dropped the connection. */
export type SandboxOutcome = number | 'reset';

/** Counters for one path, as {@link SandboxStats.snapshot} returns them. */
export interface RouteStats {
  /** Requests received on this path, counted on arrival, including ones that were faulted, refused or never answered. */
  requests: number;
  /** Keyed by status code (as a string) or `reset`. */
  outcomes: Record<string, number>;
}

/**
 * Request counts, so tests can assert e.g. that a burst of calls made exactly one `/auth`.
 * Counts are updated before the response is written, so they are final once a client sees it.
 */
export interface SandboxStats {
  /** Requests received on `route` (its path, e.g. `/auth`), or on every route when omitted. */
  requests(route?: string): number;
  /** Responses on `route` that ended with `outcome`. */
  responses(route: string, outcome: SandboxOutcome): number;
  /** A copy of every counter, keyed by path. */
  snapshot(): Record<string, RouteStats>;
  /** Zeroes every counter, e.g. after warming a client up, so later assertions count only what follows. */
  reset(): void;
}

export class StatsRecorder implements SandboxStats {
  private routes = new Map<string, RouteStats>();

  private entry(route: string): RouteStats {
    let stats = this.routes.get(route);
    if (stats === undefined) {
      stats = { requests: 0, outcomes: {} };
      this.routes.set(route, stats);
    }
    return stats;
  }

  recordRequest(route: string): void {
    this.entry(route).requests += 1;
  }

  recordOutcome(route: string, outcome: SandboxOutcome): void {
    const outcomes = this.entry(route).outcomes;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }

  requests(route?: string): number {
    if (route !== undefined) return this.routes.get(route)?.requests ?? 0;
    let total = 0;
    for (const stats of this.routes.values()) total += stats.requests;
    return total;
  }

  responses(route: string, outcome: SandboxOutcome): number {
    return this.routes.get(route)?.outcomes[outcome] ?? 0;
  }

  snapshot(): Record<string, RouteStats> {
    const copy: Record<string, RouteStats> = {};
    for (const [route, stats] of this.routes) copy[route] = { requests: stats.requests, outcomes: { ...stats.outcomes } };
    return copy;
  }

  reset(): void {
    this.routes.clear();
  }
}
