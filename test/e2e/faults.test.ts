import {
  PluggyAbortError,
  PluggyConnectionError,
  PluggyInternalServerError,
  PluggyInvalidResponseError,
  PluggyTimeoutError,
} from '../../src';
import { startSandbox, type Sandbox, type SandboxFault } from '../../src/sandbox';
import { expectNoSecrets, rejectionOf, sandboxClient, TRANSPORTS } from './helpers';

describe.each(TRANSPORTS)('client against a faulty sandbox (%s)', (_, transport) => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => {
    sandbox.faults.clear();
    sandbox.stats.reset();
  });

  const client = (overrides = {}) => sandboxClient(sandbox, { ...transport, maxRetries: 0, timeoutMs: 300, ...overrides });

  type ErrorClass = new (...args: never[]) => Error;
  it.each<[string, SandboxFault, ErrorClass, ErrorClass[]]>([
    ['headers that never come in time', { type: 'delay-headers', ms: 10_000 }, PluggyTimeoutError, []],
    ['a body that stalls past the timeout', { type: 'delay-body', ms: 10_000 }, PluggyTimeoutError, []],
    ['a body that never ends', { type: 'hang-body' }, PluggyTimeoutError, []],
    ['a connection reset', { type: 'reset' }, PluggyConnectionError, [PluggyTimeoutError]],
    ['a 500', { type: 'error', status: 500 }, PluggyInternalServerError, []],
    ['an HTML 502 page from a proxy', { type: 'html', status: 502 }, PluggyInternalServerError, []],
    ['a 200 that is not JSON', { type: 'malformed-json' }, PluggyInvalidResponseError, []],
    ['a 200 without apiKey', { type: 'missing-token' }, PluggyInvalidResponseError, []],
  ])('/auth: %s -> the right typed error', async (__, fault, ErrorClass, notClasses) => {
    sandbox.faults.inject({ ...fault, route: '/auth' });
    const startedAt = performance.now();
    const error = await rejectionOf(client().getApiKey());
    expect(error).toBeInstanceOf(ErrorClass);
    for (const NotClass of notClasses) expect(error).not.toBeInstanceOf(NotClass);
    // Well under the 10 s faults: the 300 ms timeout ended the wait, not the server.
    expect(performance.now() - startedAt).toBeLessThan(5000);
    expect(sandbox.stats.requests('/auth')).toBe(1);
    expectNoSecrets(error);
  });

  it('an HTML error page is summarized in the message, not dumped', async () => {
    sandbox.faults.inject({ type: 'html', status: 502 });
    const error = await rejectionOf(client().getApiKey());
    expect(error.message).toContain('HTTP 502');
    expect(error.message).toContain('502 Bad Gateway');
    expect(error.message.length).toBeLessThan(400);
  });

  it('/connect_token: a 200 without accessToken -> PluggyInvalidResponseError', async () => {
    const c = client();
    const apiKey = await c.getApiKey();
    sandbox.faults.inject({ type: 'missing-token', route: '/connect_token' });
    const error = await rejectionOf(c.createConnectToken());
    expect(error).toBeInstanceOf(PluggyInvalidResponseError);
    expect(error.message).toContain('accessToken');
    expectNoSecrets(error, apiKey);
  });

  it('/connect_token: a slow body within the timeout is fine', async () => {
    const c = client({ timeoutMs: 2000 });
    await c.getApiKey();
    sandbox.faults.inject({ type: 'delay-body', ms: 200, route: '/connect_token' }, { type: 'delay-headers', ms: 200, route: '/connect_token' });
    await expect(c.createConnectToken()).resolves.toHaveProperty('accessToken');
    await expect(c.createConnectToken()).resolves.toHaveProperty('accessToken');
  });

  it('retries transient faults (reset, 503, timeout) and succeeds, counting each attempt', async () => {
    sandbox.faults.inject(
      { type: 'reset', route: '/auth' },
      { type: 'error', status: 503, route: '/auth' },
      { type: 'delay-headers', ms: 10_000, route: '/auth' },
    );
    const apiKey = await client({ maxRetries: 3 }).getApiKey();
    expect(apiKey).toEqual(expect.any(String));
    expect(sandbox.stats.snapshot()['/auth']).toEqual({ requests: 4, outcomes: { reset: 1, 503: 1, 200: 1 } });
  });

  it('stops after maxRetries: three 500s with maxRetries 2 -> PluggyInternalServerError', async () => {
    sandbox.faults.inject({ type: 'error', status: 500, route: '/auth', times: Infinity });
    const error = await rejectionOf(client({ maxRetries: 2 }).getApiKey());
    expect(error).toBeInstanceOf(PluggyInternalServerError);
    expect(sandbox.stats.responses('/auth', 500)).toBe(3);
  });

  it("the caller's AbortSignal during a slow response -> PluggyAbortError, promptly", async () => {
    sandbox.faults.inject({ type: 'delay-headers', ms: 10_000, route: '/auth' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const startedAt = performance.now();
    const error = await rejectionOf(client({ timeoutMs: 10_000 }).getApiKey({ signal: controller.signal }));
    expect(error).toBeInstanceOf(PluggyAbortError);
    expect(performance.now() - startedAt).toBeLessThan(5000);
  });

  it('a sandbox that is gone -> PluggyConnectionError (connection refused)', async () => {
    const gone = await startSandbox();
    await gone.stop();
    const error = await rejectionOf(sandboxClient(gone, { ...transport, maxRetries: 0 }).getApiKey());
    expect(error).toBeInstanceOf(PluggyConnectionError);
    expect(error).not.toBeInstanceOf(PluggyTimeoutError);
    expectNoSecrets(error);
  });
});
