import { inspect } from 'node:util';
import type { Logger } from '../../src';
import { asciiJson } from './arbitraries';

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

/** The forms a secret takes on the way back: as sent (JSON-escaped, with or without non-ASCII escaped), and whitespace-collapsed as an excerpt shows it. */
export function secretForms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const asciiEscaped = asciiJson(secret).slice(1, -1);
  const collapsed = secret.replace(/\s+/g, ' ').trim();
  // A variant shorter than 8 characters (a secret made mostly of whitespace) would match innocent text.
  return [...new Set([secret, ...[escaped, asciiEscaped, collapsed].filter((form) => form.length >= 8)])];
}

/**
 * Stricter than {@link leaksOf}: no run of `window` consecutive characters of any form of a secret
 * may show, so a secret cut short by an excerpt, re-escaped, or whitespace-collapsed still counts.
 */
export function fragmentLeaks(texts: Record<string, string>, secrets: string[], window = 16): string[] {
  const leaks: string[] = [];
  for (const [label, text] of Object.entries(texts)) {
    const seen = new Set<string>();
    for (let i = 0; i + window <= text.length; i++) seen.add(text.slice(i, i + window));
    for (const [index, secret] of secrets.entries()) {
      for (const form of secretForms(secret)) {
        let found = form.length < window ? text.includes(form) : false;
        for (let i = 0; !found && i + window <= form.length; i++) found = seen.has(form.slice(i, i + window));
        if (found) leaks.push(`${label} shows part of secret #${index} (${form === secret ? 'as is' : 'escaped or collapsed'})`);
      }
    }
  }
  return leaks;
}
