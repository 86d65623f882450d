import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims every sandbox token carries; `iat` and `exp` are seconds since the epoch, as in RFC 7519. */
export interface TokenClaims {
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function signature(signingInput: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

export function signToken(claims: TokenClaims, key: Buffer): string {
  const signingInput = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${signature(signingInput, key).toString('base64url')}`;
}

function decodeJson(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks structure, then the HS256 signature (constant time), then `exp` against `nowMs`. */
export function verifyToken(token: string, key: Buffer, nowMs: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!isRecord(header) || header.alg !== 'HS256' || !isRecord(claims)) return { ok: false, reason: 'malformed' };
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (!/^[A-Za-z0-9_-]*$/.test(signaturePart)) return { ok: false, reason: 'malformed' };

  // Compared as text, not decoded bytes: base64url ignores the last character's padding bits, so
  // decoding would accept several spellings of one signature.
  const expected = Buffer.from(signature(`${headerPart}.${payloadPart}`, key).toString('base64url'));
  const given = Buffer.from(signaturePart);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (nowMs >= claims.exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims as TokenClaims };
}

/**
 * Whole seconds, `exp = iat + ttl`, as Pluggy and most JWT libraries issue them: `exp - iat` is
 * exactly the TTL, and since `iat` rounds down the token may expire up to a second sooner than
 * `ttlSeconds` after the request, which a client's refresh margin has to absorb.
 */
export function lifetimeClaims(nowMs: number, ttlSeconds: number): TokenClaims {
  const iat = Math.floor(nowMs / 1000);
  return { iat, exp: iat + ttlSeconds };
}
