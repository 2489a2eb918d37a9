// Unit tests for the mini-program's pure logic and request layer (jest 29 + babel-jest + jsdom).
// Taro APIs are faked per test with jest.mock('@tarojs/taro'), so no Taro runtime is loaded.
const path = require('node:path');

module.exports = {
  displayName: 'miniprogram',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)'],
  transform: {
    '^.+\\.[jt]sx?$': ['babel-jest', { configFile: path.join(__dirname, 'babel.config.js') }],
  },
  moduleNameMapper: {
    '^@member/shared$': '<rootDir>/../shared/src',
    '\\.(css|scss)$': '<rootDir>/src/test-utils/style-stub.js',
  },
};
