import nock from 'nock';
import { createServer, type AddressInfo } from 'node:net';
import {
  PluggyConfigurationError,
  PluggyAbortError,
  PluggyBadRequestError,
  PluggyInternalServerError,
  PluggyRateLimitError,
  PluggyTimeoutError,
  type FetchLike,
} from '../../src';
import { BASE, freshKey, makeClient, rejectionOf } from '../helpers/client';

/** Answers /auth with the given replies in order, counting attempts. */
function authSequence(...replies: Array<[number, unknown, Record<string, string>?]>) {
  const counter = { calls: 0 };
  nock(BASE)
    .post('/auth')
    .times(replies.length)
    .reply(() => {
      const [status, body, headers] = replies[counter.calls++];
      return [status, body as nock.Body, headers ?? {}];
    });
  return counter;
}

const ok: [number, unknown] = [200, { apiKey: 'a-key' }];

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i and succeeds', async (status) => {
    const counter = authSequence([status, { code: status, message: 'transient' }], ok);
    await expect(makeClient().getApiKey()).resolves.toBe('a-key');
    expect(counter.calls).toBe(2);
  });

  it('stops after maxRetries (default 2: three attempts) and throws the last error', async () => {
    const counter = authSequence(...Array.from({ length: 5 }, (): [number, unknown] => [500, { code: 500, message: 'down' }]));
    await expect(makeClient().getApiKey()).rejects.toBeInstanceOf(PluggyInternalServerError);
    expect(counter.calls).toBe(3);
    nock.cleanAll();
  });

  it('maxRetries: 0 turns retries off', async () => {
    const counter = authSequence([503, { code: 503, message: 'busy' }], ok);
    await expect(makeClient({ maxRetries: 0 }).getApiKey()).rejects.toBeInstanceOf(PluggyInternalServerError);
    expect(counter.calls).toBe(1);
    nock.cleanAll();
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry %i', async (status) => {
    const counter = authSequence([status, { code: status, message: 'no' }], ok);
    await expect(makeClient().getApiKey()).rejects.toHaveProperty('status', status);
    expect(counter.calls).toBe(1);
    nock.cleanAll();
  });

  it('retries a timed-out attempt', async () => {
    nock(BASE).post('/auth').delay(200).reply(200, { apiKey: 'slow' });
    nock(BASE).post('/auth').reply(200, { apiKey: 'a-key' });
    await expect(makeClient({ timeoutMs: 50 }).getApiKey()).resolves.toBe('a-key');
  });

  it('retries a connection reset (a connection error, not a timeout) and succeeds', async () => {
    const body = '{"apiKey":"a-key"}';
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.once('data', () =>
        connections === 1
          ? socket.resetAndDestroy()
          : socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: ${body.length}\r\n\r\n${body}`),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(makeClient({ baseUrl: `http://127.0.0.1:${port}` }).getApiKey()).resolves.toBe('a-key');
      expect(connections).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('backs off exponentially between attempts', async () => {
    const times: number[] = [];
    nock(BASE)
      .post('/auth')
      .times(3)
      .reply(() => {
        times.push(Date.now());
        return times.length < 3 ? [500, { code: 500, message: 'x' }] : [200, { apiKey: 'k' }];
      });
    await makeClient({ initialRetryDelayMs: 100, maxRetryDelayMs: 1000 }).getApiKey();
    const [first, second] = [times[1] - times[0], times[2] - times[1]];
    expect(first).toBeGreaterThanOrEqual(70); // 100 ms minus up to 25 % jitter, minus timer slack
    expect(second).toBeGreaterThanOrEqual(145);
    expect(second).toBeGreaterThan(first * 1.2);
  });
});

describe('Retry-After', () => {
  it('honours Retry-After in seconds', async () => {
    const started = Date.now();
    authSequence([429, { code: 429, message: 'slow' }, { 'Retry-After': '1' }], ok);
    await expect(makeClient().getApiKey()).resolves.toBe('a-key');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('honours retry-after-ms before Retry-After', async () => {
    const started = Date.now();
    authSequence([503, { code: 503, message: 'x' }, { 'retry-after-ms': '120', 'Retry-After': '30' }], ok);
    await expect(makeClient().getApiKey()).resolves.toBe('a-key');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const started = Date.now();
    const when = new Date(Date.now() + 1500).toUTCString(); // second precision: 0.5–1.5 s away
    authSequence([429, { code: 429, message: 'slow' }, { 'Retry-After': when }], ok);
    await expect(makeClient().getApiKey()).resolves.toBe('a-key');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it.each(['soon-ish', '1.5.2', '-1', '12.', 'Tomorrow'])('ignores a malformed Retry-After (%s): backoff, never "retry now"', async (value) => {
    const times: number[] = [];
    nock(BASE)
      .post('/auth')
      .twice()
      .reply(() => {
        times.push(Date.now());
        return times.length === 1 ? [429, { code: 429, message: 'slow' }, { 'Retry-After': value }] : [200, { apiKey: 'a-key' }];
      });
    await makeClient({ initialRetryDelayMs: 200, maxRetryDelayMs: 200 }).getApiKey();
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(140);
  });

  it('reads fractional seconds and the first of repeated Retry-After values', async () => {
    const counter = authSequence([429, { code: 429, message: 'slow' }, { 'Retry-After': '0.2' }], ok);
    const started = Date.now();
    await expect(makeClient({ initialRetryDelayMs: 1 }).getApiKey()).resolves.toBe('a-key');
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(counter.calls).toBe(2);
    nock(BASE).post('/auth').reply(429, { code: 429, message: 'slow' }, { 'Retry-After': '120, 120' });
    const error = (await rejectionOf(makeClient().getApiKey())) as PluggyRateLimitError;
    expect(error.retryAfterMs).toBe(120_000);
  });

  it("throws PluggyRateLimitError at once when the server's wait exceeds maxRetryAfterMs (Pluggy's 60 s)", async () => {
    const started = Date.now();
    const counter = authSequence([429, { code: 429, message: 'slow down' }, { 'Retry-After': '60' }], ok);

    const error = (await rejectionOf(makeClient().getApiKey())) as PluggyRateLimitError;

    expect(error).toBeInstanceOf(PluggyRateLimitError);
    expect(error.retryAfterMs).toBe(60_000);
    expect(counter.calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    nock.cleanAll();
  });

  it('sleeps on a long wait when the cap allows it', async () => {
    const counter = authSequence([429, { code: 429, message: 'slow' }, { 'retry-after-ms': '300' }], ok);
    await expect(makeClient({ maxRetryAfterMs: 200 }).getApiKey()).rejects.toBeInstanceOf(PluggyRateLimitError);
    expect(counter.calls).toBe(1);
    nock.cleanAll();
    const again = authSequence([429, { code: 429, message: 'slow' }, { 'retry-after-ms': '300' }], ok);
    await expect(makeClient({ maxRetryAfterMs: 400 }).getApiKey()).resolves.toBe('a-key');
    expect(again.calls).toBe(2);
  });
});

describe('timeouts', () => {
  it('an attempt past timeoutMs is PluggyTimeoutError, retried, and the call ends in bounded time', async () => {
    nock(BASE).post('/auth').times(3).delay(2000).reply(200, { apiKey: 'late' });
    const started = Date.now();

    const error = await rejectionOf(makeClient({ timeoutMs: 100 }).getApiKey());

    expect(error).toBeInstanceOf(PluggyTimeoutError);
    expect((error as Error).message).toMatch(/timed out after 100 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
    nock.abortPendingRequests();
  });

  it('a per-call timeoutMs overrides the client default', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    nock(BASE).post('/connect_token').delay(1000).reply(200, { accessToken: 'late' });
    const error = await rejectionOf(makeClient({ maxRetries: 0 }).createConnectToken(undefined, { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(PluggyTimeoutError);
    nock.abortPendingRequests();
  });

  it("a per-call timeoutMs also bounds a cold call's wait for the API key", async () => {
    nock(BASE).post('/auth').times(3).delay(1500).reply(200, { apiKey: freshKey() });
    const started = Date.now();
    const error = await rejectionOf(makeClient({ maxRetries: 0 }).createConnectToken(undefined, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(PluggyTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    nock.abortPendingRequests();
  });

  it.each([Infinity, Number.NaN, -1, 0, 2 ** 31, 1.5])('rejects a per-call timeoutMs of %p instead of timing out at once', async (timeoutMs) => {
    const error = await rejectionOf(makeClient().createConnectToken(undefined, { timeoutMs }));
    expect(error).toBeInstanceOf(PluggyConfigurationError);
    expect((error as PluggyConfigurationError).field).toBe('timeoutMs');
  });

  it('ends an attempt whose injected fetch ignores the signal', async () => {
    const fetch: FetchLike = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await rejectionOf(makeClient({ fetch, timeoutMs: 100, maxRetries: 0 }).getApiKey())).toBeInstanceOf(PluggyTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out a body that starts but never finishes', async () => {
    const { PassThrough } = require('node:stream') as typeof import('node:stream');
    const stream = new PassThrough();
    stream.write('{"apiKey": "abc');
    nock(BASE).post('/auth').reply(200, () => stream);
    const error = await rejectionOf(makeClient({ timeoutMs: 150, maxRetries: 0 }).getApiKey());
    expect(error).toBeInstanceOf(PluggyTimeoutError);
    stream.destroy();
  });
});

describe("the caller's signal", () => {
  it('aborts an attempt in flight at once, without retrying', async () => {
    nock(BASE).post('/auth').delay(2000).reply(200, { apiKey: 'late' });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);

    const error = await rejectionOf(makeClient().getApiKey({ signal: controller.signal }));
    // getApiKey waits on the shared refresh; the abort releases this caller at once.
    expect(error).toBeInstanceOf(PluggyAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    nock.abortPendingRequests();
  });

  it('aborts createConnectToken in flight and does not retry', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    let calls = 0;
    nock(BASE)
      .post('/connect_token')
      .times(3)
      .delay(2000)
      .reply(() => {
        calls++;
        return [200, { accessToken: 'late' }];
      });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const error = await rejectionOf(makeClient().createConnectToken(undefined, { signal: controller.signal }));

    expect(error).toBeInstanceOf(PluggyAbortError);
    expect(calls).toBeLessThanOrEqual(1);
    nock.abortPendingRequests();
  });

  it('aborts the backoff wait at once', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    nock(BASE).post('/connect_token').reply(503, { code: 503, message: 'busy' }, { 'retry-after-ms': '5000' });
    const controller = new AbortController();
    const started = Date.now();
    const call = makeClient({ maxRetryAfterMs: 10_000 }).createConnectToken(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);

    await expect(call).rejects.toBeInstanceOf(PluggyAbortError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an already-aborted signal sends nothing', async () => {
    const auth = nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    const error = await rejectionOf(makeClient().createConnectToken(undefined, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(PluggyAbortError);
    expect(auth.isDone()).toBe(false);
  });

  it('a 400 is neither retried nor confused with an abort', async () => {
    nock(BASE).post('/auth').reply(400, { code: 400, message: 'bad' });
    await expect(makeClient().getApiKey({ signal: new AbortController().signal })).rejects.toBeInstanceOf(PluggyBadRequestError);
  });
});
