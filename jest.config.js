// One suite per transport: test/client/** runs once with Node's global fetch and once with
// node-fetch 3 injected (PLUGGY_TEST_FETCH tells test/helpers/fetch.ts which to hand out).
const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true }, diagnostics: false }],
  },
  // node-fetch 3 is ESM-only: let ts-jest turn it (and its ESM dependencies) into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(node-fetch|data-uri-to-buffer|fetch-blob|formdata-polyfill)/)'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-setup.ts'],
};

const transports = ['global-fetch', 'node-fetch'];

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/client/'] },
    ...transports.map((transport) => ({
      ...base,
      displayName: `client:${transport}`,
      testMatch: ['<rootDir>/test/client/**/*.test.ts'],
      globals: { PLUGGY_TEST_TRANSPORT: transport },
    })),
  ],
};
