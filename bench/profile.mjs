// `npm run bench:profile -- [contender] [calls]`: runs one contender's sequential loop under
// `node --cpu-prof` and prints where the time went. Contender ids are those of bench/contenders.mjs
// (node-http, fetch, sdk-default, sdk-node-fetch, pluggy-sdk); default sdk-default, 20,000 calls.
// The profile lands in .tmp/bench-profile/ (open it in Chrome DevTools for the full picture).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from './bench-server.mjs';
import { distProblem } from './built-package.mjs';
import { contenders } from './contenders.mjs';
import { sequentialMsPerCall } from './measure.mjs';
import { summarizeProfile } from './profile-summary.mjs';

const [id = 'sdk-default', calls = '20000'] = process.argv.slice(2);
const profileDir = fileURLToPath(new URL('../.tmp/bench-profile/', import.meta.url));

const problem = distProblem();
if (problem !== undefined) {
  process.stderr.write(`bench:profile: ${problem}\n`);
  process.exit(2);
}

if (!process.execArgv.some((arg) => arg.startsWith('--cpu-prof'))) {
  // Re-run this script under the profiler, then summarise what it wrote.
  rmSync(profileDir, { recursive: true, force: true });
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, fileURLToPath(import.meta.url), id, calls], {
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  console.log(summarizeProfile(profileDir));
} else {
  const contender = contenders.find((c) => c.id === id);
  if (contender === undefined) {
    process.stderr.write(`unknown contender "${id}"; one of: ${contenders.map((c) => c.id).join(', ')}\n`);
    process.exit(2);
  }
  const server = await startBenchServer();
  try {
    const instance = await contender.create(server.url);
    await sequentialMsPerCall(instance.call, 1_000);
    const ms = await sequentialMsPerCall(instance.call, Number(calls));
    console.log(`${contender.label}: ${ms.toFixed(3)} ms/call over ${calls} sequential calls (profiled)\n`);
    instance.close?.();
  } finally {
    await server.stop();
  }
  // A normal exit, so --cpu-prof writes its profile.
  process.exit(0);
}
