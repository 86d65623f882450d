/** Where the client's structured events go. `console` fits; so do pino, winston and bunyan loggers. */
export interface Logger {
  /** Every request and response: operation, URL, attempt, masked headers, status, duration. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** API-key refreshes and re-authentications. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Retries, with the delay before the next attempt and the reason. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Reserved for failures the client cannot report by throwing; currently unused. */
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The lowest level passed to the logger; `off` passes nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

type Emit = (message: string, fields?: Record<string, unknown>) => void;

/** The client's view of the logger: one method per level, a no-op below the threshold. */
export interface LevelLogger {
  debug: Emit;
  info: Emit;
  warn: Emit;
  error: Emit;
}

const noop: Emit = () => undefined;

export function levelLogger(logger: Logger | undefined, level: LogLevel): LevelLogger {
  const pick = (name: Exclude<LogLevel, 'off'>): Emit => {
    if (!logger || RANK[name] < RANK[level]) return noop;
    return (message, fields) => {
      // A broken logger must not turn a successful call into a failure, nor an async one into
      // an unhandled rejection.
      try {
        const result: unknown = logger[name](message, fields);
        if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
          (result as PromiseLike<unknown>).then(undefined, () => undefined);
        }
      } catch {
        // see above
      }
    };
  };
  return { debug: pick('debug'), info: pick('info'), warn: pick('warn'), error: pick('error') };
}

const MASKED_HEADERS = new Set(['x-api-key', 'authorization', 'cookie', 'set-cookie', 'proxy-authorization']);

/** Headers safe to log: credentials become `***`. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = MASKED_HEADERS.has(name.toLowerCase()) ? '***' : value;
  return out;
}
