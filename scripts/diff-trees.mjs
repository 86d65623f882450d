// Compares two directory trees file by file, for the generated/ drift check.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split('\\').join('/'));
}

/** @returns {{file: string, kind: 'changed' | 'missing' | 'extra'}[]} sorted by file */
export function diffTrees(expectedDir, actualDir) {
  const expected = new Set(listFiles(expectedDir));
  const actual = new Set(listFiles(actualDir));
  const differences = [];
  for (const file of expected) {
    if (!actual.has(file)) differences.push({ file, kind: 'missing' });
    else if (!readFileSync(join(expectedDir, file)).equals(readFileSync(join(actualDir, file)))) {
      differences.push({ file, kind: 'changed' });
    }
  }
  for (const file of actual) if (!expected.has(file)) differences.push({ file, kind: 'extra' });
  return differences.sort((a, b) => a.file.localeCompare(b.file));
}
