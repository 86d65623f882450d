import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  options: OptionSpec;
  /** Resolves with the exit code; throws UsageError (2) or a PluggyError (1). */
  run(values: OptionValues, io: CliIo): Promise<number>;
}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** Options of the commands that call the API. */
export const API_OPTIONS = {
  ...COMMON_OPTIONS,
  'credentials-file': { type: 'string' },
  'base-url': { type: 'string' },
  verbose: { type: 'boolean' },
} as const satisfies OptionSpec;

export const API_OPTIONS_HELP = `  --credentials-file PATH  read credentials from PATH instead of the environment: JSON
                           {"clientId": "...", "clientSecret": "...", "baseUrl": "..."} or
                           .env lines PLUGGY_CLIENT_ID=... PLUGGY_CLIENT_SECRET=... PLUGGY_BASE_URL=...
  --base-url URL           API origin (default: PLUGGY_BASE_URL, else https://api.pluggy.ai)
  --verbose                log each request, retry and key refresh to stderr (credentials masked)
  --json                   print a JSON object instead of text
  -h, --help               show this help

Credentials come from PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET, or --credentials-file; never from
flags, which other users can read with ps.`;

export const EXIT_CODES_HELP = `Exit codes: 0 success, 1 API or network error, 2 usage error.`;
