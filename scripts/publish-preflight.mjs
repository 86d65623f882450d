// Runs before `npm publish` (prepublishOnly) and stops it with an actionable message when the
// registry for this package's scope is not configured or has no credentials. npm's own message
// for a missing token ("You need to authorize this machine using `npm adduser`") does not say
// which .npmrc line is missing, and `npm adduser` is the wrong advice for a CI token.
//
// The registry and token are read the way `npm publish` reads them: `npm config` in the current
// directory (project .npmrc, then the user's, then the global one, then npm_config_* variables).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PUBLIC_REGISTRY = 'https://registry.npmjs.org/';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const scope = pkg.name.startsWith('@') ? pkg.name.split('/')[0] : undefined;

async function npm(...args) {
  return run('npm', args, { encoding: 'utf8', timeout: 30_000 });
}

async function configGet(key) {
  const { stdout } = await npm('config', 'get', key);
  const value = stdout.trim();
  return value === '' || value === 'undefined' || value === 'null' ? undefined : value;
}

/** npm keys credentials by the registry URL without its protocol ("nerf dart"): //host[:port]/path/ */
function credentialKeyPrefix(registry) {
  const url = new URL(registry);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `//${url.host}${path}`;
}

/**
 * The credential keys configured for exactly this registry URL, read from `npm config list` (it
 * masks the values). Exactly: npm publish looks credentials up by the registry's full URL, so a
 * token set for a parent path (`//host/:_authToken` for `https://host/repo/`) is not used.
 */
async function configuredCredentialKeys(prefix) {
  const { stdout } = await npm('config', 'list');
  const keys = [];
  for (const line of stdout.split('\n')) {
    // Lines starting with ";" are comments, including values overridden by another config file.
    const match = /^"?(\/\/\S+?):(_authToken|_auth|username)"?\s*=/.exec(line);
    if (match && match[1] === prefix) keys.push(`${match[1]}:${match[2]}`);
  }
  return keys;
}

function fail(lines) {
  console.error(['', 'publish-preflight: cannot publish ' + `${pkg.name}@${pkg.version}`, ...lines, ''].join('\n'));
  process.exit(1);
}

const scopeRegistry = scope ? await configGet(`${scope}:registry`) : undefined;
const registry = scopeRegistry ?? (await configGet('registry')) ?? PUBLIC_REGISTRY;

if (!scopeRegistry && registry === PUBLIC_REGISTRY) {
  fail([
    `No registry is configured for the ${scope} scope, so npm would publish to the public ${PUBLIC_REGISTRY}.`,
    `Add this line to the .npmrc next to package.json (or to your user .npmrc):`,
    ``,
    `  ${scope}:registry=https://YOUR-REGISTRY.example.com/`,
  ]);
}

if (!new URL(registry).pathname.endsWith('/')) {
  // npm drops the last path segment of a registry URL without a trailing slash when it looks up
  // the token, so no token line would be found; the fix is in the scope line.
  fail([
    `The registry URL ${registry} has a path but no trailing slash, so npm would look its token up`,
    `under the parent path. End the scope line in your .npmrc with a slash:`,
    ``,
    `  ${scope}:registry=${registry}/`,
  ]);
}

const prefix = credentialKeyPrefix(registry);
const tokenLine = `${prefix}:_authToken=\${NPM_TOKEN}`;
const keys = await configuredCredentialKeys(prefix);

if (keys.length === 0) {
  fail([
    `No auth token is configured for ${registry}.`,
    `Add this line to the .npmrc next to package.json (keep the token itself in the NPM_TOKEN`,
    `environment variable; never commit it):`,
    ``,
    `  ${tokenLine}`,
  ]);
}

// The token is there; ask the registry whether it accepts it, so a revoked or mistyped token fails
// here with its key named rather than after the build. Registries without /-/whoami are let through.
try {
  const { stdout } = await npm('whoami', '--registry', registry, '--fetch-retries', '0');
  console.log(`publish-preflight: publishing ${pkg.name}@${pkg.version} to ${registry} as ${stdout.trim()}`);
} catch (error) {
  const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  if (/ENEEDAUTH|E401|E403/.test(output)) {
    fail([
      `${registry} rejected the credentials in ${keys.join(', ')}: the token is invalid, expired or revoked.`,
      ...(process.env.NPM_TOKEN
        ? []
        : ['NPM_TOKEN is not set in this environment: if the line reads ${NPM_TOKEN}, npm sent no token at all.']),
      `Create a new token on the registry and set it in NPM_TOKEN (the .npmrc line should read):`,
      ``,
      `  ${tokenLine}`,
    ]);
  }
  console.warn(`publish-preflight: could not verify the token with \`npm whoami\` (${output.trim().split('\n')[0] || error.message}); publishing anyway`);
}
