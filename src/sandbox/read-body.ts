import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { kind: 'complete'; body: Buffer }
  /** `drained`: the whole body was read (and dropped), so the connection can be kept alive. */
  | { kind: 'too-large'; drained: boolean }
  | { kind: 'aborted' };

/**
 * Reads the body up to `maxBytes`. A body just over the cap is read to its end and dropped, so the
 * client, still uploading, sees the 413 instead of a broken pipe; a body far over it is not read at all.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const drainLimit = Math.max(maxBytes * 4, 1024 * 1024);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > drainLimit) return Promise.resolve({ kind: 'too-large', drained: false });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) chunks.push(chunk);
      else if (received > drainLimit) {
        request.pause();
        settle({ kind: 'too-large', drained: false });
      }
    };
    request.on('data', onData);
    request.once('end', () =>
      settle(received > maxBytes ? { kind: 'too-large', drained: true } : { kind: 'complete', body: Buffer.concat(chunks) }),
    );
    request.once('error', () => settle({ kind: 'aborted' }));
    request.once('close', () => settle({ kind: 'aborted' }));
  });
}
