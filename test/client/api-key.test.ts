import nock from 'nock';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  const HOUR = 3600_000;

  /** Resolves once `done()` holds: for work the client does in the background. */
  async function until(done: () => boolean | Promise<boolean>) {
    for (let i = 0; i < 200 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await done()).toBe(true);
  }

  it('refreshes a JWT key in the background from skew ms before exp (not before), serving the old key meanwhile', async () => {
    fakeDateOnly();
    const start = Date.UTC(2026, 0, 1, 12);
    jest.setSystemTime(start);
    const first = freshKey(7200);
    const second = freshKey(7200, { n: 2 });
    nock(BASE).post('/auth').reply(200, { apiKey: first });
    const client = makeClient({ apiKeyRefreshSkewMs: 60_000 });
    expect(await client.getApiKey()).toBe(first);
    const refresh = nock(BASE).post('/auth').delay(30).reply(200, { apiKey: second });

    jest.setSystemTime(start + 2 * HOUR - 60_001);
    expect(await client.getApiKey()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(refresh.isDone()).toBe(false);

    jest.setSystemTime(start + 2 * HOUR - 60_000);
    expect(await client.getApiKey()).toBe(first); // served at once while the refresh runs
    await until(async () => (await client.getApiKey()) === second);
    refresh.done();
  });

  it('many callers in the refresh window trigger one background /auth', async () => {
    fakeDateOnly();
    const start = Date.UTC(2026, 0, 1, 12);
    jest.setSystemTime(start);
    let authCalls = 0;
    nock(BASE)
      .post('/auth')
      .times(5)
      .delay(20)
      .reply(() => [200, { apiKey: freshKey(7200, { n: ++authCalls }) }]);
    const client = makeClient();
    await client.getApiKey();
    jest.setSystemTime(start + 2 * HOUR - 50_000);

    await Promise.all(Array.from({ length: 100 }, () => client.getApiKey()));
    await until(() => authCalls === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(authCalls).toBe(2);
    nock.cleanAll();
  });

  it('past halfway from the refresh point to exp, callers wait for the new key', async () => {
    fakeDateOnly();
    const start = Date.UTC(2026, 0, 1, 12);
    jest.setSystemTime(start);
    const first = freshKey(7200);
    const second = freshKey(7200, { n: 2 });
    nock(BASE).post('/auth').reply(200, { apiKey: first }).post('/auth').reply(200, { apiKey: second });
    const client = makeClient({ apiKeyRefreshSkewMs: 60_000 });
    await client.getApiKey();

    jest.setSystemTime(start + 2 * HOUR - 30_000);
    expect(await client.getApiKey()).toBe(second);
  });

  it('a failed background refresh keeps serving the still-valid key, warns, and tries again later', async () => {
    fakeDateOnly();
    const start = Date.UTC(2026, 0, 1, 12);
    jest.setSystemTime(start);
    const key = freshKey(7200);
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) };
    nock(BASE).post('/auth').reply(200, { apiKey: key });
    nock(BASE).post('/auth').reply(429, { code: 429, message: 'slow down' }, { 'Retry-After': '60' });
    nock(BASE).post('/connect_token').twice().matchHeader('x-api-key', key).reply(200, { accessToken: 'ct' });
    const client = makeClient({ logger });
    await client.getApiKey();

    jest.setSystemTime(start + 2 * HOUR - 50_000);
    await expect(client.createConnectToken()).resolves.toEqual({ accessToken: 'ct' });
    await until(() => warnings.length > 0);
    expect(warnings[0]).toMatch(/refresh failed; the current key is still valid/);

    const retry = nock(BASE).post('/auth').reply(200, { apiKey: freshKey(7200, { n: 2 }) });
    await expect(client.createConnectToken()).resolves.toEqual({ accessToken: 'ct' });
    await until(() => retry.isDone());
  });

  it('measures the lifetime as exp - iat, so a skewed local clock does not expire a fresh key', async () => {
    fakeDateOnly();
    jest.setSystemTime(Date.UTC(2026, 0, 1, 12));
    // The server's clock is 3 hours behind: by the local clock its exp is already past.
    // Only exp - iat counts.
    const serverNow = Math.floor(Date.now() / 1000) - 3 * 3600;
    const key = makeJwt({ iat: serverNow, exp: serverNow + 7200 });
    const auth = nock(BASE).post('/auth').reply(200, { apiKey: key });
    const client = makeClient();

    expect(await client.getApiKey()).toBe(key);
    jest.setSystemTime(Date.now() + 2 * HOUR - 61_000);
    expect(await client.getApiKey()).toBe(key);
    auth.done();
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('falls back to the documented 2-hour lifetime when the key is not a JWT', async () => {
    fakeDateOnly();
    const start = Date.UTC(2026, 0, 1, 12);
    jest.setSystemTime(start);
    nock(BASE).post('/auth').reply(200, { apiKey: 'opaque-key-1' });
    const client = makeClient({ apiKeyRefreshSkewMs: 60_000 });
    expect(await client.getApiKey()).toBe('opaque-key-1');
    const refresh = nock(BASE).post('/auth').reply(200, { apiKey: 'opaque-key-2' });

    jest.setSystemTime(start + 2 * HOUR - 60_001);
    await client.getApiKey();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(refresh.isDone()).toBe(false);
    jest.setSystemTime(start + 2 * HOUR - 20_000);
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

  it('invalidateApiKey during a refresh is not undone by that refresh', async () => {
    nock(BASE).post('/auth').delay(100).reply(200, { apiKey: 'key-before' }).post('/auth').reply(200, { apiKey: 'key-after' });
    const client = makeClient();
    const before = client.getApiKey();
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.invalidateApiKey();
    expect(await before).toBe('key-before'); // that caller still gets the key it was waiting for
    expect(await client.getApiKey()).toBe('key-after');
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
    // A real server, to see the abandoned request's connection close.
    const closed: string[] = [];
    let requests = 0;
    const server = createServer((_req, res) => {
      if (++requests === 1) {
        res.on('close', () => closed.push('first'));
        return; // never answers the first /auth
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ apiKey: 'next' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
      const controller = new AbortController();
      const abandoned = client.getApiKey({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(abandoned).rejects.toBeInstanceOf(PluggyAbortError);

      for (let i = 0; i < 100 && closed.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(closed).toEqual(['first']); // the server saw the request go away: it was cancelled
      await expect(client.getApiKey()).resolves.toBe('next');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a 5xx from /auth is retried inside the single refresh', async () => {
    nock(BASE).post('/auth').reply(503, { code: 503, message: 'busy' }).post('/auth').reply(200, { apiKey: freshKey() });
    await expect(makeClient().getApiKey()).resolves.toEqual(expect.any(String));

    nock(BASE).post('/auth').times(3).reply(500, { code: 500, message: 'down' });
    await expect(makeClient().getApiKey()).rejects.toBeInstanceOf(PluggyInternalServerError);
  });
});
