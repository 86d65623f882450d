// Footprint: what installing each package costs. Offline: this package's tarball is the one the
// benchmark packed; pluggy-sdk's comes from `npm pack --dry-run` of its installed folder (which holds
// exactly its published files); runtime dependency trees are walked in package-lock.json the way
// Node resolves them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function pack(root, spec) {
  // --ignore-scripts: packing must not trigger a package's prepare/prepack (pluggy-sdk's calls pnpm).
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', spec], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out);
  return { packedBytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount };
}

/** Where Node finds dependency `name` of the package installed at `from` ('' is the project root). */
function resolveInLock(packages, from, name) {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (candidate in packages) return candidate;
    if (dir === '') return undefined;
  }
}

/** Every package a production install of the package at `from` brings along, by lockfile path. */
function runtimeDependencies(packages, from, ownDependencies) {
  const found = new Set();
  const visit = (at, dependencies) => {
    for (const name of Object.keys(dependencies ?? {})) {
      const location = resolveInLock(packages, at, name);
      if (location === undefined) throw new Error(`${name} (needed by ${at || 'the root'}) is not in package-lock.json`);
      if (found.has(location)) continue;
      found.add(location);
      const entry = packages[location];
      visit(location, { ...entry.dependencies, ...entry.optionalDependencies });
    }
  };
  visit(from, ownDependencies);
  return [...found];
}

function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue; // nested packages are counted as packages of their own
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

/** `sdkPack`: { packedBytes, unpackedBytes, files } of this package's tarball. */
export function measureFootprint(root, sdkPack) {
  const { packages } = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const ownManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const describe = (packInfo, from, dependencies) => {
    const deps = runtimeDependencies(packages, from, dependencies);
    const depsBytes = deps.reduce((sum, location) => sum + folderBytes(path.join(root, location)), 0);
    return { ...packInfo, dependencies: deps.length, installedBytes: packInfo.unpackedBytes + depsBytes };
  };
  const pluggyLocation = 'node_modules/pluggy-sdk';
  return {
    sdk: describe(sdkPack, '', ownManifest.dependencies),
    pluggy: describe(pack(root, `./${pluggyLocation}`), pluggyLocation, packages[pluggyLocation].dependencies),
  };
}
