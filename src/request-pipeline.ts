import { abortError, sleep } from './abort';
import {
  PluggyConnectionError,
  PluggyInvalidResponseError,
  PluggyTimeoutError,
  type PluggyOperation,
} from './errors';
import { maskHeaders, type LevelLogger } from './logger';
import type { Redactor } from './redactor';
import { apiError, oversizedApiError, redirectError, successBody } from './response-errors';
import { retryDelayMs, type RetryOptions } from './retry-policy';
import { ResponseTooLargeError, type Transport, type TransportResponse } from './transport/types';
import { USER_AGENT } from './user-agent';

/** One endpoint of the spec, as the pipeline needs it. */
export interface Operation {
  id: PluggyOperation;
  path: string;
  /** The 2xx body field the call exists for. */
  requiredField: string;
}

export const AUTH_CREATE: Operation = { id: 'authCreate', path: '/auth', requiredField: 'apiKey' };
export const CONNECT_TOKEN_CREATE: Operation = { id: 'connectTokenCreate', path: '/connect_token', requiredField: 'accessToken' };

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the call, its retries and its backoff waits at once. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call; it also bounds this call's wait for an API key. */
  timeoutMs?: number;
}

export interface PipelineSettings extends RetryOptions {
  baseUrl: string;
  timeoutMs: number;
  maxResponseBytes: number;
  transport: Transport;
  log: LevelLogger;
  redactor: Redactor;
}

export interface PipelineResult {
  json: Record<string, unknown>;
  response: TransportResponse;
}

/** Sends one operation: attempts, per-attempt timeouts, retries with backoff, and error mapping. */
export class RequestPipeline {
  readonly #settings: PipelineSettings;

  constructor(settings: PipelineSettings) {
    this.#settings = settings;
  }

  async send(operation: Operation, body: string | undefined, apiKey: string | undefined, options: RequestOptions = {}): Promise<PipelineResult> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (apiKey !== undefined) headers['x-api-key'] = apiKey;

    for (let retry = 0; ; retry++) {
      try {
        return await this.#attempt(operation, headers, body, retry + 1, options);
      } catch (error) {
        const delayMs = retryDelayMs(error, retry, this.#settings);
        if (delayMs === undefined) throw error;
        this.#settings.log.warn('pluggy retry', {
          operation: operation.id,
          attempt: retry + 1,
          delayMs,
          reason: (error as Error).message,
        });
        await sleep(delayMs, options.signal, operation.id);
      }
    }
  }

  async #attempt(
    operation: Operation,
    headers: Record<string, string>,
    body: string | undefined,
    attempt: number,
    options: RequestOptions,
  ): Promise<PipelineResult> {
    const { log, redactor } = this.#settings;
    const { signal } = options;
    if (signal?.aborted) throw abortError(operation.id, signal);

    const timeoutMs = options.timeoutMs ?? this.#settings.timeoutMs;
    const url = this.#settings.baseUrl + operation.path;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });

    log.debug('pluggy request', { operation: operation.id, method: 'POST', url, attempt, headers: maskHeaders(headers) });
    const started = Date.now();
    let response: TransportResponse;
    try {
      response = await this.#settings.transport({
        method: 'POST',
        url,
        headers,
        body,
        signal: controller.signal,
        maxResponseBytes: this.#settings.maxResponseBytes,
      });
    } catch (cause) {
      if (signal?.aborted) throw abortError(operation.id, signal);
      if (timedOut) throw new PluggyTimeoutError(`${operation.id} timed out after ${timeoutMs} ms (attempt ${attempt})`);
      if (cause instanceof ResponseTooLargeError) throw this.#oversized(operation, cause);
      const safe = safeCause(cause, redactor);
      throw new PluggyConnectionError(`${operation.id}: could not reach ${url}: ${describeCause(safe)}`, { cause: safe });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }

    log.debug('pluggy response', {
      operation: operation.id,
      status: response.status,
      durationMs: Date.now() - started,
      requestId: redactor.scrub(response.headers['x-request-id'] ?? ''),
    });
    const { status } = response;
    if (status >= 200 && status < 300) {
      return { json: successBody(operation.id, operation.requiredField, response, redactor), response };
    }
    // Status 0 is what a browser-style fetch reports for a redirect it was told not to follow.
    if (status === 0 || (status >= 300 && status < 400)) throw redirectError(operation.id, response, redactor);
    throw apiError(operation.id, response, redactor);
  }

  /** An unread body still maps by its status: 3xx, error status, or an unusable 2xx. */
  #oversized(operation: Operation, error: ResponseTooLargeError) {
    const { redactor } = this.#settings;
    const { status, headers, limitBytes } = error;
    if (status === 0 || (status >= 300 && status < 400)) return redirectError(operation.id, error, redactor);
    if (status < 200 || status >= 300) return oversizedApiError(operation.id, status, headers, limitBytes, redactor);
    return new PluggyInvalidResponseError(
      `${operation.id}: the response body exceeds maxResponseBytes (${limitBytes} bytes) and was not read`,
      { status, operation: operation.id },
    );
  }
}

/** `fetch failed` alone says nothing: name the system error (ECONNREFUSED, ENOTFOUND...) underneath. */
function describeCause(cause: Error): string {
  const parts: string[] = [];
  for (let current: unknown = cause; current instanceof Error; current = current.cause) {
    const { message } = current;
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message);
  }
  return parts.join(': ');
}

const MAX_CAUSE_DEPTH = 4;
const DIAGNOSTIC_FIELDS = ['code', 'errno', 'syscall', 'address', 'port'] as const;

/**
 * A copy of a transport error's cause chain with only what diagnoses a network failure: name,
 * scrubbed message, and code/errno/syscall/address/port. The original is not kept: HTTP stacks
 * attach request data to their errors (undici's parser errors hold the raw bytes, request bodies
 * included), which util.inspect would print.
 */
function safeCause(cause: unknown, redactor: Redactor, depth = 0): Error {
  // Duck-typed: errors from another realm (vm contexts, test runners) fail `instanceof Error`.
  const like = isErrorLike(cause) ? cause : { message: String(cause) };
  const nested = depth + 1 < MAX_CAUSE_DEPTH && like.cause !== undefined ? safeCause(like.cause, redactor, depth + 1) : undefined;
  const copy = new Error(redactor.scrub(like.message), nested ? { cause: nested } : undefined);
  copy.name = typeof like.name === 'string' ? redactor.scrub(like.name) : 'Error';
  for (const field of DIAGNOSTIC_FIELDS) {
    const value = (like as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') (copy as unknown as Record<string, unknown>)[field] = typeof value === 'string' ? redactor.scrub(value) : value;
  }
  return copy;
}

function isErrorLike(value: unknown): value is { message: string; name?: unknown; cause?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
