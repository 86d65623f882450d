import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox, type SandboxRequestLog } from '../../sandbox';
import { COMMON_OPTIONS, EXIT_CODES_HELP, type Command } from '../command';
import { CliFailure, UsageError } from '../cli-errors';

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError('--port must be a number from 0 to 65535');
  return Number(value);
}

function time(): string {
  return new Date().toISOString().slice(11, 23);
}

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'run a local Pluggy Auth API sandbox until Ctrl-C',
  options: { ...COMMON_OPTIONS, port: { type: 'string' } },
  help: `Usage: pluggy-auth sandbox [--port N] [--json]

Runs a local stand-in for Pluggy's Auth API on 127.0.0.1 until Ctrl-C: POST /auth and
POST /connect_token with Pluggy's error shapes and real signed JWTs, so a backend (and the Pluggy
Connect widget behind it) can be developed without credentials. It prints its URL and the demo
credentials it accepts, then one line per request.

Options:
  --port N     port to listen on (default: a free one)
  --json       print JSON lines: {"event":"listening",...}, {"event":"request",...}, {"event":"stopped"}
  -h, --help   show this help

The demo credentials only work against this sandbox. ${EXIT_CODES_HELP}
`,
  async run(values, io) {
    const port = parsePort(values.port as string | undefined);
    const json = values.json === true;
    const onRequest = (entry: SandboxRequestLog) =>
      io.stdout(
        json
          ? `${JSON.stringify({ event: 'request', ...entry, durationMs: Math.round(entry.durationMs) })}\n`
          : `${time()} ${entry.method} ${entry.path} -> ${entry.outcome} (${Math.round(entry.durationMs)} ms, request id ${entry.requestId})\n`,
      );
    const sandbox = await startSandbox({ port, onRequest }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new CliFailure(`port ${port} is already in use: pick another with --port, or leave it out for a free one`);
      throw error;
    });
    const info = { url: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, itemId: SANDBOX_ITEM_ID };
    if (json) {
      io.stdout(`${JSON.stringify({ event: 'listening', ...info })}\n`);
    } else {
      io.stdout(
        `Pluggy sandbox listening on ${sandbox.url}\n\n` +
          `  PLUGGY_BASE_URL=${sandbox.url}\n` +
          `  PLUGGY_CLIENT_ID=${SANDBOX_CLIENT_ID}\n` +
          `  PLUGGY_CLIENT_SECRET=${SANDBOX_CLIENT_SECRET}   (sandbox only, not valid on Pluggy)\n` +
          `  item for update mode: ${SANDBOX_ITEM_ID}\n\n` +
          `Try: curl -s -X POST ${sandbox.url}/auth -H 'content-type: application/json' \\\n` +
          `       -d '{"clientId":"${SANDBOX_CLIENT_ID}","clientSecret":"${SANDBOX_CLIENT_SECRET}"}'\n\n` +
          `Press Ctrl-C to stop.\n`,
      );
    }
    const signal = await io.untilInterrupted();
    await sandbox.stop();
    io.stdout(json ? `${JSON.stringify({ event: 'stopped', signal })}\n` : `\nStopped (${signal}).\n`);
    return 0;
  },
};
