import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/** What the raw server understood of one request: enough to route it and count it. */
export interface RawRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Answers (or mistreats) one request by writing bytes, or not, to its socket. */
export type RawBehaviour = (socket: net.Socket, request: RawRequest) => void;

export type RawRoute = '/auth' | '/connect_token';

export interface RawServer {
  url: string;
  /** Requests fully received on `route`. */
  requests(route: RawRoute): number;
  resetCounts(): void;
  /** Stops listening and destroys every connection; afterwards a connect is refused. */
  close(): Promise<void>;
}

const HEADER_END = '\r\n\r\n';

/**
 * An HTTP/1.1 server written on node:net, for the faults an HTTP server library will not commit:
 * resets mid-body, bodies of 50 MB, 200s with broken bodies, redirects. One request per connection;
 * loopback only.
 */
export async function startRawServer(behaviours: Partial<Record<RawRoute, RawBehaviour>>): Promise<RawServer> {
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that gives up mid-response resets the socket; that is the test, not a failure.
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    let handled = false;
    socket.on('data', (chunk: Buffer) => {
      if (handled) return;
      buffered = Buffer.concat([buffered, chunk]);
      const request = parseRequest(buffered);
      if (request === undefined) return;
      handled = true;
      counts.set(request.path, (counts.get(request.path) ?? 0) + 1);
      const behaviour = behaviours[request.path as RawRoute] ?? defaultBehaviour(request.path);
      behaviour(socket, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: (route) => counts.get(route) ?? 0,
    resetCounts: () => counts.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The request once its headers and its whole `content-length` body have arrived, else undefined. */
function parseRequest(bytes: Buffer): RawRequest | undefined {
  const end = bytes.indexOf(HEADER_END);
  if (end === -1) return undefined;
  const [requestLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const bodyStart = end + HEADER_END.length;
  if (bytes.length < bodyStart + length) return undefined;
  const target = requestLine.split(' ')[1] ?? '/';
  return { path: target.split('?')[0]!, headers, body: bytes.subarray(bodyStart, bodyStart + length).toString('utf8') };
}

/** Writes a complete response and closes the connection. */
export function reply(socket: net.Socket, status: number, headers: Record<string, string>, body = ''): void {
  socket.end(head(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) }) + body);
}

export function head(status: number, headers: Record<string, string>): string {
  const lines = Object.entries({ ...headers, connection: 'close' }).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} Raw\r\n${lines.join('\r\n')}${HEADER_END}`;
}

export function replyJson(socket: net.Socket, status: number, value: unknown, headers: Record<string, string> = {}): void {
  reply(socket, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value));
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped key valid for two hours: the client only reads its `iat`/`exp`. */
export function rawApiKey(): string {
  const iat = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iat, exp: iat + 7200, raw: true })}.cmF3LXNpZ25hdHVyZQ`;
}

/** The well-behaved answers, for the route a case does not break. */
function defaultBehaviour(path: string): RawBehaviour {
  if (path === '/auth') return (socket) => replyJson(socket, 200, { apiKey: rawApiKey() });
  if (path === '/connect_token') return (socket) => replyJson(socket, 200, { accessToken: 'raw-connect-token' });
  return (socket) => replyJson(socket, 404, { code: 404, message: `no route ${path}` });
}

/**
 * Streams `totalBytes` of a JSON-looking body, honouring backpressure and stopping as soon as the
 * client goes away. `declareLength` sends content-length; otherwise the body is chunked, so only
 * reading tells the client how big it is. `sent()` says how far it got.
 */
export function hugeBody(totalBytes: number, declareLength: boolean): { behaviour: RawBehaviour; sent(): number } {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const behaviour: RawBehaviour = (socket) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (declareLength) headers['content-length'] = String(totalBytes);
    else headers['transfer-encoding'] = 'chunked';
    socket.write(head(200, headers));
    let closed = false;
    socket.once('close', () => (closed = true));
    const pump = (): void => {
      while (!closed && sent < totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        const framed = declareLength ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
        if (!socket.write(framed)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!closed) socket.end(declareLength ? '' : '0\r\n\r\n');
    };
    pump();
  };
  return { behaviour, sent: () => sent };
}
