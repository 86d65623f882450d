// A few lines of Pluggy's Auth API on 127.0.0.1, so a consumer project can call the installed
// package end to end without the sandbox (which is itself part of the package under test).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CLIENT_ID = '2b3e6f1a-8c4d-4e5f-9a0b-1c2d3e4f5a6b';
export const CLIENT_SECRET = 'consumer-test-secret';

export interface SeenRequest {
  method: string;
  path: string;
  userAgent: string;
}

export interface FakePluggy {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function startFakePluggy(): Promise<FakePluggy> {
  const requests: SeenRequest[] = [];
  const issuedKeys = new Set<string>();
  let counter = 0;

  const server = createServer(async (req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', userAgent: req.headers['user-agent'] ?? '' });
    const body = await readJson(req);
    if (req.method === 'POST' && req.url === '/auth') {
      if (body.clientId === CLIENT_ID && body.clientSecret === CLIENT_SECRET) {
        const apiKey = `api-key-${++counter}`;
        issuedKeys.add(apiKey);
        return json(res, 200, { apiKey });
      }
      return json(res, 401, { code: 401, message: 'Invalid credentials', codeDescription: 'CLIENT_KEYS_UNAUTHORIZED' });
    }
    if (req.method === 'POST' && req.url === '/connect_token') {
      if (issuedKeys.has(String(req.headers['x-api-key']))) return json(res, 200, { accessToken: `connect-token-${++counter}` });
      return json(res, 403, { code: 403, message: 'Missing or invalid authorization token' });
    }
    return json(res, 404, { code: 404, message: 'Not found' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
