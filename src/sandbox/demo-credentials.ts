/**
 * Credentials the sandbox accepts out of the box, shared by the demo, the CLI and the tests.
 * They only ever unlock a local sandbox: they are not, and never were, valid against api.pluggy.ai.
 */
export const SANDBOX_CLIENT_ID = '0c4e5a5e-1d2b-4c8a-9f3e-5a6b7c8d9e01';
/** The secret that goes with {@link SANDBOX_CLIENT_ID}; public on purpose, since it only opens a local sandbox. */
export const SANDBOX_CLIENT_SECRET = 'sandbox-only-secret-not-valid-on-pluggy';

/** An item that exists in the default sandbox, so update mode (`itemId`) can be tried at once. */
export const SANDBOX_ITEM_ID = '7d0f5b1a-3c2e-4b6f-8a9d-1e2f3a4b5c6d';
