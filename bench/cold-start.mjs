// Cold start: how long a fresh `node` takes to exit after loading a package, against `node -e 0`.
// Spawns are interleaved (one of each case per round) so drift in machine load hits every case alike.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './measure.mjs';

const emptyCjs = JSON.stringify(fileURLToPath(new URL('./fixtures/empty.cjs', import.meta.url)));
const emptyMjs = JSON.stringify(new URL('./fixtures/empty.mjs', import.meta.url).href);

export const coldStartCases = [
  { id: 'bare', label: 'bare `node -e 0`', args: ['-e', '0'] },
  // What loading anything costs: the module loader's own start-up, paid by every package alike.
  { id: 'empty-require', label: '`require` of an empty file', args: ['-e', `require(${emptyCjs})`] },
  { id: 'empty-import', label: '`import` of an empty file', args: ['--input-type=module', '-e', `import ${emptyMjs}`] },
  { id: 'sdk-require', label: "this package, `require('@pluggy-auth/sdk')`", args: ['-e', "require('@pluggy-auth/sdk')"] },
  { id: 'sdk-import', label: "this package, `import '@pluggy-auth/sdk'`", args: ['--input-type=module', '-e', "import '@pluggy-auth/sdk'"] },
  { id: 'pluggy-require', label: "pluggy-sdk, `require('pluggy-sdk')`", args: ['-e', "require('pluggy-sdk')"] },
  { id: 'pluggy-import', label: "pluggy-sdk, `import 'pluggy-sdk'`", args: ['--input-type=module', '-e', "import 'pluggy-sdk'"] },
];

/** Median wall time in ms of `spawns` runs of each case, run from `cwd` (the packed install, so the names resolve as in an app). */
export function measureColdStart(spawns, cwd) {
  const times = Object.fromEntries(coldStartCases.map((c) => [c.id, []]));
  for (let round = 0; round < spawns; round += 1) {
    for (const c of coldStartCases) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, c.args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`cold start "${c.label}" failed: ${result.stderr}`);
      times[c.id].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([id, list]) => [id, median(list)]));
}
