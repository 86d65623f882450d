// Publishing to a private registry, for real: Verdaccio on 127.0.0.1, a user and token created
// without prompts, `npm publish` with a project-level .npmrc, then `npm install <name>@<version>`
// into a fresh project that imports the package from CommonJS and ESM and calls the client.
// Nothing reads or writes the real ~/.npmrc: every npm runs with a temp HOME and userconfig.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerEnv } from './helpers/consumer-env';
import { CLIENT_ID, CLIENT_SECRET, startFakePluggy, type FakePluggy } from './helpers/fake-pluggy';
import { packPackage, ROOT, type PackedPackage } from './helpers/pack';
import { isolatedEnv, mustRun, run } from './helpers/run';
import { createUser, isRunning, startVerdaccio, type Verdaccio } from './helpers/verdaccio';

// Each step runs npm or node as a child process (about 1 to 3 s each on a busy 2-core machine).
jest.setTimeout(60_000);

const PREFLIGHT = join(ROOT, 'scripts', 'publish-preflight.mjs');
const CONSUMER_SOURCES = join(__dirname, 'consumers');

let work: string;
let home: string;
let packed: PackedPackage;
let registry: Verdaccio;
let token: string;
let server: FakePluggy;
let scope: string;
/** `//127.0.0.1:<port>/`: the key npm looks credentials up by. */
let credentialPrefix: string;

const realNpmrc = join(homedir(), '.npmrc');
const realNpmrcBefore = existsSync(realNpmrc) ? statSync(realNpmrc).mtimeMs : 'absent';

/** A directory with its own package.json and .npmrc, the way a project configures npm. */
function project(name: string, npmrcLines: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }, null, 2));
  writeFileSync(join(dir, '.npmrc'), `${npmrcLines.join('\n')}\n`);
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pluggy-registry-'));
  home = join(work, 'home');
  packed = await packPackage(work, home);
  scope = packed.name.split('/')[0];
  registry = await startVerdaccio(work, home);
  credentialPrefix = registry.url.replace(/^https?:/, '');
  token = await createUser(registry.url, 'ci-publisher', 'not-a-real-password-1');
  server = await startFakePluggy();
}, 90_000);

afterAll(async () => {
  const pid = registry?.pid;
  await registry?.stop();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  if (pid !== undefined) expect(isRunning(pid)).toBe(false);
});

describe(`publishing to a private registry (Verdaccio)`, () => {
  it('without a token: the preflight names the .npmrc line to add, and nothing is published', async () => {
    const dir = project('no-token', [`${scope}:registry=${registry.url}`]);
    const env = isolatedEnv(home);

    const preflight = await run(process.execPath, [PREFLIGHT], { cwd: dir, env });
    expect(preflight.code).toBe(1);
    expect(preflight.stderr).toContain(`No auth token is configured for ${registry.url}`);
    expect(preflight.stderr).toContain(`  ${credentialPrefix}:_authToken=\${NPM_TOKEN}`);

    // npm's own refusal, which the preflight exists to explain.
    const publish = await run('npm', ['publish', packed.tarball], { cwd: dir, env });
    expect(publish.code).not.toBe(0);
    expect(publish.stderr).toMatch(/ENEEDAUTH/);
    expect((await fetch(`${registry.url}${packed.name.replace('/', '%2f')}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('without a scope line: the preflight names the line, instead of publishing to the public registry', async () => {
    const dir = project('no-scope', []);
    const preflight = await run(process.execPath, [PREFLIGHT], { cwd: dir, env: isolatedEnv(home) });
    expect(preflight.code).toBe(1);
    expect(preflight.stderr).toContain(`No registry is configured for the ${scope} scope`);
    expect(preflight.stderr).toContain(`  ${scope}:registry=https://`);
  });

  it('with a token the registry rejects, or NPM_TOKEN unset: the preflight says so and names the key', async () => {
    const dir = project('bad-token', [`${scope}:registry=${registry.url}`, `${credentialPrefix}:_authToken=\${NPM_TOKEN}`]);
    const preflight = await run(process.execPath, [PREFLIGHT], { cwd: dir, env: isolatedEnv(home, { NPM_TOKEN: 'not-a-valid-token' }) });
    expect(preflight.code).toBe(1);
    expect(preflight.stderr).toContain(`rejected the credentials in ${credentialPrefix}:_authToken`);

    const unset = await run(process.execPath, [PREFLIGHT], { cwd: dir, env: isolatedEnv(home) });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('NPM_TOKEN is not set in this environment');
  });

  it('with the scope and token lines in the project .npmrc: the preflight passes and npm publish succeeds', async () => {
    const dir = project('publisher', [`${scope}:registry=${registry.url}`, `${credentialPrefix}:_authToken=\${NPM_TOKEN}`]);
    const env = isolatedEnv(home, { NPM_TOKEN: token });

    const preflight = await mustRun(process.execPath, [PREFLIGHT], { cwd: dir, env });
    expect(preflight.stdout).toContain(`publishing ${packed.name}@${packed.version} to ${registry.url} as ci-publisher`);
    await mustRun('npm', ['publish', packed.tarball], { cwd: dir, env });

    const { stdout } = await mustRun('npm', ['view', `${packed.name}@${packed.version}`, 'version', 'dist.fileCount'], { cwd: dir, env });
    expect(stdout).toContain(packed.version);
  });

  it('installs <name>@<version> from the registry into a fresh project, which calls the client from CommonJS and ESM', async () => {
    const dir = project('registry-consumer', [`${scope}:registry=${registry.url}`, `${credentialPrefix}:_authToken=\${NPM_TOKEN}`]);
    const env = isolatedEnv(home, { NPM_TOKEN: token });
    await mustRun('npm', ['install', '--no-audit', '--no-fund', `${packed.name}@${packed.version}`], { cwd: dir, env });

    const installed = JSON.parse(readFileSync(join(dir, 'node_modules', ...packed.name.split('/'), 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(packed.version);
    const lock = readFileSync(join(dir, 'package-lock.json'), 'utf8');
    expect(lock).toContain(`"resolved": "${registry.url}`);

    for (const source of ['main.cjs', 'main.mjs']) {
      copyFileSync(join(CONSUMER_SOURCES, source), join(dir, source));
      const result = await run(process.execPath, [source], {
        cwd: dir,
        env: consumerEnv({ PLUGGY_BASE_URL: server.url, PLUGGY_CLIENT_ID: CLIENT_ID, PLUGGY_CLIENT_SECRET: CLIENT_SECRET }),
      });
      expect({ source, code: result.code, stderr: result.stderr }).toEqual({ source, code: 0, stderr: '' });
      expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toMatchObject({
        accessToken: expect.stringMatching(/^connect-token-\d+$/),
        wrongSecret: { isAuthenticationError: true, status: 401 },
        version: packed.version,
      });
    }
  });

  it('refuses to publish the same version twice, with a clear error', async () => {
    const dir = join(work, 'publisher');
    const publish = await run('npm', ['publish', packed.tarball], { cwd: dir, env: isolatedEnv(home, { NPM_TOKEN: token }) });
    expect(publish.code).not.toBe(0);
    expect(publish.stderr).toContain(`You cannot publish over the previously published versions: ${packed.version}`);
  });

  it("left the user's ~/.npmrc alone", () => {
    expect(existsSync(realNpmrc) ? statSync(realNpmrc).mtimeMs : 'absent').toBe(realNpmrcBefore);
  });
});
