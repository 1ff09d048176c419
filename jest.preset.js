// Shared jest settings: TypeScript through ts-jest (type checking is the separate `typecheck` target, so
// ts-jest only transpiles), in-repo packages resolved to their sources so tests never need a build first.
const path = require('path');
const root = __dirname;
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.base.json'), isolatedModules: true, diagnostics: false }],
  },
  moduleNameMapper: {
    '^@seglens/(losses|metrics|data|models)$': path.join(root, 'packages/$1/src/index.ts'),
    // Secondary entries (package.json "exports" subpaths): @seglens/<pkg>/<entry> is src/<entry>/index.ts.
    '^@seglens/(losses|metrics|data|models)/([a-z-]+)$': path.join(root, 'packages/$1/src/$2/index.ts'),
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 120000,
  // Jest 30 "soft-deletes" the globals a test file set (wrapping them so later access warns) before the next file
  // in the same worker. TF.js and its wasm backend set the same globals in every file, and the wrappers nest: in a
  // long run of the models suite one worker overflowed its stack in that wrapper (CI, session 32). Every test file
  // imports its own TF.js anyway, so the cleanup buys nothing here: off, as in Jest 29.
  testEnvironmentOptions: { globalsCleanup: 'off' },
};
