import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { parseJsonBody } from '../json-body';
import { lifetimeClaims, signToken } from '../jwt';
import { errorResponse, jsonResponse, type SandboxResponse } from '../responses';
import { requestSchemas } from '../schemas';
import { TOKEN_USE, type SandboxContext, type SandboxRequest } from './context';

function sameSecret(given: string, expected: string): boolean {
  // Hash first so the comparison is constant time whatever the lengths.
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function tooManyRequests(limit: number, retryAfterSeconds: number): SandboxResponse {
  return jsonResponse(
    429,
    { code: 429, codeDescription: 'TOO_MANY_REQUESTS', message: 'Too many requests, please try again later.' },
    {
      'retry-after': String(retryAfterSeconds),
      'ratelimit-limit': String(limit),
      'ratelimit-reset': String(retryAfterSeconds),
    },
  );
}

/** `POST /auth`: client credentials in, a signed API key (JWT) out. */
export function handleAuth(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const decision = context.authRateLimiter?.take(request.clientIp, context.now());
  if (decision !== undefined && !decision.allowed) return tooManyRequests(decision.limit, decision.retryAfterSeconds);

  const body = parseJsonBody(request.headers['content-type'], request.body, requestSchemas.AuthRequest, { required: true });
  if (!body.ok) return body.response;
  const { clientId, clientSecret } = body.value as { clientId: string; clientSecret: string };

  // Compare ids case-insensitively: a UUID's hex digits carry no case.
  const client = context.clients.get(clientId.toLowerCase());
  if (client === undefined || !sameSecret(clientSecret, client.clientSecret)) {
    return errorResponse(401, 'CLIENT_KEYS_UNAUTHORIZED', 'Client keys are invalid');
  }
  if (client.disabled === true) return errorResponse(401, 'CLIENT_DISABLED', 'Client is disabled');

  const apiKey = signToken(
    { use: TOKEN_USE.apiKey, clientId: client.clientId, jti: randomUUID(), ...lifetimeClaims(context.now(), context.apiKeyTtlSeconds) },
    context.signingKey(),
  );
  return jsonResponse(200, { apiKey });
}
