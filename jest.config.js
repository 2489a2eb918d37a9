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
