// Summarises the newest .cpuprofile in a directory: self time by area (Node's HTTP client, streams,
// this package's code, GC...) and the heaviest functions, as shares of the busy (non-idle) time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function area({ functionName, url }) {
  if (functionName.startsWith('(')) return functionName; // (idle), (program), (garbage collector)
  // The packed install sits in a node_modules folder too: name it before other packages.
  if (url.includes('/node_modules/@pluggy-auth/sdk/')) return 'this package (dist/)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `node_modules: ${pkg[1]}`;
  if (url.includes('/dist/')) return 'this package (dist/)';
  if (url.startsWith('node:internal/deps/undici')) return 'Node: undici (global fetch)';
  if (url.includes('_http_') || /^node:https?$/.test(url)) return 'Node: http client';
  if (url.startsWith('node:internal/streams') || url === 'node:stream') return 'Node: streams';
  if (url.startsWith('node:')) return `Node: ${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  if (url.includes('/bench/')) return 'benchmark harness';
  // Self time in a native frame: mostly the socket write system call (writev) on this workload.
  return url === '' ? 'native (syscalls, V8 builtins)' : url;
}

/** Returns the summary as markdown. */
export function summarizeProfile(dir, top = 25) {
  const newest = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (newest === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(newest, 'utf8'));

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + profile.timeDeltas[i] / 1000));

  const areas = new Map();
  const functions = new Map();
  for (const [id, ms] of selfMs) {
    const { callFrame } = byId.get(id);
    const name = area(callFrame);
    areas.set(name, (areas.get(name) ?? 0) + ms);
    if (name === '(idle)') continue;
    const where = callFrame.url === '' ? '' : ` ${callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${callFrame.lineNumber + 1}`;
    const key = `${callFrame.functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
  }
  const idle = areas.get('(idle)') ?? 0;
  areas.delete('(idle)');
  const busy = [...areas.values()].reduce((a, b) => a + b, 0);
  const pct = (ms) => `${((100 * ms) / busy).toFixed(1)} %`;
  const rows = (map, limit) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => `| \`${name}\` | ${pct(ms)} |`);

  return [
    `${path.basename(newest)}: ${((busy + idle) / 1000).toFixed(2)} s sampled, ${(busy / 1000).toFixed(2)} s busy (the rest idle, waiting on the server).`,
    '',
    '| area (self time) | share of busy time |',
    '| --- | --- |',
    ...rows(areas, 12),
    '',
    '| heaviest functions (self time) | share of busy time |',
    '| --- | --- |',
    ...rows(functions, top),
  ].join('\n');
}
