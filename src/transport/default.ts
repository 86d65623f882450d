import { PluggyConfigurationError } from '../errors';
import { createFetchTransport, type FetchLike } from './fetch';
import { createNodeHttpTransport } from './node-http';
import type { Transport } from './types';

function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Bun?: unknown; Deno?: unknown };
  // Bun and Deno report a Node version for compatibility, but their own fetch is the fast path there.
  return typeof g.process?.versions?.node === 'string' && g.Bun === undefined && g.Deno === undefined;
}

/**
 * The transport a client uses when the `fetch` option is absent: keep-alive node:http on Node
 * (several times cheaper per call than Node's global fetch), the global fetch elsewhere.
 */
export function defaultTransport(): Transport {
  if (isNode()) return createNodeHttpTransport();
  if (typeof globalThis.fetch !== 'function') {
    throw new PluggyConfigurationError('fetch', 'this runtime has no global fetch: pass a fetch implementation');
  }
  // Looked up per call, so a fetch patched after construction (test interceptors, tracing) is used.
  return createFetchTransport((url, init) => globalThis.fetch(url, init) as ReturnType<FetchLike>);
}
