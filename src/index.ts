/**
 * `@pluggy-auth/sdk`: a client for Pluggy's Auth API.
 *
 * - {@link PluggyAuthClient}: API key lifecycle, connect tokens, typed errors, retries, timeouts.
 * - The generated models and {@link AuthApi} (also at the `./generated` subpath, unwrapped).
 * @module
 */
export { PluggyAuthClient, type RequestOptions } from './client';
export { DEFAULTS, type PluggyAuthClientOptions } from './client-options';
export {
  PluggyError,
  PluggyConfigurationError,
  PluggyApiError,
  PluggyBadRequestError,
  PluggyAuthenticationError,
  PluggyPermissionDeniedError,
  PluggyNotFoundError,
  PluggyConflictError,
  PluggyUnprocessableEntityError,
  PluggyRateLimitError,
  PluggyInternalServerError,
  PluggyConnectionError,
  PluggyTimeoutError,
  PluggyRedirectError,
  PluggyAbortError,
  PluggyInvalidResponseError,
  type PluggyOperation,
  type ApiErrorDetails,
} from './errors';
export type { Logger, LogLevel } from './logger';
export type { FetchLike, FetchResponseLike } from './transport/fetch';
export { VERSION } from './version';
export { AuthApi, type AuthApiInterface, type AuthCreateRequest, type ConnectTokenCreateRequest } from '../generated/apis';
export { Configuration, type ConfigurationParameters } from '../generated/runtime';
export * from '../generated/models';
