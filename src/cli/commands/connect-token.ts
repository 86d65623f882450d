import type { ConnectTokenRequest } from '../../../generated/models';
import { clientFor, expiryOf } from '../api-client';
import { API_OPTIONS, API_OPTIONS_HELP, EXIT_CODES_HELP, type Command, type OptionValues } from '../command';
import { requireCredentials } from '../credentials';
import { printJson } from '../output';
import { UsageError } from '../cli-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OPTIONS = {
  ...API_OPTIONS,
  'item-id': { type: 'string' },
  'client-user-id': { type: 'string' },
  'webhook-url': { type: 'string' },
  'oauth-redirect-uri': { type: 'string' },
  'avoid-duplicates': { type: 'boolean' },
} as const;

/** The request body the flags describe; undefined when there is nothing to send. */
export function connectTokenRequest(values: OptionValues): ConnectTokenRequest | undefined {
  const itemId = values['item-id'] as string | undefined;
  if (itemId !== undefined && !UUID.test(itemId)) throw new UsageError('--item-id must be a UUID (the id of an existing item)');
  const options = {
    ...(values['client-user-id'] !== undefined && { clientUserId: values['client-user-id'] as string }),
    ...(values['webhook-url'] !== undefined && { webhookUrl: values['webhook-url'] as string }),
    ...(values['oauth-redirect-uri'] !== undefined && { oauthRedirectUri: values['oauth-redirect-uri'] as string }),
    ...(values['avoid-duplicates'] === true && { avoidDuplicates: true }),
  };
  const hasOptions = Object.keys(options).length > 0;
  if (itemId === undefined && !hasOptions) return undefined;
  return { ...(itemId !== undefined && { itemId }), ...(hasOptions && { options }) };
}

export const connectTokenCommand: Command = {
  name: 'connect-token',
  summary: 'create a connect token for the Pluggy Connect widget and print it',
  options: OPTIONS,
  help: `Usage: pluggy-auth connect-token [options]

Creates a connect token (POST /connect_token, valid 30 minutes) and prints it on stdout. Hand it to
the Pluggy Connect widget in the browser; the API key behind it never leaves this machine.

Token options:
  --item-id UUID              open the widget in update mode for this existing item
  --client-user-id ID         your id for the user (an id, a UUID, an email)
  --webhook-url URL           notify this URL about this item's changes
  --oauth-redirect-uri URL    where to send the user after an OAuth connector
  --avoid-duplicates          do not create an item that already exists with the same credentials

Options:
${API_OPTIONS_HELP}

--json prints {"accessToken": "...", "expiresAt": "<ISO date>", "request": {...}}.
${EXIT_CODES_HELP}
`,
  async run(values, io) {
    const request = connectTokenRequest(values);
    const credentials = await requireCredentials(io, values['credentials-file'] as string | undefined);
    const { accessToken } = await clientFor(credentials, values, io).createConnectToken(request);
    if (values.json === true) printJson(io, { accessToken, expiresAt: expiryOf(accessToken), request: request ?? {} });
    else io.stdout(`${accessToken}\n`);
    return 0;
  },
};
