// `npm run bench`: this client against raw node:http, raw fetch, itself over node-fetch, and
// pluggy-sdk, all against one local server process. Prints a markdown report and writes it into
// BENCHMARKS.md (between the markers). `--smoke` (or BENCH_SMOKE=1): a small, fast run for CI that
// writes nothing and exits non-zero unless a cold burst on this client makes exactly one POST /auth.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from './bench-server.mjs';
import { distProblem } from './built-package.mjs';
import { measureColdStart } from './cold-start.mjs';
import { createContenders } from './contenders.mjs';
import { measureFootprint } from './footprint.mjs';
import { burst, concurrentCallsPerSecond, median, sequentialMsPerCall } from './measure.mjs';
import { installPackedSdk } from './packed-sdk.mjs';
import { renderReport } from './report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const numberFromEnv = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const config = {
  rounds: numberFromEnv('BENCH_ROUNDS', smoke ? 1 : 5),
  warmupCalls: smoke ? 100 : 1_000,
  sequentialCalls: numberFromEnv('BENCH_CALLS', smoke ? 300 : 5_000),
  concurrentCalls: numberFromEnv('BENCH_CALLS', smoke ? 640 : 5_000),
  concurrency: 64,
  burstCalls: 1_000,
  spawns: smoke ? 3 : 20,
};
const log = (message) => process.stderr.write(`${message}\n`);

const problem = distProblem();
if (problem !== undefined) {
  log(`bench: ${problem} (the benchmark measures the built package users install).`);
  process.exit(2);
}

const install = installPackedSdk(root);
const contenders = createContenders(install.loaderUrl);

async function main() {
  const server = await startBenchServer();
  const results = Object.fromEntries(contenders.map((c) => [c.id, { sequential: [], throughput: [] }]));
  try {
    log(`bench: server ${server.url} (pid ${server.pid}); ${smoke ? 'smoke run' : 'full run'}`);
    const live = [];
    for (const contender of contenders) {
      const instance = await contender.create(server.url);
      await sequentialMsPerCall(instance.call, config.warmupCalls);
      await concurrentCallsPerSecond(instance.call, config.warmupCalls, config.concurrency);
      live.push({ contender, instance });
    }

    for (let round = 0; round < config.rounds; round += 1) {
      // Rotate the order each round, so no contender always runs first or right after the same one.
      const order = live.map((_, i) => live[(i + round) % live.length]);
      for (const { contender, instance } of order) {
        results[contender.id].sequential.push(await sequentialMsPerCall(instance.call, config.sequentialCalls));
      }
      for (const { contender, instance } of order) {
        results[contender.id].throughput.push(await concurrentCallsPerSecond(instance.call, config.concurrentCalls, config.concurrency));
      }
      log(`bench: round ${round + 1}/${config.rounds} done`);
    }
    for (const { instance } of live) instance.close?.();

    for (const contender of contenders.filter((c) => !c.raw)) {
      await server.reset();
      const fresh = await contender.create(server.url);
      const outcome = await burst(fresh.call, config.burstCalls);
      results[contender.id].burst = { ...outcome, auth: (await server.counts()).auth };
      fresh.close?.();
    }
  } finally {
    await server.stop();
  }

  log('bench: cold start');
  const coldStart = measureColdStart(config.spawns, install.dir);
  log('bench: footprint');
  const footprint = measureFootprint(root, install.pack);

  const perRound = (id, series, other, invert) =>
    median(results[id][series].map((value, i) => (invert ? results[other][series][i] / value : value / results[other][series][i])));
  for (const { id } of contenders) {
    const r = results[id];
    r.sequentialMs = median(r.sequential);
    r.callsPerSecond = median(r.throughput);
    r.sequentialVsFloor = perRound(id, 'sequential', 'node-http');
    r.throughputVsPluggy = perRound(id, 'throughput', 'pluggy-sdk');
  }

  const ours = results['sdk-default'];
  const fasterThanPluggy = perRound('sdk-default', 'sequential', 'pluggy-sdk', true);
  const requireOverBare = coldStart['sdk-require'] - coldStart.bare;
  const targets = [
    ...['sdk-default', 'sdk-node-fetch'].map((id) => ({
      name: `cold burst: exactly 1 \`POST /auth\` (${contenders.find((c) => c.id === id).label})`,
      measured: `${results[id].burst.auth}${results[id].burst.failed ? `, ${results[id].burst.failed} calls failed` : ''}`,
      met: results[id].burst.auth === 1 && results[id].burst.failed === 0,
    })),
    { name: 'sequential per call ≤ 2× the `node:http` floor', measured: `${ours.sequentialVsFloor.toFixed(2)}×`, met: ours.sequentialVsFloor <= 2 },
    { name: 'sequential per call ≥ 1.5× faster than pluggy-sdk', measured: `${fasterThanPluggy.toFixed(2)}× faster`, met: fasterThanPluggy >= 1.5 },
    { name: '64-concurrent throughput ≥ pluggy-sdk', measured: `${ours.throughputVsPluggy.toFixed(2)}×`, met: ours.throughputVsPluggy >= 1 },
    { name: 'cold `require` ≤ 15 ms over bare node', measured: `+${requireOverBare.toFixed(1)} ms`, met: requireOverBare <= 15 },
  ];

  const report = renderReport({ config, contenders, results, targets, coldStart, footprint, date: new Date() });
  process.stdout.write(`${report}\n`);
  if (!smoke) writeIntoBenchmarksMd(report);

  const burstFailures = targets.slice(0, 2).filter((t) => !t.met);
  if (burstFailures.length > 0) {
    log(`bench: FAILED: ${burstFailures.map((t) => `${t.name}: ${t.measured}`).join('; ')}`);
    return 1;
  }
  return 0;
}

/** Replaces the generated part of BENCHMARKS.md, keeping the hand-written notes around it. */
function writeIntoBenchmarksMd(report) {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const start = '<!-- bench:start (written by `npm run bench`) -->';
  const end = '<!-- bench:end -->';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${start}\n${end}\n`;
  const [before, rest] = current.split(start);
  if (rest === undefined || !rest.includes(end)) throw new Error('BENCHMARKS.md lost its bench:start/bench:end markers');
  writeFileSync(file, `${before}${start}\n${report}\n${end}${rest.slice(rest.indexOf(end) + end.length)}`);
  log('bench: BENCHMARKS.md updated');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(`bench: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
