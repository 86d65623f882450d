import type { default as NodeFetch } from 'node-fetch' with { 'resolution-mode': 'import' };
import { inspect } from 'node:util';
import { PluggyAuthClient, type FetchLike, type PluggyAuthClientOptions } from '../../src';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type Sandbox } from '../../src/sandbox';

export { rejectionOf } from '../helpers/client';

// node-fetch 3 is ESM-only; jest.config.js transforms it so require() works here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFetch: typeof NodeFetch = require('node-fetch').default;

/** The client's transports: its own node:http default, and two injected fetch implementations. */
export const TRANSPORTS: Array<[string, Pick<PluggyAuthClientOptions, 'fetch'>]> = [
  ['node:http (default)', {}],
  ['global fetch', { fetch: (url, init) => globalThis.fetch(url, init) }],
  ['node-fetch 3', { fetch: nodeFetch as unknown as FetchLike }],
];

/** A client for the sandbox's demo credentials, with retry waits short enough for tests. */
export function sandboxClient(sandbox: Sandbox, overrides: Partial<PluggyAuthClientOptions> = {}): PluggyAuthClient {
  return new PluggyAuthClient({
    clientId: SANDBOX_CLIENT_ID,
    clientSecret: SANDBOX_CLIENT_SECRET,
    baseUrl: sandbox.url,
    initialRetryDelayMs: 5,
    maxRetryDelayMs: 20,
    ...overrides,
  });
}

/** Fails if a secret shows anywhere a user could print the error. */
export function expectNoSecrets(error: unknown, ...secrets: string[]): void {
  const views = [String(error), (error as Error).stack ?? '', inspect(error, { depth: 5 }), JSON.stringify(error)];
  for (const secret of [SANDBOX_CLIENT_SECRET, ...secrets]) {
    for (const view of views) expect(view).not.toContain(secret);
  }
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
