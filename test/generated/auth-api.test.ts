// The generated client on its own, with no wrapper: what a user gets from `<pkg>/generated`.
import nock from 'nock';
import { AuthApi, Configuration, ConnectTokenRequest } from '../../generated';

const BASE = 'https://api.pluggy.ai';
const CLIENT_ID = '6f1b2c4e-0d5a-4c1e-9a57-0b1f3d2e4a10';

function api(apiKey?: string) {
  return new AuthApi(new Configuration({ basePath: BASE, apiKey }));
}

describe('generated AuthApi', () => {
  it('authCreate POSTs the credentials as JSON to /auth and parses AuthResponse', async () => {
    const scope = nock(BASE, { badheaders: ['x-api-key'] })
      .post('/auth', { clientId: CLIENT_ID, clientSecret: 's3cret' })
      .matchHeader('content-type', 'application/json')
      .reply(200, { apiKey: 'key-1', ignored: true });

    const response = await api().authCreate({ authRequest: { clientId: CLIENT_ID, clientSecret: 's3cret' } });

    expect(response).toEqual({ apiKey: 'key-1' });
    scope.done();
  });

  it('connectTokenCreate sends X-API-KEY and no body when no request is given', async () => {
    let seenBody: unknown = 'not called';
    const scope = nock(BASE)
      .post('/connect_token', (body) => {
        seenBody = body;
        return true;
      })
      .matchHeader('x-api-key', 'key-1')
      .reply(200, { accessToken: 'ct-1' });

    const response = await api('key-1').connectTokenCreate({});

    expect(response).toEqual({ accessToken: 'ct-1' });
    expect(seenBody).toBe('');
    scope.done();
  });

  it('connectTokenCreate with itemId sends it (update mode)', async () => {
    const itemId = '5e9f8f8f-f8f8-4f8f-8f8f-8f8f8f8f8f8f';
    const scope = nock(BASE)
      .post('/connect_token', { itemId })
      .matchHeader('x-api-key', 'key-1')
      .reply(200, { accessToken: 'ct-2' });

    await expect(api('key-1').connectTokenCreate({ connectTokenRequest: { itemId } })).resolves.toEqual({
      accessToken: 'ct-2',
    });
    scope.done();
  });

  it('connectTokenCreate sends every ItemOptions field under its wire name', async () => {
    const request: ConnectTokenRequest = {
      itemId: '5e9f8f8f-f8f8-4f8f-8f8f-8f8f8f8f8f8f',
      options: {
        clientUserId: 'user@example.com',
        webhookUrl: 'https://example.com/webhook',
        oauthRedirectUri: 'https://example.com/oauth',
        avoidDuplicates: true,
      },
    };
    const scope = nock(BASE).post('/connect_token', request as nock.DataMatcherMap).reply(200, { accessToken: 'ct-3' });

    await api('key-1').connectTokenCreate({ connectTokenRequest: request });
    scope.done();
  });

  it('hands a non-2xx Response to the caller (the raw generated behaviour the wrapper maps)', async () => {
    nock(BASE)
      .post('/connect_token')
      .reply(404, { code: 404, codeDescription: 'ITEM_NOT_FOUND', message: 'item not found' });

    const thrown = await api('key-1')
      .connectTokenCreate({ connectTokenRequest: { itemId: '00000000-0000-4000-8000-000000000000' } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(404);
    await expect(response.json()).resolves.toMatchObject({ codeDescription: 'ITEM_NOT_FOUND' });
  });

  it('works in Node with no fetchApi configured (the template override replaces window.fetch)', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const scope = nock(BASE).post('/auth').reply(200, { apiKey: 'key-2' });

    await expect(
      new AuthApi().authCreate({ authRequest: { clientId: CLIENT_ID, clientSecret: 'x' } }),
    ).resolves.toEqual({ apiKey: 'key-2' });
    scope.done();
  });

  it('explains what to do in a runtime with no global fetch', () => {
    const saved = globalThis.fetch;
    try {
      (globalThis as { fetch?: unknown }).fetch = undefined;
      expect(() => new Configuration().fetchApi).toThrow(/pass `fetchApi` to Configuration/);
    } finally {
      globalThis.fetch = saved;
    }
  });
});
