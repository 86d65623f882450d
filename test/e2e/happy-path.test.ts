import { SANDBOX_CLIENT_ID, SANDBOX_ITEM_ID, startSandbox, type Sandbox } from '../../src/sandbox';
import { claimsOf, sandboxClient, TRANSPORTS } from './helpers';

describe.each(TRANSPORTS)('client against the sandbox, happy path (%s)', (_, transport) => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  it('gets an API key, then connect tokens with it, authenticating once', async () => {
    const client = sandboxClient(sandbox, transport);

    const apiKey = await client.getApiKey();
    expect(claimsOf(apiKey)).toMatchObject({ clientId: SANDBOX_CLIENT_ID });

    const first = await client.createConnectToken();
    const second = await client.createConnectToken({ options: { clientUserId: 'user-42', avoidDuplicates: true } });
    expect(claimsOf(first.accessToken)).not.toHaveProperty('options');
    expect(claimsOf(second.accessToken)).toMatchObject({ options: { clientUserId: 'user-42', avoidDuplicates: true } });

    expect(sandbox.stats.snapshot()).toEqual({
      '/auth': { requests: 1, outcomes: { 200: 1 } },
      '/connect_token': { requests: 2, outcomes: { 200: 2 } },
    });
  });

  it('sends every option and itemId (update mode) under its wire name', async () => {
    const client = sandboxClient(sandbox, transport);
    const options = {
      clientUserId: 'user@example.com',
      webhookUrl: 'https://example.com/hook',
      oauthRedirectUri: 'https://example.com/back',
      avoidDuplicates: false,
    };
    const { accessToken } = await client.createConnectToken({ itemId: SANDBOX_ITEM_ID, options });
    expect(claimsOf(accessToken)).toMatchObject({ itemId: SANDBOX_ITEM_ID, options });
  });

  it('shares one /auth between 50 concurrent calls on a cold client', async () => {
    const client = sandboxClient(sandbox, transport);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.createConnectToken()));
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(50);
    expect(sandbox.stats.requests('/auth')).toBe(1);
    expect(sandbox.stats.responses('/connect_token', 200)).toBe(50);
  });

  it('works through the generated AuthApi surface too', async () => {
    const client = sandboxClient(sandbox, transport);
    const { accessToken } = await client.authApi.connectTokenCreate({ connectTokenRequest: { itemId: SANDBOX_ITEM_ID } });
    expect(claimsOf(accessToken)).toMatchObject({ itemId: SANDBOX_ITEM_ID });
    expect(sandbox.stats.requests('/auth')).toBe(1);
  });
});
