import fc from 'fast-check';

/** Padding that the generated secrets never contain, so a match in the output can only come from a secret. */
export const PAD = '░';

const AWKWARD = ['"', "'", '\\', '\n', '\r', '\r\n', '\t', ' ', '\u0000', '\u2028', 'é', '€', '💥', '<', '&', '%', 'a', 'Z', '9', '{', '}'];

// Four distinct characters at least: a run of one repeated character is not a credential anyone
// issues, and it would match innocent text (padding, whitespace) in the output.
const distinctive = (value: string) => value.trim() !== '' && new Set(value).size >= 4 && !value.includes(PAD);

/** Client secrets as a user could configure them: unicode, quotes, newlines, control characters, up to 10 kB. */
export const secretArb: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 16, maxLength: 64 }),
    fc.string({ unit: 'binary', minLength: 16, maxLength: 64 }),
    fc.string({ unit: fc.constantFrom(...AWKWARD), minLength: 16, maxLength: 64 }),
    fc.uuid(),
    fc.string({ unit: 'grapheme-ascii', minLength: 9_000, maxLength: 10_240 }),
    fc.string({ unit: 'binary', minLength: 9_000, maxLength: 10_240 }),
  )
  .filter(distinctive);

const visibleAscii = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));

/** API keys a server may hand out that can travel in a header: visible ASCII, JWT-sized or longer. */
export const sendableKeyArb: fc.Arbitrary<string> = fc.string({ unit: visibleAscii, minLength: 16, maxLength: 600 }).filter(distinctive);

const UNSENDABLE = ['\r', '\n', '\r\n', '\u0000', ' ', '\t', '\u007f', 'é', '€', '\u2028', '💥'];

/** API keys with at least one character that cannot be sent in X-API-KEY (CR/LF among them). */
export const unsendableKeyArb: fc.Arbitrary<string> = fc
  .tuple(fc.string({ unit: visibleAscii, maxLength: 200 }), fc.constantFrom(...UNSENDABLE), fc.string({ unit: visibleAscii, maxLength: 200 }))
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/** Every status an API error can have: non-2xx, non-3xx. */
export const errorStatusArb = fc.integer({ min: 400, max: 599 });

export type EchoFormat = 'json-message' | 'json-ascii' | 'json-structure' | 'json-ascii-structure' | 'html' | 'text' | 'truncated-json' | 'echo-request' | 'empty';

/** How a hostile or careless server might put the caller's credentials into an error body. */
export const echoArb = fc.record({
  format: fc.constantFrom<EchoFormat>('json-message', 'json-ascii', 'json-structure', 'json-ascii-structure', 'html', 'text', 'truncated-json', 'echo-request', 'empty'),
  /** Moves the secret across the client's excerpt boundaries (200 and 2 000 characters). */
  padding: fc.oneof(fc.nat(400), fc.integer({ min: 1_700, max: 2_100 })),
  /** Echo the key in response headers too (x-request-id and another), as a server echoing request headers would. */
  echoHeaders: fc.boolean(),
});

/** The error body a server echoing `echoed` (secrets, in order) would send. */
export function renderEcho(format: EchoFormat, padding: number, echoed: string[], requestBody: string, status: number): string {
  const pad = PAD.repeat(padding);
  const joined = echoed.join(' | ');
  switch (format) {
    case 'json-message':
      return JSON.stringify({ code: status, codeDescription: 'ECHO', message: `${pad} rejected: ${joined}` });
    case 'json-ascii':
      return asciiJson({ code: status, message: `${pad} rejected: ${joined}` });
    case 'json-structure':
      return JSON.stringify(structure(status, echoed, pad));
    case 'json-ascii-structure':
      return asciiJson(structure(status, echoed, pad));
    case 'html':
      return `<!DOCTYPE html><html><body><h1>${status}</h1><pre>${pad}${joined}</pre></body></html>`;
    case 'text':
      return `${pad}${joined}`;
    case 'truncated-json':
      return JSON.stringify({ message: `${pad}${joined}`, more: 'x'.repeat(10) }).slice(0, -12);
    case 'echo-request':
      return `<pre>${pad}${requestBody}</pre>`;
    case 'empty':
      return '';
  }
}

/** A JSON error body without a `message`, the echoed values as keys and values at several depths. */
function structure(status: number, echoed: string[], pad: string): unknown {
  return { code: status, errors: echoed.map((value) => ({ field: value, [value]: [value, { nested: value }] })), padding: pad };
}

/** JSON as Python's json.dumps writes it by default: every non-ASCII character as a \\uXXXX escape. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
