import { inspect } from 'node:util';
import type { Logger } from '../../src';

/** Every way a user might print or ship an error. */
export function errorSurfaces(error: unknown): Record<string, string> {
  const err = error as Error;
  return {
    'String(err)': String(err),
    'err.stack': err.stack ?? '',
    'JSON.stringify(err)': JSON.stringify(err) ?? '',
    'util.inspect(err)': inspect(err, { depth: Infinity, showHidden: true }),
  };
}

export interface CapturingLogger {
  logger: Logger;
  /** Each event rendered the ways a logging library might: JSON and inspect. */
  lines: string[];
  /** Events with this message. */
  count(message: string, operation?: string): number;
  clear(): void;
}

export function capturingLogger(): CapturingLogger {
  const events: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    events.push({ message, fields });
    lines.push(`${level} ${message} ${JSON.stringify(fields)} ${inspect(fields, { depth: Infinity })}`);
  };
  return {
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    lines,
    count: (message, operation) =>
      events.filter((event) => event.message === message && (operation === undefined || event.fields?.operation === operation)).length,
    clear: () => {
      events.length = 0;
      lines.length = 0;
    },
  };
}

/** Where `secret` shows up among `texts` (by label), for a readable failure. */
export function leaksOf(texts: Record<string, string>, secrets: string[]): string[] {
  const leaks: string[] = [];
  for (const [label, text] of Object.entries(texts)) {
    for (const secret of secrets) if (text.includes(secret)) leaks.push(`${label} contains a secret (${secret.length} chars)`);
  }
  return leaks;
}
