// A CommonJS app using the installed package: the client, its errors, the generated AuthApi and
// the sandbox, each through its public specifier. Prints one JSON line for the test to check.
const { PluggyAuthClient, PluggyError, PluggyAuthenticationError, AuthApi: RootAuthApi, VERSION } = require('@pluggy-auth/sdk');
const { AuthApi, Configuration } = require('@pluggy-auth/sdk/generated');
const { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } = require('@pluggy-auth/sdk/sandbox');

const { PLUGGY_BASE_URL: baseUrl, PLUGGY_CLIENT_ID: clientId, PLUGGY_CLIENT_SECRET: clientSecret } = process.env;

async function main() {
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

  console.log(
    JSON.stringify({
      moduleSystem: 'cjs',
      accessToken,
      wrongSecret,
      apiKey,
      sameAuthApi: RootAuthApi === AuthApi,
      version: VERSION,
      sandboxTokenIsJwt: typeof sandboxToken === 'string' && sandboxToken.split('.').length === 3,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
