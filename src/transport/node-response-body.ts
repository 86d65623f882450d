import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import type * as Zlib from 'node:zlib';
import { ResponseTooLargeError } from './types';

type Coding = 'gzip' | 'deflate' | 'br';

/** Called exactly once: with an error, or with the decoded body as text. */
export type BodyCallback = (error: unknown, body?: string) => void;

/**
 * Reads a response body to text, decoding gzip, deflate or br, and gives up (calling back with
 * {@link ResponseTooLargeError}) as soon as the DECODED size passes `maxBytes`, so neither a huge
 * body nor a small zip bomb is held in memory. Unknown codings are passed through undecoded, as
 * fetch does. The caller destroys the request on error, which stops the socket and the decoder.
 */
export function readResponseBody(
  response: IncomingMessage,
  headers: Record<string, string>,
  maxBytes: number,
  zlib: typeof Zlib,
  callback: BodyCallback,
): void {
  const contentEncoding = headers['content-encoding'];
  const contentLength = headers['content-length'];
  const tooLarge = () => new ResponseTooLargeError(maxBytes, response.statusCode!, headers);
  const coding = contentEncoding === undefined ? undefined : codingOf(contentEncoding);
  if (coding === undefined && contentLength !== undefined && Number(contentLength) > maxBytes) {
    callback(tooLarge());
    return;
  }

  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  let decoder: Transform | undefined;

  const finish = (error: unknown, body?: string): void => {
    if (finished) return;
    finished = true;
    if (error !== undefined) decoder?.destroy();
    callback(error, body);
  };
  const collect = (chunk: Buffer): void => {
    if (finished) return;
    size += chunk.length;
    if (size > maxBytes) {
      finish(tooLarge());
      return;
    }
    chunks.push(chunk);
  };
  const complete = (): void => finish(undefined, toText(chunks, size));

  if (coding === undefined) {
    response.on('data', collect);
    response.on('end', complete);
  } else {
    response.on('data', (chunk: Buffer) => {
      if (finished) return;
      // Created on the first byte: a bodiless response (204, 304) must not fail as truncated gzip,
      // and "deflate" comes with or without its zlib header, which only the first byte tells.
      if (decoder === undefined) {
        decoder = createDecoder(zlib, coding, chunk);
        decoder.on('data', collect);
        decoder.on('end', complete);
        decoder.on('error', finish);
      }
      decoder.write(chunk);
    });
    response.on('end', () => (decoder === undefined ? complete() : decoder.end()));
  }
  // A connection lost mid-body destroys the response with an ECONNRESET "aborted" error.
  response.on('error', finish);
}

function codingOf(contentEncoding: string): Coding | undefined {
  const coding = contentEncoding.trim().toLowerCase();
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
  if (coding === 'deflate' || coding === 'br') return coding;
  return undefined;
}

function createDecoder(zlib: typeof Zlib, coding: Coding, firstChunk: Buffer): Transform {
  if (coding === 'gzip') return zlib.createGunzip();
  if (coding === 'br') return zlib.createBrotliDecompress();
  // A zlib stream starts with a CMF byte whose low nibble is 8 (the deflate method).
  return (firstChunk[0]! & 0x0f) === 0x08 ? zlib.createInflate() : zlib.createInflateRaw();
}

function toText(chunks: Buffer[], size: number): string {
  if (chunks.length === 0) return '';
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  // Like fetch's text(): a UTF-8 byte-order mark is not part of the text (JSON.parse rejects it).
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
