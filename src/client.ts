import type { AuthApi } from '../generated';
import {
  AuthRequestToJSON,
  AuthResponseFromJSON,
  ConnectTokenRequestToJSON,
  ConnectTokenResponseFromJSON,
  type ConnectTokenRequest,
  type ConnectTokenResponse,
} from '../generated/models';
import { ApiKeyCache, type CachedApiKey } from './api-key-cache';
import { keyTimes } from './api-key-lifetime';
import { checkRequestOptions, resolveOptions, type PluggyAuthClientOptions } from './client-options';
import { PluggyApiError, PluggyInvalidResponseError } from './errors';
import { createBridgedAuthApi } from './generated-bridge';
import { levelLogger, type LevelLogger } from './logger';
import { Redactor } from './redactor';
import { parseJson } from './response-errors';
import { AUTH_CREATE, CONNECT_TOKEN_CREATE, RequestPipeline, type Operation, type PipelineResult, type RequestOptions } from './request-pipeline';
import { defaultTransport } from './transport/default';
import { createFetchTransport } from './transport/fetch';

export type { RequestOptions };

// Visible ASCII only: anything else cannot travel in the X-API-KEY header, and fetch would echo
// the offending value in its error message.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Client for Pluggy's Auth API. Gets the API key on first use, caches it until shortly before it
 * expires (one shared refresh however many calls are waiting), re-authenticates once when Pluggy
 * rejects it, retries transient failures, and throws a typed {@link PluggyError} for everything else.
 *
 * ```ts
 * const pluggy = new PluggyAuthClient({ clientId, clientSecret });
 * const { accessToken } = await pluggy.createConnectToken({ options: { clientUserId: 'user-42' } });
 * ```
 */
export class PluggyAuthClient {
  /**
   * The generated `AuthApi`, wired with this client's API-key handling, retries, timeouts,
   * transport and typed errors, for code that prefers the generated surface.
   */
  readonly authApi: AuthApi;

  readonly #baseUrl: string;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #apiKeySkewMs: number;
  readonly #pipeline: RequestPipeline;
  readonly #cache: ApiKeyCache;
  readonly #redactor = new Redactor();
  readonly #log: LevelLogger;

  /** @throws {PluggyConfigurationError} when an option is missing or invalid; the message names the option, never its value. */
  constructor(options: PluggyAuthClientOptions) {
    const resolved = resolveOptions(options);
    this.#baseUrl = resolved.baseUrl;
    this.#clientId = resolved.clientId;
    this.#clientSecret = resolved.clientSecret;
    this.#apiKeySkewMs = resolved.apiKeyRefreshSkewMs;
    this.#redactor.add(resolved.clientSecret);
    this.#log = levelLogger(resolved.logger, resolved.logLevel);
    this.#pipeline = new RequestPipeline({
      ...resolved,
      transport: resolved.fetch ? createFetchTransport(resolved.fetch) : defaultTransport(),
      log: this.#log,
      redactor: this.#redactor,
    });
    this.#cache = new ApiKeyCache({
      load: (signal) => this.#fetchApiKey(signal),
      onBackgroundRefreshFailed: (error) =>
        this.#log.warn('pluggy api key refresh failed; the current key is still valid and stays in use', {
          reason: (error as Error).message,
        }),
    });
    this.authApi = createBridgedAuthApi(this.#baseUrl, (operation, body, signal) =>
      operation === AUTH_CREATE ? this.#authCreateRaw(body, signal) : this.#withApiKey(operation, body, { signal }),
    );
  }

  /**
   * Creates a connect token for the Pluggy Connect widget (valid 30 minutes). Pass `itemId` to open
   * the widget in update mode for that item, and `options` to tag the item.
   * @throws {PluggyError} a subclass for each failure; see the README's error table.
   */
  async createConnectToken(request?: ConnectTokenRequest, options?: RequestOptions): Promise<ConnectTokenResponse> {
    const checked = checkRequestOptions(options);
    const body = request === undefined ? undefined : JSON.stringify(ConnectTokenRequestToJSON(request));
    const { json } = await this.#withApiKey(CONNECT_TOKEN_CREATE, body, checked);
    return ConnectTokenResponseFromJSON(json);
  }

  /**
   * The current API key: cached, refreshed in the background from `apiKeyRefreshSkewMs` before it
   * expires, and fetched (once, however many callers wait) when there is none.
   */
  async getApiKey(options?: RequestOptions): Promise<string> {
    return this.#cache.get(checkRequestOptions(options));
  }

  /** Forgets the cached API key; the next call authenticates again. */
  invalidateApiKey(): void {
    this.#cache.invalidate();
  }

  /** A 401/403 means the key was revoked or expired early: one fresh key, one more try, no loop. */
  async #withApiKey(operation: Operation, body: string | undefined, options: RequestOptions): Promise<PipelineResult> {
    const apiKey = await this.#cache.get(options);
    try {
      return await this.#pipeline.send(operation, body, apiKey, options);
    } catch (error) {
      if (!(error instanceof PluggyApiError) || (error.status !== 401 && error.status !== 403)) throw error;
      this.#log.info('pluggy api key rejected, re-authenticating', { operation: operation.id, status: error.status });
      this.#cache.invalidate(apiKey);
      const freshKey = await this.#cache.get(options);
      return this.#pipeline.send(operation, body, freshKey, options);
    }
  }

  /** `authApi.authCreate` may carry other credentials than the client's: they are secrets too. */
  async #authCreateRaw(body: string | undefined, signal: AbortSignal | undefined): Promise<PipelineResult> {
    const parsed = parseJson(body ?? '');
    const clientSecret = parsed.ok ? (parsed.value as { clientSecret?: unknown } | null)?.clientSecret : undefined;
    if (typeof clientSecret === 'string') this.#redactor.add(clientSecret);
    const result = await this.#pipeline.send(AUTH_CREATE, body, undefined, { signal });
    if (typeof result.json.apiKey === 'string') this.#redactor.add(result.json.apiKey);
    return result;
  }

  async #fetchApiKey(signal: AbortSignal): Promise<CachedApiKey> {
    const body = JSON.stringify(AuthRequestToJSON({ clientId: this.#clientId, clientSecret: this.#clientSecret }));
    const { json, response } = await this.#pipeline.send(AUTH_CREATE, body, undefined, { signal });
    const { apiKey } = AuthResponseFromJSON(json);
    if (!HEADER_SAFE.test(apiKey)) {
      throw new PluggyInvalidResponseError(
        'authCreate: the apiKey in the response has characters that cannot be sent in an HTTP header',
        { status: response.status, operation: AUTH_CREATE.id },
      );
    }
    this.#redactor.add(apiKey);
    const key = { value: apiKey, ...keyTimes(apiKey, Date.now(), this.#apiKeySkewMs) };
    this.#log.info('pluggy api key refreshed', { refreshAt: new Date(key.refreshAt).toISOString() });
    return key;
  }

  /** Serializes to what is safe to show: no secret, no key. */
  toJSON(): Record<string, string> {
    return { baseUrl: this.#baseUrl, clientId: this.#clientId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `PluggyAuthClient { baseUrl: '${this.#baseUrl}', clientId: '${this.#clientId}' }`;
  }
}
