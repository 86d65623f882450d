import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox, type Sandbox } from '../../src/sandbox';
import { claimsOf, postJson, send } from './http';

describe('sandbox POST /connect_token', () => {
  let sandbox: Sandbox;
  const clock = { ms: Date.UTC(2030, 0, 1, 12, 0, 0) };

  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => clock.ms, apiKeyTtlSeconds: 60, connectTokenTtlSeconds: 1800 });
  });
  afterAll(() => sandbox.stop());

  async function apiKey(): Promise<string> {
    const res = await postJson(`${sandbox.url}/auth`, { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    return res.json().apiKey;
  }
  const connectToken = (key: string | undefined, body?: unknown) =>
    send(`${sandbox.url}/connect_token`, {
      headers: { 'content-type': 'application/json', ...(key !== undefined && { 'x-api-key': key }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('answers a request without a body with a JWT connect token that lives 30 minutes', async () => {
    const res = await connectToken(await apiKey());
    expect(res.status).toBe(200);
    const claims = claimsOf(res.json().accessToken);
    expect(claims).toMatchObject({ clientId: SANDBOX_CLIENT_ID, iat: clock.ms / 1000, exp: clock.ms / 1000 + 1800 });
    expect(claims).not.toHaveProperty('itemId');
  });

  it('issues a distinct token on every call, even within one second', async () => {
    const key = await apiKey();
    const tokens = await Promise.all([connectToken(key), connectToken(key), connectToken(key)]);
    expect(new Set(tokens.map((res) => res.json().accessToken)).size).toBe(3);
  });

  it('accepts no content type at all when there is no body', async () => {
    const res = await send(`${sandbox.url}/connect_token`, { headers: { 'x-api-key': await apiKey() } });
    expect(res.status).toBe(200);
  });

  it('carries itemId (update mode) and every option in the token', async () => {
    const options = {
      clientUserId: 'user@example.com',
      webhookUrl: 'https://example.com/hook',
      oauthRedirectUri: 'https://example.com/back',
      avoidDuplicates: true,
    };
    const res = await connectToken(await apiKey(), { itemId: SANDBOX_ITEM_ID, options });
    expect(res.status).toBe(200);
    expect(claimsOf(res.json().accessToken)).toMatchObject({ itemId: SANDBOX_ITEM_ID, options });
  });

  it('answers an unknown itemId with 404 ITEM_NOT_FOUND', async () => {
    const res = await connectToken(await apiKey(), { itemId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ code: 404, codeDescription: 'ITEM_NOT_FOUND', message: 'item not found' });
  });

  it.each([
    ['an itemId that is not a UUID', { itemId: 'item-1' }, 'itemId must be a UUID'],
    ['options that are not an object', { options: 'x' }, 'options must be an object, got string'],
    ['a non-boolean avoidDuplicates', { options: { avoidDuplicates: 'yes' } }, 'options.avoidDuplicates must be a boolean, got string'],
    ['a numeric webhookUrl', { options: { webhookUrl: 1 } }, 'options.webhookUrl must be a string, got number'],
  ])('answers %s with 400 naming the field', async (_, body, message) => {
    const res = await connectToken(await apiKey(), body);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code: 400, codeDescription: 'INVALID_REQUEST' });
    expect(res.json().message).toContain(message);
  });

  describe('403 NotAuthenticatedResponse', () => {
    const expect403 = async (key: string | undefined, message: RegExp) => {
      const res = await connectToken(key);
      expect(res.status).toBe(403);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['code', 'message']);
      expect(body.code).toBe(403);
      expect(body.message).toMatch(message);
    };

    it('for a missing X-API-KEY', () => expect403(undefined, /Missing X-API-KEY/));
    it('for a key that is not a JWT', () => expect403('not-a-jwt', /not a valid API key/));
    it('for a key whose payload is not JSON', () => expect403('eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln', /not a valid API key/));

    it('for a key with a tampered payload', async () => {
      const [header, , signature] = (await apiKey()).split('.');
      const forged = Buffer.from(JSON.stringify({ clientId: SANDBOX_CLIENT_ID, iat: 0, exp: 9e9, use: 'api_key' })).toString('base64url');
      await expect403(`${header}.${forged}.${signature}`, /signature is invalid/);
    });

    it('for a key signed by another sandbox', async () => {
      const other = await startSandbox();
      try {
        const res = await postJson(`${other.url}/auth`, { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
        await expect403(res.json().apiKey, /signature is invalid/);
      } finally {
        await other.stop();
      }
    });

    it('for an expired key, and not a millisecond before it expires', async () => {
      const key = await apiKey();
      const issuedAt = clock.ms;
      try {
        clock.ms = issuedAt + 60_000 - 1;
        expect((await connectToken(key)).status).toBe(200);
        clock.ms = issuedAt + 60_000;
        await expect403(key, /expired/);
      } finally {
        clock.ms = issuedAt;
      }
    });

    it('for every key issued before revokeTokens()', async () => {
      const key = await apiKey();
      sandbox.revokeTokens();
      await expect403(key, /signature is invalid/);
      expect((await connectToken(await apiKey())).status).toBe(200);
    });

    it('for a connect token used as an API key', async () => {
      const token = (await connectToken(await apiKey())).json().accessToken;
      await expect403(token, /not an API key/);
    });

    it('before looking at the body: a bad key with a bad body is still 403', async () => {
      const res = await connectToken('nope', { itemId: 1 });
      expect(res.status).toBe(403);
    });
  });
});
