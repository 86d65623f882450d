import {
  apiErrorFor,
  PluggyApiError,
  PluggyInvalidResponseError,
  PluggyRedirectError,
  type PluggyOperation,
} from './errors';
import type { Redactor } from './redactor';
import { parseRetryAfterMs } from './retry-policy';
import type { TransportResponse } from './transport/types';

const EXCERPT_CHARS = 200;
const RAW_BODY_CHARS = 2000;

/** A short, single-line view of a body that is not JSON (an HTML error page, a truncated reply). */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Scrubbed before anything is cut or flattened (an excerpt ending inside a secret keeps its front
 * half), and after parsing too: JSON may carry a secret escaped (`\u00e9`) in a form the raw text does not show.
 */
function describeErrorBody(text: string, redactor: Redactor): { body: unknown; summary: string } {
  if (text.trim() === '') return { body: undefined, summary: 'empty body' };
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const clean = redactor.scrub(text);
    return { body: excerpt(clean, RAW_BODY_CHARS), summary: `non-JSON body: "${excerpt(clean)}"` };
  }
  const body = redactor.scrubDeep(parsed.value);
  if (isRecord(body) && typeof body.message === 'string') {
    const label = typeof body.codeDescription === 'string' ? `${body.codeDescription}: ` : '';
    return { body, summary: `${label}${excerpt(body.message)}` };
  }
  return { body, summary: `JSON body without a message: ${excerpt(JSON.stringify(body))}` };
}

/** Turns a non-2xx response into its typed error, scrubbed of every known secret. */
export function apiError(operation: PluggyOperation, response: TransportResponse, redactor: Redactor): PluggyApiError {
  const { body, summary } = describeErrorBody(response.body, redactor);
  return apiErrorFor(
    {
      status: response.status,
      operation,
      headers: redactor.scrubDeep(response.headers),
      body,
      message: redactor.scrub(`${operation} failed with HTTP ${response.status}: ${summary}`),
    },
    parseRetryAfterMs(response.headers),
  );
}

/** A non-2xx whose body was too large to read still maps to its status's class, with its headers. */
export function oversizedApiError(
  operation: PluggyOperation,
  status: number,
  headers: Record<string, string>,
  limitBytes: number,
  redactor: Redactor,
): PluggyApiError {
  return apiErrorFor(
    {
      status,
      operation,
      headers: redactor.scrubDeep(headers),
      body: undefined,
      message: `${operation} failed with HTTP ${status}: body over ${limitBytes} bytes, not read`,
    },
    parseRetryAfterMs(headers),
  );
}

export function redirectError(
  operation: PluggyOperation,
  response: Pick<TransportResponse, 'status' | 'headers'>,
  redactor: Redactor,
): PluggyRedirectError {
  const location = response.headers.location === undefined ? undefined : redactor.scrub(response.headers.location);
  const target = location === undefined ? '' : ` to ${excerpt(location)}`;
  return new PluggyRedirectError(
    `${operation}: the server answered HTTP ${response.status} (redirect${target}); redirects are not followed, so the API key is never resent elsewhere. Check baseUrl.`,
    { status: response.status, location },
  );
}

/** The JSON object of a 2xx, or a PluggyInvalidResponseError: the caller never receives `undefined`. */
export function successBody(
  operation: PluggyOperation,
  requiredField: string,
  response: TransportResponse,
  redactor: Redactor,
): Record<string, unknown> {
  const parsed = parseJson(response.body);
  const where = `${operation}: the HTTP ${response.status} response`;
  if (!parsed.ok) {
    const shown = response.body.trim() === '' ? 'is empty' : `is not JSON: "${excerpt(redactor.scrub(response.body))}"`;
    throw new PluggyInvalidResponseError(`${where} ${shown}`, { status: response.status, operation });
  }
  const value = parsed.value;
  if (!isRecord(value) || typeof value[requiredField] !== 'string' || value[requiredField] === '') {
    throw new PluggyInvalidResponseError(`${where} has no "${requiredField}" string`, {
      status: response.status,
      operation,
    });
  }
  return value;
}
