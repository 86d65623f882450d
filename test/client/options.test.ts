import nock from 'nock';
import { DEFAULTS, PluggyAuthClient, PluggyConfigurationError, VERSION } from '../../src';
import { BASE, CLIENT_ID, CLIENT_SECRET, freshKey, makeClient } from '../helpers/client';

function configError(options: unknown): PluggyConfigurationError {
  try {
    new PluggyAuthClient(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(PluggyConfigurationError);
    return error as PluggyConfigurationError;
  }
  throw new Error('expected PluggyConfigurationError');
}

describe('constructor options', () => {
  it.each([
    [{ clientSecret: 'x' }, 'clientId', 'is required'],
    [{ clientId: '', clientSecret: 'x' }, 'clientId', 'must be a non-empty string'],
    [{ clientId: '   ', clientSecret: 'x' }, 'clientId', 'must be a non-empty string'],
    [{ clientId: 'id' }, 'clientSecret', 'is required'],
    [{ clientId: 'id', clientSecret: '' }, 'clientSecret', 'must be a non-empty string'],
    [{ clientId: 'id', clientSecret: 42 }, 'clientSecret', 'must be a non-empty string'],
  ])('%j → PluggyConfigurationError naming %s', (options, field, problem) => {
    const error = configError(options);
    expect(error.field).toBe(field);
    expect(error.message).toBe(`Invalid PluggyAuthClient option \`${field}\`: ${problem}`);
  });

  it('rejects a missing options object', () => {
    expect(configError(undefined).field).toBe('options');
  });

  it.each([
    ['baseUrl', 'not a url'],
    ['baseUrl', 'ftp://api.pluggy.ai'],
    ['baseUrl', 'https://user:pass@api.pluggy.ai'],
    ['baseUrl', 'https://api.pluggy.ai/?x=1'],
    ['timeoutMs', 0],
    ['timeoutMs', -1],
    ['timeoutMs', 2 ** 31],
    ['maxRetries', 1.5],
    ['maxRetries', -1],
    ['maxResponseBytes', 0],
    ['apiKeyRefreshSkewMs', Number.NaN],
    ['fetch', 'fetch'],
    ['logger', { info: () => undefined }],
    ['logLevel', 'verbose'],
  ])('rejects %s = %p', (field, value) => {
    expect(configError({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, [field]: value }).field).toBe(field);
  });

  it('its exported defaults cannot be changed from outside', () => {
    expect(Object.isFrozen(DEFAULTS)).toBe(true);
  });

  it('documents its defaults', () => {
    expect(DEFAULTS).toEqual({
      baseUrl: 'https://api.pluggy.ai',
      timeoutMs: 30_000,
      maxRetries: 2,
      initialRetryDelayMs: 500,
      maxRetryDelayMs: 8_000,
      maxRetryAfterMs: 10_000,
      apiKeyRefreshSkewMs: 60_000,
      maxResponseBytes: 1_048_576,
      logLevel: 'info',
    });
  });

  it('uses https://api.pluggy.ai by default and accepts a trailing slash on baseUrl', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    await expect(makeClient({ baseUrl: undefined }).getApiKey()).resolves.toBeTruthy();
    nock('http://localhost:9999').post('/auth').reply(200, { apiKey: freshKey() });
    await expect(makeClient({ baseUrl: 'http://localhost:9999/' }).getApiKey()).resolves.toBeTruthy();
  });

  it('sends a User-Agent naming the package, its version and the runtime', async () => {
    const scope = nock(BASE)
      .post('/auth')
      .matchHeader('user-agent', `@pluggy-auth/sdk/${VERSION} node/${process.versions.node} (${process.platform}; ${process.arch})`)
      .reply(200, { apiKey: freshKey() });
    await makeClient().getApiKey();
    scope.done();
  });

  it('sends connect_token with no body when called with no request, and the JSON of the request otherwise', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    const bodies: unknown[] = [];
    nock(BASE)
      .post('/connect_token')
      .twice()
      .reply(200, (_uri, body) => {
        bodies.push(body);
        return { accessToken: 'ct' };
      });
    const client = makeClient();
    await client.createConnectToken();
    await client.createConnectToken({ itemId: '5e9f8f8f-f8f8-4f8f-8f8f-8f8f8f8f8f8f', options: { clientUserId: 'u1', avoidDuplicates: true } });
    expect(bodies).toEqual(['', { itemId: '5e9f8f8f-f8f8-4f8f-8f8f-8f8f8f8f8f8f', options: { clientUserId: 'u1', avoidDuplicates: true } }]);
  });
});
