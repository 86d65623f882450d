import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ROOT, runCli } from './built-cli';

const COMMANDS = ['api-key', 'connect-token', 'sandbox', 'demo'];

beforeAll(ensureBuilt, 180_000);

describe('pluggy-auth help and usage errors (built CLI)', () => {
  it('--help lists every command and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: pluggy-auth <command>/);
    for (const command of COMMANDS) expect(stdout).toContain(`  ${command} `);
  });

  it.each(COMMANDS)('%s --help shows that command’s usage and exits 0', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: pluggy-auth ${command}`);
    expect(stdout).toContain('Exit codes: 0 success, 1 API or network error, 2 usage error');
  });

  it('help <command> and -h work too', async () => {
    expect((await runCli(['help', 'connect-token'])).stdout).toContain('--oauth-redirect-uri URL');
    expect((await runCli(['api-key', '-h'])).stdout).toContain('Usage: pluggy-auth api-key');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it('no command: exit 2, the usage on stderr', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('a command is required');
    expect(stderr).toContain('Usage: pluggy-auth <command>');
  });

  it('an unknown command: exit 2, named when it looks like one', async () => {
    const { code, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"; expected one of api-key, connect-token, sandbox, demo');
  });

  it('an unknown "command" that looks like a pasted secret is not echoed', async () => {
    const { code, stderr } = await runCli(['Sk_Live.9f8e7d6c5b4a']);
    expect(code).toBe(2);
    expect(stderr).not.toContain('9f8e7d6c5b4a');
  });

  it.each([
    ['--client-secret=hunter2-value'],
    ['--client-secret', 'hunter2-value'],
    ['--client-id', 'hunter2-value'],
    ['--api-key=hunter2-value'],
  ])('refuses credentials as flags (%s): exit 2, the value never echoed', async (...args) => {
    const { code, stdout, stderr } = await runCli(['api-key', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain('credentials never come from the command line');
    expect(stderr).toContain('PLUGGY_CLIENT_SECRET');
    expect(stdout + stderr).not.toContain('hunter2-value');
  });

  it('an unknown option: exit 2, named without its value', async () => {
    const { code, stderr } = await runCli(['connect-token', '--frob=hunter2-value']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option --frob for connect-token');
    expect(stderr).not.toContain('hunter2-value');
    expect(stderr).toContain('Run `pluggy-auth connect-token --help` for usage.');
  });

  it('an unknown short option with a value glued on: exit 2, value not echoed', async () => {
    const { code, stderr } = await runCli(['api-key', '-shunter2-value']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option -s… for api-key');
    expect(stderr).not.toContain('hunter2');
  });

  it('a positional argument: exit 2, not echoed', async () => {
    const { code, stderr } = await runCli(['api-key', 'hunter2-value']);
    expect(code).toBe(2);
    expect(stderr).toContain('api-key takes no positional arguments');
    expect(stderr).not.toContain('hunter2-value');
  });

  it('an option missing its value: exit 2', async () => {
    const { code, stderr } = await runCli(['sandbox', '--port']);
    expect(code).toBe(2);
    expect(stderr).toContain("'--port <value>' argument missing");
  });

  it.each([
    [['api-key'], {}, 'no credentials: set PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET'],
    [['connect-token'], { PLUGGY_CLIENT_ID: 'id-only' }, 'the environment has a client id but no client secret'],
    [['api-key'], { PLUGGY_CLIENT_SECRET: 'hunter2-value' }, 'the environment has a client secret but no client id'],
    [['connect-token', '--item-id', 'item-1'], {}, '--item-id must be a UUID'],
    [['sandbox', '--port', '70000'], {}, '--port must be a number from 0 to 65535'],
    [['demo', '--base-url', 'http://127.0.0.1:9'], {}, '--base-url needs credentials'],
    [['api-key', '--credentials-file', '/nonexistent/creds.json'], {}, 'cannot read the --credentials-file: ENOENT'],
    [['api-key'], { PLUGGY_CLIENT_ID: 'x', PLUGGY_CLIENT_SECRET: 'hunter2-value', PLUGGY_BASE_URL: 'ftp://example.com' }, 'Invalid PluggyAuthClient option `baseUrl`: must use http: or https:'],
  ])('%j with env %j: exit 2, "%s"', async (args, env, message) => {
    const { code, stdout, stderr } = await runCli(args, env as Record<string, string>);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('hunter2-value');
  });

  it('--json turns a usage error into a JSON object on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['api-key', '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toEqual({
      error: { name: 'UsageError', message: expect.stringContaining('no credentials'), exitCode: 2 },
    });
  });
});
