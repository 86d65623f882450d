import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox, type Sandbox } from '../../src/sandbox';
import { ensureBuilt, FULL_JWT, runCli } from './built-cli';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('pluggy-auth api-key / connect-token (built CLI against an in-process sandbox)', () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    sandbox = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'pluggy-auth-cli-'));
    env = { PLUGGY_CLIENT_ID: SANDBOX_CLIENT_ID, PLUGGY_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PLUGGY_BASE_URL: sandbox.url };
  }, 180_000);
  afterAll(async () => {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => sandbox.stats.reset());

  it('api-key prints only the key on stdout, one /auth, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['api-key'], env);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(claimsOf(stdout.trim())).toMatchObject({ clientId: SANDBOX_CLIENT_ID });
    expect(sandbox.stats.responses('/auth', 200)).toBe(1);
  });

  it('api-key --json prints {apiKey, expiresAt}', async () => {
    const { code, stdout } = await runCli(['api-key', '--json'], env);
    expect(code).toBe(0);
    const { apiKey, expiresAt } = JSON.parse(stdout);
    expect(new Date(expiresAt).getTime()).toBe(claimsOf(apiKey).exp * 1000);
  });

  it('connect-token prints a token; every flag lands in the request', async () => {
    const { code, stdout, stderr } = await runCli(
      [
        'connect-token',
        '--item-id', SANDBOX_ITEM_ID,
        '--client-user-id', 'user@example.com',
        '--webhook-url', 'https://example.com/hook',
        '--oauth-redirect-uri', 'https://example.com/back',
        '--avoid-duplicates',
      ],
      env,
    );
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(claimsOf(stdout.trim())).toMatchObject({
      itemId: SANDBOX_ITEM_ID,
      options: {
        clientUserId: 'user@example.com',
        webhookUrl: 'https://example.com/hook',
        oauthRedirectUri: 'https://example.com/back',
        avoidDuplicates: true,
      },
    });
    expect(sandbox.stats.requests('/auth')).toBe(1);
  });

  it('connect-token without flags asks for a plain token; --json echoes the (empty) request', async () => {
    const { code, stdout } = await runCli(['connect-token', '--json'], env);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.request).toEqual({});
    expect(claimsOf(output.accessToken)).not.toHaveProperty('options');
  });

  it('an unknown item: exit 1 with the typed error and request id on stderr, nothing on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['connect-token', '--item-id', '00000000-0000-4000-8000-000000000000'], env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^pluggy-auth: PluggyNotFoundError: .*ITEM_NOT_FOUND: item not found \\(request id ${UUID}\\)\\n$`));
    expect(stderr).not.toMatch(FULL_JWT);
  });

  it('a wrong secret: exit 1, PluggyAuthenticationError, the secret nowhere; --json gives the fields', async () => {
    const wrong = { ...env, PLUGGY_CLIENT_SECRET: 'hunter2-wrong-secret' };
    const text = await runCli(['api-key'], wrong);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('PluggyAuthenticationError');
    expect(text.stderr).toContain('CLIENT_KEYS_UNAUTHORIZED');

    const json = await runCli(['api-key', '--json'], wrong);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr).error).toMatchObject({
      name: 'PluggyAuthenticationError',
      status: 401,
      codeDescription: 'CLIENT_KEYS_UNAUTHORIZED',
      requestId: expect.stringMatching(new RegExp(`^${UUID}$`)),
      exitCode: 1,
    });
    for (const output of [text.stdout, text.stderr, json.stdout, json.stderr]) expect(output).not.toContain('hunter2-wrong-secret');
  });

  it('a 429 beyond the retry cap: exit 1, PluggyRateLimitError with retryAfterMs', async () => {
    const limited = await startSandbox({ rateLimit: { limit: 1, windowMs: 60_000 } });
    try {
      const limitedEnv = { ...env, PLUGGY_BASE_URL: limited.url };
      expect((await runCli(['api-key'], limitedEnv)).code).toBe(0);
      const { code, stderr } = await runCli(['api-key', '--json'], limitedEnv);
      expect(code).toBe(1);
      expect(JSON.parse(stderr).error).toMatchObject({ name: 'PluggyRateLimitError', status: 429, retryAfterMs: expect.any(Number) });
    } finally {
      await limited.stop();
    }
  });

  it('an unreachable API: exit 1, PluggyConnectionError', async () => {
    const gone = await startSandbox();
    await gone.stop();
    const { code, stderr } = await runCli(['api-key'], { ...env, PLUGGY_BASE_URL: gone.url });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^pluggy-auth: PluggyConnectionError: /);
  });

  it('--base-url overrides PLUGGY_BASE_URL', async () => {
    const { code } = await runCli(['api-key', '--base-url', sandbox.url], { ...env, PLUGGY_BASE_URL: 'http://127.0.0.1:1' });
    expect(code).toBe(0);
    expect(sandbox.stats.requests('/auth')).toBe(1);
  });

  it.each([
    ['JSON', 'creds.json', JSON.stringify({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, baseUrl: '<url>' })],
    ['JSON with env names', 'creds2.json', JSON.stringify({ PLUGGY_CLIENT_ID: SANDBOX_CLIENT_ID, PLUGGY_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PLUGGY_BASE_URL: '<url>' })],
    ['dotenv', '.env', `# sandbox\nexport PLUGGY_CLIENT_ID=${SANDBOX_CLIENT_ID}\nPLUGGY_CLIENT_SECRET="${SANDBOX_CLIENT_SECRET}"\nPLUGGY_BASE_URL=<url>  # local\n`],
  ])('--credentials-file reads %s, and wins over the environment', async (_, name, content) => {
    const file = join(dir, name);
    writeFileSync(file, content.replace('<url>', sandbox.url), { mode: 0o600 });
    const misleading = { PLUGGY_CLIENT_ID: SANDBOX_CLIENT_ID, PLUGGY_CLIENT_SECRET: 'wrong', PLUGGY_BASE_URL: 'http://127.0.0.1:1' };
    const { code, stdout, stderr } = await runCli(['api-key', '--credentials-file', file], misleading);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(FULL_JWT);
  });

  it('a credentials file that is broken JSON: exit 2 without quoting it', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, `{"clientId": "${SANDBOX_CLIENT_ID}", "clientSecret": "hunter2-in-file"`);
    const { code, stderr } = await runCli(['api-key', '--credentials-file', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`credentials file ${file} starts like JSON but is not valid JSON`);
    expect(stderr).not.toContain('hunter2-in-file');
  });

  it('a credentials file without credentials: exit 2', async () => {
    const file = join(dir, 'empty.env');
    writeFileSync(file, '# nothing here\nOTHER=1\n');
    const { code, stderr } = await runCli(['api-key', '--credentials-file', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('has no clientId / clientSecret');
  });

  it('--verbose logs the exchange to stderr with the key masked', async () => {
    const { code, stdout, stderr } = await runCli(['connect-token', '--verbose'], env);
    expect(code).toBe(0);
    expect(stderr).toContain('pluggy-auth debug: pluggy request {"operation":"authCreate"');
    expect(stderr).toContain('"x-api-key":"***"');
    expect(stderr).not.toMatch(FULL_JWT);
    expect(stderr).not.toContain(SANDBOX_CLIENT_SECRET);
    expect(stdout).toMatch(FULL_JWT);
  });
});
