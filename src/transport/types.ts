/**
 * One HTTP attempt, as the client's request pipeline hands it to a transport. Retries, timeouts,
 * error mapping and the API-key header are the pipeline's job; a transport only moves bytes.
 */
export interface TransportRequest {
  method: 'POST';
  url: string;
  /** Header names are lower-case. */
  headers: Record<string, string>;
  body?: string;
  /** Aborts the attempt (timeout or the caller's signal); the transport rejects promptly. */
  signal: AbortSignal;
  /** Stop reading and reject with {@link ResponseTooLargeError} past this many (decoded) bytes. */
  maxResponseBytes: number;
}

export interface TransportResponse {
  status: number;
  /** Header names are lower-case; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  /** The decoded (gunzipped etc.) body as UTF-8 text. */
  body: string;
}

/**
 * Performs exactly one request. Never follows redirects: a 3xx resolves like any other status.
 * Rejects on network failure with the underlying error; the pipeline maps it to a typed error.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * Thrown by a transport when the response body exceeds `maxResponseBytes`. It carries the status
 * and headers, so an oversized error page still maps to its status's error (with `Retry-After`)
 * and an oversized redirect to a redirect error.
 */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(
    readonly limitBytes: number,
    readonly status: number,
    readonly headers: Record<string, string>,
  ) {
    super(`response body exceeds ${limitBytes} bytes`);
  }
}
