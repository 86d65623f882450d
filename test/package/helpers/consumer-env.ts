import { join } from 'node:path';

const LOOPBACK_ONLY = join(__dirname, 'loopback-only.cjs');

/** The environment a consumer program runs in: where the API is, the credentials, and no network but loopback. */
export function consumerEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const nodeOptions = [process.env.NODE_OPTIONS, `--require=${JSON.stringify(LOOPBACK_ONLY)}`].filter(Boolean).join(' ');
  return { ...process.env, ...vars, NODE_OPTIONS: nodeOptions };
}
