// A real server on 127.0.0.1 whose answers a test sets per case, so every transport meets real
// HTTP (nock would stand in for node:http). One request per connection: hundreds of short-lived
// clients must not leave idle sockets behind.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface AnsweringServer {
  url: string;
  /** Every request seen, in order; tests empty it with `received.length = 0`. */
  received: Received[];
  answer: (request: Received) => Answer;
  close(): Promise<void>;
}

export async function startAnsweringServer(): Promise<AnsweringServer> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: Received = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      state.received.push(received);
      const reply = state.answer(received);
      response.writeHead(reply.status, { ...reply.headers, connection: 'close' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: AnsweringServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: [],
    answer: () => ({ status: 500, body: '' }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return state;
}
