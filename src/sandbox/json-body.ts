import { errorResponse, type SandboxResponse } from './responses';
import { validate, type Schema } from './schema-validator';
import { requestSchemas } from './schemas';

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: SandboxResponse };

function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a raw request body into a value valid against `schema`. An empty body without a JSON content
 * type is "no body" (`value` undefined), which only `required: false` accepts. Error messages never
 * quote the body: it may hold a client secret.
 */
export function parseJsonBody(
  contentType: string | undefined,
  raw: Buffer,
  schema: Schema,
  { required }: { required: boolean },
): BodyResult {
  if (contentType !== undefined ? !isJsonMediaType(contentType) : raw.length > 0) {
    return {
      ok: false,
      response: errorResponse(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type must be application/json, got ${contentType === undefined ? 'none' : JSON.stringify(contentType.slice(0, 100))}`,
      ),
    };
  }
  if (raw.length === 0) {
    if (required) return { ok: false, response: errorResponse(400, 'INVALID_REQUEST', 'request body is required') };
    return { ok: true, value: undefined };
  }

  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(raw));
  } catch {
    return { ok: false, response: errorResponse(400, 'INVALID_JSON', 'request body is not valid JSON') };
  }

  const issues = validate(schema, value, requestSchemas);
  if (issues.length > 0) {
    return {
      ok: false,
      response: errorResponse(400, 'INVALID_REQUEST', issues.map((issue) => issue.message).join('; '), {
        data: { errors: issues },
      }),
    };
  }
  return { ok: true, value };
}
