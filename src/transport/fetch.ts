import { untilAborted } from '../abort';
import { ResponseTooLargeError, type Transport, type TransportRequest, type TransportResponse } from './types';

/** The slice of a fetch `Response` the transport reads: WHATWG fetch and node-fetch 3 both fit. */
export interface FetchResponseLike {
  /** The HTTP status; 0 for a browser's opaque redirect. */
  status: number;
  /** Response headers, iterated once. */
  headers: {
    /** Calls `callback` for every header. */
    forEach(callback: (value: string, name: string) => void): void;
  };
  /** A WHATWG `ReadableStream` (global fetch) or a Node `Readable` (node-fetch); read with a size cap. */
  body?: unknown;
  /** Used when `body` is not a stream (polyfills such as whatwg-fetch); the cap is then checked after reading. */
  text?(): Promise<string>;
}

/** Any fetch implementation: the runtime's global `fetch`, node-fetch 3, undici, a test double. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- implementations type `init` differently
export type FetchLike = (url: string, init: any) => Promise<FetchResponseLike>;

/** A transport over a fetch implementation: the default outside Node, and what the `fetch` option injects. */
export function createFetchTransport(fetchImpl: FetchLike): Transport {
  // An injected fetch may drop the signal (a wrapper forwarding only method, headers and body):
  // the timeout and the caller's abort still end the attempt.
  return (request) => untilAborted(send(fetchImpl, request), request.signal);
}

async function send(fetchImpl: FetchLike, request: TransportRequest): Promise<TransportResponse> {
  const response = await fetchImpl(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    // A followed redirect would resend X-API-KEY to wherever Location points.
    redirect: 'manual',
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const tooLarge = () => new ResponseTooLargeError(request.maxResponseBytes, response.status, headers);
  const declared = Number(headers['content-length']);
  if (!headers['content-encoding'] && declared > request.maxResponseBytes) {
    await cancel(response.body);
    throw tooLarge();
  }
  const body = await readCapped(response, request.maxResponseBytes, tooLarge);
  return { status: response.status, headers, body };
}

async function cancel(body: unknown): Promise<void> {
  try {
    if (isWebStream(body)) await body.cancel();
    else if (isNodeStream(body)) body.destroy();
  } catch {
    // The body is being discarded; a failure to cancel it changes nothing for the caller.
  }
}

interface WebStream {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void>; releaseLock(): void };
  cancel(): Promise<void>;
}
interface NodeStream extends AsyncIterable<Uint8Array | string> {
  destroy(): void;
}

function isWebStream(body: unknown): body is WebStream {
  return typeof (body as WebStream | null)?.getReader === 'function';
}
function isNodeStream(body: unknown): body is NodeStream {
  return typeof (body as NodeStream | null)?.[Symbol.asyncIterator] === 'function';
}

/** Reads the body as UTF-8, never holding more than `limit` bytes (when it is a stream). */
async function readCapped(response: FetchResponseLike, limit: number, tooLarge: () => Error): Promise<string> {
  const { body } = response;
  if (!isWebStream(body) && !isNodeStream(body)) {
    if (typeof response.text !== 'function') {
      if (body === null || body === undefined) return '';
      throw new TypeError('fetch returned a Response whose body is neither a stream nor readable with text()');
    }
    const text = await response.text();
    if (new TextEncoder().encode(text).byteLength > limit) throw tooLarge();
    return text;
  }
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  const take = (chunk: Uint8Array | string) => {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) return false;
    text += decoder.decode(bytes, { stream: true });
    return true;
  };
  if (isWebStream(body)) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value && !take(value)) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
    }
  } else {
    for await (const chunk of body) {
      if (!take(chunk)) {
        body.destroy();
        throw tooLarge();
      }
    }
  }
  return text + decoder.decode();
}
