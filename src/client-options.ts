import { PluggyConfigurationError } from './errors';
import type { LogLevel, Logger } from './logger';
import type { RequestOptions } from './request-pipeline';
import type { FetchLike } from './transport/fetch';

/** Options of {@link PluggyAuthClient}. Only `clientId` and `clientSecret` are required. */
export interface PluggyAuthClientOptions {
  /** Your Pluggy client id (from the Pluggy dashboard). */
  clientId: string;
  /** Your Pluggy client secret. Kept in memory only; never logged, inspected or serialized. */
  clientSecret: string;
  /** API origin. Default `https://api.pluggy.ai`. */
  baseUrl?: string;
  /**
   * A fetch implementation (global `fetch`, node-fetch 3, undici, a test double). Default: a
   * keep-alive `node:http` transport on Node, the global `fetch` elsewhere.
   */
  fetch?: FetchLike;
  /** Per-attempt timeout covering headers and body. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt for connection errors, timeouts, 408, 429 and 5xx. Default 2; `0` turns retries off. */
  maxRetries?: number;
  /** First backoff delay, doubled each retry, with up to 25 % jitter. Default 500 ms. */
  initialRetryDelayMs?: number;
  /** Ceiling of the backoff delay. Default 8 000 ms. */
  maxRetryDelayMs?: number;
  /**
   * The longest `Retry-After` the client will sleep on. When the server asks for more, the error
   * (e.g. {@link PluggyRateLimitError} with `retryAfterMs`) is thrown at once so the caller decides.
   * Default 10 000 ms.
   */
  maxRetryAfterMs?: number;
  /** Refresh the API key this long before its JWT `exp`. Default 60 000 ms. */
  apiKeyRefreshSkewMs?: number;
  /** Largest response body read; past it the call fails without buffering more. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Receives structured events (request, response, retry, key refresh), secrets masked. Silent when absent. */
  logger?: Logger;
  /** Lowest level passed to `logger`. Default `info`. */
  logLevel?: LogLevel;
}

/** The defaults, in one place (the README's table mirrors them). Frozen: a client's defaults cannot be changed from outside. */
export const DEFAULTS = Object.freeze({
  /** Pluggy's production API. */
  baseUrl: 'https://api.pluggy.ai',
  /** 30 s per attempt. */
  timeoutMs: 30_000,
  /** Three attempts in all. */
  maxRetries: 2,
  /** Then 1 s, 2 s, … */
  initialRetryDelayMs: 500,
  /** Backoff ceiling. */
  maxRetryDelayMs: 8_000,
  /** Longer server waits (Pluggy's 429 says 60 s) are thrown to the caller instead of slept on. */
  maxRetryAfterMs: 10_000,
  /** Refresh a minute before the key's `exp`. */
  apiKeyRefreshSkewMs: 60_000,
  /** 1 MiB: Pluggy's auth responses are well under 1 KiB. */
  maxResponseBytes: 1024 * 1024,
  /** Key refreshes and retries; not every request. */
  logLevel: 'info' as LogLevel,
});

export type ResolvedOptions = Required<Omit<PluggyAuthClientOptions, 'fetch' | 'logger'>> &
  Pick<PluggyAuthClientOptions, 'fetch' | 'logger'>;

const NUMERIC = [
  'timeoutMs',
  'maxRetries',
  'initialRetryDelayMs',
  'maxRetryDelayMs',
  'maxRetryAfterMs',
  'apiKeyRefreshSkewMs',
  'maxResponseBytes',
] as const;
const POSITIVE = new Set<string>(['timeoutMs', 'maxResponseBytes']);
const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error', 'off']);
// setTimeout fires at once for delays past 2^31-1 ms: a larger timeout would be no timeout.
const MAX_TIMER_MS = 2 ** 31 - 1;

function requireCredential(options: Partial<PluggyAuthClientOptions>, field: 'clientId' | 'clientSecret'): string {
  const value: unknown = options[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PluggyConfigurationError(field, value === undefined ? 'is required' : 'must be a non-empty string');
  }
  return value;
}

function normalizeBaseUrl(value: unknown): string {
  if (typeof value !== 'string') throw new PluggyConfigurationError('baseUrl', 'must be a string URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PluggyConfigurationError('baseUrl', 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PluggyConfigurationError('baseUrl', 'must use http: or https:');
  }
  if (url.username || url.password) throw new PluggyConfigurationError('baseUrl', 'must not embed credentials');
  if (url.search || url.hash) throw new PluggyConfigurationError('baseUrl', 'must not have a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

function checkIntegerOption(field: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    throw new PluggyConfigurationError(field, `must be an integer from ${min} to ${MAX_TIMER_MS}`);
  }
}

/** Per-call options are checked like constructor options: `timeoutMs: Infinity` would otherwise time out at once. */
export function checkRequestOptions(options: RequestOptions | undefined): RequestOptions {
  if (options === undefined) return {};
  if (options.timeoutMs !== undefined) checkIntegerOption('timeoutMs', options.timeoutMs, 1);
  if (options.signal !== undefined && typeof options.signal?.addEventListener !== 'function') {
    throw new PluggyConfigurationError('signal', 'must be an AbortSignal');
  }
  return options;
}

/** Validates everything up front, so a misconfiguration fails at construction, not on the first call. */
export function resolveOptions(input: PluggyAuthClientOptions): ResolvedOptions {
  if (typeof input !== 'object' || input === null) {
    throw new PluggyConfigurationError('options', 'must be an object with clientId and clientSecret');
  }
  const clientId = requireCredential(input, 'clientId');
  const clientSecret = requireCredential(input, 'clientSecret');
  const resolved: ResolvedOptions = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
    clientId,
    clientSecret,
  } as ResolvedOptions;
  resolved.baseUrl = normalizeBaseUrl(resolved.baseUrl);
  for (const field of NUMERIC) checkIntegerOption(field, resolved[field], POSITIVE.has(field) ? 1 : 0);
  if (resolved.fetch !== undefined && typeof resolved.fetch !== 'function') {
    throw new PluggyConfigurationError('fetch', 'must be a fetch function');
  }
  const { logger } = resolved;
  if (logger !== undefined && !['debug', 'info', 'warn', 'error'].every((level) => typeof (logger as unknown as Record<string, unknown>)[level] === 'function')) {
    throw new PluggyConfigurationError('logger', 'must have debug, info, warn and error methods');
  }
  if (!LOG_LEVELS.has(resolved.logLevel)) {
    throw new PluggyConfigurationError('logLevel', 'must be one of debug, info, warn, error, off');
  }
  return resolved;
}
