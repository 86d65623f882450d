// A connection error keeps the transport's original error as `cause`. When that error repeats
// what it was given (a tracing wrapper, an interceptor, a fetch that names a bad header value),
// the secret or the key must not ride along in err.cause.
import { PluggyAuthClient, PluggyConnectionError, type FetchLike } from '../../src';
import { errorSurfaces, leaksOf } from './surfaces';

const SECRET = 'cause-test-secret-4f1d9c2b7a6e';
const KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJjYXVzZSI6dHJ1ZX0.c2lnbmF0dXJlLWZvci1jYXVzZQ';

/** A fetch that answers /auth, then fails /connect_token with an error quoting the request it got. */
const echoingFetch: FetchLike = async (url, init: { headers: Record<string, string>; body?: string }) => {
  if (url.endsWith('/auth')) {
    return new Response(JSON.stringify({ apiKey: KEY }), { status: 200, headers: { 'content-type': 'application/json' } });
  }
  throw new TypeError(`request failed: headers ${JSON.stringify(init.headers)}`, { cause: new Error(`upstream said: ${init.headers['x-api-key']}`) });
};

/** The same, failing /auth with an error quoting the body that carries the secret. */
const echoingAuthFetch: FetchLike = async (_url, init: { body?: string }) => {
  throw new Error(`could not send ${init.body}`);
};

function client(fetch: FetchLike) {
  return new PluggyAuthClient({ clientId: 'cause-test', clientSecret: SECRET, baseUrl: 'https://api.pluggy.ai', fetch, maxRetries: 0 });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('err.cause of a connection error', () => {
  it('does not carry the API key the failed request was sent with', async () => {
    const error = await rejection(client(echoingFetch).createConnectToken());
    expect(error).toBeInstanceOf(PluggyConnectionError);
    expect(leaksOf(errorSurfaces(error), [KEY])).toEqual([]);
  });

  it('does not carry the client secret of a failed /auth', async () => {
    const error = await rejection(client(echoingAuthFetch).getApiKey());
    expect(error).toBeInstanceOf(PluggyConnectionError);
    expect(leaksOf(errorSurfaces(error), [SECRET])).toEqual([]);
  });
});
