// API reference: `npm run docs` -> docs/api/ (gitignored). CI runs it with warnings as errors, so an
// undocumented export, a broken {@link} or a type the docs cannot reach fails the build.
import { existsSync } from 'node:fs';
import { OptionDefaults } from 'typedoc';

// The public entry points, as in package.json "exports" (the CLI is documented by its --help).
const entryPoints = ['src/index.ts', 'src/generated.ts', 'src/sandbox/index.ts'].filter((file) => existsSync(file));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints,
  tsconfig: 'tsconfig.build.json',
  out: 'docs/api',
  name: '@pluggy-auth/sdk',
  readme: 'none',
  treatWarningsAsErrors: true,
  plugin: ['./scripts/typedoc-generated-comments.mjs'],
  // JSDoc tags the OpenAPI generator writes into generated/: known, and left out of the output.
  blockTags: [...OptionDefaults.blockTags, '@export', '@memberof'],
  excludeTags: [...OptionDefaults.excludeTags, '@export', '@memberof'],
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  sort: ['source-order'],
  githubPages: false,
  disableSources: true,
};
