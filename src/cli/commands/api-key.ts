import { clientFor, expiryOf } from '../api-client';
import { API_OPTIONS, API_OPTIONS_HELP, EXIT_CODES_HELP, type Command } from '../command';
import { requireCredentials } from '../credentials';
import { printJson } from '../output';

export const apiKeyCommand: Command = {
  name: 'api-key',
  summary: 'create an API key (POST /auth) and print it',
  options: API_OPTIONS,
  help: `Usage: pluggy-auth api-key [options]

Exchanges your client id and secret for an API key (POST /auth) and prints it on stdout, so it
can be captured: KEY=$(pluggy-auth api-key). The key is valid for 2 hours; keep it out of logs.

Options:
${API_OPTIONS_HELP}

--json prints {"apiKey": "...", "expiresAt": "<ISO date>"}.
${EXIT_CODES_HELP}
`,
  async run(values, io) {
    const credentials = await requireCredentials(io, values['credentials-file'] as string | undefined);
    const apiKey = await clientFor(credentials, values, io).getApiKey();
    if (values.json === true) printJson(io, { apiKey, expiresAt: expiryOf(apiKey) });
    else io.stdout(`${apiKey}\n`);
    return 0;
  },
};
