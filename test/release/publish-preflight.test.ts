// scripts/publish-preflight.mjs (prepublishOnly) looks credentials up the way npm publish does,
// for a registry served under a path. The registry here is a closed port, so only the config lookup is
// exercised; test/package/verdaccio.test.ts runs it against a real registry.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isolatedEnv } from '../package/helpers/run';

const PREFLIGHT = resolve(__dirname, '../../scripts/publish-preflight.mjs');
// Port 1 on loopback: nothing listens, so `npm whoami` fails fast with ECONNREFUSED.
const REGISTRY = 'http://127.0.0.1:1/repository/npm-private/';

jest.setTimeout(30_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'preflight-'));
  writeFileSync(join(dir, 'package.json'), '{"private": true}');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function preflight(npmrc: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  writeFileSync(join(dir, '.npmrc'), `${npmrc.join('\n')}\n`);
  return new Promise((done) => {
    execFile(process.execPath, [PREFLIGHT], { cwd: dir, env: isolatedEnv(join(dir, 'home')), encoding: 'utf8' }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('publish preflight with a registry under a path', () => {
  it('names the token line with the full registry path when no credential matches', async () => {
    const result = await preflight([`@pluggy-auth:registry=${REGISTRY}`, '//127.0.0.1:1/other-repo/:_authToken=abc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  //127.0.0.1:1/repository/npm-private/:_authToken=${NPM_TOKEN}');
  });

  it('asks for the trailing slash a registry path needs, instead of a token line npm would ignore', async () => {
    const bare = REGISTRY.replace(/\/$/, '');
    const result = await preflight([`@pluggy-auth:registry=${bare}`, '//127.0.0.1:1/repository/npm-private/:_authToken=abc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`  @pluggy-auth:registry=${REGISTRY}`);
  });

  it('does not count a token set for a parent path (npm publish would not use it) and names the exact line', async () => {
    const result = await preflight([`@pluggy-auth:registry=${REGISTRY}`, '//127.0.0.1:1/repository/:_authToken=abc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No auth token is configured for http://127.0.0.1:1/repository/npm-private/');
    expect(result.stderr).toContain('  //127.0.0.1:1/repository/npm-private/:_authToken=${NPM_TOKEN}');
  });

  it('finds the token set for the full registry path, then leaves an unreachable registry to npm publish', async () => {
    const result = await preflight([`@pluggy-auth:registry=${REGISTRY}`, '//127.0.0.1:1/repository/npm-private/:_authToken=abc']);
    expect(result.stderr).not.toContain('No auth token');
    expect(result.stderr).toContain('could not verify the token with `npm whoami` (npm error code ECONNREFUSED)');
    expect(result.code).toBe(0);
  });
});
