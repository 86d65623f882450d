/** A response as the route handlers describe it; the server decides how (and whether) to write it. */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

/** openapi.yaml's `GlobalErrorResponse`. */
export function errorResponse(
  status: number,
  codeDescription: string,
  message: string,
  extra: { data?: Record<string, unknown>; headers?: Record<string, string> } = {},
): SandboxResponse {
  const body: Record<string, unknown> = { code: status, codeDescription, message };
  if (extra.data !== undefined) body.data = extra.data;
  return jsonResponse(status, body, extra.headers);
}

/** openapi.yaml's `NotAuthenticatedResponse`: what Pluggy answers for a bad `X-API-KEY`. */
export function notAuthenticatedResponse(message: string): SandboxResponse {
  return jsonResponse(403, { code: 403, message });
}
