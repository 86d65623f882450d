import { createHmac } from 'node:crypto';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox';
import { claimsOf, postJson, send } from './http';

const DISABLED_ID = '11111111-2222-4333-8444-555555555555';

describe('sandbox POST /auth', () => {
  let sandbox: Sandbox;
  const now = { ms: Date.UTC(2030, 0, 1, 12, 0, 0, 250) };

  beforeAll(async () => {
    sandbox = await startSandbox({
      clients: [
        { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET },
        { clientId: DISABLED_ID, clientSecret: 'disabled-secret', disabled: true },
      ],
      now: () => now.ms,
    });
  });
  afterAll(() => sandbox.stop());

  const auth = (body: unknown) => postJson(`${sandbox.url}/auth`, body);

  it('answers valid credentials with a signed HS256 JWT whose exp is iat + the 2-hour default', async () => {
    const res = await auth({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { apiKey } = res.json();
    const [header] = apiKey.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = claimsOf(apiKey);
    const iat = Math.floor(now.ms / 1000);
    expect(claims).toMatchObject({ clientId: SANDBOX_CLIENT_ID, iat, exp: iat + 7200 });
  });

  it('issues a different key on every call', async () => {
    const body = { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET };
    const [a, b] = await Promise.all([auth(body), auth(body)]);
    expect(a.json().apiKey).not.toBe(b.json().apiKey);
  });

  it('signs with a secret of its own: re-signing with a guessed key does not reproduce the signature', async () => {
    const { apiKey } = (await auth({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET })).json();
    const [header, payload, signature] = apiKey.split('.');
    const guessed = createHmac('sha256', SANDBOX_CLIENT_SECRET).update(`${header}.${payload}`).digest('base64url');
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signature).not.toBe(guessed);
  });

  it('accepts the client id in upper case (UUIDs are case-insensitive)', async () => {
    const res = await auth({ clientId: SANDBOX_CLIENT_ID.toUpperCase(), clientSecret: SANDBOX_CLIENT_SECRET });
    expect(res.status).toBe(200);
  });

  it('answers a wrong secret with 401 CLIENT_KEYS_UNAUTHORIZED', async () => {
    const res = await auth({ clientId: SANDBOX_CLIENT_ID, clientSecret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ code: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', message: 'Client keys are invalid' });
  });

  it('answers an unknown client id with 401 CLIENT_KEYS_UNAUTHORIZED', async () => {
    const res = await auth({ clientId: '99999999-9999-4999-8999-999999999999', clientSecret: SANDBOX_CLIENT_SECRET });
    expect(res.status).toBe(401);
    expect(res.json().codeDescription).toBe('CLIENT_KEYS_UNAUTHORIZED');
  });

  it('answers a disabled client with 401 CLIENT_DISABLED, but only once its secret is right', async () => {
    const disabled = await auth({ clientId: DISABLED_ID, clientSecret: 'disabled-secret' });
    expect(disabled.status).toBe(401);
    expect(disabled.json()).toEqual({ code: 401, codeDescription: 'CLIENT_DISABLED', message: 'Client is disabled' });

    const wrongSecret = await auth({ clientId: DISABLED_ID, clientSecret: 'nope' });
    expect(wrongSecret.json().codeDescription).toBe('CLIENT_KEYS_UNAUTHORIZED');
  });

  it.each([
    ['a missing clientSecret', { clientId: SANDBOX_CLIENT_ID }, 'clientSecret is required'],
    ['a missing clientId', { clientSecret: 'x' }, 'clientId is required'],
    ['a clientId that is not a UUID', { clientId: 'abc', clientSecret: 'x' }, 'clientId must be a UUID'],
    ['a numeric clientSecret', { clientId: SANDBOX_CLIENT_ID, clientSecret: 42 }, 'clientSecret must be a string, got number'],
    ['an array body', [], 'request body must be an object, got array'],
    ['a null body', null, 'request body must be an object, got null'],
  ])('answers %s with 400 GlobalErrorResponse naming the problem', async (_, body, message) => {
    const res = await auth(body);
    expect(res.status).toBe(400);
    const error = res.json();
    expect(error).toMatchObject({ code: 400, codeDescription: 'INVALID_REQUEST' });
    expect(error.message).toContain(message);
    expect(error.data.errors.length).toBeGreaterThan(0);
  });

  it('lists every problem at once', async () => {
    const res = await auth({});
    expect(res.json().message).toBe('clientId is required; clientSecret is required');
  });

  it('never echoes the submitted secret in a validation error', async () => {
    const res = await auth({ clientId: 'not-a-uuid', clientSecret: 'super-secret-value' });
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('super-secret-value');
  });

  it('ignores properties the schema does not declare, as the spec allows', async () => {
    const res = await auth({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, extra: true });
    expect(res.status).toBe(200);
  });

  it('answers invalid JSON with 400 INVALID_JSON without quoting the body', async () => {
    const res = await send(`${sandbox.url}/auth`, {
      headers: { 'content-type': 'application/json' },
      body: '{"clientId": "x", "clientSecret": "leak-me"',
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ code: 400, codeDescription: 'INVALID_JSON', message: 'request body is not valid JSON' });
    expect(res.body).not.toContain('leak-me');
  });

  it('answers a body that is not UTF-8 with 400 INVALID_JSON', async () => {
    const res = await send(`${sandbox.url}/auth`, {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(res.status).toBe(400);
    expect(res.json().codeDescription).toBe('INVALID_JSON');
  });

  it('answers an empty body with 400: the credentials are required', async () => {
    const res = await send(`${sandbox.url}/auth`, { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json().message).toBe('request body is required');
  });

  it('accepts a charset parameter on the JSON content type', async () => {
    const res = await postJson(
      `${sandbox.url}/auth`,
      { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET },
      { 'content-type': 'Application/JSON; charset=UTF-8' },
    );
    expect(res.status).toBe(200);
  });
});
