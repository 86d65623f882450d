import { PluggyApiError, PluggyConfigurationError, PluggyError, PluggyRateLimitError } from '../errors';
import type { CliIo } from './io';
import { CliFailure, UsageError } from './cli-errors';

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** The fields of an error worth showing; PluggyErrors are already free of secrets. */
export function errorSummary(error: unknown): Record<string, unknown> {
  const summary: Record<string, unknown> = {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  };
  if (error instanceof PluggyApiError) {
    Object.assign(summary, { status: error.status, codeDescription: error.codeDescription, requestId: error.requestId });
  }
  if (error instanceof PluggyRateLimitError) summary.retryAfterMs = error.retryAfterMs;
  return summary;
}

/** `PluggyNotFoundError: <message> (request id …)`, one line. */
export function describeError(error: unknown): string {
  const { name, message, requestId } = errorSummary(error);
  return `${String(name)}: ${String(message)}${requestId ? ` (request id ${String(requestId)})` : ''}`;
}

/** Prints a failure the way the invocation asked for, and returns its exit code. */
export function reportFailure(io: CliIo, error: unknown, context: { command: string | undefined; json: boolean }): number {
  const usage = error instanceof UsageError || error instanceof PluggyConfigurationError;
  const exitCode = usage ? 2 : 1;
  if (context.json) {
    io.stderr(`${JSON.stringify({ error: { ...errorSummary(error), exitCode } })}\n`);
    return exitCode;
  }
  const hint = usage ? `\nRun \`pluggy-auth ${context.command ?? ''}${context.command ? ' ' : ''}--help\` for usage.` : '';
  let text: string;
  if (error instanceof UsageError || error instanceof CliFailure) text = error.message;
  else if (error instanceof PluggyError) text = describeError(error);
  else text = `unexpected failure: ${describeError(error)}`;
  io.stderr(`pluggy-auth: ${text}${hint}\n`);
  return exitCode;
}
