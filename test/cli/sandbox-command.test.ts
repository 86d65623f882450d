import { request } from 'node:http';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox } from '../../src/sandbox';
import { ensureBuilt, runCli, startCli } from './built-cli';

/** POST JSON with node:http, outside the CLI, as an app using the sandbox would. */
function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

beforeAll(ensureBuilt, 180_000);

describe('pluggy-auth sandbox (built CLI)', () => {
  it('prints its URL and the demo credentials, serves them, logs each request, and stops cleanly on Ctrl-C', async () => {
    const cli = startCli(['sandbox', '--port', '0']);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
    expect(cli.output()).toContain(`PLUGGY_CLIENT_ID=${SANDBOX_CLIENT_ID}`);
    expect(cli.output()).toContain(`PLUGGY_CLIENT_SECRET=${SANDBOX_CLIENT_SECRET}`);
    expect(cli.output()).toContain(SANDBOX_ITEM_ID);

    const auth = await post(`${url}/auth`, { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    expect(auth.status).toBe(200);
    await cli.waitFor(/POST \/auth -> 200 \(\d+ ms, request id [0-9a-f-]{36}\)\n/);

    cli.child.kill('SIGINT');
    const { code, stdout } = await cli.exited;
    expect(code).toBe(0);
    expect(stdout).toContain('Stopped (SIGINT).');
    await expect(post(`${url}/auth`, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stops cleanly when its stdout goes away (`pluggy-auth sandbox | head -1`)', async () => {
    const cli = startCli(['sandbox', '--port', '0']);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
    cli.child.stdout!.destroy();
    // The next log line hits the closed pipe.
    await post(`${url}/auth`, { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }).catch(() => undefined);
    const { code, stderr } = await cli.exited;
    expect(code).toBe(0);
    expect(stderr).not.toContain('EPIPE');
  });

  it('--json prints one event per line and stops on SIGTERM', async () => {
    const cli = startCli(['sandbox', '--json']);
    await cli.waitFor(/\n/);
    const listening = JSON.parse(cli.output().split('\n')[0]!);
    expect(listening).toEqual({
      event: 'listening',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: SANDBOX_CLIENT_SECRET,
      itemId: SANDBOX_ITEM_ID,
    });

    await post(`${listening.url}/connect_token`, {});
    await cli.waitFor(/"event":"request"/);
    cli.child.kill('SIGTERM');
    const { code, stdout } = await cli.exited;
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((event) => event.event)).toEqual(['listening', 'request', 'stopped']);
    expect(events[1]).toMatchObject({ method: 'POST', path: '/connect_token', outcome: 403 });
    expect(events[2]).toEqual({ event: 'stopped', signal: 'SIGTERM' });
  });

  it('a port in use: exit 1 with a clear message', async () => {
    const taken = await startSandbox();
    try {
      const { code, stderr } = await runCli(['sandbox', '--port', String(taken.port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(`pluggy-auth: port ${taken.port} is already in use: pick another with --port, or leave it out for a free one\n`);
    } finally {
      await taken.stop();
    }
  });
});
