import { PluggyClient } from 'pluggy-sdk';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox, type Sandbox } from '../../src/sandbox';
import { claimsOf } from './helpers';

// Pluggy's own Node SDK, unchanged, as a check that the sandbox speaks Pluggy's contract and not
// just whatever our client expects.
describe('the official pluggy-sdk against the sandbox', () => {
  let sandbox: Sandbox;
  const previousUrl = process.env.PLUGGY_API_URL;

  beforeAll(async () => {
    sandbox = await startSandbox();
    process.env.PLUGGY_API_URL = sandbox.url; // read by pluggy-sdk's constructor
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.PLUGGY_API_URL;
    else process.env.PLUGGY_API_URL = previousUrl;
    await sandbox.stop();
  });

  it('authenticates and creates connect tokens, plain and in update mode', async () => {
    const pluggy = new PluggyClient({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    // pluggy-sdk also sends `nonExpiring: false` to /auth: the spec allows extra properties, so must the sandbox.
    const plain = await pluggy.createConnectToken();
    const update = await pluggy.createConnectToken(SANDBOX_ITEM_ID, { clientUserId: 'user-42' });

    expect(claimsOf(plain.accessToken)).toMatchObject({ clientId: SANDBOX_CLIENT_ID });
    expect(claimsOf(update.accessToken)).toMatchObject({ itemId: SANDBOX_ITEM_ID, options: { clientUserId: 'user-42' } });
    expect(sandbox.stats.snapshot()).toEqual({
      '/auth': { requests: 1, outcomes: { 200: 1 } },
      '/connect_token': { requests: 2, outcomes: { 200: 2 } },
    });
  });

  it('sees the Pluggy-shaped 401 body for a wrong secret', async () => {
    const pluggy = new PluggyClient({ clientId: SANDBOX_CLIENT_ID, clientSecret: 'wrong' });
    // pluggy-sdk lets got's HTTPError through from its /auth call.
    const error = await pluggy.createConnectToken().then(
      () => undefined,
      (rejection: { response?: { statusCode: number; body: unknown } }) => rejection,
    );
    expect(error?.response?.statusCode).toBe(401);
    expect(error?.response?.body).toEqual({ code: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', message: 'Client keys are invalid' });
  });
});
