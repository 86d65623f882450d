// The client secret and the API key must not appear on any surface a user might print or ship
// to a log aggregator: messages, stacks, toJSON, util.inspect, logger output.
import nock from 'nock';
import { inspect } from 'node:util';
import { createServer, type AddressInfo } from 'node:net';
import { PluggyAuthClient, PluggyConfigurationError, PluggyConnectionError, type FetchLike, type Logger } from '../../src';
import { BASE, CLIENT_SECRET, freshKey, makeClient, rejectionOf } from '../helpers/client';
import { TRANSPORT } from '../helpers/transport';

const KEY = freshKey(7200, { marker: 'api-key-marker' });

interface Captured {
  logger: Logger;
  lines: string[];
}

function capturingLogger(): Captured {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields)} ${inspect(fields, { depth: Infinity })}`);
  };
  return { lines, logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } };
}

function surfaces(error: unknown): string[] {
  const err = error as Error;
  return [String(err), err.message, err.stack ?? '', JSON.stringify(err), inspect(err, { depth: Infinity, showHidden: true })];
}

/** Any 12-character slice of a secret counts: a secret cut in half by an excerpt still leaks. */
function fragments(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i += 4) out.push(secret.slice(i, i + 12));
  return out;
}
const FORBIDDEN = [...fragments(CLIENT_SECRET), ...fragments(KEY.split('.')[1])];

function expectClean(texts: string[]) {
  for (const text of texts) {
    for (const fragment of FORBIDDEN) expect(text).not.toContain(fragment);
  }
}

/** Every failure path, each with a server that tries hard to echo the secrets back. */
const paths: Array<[string, () => void]> = [
  ['401 echoing the secret', () => nock(BASE).post('/auth').reply(401, { code: 401, message: `bad secret ${CLIENT_SECRET}` })],
  ['500 echoing the request body as HTML', () => nock(BASE).post('/auth').times(3).reply(500, (_uri, body) => `<pre>${JSON.stringify(body)}</pre>`)],
  ['200 non-JSON echoing the body', () => nock(BASE).post('/auth').reply(200, (_uri, body) => `oops ${JSON.stringify(body)}`)],
  ['200 without apiKey', () => nock(BASE).post('/auth').reply(200, { nope: CLIENT_SECRET })],
  ['redirect whose Location carries the secret', () => nock(BASE).post('/auth').reply(302, '', { Location: `https://x.example/?s=${CLIENT_SECRET}` })],
  ['429 with a header echoing the secret', () => nock(BASE).post('/auth').reply(429, { code: 429, message: 'x' }, { 'Retry-After': '120', 'x-echo': CLIENT_SECRET })],
  ['connection error', () => nock(BASE).post('/auth').times(3).replyWithError(Object.assign(new Error(`reset`), { code: 'ECONNRESET' }))],
  [
    '403 echoing the API key on /connect_token',
    () => {
      nock(BASE).post('/auth').twice().reply(200, { apiKey: KEY });
      nock(BASE)
        .post('/connect_token')
        .twice()
        .reply(403, (_uri, _body) => ({ code: 403, message: `key ${KEY} rejected` }));
    },
  ],
  [
    '404 with the API key in every header and the body',
    () => {
      nock(BASE).post('/auth').reply(200, { apiKey: KEY });
      nock(BASE).post('/connect_token').reply(404, { code: 404, codeDescription: KEY, message: KEY, data: { [KEY]: [KEY] } }, { 'x-request-id': KEY, [`x-${KEY.slice(0, 20)}`]: KEY });
    },
  ],
  [
    'timeout on /connect_token',
    () => {
      nock(BASE).post('/auth').reply(200, { apiKey: KEY });
      nock(BASE).post('/connect_token').times(3).delay(500).reply(200, { accessToken: 'late' });
    },
  ],
];

describe('no secret on any error surface', () => {
  it.each(paths)('%s', async (_label, arrange) => {
    arrange();
    const { logger, lines } = capturingLogger();
    const client = makeClient({ logger, logLevel: 'debug', timeoutMs: 100 });

    const error = await rejectionOf(client.createConnectToken());

    expectClean(surfaces(error));
    expectClean(lines);
    expect(lines.length).toBeGreaterThan(0);
    nock.abortPendingRequests();
  });

  it('a secret straddling the excerpt cut is removed before cutting', async () => {
    nock(BASE).post('/auth').reply(401, { code: 401, message: `${'x'.repeat(170)}${CLIENT_SECRET}` });
    expectClean(surfaces(await rejectionOf(makeClient().getApiKey())));
  });

  it('a secret echoed JSON-escaped or URL-encoded is removed too', async () => {
    nock(BASE)
      .post('/auth')
      .reply(400, (_uri, body) => `raw=${encodeURIComponent(JSON.stringify(body))} json=${JSON.stringify(JSON.stringify(body))}`);
    expectClean(surfaces(await rejectionOf(makeClient().getApiKey())));
  });

  it("a fetch error quoting the request body does not leak through the error's cause", async () => {
    const fetch: FetchLike = async (_url, init: { body?: string }) => {
      throw Object.assign(new Error(`could not send ${init.body}`), { code: 'EPIPE', request: { body: init.body } });
    };
    const error = (await rejectionOf(makeClient({ fetch, maxRetries: 0 }).getApiKey())) as PluggyConnectionError;
    expect(error).toBeInstanceOf(PluggyConnectionError);
    expect(error.cause).toMatchObject({ name: 'Error', code: 'EPIPE' });
    expectClean(surfaces(error));
  });

  (TRANSPORT === 'global-fetch' ? it : it.skip)("undici's parser error holding the raw request bytes does not reach inspect", async () => {
    // A server that answers with an invalid header echoing the request: undici's HTTPParserError
    // keeps the bytes it choked on, the request included.
    const server = createServer((socket) =>
      socket.once('data', (data) => socket.end(`HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nEcho: ${data.toString('latin1').replace(/\r\n/g, ' ')}\r\n\r\n`)),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const error = await rejectionOf(makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).getApiKey());
      expect(error).toBeInstanceOf(PluggyConnectionError);
      expectClean(surfaces(error));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('client.authApi.authCreate scrubs the credentials it was given, and the key it got', async () => {
    const other = 'other-secret-0b1f3d2e4a10-value';
    nock(BASE).post('/auth').reply(401, (_uri, body) => ({ code: 401, message: `bad ${JSON.stringify(body)}` }));
    const error = await rejectionOf(makeClient().authApi.authCreate({ authRequest: { clientId: 'other', clientSecret: other } }));
    for (const text of surfaces(error)) expect(text).not.toContain(other);
  });

  it('the error for a bad clientSecret option names the field, not the value', () => {
    const secret = { toString: () => CLIENT_SECRET };
    try {
      new PluggyAuthClient({ clientId: 'id', clientSecret: secret as unknown as string });
      throw new Error('expected a PluggyConfigurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(PluggyConfigurationError);
      expect((error as PluggyConfigurationError).field).toBe('clientSecret');
      expectClean(surfaces(error));
    }
  });
});

describe('no secret on the client itself', () => {
  it('console.log, util.inspect (any depth, hidden too) and JSON.stringify show neither secret nor key', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: KEY });
    const client = makeClient();
    await client.getApiKey();

    const views = [
      inspect(client),
      inspect(client, { depth: Infinity, showHidden: true }),
      inspect(client.authApi, { depth: Infinity, showHidden: true }),
      JSON.stringify(client),
      JSON.stringify({ nested: { client } }),
      String(client),
    ];
    expectClean(views);
    expect(inspect(client)).toContain('PluggyAuthClient');
  });

  it('logs mask X-API-KEY in request headers', async () => {
    nock(BASE).post('/auth').reply(200, { apiKey: KEY });
    nock(BASE).post('/connect_token').reply(200, { accessToken: 'ct' });
    const { logger, lines } = capturingLogger();

    await makeClient({ logger, logLevel: 'debug' }).createConnectToken();

    expect(lines.some((line) => line.includes('"x-api-key":"***"'))).toBe(true);
    expectClean(lines);
  });
});
