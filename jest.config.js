// One suite per transport: test/client/** runs with the default (node:http) transport, with
// Node's global fetch injected, and with node-fetch 3 injected (PLUGGY_TEST_TRANSPORT, read by
// test/helpers/transport.ts, says which).
const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true }, diagnostics: false }],
  },
  // node-fetch 3 is ESM-only: let ts-jest turn it (and its ESM dependencies) into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(node-fetch|data-uri-to-buffer|fetch-blob|formdata-polyfill)/)'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-setup.ts'],
};

const transports = ['default', 'global-fetch', 'node-fetch'];

module.exports = {
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/client/', '<rootDir>/test/package/'] },
    // The package as users install it: slow (npm, tsc, Verdaccio), and needs `npm run build` first.
    { ...base, displayName: 'package', testMatch: ['<rootDir>/test/package/**/*.test.ts'] },
    ...transports.map((transport) => ({
      ...base,
      displayName: `client:${transport}`,
      testMatch: ['<rootDir>/test/client/**/*.test.ts'],
      globals: { PLUGGY_TEST_TRANSPORT: transport },
    })),
  ],
};
