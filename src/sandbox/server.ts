import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { faultResponse } from './fault-responses';
import { FaultQueue, type SandboxFault, type SandboxRoute } from './faults';
import { resolveOptions, type SandboxOptions } from './options';
import { RateLimiter } from './rate-limiter';
import { readBody } from './read-body';
import { errorResponse, type SandboxResponse } from './responses';
import { handleAuth } from './routes/auth';
import { handleConnectToken } from './routes/connect-token';
import type { SandboxContext, SandboxRequest } from './routes/context';
import { StatsRecorder, type SandboxOutcome, type SandboxStats } from './stats';

export interface SandboxFaults {
  /** Arms faults for the next matching requests (see {@link SandboxFault}), after any already armed. */
  inject(...faults: SandboxFault[]): void;
  /** Disarms every pending fault. */
  clear(): void;
  /** Pending faults in the order they will apply, with the uses they have left. */
  pending(): SandboxFault[];
}

export interface Sandbox {
  /** Base URL to give a client, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** The port actually bound: the one asked for, or the free port the OS picked when it was 0. */
  port: number;
  /** The address actually bound, e.g. `127.0.0.1` or `::1` (unbracketed; {@link Sandbox.url} adds brackets for IPv6). */
  host: string;
  /** Live request counters since start or the last `stats.reset()`, for asserting how many calls a client made. */
  stats: SandboxStats;
  /** Arms, lists and clears faults while the sandbox runs, on top of any given in {@link SandboxOptions.faults}. */
  faults: SandboxFaults;
  /** Invalidates every API key and connect token issued so far, as a key rotation would. */
  revokeTokens(): void;
  /** Closes the server and every connection, hung or kept alive; resolves once all are gone. */
  stop(): Promise<void>;
}

type RouteHandler = (context: SandboxContext, request: SandboxRequest) => SandboxResponse;

const ROUTES: Record<SandboxRoute, RouteHandler> = { '/auth': handleAuth, '/connect_token': handleConnectToken };

function isRoute(path: string): path is SandboxRoute {
  return Object.prototype.hasOwnProperty.call(ROUTES, path);
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

/** Starts a local stand-in for Pluggy's Auth API (see {@link SandboxOptions}). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const stats = new StatsRecorder();
  const faultQueue = new FaultQueue();
  faultQueue.add(...resolved.faults);
  let signingKey = randomBytes(32);
  const context: SandboxContext = {
    clients: resolved.clients,
    items: resolved.items,
    apiKeyTtlSeconds: resolved.apiKeyTtlSeconds,
    connectTokenTtlSeconds: resolved.connectTokenTtlSeconds,
    signingKey: () => signingKey,
    now: resolved.now,
    authRateLimiter: resolved.rateLimit === false ? undefined : new RateLimiter(resolved.rateLimit),
  };

  // What an injected 429 reports as RateLimit-Limit: the configured limit, or Pluggy's.
  const advertisedRateLimit = resolved.rateLimit === false ? 360 : resolved.rateLimit.limit;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  /** A timer that stop() clears, and that the response's closing clears too. */
  function later(response: ServerResponse, ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      response.off('close', cancel);
      run();
    }, ms);
    const cancel = () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
    timers.add(timer);
    response.once('close', cancel);
  }

  function write(response: ServerResponse, reply: SandboxResponse, fault: SandboxFault | undefined): void {
    const body = Buffer.from(reply.body, 'utf8');
    response.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(body.length),
      'cache-control': 'no-store',
    });
    if (fault?.type !== 'delay-body' && fault?.type !== 'hang-body') {
      response.end(body);
      return;
    }
    const head = Math.max(1, Math.floor(body.length / 2));
    response.write(body.subarray(0, head));
    if (fault.type === 'delay-body') later(response, fault.ms, () => response.end(body.subarray(head)));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const requestId = randomUUID();
    const method = request.method ?? 'GET';
    const path = pathOf(request.url);
    let closed = false;
    response.once('close', () => {
      closed = true;
    });
    response.setHeader('x-request-id', requestId);
    stats.recordRequest(path);

    const record = (outcome: SandboxOutcome) => {
      stats.recordOutcome(path, outcome);
      try {
        resolved.onRequest?.({ requestId, method, path, outcome, durationMs: performance.now() - startedAt });
      } catch {
        // A logging callback must not take the sandbox down.
      }
    };
    const reply = (answer: SandboxResponse, fault?: SandboxFault) => {
      record(answer.status);
      write(response, answer, fault);
    };

    if (!isRoute(path)) {
      request.resume();
      reply(errorResponse(404, 'NOT_FOUND', `No route for ${method} ${path.slice(0, 200)}; the sandbox serves POST /auth and POST /connect_token`));
      return;
    }
    if (method !== 'POST') {
      request.resume();
      reply(errorResponse(405, 'METHOD_NOT_ALLOWED', `${path} only accepts POST, got ${method}`, { headers: { allow: 'POST' } }));
      return;
    }

    const read = await readBody(request, resolved.maxBodyBytes);
    if (read.kind === 'aborted' || closed) return;
    if (read.kind === 'too-large') {
      // Not drained: the rest of the upload is still on the wire, so this connection cannot be reused.
      const headers: Record<string, string> = read.drained ? {} : { connection: 'close' };
      reply(errorResponse(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${resolved.maxBodyBytes} bytes`, { headers }));
      return;
    }

    const fault = faultQueue.take(path);
    if (fault?.type === 'delay-headers') {
      await new Promise<void>((resume) => {
        later(response, fault.ms, resume);
        response.once('close', () => resume());
      });
      if (closed) return;
    }
    if (fault?.type === 'reset') {
      record('reset');
      // resetAndDestroy (a TCP RST) arrived in Node 18.3; plain destroy is the closest before it.
      if (typeof request.socket.resetAndDestroy === 'function') request.socket.resetAndDestroy();
      else request.socket.destroy();
      return;
    }

    const sandboxRequest: SandboxRequest = { headers: request.headers, body: read.body, clientIp: request.socket.remoteAddress ?? '' };
    let answer: SandboxResponse;
    try {
      answer = (fault && faultResponse(fault, path, advertisedRateLimit)) ?? ROUTES[path](context, sandboxRequest);
    } catch {
      answer = errorResponse(500, 'INTERNAL_SERVER_ERROR', 'the sandbox failed to handle this request');
    }
    reply(answer, fault);
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Malformed HTTP gets a JSON error with a request id too, like every other response.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ code: status, codeDescription: 'MALFORMED_HTTP_REQUEST', message: 'malformed HTTP request' });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${randomUUID()}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox: server has no TCP address');
  const hostForUrl = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    host: address.address,
    stats,
    faults: {
      inject: (...faults) => faultQueue.add(...faults),
      clear: () => faultQueue.clear(),
      pending: () => faultQueue.list(),
    },
    revokeTokens: () => {
      signingKey = randomBytes(32);
    },
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopping;
    },
  };
}
