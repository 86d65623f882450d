import nodeFetch from 'node-fetch';
import type { FetchLike, PluggyAuthClientOptions } from '../../src';

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
