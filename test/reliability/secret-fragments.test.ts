// Concrete cases of what properties.test.ts's fragment property looks for: a server echo that
// the redactor misses because the text is cut, re-escaped or whitespace-collapsed BEFORE it is
// scrubbed, so part of the secret or the key survives into the error.
import nock from 'nock';
import { PluggyAuthClient } from '../../src';
import { rejectionOf } from '../helpers/client';
import { startAnsweringServer, type AnsweringServer } from './answering-server';
import { asciiJson } from './arbitraries';
import { errorSurfaces, fragmentLeaks } from './surfaces';

// A UUID, as Pluggy issues client secrets.
const SECRET = '5b3c9d7e-2f1a-4c6b-8e0d-9a7b6c5d4e3f';

let reply: (requestBody: string) => { status: number; type: string; body: string };
let server: AnsweringServer;

beforeAll(async () => {
  nock.restore();
  server = await startAnsweringServer();
  server.answer = (request) => {
    const { status, type, body } = reply(request.body);
    return { status, headers: { 'content-type': type }, body };
  };
});
afterAll(() => server.close());

function errorFor(clientSecret: string): Promise<unknown> {
  return rejectionOf(new PluggyAuthClient({ clientId: 'fragments', clientSecret, baseUrl: server.url, maxRetries: 0 }).getApiKey());
}

describe('no fragment of the secret survives in an error', () => {
  it('an echoed secret straddling the 200-character message excerpt is scrubbed, not cut in half', async () => {
    // 170 characters of preamble: the excerpt ends 30 characters into the secret.
    reply = () => ({ status: 401, type: 'application/json', body: JSON.stringify({ code: 401, message: `${'x'.repeat(170)}${SECRET}` }) });
    const error = await errorFor(SECRET);
    expect(fragmentLeaks(errorSurfaces(error), [SECRET])).toEqual([]);
  });

  it('an echoed secret straddling the 2 000-character body excerpt of an HTML page is scrubbed', async () => {
    reply = () => ({ status: 502, type: 'text/html', body: `<html><body><pre>${'y'.repeat(1_965)}${SECRET}</pre></body></html>` });
    const error = await errorFor(SECRET);
    expect(fragmentLeaks(errorSurfaces(error), [SECRET])).toEqual([]);
  });

  it('a non-ASCII secret echoed by a server that writes \\uXXXX escapes (Python\'s default) is scrubbed, not cut in half', async () => {
    const accented = 'contraseña-secreta-ñandú-2024-çava';
    reply = () => ({ status: 401, type: 'application/json', body: asciiJson({ code: 401, message: `${'x'.repeat(180)}${accented}` }) });
    const error = await errorFor(accented);
    expect(fragmentLeaks(errorSurfaces(error), [accented])).toEqual([]);
  });

  it('a 200 that is not JSON, echoing the secret past the excerpt boundary, is scrubbed', async () => {
    reply = () => ({ status: 200, type: 'text/plain', body: `${'z'.repeat(180)}${SECRET}` });
    const error = await errorFor(SECRET);
    expect(fragmentLeaks(errorSurfaces(error), [SECRET])).toEqual([]);
  });

  it('a secret with a quote, echoed inside the JSON request body it was sent in, is scrubbed in its escaped form', async () => {
    const quoted = 'pa"ss\\word-with-escapes-0123';
    reply = (requestBody) => ({ status: 500, type: 'text/html', body: `<pre>${requestBody}</pre>` });
    const error = await errorFor(quoted);
    expect(fragmentLeaks(errorSurfaces(error), [quoted])).toEqual([]);
  });

  it('a secret with a line break, echoed in an HTML page, is scrubbed before whitespace is collapsed', async () => {
    const multiline = 'first-line-of-secret\nsecond-line-of-secret';
    reply = () => ({ status: 500, type: 'text/html', body: `<pre>${multiline}</pre>` });
    const error = await errorFor(multiline);
    expect(fragmentLeaks(errorSurfaces(error), [multiline])).toEqual([]);
  });
});
