import {
  PluggyAuthClient,
  PluggyAuthenticationError,
  PluggyBadRequestError,
  PluggyNotFoundError,
  PluggyRateLimitError,
} from '../../src';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type Sandbox } from '../../src/sandbox';
import { expectNoSecrets, rejectionOf, sandboxClient } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DISABLED_ID = '3a0c2d8e-9b1f-4e6a-8c7d-2f4e6a8c0b1d';

describe('client against the sandbox: API errors become typed errors', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      clients: [
        { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET },
        { clientId: DISABLED_ID, clientSecret: SANDBOX_CLIENT_SECRET, disabled: true },
      ],
    });
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => {
    sandbox.stats.reset();
    sandbox.faults.clear();
  });

  it('a wrong secret: PluggyAuthenticationError CLIENT_KEYS_UNAUTHORIZED, not retried, secret nowhere', async () => {
    const client = sandboxClient(sandbox, { clientSecret: 'definitely-the-wrong-secret' });
    const error = await rejectionOf(client.createConnectToken());
    expect(error).toBeInstanceOf(PluggyAuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', operation: 'authCreate' });
    expect(error.requestId).toMatch(UUID);
    expect(sandbox.stats.requests('/auth')).toBe(1);
    expect(sandbox.stats.requests('/connect_token')).toBe(0);
    expectNoSecrets(error, 'definitely-the-wrong-secret');
  });

  it('a disabled client: PluggyAuthenticationError CLIENT_DISABLED', async () => {
    const client = new PluggyAuthClient({ clientId: DISABLED_ID, clientSecret: SANDBOX_CLIENT_SECRET, baseUrl: sandbox.url });
    const error = await rejectionOf(client.getApiKey());
    expect(error).toBeInstanceOf(PluggyAuthenticationError);
    expect(error.codeDescription).toBe('CLIENT_DISABLED');
  });

  it('an unknown itemId: PluggyNotFoundError ITEM_NOT_FOUND carrying the request id', async () => {
    const client = sandboxClient(sandbox);
    const error = await rejectionOf(client.createConnectToken({ itemId: '00000000-0000-4000-8000-000000000000' }));
    expect(error).toBeInstanceOf(PluggyNotFoundError);
    expect(error).toMatchObject({ status: 404, codeDescription: 'ITEM_NOT_FOUND', operation: 'connectTokenCreate' });
    expect(error.body).toEqual({ code: 404, codeDescription: 'ITEM_NOT_FOUND', message: 'item not found' });
    expect(error.requestId).toMatch(UUID);
    expect(error.headers['x-request-id']).toBe(error.requestId);
    expect(sandbox.stats.responses('/connect_token', 404)).toBe(1);
    expectNoSecrets(error, await client.getApiKey());
  });

  it('an itemId that is not a UUID: PluggyBadRequestError naming the field', async () => {
    const client = sandboxClient(sandbox);
    const error = await rejectionOf(client.createConnectToken({ itemId: 'item-1' }));
    expect(error).toBeInstanceOf(PluggyBadRequestError);
    expect(error.message).toContain('itemId must be a UUID');
  });

  it('429 with a short Retry-After: waits that long, retries, succeeds', async () => {
    sandbox.faults.inject({ type: 'error', status: 429, retryAfterSeconds: 1, route: '/connect_token' });
    const client = sandboxClient(sandbox);
    await client.getApiKey();

    const startedAt = performance.now();
    await client.createConnectToken();
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(950);
    expect(sandbox.stats.snapshot()['/connect_token']).toEqual({ requests: 2, outcomes: { 200: 1, 429: 1 } });
  });

  it("429 from /auth's rate limit with a long Retry-After: PluggyRateLimitError at once, with retryAfterMs", async () => {
    const limited = await startSandbox({ rateLimit: { limit: 1, windowMs: 60_000 } });
    try {
      await sandboxClient(limited).getApiKey();
      const startedAt = performance.now();
      const error = await rejectionOf(sandboxClient(limited).getApiKey());
      // Not slept on: the server asked for ~60 s, over the client's 10 s cap.
      expect(performance.now() - startedAt).toBeLessThan(5000);
      expect(error).toBeInstanceOf(PluggyRateLimitError);
      expect(error.retryAfterMs).toBeGreaterThan(50_000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(error.headers['ratelimit-limit']).toBe('1');
      expect(limited.stats.responses('/auth', 429)).toBe(1);
    } finally {
      await limited.stop();
    }
  });
});
