// An ES module app using the installed package: the client, its errors, the generated AuthApi and
// the sandbox, each through its public specifier. Prints one JSON line for the test to check.
import { createRequire } from 'node:module';
import { PluggyAuthClient, PluggyError, PluggyAuthenticationError, AuthApi as RootAuthApi, VERSION } from '@pluggy-auth/sdk';
import { AuthApi, Configuration } from '@pluggy-auth/sdk/generated';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '@pluggy-auth/sdk/sandbox';

const { PLUGGY_BASE_URL: baseUrl, PLUGGY_CLIENT_ID: clientId, PLUGGY_CLIENT_SECRET: clientSecret } = process.env;

const client = new PluggyAuthClient({ clientId, clientSecret, baseUrl, maxRetries: 0 });
const { accessToken } = await client.createConnectToken();

let wrongSecret;
try {
  await new PluggyAuthClient({ clientId, clientSecret: 'wrong', baseUrl, maxRetries: 0 }).getApiKey();
} catch (error) {
  wrongSecret = {
    isAuthenticationError: error instanceof PluggyAuthenticationError,
    isPluggyError: error instanceof PluggyError,
    status: error.status,
    codeDescription: error.codeDescription,
  };
}

const { apiKey } = await new AuthApi(new Configuration({ basePath: baseUrl })).authCreate({ authRequest: { clientId, clientSecret } });

const sandbox = await startSandbox();
let sandboxToken;
try {
  const sandboxClient = new PluggyAuthClient({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, baseUrl: sandbox.url });
  sandboxToken = (await sandboxClient.createConnectToken()).accessToken;
} finally {
  await sandbox.stop();
}

// An app (or two of its dependencies) may load the package both ways: it must be one instance.
const required = createRequire(import.meta.url)('@pluggy-auth/sdk');

console.log(
  JSON.stringify({
    moduleSystem: 'esm',
    accessToken,
    wrongSecret,
    apiKey,
    sameAuthApi: RootAuthApi === AuthApi,
    version: VERSION,
    sandboxTokenIsJwt: typeof sandboxToken === 'string' && sandboxToken.split('.').length === 3,
    sameInstanceForRequire: required.PluggyAuthClient === PluggyAuthClient && required.PluggyError === PluggyError,
  }),
);
