import { PluggyConfigurationError } from '../errors';
import { createFetchTransport, type FetchLike } from './fetch';
import type { Transport } from './types';

/** The transport a client uses when the `fetch` option is absent. */
export function defaultTransport(): Transport {
  if (typeof globalThis.fetch !== 'function') {
    throw new PluggyConfigurationError('fetch', 'this runtime has no global fetch (Node >= 18 has one): pass a fetch implementation');
  }
  // Looked up per call, so a fetch patched after construction (test interceptors, tracing) is used.
  return createFetchTransport((url, init) => globalThis.fetch(url, init) as ReturnType<FetchLike>);
}
