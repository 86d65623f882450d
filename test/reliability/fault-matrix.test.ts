// Both endpoints × every server fault of issue 7 × each transport: every call ends in success or
// its documented typed error, within a bound derived from the client's settings, after the
// expected number of attempts, leaving no timer or socket behind. Prints the matrix at the end.
import type { default as NodeFetch } from 'node-fetch' with { 'resolution-mode': 'import' };
import nock from 'nock';
import { PluggyAuthClient, PluggyError, type FetchLike, type PluggyAuthClientOptions } from '../../src';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox';
import { CLIENT_SETTINGS, FAULT_CASES, timeBoundMs, type FaultServer } from './fault-cases';
import { formatMatrix, recordResult, type MatrixResults } from './matrix-table';
import { capturingLogger, errorSurfaces, leaksOf } from './surfaces';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFetch: typeof NodeFetch = require('node-fetch').default;

const TRANSPORTS: Array<[string, Pick<PluggyAuthClientOptions, 'fetch'>]> = [
  ['node:http (default)', {}],
  ['global fetch', { fetch: (url, init) => globalThis.fetch(url, init) }],
  ['node-fetch 3', { fetch: nodeFetch as unknown as FetchLike }],
];

const ENDPOINTS = [
  { name: '/auth (getApiKey)', route: '/auth', operation: 'authCreate' },
  { name: '/connect_token (createConnectToken)', route: '/connect_token', operation: 'connectTokenCreate' },
] as const;

/** Room for a loaded 2-core CI machine on top of the computed bound; still far below any default timeout. */
const SLACK_MS = 1_000;

const results: MatrixResults = new Map();

// Real sockets: nock's interceptor would sit between the client and these misbehaving servers.
beforeAll(() => nock.restore());

afterAll(() => {
  const settings = Object.entries(CLIENT_SETTINGS)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  const table = formatMatrix(
    results,
    FAULT_CASES.map((faultCase) => faultCase.name),
    ENDPOINTS.map((endpoint) => endpoint.name),
    settings,
  );
  // Straight to stdout, so jest does not wrap it in a console.log frame.
  process.stdout.write(table);
});

/** Ref'd handles only: the client's idle keep-alive sockets are unref'd and may linger harmlessly. */
function refHandles(kind: string): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}

async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

async function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

describe.each(TRANSPORTS)('fault matrix on %s', (transportName, transport) => {
  describe.each(ENDPOINTS)('$name', (endpoint) => {
    it.each(FAULT_CASES.map((faultCase) => [faultCase.name, faultCase] as const))('%s', async (caseName, faultCase) => {
      const timersBefore = refHandles('Timeout');
      const socketsBefore = refHandles('TCPSocketWrap');
      const log = capturingLogger();
      const server: FaultServer = await faultCase.start(endpoint.route);
      const secrets = [SANDBOX_CLIENT_SECRET];
      try {
        const client = new PluggyAuthClient({
          clientId: SANDBOX_CLIENT_ID,
          clientSecret: SANDBOX_CLIENT_SECRET,
          baseUrl: server.url,
          ...CLIENT_SETTINGS,
          ...transport,
          logger: log.logger,
          logLevel: 'debug',
        });
        // "/connect_token with a good key": the key is fetched before the fault is armed.
        if (endpoint.route === '/connect_token') secrets.push(await client.getApiKey());
        await server.arm();
        log.clear();

        const started = performance.now();
        const settled = await settle<unknown>(endpoint.route === '/auth' ? client.getApiKey() : client.createConnectToken());
        const ms = performance.now() - started;
        // No timer may outlive the call that started it (a hung server's own timers take a moment to see the client go).
        const timersAfter = refHandles('Timeout');
        const timersCleared = await waitFor(() => refHandles('Timeout') <= timersBefore, 100);
        if (!timersCleared) console.log(caseName, timersBefore, timersAfter, process.getActiveResourcesInfo());
        expect(timersCleared).toBe(true);

        const attempts = log.count('pluggy request', endpoint.operation);
        const outcome = settled.ok ? 'ok' : settled.error instanceof Error ? settled.error.name : String(settled.error);
        recordResult(results, transportName, caseName, endpoint.name, { outcome, attempts, ms });

        const { expected } = faultCase;
        if (expected.outcome === 'ok') {
          if (!settled.ok) throw settled.error;
          expect(settled.value).toEqual(endpoint.route === '/auth' ? expect.any(String) : expect.objectContaining({ accessToken: expect.any(String) }));
          expected.check?.(settled.value);
        } else {
          expect(settled.ok).toBe(false);
          const error = settled.ok ? undefined : settled.error;
          expect(error).toBeInstanceOf(expected.outcome);
          expect(error).toBeInstanceOf(PluggyError);
          expected.check?.(error);
          expect(leaksOf(errorSurfaces(error), secrets)).toEqual([]);
        }
        expect(leaksOf(Object.fromEntries(log.lines.map((line, index) => [`log line ${index}`, line])), secrets)).toEqual([]);
        expect(attempts).toBe(expected.attempts);
        expect(server.requests()).toBe(expected.serverRequests ?? expected.attempts);
        const bound = timeBoundMs(expected, SLACK_MS);
        expect(ms).toBeGreaterThanOrEqual(bound.min - 2);
        expect(ms).toBeLessThanOrEqual(bound.max);
        server.check?.();
      } finally {
        await server.stop();
      }
      // Every connection is closed once the server is gone; the client keeps none open (ref'd).
      expect(await waitFor(() => refHandles('TCPSocketWrap') <= socketsBefore, 2_000)).toBe(true);
    });
  });
});
