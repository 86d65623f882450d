import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Zlib from 'node:zlib';

export interface NodeBuiltins {
  http: typeof Http;
  https: typeof Https;
  zlib: typeof Zlib;
}

let loaded: NodeBuiltins | undefined;
let loading: Promise<NodeBuiltins> | undefined;

/**
 * node:http, node:https and node:zlib, loaded on the first request rather than at import: together
 * they add about 12 ms to a cold `require` on a small machine, most of the package's cold-start
 * budget, and they do not exist on edge runtimes.
 *
 * `process.getBuiltinModule` (Node >= 20.16) loads them synchronously; older Nodes fall back to
 * `import()`, which also starts the ES module loader on a CommonJS app's first request. Both give
 * the module's CommonJS exports object: the one test interceptors such as nock patch.
 */
export function loadNodeBuiltins(): NodeBuiltins | Promise<NodeBuiltins> {
  if (loaded !== undefined) return loaded;
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltinModule === 'function') {
    loaded = {
      http: getBuiltinModule('node:http') as typeof Http,
      https: getBuiltinModule('node:https') as typeof Https,
      zlib: getBuiltinModule('node:zlib') as typeof Zlib,
    };
    return loaded;
  }
  loading ??= Promise.all([import('node:http'), import('node:https'), import('node:zlib')]).then(
    ([http, https, zlib]) => (loaded = { http: http.default, https: https.default, zlib: zlib.default }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
