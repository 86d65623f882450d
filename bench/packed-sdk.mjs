// Installs this package the way a user gets it: `npm pack`, then the tarball unpacked into
// .tmp/bench-install/node_modules/@pluggy-auth/sdk. The benchmark loads the client from there, so it
// measures the published files through the exports map, and a rebuild of dist/ during a run (other
// work in the same tree) cannot pull files from under it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export function installPackedSdk(root) {
  const dir = path.join(root, '.tmp', 'bench-install');
  const target = path.join(dir, 'node_modules', '@pluggy-auth', 'sdk');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // --ignore-scripts: the benchmark built dist/ itself; packing must not rebuild it.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out);
  execFileSync('tar', ['-xzf', path.join(dir, info.filename), '-C', target, '--strip-components=1']);
  // The install is an app of its own: without this package.json, Node would resolve
  // '@pluggy-auth/sdk' from here as a self-reference to the repository's package.json and dist/.
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'pluggy-auth-bench-app', private: true }, null, 2)}\n`);
  // Imported by the contenders: resolves '@pluggy-auth/sdk' from inside the install, as an app would.
  const loader = path.join(dir, 'load-sdk.mjs');
  writeFileSync(loader, "export * from '@pluggy-auth/sdk';\n");
  return {
    /** Where an app that depends on the package would run: `require('@pluggy-auth/sdk')` resolves to the install. */
    dir,
    loaderUrl: pathToFileURL(loader).href,
    pack: { packedBytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount },
  };
}
