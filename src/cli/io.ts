import { readFile } from 'node:fs/promises';

/** Everything the CLI touches outside itself, so commands stay plain functions. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string>;
  /** Resolves with the signal's name when the user asks to stop (Ctrl-C, SIGTERM). */
  untilInterrupted(): Promise<string>;
}

export function processIo(): CliIo {
  // A closed stdout (`pluggy-auth sandbox | head -1`) is a request to stop, not a crash.
  let stdoutClosed = false;
  const onStdoutClosed = new Set<() => void>();
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
    for (const stop of onStdoutClosed) stop();
  });
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readFile: (path) => readFile(path, 'utf8'),
    untilInterrupted: () =>
      new Promise((resolve) => {
        const stop = (signal: string) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          onStdoutClosed.delete(closed);
          resolve(signal);
        };
        const closed = () => stop('EPIPE');
        if (stdoutClosed) return stop('EPIPE');
        onStdoutClosed.add(closed);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
