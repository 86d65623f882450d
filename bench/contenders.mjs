// The five ways of getting a connect token that the benchmark compares. Each `create(url)` returns
// `{ call }`, where `call()` resolves to the access token; the two raw contenders are the floor (no
// API-key handling, no retries, no typed errors), the three SDKs do the whole job.
import http from 'node:http';

const CLIENT_ID = 'bench-client-id';
const CLIENT_SECRET = 'bench-client-secret';
/** The same request body for everyone: what `createConnectToken({ options: { clientUserId } })` sends. */
const CONNECT_TOKEN_REQUEST = { options: { clientUserId: 'bench-user' } };
const BODY = JSON.stringify(CONNECT_TOKEN_REQUEST);
// The raw contenders send a key from a single /auth done up front, as a hand-rolled client would.
const rawHeaders = (apiKey) => ({ accept: 'application/json', 'content-type': 'application/json', 'x-api-key': apiKey });

async function fetchApiKey(url) {
  const response = await fetch(`${url}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
  });
  return (await response.json()).apiKey;
}

/**
 * The contenders. `sdkLoaderUrl` is a module that re-exports '@pluggy-auth/sdk' as installed from
 * the packed tarball (bench/packed-sdk.mjs): the client is measured the way users get it.
 */
export function createContenders(sdkLoaderUrl) {
  const loadSdk = () => import(sdkLoaderUrl);
  return [
    {
      id: 'node-http',
      label: 'raw `node:http` + keep-alive Agent (floor)',
      raw: true,
      async create(url) {
        const headers = rawHeaders(await fetchApiKey(url));
        const agent = new http.Agent({ keepAlive: true });
        const { hostname, port } = new URL(url);
        const options = { method: 'POST', hostname, port, path: '/connect_token', agent, headers };
        const call = () =>
          new Promise((resolve, reject) => {
            const req = http.request(options, (res) => {
              const chunks = [];
              res.on('data', (chunk) => chunks.push(chunk));
              res.on('end', () => {
                try {
                  resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).accessToken);
                } catch (error) {
                  reject(error);
                }
              });
              res.on('error', reject);
            });
            req.on('error', reject);
            req.end(BODY);
          });
        return { call, close: () => agent.destroy() };
      },
    },
    {
      id: 'fetch',
      label: 'raw global `fetch`',
      raw: true,
      async create(url) {
        const headers = rawHeaders(await fetchApiKey(url));
        const call = async () => {
          const response = await fetch(`${url}/connect_token`, { method: 'POST', headers, body: BODY });
          return (await response.json()).accessToken;
        };
        return { call };
      },
    },
    {
      id: 'sdk-default',
      label: 'this client, default transport',
      async create(url) {
        const { PluggyAuthClient } = await loadSdk();
        const client = new PluggyAuthClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: url });
        return { call: async () => (await client.createConnectToken(CONNECT_TOKEN_REQUEST)).accessToken };
      },
    },
    {
      id: 'sdk-node-fetch',
      label: 'this client + node-fetch 3',
      async create(url) {
        const [{ PluggyAuthClient }, { default: nodeFetch }] = await Promise.all([loadSdk(), import('node-fetch')]);
        const client = new PluggyAuthClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: url, fetch: nodeFetch });
        return { call: async () => (await client.createConnectToken(CONNECT_TOKEN_REQUEST)).accessToken };
      },
    },
    {
      id: 'pluggy-sdk',
      label: '`pluggy-sdk` 0.90 (got)',
      async create(url) {
        // pluggy-sdk reads its base URL from the environment when a client is constructed.
        process.env.PLUGGY_API_URL = url;
        const { PluggyClient } = (await import('pluggy-sdk')).default;
        const client = new PluggyClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
        return { call: async () => (await client.createConnectToken(undefined, CONNECT_TOKEN_REQUEST.options)).accessToken };
      },
    },
  ];
}
