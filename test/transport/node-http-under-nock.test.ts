// The client suite mocks Pluggy with nock; nock intercepts node:http as well as fetch. These tests
// pin that the Node transport works under that interception, so the suite can run it too.
import * as zlib from 'node:zlib';
import nock from 'nock';
import { createNodeHttpTransport } from '../../src/transport/node-http';
import type { TransportRequest } from '../../src/transport/types';

const BASE = 'https://api.pluggy.ai';
const send = createNodeHttpTransport();
afterAll(() => send.close());

function post(path: string, overrides: Partial<TransportRequest> = {}): TransportRequest {
  return { method: 'POST', url: `${BASE}${path}`, headers: {}, signal: new AbortController().signal, maxResponseBytes: 1 << 20, ...overrides };
}

describe('node-http transport under nock', () => {
  it('sends headers and body to the interceptor and resolves its reply', async () => {
    const scope = nock(BASE)
      .post('/auth', { clientId: 'id', clientSecret: 'secret' })
      .matchHeader('content-type', 'application/json')
      .reply(200, { apiKey: 'key-1' }, { 'X-Request-Id': 'r-1' });

    const response = await send(
      post('/auth', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'id', clientSecret: 'secret' }) }),
    );

    expect(response).toMatchObject({ status: 200, body: '{"apiKey":"key-1"}' });
    expect(response.headers['x-request-id']).toBe('r-1');
    scope.done();
  });

  it('decodes a gzip reply', async () => {
    nock(BASE).post('/connect_token').reply(200, zlib.gzipSync('{"accessToken":"ct"}'), { 'Content-Encoding': 'gzip' });

    expect((await send(post('/connect_token'))).body).toBe('{"accessToken":"ct"}');
  });

  it('rejects with the error nock replies with', async () => {
    // An Error, not nock's plain-object form: nock 14 never delivers a plain object to node:http.
    nock(BASE).post('/auth').replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));

    await expect(send(post('/auth'))).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects promptly when aborted while nock delays its reply', async () => {
    nock(BASE).post('/auth').delay(5_000).reply(200, {});
    const controller = new AbortController();
    const pending = send(post('/auth', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    nock.abortPendingRequests(); // nock's own delay timer
  });
});
