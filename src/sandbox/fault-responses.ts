import { STATUS_CODES } from 'node:http';
import type { SandboxFault, SandboxRoute } from './faults';
import { errorResponse, jsonResponse, type SandboxResponse } from './responses';

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function errorCode(status: number): string {
  return statusText(status).toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function htmlPage(status: number): SandboxResponse {
  const title = `${status} ${statusText(status)}`;
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>sandbox-proxy</center></body></html>\n`,
  };
}

/**
 * The response a fault answers with instead of the route's own, or undefined for faults that only
 * change how the normal response is delivered (delays, hangs, resets).
 */
export function faultResponse(fault: SandboxFault, route: SandboxRoute, rateLimit: number): SandboxResponse | undefined {
  switch (fault.type) {
    case 'error': {
      const status = fault.status ?? 500;
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      if (status === 429) {
        // Everything openapi.yaml's TooManyRequests documents; a short default wait keeps tests fast.
        const wait = String(fault.retryAfterSeconds ?? 1);
        Object.assign(headers, { 'retry-after': wait, 'ratelimit-limit': String(rateLimit), 'ratelimit-reset': wait });
      }
      return errorResponse(status, errorCode(status), fault.message ?? `injected ${status} from the sandbox`, { headers });
    }
    case 'html':
      return htmlPage(fault.status ?? 502);
    case 'malformed-json': {
      const field = route === '/auth' ? 'apiKey' : 'accessToken';
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: `{"${field}": "eyJhbGciOi` };
    }
    case 'missing-token':
      return jsonResponse(200, { message: 'ok' });
    default:
      return undefined;
  }
}
