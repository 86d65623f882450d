/** Pluggy documents API keys as valid for 2 hours; used when the key is not a readable JWT. */
export const DOCUMENTED_API_KEY_LIFETIME_MS = 2 * 60 * 60 * 1000;

interface JwtTimes {
  iat?: number;
  exp?: number;
}

/** Reads `iat`/`exp` from a JWT payload without verifying it: only the server needs to trust it. */
export function readJwtTimes(token: string): JwtTimes | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === '') return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { iat, exp } = payload as Record<string, unknown>;
    return {
      iat: typeof iat === 'number' && Number.isFinite(iat) ? iat : undefined,
      exp: typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * When to start refreshing a key received at `receivedAt` (`skewMs` before it expires), and when
 * it expires. With both `iat` and `exp` the lifetime is measured on the server's clock and applied
 * to ours, so a skewed local clock cannot make a fresh key look expired. A key is never refreshed
 * before half its lifetime, so a skew longer than a short-lived key cannot cause a refresh on
 * every call.
 */
export function keyTimes(apiKey: string, receivedAt: number, skewMs: number): { refreshAt: number; expiresAt: number } {
  const times = readJwtTimes(apiKey);
  let lifetimeMs = DOCUMENTED_API_KEY_LIFETIME_MS;
  if (times?.exp !== undefined) {
    lifetimeMs = times.iat !== undefined ? (times.exp - times.iat) * 1000 : times.exp * 1000 - receivedAt;
  }
  // A key that looks expired on arrival means a wrong clock or a broken server, not a key to
  // refetch on every call; the re-authentication on 401/403 covers a key that really is dead.
  if (!(lifetimeMs > 0)) lifetimeMs = DOCUMENTED_API_KEY_LIFETIME_MS;
  return {
    refreshAt: receivedAt + Math.max(lifetimeMs - skewMs, lifetimeMs / 2),
    expiresAt: receivedAt + lifetimeMs,
  };
}
