import type { IncomingHttpHeaders } from 'node:http';
import type { RateLimiter } from '../rate-limiter';

/** A client whose credentials `POST /auth` accepts; list them in {@link SandboxOptions.clients}. */
export interface SandboxClient {
  /** Must be a UUID, as Pluggy's `/auth` requires; matched case-insensitively. */
  clientId: string;
  /** Any non-empty string; a wrong one gets 401 `CLIENT_KEYS_UNAUTHORIZED`. */
  clientSecret: string;
  /** A disabled client gets 401 `CLIENT_DISABLED` even with the right secret. */
  disabled?: boolean;
}

/** What the route handlers may read; the server owns and builds it. */
export interface SandboxContext {
  clients: ReadonlyMap<string, SandboxClient>;
  items: ReadonlySet<string>;
  apiKeyTtlSeconds: number;
  connectTokenTtlSeconds: number;
  /** Current signing key; replacing it revokes every token issued so far. */
  signingKey(): Buffer;
  now(): number;
  authRateLimiter: RateLimiter | undefined;
}

export interface SandboxRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
  clientIp: string;
}

/** The `typ`-like claim that keeps an API key and a connect token from standing in for each other. */
export const TOKEN_USE = { apiKey: 'api_key', connectToken: 'connect_token' } as const;
