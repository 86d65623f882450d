// The package as users meet it: `npm pack`, install the tarball into throwaway CommonJS, ESM and
// strict TypeScript projects, import every public entry and call a local server end to end.
// Runs on the build in dist/ (`npm test` builds first).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerEnv } from './helpers/consumer-env';
import { CONSUMERS, createConsumer, type Consumer } from './helpers/consumers';
import { CLIENT_ID, CLIENT_SECRET, startFakePluggy, type FakePluggy } from './helpers/fake-pluggy';
import { packPackage, ROOT, type PackedPackage } from './helpers/pack';
import { run } from './helpers/run';

// Each step runs npm or node as a child process (about 1 to 3 s each on a busy 2-core machine).
jest.setTimeout(60_000);

const BUDGET_BYTES: number = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).config.packedSizeBudgetBytes;

let work: string;
let packed: PackedPackage;
let server: FakePluggy;
/** Each project is set up in parallel; a failed setup fails that project's test only. */
const consumers = new Map<string, Promise<Consumer>>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pluggy-consumers-'));
  const home = join(work, 'home');
  packed = await packPackage(work, home);
  server = await startFakePluggy();
  CONSUMERS.forEach((kind, index) => {
    // --offline: the tarball has no dependencies, so installing it needs no registry at all.
    const consumer = createConsumer(kind, join(work, `consumer-${index}`), ['--offline', packed.tarball], home);
    consumer.catch(() => undefined); // reported by the project's own test
    consumers.set(kind.name, consumer);
  });
  await Promise.allSettled(consumers.values());
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds only the build, the docs and the licence (the "files" whitelist)', () => {
    for (const file of packed.files) {
      expect(file).toMatch(/^(dist\/[\w-]+\.(js|mjs|d\.ts|d\.mts)|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/);
    }
    expect(packed.files).toContain('dist/cli.js');
    for (const entry of ['index', 'generated', 'sandbox']) {
      for (const ext of ['js', 'mjs', 'd.ts', 'd.mts']) expect(packed.files).toContain(`dist/${entry}.${ext}`);
    }
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']));
  });

  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) {
      expect([field, pkg[field] ?? {}]).toEqual([field, {}]);
    }
  });

  it(`is under the ${BUDGET_BYTES / 1000} kB budget`, () => {
    expect(packed.size).toBeLessThan(BUDGET_BYTES);
  });
});

describe('the installed bin', () => {
  it('puts pluggy-auth on the PATH of an npm project, runnable (shebang, executable) against a local server', async () => {
    const consumer = await consumers.get(CONSUMERS[0].name)!;
    const bin = join(consumer.dir, 'node_modules', '.bin', 'pluggy-auth');
    const env = consumerEnv({ PLUGGY_BASE_URL: server.url, PLUGGY_CLIENT_ID: CLIENT_ID, PLUGGY_CLIENT_SECRET: CLIENT_SECRET });

    const version = await run(bin, ['--version'], { cwd: consumer.dir, env });
    expect({ code: version.code, stdout: version.stdout.trim() }).toEqual({ code: 0, stdout: packed.version });

    const apiKey = await run(bin, ['api-key', '--json'], { cwd: consumer.dir, env });
    expect({ code: apiKey.code, stderr: apiKey.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(apiKey.stdout)).toMatchObject({ apiKey: expect.stringMatching(/^api-key-\d+$/) });
  });
});

describe.each(CONSUMERS.map((kind) => kind.name))('a %s project', (name) => {
  it('imports the client, the errors, the generated AuthApi and the sandbox, and calls a local server end to end', async () => {
    const consumer = await consumers.get(name)!;
    const before = server.requests.length;

    const result = await run(process.execPath, [consumer.entry], {
      cwd: consumer.dir,
      env: consumerEnv({ PLUGGY_BASE_URL: server.url, PLUGGY_CLIENT_ID: CLIENT_ID, PLUGGY_CLIENT_SECRET: CLIENT_SECRET }),
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });

    const output = JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(output).toMatchObject({
      accessToken: expect.stringMatching(/^connect-token-\d+$/),
      apiKey: expect.stringMatching(/^api-key-\d+$/),
      wrongSecret: { isAuthenticationError: true, isPluggyError: true, status: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED' },
      version: packed.version,
      sandboxTokenIsJwt: true,
    });
    if ('sameAuthApi' in output) expect(output.sameAuthApi).toBe(true);
    if ('sameInstanceForRequire' in output) expect(output.sameInstanceForRequire).toBe(true);

    const seen = server.requests.slice(before);
    // client: key + connect token; wrong secret: one 401 (not retried); generated AuthApi: one key.
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /auth', 'POST /connect_token', 'POST /auth', 'POST /auth']);
    for (const request of seen.slice(0, 3)) expect(request.userAgent).toContain(`${packed.name}/${packed.version} `);
  });
});
