import nock from 'nock';
import { createServer, type Server } from 'node:net';
import {
  PluggyApiError,
  PluggyAuthenticationError,
  PluggyBadRequestError,
  PluggyConflictError,
  PluggyConnectionError,
  PluggyError,
  PluggyInternalServerError,
  PluggyInvalidResponseError,
  PluggyNotFoundError,
  PluggyPermissionDeniedError,
  PluggyRateLimitError,
  PluggyRedirectError,
  PluggyUnprocessableEntityError,
} from '../../src';
import { BASE, freshKey, makeClient, rejectionOf } from '../helpers/client';
import type { FetchLike } from '../../src';

const noRetries = { maxRetries: 0 };

function withKey() {
  nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
}

describe('status → typed error', () => {
  it.each([
    [400, PluggyBadRequestError],
    [401, PluggyAuthenticationError],
    [403, PluggyPermissionDeniedError],
    [404, PluggyNotFoundError],
    [409, PluggyConflictError],
    [422, PluggyUnprocessableEntityError],
    [429, PluggyRateLimitError],
    [500, PluggyInternalServerError],
    [502, PluggyInternalServerError],
    [503, PluggyInternalServerError],
    [504, PluggyInternalServerError],
    [418, PluggyApiError],
  ])('/auth %i → %p with its fields', async (status, ErrorClass) => {
    nock(BASE)
      .post('/auth')
      .reply(status, { code: status, codeDescription: 'SOME_CODE', message: 'what went wrong', data: { hint: 1 } }, { 'x-request-id': 'req-123' });

    const error = await rejectionOf(makeClient(noRetries).getApiKey());

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(PluggyApiError);
    expect(error).toBeInstanceOf(PluggyError);
    const apiError = error as PluggyApiError;
    expect(apiError.name).toBe(ErrorClass.name);
    expect(apiError.status).toBe(status);
    expect(apiError.code).toBe(status);
    expect(apiError.codeDescription).toBe('SOME_CODE');
    expect(apiError.body).toEqual({ code: status, codeDescription: 'SOME_CODE', message: 'what went wrong', data: { hint: 1 } });
    expect(apiError.headers['x-request-id']).toBe('req-123');
    expect(apiError.requestId).toBe('req-123');
    expect(apiError.operation).toBe('authCreate');
    expect(apiError.message).toBe(`authCreate failed with HTTP ${status}: SOME_CODE: what went wrong`);
  });

  it('CLIENT_DISABLED from /auth', async () => {
    nock(BASE).post('/auth').reply(401, { code: 401, codeDescription: 'CLIENT_DISABLED', message: 'Client is disabled' });
    const error = (await rejectionOf(makeClient().getApiKey())) as PluggyAuthenticationError;
    expect(error).toBeInstanceOf(PluggyAuthenticationError);
    expect(error.codeDescription).toBe('CLIENT_DISABLED');
  });

  it('ITEM_NOT_FOUND from /connect_token names the operation', async () => {
    withKey();
    nock(BASE).post('/connect_token').reply(404, { code: 404, codeDescription: 'ITEM_NOT_FOUND', message: 'item not found' });

    const error = (await rejectionOf(makeClient().createConnectToken({ itemId: '00000000-0000-4000-8000-000000000000' }))) as PluggyNotFoundError;

    expect(error).toBeInstanceOf(PluggyNotFoundError);
    expect(error.codeDescription).toBe('ITEM_NOT_FOUND');
    expect(error.operation).toBe('connectTokenCreate');
  });

  it('429 carries retryAfterMs', async () => {
    nock(BASE).post('/auth').reply(429, { code: 429, message: 'slow down' }, { 'Retry-After': '60' });
    const error = (await rejectionOf(makeClient(noRetries).getApiKey())) as PluggyRateLimitError;
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('has a toJSON view with its fields', async () => {
    nock(BASE).post('/auth').reply(404, { code: 404, message: 'nope' }, { 'x-request-id': 'r-9' });
    const error = (await rejectionOf(makeClient().getApiKey())) as PluggyNotFoundError;
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'PluggyNotFoundError',
      message: 'authCreate failed with HTTP 404: nope',
      status: 404,
      code: 404,
      requestId: 'r-9',
      operation: 'authCreate',
      body: { code: 404, message: 'nope' },
    });
  });

  it('a deeply nested JSON error body still maps to its class, without exhausting the stack', async () => {
    nock(BASE).post('/auth').reply(400, '['.repeat(100_000) + ']'.repeat(100_000), { 'content-type': 'application/json' });
    expect(await rejectionOf(makeClient().getApiKey())).toBeInstanceOf(PluggyBadRequestError);
  });
});

describe('bodies that are not what the spec says', () => {
  it.each([
    ['an HTML page', '<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>', 'non-JSON body: "<html><body><h1>502 Bad Gateway</h1> <p>nginx</p></body></html>"'],
    ['an empty body', '', 'empty body'],
    ['truncated JSON', '{"code": 400, "mess', 'non-JSON body: "{"code": 400, "mess"'],
    ['plain text', 'Bad Request', 'non-JSON body: "Bad Request"'],
    ['JSON without a message', '[1,2,3]', 'JSON body without a message: [1,2,3]'],
  ])('a 400 with %s still gives the status and a bounded excerpt', async (_label, body, summary) => {
    nock(BASE).post('/auth').reply(400, body, { 'content-type': 'text/html' });
    const error = (await rejectionOf(makeClient().getApiKey())) as PluggyBadRequestError;
    expect(error).toBeInstanceOf(PluggyBadRequestError);
    expect(error.message).toBe(`authCreate failed with HTTP 400: ${summary}`);
    expect(error.message).not.toMatch(/JSON\.parse|Unexpected token/);
  });

  it('bounds the excerpt of a huge error page', async () => {
    nock(BASE).post('/auth').reply(400, `<html>${'x'.repeat(100_000)}</html>`);
    const error = (await rejectionOf(makeClient().getApiKey())) as PluggyBadRequestError;
    expect(error.message.length).toBeLessThan(300);
    expect(String(error.body).length).toBeLessThanOrEqual(2001);
  });

  it.each([
    ['malformed JSON', '{"apiKey": "abc', /is not JSON/],
    ['HTML', '<html>oops</html>', /is not JSON: "<html>oops<\/html>"/],
    ['an empty body', '', /is empty/],
    ['no apiKey', '{"token": "abc"}', /has no "apiKey" string/],
    ['an empty apiKey', '{"apiKey": ""}', /has no "apiKey" string/],
    ['a non-string apiKey', '{"apiKey": 42}', /has no "apiKey" string/],
    ['null', 'null', /has no "apiKey" string/],
  ])('a 200 from /auth with %s is PluggyInvalidResponseError', async (_label, body, message) => {
    nock(BASE).post('/auth').reply(200, body);
    const error = (await rejectionOf(makeClient().getApiKey())) as PluggyInvalidResponseError;
    expect(error).toBeInstanceOf(PluggyInvalidResponseError);
    expect(error.status).toBe(200);
    expect(error.operation).toBe('authCreate');
    expect(error.message).toMatch(message);
  });

  it('a 200 from /connect_token without accessToken never hands the caller undefined', async () => {
    withKey();
    nock(BASE).post('/connect_token').reply(200, { accessToken: null });
    const error = await rejectionOf(makeClient().createConnectToken());
    expect(error).toBeInstanceOf(PluggyInvalidResponseError);
    expect((error as Error).message).toMatch(/has no "accessToken" string/);
  });

  it('an apiKey that cannot be sent as a header is rejected before it is ever sent', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: 'abc\r\nX-Evil: 1' });
    const error = (await rejectionOf(makeClient().createConnectToken())) as PluggyInvalidResponseError;
    expect(error).toBeInstanceOf(PluggyInvalidResponseError);
    expect(error.message).not.toContain('abc');
  });

  it('a 2xx over maxResponseBytes is PluggyInvalidResponseError', async () => {
    nock(BASE).post('/auth').reply(200, JSON.stringify({ apiKey: 'k'.repeat(5000) }));
    const error = await rejectionOf(makeClient({ maxResponseBytes: 1024 }).getApiKey());
    expect(error).toBeInstanceOf(PluggyInvalidResponseError);
    expect((error as Error).message).toMatch(/exceeds maxResponseBytes \(1024 bytes\)/);
  });

  it('a 2xx streamed past the cap without content-length is cut off', async () => {
    nock(BASE)
      .post('/auth')
      .reply(200, () => {
        const { Readable } = require('node:stream') as typeof import('node:stream');
        return Readable.from((function* () {
          for (let i = 0; i < 64; i++) yield Buffer.alloc(1024, 'a');
        })());
      });
    const error = await rejectionOf(makeClient({ maxResponseBytes: 4096 }).getApiKey());
    expect(error).toBeInstanceOf(PluggyInvalidResponseError);
  });

  it('a 429 whose body is over the cap keeps Retry-After and request id, and is thrown at once', async () => {
    let calls = 0;
    nock(BASE)
      .post('/auth')
      .times(3)
      .reply(() => {
        calls++;
        return [429, 'x'.repeat(4096), { 'Retry-After': '60', 'x-request-id': 'r-1' }];
      });
    const error = (await rejectionOf(makeClient({ maxResponseBytes: 1024 }).getApiKey())) as PluggyRateLimitError;
    expect(error).toBeInstanceOf(PluggyRateLimitError);
    expect([error.retryAfterMs, error.requestId, calls]).toEqual([60_000, 'r-1', 1]);
    nock.cleanAll();
  });

  it('a redirect whose body is over the cap is still a PluggyRedirectError', async () => {
    nock(BASE).post('/auth').reply(302, 'y'.repeat(4096), { Location: 'https://elsewhere.example/' });
    const error = (await rejectionOf(makeClient({ maxResponseBytes: 1024 }).getApiKey())) as PluggyRedirectError;
    expect(error).toBeInstanceOf(PluggyRedirectError);
    expect(error.location).toBe('https://elsewhere.example/');
  });

  it('an error body over the cap still maps to its status class', async () => {
    nock(BASE).post('/auth').reply(503, 'x'.repeat(5000));
    const error = (await rejectionOf(makeClient({ maxResponseBytes: 1024, maxRetries: 0 }).getApiKey())) as PluggyInternalServerError;
    expect(error).toBeInstanceOf(PluggyInternalServerError);
    expect(error.status).toBe(503);
  });
});

describe('redirects are never followed', () => {
  it.each([301, 302, 307, 308])('a %i to another origin is PluggyRedirectError and the other origin sees nothing', async (status) => {
    withKey();
    nock(BASE).post('/connect_token').reply(status, '', { Location: 'https://evil.example.com/steal' });
    const evil = nock('https://evil.example.com').post('/steal').reply(200, { accessToken: 'stolen' });

    const error = (await rejectionOf(makeClient().createConnectToken())) as PluggyRedirectError;

    expect(error).toBeInstanceOf(PluggyRedirectError);
    expect(error).toBeInstanceOf(PluggyConnectionError);
    expect(error.status).toBe(status);
    expect(error.location).toBe('https://evil.example.com/steal');
    expect(evil.isDone()).toBe(false);
  });

  it('a redirect is not retried', async () => {
    let calls = 0;
    nock(BASE)
      .post('/auth')
      .times(3)
      .reply(() => {
        calls++;
        return [302, '', { Location: '/elsewhere' }];
      });
    await expect(makeClient({ maxRetries: 2 }).getApiKey()).rejects.toBeInstanceOf(PluggyRedirectError);
    expect(calls).toBe(1);
  });
});

describe('fetch implementations without body streams', () => {
  it('reads a Response that only has text()', async () => {
    const fetch: FetchLike = async () => ({ status: 200, headers: new Headers(), text: async () => '{"apiKey":"text-only-key"}' });
    await expect(makeClient({ fetch }).getApiKey()).resolves.toBe('text-only-key');
  });

  it('applies maxResponseBytes to a text() body', async () => {
    const fetch: FetchLike = async () => ({ status: 200, headers: new Headers(), text: async () => JSON.stringify({ apiKey: 'k'.repeat(4096) }) });
    await expect(makeClient({ fetch, maxResponseBytes: 1024 }).getApiKey()).rejects.toBeInstanceOf(PluggyInvalidResponseError);
  });
});

describe('network failures', () => {
  let closedPort: number;
  beforeAll(async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('connection refused is PluggyConnectionError naming the system error, with its diagnostics in cause', async () => {
    const error = (await rejectionOf(makeClient({ baseUrl: `http://127.0.0.1:${closedPort}`, maxRetries: 0 }).getApiKey())) as PluggyConnectionError;
    expect(error).toBeInstanceOf(PluggyConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
    // The transport's error (for global fetch, the one under "fetch failed") keeps its code.
    const chain: Array<Record<string, unknown>> = [];
    for (let cause = error.cause as Record<string, unknown> | undefined; cause; cause = cause.cause as Record<string, unknown> | undefined) chain.push(cause);
    expect(chain).toContainEqual(expect.objectContaining({ code: 'ECONNREFUSED' }));
    expect(JSON.parse(JSON.stringify(error)).cause).toMatchObject({ message: expect.any(String) });
  });

  it('a connection reset before the response is PluggyConnectionError', async () => {
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const error = await rejectionOf(makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).getApiKey());
      expect(error).toBeInstanceOf(PluggyConnectionError);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
