import { AuthApi, Configuration } from '../generated';
import type { FetchAPI } from '../generated/runtime';
import { AUTH_CREATE, CONNECT_TOKEN_CREATE, type Operation, type PipelineResult } from './request-pipeline';

/** Sends one operation through the client's pipeline (with the API key when the operation needs it). */
export type SendOperation = (operation: Operation, body: string | undefined, signal: AbortSignal | undefined) => Promise<PipelineResult>;

const OPERATIONS = [AUTH_CREATE, CONNECT_TOKEN_CREATE];

/**
 * The generated `AuthApi`, with its fetch replaced by the client's pipeline: the same API-key
 * handling, retries, timeouts, transport and typed errors as the hand-written methods. The
 * generated runtime never sees a non-2xx (the pipeline throws first), so it never throws a raw
 * `Response`.
 */
export function createBridgedAuthApi(baseUrl: string, send: SendOperation): AuthApi {
  const fetchApi: FetchAPI = async (url, init) => {
    const operation = OPERATIONS.find((candidate) => url === baseUrl + candidate.path);
    if (!operation) throw new TypeError(`AuthApi bridge: no operation for ${url}`);
    const body = typeof init.body === 'string' ? init.body : undefined;
    const { response } = await send(operation, body, init.signal ?? undefined);
    return new Response(response.body, { status: response.status, headers: response.headers });
  };
  return new AuthApi(new Configuration({ basePath: baseUrl, fetchApi }));
}
