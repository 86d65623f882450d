import * as http from 'node:http';
import type * as NodeBuiltinsModule from '../../src/transport/node-builtins';
import type * as NodeHttpModule from '../../src/transport/node-http';
import { startServer } from './local-server';

type WithGetBuiltinModule = { getBuiltinModule?: unknown };

/** Fresh copies of the modules, so the module-level cache of an earlier test does not answer. */
function fresh(): { builtins: typeof NodeBuiltinsModule; nodeHttp: typeof NodeHttpModule } {
  let modules!: { builtins: typeof NodeBuiltinsModule; nodeHttp: typeof NodeHttpModule };
  jest.isolateModules(() => {
    modules = { builtins: require('../../src/transport/node-builtins'), nodeHttp: require('../../src/transport/node-http') };
  });
  return modules;
}

async function withoutGetBuiltinModule<T>(run: () => Promise<T>): Promise<T> {
  const target = process as WithGetBuiltinModule;
  const original = target.getBuiltinModule;
  target.getBuiltinModule = undefined;
  try {
    return await run();
  } finally {
    target.getBuiltinModule = original;
  }
}

describe('loadNodeBuiltins', () => {
  it('loads the CommonJS module objects synchronously where process.getBuiltinModule exists', () => {
    if (typeof (process as WithGetBuiltinModule).getBuiltinModule !== 'function') return; // Node < 20.16: covered below
    const { builtins } = fresh();

    const loaded = builtins.loadNodeBuiltins();

    expect(loaded).not.toBeInstanceOf(Promise);
    expect((loaded as NodeBuiltinsModule.NodeBuiltins).http.request).toBe(http.request);
  });

  it('falls back to import() where process.getBuiltinModule is missing (Node < 20.16), once', async () => {
    await withoutGetBuiltinModule(async () => {
      const { builtins } = fresh();

      const loading = builtins.loadNodeBuiltins();
      expect(loading).toBeInstanceOf(Promise);
      const loaded = await loading;

      expect(loaded.http.request).toBe(http.request);
      expect(builtins.loadNodeBuiltins()).toBe(loaded);
    });
  });

  it('lets the transport make requests through the import() fallback', async () => {
    const server = await startServer((_req, res) => res.end('{"ok":true}'));
    try {
      await withoutGetBuiltinModule(async () => {
        const send = fresh().nodeHttp.createNodeHttpTransport();
        const request = { method: 'POST' as const, url: server.url, headers: {}, signal: new AbortController().signal, maxResponseBytes: 1024 };

        const responses = await Promise.all([send(request), send(request)]);

        expect(responses.map((r) => r.body)).toEqual(['{"ok":true}', '{"ok":true}']);
        send.close();
      });
    } finally {
      await server.close();
    }
  });
});
