import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json(): any;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Defaults to no agent (one connection per request, closed afterwards). */
  agent?: Agent;
}

/** One raw HTTP exchange, so tests control every header and byte (fetch would add its own). */
export function send(url: string, init: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'POST', headers: init.headers, agent: init.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export function postJson(url: string, value: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(url, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
}

/** Decodes a JWT's payload without checking it. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export interface OpenResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Milliseconds from sending the request to receiving the headers. */
  headersAfterMs: number;
  /** Resolves with the body and when it ended; rejects if the connection breaks first. */
  rest: Promise<{ body: string; endedAfterMs: number }>;
  /** Bytes of body seen so far. */
  received(): string;
}

/** Like {@link send}, but resolves as soon as the headers arrive, so tests can watch a slow body. */
export function open(url: string, init: RawRequest = {}): Promise<OpenResponse> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'POST', headers: init.headers, agent: init.agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      const rest = new Promise<{ body: string; endedAfterMs: number }>((done, fail) => {
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ body, endedAfterMs: performance.now() - startedAt }));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('aborted')));
      });
      rest.catch(() => undefined);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        headersAfterMs: performance.now() - startedAt,
        rest,
        received: () => body,
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A keep-alive JSON POST as raw HTTP/1.1 bytes, for {@link rawExchange}. */
export function rawPost(path: string, value: unknown, headers: Record<string, string> = {}): string {
  const body = JSON.stringify(value);
  const lines = Object.entries({ host: 'sandbox', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
  return `POST ${path} HTTP/1.1\r\n${lines.map(([name, v]) => `${name}: ${v}\r\n`).join('')}\r\n${body}`;
}

/**
 * Writes raw bytes on one TCP connection (no HTTP client, no interceptor) and returns what comes back:
 * until the server closes the connection, or, with `responses`, until that many complete JSON
 * responses have arrived (the connection is then closed by us). Rejects with the socket error.
 */
export function rawExchange(port: number, bytes: string, responses?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => (responses === undefined ? socket.end(bytes) : socket.write(bytes)));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      const complete = (received.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === responses && received.endsWith('}');
      if (complete) socket.destroy();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}
