// Child processes for the packaging tests: npm, node and tsc, run the way a user's machine runs
// them, but isolated from this machine's npm setup and from the `npm test` that started jest.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * An environment with its own HOME, npm cache and (empty) user .npmrc under `home`, and none of
 * the npm_* variables `npm test` exports: those would point a child npm back at this repository's
 * config. Nothing here reads or writes the real ~/.npmrc or ~/.npm.
 */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  const userconfig = join(home, '.npmrc');
  writeFileSync(userconfig, '', { flag: 'a' });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    npm_config_userconfig: userconfig,
    npm_config_cache: join(home, '.npm-cache'),
    // No call home: no update check, audit or funding lookups against the public registry.
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'warn',
    ...extra,
  };
}

/** Runs a command to completion without blocking the event loop (tests serve HTTP meanwhile). */
export function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && !stderr ? String(error.message) : stderr });
      },
    );
  });
}

/** Like {@link run}, but a non-zero exit is an error carrying the command's output. */
export async function mustRun(command: string, args: string[], options: Parameters<typeof run>[2]): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}
