import { PluggyAuthClient, type PluggyAuthClientOptions } from '../../src';
import { transportOptions } from './transport';

export const BASE = 'https://api.pluggy.ai';
export const CLIENT_ID = '6f1b2c4e-0d5a-4c1e-9a57-0b1f3d2e4a10';
export const CLIENT_SECRET = 'sk_test_V3ryS3cretValue_do-not-leak';

/** A client on this project's transport, with retry delays short enough for tests. */
export function makeClient(overrides: Partial<PluggyAuthClientOptions> = {}): PluggyAuthClient {
  return new PluggyAuthClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    baseUrl: BASE,
    initialRetryDelayMs: 1,
    maxRetryDelayMs: 5,
    ...transportOptions(),
    ...overrides,
  });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned-looking JWT with the given claims; the client only reads `iat`/`exp`. */
export function makeJwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;
}

/** A JWT issued now, valid for `ttlSeconds`. */
export function freshKey(ttlSeconds = 7200, extra: Record<string, unknown> = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  return makeJwt({ iat, exp: iat + ttlSeconds, ...extra });
}

/** Settles a promise into its rejection, failing the test if it resolves. Typed `any` for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
