import { VERSION } from './version';

function runtime(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } }; process?: NodeJS.Process };
  if (g.Bun) return `bun/${g.Bun.version}`;
  if (g.Deno) return `deno/${g.Deno.version.deno}`;
  if (g.process?.versions?.node) return `node/${g.process.versions.node} (${g.process.platform}; ${g.process.arch})`;
  return 'unknown-runtime';
}

/** `@pluggy-auth/sdk/0.1.0 node/20.20.2 (linux; x64)`: tells Pluggy's support which client sent a request. */
export const USER_AGENT = `@pluggy-auth/sdk/${VERSION} ${runtime()}`;
