import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { loadNodeBuiltins, type NodeBuiltins } from './node-builtins';
import { readResponseBody } from './node-response-body';
import type { Transport, TransportRequest, TransportResponse } from './types';

export interface NodeHttpTransportOptions {
  /**
   * Agents to use instead of the transport's own keep-alive agents (a proxy agent, say). The caller
   * keeps ownership: `close()` leaves them alone. An https agent may add a `ca` (a corporate root)
   * but may not turn certificate verification off.
   */
  agent?: { http?: Http.Agent; https?: Https.Agent };
  /** Concurrent sockets per origin for the transport's own agents; more requests queue. Default 64. */
  maxSockets?: number;
}

export type NodeHttpTransport = Transport & {
  /** Destroys the transport's own sockets, idle and in flight (their requests reject). Agents passed in are left alone. */
  close(): void;
};

const DEFAULT_MAX_SOCKETS = 64;
/** Idle keep-alive sockets are dropped after this, before common server timeouts (Node's is 5 s) close them under us. */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;
const ACCEPT_ENCODING = 'gzip, deflate, br';
/** Parsed URLs are cached; a client only ever calls a handful, so this bound is never reached in practice. */
const MAX_CACHED_TARGETS = 100;

interface Target {
  secure: boolean;
  /** Shared by every request to this URL: node:http copies request options, it never mutates them. */
  options: Http.RequestOptions;
}

/**
 * A {@link Transport} over node:http and node:https with keep-alive agents: on Node it costs a
 * fraction of global fetch per call. Sockets idle in the pool do not keep the process alive, and
 * TLS certificates are always verified (NODE_TLS_REJECT_UNAUTHORIZED=0 included: the option is
 * set explicitly). Redirects are never followed.
 */
export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): NodeHttpTransport {
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  if (!(maxSockets >= 1) || (!Number.isInteger(maxSockets) && maxSockets !== Infinity)) {
    throw new TypeError('maxSockets must be a positive integer');
  }
  if (options.agent?.https !== undefined) assertVerifiesCertificates(options.agent.https);

  let builtins: NodeBuiltins | undefined;
  let httpAgent = options.agent?.http;
  let httpsAgent = options.agent?.https;
  const ownedAgents: Http.Agent[] = [];
  const targets = new Map<string, Target>();

  const start = (loaded: NodeBuiltins): void => {
    builtins = loaded;
    const agentOptions = { keepAlive: true, maxSockets, timeout: IDLE_SOCKET_TIMEOUT_MS, scheduling: 'lifo' as const };
    if (httpAgent === undefined) ownedAgents.push((httpAgent = new loaded.http.Agent(agentOptions)));
    if (httpsAgent === undefined) {
      ownedAgents.push((httpsAgent = new loaded.https.Agent({ ...agentOptions, rejectUnauthorized: true })));
    }
  };

  const targetFor = (url: string): Target => {
    let target = targets.get(url);
    if (target === undefined) {
      target = parseTarget(url, httpAgent!, httpsAgent!);
      if (targets.size >= MAX_CACHED_TARGETS) targets.clear();
      targets.set(url, target);
    }
    return target;
  };

  const transport = (request: TransportRequest): Promise<TransportResponse> => {
    if (builtins === undefined) {
      const loading = loadNodeBuiltins();
      if (loading instanceof Promise) {
        return loading.then((loaded) => {
          if (builtins === undefined) start(loaded);
          return send(loaded, targetFor, request);
        });
      }
      start(loading);
    }
    return send(builtins!, targetFor, request);
  };
  return Object.assign(transport, {
    close(): void {
      for (const agent of ownedAgents) agent.destroy();
    },
  });
}

function send(
  builtins: NodeBuiltins,
  targetFor: (url: string) => Target,
  request: TransportRequest,
): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    const { signal } = request;
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const target = targetFor(request.url);
    // Headers go in through the options so that an invalid one throws before a socket is taken.
    const req = (target.secure ? builtins.https : builtins.http).request({ ...target.options, headers: request.headers });

    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      // Destroying the request destroys its socket: a half-read connection never goes back to the pool.
      req.destroy();
      reject(error);
    };
    const onAbort = (): void => fail(abortReason(signal));
    signal.addEventListener('abort', onAbort);
    req.on('error', fail);

    req.on('response', (response: Http.IncomingMessage) => {
      const headers = collectHeaders(response.rawHeaders);
      readResponseBody(
        response,
        headers,
        request.maxResponseBytes,
        builtins.zlib,
        (error, body) => {
          if (error !== undefined) {
            fail(error);
            return;
          }
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve({ status: response.statusCode!, headers, body: body! });
        },
      );
    });

    if (request.headers['accept-encoding'] === undefined) req.setHeader('accept-encoding', ACCEPT_ENCODING);
    const { body } = request;
    req.setHeader('content-length', body === undefined ? 0 : Buffer.byteLength(body));
    req.end(body);
  });
}

function parseTarget(url: string, httpAgent: Http.Agent, httpsAgent: Https.Agent): Target {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:';
  if (!secure && parsed.protocol !== 'http:') throw new TypeError(`unsupported protocol ${parsed.protocol}`);
  // fetch refuses these too: credentials belong in headers, not in a URL that ends up in logs.
  if (parsed.username !== '' || parsed.password !== '') throw new TypeError('URL must not include credentials');
  const { hostname } = parsed;
  const options: Http.RequestOptions & Https.RequestOptions = {
    method: 'POST',
    // URL keeps IPv6 literals in brackets; node:http wants them bare.
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    path: parsed.pathname + parsed.search,
    agent: secure ? httpsAgent : httpAgent,
  };
  if (parsed.port !== '') options.port = Number(parsed.port);
  // Agent options win over request options in node:http, so this only matters for an agent passed
  // in without the setting; it keeps NODE_TLS_REJECT_UNAUTHORIZED=0 from turning verification off.
  if (secure) options.rejectUnauthorized = true;
  return { secure, options };
}

/** Lower-case names; repeated headers (set-cookie included) joined with ", ", as fetch's Headers does. */
function collectHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const previous = headers[name];
    // typeof, not !== undefined: names such as "constructor" find Object.prototype's members.
    headers[name] = typeof previous === 'string' ? `${previous}, ${raw[i + 1]}` : raw[i + 1]!;
  }
  return headers;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function assertVerifiesCertificates(agent: Https.Agent): void {
  const agentOptions = (agent as Https.Agent & { options?: Https.AgentOptions }).options;
  if (agentOptions !== undefined && 'rejectUnauthorized' in agentOptions && agentOptions.rejectUnauthorized !== true) {
    throw new TypeError('the https agent must not turn off certificate verification (rejectUnauthorized)');
  }
}
