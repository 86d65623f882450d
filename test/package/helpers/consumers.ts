// Throwaway consumer projects, each with the packed tarball installed the way a user installs it.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './pack';
import { isolatedEnv, mustRun } from './run';

const SOURCES = join(__dirname, '..', 'consumers');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

export interface ConsumerKind {
  name: string;
  type: 'commonjs' | 'module';
  /** Plain JavaScript source in consumers/, or a tsconfig for consumers/main.ts.txt. */
  source?: string;
  tsconfig?: Record<string, unknown>;
}

const strictTs = {
  strict: true,
  target: 'ES2022',
  lib: ['ES2022'],
  // Users' projects check the package's declarations too: no skipLibCheck.
  skipLibCheck: false,
  // The throwaway projects install nothing but the package: Node's types come from this repo.
  typeRoots: [join(ROOT, 'node_modules', '@types')],
  types: ['node'],
  rootDir: 'src',
  outDir: 'out',
};

export const CONSUMERS: ConsumerKind[] = [
  { name: 'CommonJS', type: 'commonjs', source: 'main.cjs' },
  { name: 'ES module', type: 'module', source: 'main.mjs' },
  { name: 'TypeScript node16 (CommonJS)', type: 'commonjs', tsconfig: { ...strictTs, module: 'node16', moduleResolution: 'node16' } },
  { name: 'TypeScript node16 (ESM)', type: 'module', tsconfig: { ...strictTs, module: 'node16', moduleResolution: 'node16' } },
  { name: 'TypeScript bundler', type: 'module', tsconfig: { ...strictTs, module: 'esnext', moduleResolution: 'bundler' } },
];

export interface Consumer {
  dir: string;
  /** The file to run with node. */
  entry: string;
}

/** Creates the project in `dir`, installs the tarball (offline: it has no dependencies), and compiles TypeScript. */
export async function createConsumer(kind: ConsumerKind, dir: string, installArgs: string[], home: string): Promise<Consumer> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: kind.type }, null, 2));
  const env = isolatedEnv(home);
  await mustRun('npm', ['install', '--no-audit', '--no-fund', ...installArgs], { cwd: dir, env });

  if (kind.source) {
    copyFileSync(join(SOURCES, kind.source), join(dir, kind.source));
    return { dir, entry: join(dir, kind.source) };
  }
  mkdirSync(join(dir, 'src'));
  copyFileSync(join(SOURCES, 'main.ts.txt'), join(dir, 'src', 'main.ts'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: kind.tsconfig, include: ['src'] }, null, 2));
  await mustRun(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir, env });
  return { dir, entry: join(dir, 'out', 'main.js') };
}
