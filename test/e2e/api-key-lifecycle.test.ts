import { PluggyPermissionDeniedError } from '../../src';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { expectNoSecrets, rejectionOf, sandboxClient } from './helpers';

describe('client against the sandbox: API key expiry, refresh and re-authentication', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox?.stop());

  it('refreshes a short-lived key before it expires, without a single 403', async () => {
    sandbox = await startSandbox({ apiKeyTtlSeconds: 2 });
    // Refresh 1 s before exp: the key's real life (1 to 2 s, since iat rounds down) covers it.
    const client = sandboxClient(sandbox, { apiKeyRefreshSkewMs: 1000 });

    const firstKey = await client.getApiKey();
    await client.createConnectToken();
    expect(await client.getApiKey()).toBe(firstKey);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await client.createConnectToken();
    const secondKey = await client.getApiKey();
    expect(secondKey).not.toBe(firstKey);
    expect(sandbox.stats.snapshot()).toEqual({
      '/auth': { requests: 2, outcomes: { 200: 2 } },
      '/connect_token': { requests: 2, outcomes: { 200: 2 } },
    });
  });

  it('re-authenticates once when the server says the cached key has expired (403)', async () => {
    const clock = { offsetMs: 0 };
    sandbox = await startSandbox({ now: () => Date.now() + clock.offsetMs });
    const client = sandboxClient(sandbox);
    await client.createConnectToken();

    // The server's clock jumps past the 2-hour key; the client still thinks its key is fresh.
    clock.offsetMs = 2 * 60 * 60 * 1000 + 1000;
    const { accessToken } = await client.createConnectToken();

    expect(accessToken).toEqual(expect.any(String));
    expect(sandbox.stats.snapshot()).toEqual({
      '/auth': { requests: 2, outcomes: { 200: 2 } },
      '/connect_token': { requests: 3, outcomes: { 200: 2, 403: 1 } },
    });
  });

  it('re-authenticates once after a key revocation, and concurrent callers share that one /auth', async () => {
    sandbox = await startSandbox();
    const client = sandboxClient(sandbox);
    await client.createConnectToken();
    sandbox.revokeTokens();

    await Promise.all(Array.from({ length: 5 }, () => client.createConnectToken()));
    expect(sandbox.stats.requests('/auth')).toBe(2);
    expect(sandbox.stats.responses('/connect_token', 403)).toBe(5);
    expect(sandbox.stats.responses('/connect_token', 200)).toBe(6);
  });

  it('gives up with PluggyPermissionDeniedError when the fresh key is refused too: no loop', async () => {
    sandbox = await startSandbox();
    const client = sandboxClient(sandbox);
    const apiKey = await client.getApiKey();
    sandbox.faults.inject({ type: 'error', status: 403, route: '/connect_token', times: Infinity });

    const error = await rejectionOf(client.createConnectToken());
    expect(error).toBeInstanceOf(PluggyPermissionDeniedError);
    expect(error).toMatchObject({ status: 403, operation: 'connectTokenCreate' });
    expect(sandbox.stats.requests('/auth')).toBe(2);
    expect(sandbox.stats.requests('/connect_token')).toBe(2);
    expectNoSecrets(error, apiKey, await client.getApiKey());
  });

  it('invalidateApiKey() makes the next call authenticate again', async () => {
    sandbox = await startSandbox();
    const client = sandboxClient(sandbox);
    const first = await client.getApiKey();
    client.invalidateApiKey();
    expect(await client.getApiKey()).not.toBe(first);
    expect(sandbox.stats.requests('/auth')).toBe(2);
  });
});
