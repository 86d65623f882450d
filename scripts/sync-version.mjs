// The `npm version` lifecycle step (package.json "version" script). npm has just written the new
// version into package.json; this copies it into src/version.ts (the User-Agent's version) and
// turns CHANGELOG.md's "Unreleased" section into the release's section, so the commit and tag npm
// makes next carry all three. Usage: node scripts/sync-version.mjs [--root DIR] [--date YYYY-MM-DD]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { root: { type: 'string' }, date: { type: 'string' } } });
const root = values.root ?? fileURLToPath(new URL('..', import.meta.url));
const date = values.date ?? new Date().toISOString().slice(0, 10);

function fail(message) {
  console.error(`sync-version: ${message}`);
  process.exit(1);
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const versionFile = join(root, 'src', 'version.ts');
const VERSION_LINE = /^export const VERSION = '[^']*';$/m;
const source = readFileSync(versionFile, 'utf8');
if (!VERSION_LINE.test(source)) fail(`no line \`export const VERSION = '…';\` in ${versionFile}`);
writeFileSync(versionFile, source.replace(VERSION_LINE, `export const VERSION = '${version}';`));

const changelogFile = join(root, 'CHANGELOG.md');
const changelog = readFileSync(changelogFile, 'utf8');
const UNRELEASED = /^## \[Unreleased\][ \t]*$/m;
if (changelog.includes(`## [${version}]`)) {
  console.log(`sync-version: CHANGELOG.md already has a ${version} section`);
} else {
  const match = UNRELEASED.exec(changelog);
  if (!match) fail('CHANGELOG.md has no "## [Unreleased]" heading to release');
  const rest = changelog.slice(match.index + match[0].length);
  const nextSection = rest.search(/^## \[/m);
  const notes = (nextSection === -1 ? rest : rest.slice(0, nextSection)).trim();
  if (notes === '') fail(`CHANGELOG.md's Unreleased section is empty: say what changed in ${version} first`);
  // A fresh, empty Unreleased section stays on top for the next change.
  writeFileSync(changelogFile, changelog.replace(UNRELEASED, `## [Unreleased]\n\n## [${version}] - ${date}`));
}

console.log(`sync-version: src/version.ts and CHANGELOG.md now say ${version}`);
