import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import nock from 'nock';
import { createNodeHttpTransport, type NodeHttpTransport } from '../../src/transport/node-http';
import { ResponseTooLargeError, type TransportRequest } from '../../src/transport/types';
import { eventually, startServer, startTcpServer, type LocalServer } from './local-server';

const fixtures = path.join(__dirname, '..', 'fixtures', 'tls');
const tls = {
  key: readFileSync(path.join(fixtures, 'self-signed-key.pem'), 'utf8'),
  cert: readFileSync(path.join(fixtures, 'self-signed-cert.pem'), 'utf8'),
};

// These tests need real sockets: nock's interceptor would wrap every request in an agent of its own
// and hide connection reuse. Only 127.0.0.1 is ever contacted.
beforeAll(() => nock.restore());

const servers: LocalServer[] = [];
const transports: NodeHttpTransport[] = [];
afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(...args: Parameters<typeof startServer>): Promise<LocalServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}
async function serveTcp(...args: Parameters<typeof startTcpServer>): Promise<LocalServer> {
  const server = await startTcpServer(...args);
  servers.push(server);
  return server;
}
function transport(...args: Parameters<typeof createNodeHttpTransport>): NodeHttpTransport {
  const created = createNodeHttpTransport(...args);
  transports.push(created);
  return created;
}
function post(url: string, overrides: Partial<TransportRequest> = {}): TransportRequest {
  return { method: 'POST', url, headers: {}, signal: new AbortController().signal, maxResponseBytes: 1 << 20, ...overrides };
}
/** The time a promise takes to settle, and how. */
async function settle<T>(promise: Promise<T>): Promise<{ ms: number; error?: unknown; value?: T }> {
  const started = Date.now();
  try {
    const value = await promise;
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}
function tcpSocketsKeepingProcessAlive(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
}

describe('node-http transport: request and response', () => {
  it('POSTs path, query, headers and body with content-length, and resolves status, headers and text', async () => {
    let seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    const server = await serve((req, res, body) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(201, [
        ['Content-Type', 'application/json'],
        ['X-Request-Id', 'req-1'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['X-Repeated', 'one'],
        ['x-repeated', 'two'],
      ]);
      res.end('{"accessToken":"ct-é"}');
    });

    const body = JSON.stringify({ itemId: 'é-1' });
    const response = await transport()(
      post(`${server.url}/connect_token?x=1`, { headers: { 'content-type': 'application/json', 'x-api-key': 'key-1' }, body }),
    );

    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/connect_token?x=1');
    expect(seen.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': 'key-1',
      'content-length': String(Buffer.byteLength(body)),
      'accept-encoding': 'gzip, deflate, br',
      connection: 'keep-alive',
    });
    expect(seen.headers?.['transfer-encoding']).toBeUndefined();
    expect(seen.body).toBe(body);
    expect(response.status).toBe(201);
    expect(response.body).toBe('{"accessToken":"ct-é"}');
    expect(response.headers).toMatchObject({
      'content-type': 'application/json',
      'x-request-id': 'req-1',
      'set-cookie': 'a=1, b=2',
      'x-repeated': 'one, two',
    });
  });

  it('sends content-length 0 when there is no body, and keeps a caller-chosen accept-encoding', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const server = await serve((req, res) => {
      seen = req.headers;
      res.end();
    });

    const response = await transport()(post(`${server.url}/connect_token`, { headers: { 'accept-encoding': 'identity' } }));

    expect(seen['content-length']).toBe('0');
    expect(seen['accept-encoding']).toBe('identity');
    expect(response).toEqual({ status: 200, headers: expect.any(Object), body: '' });
  });

  it('never follows a redirect: a 3xx resolves like any status', async () => {
    let requests = 0;
    const server = await serve((_req, res) => {
      requests += 1;
      res.writeHead(307, { location: '/elsewhere' });
      res.end('moved');
    });

    const response = await transport()(post(`${server.url}/auth`));

    expect(response.status).toBe(307);
    expect(response.headers.location).toBe('/elsewhere');
    expect(requests).toBe(1);
  });

  it('strips a UTF-8 byte-order mark, as fetch does', async () => {
    const server = await serve((_req, res) => res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])));

    expect((await transport()(post(server.url))).body).toBe('{"a":1}');
  });

  it('handles header names that collide with Object.prototype members', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, [['Constructor', 'x'], ['toString', 'y']]);
      res.end();
    });

    const { headers } = await transport()(post(server.url));

    expect(headers.constructor).toBe('x');
    expect(headers.tostring).toBe('y');
  });
});

describe('node-http transport: connections', () => {
  it('reuses one keep-alive connection across sequential requests', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    const send = transport();

    for (let i = 0; i < 5; i += 1) await send(post(`${server.url}/connect_token`, { body: '{}' }));

    expect(server.connections).toBe(1);
  });

  it('opens at most maxSockets connections per origin and queues the rest', async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end('{}'), 20));
    const send = transport({ maxSockets: 2 });

    const responses = await Promise.all(Array.from({ length: 6 }, () => send(post(server.url))));

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.connections).toBe(2);
  });

  it('does not let an idle pooled socket keep the process alive, while one in flight does', async () => {
    let respond: () => void = () => undefined;
    const server = await startServer((_req, res) => {
      respond = () => res.end('{}');
    });
    servers.push(server);
    const send = transport();

    const pending = send(post(server.url));
    await eventually(() => server.openSockets.size === 1);
    // The server's own sockets would count too: only the client's may.
    for (const socket of server.openSockets) socket.unref();
    const inFlight = tcpSocketsKeepingProcessAlive();
    respond();
    await pending;
    await new Promise((resolve) => setImmediate(resolve));

    expect(server.openSockets.size).toBe(1);
    expect(inFlight).toBeGreaterThanOrEqual(1);
    expect(tcpSocketsKeepingProcessAlive()).toBe(inFlight - 1);
  });

  it('close() destroys its own pooled sockets but leaves an agent it was given alone', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    const own = transport();
    const agent = new http.Agent({ keepAlive: true });
    const borrowing = transport({ agent: { http: agent } });
    await own(post(server.url));
    await borrowing(post(server.url));
    expect(server.openSockets.size).toBe(2);

    own.close();
    borrowing.close();

    await eventually(() => server.openSockets.size === 1);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
    agent.destroy();
  });

  it('rejects with the underlying error when the connection is refused', async () => {
    const server = await startServer(() => undefined);
    const { url } = server;
    await server.close();

    await expect(transport()(post(url))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('node-http transport: compressed responses', () => {
  const json = JSON.stringify({ accessToken: 'ct-1', padding: 'x'.repeat(5_000) });
  const cases: Array<[string, (input: Buffer) => Buffer]> = [
    ['gzip', zlib.gzipSync],
    ['x-gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['br', zlib.brotliCompressSync],
  ];

  it.each(cases)('decodes %s', async (encoding, compress) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding });
      res.end(compress(Buffer.from(json)));
    });

    expect((await transport()(post(server.url))).body).toBe(json);
  });

  it('decodes deflate sent without its zlib header (raw deflate), as some servers do', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'deflate' });
      res.end(zlib.deflateRawSync(Buffer.from(json)));
    });

    expect((await transport()(post(server.url))).body).toBe(json);
  });

  it('resolves an empty body for a bodiless response that names a coding', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204, { 'content-encoding': 'gzip' });
      res.end();
    });

    expect(await transport()(post(server.url))).toMatchObject({ status: 204, body: '' });
  });

  it('passes an unknown coding through undecoded, as fetch does', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'zstd-of-the-future' });
      res.end('as is');
    });

    expect((await transport()(post(server.url))).body).toBe('as is');
  });

  it('rejects with the decoder error on a corrupt gzip body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(Buffer.from(json)).subarray(0, 40));
    });

    await expect(transport()(post(server.url))).rejects.toMatchObject({ code: 'Z_BUF_ERROR' });
  });
});

describe('node-http transport: response size cap', () => {
  it('accepts a body of exactly maxResponseBytes', async () => {
    const server = await serve((_req, res) => res.end('x'.repeat(1000)));

    expect((await transport()(post(server.url, { maxResponseBytes: 1000 }))).body).toHaveLength(1000);
  });

  it('rejects a declared content-length over the cap without waiting for the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 << 20) });
      res.write('x'); // and never the rest
    });

    const outcome = await settle(transport()(post(server.url, { maxResponseBytes: 1000 })));

    expect(outcome.error).toBeInstanceOf(ResponseTooLargeError);
    expect(outcome.error).toMatchObject({ limitBytes: 1000, status: 200 });
    await eventually(() => server.openSockets.size === 0);
  });

  it('stops reading a body that never ends once it passes the cap, and drops the connection', async () => {
    const server = await serve((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });

    const outcome = await settle(transport()(post(server.url, { maxResponseBytes: 64 * 1024 })));

    expect(outcome.error).toBeInstanceOf(ResponseTooLargeError);
    await eventually(() => server.openSockets.size === 0);
  });

  it('applies the cap to decoded bytes: a small gzip bomb is stopped', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 << 20));
    expect(bomb.length).toBeLessThan(1 << 20);
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });

    const outcome = await settle(transport()(post(server.url, { maxResponseBytes: 1 << 20 })));

    expect(outcome.error).toBeInstanceOf(ResponseTooLargeError);
    expect(outcome.error).toMatchObject({ status: 502 });
  });

  it('stops an endless compressed stream once the decoded bytes pass the cap', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'br' });
      const encoder = zlib.createBrotliCompress();
      encoder.pipe(res);
      const zeros = Buffer.alloc(64 * 1024);
      const pump = (): void => {
        while (encoder.write(zeros));
        encoder.once('drain', pump);
      };
      res.on('close', () => {
        encoder.removeAllListeners('drain');
        encoder.destroy();
      });
      pump();
    });

    const outcome = await settle(transport()(post(server.url, { maxResponseBytes: 256 * 1024 })));

    expect(outcome.error).toBeInstanceOf(ResponseTooLargeError);
    await eventually(() => server.openSockets.size === 0);
  });
});

describe('node-http transport: abort', () => {
  it('rejects at once with the reason of a signal aborted before the call, without connecting', async () => {
    const server = await serve((_req, res) => res.end());
    const controller = new AbortController();
    controller.abort(new Error('stop'));

    await expect(transport()(post(server.url, { signal: controller.signal }))).rejects.toThrow('stop');
    expect(server.connections).toBe(0);
  });

  it('rejects with an AbortError when aborted before the connection is made', async () => {
    const server = await serve((_req, res) => res.end());
    const controller = new AbortController();

    const pending = transport()(post(server.url, { signal: controller.signal }));
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects promptly when aborted while waiting for headers, and closes the socket', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = settle(transport()(post(server.url, { signal: controller.signal })));
    await eventually(() => server.openSockets.size === 1);

    controller.abort();
    const outcome = await pending;

    expect(outcome.error).toMatchObject({ name: 'AbortError' });
    expect(outcome.ms).toBeLessThan(1_000);
    await eventually(() => server.openSockets.size === 0);
  });

  it('rejects promptly when aborted mid-body, and closes the socket', async () => {
    let headersSent = false;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"accessToken":');
      headersSent = true;
    });
    const controller = new AbortController();
    const pending = settle(transport()(post(server.url, { signal: controller.signal })));
    await eventually(() => headersSent);
    await new Promise((resolve) => setTimeout(resolve, 20));

    controller.abort();
    const outcome = await pending;

    expect(outcome.error).toMatchObject({ name: 'AbortError' });
    expect(outcome.ms).toBeLessThan(1_000);
    await eventually(() => server.openSockets.size === 0);
  });

  it('lets a timeout signal end a body that never finishes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.write(zlib.gzipSync('{"partial":'));
    });

    const outcome = await settle(transport()(post(server.url, { signal: AbortSignal.timeout(100) })));

    expect(outcome.error).toMatchObject({ name: 'TimeoutError' });
    expect(outcome.ms).toBeLessThan(1_000);
    await eventually(() => server.openSockets.size === 0);
  });

  it('removes its abort listener once settled', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    const controller = new AbortController();
    const send = transport();
    const listening = jest.spyOn(controller.signal, 'removeEventListener');

    await send(post(server.url, { signal: controller.signal }));
    controller.abort();

    expect(listening).toHaveBeenCalledWith('abort', expect.any(Function));
    await expect(send(post(server.url))).resolves.toMatchObject({ status: 200 });
  });
});

describe('node-http transport: broken peers', () => {
  it('rejects with ECONNRESET when the connection is reset before headers', async () => {
    const server = await serveTcp((socket) => socket.once('data', () => socket.resetAndDestroy()));

    await expect(transport()(post(server.url))).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects with ECONNRESET when the connection is reset mid-body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"accessToken":', () => res.socket?.resetAndDestroy());
    });

    await expect(transport()(post(server.url))).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects when the connection closes before the declared content-length arrives', async () => {
    const server = await serveTcp((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"accessToken":')),
    );

    await expect(transport()(post(server.url))).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('does not reuse a connection whose body was abandoned', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/big') res.end('x'.repeat(5_000));
      else res.end('{}');
    });
    const send = transport();

    await expect(send(post(`${server.url}/big`, { maxResponseBytes: 10 }))).rejects.toBeInstanceOf(ResponseTooLargeError);
    await send(post(`${server.url}/ok`));

    expect(server.connections).toBe(2);
  });
});

describe('node-http transport: TLS', () => {
  it('refuses a certificate no trusted authority signed', async () => {
    const server = await serve((_req, res) => res.end('{}'), tls);

    await expect(transport()(post(server.url))).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('asks for verification explicitly, so NODE_TLS_REJECT_UNAUTHORIZED=0 cannot turn it off, even with an agent passed in', async () => {
    // (Node reads that variable only when the option is absent; jest's sandboxed process.env cannot reach it.)
    const server = await serve((_req, res) => res.end('{}'), tls);
    const seen: Array<boolean | undefined> = [];
    class RecordingAgent extends https.Agent {
      override createConnection(...args: Parameters<https.Agent['createConnection']>) {
        seen.push((args[0] as https.RequestOptions).rejectUnauthorized);
        return super.createConnection(...args);
      }
    }
    const agent = new RecordingAgent();

    await expect(transport({ agent: { https: agent } })(post(server.url))).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(seen).toEqual([true]);
    agent.destroy();
  });

  it('trusts an extra root given through an https agent, still verifying, and decodes over TLS', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync('{"apiKey":"k"}'));
    }, tls);
    const agent = new https.Agent({ keepAlive: true, ca: tls.cert });
    const send = transport({ agent: { https: agent } });

    await expect(send(post(`${server.url}/auth`))).resolves.toMatchObject({ status: 200, body: '{"apiKey":"k"}' });
    await send(post(`${server.url}/auth`));
    expect(server.connections).toBe(1);
    agent.destroy();
  });

  it('refuses at construction an https agent that turns verification off', () => {
    for (const rejectUnauthorized of [false, undefined]) {
      expect(() => createNodeHttpTransport({ agent: { https: new https.Agent({ rejectUnauthorized }) } })).toThrow(
        /must not turn off certificate verification/,
      );
    }
  });
});

describe('node-http transport: bad input', () => {
  it('rejects a URL it cannot send to', async () => {
    const send = transport();

    // Node's own TypeError, from outside jest's realm: compare by name.
    await expect(send(post('not a url'))).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_URL' });
    await expect(send(post('ftp://127.0.0.1/auth'))).rejects.toThrow('unsupported protocol ftp:');
    await expect(send(post('http://user:pw@127.0.0.1/auth'))).rejects.toThrow('URL must not include credentials');
  });

  it('rejects an invalid header value without opening a connection', async () => {
    const server = await serve((_req, res) => res.end());

    await expect(transport()(post(server.url, { headers: { 'x-api-key': 'a\r\nb' } }))).rejects.toMatchObject({
      code: 'ERR_INVALID_CHAR',
    });
    expect(server.connections).toBe(0);
  });

  it('refuses a maxSockets that is not a positive integer', () => {
    for (const maxSockets of [0, -1, 1.5, Number.NaN]) {
      expect(() => createNodeHttpTransport({ maxSockets })).toThrow('maxSockets must be a positive integer');
    }
  });
});
