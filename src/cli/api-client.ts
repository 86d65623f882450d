import { readJwtTimes } from '../api-key-lifetime';
import { PluggyAuthClient } from '../client';
import type { Logger } from '../logger';
import type { OptionValues } from './command';
import type { Credentials } from './credentials';
import type { CliIo } from './io';

/** Client events as `pluggy-auth: <event> {fields}` lines on stderr; the client masks credentials itself. */
function stderrLogger(io: CliIo): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    io.stderr(`pluggy-auth ${level}: ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}\n`);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function clientFor(credentials: Credentials, values: OptionValues, io: CliIo): PluggyAuthClient {
  const baseUrl = typeof values['base-url'] === 'string' ? values['base-url'] : credentials.baseUrl;
  return new PluggyAuthClient({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    ...(baseUrl !== undefined && { baseUrl }),
    ...(values.verbose === true && { logger: stderrLogger(io), logLevel: 'debug' as const }),
  });
}

/** A token's `exp` as an ISO date, when it is a JWT that has one. */
export function expiryOf(token: string): string | undefined {
  const exp = readJwtTimes(token)?.exp;
  return exp === undefined ? undefined : new Date(exp * 1000).toISOString();
}
