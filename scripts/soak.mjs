#!/usr/bin/env node
// Load and soak test of the built client (dist/) against the sandbox (issue 7, part 3).
//
//   npm run soak                      100 000 createConnectToken at 256 concurrency
//   npm run soak:ci                   the same with 10 000 calls (what CI runs)
//   node scripts/soak.mjs --calls 20000 --concurrency 128 --ttl 5 --skew 1500 --transport fetch [--json]
//
// The API key lives `--ttl` seconds and is refreshed `--skew` ms before it expires, so refreshes
// happen under load. Exits 1 when an assertion fails:
//   - every call succeeds with an accessToken;
//   - POST /auth count = 1 + the refreshes the run's length implies: at most one per refresh
//     interval (two when 403s made calls re-authenticate), at least one per interval plus the
//     slowest call's latency;
//   - memory is flat after warm-up: the heap after a full GC at the end at most 1 MiB above the
//     heap after a full GC once 10 % of the calls are done (a leak of ~120 bytes a call fails the
//     10 000-call run), and RSS at the end within 20 % of RSS once 10 % of the calls are done AND
//     3 s have passed (RSS keeps growing for a few seconds while V8 sizes its heap and JITs).
import { fork, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PluggyAuthClient } from '../dist/index.mjs';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../dist/sandbox.mjs';

// Memory figures need a full GC on demand, and a young generation at its full size from the start:
// otherwise V8 grows it under load and RSS climbs by 20 MB or more for reasons that are not a leak.
const NODE_FLAGS = ['--expose-gc', '--min-semi-space-size=16'];
if (globalThis.gc === undefined) {
  const { status } = spawnSync(process.execPath, [...NODE_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(status ?? 1);
}

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '256' },
    ttl: { type: 'string', default: '3' },
    skew: { type: 'string', default: '1500' },
    transport: { type: 'string', default: 'default' },
    json: { type: 'boolean', default: false },
  },
});
const CALLS = Number(args.calls);
const CONCURRENCY = Number(args.concurrency);
const TTL_SECONDS = Number(args.ttl);
const SKEW_MS = Number(args.skew);
const WARM_UP_FRACTION = 0.1;
const WARM_UP_MIN_MS = 3_000;
const MEMORY_TOLERANCE = 0.2;
const HEAP_ALLOWANCE_BYTES = 1024 * 1024;

const MiB = 1024 * 1024;
const { gc } = globalThis;
const memory = () => {
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};

async function startSandboxProcess() {
  const child = fork(fileURLToPath(new URL('./soak-sandbox.mjs', import.meta.url)), [String(TTL_SECONDS)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ url }] = await once(child, 'message');
  return {
    url,
    stats: async () => {
      child.send('stats');
      for (;;) {
        const [answer] = await once(child, 'message');
        if (answer.stats) return answer.stats;
      }
    },
    stop: async () => {
      child.disconnect();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** Counts the client's own events: key refreshes, re-authentications after a 403, retries. */
function countingLogger() {
  const counts = { refreshed: 0, rejected: 0, retries: 0 };
  const on = (message) => {
    if (message === 'pluggy api key refreshed') counts.refreshed++;
    else if (message === 'pluggy api key rejected, re-authenticating') counts.rejected++;
    else if (message === 'pluggy retry') counts.retries++;
  };
  return { counts, logger: { debug: on, info: on, warn: on, error: on } };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mb = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;

async function main() {
  const sandbox = await startSandboxProcess();
  const { counts, logger } = countingLogger();
  const client = new PluggyAuthClient({
    clientId: SANDBOX_CLIENT_ID,
    clientSecret: SANDBOX_CLIENT_SECRET,
    baseUrl: sandbox.url,
    apiKeyRefreshSkewMs: SKEW_MS,
    logger,
    ...(args.transport === 'fetch' ? { fetch: (url, init) => globalThis.fetch(url, init) } : {}),
  });

  gc();
  const start = memory();
  const latencies = new Float64Array(CALLS);
  const errors = new Map();
  const samples = [];
  let next = 0;
  let done = 0;
  let failures = 0;
  let heapWarm;
  let rssWarm;
  const warmAt = Math.ceil(CALLS * WARM_UP_FRACTION);

  const startedAt = performance.now();
  const sampler = setInterval(() => samples.push({ s: Math.round((performance.now() - startedAt) / 1000), done, ...memory() }), 1_000);

  async function worker() {
    while (next < CALLS) {
      const index = next++;
      const t0 = performance.now();
      try {
        const { accessToken } = await client.createConnectToken({ options: { clientUserId: `soak-${index}` } });
        if (typeof accessToken !== 'string' || accessToken === '') throw new Error('no accessToken');
      } catch (error) {
        failures++;
        const name = error?.name ?? String(error);
        errors.set(name, (errors.get(name) ?? 0) + 1);
      }
      latencies[index] = performance.now() - t0;
      done++;
      if (done >= warmAt) {
        const atMs = performance.now() - startedAt;
        if (rssWarm === undefined && atMs >= WARM_UP_MIN_MS) rssWarm = { rss: memory().rss, atMs };
        if (heapWarm === undefined) {
          gc();
          heapWarm = { heapUsed: memory().heapUsed, atMs };
        }
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const durationMs = performance.now() - startedAt;
  clearInterval(sampler);

  const endRss = memory().rss;
  gc();
  const end = { rss: endRss, heapUsed: memory().heapUsed };
  const stats = await sandbox.stats();
  await sandbox.stop();

  // A key lives exp - iat = TTL seconds on the server's clock; the client refreshes it SKEW_MS
  // before that, but never before half its life (src/api-key-lifetime.ts).
  const lifetimeMs = TTL_SECONDS * 1000;
  const refreshEveryMs = Math.max(lifetimeMs - SKEW_MS, lifetimeMs / 2);
  const sorted = Float64Array.from(latencies).sort();
  const slowestMs = sorted[sorted.length - 1];
  // A refresh starts with the first call after refreshAt and takes one /auth round trip, so the
  // interval is at least refreshEveryMs and at most that plus the slowest call. A call still in
  // flight when its key expires gets a 403 and re-authenticates: at most one extra /auth per key,
  // since only the first 403 for a key that is still the cached one drops it.
  const periods = 1 + Math.ceil(durationMs / refreshEveryMs);
  const expectedAuthCalls = {
    min: 1 + Math.floor(durationMs / (refreshEveryMs + slowestMs)),
    max: counts.rejected > 0 ? 2 * periods : periods,
  };
  const authCalls = stats['/auth']?.requests ?? 0;
  const rejected403 = stats['/connect_token']?.outcomes?.['403'] ?? 0;

  const report = {
    calls: CALLS,
    concurrency: CONCURRENCY,
    transport: args.transport,
    apiKeyTtlSeconds: TTL_SECONDS,
    apiKeyRefreshSkewMs: SKEW_MS,
    durationMs: Math.round(durationMs),
    callsPerSecond: Math.round(CALLS / (durationMs / 1000)),
    failures,
    errors: Object.fromEntries(errors),
    authCalls,
    expectedAuthCalls,
    refreshEveryMs,
    keyRefreshEvents: counts.refreshed,
    reauthAfter403: counts.rejected,
    connectToken403: rejected403,
    retries: counts.retries,
    latencyMs: { p50: +percentile(sorted, 50).toFixed(2), p99: +percentile(sorted, 99).toFixed(2), max: +sorted[sorted.length - 1].toFixed(2) },
    memory: {
      start: { rss: start.rss, heapUsed: start.heapUsed },
      warm: { rss: rssWarm?.rss, rssAtMs: rssWarm && Math.round(rssWarm.atMs), heapUsedAfterGc: heapWarm?.heapUsed, heapAtMs: heapWarm && Math.round(heapWarm.atMs) },
      end: { rss: end.rss, heapUsedAfterGc: end.heapUsed },
      peakRss: Math.max(...samples.map((sample) => sample.rss), end.rss),
    },
    samples,
  };

  const checks = [
    [`failures: ${failures} (must be 0)`, failures === 0],
    [
      `POST /auth: ${authCalls}, expected ${expectedAuthCalls.min}-${expectedAuthCalls.max} (one per ${refreshEveryMs} ms of a ${Math.round(durationMs)} ms run)`,
      authCalls >= expectedAuthCalls.min && authCalls <= expectedAuthCalls.max,
    ],
    [`warm-up reached: heap after ${heapWarm ? Math.round(heapWarm.atMs) : '-'} ms, RSS after ${rssWarm ? Math.round(rssWarm.atMs) : '-'} ms`, heapWarm !== undefined && rssWarm !== undefined],
    [
      `RSS end ${mb(end.rss)} within ${MEMORY_TOLERANCE * 100} % of RSS after warm-up ${mb(rssWarm?.rss ?? 0)}`,
      rssWarm !== undefined && end.rss <= rssWarm.rss * (1 + MEMORY_TOLERANCE),
    ],
    [
      `heap after GC: end ${mb(end.heapUsed)} at most ${mb(HEAP_ALLOWANCE_BYTES)} above warm-up ${mb(heapWarm?.heapUsed ?? 0)}`,
      heapWarm !== undefined && end.heapUsed <= heapWarm.heapUsed + HEAP_ALLOWANCE_BYTES,
    ],
  ];
  report.checks = Object.fromEntries(checks.map(([label, ok]) => [label, ok]));

  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const lines = [
      `soak: ${CALLS} createConnectToken at concurrency ${CONCURRENCY} (${args.transport} transport), key TTL ${TTL_SECONDS} s, refresh skew ${SKEW_MS} ms`,
      `  duration ${report.durationMs} ms, ${report.callsPerSecond} calls/s`,
      `  latency p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
      `  POST /auth ${authCalls} (expected ${expectedAuthCalls.min}-${expectedAuthCalls.max}), key refreshes logged ${counts.refreshed}, 403 re-auths ${counts.rejected}, retries ${counts.retries}`,
      `  RSS start ${mb(start.rss)} -> warm-up ${mb(rssWarm?.rss ?? 0)} -> end ${mb(end.rss)} (peak ${mb(report.memory.peakRss)})`,
      `  heap after GC: start ${mb(start.heapUsed)} -> warm-up ${mb(heapWarm?.heapUsed ?? 0)} -> end ${mb(end.heapUsed)}`,
      `  samples (s: done, RSS, heap): ${samples.map((sample) => `${sample.s}: ${sample.done}, ${mb(sample.rss)}, ${mb(sample.heapUsed)}`).join(' | ')}`,
      ...checks.map(([label, ok]) => `  ${ok ? 'ok  ' : 'FAIL'} ${label}`),
    ];
    if (failures > 0) lines.push(`  errors: ${JSON.stringify(report.errors)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
}

await main();
