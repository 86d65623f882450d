import type Ajv from 'ajv';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID, startSandbox, type Sandbox, type SandboxFault } from '../../src/sandbox';
import { componentValidator, deref, documentedResponse, spec, specAjv } from './openapi';
import { send, type RawResponse } from './http';

const DISABLED_ID = '11111111-2222-4333-8444-555555555555';
const CREDENTIALS = { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET };
const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

interface Scenario {
  name: string;
  path: string;
  status: number;
  method?: string;
  request?: (sandbox: Sandbox, apiKey: string) => { headers?: Record<string, string>; body?: string };
  fault?: SandboxFault;
}

const withKey = (body?: unknown) => (_: Sandbox, apiKey: string) => ({
  headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** One request per status the sandbox can answer on its own (faults that break the contract on purpose are below). */
const SCENARIOS: Scenario[] = [
  { name: 'auth ok', path: '/auth', status: 200, request: () => json(CREDENTIALS) },
  { name: 'auth invalid JSON', path: '/auth', status: 400, request: () => ({ headers: { 'content-type': 'application/json' }, body: '{' }) },
  { name: 'auth schema violation', path: '/auth', status: 400, request: () => json({ clientId: 1 }) },
  { name: 'auth empty body', path: '/auth', status: 400, request: () => ({ headers: { 'content-type': 'application/json' } }) },
  { name: 'auth wrong secret', path: '/auth', status: 401, request: () => json({ ...CREDENTIALS, clientSecret: 'no' }) },
  { name: 'auth disabled client', path: '/auth', status: 401, request: () => json({ clientId: DISABLED_ID, clientSecret: 'off' }) },
  { name: 'auth wrong method', path: '/auth', status: 405, method: 'GET' },
  { name: 'auth too large', path: '/auth', status: 413, request: () => json({ ...CREDENTIALS, pad: 'x'.repeat(20_000) }) },
  { name: 'auth wrong content type', path: '/auth', status: 415, request: () => ({ headers: { 'content-type': 'text/plain' }, body: 'x' }) },
  { name: 'auth rate limited', path: '/auth', status: 429, request: () => json(CREDENTIALS) },
  { name: 'auth injected 500', path: '/auth', status: 500, fault: { type: 'error' } },
  { name: 'auth injected 503', path: '/auth', status: 503, fault: { type: 'error', status: 503, retryAfterSeconds: 1 } },
  { name: 'connect token, no body', path: '/connect_token', status: 200, request: withKey() },
  { name: 'connect token, item and options', path: '/connect_token', status: 200, request: withKey({ itemId: SANDBOX_ITEM_ID, options: { clientUserId: 'u', avoidDuplicates: false } }) },
  { name: 'connect token schema violation', path: '/connect_token', status: 400, request: withKey({ itemId: 'x' }) },
  { name: 'connect token invalid JSON', path: '/connect_token', status: 400, request: (_, apiKey) => ({ headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: '[' }) },
  { name: 'connect token without key', path: '/connect_token', status: 403 },
  { name: 'connect token with a bad key', path: '/connect_token', status: 403, request: () => ({ headers: { 'x-api-key': 'a.b.c' } }) },
  { name: 'connect token unknown item', path: '/connect_token', status: 404, request: withKey({ itemId: '00000000-0000-4000-8000-000000000000' }) },
  { name: 'connect token wrong method', path: '/connect_token', status: 405, method: 'PATCH' },
  { name: 'connect token too large', path: '/connect_token', status: 413, request: withKey({ options: { clientUserId: 'x'.repeat(20_000) } }) },
  { name: 'connect token wrong content type', path: '/connect_token', status: 415, request: (_, apiKey) => ({ headers: { 'x-api-key': apiKey, 'content-type': 'text/xml' }, body: '<a/>' }) },
  { name: 'connect token injected 429', path: '/connect_token', status: 429, fault: { type: 'error', status: 429, retryAfterSeconds: 3 } },
  { name: 'connect token injected 500', path: '/connect_token', status: 500, fault: { type: 'error' } },
  { name: 'unknown route', path: '/accounts', status: 404 },
];

/** Statuses the sandbox answers that openapi.yaml does not list; they use GlobalErrorResponse, as Pluggy does. */
const UNDOCUMENTED = new Set(['/auth 400', '/auth 405', '/auth 413', '/auth 415', '/auth 503', '/connect_token 400', '/connect_token 405', '/connect_token 413', '/connect_token 415', '/accounts 404']);

describe('every sandbox response conforms to openapi.yaml', () => {
  let sandbox: Sandbox;
  let ajv: Ajv;
  let apiKey: string;

  beforeAll(async () => {
    ajv = specAjv();
    sandbox = await startSandbox({
      clients: [CREDENTIALS, { clientId: DISABLED_ID, clientSecret: 'off', disabled: true }],
      rateLimit: { limit: 1000, windowMs: 60_000 },
    });
    apiKey = (await send(`${sandbox.url}/auth`, { method: 'POST', ...json(CREDENTIALS) })).json().apiKey;
  });
  afterAll(() => sandbox.stop());

  async function run(scenario: Scenario): Promise<RawResponse> {
    if (scenario.fault) sandbox.faults.inject({ ...scenario.fault, route: scenario.path as '/auth' });
    if (scenario.status === 429 && !scenario.fault) {
      const limited = await startSandbox({ rateLimit: { limit: 1, windowMs: 60_000 } });
      try {
        await send(`${limited.url}${scenario.path}`, scenario.request?.(limited, apiKey));
        return await send(`${limited.url}${scenario.path}`, scenario.request?.(limited, apiKey));
      } finally {
        await limited.stop();
      }
    }
    return send(`${sandbox.url}${scenario.path}`, { method: scenario.method ?? 'POST', ...scenario.request?.(sandbox, apiKey) });
  }

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_, scenario) => {
    const res = await run(scenario);
    expect(res.status).toBe(scenario.status);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const key = `${scenario.path} ${scenario.status}`;
    const documented = documentedResponse(scenario.path, scenario.status);
    expect(documented === undefined).toBe(UNDOCUMENTED.has(key));

    const schema = documented?.content?.['application/json']?.schema;
    const validateFn = schema ? ajv.getSchema(`openapi.yaml${schema.$ref}`)! : componentValidator(ajv, 'GlobalErrorResponse');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    const valid = validateFn(body);
    expect(validateFn.errors ?? []).toEqual([]);
    expect(valid).toBe(true);

    for (const [name, header] of Object.entries<any>(documented?.headers ?? {})) {
      const value = res.headers[name.toLowerCase()];
      expect(value).toMatch(/^\d+$/);
      expect(ajv.validate(deref(header).schema, Number(value))).toBe(true);
    }
  });

  it('covers every status openapi.yaml documents for the two operations', () => {
    for (const path of ['/auth', '/connect_token']) {
      for (const status of Object.keys(spec.paths[path].post.responses)) {
        expect(SCENARIOS.some((scenario) => scenario.path === path && String(scenario.status) === status)).toBe(true);
      }
    }
  });

  describe('faults that break the contract on purpose do break it', () => {
    it.each<[SandboxFault['type'], string]>([
      ['missing-token', '/auth'],
      ['missing-token', '/connect_token'],
      ['malformed-json', '/auth'],
      ['html', '/connect_token'],
    ])('%s on %s', async (type, path) => {
      sandbox.faults.inject({ type, route: path as '/auth' } as SandboxFault);
      const res = await send(`${sandbox.url}${path}`, { ...withKey()(sandbox, apiKey), ...(path === '/auth' && json(CREDENTIALS)) });
      expect(res.headers['x-request-id']).toBeDefined();
      const documented = documentedResponse(path, res.status);
      const schemaRef = documented?.content?.['application/json']?.schema?.$ref;
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.body);
      } catch {
        return; // not JSON at all: off-contract by construction
      }
      expect(ajv.getSchema(`openapi.yaml${schemaRef}`)!(parsed)).toBe(false);
    });
  });
});
