import { UsageError } from '../../src/cli/cli-errors';
import { findCredentials } from '../../src/cli/credentials';
import type { CliIo } from '../../src/cli/io';
import { mask } from '../../src/cli/mask';

const ID = '0c4e5a5e-1d2b-4c8a-9f3e-5a6b7c8d9e01';

function io(env: Record<string, string> = {}, files: Record<string, string> = {}): CliIo {
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    env,
    readFile: async (path) => {
      if (path in files) return files[path]!;
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
    untilInterrupted: () => new Promise(() => undefined),
  };
}

describe('CLI credentials', () => {
  it('reads the environment, trimming stray whitespace', async () => {
    await expect(findCredentials(io({ PLUGGY_CLIENT_ID: ` ${ID}\n`, PLUGGY_CLIENT_SECRET: 's3cret' }), undefined)).resolves.toEqual({
      clientId: ID,
      clientSecret: 's3cret',
      baseUrl: undefined,
      source: 'environment',
    });
  });

  it('returns undefined when nothing is set, so the demo can use the sandbox', async () => {
    await expect(findCredentials(io({ PLUGGY_CLIENT_ID: '  ' }), undefined)).resolves.toBeUndefined();
  });

  it('reads dotenv lines: comments, export, quotes, inline comments, CRLF', async () => {
    const file = `# creds\r\nexport PLUGGY_CLIENT_ID=${ID}\r\nPLUGGY_CLIENT_SECRET='with # hash and = sign'\r\nPLUGGY_BASE_URL=http://127.0.0.1:8787 # local\r\nnot a line\r\n`;
    await expect(findCredentials(io({}, { f: file }), 'f')).resolves.toEqual({
      clientId: ID,
      clientSecret: 'with # hash and = sign',
      baseUrl: 'http://127.0.0.1:8787',
      source: 'f',
    });
  });

  it('reads a quoted dotenv value followed by a comment without its quotes', async () => {
    const file = `PLUGGY_CLIENT_ID="${ID}"  # demo\nPLUGGY_CLIENT_SECRET='s3cret value' # rotated monthly\n`;
    await expect(findCredentials(io({}, { f: file }), 'f')).resolves.toMatchObject({ clientId: ID, clientSecret: 's3cret value' });
  });

  it('ignores the environment when a file is given', async () => {
    const env = { PLUGGY_CLIENT_ID: ID, PLUGGY_CLIENT_SECRET: 'from-env', PLUGGY_BASE_URL: 'http://env' };
    const credentials = await findCredentials(io(env, { f: JSON.stringify({ clientId: ID, clientSecret: 'from-file' }) }), 'f');
    expect(credentials).toMatchObject({ clientSecret: 'from-file', baseUrl: undefined });
  });

  it('rejects a file with half a pair, naming what is missing', async () => {
    const promise = findCredentials(io({}, { f: JSON.stringify({ clientId: ID }) }), 'f');
    await expect(promise).rejects.toBeInstanceOf(UsageError);
    await expect(promise).rejects.toThrow('credentials file f has a client id but no client secret');
  });
});

describe('CLI mask', () => {
  it('shows the ends of a long value and nothing of a short one', () => {
    expect(mask('eyJhbGciOiJIUzI1NiJ9.payload.signature-xyz1')).toBe('eyJhbG…xyz1');
    expect(mask('short-secret')).toBe('*** (12 chars)');
    expect(mask('x'.repeat(24))).toBe('*** (24 chars)');
  });
});
