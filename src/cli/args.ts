import { parseArgs } from 'node:util';
import type { OptionSpec, OptionValues } from './command';
import { UsageError } from './cli-errors';


/** Flags people reach for by habit; each would put a credential where `ps` and shell history can read it. */
const CREDENTIAL_FLAGS = new Set(['--client-id', '--client-secret', '--secret', '--api-key', '--password', '--token']);

export const CREDENTIALS_HINT =
  'set PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET in the environment, or pass --credentials-file PATH';

function optionName(arg: string): string {
  return arg.split('=', 1)[0]!;
}

/**
 * `parseArgs`, strict, with messages of our own: Node's would quote a stray argument back, and a
 * stray argument may be a secret pasted in the wrong place.
 */
export function parseCommandArgs(command: string, args: readonly string[], options: OptionSpec): OptionValues {
  for (const arg of args) {
    if (CREDENTIAL_FLAGS.has(optionName(arg))) {
      throw new UsageError(
        `${optionName(arg)} is not accepted: credentials never come from the command line (other users can read it with ps); ${CREDENTIALS_HINT}`,
      );
    }
  }
  try {
    // No option is declared `multiple`, so no value is an array.
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values as OptionValues;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    const known = new Set(Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]));
    const offending = args.find((arg) => arg.startsWith('-') && !known.has(optionName(arg)));
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(offending === undefined ? `unknown option for ${command}` : `unknown option ${shownOption(offending)} for ${command}`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`${command} takes no positional arguments`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError((error as Error).message);
    throw error;
  }
}

/**
 * How an unknown option is named in an error. A short option carries its value glued on
 * (`-sVALUE`) and a stray argument may be a pasted secret, so only a plain long name or the first
 * two characters are echoed.
 */
function shownOption(arg: string): string {
  const name = optionName(arg);
  if (/^--[a-z][a-z0-9-]*$/.test(name)) return name;
  return `${arg.slice(0, 2)}…`;
}
