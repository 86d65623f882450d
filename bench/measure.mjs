// Timing primitives. Every call's result is checked, so a contender that fails fast cannot look fast.

const now = () => process.hrtime.bigint();
const msSince = (start) => Number(now() - start) / 1e6;

function check(token) {
  if (typeof token !== 'string' || token.length === 0) throw new Error(`a call resolved without an access token: ${token}`);
}

/** Milliseconds per call over `calls` calls made one after another. */
export async function sequentialMsPerCall(call, calls) {
  const start = now();
  for (let i = 0; i < calls; i += 1) check(await call());
  return msSince(start) / calls;
}

/** Calls per second with `concurrency` callers each making calls back to back until `calls` are done. */
export async function concurrentCallsPerSecond(call, calls, concurrency) {
  let remaining = calls;
  const worker = async () => {
    while (remaining > 0) {
      remaining -= 1;
      check(await call());
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return calls / (msSince(start) / 1000);
}

/** Fires `calls` calls at once; resolves how long they took and how many failed. */
export async function burst(call, calls) {
  const start = now();
  const outcomes = await Promise.allSettled(Array.from({ length: calls }, () => call().then(check)));
  return { ms: msSince(start), failed: outcomes.filter((outcome) => outcome.status === 'rejected').length };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
