import nock from 'nock';
import { connect, type Socket } from 'node:net';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type SandboxOptions } from '../../src/sandbox';
import { postJson, rawPost } from './http';

const CREDENTIALS = { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET };
const AUTH_REQUEST = rawPost('/auth', CREDENTIALS);

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

describe('sandbox lifecycle', () => {
  it('stop() closes an idle kept-alive connection and resolves promptly', async () => {
    const sandbox = await startSandbox();
    const socket = await openSocket(sandbox.port);
    socket.on('error', () => undefined);
    const firstResponse = new Promise((resolve) => socket.once('data', resolve));
    socket.write(AUTH_REQUEST);
    expect(String(await firstResponse)).toMatch(/^HTTP\/1\.1 200 /);

    const startedAt = performance.now();
    await sandbox.stop();
    await closed(socket);
    // Node's keep-alive timeout is 5 s: stop() must not wait for it.
    expect(performance.now() - startedAt).toBeLessThan(3000);
  });

  it('stop() closes a connection whose response is held by a long fault, and clears the fault timer', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
    try {
      const sandbox = await startSandbox({ faults: [{ type: 'delay-headers', ms: 120_000 }] });
      const socket = await openSocket(sandbox.port);
      socket.on('error', () => undefined);
      socket.write(AUTH_REQUEST);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sandbox.stats.requests('/auth')).toBe(1);
      const faultTimer = setTimeoutSpy.mock.results[setTimeoutSpy.mock.calls.findIndex(([, ms]) => ms === 120_000)]?.value;
      expect(faultTimer).toBeDefined();

      await sandbox.stop();
      await closed(socket);
      // Left behind, this 2-minute timer would keep jest from exiting.
      expect(clearTimeoutSpy).toHaveBeenCalledWith(faultTimer);
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });

  it('stop() closes a half-sent request', async () => {
    const sandbox = await startSandbox();
    const socket = await openSocket(sandbox.port);
    socket.on('error', () => undefined);
    socket.write('POST /auth HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"cli');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sandbox.stop();
    await closed(socket);
  });

  it('stop() is idempotent and the port refuses connections afterwards', async () => {
    const sandbox = await startSandbox();
    const first = sandbox.stop();
    expect(sandbox.stop()).toBe(first);
    await first;
    await expect(postJson(`${sandbox.url}/auth`, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('listens on the port it is given, and rejects when that port is taken', async () => {
    const first = await startSandbox();
    try {
      await expect(startSandbox({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.stop();
    }
    const again = await startSandbox({ port: first.port });
    expect(again.url).toBe(`http://127.0.0.1:${first.port}`);
    await again.stop();
  });

  it.each<[string, SandboxOptions, RegExp]>([
    ['a negative port', { port: -1 }, /port must be an integer/],
    ['a zero TTL', { apiKeyTtlSeconds: 0 }, /apiKeyTtlSeconds must be a positive integer/],
    ['a fractional TTL', { apiKeyTtlSeconds: 1.5 }, /apiKeyTtlSeconds must be a positive integer/],
    ['a zero rate window', { rateLimit: { limit: 1, windowMs: 0 } }, /rateLimit.windowMs must be a positive number/],
    ['an infinite connect token TTL', { connectTokenTtlSeconds: Infinity }, /connectTokenTtlSeconds/],
    ['a client id that is not a UUID', { clients: [{ clientId: 'abc', clientSecret: 's' }] }, /clientId must be a UUID/],
    ['an empty client secret', { clients: [{ clientId: SANDBOX_CLIENT_ID, clientSecret: '' }] }, /non-empty clientSecret/],
    ['an item id that is not a UUID', { items: ['item-1'] }, /items\[\] must be a UUID/],
    ['a fractional rate limit', { rateLimit: { limit: 1.5, windowMs: 1000 } }, /rateLimit.limit/],
    ['a bad fault', { faults: [{ type: 'nope' } as never] }, /unknown sandbox fault type/],
  ])('rejects %s with a TypeError before listening', async (_, options, message) => {
    await expect(startSandbox(options)).rejects.toThrow(message);
    await expect(startSandbox(options)).rejects.toBeInstanceOf(TypeError);
  });

  it('serves IPv6 loopback with a bracketed URL when asked', async () => {
    // The shared setup's loopback pattern expects "[::1]", but nock sees the host as "::1".
    nock.enableNetConnect((host) => /^(127\.0\.0\.1|::1)(:\d+)?$/.test(host));
    try {
      const sandbox = await startSandbox({ host: '::1' }).catch((error: NodeJS.ErrnoException) => {
        // Some containers have no IPv6 loopback; nothing to check there.
        if (error.code === 'EADDRNOTAVAIL') return undefined;
        throw error;
      });
      if (sandbox === undefined) return;
      try {
        expect(sandbox.url).toBe(`http://[::1]:${sandbox.port}`);
        expect((await postJson(`${sandbox.url}/auth`, CREDENTIALS)).status).toBe(200);
      } finally {
        await sandbox.stop();
      }
    } finally {
      nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
    }
  });
});
