// Turns one run's figures into the markdown that `npm run bench` prints and BENCHMARKS.md keeps.
import os from 'node:os';
import { coldStartCases } from './cold-start.mjs';

const fixed = (value, digits) => (value === undefined ? 'n/a' : value.toFixed(digits));
const ratio = (value) => (value === undefined ? 'n/a' : `${value.toFixed(2)}×`);
const signed = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

export function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}`;
}

export function renderReport({ config, contenders, results, targets, coldStart, footprint, date }) {
  const sections = [];
  sections.push(
    `Run of ${date.toISOString()} on ${machine()}.`,
    `${config.rounds} interleaved round(s); per round and contender: ${config.sequentialCalls.toLocaleString('en')} sequential calls, ` +
      `${config.concurrentCalls.toLocaleString('en')} calls ${config.concurrency} at a time; ${config.warmupCalls} warm-up calls first. ` +
      `Figures are medians over rounds; ratios are medians of the per-round ratios. Server: bench/server.mjs, a separate process on 127.0.0.1.`,
  );

  sections.push(
    '### Per call and throughput',
    table(
      ['contender', 'sequential ms/call', '× `node:http` floor', `${config.concurrency}-concurrent calls/s`, '× pluggy-sdk throughput', 'cold burst: `POST /auth` for ' + config.burstCalls.toLocaleString('en') + ' calls', 'burst ms'],
      contenders.map(({ id, label }) => {
        const r = results[id];
        return [
          label,
          fixed(r.sequentialMs, 3),
          ratio(r.sequentialVsFloor),
          fixed(r.callsPerSecond, 0),
          ratio(r.throughputVsPluggy),
          r.burst === undefined ? 'n/a (no key handling)' : `**${r.burst.auth}**${r.burst.failed ? ` (${r.burst.failed} failed)` : ''}`,
          r.burst === undefined ? 'n/a' : fixed(r.burst.ms, 0),
        ];
      }),
    ),
  );

  if (coldStart !== undefined) {
    sections.push(
      `### Cold start (median of ${config.spawns} spawns)`,
      table(
        ['case', 'ms', 'over bare node', 'over loading an empty file the same way'],
        coldStartCases.map((c) => {
          const empty = c.args[0] === '--input-type=module' ? coldStart['empty-import'] : coldStart['empty-require'];
          const overEmpty = c.id === 'bare' || c.id.startsWith('empty') ? '' : `${signed(coldStart[c.id] - empty)} ms`;
          return [c.label, fixed(coldStart[c.id], 1), c.id === 'bare' ? '' : `${signed(coldStart[c.id] - coldStart.bare)} ms`, overEmpty];
        }),
      ),
    );
  }

  if (footprint !== undefined) {
    sections.push(
      '### Footprint',
      table(
        ['package', 'packed', 'unpacked', 'files', 'runtime dependencies installed', 'installed size with dependencies'],
        [
          ['`@pluggy-auth/sdk` (this)', footprint.sdk],
          ['`pluggy-sdk` 0.90.0', footprint.pluggy],
        ].map(([name, f]) => [name, kib(f.packedBytes), kib(f.unpackedBytes), String(f.files), String(f.dependencies), kib(f.installedBytes)]),
      ),
    );
  }

  sections.push(
    '### Targets (issue 6)',
    table(
      ['target', 'measured', 'met'],
      targets.map((t) => [t.name, t.measured, t.met === undefined ? 'not measured' : t.met ? 'yes' : '**NO**']),
    ),
  );
  return sections.join('\n\n');
}
