import { VERSION } from '../version';
import { parseCommandArgs } from './args';
import { UsageError } from './cli-errors';
import type { Command } from './command';
import { apiKeyCommand } from './commands/api-key';
import { connectTokenCommand } from './commands/connect-token';
import { demoCommand } from './commands/demo';
import { sandboxCommand } from './commands/sandbox';
import type { CliIo } from './io';
import { reportFailure } from './output';

const COMMANDS: readonly Command[] = [apiKeyCommand, connectTokenCommand, sandboxCommand, demoCommand];

export const MAIN_HELP = `Usage: pluggy-auth <command> [options]

Pluggy Auth API from the command line: API keys, connect tokens, and a local sandbox.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(15)}${command.summary}`).join('\n')}

Run \`pluggy-auth <command> --help\` for a command's options. \`pluggy-auth --version\` prints the version.
Credentials come from PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET (optionally PLUGGY_BASE_URL), or
--credentials-file PATH; never from flags. Exit codes: 0 success, 1 API or network error, 2 usage error.
`;

function commandNamed(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  // Echo the name only when it looks like one: a stray argument might be a pasted secret.
  const shown = /^[a-z][a-z-]{0,30}$/.test(name) ? ` "${name}"` : '';
  throw new UsageError(`unknown command${shown}; expected one of ${COMMANDS.map((candidate) => candidate.name).join(', ')}`);
}

/** Runs one invocation and resolves with its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const json = argv.includes('--json');
  let command: Command | undefined;
  try {
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(rest[0] === undefined ? MAIN_HELP : commandNamed(rest[0]).help);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (first === undefined || first.startsWith('-')) throw new UsageError('a command is required');
    command = commandNamed(first);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help);
      return 0;
    }
    return await command.run(parseCommandArgs(command.name, rest, command.options), io);
  } catch (error) {
    if (error instanceof UsageError && command === undefined && !json) {
      io.stderr(`pluggy-auth: ${error.message}\n\n${MAIN_HELP}`);
      return 2;
    }
    return reportFailure(io, error, { command: command?.name, json });
  }
}
