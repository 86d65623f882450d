import { PluggyApiError, PluggyConnectionError, PluggyRedirectError } from './errors';

/** Retry settings; see the README's defaults table. */
export interface RetryOptions {
  /** Retries after the first attempt. `0` turns retries off. */
  maxRetries: number;
  /** First backoff delay; doubles each retry. */
  initialRetryDelayMs: number;
  /** Ceiling of the computed backoff delay. */
  maxRetryDelayMs: number;
  /** The longest server-requested wait (`Retry-After`) the client sleeps on; past it, the error is thrown at once. */
  maxRetryAfterMs: number;
}

const RETRYABLE_STATUSES = new Set([408, 429]);

/** Connection failures (not redirects), timeouts, 408, 429 and 5xx are worth another attempt. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PluggyApiError) return RETRYABLE_STATUSES.has(error.status) || error.status >= 500;
  // A redirect repeats deterministically: asking again cannot help.
  return error instanceof PluggyConnectionError && !(error instanceof PluggyRedirectError);
}

/**
 * The server's requested wait: `retry-after-ms` (milliseconds), then `Retry-After` as seconds or
 * an HTTP date. `undefined` when absent or unparseable (garbage is ignored, not trusted).
 */
export function parseRetryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with up to 25 % downward jitter, so a fleet of clients does not retry in lockstep. */
export function backoffDelayMs(retry: number, options: RetryOptions, random = Math.random): number {
  const base = Math.min(options.initialRetryDelayMs * 2 ** retry, options.maxRetryDelayMs);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * How long to wait before retry number `retry` (0-based), or `undefined` to stop and throw:
 * retries are spent, the error is not retryable, or the server asks for more than the cap.
 */
export function retryDelayMs(error: unknown, retry: number, options: RetryOptions): number | undefined {
  if (retry >= options.maxRetries || !isRetryable(error)) return undefined;
  const serverWait = error instanceof PluggyApiError ? parseRetryAfterMs(error.headers) : undefined;
  if (serverWait === undefined) return backoffDelayMs(retry, options);
  return serverWait <= options.maxRetryAfterMs ? serverWait : undefined;
}
