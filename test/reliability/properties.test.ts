// Property-based checks of the promises that no example-based test can cover exhaustively:
// whatever the credentials, the status and the body a server sends back, errors are typed and
// never carry the secret or the key; keys that cannot travel in a header fail cleanly.
import fc from 'fast-check';
import type { default as NodeFetch } from 'node-fetch' with { 'resolution-mode': 'import' };
import nock from 'nock';
import {
  PluggyApiError,
  PluggyAuthClient,
  PluggyAuthenticationError,
  PluggyBadRequestError,
  PluggyConflictError,
  PluggyConnectionError,
  PluggyInternalServerError,
  PluggyInvalidResponseError,
  PluggyNotFoundError,
  PluggyPermissionDeniedError,
  PluggyRateLimitError,
  PluggyUnprocessableEntityError,
  type FetchLike,
  type PluggyAuthClientOptions,
} from '../../src';
import { startAnsweringServer, type AnsweringServer } from './answering-server';
import { echoArb, errorStatusArb, renderEcho, secretArb, sendableKeyArb, unsendableKeyArb, type EchoFormat } from './arbitraries';
import { rejectionOf } from '../helpers/client';
import { capturingLogger, errorSurfaces, fragmentLeaks, leaksOf } from './surfaces';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFetch: typeof NodeFetch = require('node-fetch').default;

const CLIENT_ID = 'property-client';

const DEEP = process.env.PROPERTY_RUNS !== undefined;
// fast-check keeps running after a jest timeout and would then answer another test's requests.
jest.setTimeout(DEEP ? 15 * 60_000 : 60_000);

let server: AnsweringServer;
let baseUrl: string;

beforeAll(async () => {
  nock.restore();
  server = await startAnsweringServer();
  baseUrl = server.url;
});
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const TRANSPORTS: Record<string, Pick<PluggyAuthClientOptions, 'fetch'>> = {
  'node:http': {},
  'global fetch': { fetch: (url, init) => globalThis.fetch(url, init) },
  'node-fetch 3': { fetch: nodeFetch as unknown as FetchLike },
};
// node-fetch 3 is covered by the fault matrix and the 407 case; the properties stay on two transports to stay fast.
const transportArb = fc.constantFrom('node:http', 'global fetch');
const endpointArb = fc.constantFrom('/auth' as const, '/connect_token' as const);

function makeClient(clientSecret: string, transport: string, overrides: Partial<PluggyAuthClientOptions> = {}) {
  const log = capturingLogger();
  const client = new PluggyAuthClient({
    clientId: CLIENT_ID,
    clientSecret,
    baseUrl,
    // One retry with no wait: the retry path (and its log event) runs without slowing the runs down.
    maxRetries: 1,
    initialRetryDelayMs: 0,
    maxRetryDelayMs: 0,
    timeoutMs: 1_500,
    ...TRANSPORTS[transport],
    logger: log.logger,
    logLevel: 'debug',
    ...overrides,
  });
  return { client, log };
}

function call(client: PluggyAuthClient, endpoint: '/auth' | '/connect_token'): Promise<unknown> {
  return endpoint === '/auth' ? client.getApiKey() : client.createConnectToken({ options: { clientUserId: 'user-42' } });
}

const CLASS_BY_STATUS: Record<number, typeof PluggyApiError> = {
  400: PluggyBadRequestError,
  401: PluggyAuthenticationError,
  403: PluggyPermissionDeniedError,
  404: PluggyNotFoundError,
  409: PluggyConflictError,
  422: PluggyUnprocessableEntityError,
  429: PluggyRateLimitError,
};
const expectedClass = (status: number) => CLASS_BY_STATUS[status] ?? (status >= 500 ? PluggyInternalServerError : PluggyApiError);

/** Header values node:http will send as they are: no control characters, no surrounding whitespace. */
const headerSafe = (value: string) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value);

const CONTENT_TYPE: Record<EchoFormat, string> = {
  'json-message': 'application/json',
  'json-ascii': 'application/json',
  'json-structure': 'application/json',
  'json-ascii-structure': 'application/json',
  'truncated-json': 'application/json',
  html: 'text/html',
  text: 'text/plain',
  'echo-request': 'text/html',
  empty: 'application/json',
};

/** Long counterexamples (10 kB secrets) would drown the report: show lengths and a prefix. */
function summarize(value: unknown): unknown {
  if (typeof value === 'string') return value.length <= 60 ? value : `${JSON.stringify(value.slice(0, 60))}… (${value.length} chars)`;
  if (Array.isArray(value)) return value.map(summarize);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarize(v)]));
  return value;
}

async function check<Ts extends unknown[]>(property: fc.IAsyncPropertyWithHooks<Ts>, numRuns: number): Promise<void> {
  await fc.assert(property, {
    // PROPERTY_RUNS=2000 for a deeper local search; CI keeps the file well under 30 s.
    numRuns: Number(process.env.PROPERTY_RUNS ?? numRuns),
    // Shrinking a 10 kB counterexample can take minutes: past the limit, the smallest one found so
    // far is reported (a failure found stays a failure; a slow machine just makes fewer runs).
    interruptAfterTimeLimit: DEEP ? 10 * 60_000 : 10_000,
    reporter: (details) => {
      if (!details.failed) return;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(
        `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}")\n` +
          `counterexample: ${JSON.stringify(summarize(details.counterexample), null, 2)}\n${cause}`,
      );
    },
  });
}

interface ErrorScenario {
  secret: string;
  key: string;
  status: number;
  echo: { format: EchoFormat; padding: number; echoHeaders: boolean };
  endpoint: '/auth' | '/connect_token';
  transport: string;
}

const errorScenarioArb: fc.Arbitrary<ErrorScenario> = fc
  .record({
    secret: secretArb,
    key: sendableKeyArb,
    status: errorStatusArb,
    echo: echoArb,
    endpoint: endpointArb,
    transport: transportArb,
  })
  // Global fetch never shows a 407 (the Fetch standard makes it a network error): tested on its own below.
  .filter((scenario) => !(scenario.status === 407 && scenario.transport !== 'node:http'));

/**
 * Runs one error scenario: the faulted endpoint answers `status` with a body (and maybe headers)
 * echoing every credential the client has sent it. Returns the error, every surface a user could
 * print, and the secrets that must not be on them.
 */
async function runErrorScenario({ secret, key, status, echo, endpoint, transport }: ErrorScenario) {
  const echoed = endpoint === '/auth' ? [secret] : [secret, key];
  server.answer = (request) => {
    if (request.path !== endpoint) return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: key }) };
    const headers: Record<string, string> = { 'content-type': CONTENT_TYPE[echo.format] };
    if (echo.echoHeaders) {
      for (const [index, value] of echoed.entries()) if (headerSafe(value)) headers[`x-echo-${index}`] = value;
      if (endpoint === '/connect_token') headers['x-request-id'] = key;
    }
    return { status, headers, body: renderEcho(echo.format, echo.padding, echoed, request.body, status) };
  };
  const { client, log } = makeClient(secret, transport);
  const error = await rejectionOf(call(client, endpoint));
  const texts = { ...errorSurfaces(error), ...Object.fromEntries(log.lines.map((line, index) => [`log line ${index}`, line])) };
  return { error, texts, secrets: echoed };
}

describe('properties', () => {
  it('every 4xx/5xx on either endpoint maps to the PluggyApiError subclass of its status, which it carries', async () => {
    await check(
      fc.asyncProperty(errorScenarioArb, async (scenario) => {
        const { error } = await runErrorScenario(scenario);
        expect(error).toBeInstanceOf(PluggyApiError);
        expect((error as object).constructor).toBe(expectedClass(scenario.status));
        expect((error as PluggyApiError).status).toBe(scenario.status);
        expect((error as PluggyApiError).operation).toBe(scenario.endpoint === '/auth' ? 'authCreate' : 'connectTokenCreate');
      }),
      120,
    );
  });

  // The Fetch standard turns a 407 into a network error; Node's global fetch follows it, node-fetch does not.
  it.each([
    ['node:http', 'PluggyApiError', PluggyApiError],
    ['global fetch', 'PluggyConnectionError', PluggyConnectionError],
    ['node-fetch 3', 'PluggyApiError', PluggyApiError],
  ] as const)('%s: a 407 (a proxy wants credentials) is a %s', async (transport, _name, ErrorClass) => {
    server.answer = () => ({ status: 407, headers: { 'proxy-authenticate': 'Basic realm="proxy"' }, body: '' });
    const { client } = makeClient('a-perfectly-ordinary-secret', transport, { maxRetries: 0 });
    const error = await rejectionOf(client.getApiKey());
    expect((error as object).constructor).toBe(ErrorClass);
    if (error instanceof PluggyApiError) expect(error.status).toBe(407);
  });

  it('neither the secret nor the key appears in String(err), err.stack, JSON.stringify(err), util.inspect(err) or the log, whatever the server echoes', async () => {
    await check(
      fc.asyncProperty(errorScenarioArb, async (scenario) => {
        const { texts, secrets } = await runErrorScenario(scenario);
        expect(leaksOf(texts, secrets)).toEqual([]);
      }),
      150,
    );
  });

  it('no part of the secret or the key appears either: not cut short by an excerpt, not JSON-escaped, not whitespace-collapsed', async () => {
    await check(
      fc.asyncProperty(errorScenarioArb, async (scenario) => {
        const { texts, secrets } = await runErrorScenario(scenario);
        expect(fragmentLeaks(texts, secrets)).toEqual([]);
      }),
      150,
    );
  });

  it('an API key that cannot be sent in a header (CR/LF, control, non-ASCII) gives PluggyInvalidResponseError and is never sent', async () => {
    await check(
      fc.asyncProperty(unsendableKeyArb, endpointArb, transportArb, async (badKey, endpoint, transport) => {
        server.received.length = 0;
        server.answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: badKey }) });
        const { client, log } = makeClient('a-perfectly-ordinary-secret', transport);
        const error = await rejectionOf(call(client, endpoint));
        expect(error).toBeInstanceOf(PluggyInvalidResponseError);
        expect(server.received.filter((request) => request.path === '/connect_token')).toEqual([]);
        if (badKey.trim().length >= 8) {
          const texts = { ...errorSurfaces(error), ...Object.fromEntries(log.lines.map((line, index) => [`log ${index}`, line])) };
          expect(leaksOf(texts, [badKey])).toEqual([]);
        }
      }),
      100,
    );
  });

  it('any secret (unicode, quotes, CR/LF, NUL, 10 kB) travels intact in the JSON body, never in a header, and works', async () => {
    await check(
      fc.asyncProperty(secretArb, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((id) => id.trim() !== ''), transportArb, async (secret, clientId, transport) => {
        server.received.length = 0;
        server.answer = (request) => {
          if (request.path === '/connect_token') return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"accessToken":"token"}' };
          const body = JSON.parse(request.body) as Record<string, unknown>;
          const ok = body.clientSecret === secret && body.clientId === clientId;
          return ok
            ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: 'key-for-a-strange-secret' }) }
            : { status: 401, headers: { 'content-type': 'application/json' }, body: '{"code":401,"message":"credentials arrived altered"}' };
        };
        const { client } = makeClient(secret, transport, { clientId });
        await expect(client.createConnectToken()).resolves.toEqual({ accessToken: 'token' });
        for (const request of server.received) expect(JSON.stringify(request.headers)).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
      100,
    );
  });
});
