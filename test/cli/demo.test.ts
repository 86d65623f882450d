import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox, type Sandbox } from '../../src/sandbox';
import { ensureBuilt, FULL_JWT, runCli } from './built-cli';

const STEPS = ['API key', 'Connect token', 'Update mode', 'Unknown item', 'Wrong secret'];

beforeAll(ensureBuilt, 180_000);

describe('pluggy-auth demo, the `npm start` story (built CLI)', () => {
  it('without credentials: runs every step against its own sandbox, exit 0, nothing secret printed', async () => {
    const { code, stdout, stderr } = await runCli(['demo']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Pluggy Auth demo against a local sandbox at http:\/\/127\.0\.0\.1:\d+\n/);
    STEPS.forEach((step, index) => expect(stdout).toMatch(new RegExp(`^\\[ok\\] +${index + 1}\\. ${step} `, 'm')));
    expect(stdout).toMatch(/2\. Connect token .*clientUserId, webhookUrl, avoidDuplicates .*same API key/);
    expect(stdout).toMatch(/3\. Update mode +itemId 7d0f5b1a… -> eyJhbG…\w{4} \(valid 30 min\)/);
    expect(stdout).toMatch(/4\. Unknown item .*PluggyNotFoundError 404 ITEM_NOT_FOUND, as expected/);
    expect(stdout).toMatch(/5\. Wrong secret .*PluggyAuthenticationError 401 CLIENT_KEYS_UNAUTHORIZED, as expected/);
    expect(stdout).toContain('The sandbox saw: /auth 2x (200: 1, 401: 1); /connect_token 3x (200: 2, 404: 1)');
    expect(stdout).not.toMatch(FULL_JWT);
    expect(stdout).not.toContain(SANDBOX_CLIENT_SECRET);
    // Short enough to read: a heading, five steps, the traffic and a pointer onwards.
    expect(stdout.trim().split('\n').length).toBeLessThanOrEqual(14);
  });

  it('--json: a machine-readable transcript with masked tokens', async () => {
    const { code, stdout } = await runCli(['demo', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ mode: 'sandbox', ok: true, baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(report.steps.map((step: { step: string; status: string }) => [step.step, step.status])).toEqual(STEPS.map((step) => [step, 'ok']));
    expect(report.traffic['/auth']).toEqual({ requests: 2, outcomes: { 200: 1, 401: 1 } });
    expect(stdout).not.toMatch(FULL_JWT);
  });

  describe('with credentials in the environment: runs against that API', () => {
    let api: Sandbox;
    let env: Record<string, string>;
    beforeAll(async () => {
      api = await startSandbox();
      env = { PLUGGY_CLIENT_ID: SANDBOX_CLIENT_ID, PLUGGY_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, PLUGGY_BASE_URL: api.url };
    });
    afterAll(() => api.stop());
    beforeEach(() => api.stats.reset());

    it('uses PLUGGY_BASE_URL, skips update mode without PLUGGY_ITEM_ID, exit 0', async () => {
      const { code, stdout } = await runCli(['demo'], env);
      expect(code).toBe(0);
      expect(stdout).toContain(`Pluggy Auth demo against ${api.url} (credentials from environment, client ${SANDBOX_CLIENT_ID})`);
      expect(stdout).toMatch(/^\[skipped\] 3\. Update mode +set PLUGGY_ITEM_ID/m);
      expect(stdout).not.toContain('The sandbox saw');
      expect(api.stats.snapshot()).toEqual({
        '/auth': { requests: 2, outcomes: { 200: 1, 401: 1 } },
        '/connect_token': { requests: 2, outcomes: { 200: 1, 404: 1 } },
      });
    });

    it('with PLUGGY_ITEM_ID it tries update mode on that item', async () => {
      const { code, stdout } = await runCli(['demo'], { ...env, PLUGGY_ITEM_ID: SANDBOX_ITEM_ID });
      expect(code).toBe(0);
      expect(stdout).toMatch(/^\[ok\] +3\. Update mode +itemId 7d0f5b1a…/m);
    });

    it('with a wrong secret: the API key step fails with the typed error, the rest is skipped, exit 1', async () => {
      const { code, stdout } = await runCli(['demo'], { ...env, PLUGGY_CLIENT_SECRET: 'hunter2-wrong-secret' });
      expect(code).toBe(1);
      expect(stdout).toMatch(/^\[failed\] +1\. API key +PluggyAuthenticationError: authCreate failed with HTTP 401: CLIENT_KEYS_UNAUTHORIZED/m);
      expect(stdout.match(/^\[skipped\] .*needs an API key$/gm)).toHaveLength(4);
      expect(stdout).toContain('The demo did not complete');
      expect(stdout).not.toContain('hunter2-wrong-secret');
    });
  });
});
