import type { default as NodeFetch } from 'node-fetch' with { 'resolution-mode': 'import' };
import type { FetchLike, PluggyAuthClientOptions } from '../../src';

// node-fetch 3 is ESM-only; jest's transform (jest.config.js) turns it into CommonJS for require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFetch: typeof NodeFetch = require('node-fetch').default;

declare const PLUGGY_TEST_TRANSPORT: string | undefined;

/** Which transport this jest project runs the client suite with (see jest.config.js). */
export const TRANSPORT: string = typeof PLUGGY_TEST_TRANSPORT === 'string' ? PLUGGY_TEST_TRANSPORT : 'default';

export function transportOptions(): Pick<PluggyAuthClientOptions, 'fetch'> {
  switch (TRANSPORT) {
    case 'node-fetch':
      return { fetch: nodeFetch as unknown as FetchLike };
    case 'global-fetch':
      return { fetch: (url, init) => globalThis.fetch(url, init) };
    case 'default':
      return {};
    default:
      throw new Error(`unknown PLUGGY_TEST_TRANSPORT ${TRANSPORT}`);
  }
}
