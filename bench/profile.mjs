// `npm run bench:profile -- [contender] [calls]`: runs one contender's sequential loop under
// `node --cpu-prof` and prints where the time went. Contender ids are those of bench/contenders.mjs
// (node-http, fetch, sdk-default, sdk-node-fetch, pluggy-sdk); default sdk-default, 20,000 calls.
// The profile lands in .tmp/bench-profile/ (open it in Chrome DevTools for the full picture).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from './bench-server.mjs';
import { distProblem } from './built-package.mjs';
import { createContenders } from './contenders.mjs';
import { sequentialMsPerCall } from './measure.mjs';
import { installPackedSdk } from './packed-sdk.mjs';
import { summarizeProfile } from './profile-summary.mjs';

const [id = 'sdk-default', calls = '20000'] = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));
const profileDir = fileURLToPath(new URL('../.tmp/bench-profile/', import.meta.url));

if (process.env.BENCH_SDK_LOADER === undefined) {
  const problem = distProblem();
  if (problem !== undefined) {
    process.stderr.write(`bench:profile: ${problem}\n`);
    process.exit(2);
  }
  // Pack and install here, so the profiled process spends its time on calls only; then re-run
  // this script under the profiler and summarise what it wrote.
  const { loaderUrl } = installPackedSdk(root);
  rmSync(profileDir, { recursive: true, force: true });
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, fileURLToPath(import.meta.url), id, calls], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_SDK_LOADER: loaderUrl },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  console.log(summarizeProfile(profileDir));
} else {
  const contenders = createContenders(process.env.BENCH_SDK_LOADER);
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
