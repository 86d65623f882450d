import nock from 'nock';
import { PluggyAuthenticationError, PluggyInternalServerError, PluggyPermissionDeniedError, PluggyAbortError } from '../../src';
import { BASE, CLIENT_ID, CLIENT_SECRET, freshKey, makeClient, makeJwt, rejectionOf } from '../helpers/client';

function fakeDateOnly() {
  // Only Date moves: real timers keep nock and the transports working.
  jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'performance', 'hrtime'] });
}

afterEach(() => jest.useRealTimers());

describe('API key lifecycle', () => {
  it('exchanges the credentials via POST /auth on first use, then sends the key as X-API-KEY', async () => {
    const key = freshKey();
    const auth = nock(BASE)
      .post('/auth', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
      .matchHeader('content-type', 'application/json')
      .reply(200, { apiKey: key });
    const token = nock(BASE).post('/connect_token').matchHeader('x-api-key', key).reply(200, { accessToken: 'ct' });

    await expect(makeClient().createConnectToken()).resolves.toEqual({ accessToken: 'ct' });
    auth.done();
    token.done();
  });

  it('reuses the cached key across calls', async () => {
    const auth = nock(BASE).post('/auth').once().reply(200, { apiKey: freshKey() });
    nock(BASE).post('/connect_token').times(3).reply(200, { accessToken: 'ct' });
    const client = makeClient();

    for (let i = 0; i < 3; i++) await client.createConnectToken();
    expect(await client.getApiKey()).toBeTruthy();
    auth.done();
  });

  it('refreshes a JWT key skew ms before exp, not before', async () => {
    fakeDateOnly();
    const start = Date.UTC(2026, 0, 1, 12);
    jest.setSystemTime(start);
    const first = freshKey(7200);
    const second = freshKey(7200, { n: 2 });
    nock(BASE).post('/auth').reply(200, { apiKey: first }).post('/auth').reply(200, { apiKey: second });
    const client = makeClient({ apiKeyRefreshSkewMs: 60_000 });

    expect(await client.getApiKey()).toBe(first);
    jest.setSystemTime(start + 7200_000 - 60_001);
    expect(await client.getApiKey()).toBe(first);
    jest.setSystemTime(start + 7200_000 - 60_000);
    expect(await client.getApiKey()).toBe(second);
    expect(nock.isDone()).toBe(true);
  });

  it('measures the lifetime as exp - iat, so a skewed local clock does not expire a fresh key', async () => {
    fakeDateOnly();
    jest.setSystemTime(Date.UTC(2026, 0, 1, 12));
    // The server's clock is 3 hours ahead: by the local clock, exp is still 5 hours away,
    // and by a clock 3 hours behind it would look issued in the future. Only exp - iat counts.
    const serverNow = Math.floor(Date.now() / 1000) - 3 * 3600;
    const key = makeJwt({ iat: serverNow, exp: serverNow + 7200 });
    nock(BASE).post('/auth').once().reply(200, { apiKey: key });
    const client = makeClient();

    expect(await client.getApiKey()).toBe(key);
    jest.setSystemTime(Date.now() + 7200_000 - 61_000);
    expect(await client.getApiKey()).toBe(key);
  });

  it('falls back to the documented 2-hour lifetime when the key is not a JWT', async () => {
    fakeDateOnly();
    const start = Date.UTC(2026, 0, 1, 12);
    jest.setSystemTime(start);
    nock(BASE).post('/auth').reply(200, { apiKey: 'opaque-key-1' }).post('/auth').reply(200, { apiKey: 'opaque-key-2' });
    const client = makeClient({ apiKeyRefreshSkewMs: 60_000 });

    expect(await client.getApiKey()).toBe('opaque-key-1');
    jest.setSystemTime(start + 2 * 3600_000 - 60_001);
    expect(await client.getApiKey()).toBe('opaque-key-1');
    jest.setSystemTime(start + 2 * 3600_000 - 60_000);
    expect(await client.getApiKey()).toBe('opaque-key-2');
  });

  it('1,000 concurrent calls on a cold client cause exactly one POST /auth', async () => {
    let authCalls = 0;
    nock(BASE)
      .post('/auth')
      .times(1000)
      .delay(20)
      .reply(() => {
        authCalls++;
        return [200, { apiKey: freshKey() }];
      });
    nock(BASE).post('/connect_token').times(1000).reply(200, { accessToken: 'ct' });
    const client = makeClient();

    const results = await Promise.all(Array.from({ length: 1000 }, () => client.createConnectToken()));

    expect(results).toHaveLength(1000);
    expect(authCalls).toBe(1);
    // nock's http interception makes 1,000 node-fetch requests take seconds, not the client.
  }, 30_000);

  it('a failed refresh rejects every waiter with the same error, and the next call tries again', async () => {
    nock(BASE).post('/auth').delay(10).reply(401, { code: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', message: 'Client keys are invalid' });
    const client = makeClient();

    const errors = await Promise.all(Array.from({ length: 10 }, () => rejectionOf(client.createConnectToken())));
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]).toBeInstanceOf(PluggyAuthenticationError);
    expect((errors[0] as PluggyAuthenticationError).codeDescription).toBe('CLIENT_KEYS_UNAUTHORIZED');

    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    nock(BASE).post('/connect_token').reply(200, { accessToken: 'ct' });
    await expect(client.createConnectToken()).resolves.toEqual({ accessToken: 'ct' });
  });

  it.each([401, 403])('a %i from /connect_token invalidates the key, re-authenticates once and retries once', async (status) => {
    const stale = freshKey(7200, { n: 1 });
    const fresh = freshKey(7200, { n: 2 });
    nock(BASE).post('/auth').reply(200, { apiKey: stale }).post('/auth').reply(200, { apiKey: fresh });
    nock(BASE).post('/connect_token').matchHeader('x-api-key', stale).reply(status, { code: status, message: 'Missing or invalid authorization token' });
    nock(BASE).post('/connect_token').matchHeader('x-api-key', fresh).reply(200, { accessToken: 'ct' });
    const client = makeClient();

    await expect(client.createConnectToken()).resolves.toEqual({ accessToken: 'ct' });
    expect(await client.getApiKey()).toBe(fresh);
    expect(nock.isDone()).toBe(true);
  });

  it('a second 403 surfaces as PluggyPermissionDeniedError after exactly one re-auth (no loop)', async () => {
    let authCalls = 0;
    let tokenCalls = 0;
    nock(BASE)
      .post('/auth')
      .times(5)
      .reply(() => {
        authCalls++;
        return [200, { apiKey: freshKey(7200, { n: authCalls }) }];
      });
    nock(BASE)
      .post('/connect_token')
      .times(5)
      .reply(() => {
        tokenCalls++;
        return [403, { code: 403, message: 'Missing or invalid authorization token' }];
      });

    const error = await rejectionOf(makeClient().createConnectToken());

    expect(error).toBeInstanceOf(PluggyPermissionDeniedError);
    expect(authCalls).toBe(2);
    expect(tokenCalls).toBe(2);
  });

  it('concurrent 403s with the same stale key share one re-auth', async () => {
    const stale = freshKey(7200, { n: 1 });
    const fresh = freshKey(7200, { n: 2 });
    let authCalls = 0;
    nock(BASE)
      .post('/auth')
      .times(3)
      .reply(() => [200, { apiKey: ++authCalls === 1 ? stale : fresh }]);
    nock(BASE).post('/connect_token').times(50).matchHeader('x-api-key', stale).reply(403, { code: 403, message: 'expired' });
    nock(BASE).post('/connect_token').times(50).matchHeader('x-api-key', fresh).reply(200, { accessToken: 'ct' });
    const client = makeClient();
    await client.getApiKey();

    await Promise.all(Array.from({ length: 50 }, () => client.createConnectToken()));
    expect(authCalls).toBe(2);
  });

  it('invalidateApiKey forces a new POST /auth', async () => {
    const auth = nock(BASE).post('/auth').twice().reply(200, () => ({ apiKey: freshKey(7200, { r: Math.random() }) }));
    const client = makeClient();

    const first = await client.getApiKey();
    client.invalidateApiKey();
    const second = await client.getApiKey();

    expect(second).not.toBe(first);
    auth.done();
  });

  it('an aborted waiter stops waiting without cancelling the shared refresh for others', async () => {
    nock(BASE).post('/auth').delay(50).reply(200, { apiKey: freshKey() });
    const client = makeClient();
    const controller = new AbortController();

    const abandoned = client.getApiKey({ signal: controller.signal });
    const patient = client.getApiKey();
    controller.abort();

    await expect(abandoned).rejects.toBeInstanceOf(PluggyAbortError);
    await expect(patient).resolves.toEqual(expect.any(String));
  });

  it('when every waiter gives up, the /auth request is cancelled and the next caller starts afresh', async () => {
    nock(BASE).post('/auth').delay(5000).reply(200, { apiKey: 'too-late' });
    nock(BASE).post('/auth').reply(200, { apiKey: 'next' });
    const client = makeClient({ maxRetries: 0 });
    const controller = new AbortController();
    const started = Date.now();

    const abandoned = client.getApiKey({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(abandoned).rejects.toBeInstanceOf(PluggyAbortError);

    await expect(client.getApiKey()).resolves.toBe('next');
    expect(Date.now() - started).toBeLessThan(2000);
    nock.abortPendingRequests();
  });

  it('a 5xx from /auth is retried inside the single refresh', async () => {
    nock(BASE).post('/auth').reply(503, { code: 503, message: 'busy' }).post('/auth').reply(200, { apiKey: freshKey() });
    await expect(makeClient().getApiKey()).resolves.toEqual(expect.any(String));

    nock(BASE).post('/auth').times(3).reply(500, { code: 500, message: 'down' });
    await expect(makeClient().getApiKey()).rejects.toBeInstanceOf(PluggyInternalServerError);
  });
});
