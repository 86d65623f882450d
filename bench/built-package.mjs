// The benchmark measures the package users install, so it needs a dist/ built from the current source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Why dist/ cannot be benchmarked, or undefined when it can. */
export function distProblem() {
  const entries = ['index.js', 'index.mjs'].map((name) => path.join(root, 'dist', name));
  if (!entries.every(existsSync)) return 'dist/ is not built: run `npm run build` first';
  const built = Math.min(...entries.map((file) => statSync(file).mtimeMs));
  const source = Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'generated')));
  if (source > built) return 'dist/ is older than src/ or generated/: run `npm run build` first';
  return undefined;
}
