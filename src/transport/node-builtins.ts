import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Zlib from 'node:zlib';

export interface NodeBuiltins {
  http: typeof Http;
  https: typeof Https;
  zlib: typeof Zlib;
}

let loading: Promise<NodeBuiltins> | undefined;

/**
 * Loads node:http, node:https and node:zlib once, on the first request rather than at import:
 * together they add about 12 ms to a cold `require` on a small machine, which would eat most of the
 * package's cold-start budget before any request is made, and they do not exist on edge runtimes.
 *
 * `.default` is the module's CommonJS exports object, the one that test interceptors such as nock
 * patch; the ESM namespace would not see their patches.
 */
export function loadNodeBuiltins(): Promise<NodeBuiltins> {
  loading ??= Promise.all([import('node:http'), import('node:https'), import('node:zlib')]).then(
    ([http, https, zlib]) => ({ http: http.default, https: https.default, zlib: zlib.default }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
