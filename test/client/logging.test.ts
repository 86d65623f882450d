import nock from 'nock';
import type { Logger } from '../../src';
import { BASE, freshKey, makeClient } from '../helpers/client';

function recorder() {
  const events: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => events.push({ level, message, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, events };
}

describe('logging', () => {
  it('is silent by default and never calls console', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => jest.spyOn(console, name));
    nock(BASE).post('/auth').reply(500, { code: 500, message: 'x' }).post('/auth').reply(200, { apiKey: freshKey() });
    nock(BASE).post('/connect_token').reply(200, { accessToken: 'ct' });

    await makeClient().createConnectToken();

    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    jest.restoreAllMocks();
  });

  it('emits request, response, retry (with its delay) and key-refresh events', async () => {
    const { logger, events } = recorder();
    nock(BASE).post('/auth').reply(503, { code: 503, message: 'busy' }).post('/auth').reply(200, { apiKey: freshKey() });
    nock(BASE).post('/connect_token').reply(200, { accessToken: 'ct' });

    await makeClient({ logger, logLevel: 'debug' }).createConnectToken();

    expect(events).toEqual(
      expect.arrayContaining([
        { level: 'debug', message: 'pluggy request', fields: expect.objectContaining({ operation: 'authCreate', method: 'POST', url: `${BASE}/auth`, attempt: 1 }) },
        { level: 'debug', message: 'pluggy response', fields: expect.objectContaining({ operation: 'authCreate', status: 503 }) },
        { level: 'warn', message: 'pluggy retry', fields: expect.objectContaining({ operation: 'authCreate', attempt: 1, delayMs: expect.any(Number) }) },
        { level: 'info', message: 'pluggy api key refreshed', fields: { refreshAt: expect.any(String) } },
        { level: 'debug', message: 'pluggy response', fields: expect.objectContaining({ operation: 'connectTokenCreate', status: 200 }) },
      ]),
    );
  });

  it('filters below logLevel (default info)', async () => {
    const { logger, events } = recorder();
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    await makeClient({ logger }).getApiKey();
    expect(events.map((event) => event.level)).toEqual(['info']);
  });

  it('an async logger that rejects causes no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const boom = async () => {
        throw new Error('log sink down');
      };
      nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
      await makeClient({ logger: { debug: boom, info: boom, warn: boom, error: boom }, logLevel: 'debug' }).getApiKey();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('a logger that throws does not break the call', async () => {
    const boom = () => {
      throw new Error('logger down');
    };
    nock(BASE).post('/auth').reply(200, { apiKey: freshKey() });
    await expect(makeClient({ logger: { debug: boom, info: boom, warn: boom, error: boom }, logLevel: 'debug' }).getApiKey()).resolves.toBeTruthy();
  });
});
