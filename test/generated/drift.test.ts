// generated/ must be exactly what openapi.yaml produces: editing either alone fails here,
// naming the file. Runs the same check as `npm run generate:check` (needs Java, like CI).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pluggy-auth-drift-'));
  for (const entry of ['openapi.yaml', 'generator-config.json', 'templates', 'scripts', 'generated', 'package.json']) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function runCheck(dir: string) {
  return spawnSync(process.execPath, [join(dir, 'scripts', 'generate.mjs'), '--check'], { encoding: 'utf8' });
}

describe('generated/ drift check', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyProject();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the committed tree', () => {
    const result = runCheck(dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails naming the file when a spec description changes without regenerating', () => {
    const spec = join(dir, 'openapi.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('description: Client secret', 'description: Client secret!'));

    const result = runCheck(dir);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('changed  generated/models/AuthRequest.ts');
  });

  it('fails on a hand edit and on a stray file in generated/', () => {
    const runtime = join(dir, 'generated', 'runtime.ts');
    writeFileSync(runtime, `${readFileSync(runtime, 'utf8')}\n// hand edit\n`);
    writeFileSync(join(dir, 'generated', 'models', 'Stray.ts'), 'export {};\n');

    const result = runCheck(dir);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('changed  generated/runtime.ts');
    expect(result.stderr).toContain('extra    generated/models/Stray.ts');
  });
});
