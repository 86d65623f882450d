/**
 * A local stand-in for Pluggy's Auth API (`POST /auth`, `POST /connect_token`) for tests, demos and
 * frontend work: real HTTP, real signed JWTs, Pluggy's error shapes, and faults on demand.
 * Published as the package's `./sandbox` subpath; it depends on nothing but Node.
 */
export { startSandbox, type Sandbox, type SandboxFaults } from './server';
export type { SandboxOptions, SandboxRequestLog } from './options';
export type { SandboxClient } from './routes/context';
export type { SandboxFault, FaultTarget, SandboxRoute } from './faults';
export type { SandboxStats, RouteStats, SandboxOutcome } from './stats';
export type { RateLimit } from './rate-limiter';
export { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_ITEM_ID } from './demo-credentials';
