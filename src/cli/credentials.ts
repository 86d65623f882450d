import type { CliIo } from './io';
import { CREDENTIALS_HINT } from './args';
import { UsageError } from './cli-errors';

export interface Credentials {
  clientId: string;
  clientSecret: string;
  baseUrl: string | undefined;
  /** Where they came from, for messages: `environment` or the file's path. */
  source: string;
}

const ENV_NAMES = { clientId: 'PLUGGY_CLIENT_ID', clientSecret: 'PLUGGY_CLIENT_SECRET', baseUrl: 'PLUGGY_BASE_URL' } as const;
type Field = keyof typeof ENV_NAMES;

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `KEY=value` lines as in a .env file: `#` comments, optional `export`, optional quotes. */
function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const value = match[2]!;
    // A quoted value may be followed by a comment; only an unquoted one loses a trailing ` # …`.
    const quoted = /^(['"])(.*?)\1\s*(?:#.*)?$/.exec(value);
    values[match[1]!] = quoted ? quoted[2]! : value.replace(/\s+#.*$/, '');
  }
  return values;
}

/** A credentials file: JSON (`{"clientId", "clientSecret", "baseUrl"}` or the env names) or dotenv lines. */
function parseCredentialsFile(text: string, path: string): Partial<Record<Field, string>> {
  let record: Record<string, unknown>;
  if (text.trimStart().startsWith('{')) {
    try {
      record = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Never quote the file: it holds the secret.
      throw new UsageError(`credentials file ${path} starts like JSON but is not valid JSON`);
    }
  } else {
    record = parseDotenv(text);
  }
  const pick = (field: Field) => nonEmpty(record[field]) ?? nonEmpty(record[ENV_NAMES[field]]);
  return { clientId: pick('clientId'), clientSecret: pick('clientSecret'), baseUrl: pick('baseUrl') };
}

/**
 * Credentials from `--credentials-file` when given, otherwise from PLUGGY_CLIENT_ID /
 * PLUGGY_CLIENT_SECRET (/ PLUGGY_BASE_URL). Returns undefined when neither holds any, so `demo`
 * can fall back to the sandbox; half a pair is a usage error.
 */
export async function findCredentials(io: CliIo, file: string | undefined): Promise<Credentials | undefined> {
  let found: Partial<Record<Field, string>>;
  let source: string;
  if (file !== undefined) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (error) {
      // The path is not echoed: a secret pasted where the path belongs would end up in the terminal.
      throw new UsageError(`cannot read the --credentials-file: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    found = parseCredentialsFile(text, file);
    source = file;
  } else {
    found = {
      clientId: nonEmpty(io.env[ENV_NAMES.clientId]),
      clientSecret: nonEmpty(io.env[ENV_NAMES.clientSecret]),
      baseUrl: nonEmpty(io.env[ENV_NAMES.baseUrl]),
    };
    source = 'environment';
  }
  if (found.clientId === undefined && found.clientSecret === undefined) {
    if (file !== undefined) throw new UsageError(`credentials file ${file} has no clientId / clientSecret`);
    return undefined;
  }
  if (found.clientId === undefined || found.clientSecret === undefined) {
    const missing = found.clientId === undefined ? 'client id' : 'client secret';
    const where = file !== undefined ? `credentials file ${file}` : 'the environment';
    throw new UsageError(`${where} has a ${found.clientId === undefined ? 'client secret' : 'client id'} but no ${missing}`);
  }
  return { clientId: found.clientId, clientSecret: found.clientSecret, baseUrl: found.baseUrl, source };
}

/** Like {@link findCredentials}, for commands that cannot run without them. */
export async function requireCredentials(io: CliIo, file: string | undefined): Promise<Credentials> {
  const credentials = await findCredentials(io, file);
  if (credentials === undefined) throw new UsageError(`no credentials: ${CREDENTIALS_HINT}`);
  return credentials;
}
