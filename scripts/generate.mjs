#!/usr/bin/env node
// Regenerates generated/ from openapi.yaml, offline, with the generator jar that ships inside
// the pinned @openapitools/openapi-generator-cli package (the 2.x wrapper downloads jars at
// run time, which fails without access to Maven Central).
//
//   node scripts/generate.mjs           replace generated/ with what the spec produces
//   node scripts/generate.mjs --check   exit 1, listing each differing file, if generated/ drifted
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { diffTrees } from './diff-trees.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'generated');
const check = process.argv.includes('--check');

function fail(message) {
  console.error(`generate: ${message}`);
  process.exit(1);
}

function findJar() {
  const require = createRequire(import.meta.url);
  let pkgJson;
  try {
    pkgJson = require.resolve('@openapitools/openapi-generator-cli/package.json', { paths: [root] });
  } catch {
    fail('@openapitools/openapi-generator-cli is not installed: run `npm ci` first.');
  }
  const jar = join(dirname(pkgJson), 'bin', 'openapi-generator.jar');
  if (!existsSync(jar)) fail(`the generator jar is missing at ${jar}; reinstall with \`npm ci\`.`);
  return jar;
}

function assertJava() {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    fail(
      'Java (11 or newer) is required to run OpenAPI Generator, and `java` was not found on PATH.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17\n' +
        '  Windows:       winget install Microsoft.OpenJDK.17',
    );
  }
}

// The generator reports spec problems through a Java exception; keep its sentences, drop the
// stack frames and INFO chatter so the reason is what the user reads.
function generatorReason(output) {
  return output
    .split('\n')
    .filter((line) => !/^\s+at [\w.$]+\(/.test(line) && !/^\s*\.\.\. \d+ more/.test(line))
    .filter((line) => !/^\[main\] (INFO|WARN)/.test(line))
    .map((line) => line.replace(/^Exception in thread "main" [\w.$]+: /, ''))
    .filter((line) => line.trim() !== '')
    .join('\n');
}

function generateInto(dir) {
  const result = spawnSync(
    'java',
    [
      '-jar', findJar(), 'generate',
      '--input-spec', join(root, 'openapi.yaml'),
      '--generator-name', 'typescript-fetch',
      '--config', join(root, 'generator-config.json'),
      '--template-dir', join(root, 'templates'),
      '--output', dir,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    fail(`OpenAPI Generator rejected openapi.yaml:\n${generatorReason(`${result.stdout}\n${result.stderr}`)}`);
  }
}

assertJava();
const scratch = mkdtempSync(join(tmpdir(), 'pluggy-auth-generate-'));
try {
  const fresh = join(scratch, 'generated');
  generateInto(fresh);
  if (check) {
    const differences = diffTrees(fresh, outDir);
    if (differences.length > 0) {
      console.error('generate:check: generated/ is not what openapi.yaml produces:');
      for (const { file, kind } of differences) console.error(`  ${kind.padEnd(8)} generated/${file}`);
      console.error('Run `npm run generate` and commit the result (never edit generated/ by hand).');
      process.exit(1);
    }
    console.log('generate:check: generated/ matches openapi.yaml');
  } else {
    // Replace the whole tree so files the spec no longer produces disappear.
    rmSync(outDir, { recursive: true, force: true });
    cpSync(fresh, outDir, { recursive: true });
    console.log('generate: wrote generated/ from openapi.yaml');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
