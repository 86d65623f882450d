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

// The three HTTP-date forms of RFC 9110 §5.6.7 (IMF-fixdate, RFC 850, asctime). Date.parse alone
// is lenient enough to read "1.5" or "-1" as a date in 2001, which would mean "retry now".
const HTTP_DATE = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];
const SECONDS = /^\d+(\.\d+)?$/;

/**
 * The server's requested wait: `retry-after-ms` (milliseconds), then `Retry-After` as seconds or
 * an HTTP date. `undefined` when absent or malformed: garbage is ignored, never read as "now".
 */
export function parseRetryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  // A repeated header arrives joined with ", "; the first value is the server's answer.
  const ms = headers['retry-after-ms']?.split(',')[0].trim();
  if (ms !== undefined && SECONDS.test(ms)) return Math.ceil(Number(ms));
  const value = headers['retry-after']?.trim();
  if (value === undefined) return undefined;
  const seconds = value.split(',')[0].trim();
  if (SECONDS.test(seconds)) return Math.ceil(Number(seconds) * 1000);
  if (!HTTP_DATE.some((form) => form.test(value))) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
