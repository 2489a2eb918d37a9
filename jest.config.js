// One jest run for the whole repo, split into projects (run one with --selectProjects NAME).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const node = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@member/shared$': '<rootDir>/shared/src' },
  rootDir: __dirname,
};

module.exports = {
  // A global option (projects cannot set it): each API file starts a server on a freshly migrated database in
  // beforeAll, and bursts run hundreds of requests — seconds, more on a busy machine — so jest's 5 s default
  // is too tight. Files that need longer still say so themselves.
  testTimeout: 60_000,
  projects: [
    { ...node, displayName: 'shared', testMatch: ['<rootDir>/shared/src/**/*.spec.ts'] },
    { ...node, displayName: 'server', testMatch: ['<rootDir>/server/src/**/*.spec.ts'] },
    { ...node, displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'] },
    { ...node, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
    { ...node, displayName: 'load', testMatch: ['<rootDir>/test/load/**/*.load.ts'] },
    ...(require('node:fs').existsSync(__dirname + '/miniprogram/jest.config.js')
      ? ['<rootDir>/miniprogram/jest.config.js']
      : []),
  ],
};
