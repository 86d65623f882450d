// The version users see in the User-Agent is package.json's, and `npm version` keeps it so.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { USER_AGENT } from '../../src/user-agent';
import { VERSION } from '../../src/version';

const ROOT = resolve(__dirname, '../..');
const SYNC_SCRIPT = join(ROOT, 'scripts/sync-version.mjs');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

describe('version', () => {
  it("src/version.ts's VERSION is package.json's version", () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('the User-Agent names the package and that version', () => {
    expect(USER_AGENT.startsWith(`${pkg.name}/${pkg.version} `)).toBe(true);
  });

  it('the CHANGELOG has an Unreleased section on top, as sync-version expects', () => {
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(changelog.indexOf('## [Unreleased]')).toBeGreaterThan(-1);
    expect(changelog.indexOf('## [Unreleased]')).toBe(changelog.indexOf('## ['));
  });
});

describe('scripts/sync-version.mjs (the `npm version` step)', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sync-version-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: pkg.name, version: '1.3.0' }));
    writeFileSync(join(root, 'src/version.ts'), readFileSync(join(ROOT, 'src/version.ts'), 'utf8'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function sync(): string {
    return execFileSync(process.execPath, [SYNC_SCRIPT, '--root', root, '--date', '2030-01-02'], { encoding: 'utf8', stdio: 'pipe' });
  }
  function syncFailure(): string {
    try {
      sync();
    } catch (error) {
      return String((error as { stderr: string }).stderr);
    }
    throw new Error('sync-version succeeded but was expected to fail');
  }

  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '### Added',
    '',
    '- A thing.',
    '',
    '## [1.2.0] - 2029-12-01',
    '',
    '- Older thing.',
    '',
  ].join('\n');

  it('writes the new version into src/version.ts and releases the Unreleased notes under it', () => {
    writeFileSync(join(root, 'CHANGELOG.md'), changelog);
    sync();

    expect(readFileSync(join(root, 'src/version.ts'), 'utf8')).toContain("export const VERSION = '1.3.0';");
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toBe(
      changelog.replace('## [Unreleased]\n', '## [Unreleased]\n\n## [1.3.0] - 2030-01-02\n'),
    );
  });

  it('is idempotent (npm version --allow-same-version runs it again)', () => {
    writeFileSync(join(root, 'CHANGELOG.md'), changelog);
    sync();
    const once = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    sync();
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toBe(once);
  });

  it('refuses to release an empty Unreleased section', () => {
    writeFileSync(join(root, 'CHANGELOG.md'), '# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2029-12-01\n\n- Older.\n');
    expect(syncFailure()).toMatch(/Unreleased section is empty: say what changed in 1\.3\.0/);
  });

  it('fails, naming the file, when src/version.ts has no VERSION line to update', () => {
    writeFileSync(join(root, 'CHANGELOG.md'), changelog);
    writeFileSync(join(root, 'src/version.ts'), 'export const OTHER = 1;\n');
    expect(syncFailure()).toMatch(/no line `export const VERSION = '…';` in .*src[\\/]version\.ts/);
  });
});
