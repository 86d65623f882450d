import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxRequestLog } from '../../src/sandbox';
import { postJson, rawExchange, rawPost, send } from './http';

const CREDENTIALS = { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET };
const statusesOf = (reply: string) => [...reply.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sandbox HTTP edges', () => {
  let sandbox: Sandbox;
  const log: SandboxRequestLog[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ maxBodyBytes: 1024, onRequest: (entry) => log.push(entry) });
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => {
    sandbox.stats.reset();
    log.length = 0;
  });

  it('listens on loopback and gives a URL without a trailing slash', () => {
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.host).toBe('127.0.0.1');
  });

  it('puts a fresh x-request-id on every response, success or error', async () => {
    const responses = await Promise.all([
      postJson(`${sandbox.url}/auth`, CREDENTIALS),
      postJson(`${sandbox.url}/auth`, {}),
      send(`${sandbox.url}/nope`),
      send(`${sandbox.url}/auth`, { method: 'GET' }),
    ]);
    const ids = responses.map((res) => res.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers an unknown route with 404 GlobalErrorResponse naming the served routes', async () => {
    const res = await send(`${sandbox.url}/items`);
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ code: 404, codeDescription: 'NOT_FOUND' });
    expect(res.json().message).toContain('POST /auth and POST /connect_token');
  });

  it('ignores the query string when routing', async () => {
    const res = await postJson(`${sandbox.url}/auth?debug=1`, CREDENTIALS);
    expect(res.status).toBe(200);
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers %s on a known route with 405 and Allow: POST', async (method) => {
    const res = await send(`${sandbox.url}/connect_token`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.json()).toMatchObject({ code: 405, codeDescription: 'METHOD_NOT_ALLOWED' });
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
  ])('answers a %s body with 415 saying JSON is expected', async (_, contentType) => {
    const res = await send(`${sandbox.url}/auth`, { headers: { 'content-type': contentType }, body: 'clientId=x' });
    expect(res.status).toBe(415);
    expect(res.json()).toMatchObject({ code: 415, codeDescription: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(res.json().message).toBe(`Content-Type must be application/json, got "${contentType}"`);
  });

  it('answers a body without any content type with 415', async () => {
    const res = await send(`${sandbox.url}/auth`, { body: JSON.stringify(CREDENTIALS) });
    expect(res.status).toBe(415);
    expect(res.json().message).toContain('got none');
  });

  it('answers a body over maxBodyBytes with 413 and keeps the connection usable', async () => {
    const big = JSON.stringify({ ...CREDENTIALS, padding: 'x'.repeat(2000) });
    const small = JSON.stringify(CREDENTIALS);
    // Two pipelined requests on one connection (raw, because nock's interceptor ignores keep-alive agents).
    const reply = await rawExchange(
      sandbox.port,
      `POST /auth HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${big.length}\r\n\r\n${big}` +
        `POST /auth HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${small.length}\r\n\r\n${small}`,
      2,
    );
    expect(statusesOf(reply)).toEqual(['413', '200']);
    expect(reply).toContain('{"code":413,"codeDescription":"PAYLOAD_TOO_LARGE","message":"request body exceeds 1024 bytes"}');
  });

  it('refuses a declared body far over the cap before reading it, and closes the connection', async () => {
    const reply = await rawExchange(
      sandbox.port,
      `POST /auth HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${50 * 1024 * 1024}\r\n\r\n{`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.toLowerCase()).toContain('connection: close');
    expect(reply).toContain('"PAYLOAD_TOO_LARGE"');
  });

  it('answers malformed HTTP with a JSON 400 that still carries a request id', async () => {
    const reply = await rawExchange(sandbox.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(reply).toMatch(/x-request-id: [0-9a-f-]{36}\r\n/);
    expect(JSON.parse(reply.split('\r\n\r\n')[1]!)).toMatchObject({ code: 400, message: 'malformed HTTP request' });
  });

  it('counts requests per route and outcome, and reports each one to onRequest', async () => {
    await postJson(`${sandbox.url}/auth`, CREDENTIALS);
    await postJson(`${sandbox.url}/auth`, { clientId: SANDBOX_CLIENT_ID, clientSecret: 'wrong' });
    await send(`${sandbox.url}/connect_token`);
    await send(`${sandbox.url}/elsewhere`);

    expect(sandbox.stats.requests('/auth')).toBe(2);
    expect(sandbox.stats.responses('/auth', 200)).toBe(1);
    expect(sandbox.stats.responses('/auth', 401)).toBe(1);
    expect(sandbox.stats.requests()).toBe(4);
    expect(sandbox.stats.snapshot()).toEqual({
      '/auth': { requests: 2, outcomes: { 200: 1, 401: 1 } },
      '/connect_token': { requests: 1, outcomes: { 403: 1 } },
      '/elsewhere': { requests: 1, outcomes: { 404: 1 } },
    });
    expect(log.map(({ method, path, outcome }) => `${method} ${path} ${outcome}`)).toEqual([
      'POST /auth 200',
      'POST /auth 401',
      'POST /connect_token 403',
      'POST /elsewhere 404',
    ]);
    expect(log.every((entry) => UUID.test(entry.requestId) && entry.durationMs >= 0)).toBe(true);
  });

  it('keeps serving when onRequest throws', async () => {
    const noisy = await startSandbox({
      onRequest: () => {
        throw new Error('logger broke');
      },
    });
    try {
      expect((await postJson(`${noisy.url}/auth`, CREDENTIALS)).status).toBe(200);
    } finally {
      await noisy.stop();
    }
  });
});

describe('sandbox /auth rate limit', () => {
  const clock = { ms: 1_000_000 };
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: { limit: 3, windowMs: 60_000 }, now: () => clock.ms });
  });
  afterAll(() => sandbox.stop());

  it('answers 429 with Retry-After and RateLimit headers past the limit, and recovers after the window', async () => {
    for (let i = 0; i < 3; i += 1) expect((await postJson(`${sandbox.url}/auth`, CREDENTIALS)).status).toBe(200);

    clock.ms += 15_500;
    const limited = await postJson(`${sandbox.url}/auth`, CREDENTIALS);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('45');
    expect(limited.headers['ratelimit-limit']).toBe('3');
    expect(limited.headers['ratelimit-reset']).toBe('45');
    expect(limited.json()).toEqual({ code: 429, codeDescription: 'TOO_MANY_REQUESTS', message: 'Too many requests, please try again later.' });

    // Invalid requests count too, and the limit applies before validation.
    expect((await postJson(`${sandbox.url}/auth`, {})).status).toBe(429);

    clock.ms += 44_500;
    expect((await postJson(`${sandbox.url}/auth`, CREDENTIALS)).status).toBe(200);
  });

  it('never advertises Retry-After: 0 at the very end of a window', async () => {
    clock.ms += 120_000;
    for (let i = 0; i < 3; i += 1) await postJson(`${sandbox.url}/auth`, CREDENTIALS);
    clock.ms += 59_999;
    const limited = await postJson(`${sandbox.url}/auth`, CREDENTIALS);
    expect(limited.headers['retry-after']).toBe('1');
  });

  it('does not limit /connect_token', async () => {
    clock.ms += 120_000;
    for (let i = 0; i < 5; i += 1) expect((await send(`${sandbox.url}/connect_token`)).status).toBe(403);
  });

  it('can be switched off', async () => {
    const unlimited = await startSandbox({ rateLimit: false, now: () => 0 });
    try {
      const reply = await rawExchange(unlimited.port, rawPost('/auth', CREDENTIALS).repeat(400), 400);
      expect(statusesOf(reply).filter((status) => status !== '200')).toEqual([]);
    } finally {
      await unlimited.stop();
    }
  });

  it("defaults to Pluggy's 360 requests per minute", async () => {
    const pluggyLike = await startSandbox({ now: () => 0 });
    try {
      const reply = await rawExchange(pluggyLike.port, rawPost('/auth', CREDENTIALS).repeat(361), 361);
      const statuses = statusesOf(reply);
      expect(statuses.slice(0, 360).every((status) => status === '200')).toBe(true);
      expect(statuses[360]).toBe('429');
      expect(reply).toContain('ratelimit-limit: 360\r\n');
    } finally {
      await pluggyLike.stop();
    }
  });
});
