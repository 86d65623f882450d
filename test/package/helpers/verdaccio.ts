// A private npm registry on 127.0.0.1 for the publish tests: Verdaccio 6.8.0 with its storage and
// htpasswd file in a temp dir, no uplinks (nothing is fetched from the public registry), started
// as a child process whose PID the tests record and stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './pack';

const VERDACCIO_BIN = join(ROOT, 'node_modules', 'verdaccio', 'bin', 'verdaccio');

export interface Verdaccio {
  /** e.g. http://127.0.0.1:41234/ (trailing slash, as .npmrc writes registries). */
  url: string;
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1 (the OS picks it), so parallel runs don't collide on 4873. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function configYaml(dir: string, port: number): string {
  return [
    `storage: ${JSON.stringify(join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
    '    max_users: 10',
    // No uplinks: the registry serves only what is published to it.
    'uplinks: {}',
    'packages:',
    "  '**':",
    '    access: $authenticated',
    '    publish: $authenticated',
    'web:',
    '  enable: false',
    `listen: 127.0.0.1:${port}`,
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startVerdaccio(dir: string, home: string): Promise<Verdaccio> {
  const port = await freePort();
  const configFile = join(dir, 'config.yaml');
  const logFile = join(dir, 'verdaccio.log');
  writeFileSync(configFile, configYaml(dir, port));
  const logFd = openSync(logFile, 'w');
  // Started as node <bin> (not through npx or a shell), so the PID is the server's own.
  const child = spawn(process.execPath, [VERDACCIO_BIN, '--config', configFile], {
    cwd: dir,
    env: { ...process.env, HOME: home },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const url = `http://127.0.0.1:${port}/`;
  const log = () => readFileSync(logFile, 'utf8');

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(timer);
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode} before serving:\n${log()}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`verdaccio did not answer on ${url} within 30 s:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return { url, pid: child.pid!, log, stop };
}

/** Creates a registry user without prompts (what `npm adduser` does) and returns its token. */
export async function createUser(registry: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${registry}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(`creating user ${name} failed: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** True while a process with this PID exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
