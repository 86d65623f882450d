import { randomUUID } from 'node:crypto';
import { parseJsonBody } from '../json-body';
import { lifetimeClaims, signToken, verifyToken } from '../jwt';
import { errorResponse, jsonResponse, notAuthenticatedResponse, type SandboxResponse } from '../responses';
import { requestSchemas } from '../schemas';
import { TOKEN_USE, type SandboxContext, type SandboxRequest } from './context';

interface ConnectTokenBody {
  itemId?: string;
  options?: Record<string, unknown>;
}

const REJECTION: Record<'malformed' | 'bad-signature' | 'expired', string> = {
  malformed: 'X-API-KEY is not a valid API key',
  'bad-signature': 'X-API-KEY signature is invalid (revoked, or issued by another server)',
  expired: 'X-API-KEY has expired: request a new API key with POST /auth',
};

function authenticate(context: SandboxContext, header: string | string[] | undefined): { clientId: string } | SandboxResponse {
  if (header === undefined || header === '') return notAuthenticatedResponse('Missing X-API-KEY header');
  if (Array.isArray(header)) return notAuthenticatedResponse('X-API-KEY header was sent more than once');
  const result = verifyToken(header, context.signingKey(), context.now());
  if (!result.ok) return notAuthenticatedResponse(REJECTION[result.reason]);
  if (result.claims.use !== TOKEN_USE.apiKey || typeof result.claims.clientId !== 'string') {
    return notAuthenticatedResponse('X-API-KEY is not an API key (a connect token cannot create connect tokens)');
  }
  return { clientId: result.claims.clientId };
}

/** `POST /connect_token`: an API key in, a short-lived connect token (JWT carrying the options) out. */
export function handleConnectToken(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const caller = authenticate(context, request.headers['x-api-key']);
  if ('status' in caller) return caller;

  const body = parseJsonBody(request.headers['content-type'], request.body, requestSchemas.ConnectTokenRequest, {
    required: false,
  });
  if (!body.ok) return body.response;
  const { itemId, options } = (body.value ?? {}) as ConnectTokenBody;

  if (itemId !== undefined && !context.items.has(itemId.toLowerCase())) {
    return errorResponse(404, 'ITEM_NOT_FOUND', 'item not found');
  }

  const accessToken = signToken(
    {
      use: TOKEN_USE.connectToken,
      clientId: caller.clientId,
      jti: randomUUID(),
      ...(itemId !== undefined && { itemId }),
      ...(options !== undefined && { options }),
      ...lifetimeClaims(context.now(), context.connectTokenTtlSeconds),
    },
    context.signingKey(),
  );
  return jsonResponse(200, { accessToken });
}
