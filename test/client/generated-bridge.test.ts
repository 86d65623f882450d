// client.authApi: the generated surface, with the wrapper's key handling, retries and errors.
import nock from 'nock';
import { AuthApi, PluggyAuthenticationError, PluggyNotFoundError } from '../../src';
import { BASE, CLIENT_SECRET, freshKey, makeClient, rejectionOf } from '../helpers/client';

describe('client.authApi', () => {
  it('is the generated AuthApi', () => {
    expect(makeClient().authApi).toBeInstanceOf(AuthApi);
  });

  it('connectTokenCreate gets, caches and sends the API key', async () => {
    const key = freshKey();
    const auth = nock(BASE).post('/auth').once().reply(200, { apiKey: key });
    nock(BASE).post('/connect_token', { itemId: '5e9f8f8f-f8f8-4f8f-8f8f-8f8f8f8f8f8f' }).twice().matchHeader('x-api-key', key).reply(200, { accessToken: 'ct' });
    const { authApi } = makeClient();

    for (let i = 0; i < 2; i++) {
      await expect(authApi.connectTokenCreate({ connectTokenRequest: { itemId: '5e9f8f8f-f8f8-4f8f-8f8f-8f8f8f8f8f8f' } })).resolves.toEqual({ accessToken: 'ct' });
    }
    auth.done();
  });

  it('re-authenticates on 403 and retries 5xx, like the hand-written methods', async () => {
    nock(BASE).post('/auth').twice().reply(200, () => ({ apiKey: freshKey(7200, { r: Math.random() }) }));
    nock(BASE).post('/connect_token').reply(403, { code: 403, message: 'expired' });
    nock(BASE).post('/connect_token').reply(502, 'bad gateway');
    nock(BASE).post('/connect_token').reply(200, { accessToken: 'ct' });

    await expect(makeClient().authApi.connectTokenCreate({})).resolves.toEqual({ accessToken: 'ct' });
    expect(nock.isDone()).toBe(true);
  });

  it('throws typed errors instead of a raw Response', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    nock(BASE).post('/connect_token').reply(404, { code: 404, codeDescription: 'ITEM_NOT_FOUND', message: 'item not found' });
    const error = await rejectionOf(makeClient().authApi.connectTokenCreate({ connectTokenRequest: { itemId: '00000000-0000-4000-8000-000000000000' } }));
    expect(error).toBeInstanceOf(PluggyNotFoundError);
  });

  it('authCreate passes through with the given credentials and maps errors', async () => {
    nock(BASE).post('/auth', { clientId: 'other', clientSecret: CLIENT_SECRET }).reply(401, { code: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', message: 'Client keys are invalid' });
    const error = await rejectionOf(makeClient().authApi.authCreate({ authRequest: { clientId: 'other', clientSecret: CLIENT_SECRET } }));
    expect(error).toBeInstanceOf(PluggyAuthenticationError);
    expect(String(error)).not.toContain(CLIENT_SECRET);
  });
});
