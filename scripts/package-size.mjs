// Prints what `npm publish` would upload (packed size, unpacked size, file count, largest files)
// and fails when the tarball exceeds the budget, so a heavy change shows up in CI, not in users'
// installs. Usage: node scripts/package-size.mjs [--budget-bytes N]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';

// The one place the budget lives is package.json's config.packedSizeBudgetBytes (the packaging
// test reads it too). It is a regression guard, not the 25 kB the first release aimed for: the
// README, the sandbox and the CLI ship in the tarball and are more than half of it.
const DEFAULT_BUDGET_BYTES = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).config.packedSizeBudgetBytes;

const { values } = parseArgs({ options: { 'budget-bytes': { type: 'string' } } });
const budget = values['budget-bytes'] === undefined ? DEFAULT_BUDGET_BYTES : Number(values['budget-bytes']);
if (!Number.isInteger(budget) || budget <= 0) {
  console.error(`--budget-bytes must be a positive integer, got ${values['budget-bytes']}`);
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
// --ignore-scripts: measure what is built now; building is `npm run build`'s job.
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
);

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const largest = [...pack.files].sort((a, b) => b.size - a.size).slice(0, 5);

console.log(`${pack.id}`);
console.log(`packed:   ${kB(pack.size)} (${pack.size} bytes; budget ${kB(budget)})`);
console.log(`unpacked: ${kB(pack.unpackedSize)}`);
console.log(`files:    ${pack.entryCount}`);
console.log(`largest:  ${largest.map((f) => `${f.path} ${kB(f.size)}`).join(', ')}`);

if (pack.size > budget) {
  console.error(`\npacked size ${pack.size} bytes is over the ${budget}-byte budget`);
  process.exit(1);
}
