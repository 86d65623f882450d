/**
 * Every failure the client reports. Branch with `instanceof`, never by parsing messages.
 *
 * ```
 * PluggyError
 * ├── PluggyConfigurationError      bad constructor options
 * ├── PluggyApiError                the server answered with a non-2xx status
 * │   ├── PluggyBadRequestError            400
 * │   ├── PluggyAuthenticationError        401
 * │   ├── PluggyPermissionDeniedError      403
 * │   ├── PluggyNotFoundError              404
 * │   ├── PluggyConflictError              409
 * │   ├── PluggyUnprocessableEntityError   422
 * │   ├── PluggyRateLimitError             429
 * │   └── PluggyInternalServerError        >= 500
 * ├── PluggyConnectionError         DNS, refused, reset, TLS
 * │   ├── PluggyTimeoutError        an attempt ran past `timeoutMs`
 * │   └── PluggyRedirectError       a 3xx (redirects are never followed)
 * ├── PluggyAbortError              the caller's `signal` fired
 * └── PluggyInvalidResponseError    a 2xx the client cannot use
 * ```
 * @module
 */

/** The API call an error came from: the generated method's name. */
export type PluggyOperation = 'authCreate' | 'connectTokenCreate';

/** Base class of every error this package throws. */
export class PluggyError extends Error {
  /** Always `'PluggyError'`. */
  override name = 'PluggyError';

  /** A plain-object view for structured logs; it holds no secret. */
  toJSON(): Record<string, unknown> {
    const { cause: raw } = this;
    // Duck-typed: a cause from another realm (vm, test runner) fails `instanceof Error`.
    const cause = typeof raw === 'object' && raw !== null && 'message' in raw ? { name: (raw as Error).name, message: String((raw as Error).message) } : undefined;
    return { name: this.name, message: this.message, ...(cause ? { cause } : {}) };
  }
}

/** The client was constructed with options it cannot work with. Thrown synchronously by the constructor. */
export class PluggyConfigurationError extends PluggyError {
  /** Always `'PluggyConfigurationError'`. */
  override name = 'PluggyConfigurationError';
  /** The option at fault, e.g. `clientSecret`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`Invalid PluggyAuthClient option \`${field}\`: ${problem}`);
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** What the error mapper knows about a non-2xx response. */
export interface ApiErrorDetails {
  /** The HTTP status. */
  status: number;
  /** Which call failed. */
  operation: PluggyOperation;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the (bounded) raw text when it is not JSON, or `undefined` when empty. */
  body: unknown;
  /** The error message, already scrubbed of secrets. */
  message: string;
}

/** The server answered with a non-2xx status. Subclasses narrow it by status. */
export class PluggyApiError extends PluggyError {
  /** Always `'PluggyApiError'`. */
  override name = 'PluggyApiError';
  /** The HTTP status. */
  readonly status: number;
  /** The body's numeric `code` (Pluggy repeats the status there), when present. */
  readonly code: number | undefined;
  /** Pluggy's distinctive error code, e.g. `CLIENT_KEYS_UNAUTHORIZED`, `CLIENT_DISABLED`, `ITEM_NOT_FOUND`. */
  readonly codeDescription: string | undefined;
  /** The parsed error body (`GlobalErrorResponse` or `NotAuthenticatedResponse`), or its text when not JSON. */
  readonly body: unknown;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** The server's request id (`x-request-id` and friends), for support tickets. */
  readonly requestId: string | undefined;
  /** Which call failed. */
  readonly operation: PluggyOperation;

  constructor(details: ApiErrorDetails) {
    super(details.message);
    this.status = details.status;
    this.operation = details.operation;
    this.headers = details.headers;
    this.body = details.body;
    const fields = isRecord(details.body) ? details.body : {};
    this.code = typeof fields.code === 'number' ? fields.code : undefined;
    this.codeDescription = typeof fields.codeDescription === 'string' ? fields.codeDescription : undefined;
    this.requestId = details.headers['x-request-id'] ?? details.headers['request-id'] ?? details.headers['x-amzn-requestid'];
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      code: this.code,
      codeDescription: this.codeDescription,
      requestId: this.requestId,
      operation: this.operation,
      body: this.body,
    };
  }
}

/** 400: the request was malformed (e.g. `itemId` is not a UUID). */
export class PluggyBadRequestError extends PluggyApiError {
  /** Always `'PluggyBadRequestError'`. */
  override name = 'PluggyBadRequestError';
}
/** 401: `/auth` rejected the credentials (`CLIENT_KEYS_UNAUTHORIZED`, `CLIENT_DISABLED`). */
export class PluggyAuthenticationError extends PluggyApiError {
  /** Always `'PluggyAuthenticationError'`. */
  override name = 'PluggyAuthenticationError';
}
/** 403: the API key was missing, invalid or expired, even after one fresh `/auth`. */
export class PluggyPermissionDeniedError extends PluggyApiError {
  /** Always `'PluggyPermissionDeniedError'`. */
  override name = 'PluggyPermissionDeniedError';
}
/** 404: e.g. `ITEM_NOT_FOUND` for an unknown `itemId`. */
export class PluggyNotFoundError extends PluggyApiError {
  /** Always `'PluggyNotFoundError'`. */
  override name = 'PluggyNotFoundError';
}
/** 409. */
export class PluggyConflictError extends PluggyApiError {
  /** Always `'PluggyConflictError'`. */
  override name = 'PluggyConflictError';
}
/** 422. */
export class PluggyUnprocessableEntityError extends PluggyApiError {
  /** Always `'PluggyUnprocessableEntityError'`. */
  override name = 'PluggyUnprocessableEntityError';
}
/** 5xx: the server failed; retried automatically before it reaches you. */
export class PluggyInternalServerError extends PluggyApiError {
  /** Always `'PluggyInternalServerError'`. */
  override name = 'PluggyInternalServerError';
}

/** 429: rate limited. Thrown once retries are spent, or at once when the server asks for a longer wait than `maxRetryAfterMs`. */
export class PluggyRateLimitError extends PluggyApiError {
  /** Always `'PluggyRateLimitError'`. */
  override name = 'PluggyRateLimitError';
  /** How long the server asked to wait (`retry-after-ms` / `Retry-After`), or `undefined` when it did not say. */
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails & { retryAfterMs: number | undefined }) {
    super(details);
    this.retryAfterMs = details.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** The request never got a usable HTTP answer: DNS, refused, reset, TLS, or a redirect (never followed). `cause` is the original error. */
export class PluggyConnectionError extends PluggyError {
  /** Always `'PluggyConnectionError'`. */
  override name = 'PluggyConnectionError';
}

/** One attempt ran past `timeoutMs` (headers and body included). */
export class PluggyTimeoutError extends PluggyConnectionError {
  /** Always `'PluggyTimeoutError'`. */
  override name = 'PluggyTimeoutError';
}

/**
 * The server answered with a redirect. It is not followed: fetch would resend `X-API-KEY` to the
 * new location, even on another origin. Not retried.
 */
export class PluggyRedirectError extends PluggyConnectionError {
  /** Always `'PluggyRedirectError'`. */
  override name = 'PluggyRedirectError';
  /** The 3xx status. */
  readonly status: number;
  /** The `Location` the server pointed to, if any. */
  readonly location: string | undefined;

  constructor(message: string, details: { status: number; location: string | undefined }) {
    super(message);
    this.status = details.status;
    this.location = details.location;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, location: this.location };
  }
}

/** The caller's `AbortSignal` fired; nothing is retried after it. */
export class PluggyAbortError extends PluggyError {
  /** Always `'PluggyAbortError'`. */
  override name = 'PluggyAbortError';
}

/** A 2xx whose body is not JSON, exceeds `maxResponseBytes`, or lacks the field the call exists for. */
export class PluggyInvalidResponseError extends PluggyError {
  /** Always `'PluggyInvalidResponseError'`. */
  override name = 'PluggyInvalidResponseError';
  /** The HTTP status of the response. */
  readonly status: number;
  /** Which call received it. */
  readonly operation: PluggyOperation;

  constructor(message: string, details: { status: number; operation: PluggyOperation; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.operation = details.operation;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, operation: this.operation };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type ApiErrorClass = new (details: ApiErrorDetails) => PluggyApiError;

const CLASS_BY_STATUS: Record<number, ApiErrorClass> = {
  400: PluggyBadRequestError,
  401: PluggyAuthenticationError,
  403: PluggyPermissionDeniedError,
  404: PluggyNotFoundError,
  409: PluggyConflictError,
  422: PluggyUnprocessableEntityError,
};

/** The one mapping from status to class. */
export function apiErrorFor(details: ApiErrorDetails, retryAfterMs: number | undefined): PluggyApiError {
  if (details.status === 429) return new PluggyRateLimitError({ ...details, retryAfterMs });
  if (details.status >= 500) return new PluggyInternalServerError(details);
  const ErrorClass = CLASS_BY_STATUS[details.status] ?? PluggyApiError;
  return new ErrorClass(details);
}
