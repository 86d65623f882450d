import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  url: string;
  /** TCP connections accepted so far. */
  connections: number;
  /** Server-side sockets still open. */
  openSockets: Set<net.Socket>;
  close(): Promise<void>;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void;

/** An HTTP (or, given a key and certificate, HTTPS) server on 127.0.0.1 whose handler sees the whole request body. */
export async function startServer(handler: Handler, tls?: { key: string; cert: string }): Promise<LocalServer> {
  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, response, Buffer.concat(chunks).toString('utf8')));
  };
  const server: http.Server = tls === undefined ? http.createServer(onRequest) : https.createServer(tls, onRequest);
  return listen(server, tls === undefined ? 'http' : 'https');
}

/** A bare TCP server, for peers that misbehave below HTTP. */
export async function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<LocalServer> {
  return listen(net.createServer(onConnection), 'http');
}

async function listen(server: net.Server, scheme: 'http' | 'https'): Promise<LocalServer> {
  const openSockets = new Set<net.Socket>();
  const state: LocalServer = {
    url: '',
    connections: 0,
    openSockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of openSockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', (socket: net.Socket) => {
    state.connections += 1;
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  if (scheme === 'https') {
    // A refused handshake never becomes a secureConnection; its raw socket must still be closed at the end.
    server.on('connection', (socket: net.Socket) => {
      openSockets.add(socket);
      socket.on('close', () => openSockets.delete(socket));
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** Resolves once `predicate` holds, polling briefly; rejects after `ms`. */
export async function eventually(predicate: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
