import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox, type SandboxFault } from '../../src/sandbox';
import { open, postJson, rawExchange, rawPost, send } from './http';

const CREDENTIALS = { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET };

describe('sandbox fault injection', () => {
  let sandbox: Sandbox;
  const auth = () => postJson(`${sandbox.url}/auth`, CREDENTIALS);
  const authOpen = () =>
    open(`${sandbox.url}/auth`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(CREDENTIALS) });

  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  it('error: answers the status for the next N matching requests, then behaves again', async () => {
    sandbox.faults.inject({ type: 'error', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await auth()).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('error: defaults to 500 with a GlobalErrorResponse, and can send Retry-After', async () => {
    sandbox.faults.inject({ type: 'error' }, { type: 'error', status: 429, retryAfterSeconds: 2 });
    const first = await auth();
    expect(first.status).toBe(500);
    expect(first.json()).toEqual({ code: 500, codeDescription: 'INTERNAL_SERVER_ERROR', message: 'injected 500 from the sandbox' });
    const second = await auth();
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('2');
    expect(second.headers['ratelimit-reset']).toBe('2');
    expect(second.headers['ratelimit-limit']).toBe('360');
    expect(second.json().codeDescription).toBe('TOO_MANY_REQUESTS');
  });

  it('error: a 429 without retryAfterSeconds still says how long to wait (1 s)', async () => {
    sandbox.faults.inject({ type: 'error', status: 429 });
    expect((await auth()).headers['retry-after']).toBe('1');
  });

  it('applies only to the route it names', async () => {
    sandbox.faults.inject({ type: 'error', route: '/connect_token' });
    expect((await auth()).status).toBe(200);
    expect((await send(`${sandbox.url}/connect_token`)).status).toBe(500);
    expect((await send(`${sandbox.url}/connect_token`)).status).toBe(403);
  });

  it('times: Infinity keeps the fault armed until clear()', async () => {
    sandbox.faults.inject({ type: 'error', status: 502, times: Infinity });
    for (let i = 0; i < 4; i += 1) expect((await auth()).status).toBe(502);
    sandbox.faults.clear();
    expect((await auth()).status).toBe(200);
  });

  it('applies faults in order and lists what is left', async () => {
    sandbox.faults.inject({ type: 'error', status: 500, times: 2 }, { type: 'html', route: '/auth' });
    await auth();
    expect(sandbox.faults.pending()).toEqual([
      { type: 'error', status: 500, times: 1 },
      { type: 'html', route: '/auth', times: 1 },
    ]);
    expect((await auth()).status).toBe(500);
    expect((await auth()).status).toBe(502);
    expect(sandbox.faults.pending()).toEqual([]);
  });

  it('accepts faults at start', async () => {
    const faulty = await startSandbox({ faults: [{ type: 'missing-token', route: '/auth' }] });
    try {
      const res = await postJson(`${faulty.url}/auth`, CREDENTIALS);
      expect(res.status).toBe(200);
      expect(res.json()).not.toHaveProperty('apiKey');
    } finally {
      await faulty.stop();
    }
  });

  it('missing-token: answers 200 JSON without accessToken on /connect_token', async () => {
    sandbox.faults.inject({ type: 'missing-token' });
    const res = await send(`${sandbox.url}/connect_token`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ message: 'ok' });
  });

  it('malformed-json: answers 200 application/json that does not parse', async () => {
    sandbox.faults.inject({ type: 'malformed-json' });
    const res = await auth();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(() => res.json()).toThrow(SyntaxError);
  });

  it('html: answers an HTML error page, 502 by default', async () => {
    sandbox.faults.inject({ type: 'html' }, { type: 'html', status: 503 });
    const first = await auth();
    expect(first.status).toBe(502);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.body).toContain('<title>502 Bad Gateway</title>');
    expect((await auth()).status).toBe(503);
  });

  it('reset: drops the connection with no response, counted as a reset', async () => {
    sandbox.faults.inject({ type: 'reset' });
    await expect(rawExchange(sandbox.port, rawPost('/auth', CREDENTIALS), 1)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sandbox.stats.responses('/auth', 'reset')).toBe(1);
    expect((await auth()).status).toBe(200);
  });

  it('delay-headers: holds the whole response for ms, then answers normally', async () => {
    sandbox.faults.inject({ type: 'delay-headers', ms: 300 });
    const res = await authOpen();
    expect(res.headersAfterMs).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    expect(JSON.parse((await res.rest).body)).toHaveProperty('apiKey');
  });

  it('delay-body: sends headers and part of the body at once, the rest after ms', async () => {
    sandbox.faults.inject({ type: 'delay-body', ms: 300 });
    const res = await authOpen();
    const { body, endedAfterMs } = await res.rest;
    // Measured from the headers, so a loaded machine cannot make it flaky.
    expect(endedAfterMs - res.headersAfterMs).toBeGreaterThanOrEqual(250);
    expect(JSON.parse(body)).toHaveProperty('apiKey');
  });

  it('hang-body: sends part of the body and never finishes; stop() breaks the connection', async () => {
    sandbox.faults.inject({ type: 'hang-body' });
    const res = await authOpen();
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(res.received()).toMatch(/^\{"apiKey":"/);
    await sandbox.stop();
    await expect(res.rest).rejects.toThrow();
  });

  it('a client giving up during delay-headers frees the request and its timer', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
    try {
      sandbox.faults.inject({ type: 'delay-headers', ms: 60_000 });
      const controller = new AbortController();
      const pending = fetch(`${sandbox.url}/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(CREDENTIALS),
        signal: controller.signal,
      });
      pending.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const faultTimer = setTimeoutSpy.mock.results[setTimeoutSpy.mock.calls.findIndex(([, ms]) => ms === 60_000)]?.value;
      expect(faultTimer).toBeDefined();
      expect(clearTimeoutSpy).not.toHaveBeenCalledWith(faultTimer);

      controller.abort();
      await expect(pending).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(clearTimeoutSpy).toHaveBeenCalledWith(faultTimer);
      expect(sandbox.stats.snapshot()['/auth']).toEqual({ requests: 1, outcomes: {} });
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });

  it.each<[string, unknown]>([
    ['an unknown type', { type: 'explode' }],
    ['an unknown route', { type: 'reset', route: '/items' }],
    ['times 0', { type: 'reset', times: 0 }],
    ['fractional times', { type: 'reset', times: 1.5 }],
    ['delay without ms', { type: 'delay-headers' }],
    ['an infinite delay', { type: 'delay-body', ms: Infinity }],
    ['a 200 error status', { type: 'error', status: 200 }],
  ])('rejects a fault with %s', (_, fault) => {
    expect(() => sandbox.faults.inject(fault as SandboxFault)).toThrow(TypeError);
    expect(sandbox.faults.pending()).toEqual([]);
  });
});
