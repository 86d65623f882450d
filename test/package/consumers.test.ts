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

const BUDGET_BYTES = 25_000;

let work: string;
let packed: PackedPackage;
let server: FakePluggy;
const consumers = new Map<string, Consumer>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pluggy-consumers-'));
  const home = join(work, 'home');
  packed = await packPackage(work, home);
  server = await startFakePluggy();
  // --offline: the tarball has no dependencies, so installing it needs no registry at all.
  const created = await Promise.all(
    CONSUMERS.map((kind, index) => createConsumer(kind, join(work, `consumer-${index}`), ['--offline', packed.tarball], home)),
  );
  CONSUMERS.forEach((kind, index) => consumers.set(kind.name, created[index]));
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

describe.each(CONSUMERS.map((kind) => kind.name))('a %s project', (name) => {
  it('imports the client, the errors, the generated AuthApi and the sandbox, and calls a local server end to end', async () => {
    const consumer = consumers.get(name)!;
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
