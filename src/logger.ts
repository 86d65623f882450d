/** Where the client's structured events go. `console` fits; so do pino, winston and bunyan loggers. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

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
      try {
        logger[name](message, fields);
      } catch {
        // A broken logger must not turn a successful call into a failure.
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
