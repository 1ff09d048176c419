// import.meta.url exists only in ES modules; jest runs the sources as CommonJS, so the one file that reads
// it is mapped to a fixture with the URL the viewer serves the bundle at. The panel's components are TSX:
// ts-jest transpiles them with this package's tsconfig (jsx: react-jsx), as esbuild does for the bundle.
const path = require('path');
const preset = require('../../jest.preset.js');
const tsJest = [
  'ts-jest',
  { tsconfig: path.join(__dirname, 'tsconfig.json'), isolatedModules: true, diagnostics: false },
];
module.exports = {
  ...preset,
  displayName: require('./package.json').name,
  transform: { '^.+\\.tsx?$': tsJest },
  moduleFileExtensions: ['ts', 'tsx', ...preset.moduleFileExtensions.filter((e) => e !== 'ts')],
  moduleNameMapper: { '^\\./module-url$': '<rootDir>/test/fixtures/module-url.ts', ...preset.moduleNameMapper },
};
