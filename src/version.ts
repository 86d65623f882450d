// Kept equal to package.json's version by scripts/sync-version.mjs (run by `npm version`).
export const VERSION = '0.1.0';
