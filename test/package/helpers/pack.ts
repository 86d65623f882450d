// `npm pack` of this repository, as `npm publish` would upload it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isolatedEnv, mustRun } from './run';

export const ROOT = resolve(__dirname, '../../..');

export interface PackedPackage {
  tarball: string;
  name: string;
  version: string;
  /** Bytes of the .tgz. */
  size: number;
  files: string[];
}

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.ts$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/**
 * The tests pack what `npm run build` left in dist/ (`npm test` builds first). Packing a missing or
 * stale build would test yesterday's code, so say so instead.
 */
export function assertBuildIsFresh(): void {
  const built = join(ROOT, 'dist', 'index.js');
  if (!existsSync(built)) throw new Error('dist/ is not built: run `npm run build` (`npm test` runs it first)');
  const builtAt = statSync(built).mtimeMs;
  for (const dir of ['src', 'generated']) {
    const newest = newestSource(join(ROOT, dir));
    if (newest.mtimeMs > builtAt) {
      throw new Error(`dist/ is older than ${relative(ROOT, newest.file)}: run \`npm run build\` (\`npm test\` runs it first)`);
    }
  }
}

export async function packPackage(destination: string, home: string): Promise<PackedPackage> {
  assertBuildIsFresh();
  // --ignore-scripts: pack exactly the tested build; the build itself is `npm run build`'s job.
  const { stdout } = await mustRun('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: ROOT,
    env: isolatedEnv(home),
  });
  const [pack] = JSON.parse(stdout) as Array<{ name: string; version: string; filename: string; size: number; files: Array<{ path: string }> }>;
  return {
    tarball: join(destination, pack.filename),
    name: pack.name,
    version: pack.version,
    size: pack.size,
    files: pack.files.map((file) => file.path).sort(),
  };
}
