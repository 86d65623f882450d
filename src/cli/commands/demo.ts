import { randomUUID } from 'node:crypto';
import { PluggyApiError, PluggyAuthenticationError, PluggyNotFoundError } from '../../errors';
import type { PluggyAuthClient } from '../../client';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox, type Sandbox } from '../../sandbox';
import { clientFor, expiryOf } from '../api-client';
import { UsageError } from '../cli-errors';
import { API_OPTIONS, API_OPTIONS_HELP, EXIT_CODES_HELP, type Command, type OptionValues } from '../command';
import { findCredentials, type Credentials } from '../credentials';
import type { CliIo } from '../io';
import { mask } from '../mask';
import { errorSummary, printJson } from '../output';

/** What a step printed, and what `--json` reports for it. */
interface StepOutcome {
  status: 'ok' | 'failed' | 'skipped';
  /** One human line. */
  summary: string;
  details?: Record<string, unknown>;
}

interface DemoContext {
  client: PluggyAuthClient;
  credentials: Credentials;
  values: OptionValues;
  io: CliIo;
  sandbox: Sandbox | undefined;
  /** The item to open in update mode, if one is known to exist. */
  itemId: string | undefined;
}

interface Step {
  name: string;
  run(context: DemoContext): Promise<StepOutcome>;
}

const DEMO_OPTIONS = { clientUserId: 'demo-user-42', webhookUrl: 'https://example.com/pluggy/webhook', avoidDuplicates: true };

/** `eyJhbG…x9Qk (valid 2 h)`: the masked token and how long it lives. */
function issued(token: string): string {
  const expiresAt = expiryOf(token);
  if (expiresAt === undefined) return mask(token);
  const minutes = Math.round((Date.parse(expiresAt) - Date.now()) / 60_000);
  return `${mask(token)} (valid ${minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`})`;
}

function shortId(id: string): string {
  return `${id.slice(0, 8)}…`;
}

function failed(error: unknown, prefix = ''): StepOutcome {
  const details = errorSummary(error);
  return { status: 'failed', summary: `${prefix}${String(details.name)}: ${String(details.message)}`, details };
}

/** A step that should work: any error fails it. */
async function expectSuccess(call: () => Promise<StepOutcome>): Promise<StepOutcome> {
  try {
    return await call();
  } catch (error) {
    return failed(error);
  }
}

/** A step that shows an error: `ok` when the API answers with one (ideally `Expected`), failed otherwise. */
async function expectApiError(request: string, call: () => Promise<unknown>, Expected: typeof PluggyApiError): Promise<StepOutcome> {
  try {
    await call();
    return { status: 'failed', summary: `${request} -> succeeded, but a ${Expected.name} was expected` };
  } catch (error) {
    if (!(error instanceof PluggyApiError)) return failed(error, `${request} -> `);
    const label = `${error.name} ${error.status}${error.codeDescription ? ` ${error.codeDescription}` : ''}`;
    return { status: 'ok', summary: `${request} -> ${label}${error instanceof Expected ? ', as expected' : ''}`, details: errorSummary(error) };
  }
}

const STEPS: Step[] = [
  {
    name: 'API key',
    run: ({ client }) =>
      expectSuccess(async () => {
        const apiKey = await client.getApiKey();
        return { status: 'ok', summary: `POST /auth -> ${issued(apiKey)}`, details: { apiKey: mask(apiKey), expiresAt: expiryOf(apiKey) } };
      }),
  },
  {
    name: 'Connect token',
    run: ({ client, sandbox }) =>
      expectSuccess(async () => {
        const { accessToken } = await client.createConnectToken({ options: DEMO_OPTIONS });
        // Only claimed where it is observed: the sandbox counts the /auth calls.
        const reused = sandbox?.stats.requests('/auth') === 1 ? ', same API key' : '';
        return {
          status: 'ok',
          summary: `with ${Object.keys(DEMO_OPTIONS).join(', ')} -> ${issued(accessToken)}${reused}`,
          details: { request: { options: DEMO_OPTIONS }, accessToken: mask(accessToken), expiresAt: expiryOf(accessToken) },
        };
      }),
  },
  {
    name: 'Update mode',
    run: async ({ client, itemId }) => {
      if (itemId === undefined) return { status: 'skipped', summary: 'set PLUGGY_ITEM_ID to one of your items to try update mode' };
      return expectSuccess(async () => {
        const { accessToken } = await client.createConnectToken({ itemId });
        return {
          status: 'ok',
          summary: `itemId ${shortId(itemId)} -> ${issued(accessToken)}, reopens that item`,
          details: { request: { itemId }, accessToken: mask(accessToken) },
        };
      });
    },
  },
  {
    name: 'Unknown item',
    run: ({ client }) => {
      const itemId = randomUUID();
      return expectApiError(`itemId ${shortId(itemId)}`, () => client.createConnectToken({ itemId }), PluggyNotFoundError);
    },
  },
  {
    name: 'Wrong secret',
    run: ({ credentials, values, io }) => {
      const wrong = clientFor({ ...credentials, clientSecret: 'not-the-right-secret' }, values, io);
      return expectApiError('POST /auth', () => wrong.getApiKey(), PluggyAuthenticationError);
    },
  },
];

function trafficLine(sandbox: Sandbox): string {
  return Object.entries(sandbox.stats.snapshot())
    .map(([path, stats]) => {
      const outcomes = Object.entries(stats.outcomes).map(([outcome, count]) => `${outcome}: ${count}`).join(', ');
      return `${path} ${stats.requests}x (${outcomes})`;
    })
    .join('; ');
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'walk through API key, connect tokens, update mode and errors (what `npm start` runs)',
  options: API_OPTIONS,
  help: `Usage: pluggy-auth demo [options]

Runs the whole story with this SDK's client and prints a short transcript: an API key, a connect
token with options (reusing the cached key), update mode with an itemId, what an unknown item gives,
and what a wrong secret gives.

Without credentials it starts a local sandbox on a free 127.0.0.1 port and runs against it. With
PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET (or --credentials-file) it runs against that API
(PLUGGY_BASE_URL, default https://api.pluggy.ai); set PLUGGY_ITEM_ID to try update mode there.
Keys and tokens are shown masked.

Options:
${API_OPTIONS_HELP}

${EXIT_CODES_HELP} (1 here: a step that should have worked did not.)
`,
  async run(values, io) {
    const found = await findCredentials(io, values['credentials-file'] as string | undefined);
    if (found === undefined && typeof values['base-url'] === 'string') {
      // Without credentials the demo plays against its own sandbox: the sandbox's demo
      // credentials must not be sent to another server.
      throw new UsageError('--base-url needs credentials (PLUGGY_CLIENT_ID / PLUGGY_CLIENT_SECRET or --credentials-file); without them the demo runs its own sandbox');
    }
    const json = values.json === true;
    const sandbox = found === undefined ? await startSandbox() : undefined;
    try {
      const credentials: Credentials = found ?? { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, baseUrl: sandbox!.url, source: 'sandbox' };
      const client = clientFor(credentials, values, io);
      const baseUrl = client.toJSON().baseUrl!;
      const context: DemoContext = { client, credentials, values, io, sandbox, itemId: sandbox ? SANDBOX_ITEM_ID : io.env.PLUGGY_ITEM_ID || undefined };

      if (!json) {
        io.stdout(
          sandbox
            ? `Pluggy Auth demo against a local sandbox at ${baseUrl}\n(no PLUGGY_CLIENT_ID / PLUGGY_CLIENT_SECRET set, so a sandbox plays Pluggy)\n\n`
            : `Pluggy Auth demo against ${baseUrl} (credentials from ${credentials.source}, client ${credentials.clientId})\n\n`,
        );
      }
      const results: Array<StepOutcome & { step: string }> = [];
      for (const [index, step] of STEPS.entries()) {
        // Without an API key nothing after it can work: say so rather than fail four more times.
        const blocked = results[0]?.status === 'failed';
        const outcome: StepOutcome = blocked ? { status: 'skipped', summary: 'needs an API key' } : await step.run(context);
        results.push({ step: step.name, ...outcome });
        if (!json) io.stdout(`${`[${outcome.status}]`.padEnd(10)}${`${index + 1}. ${step.name}`.padEnd(18)}${outcome.summary}\n`);
      }

      const ok = results.every((result) => result.status !== 'failed');
      if (json) {
        printJson(io, {
          mode: sandbox ? 'sandbox' : 'api',
          baseUrl,
          ok,
          steps: results,
          ...(sandbox && { traffic: sandbox.stats.snapshot() }),
        });
      } else {
        if (sandbox) io.stdout(`\nThe sandbox saw: ${trafficLine(sandbox)}\n`);
        io.stdout(
          ok
            ? `\nNext: \`npx pluggy-auth sandbox\` keeps one running for your app; set PLUGGY_CLIENT_ID and\nPLUGGY_CLIENT_SECRET to run this demo against Pluggy.\n`
            : `\nThe demo did not complete: see the failed step above.\n`,
        );
      }
      return ok ? 0 : 1;
    } finally {
      await sandbox?.stop();
    }
  },
};
