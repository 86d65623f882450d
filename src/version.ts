// Kept equal to package.json's version by scripts/sync-version.mjs (run by `npm version`).
/** This package's version, as sent in the User-Agent. */
export const VERSION = '0.1.0';
