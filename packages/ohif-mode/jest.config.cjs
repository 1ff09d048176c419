// import.meta.url exists only in ES modules; jest runs the sources as CommonJS, so the one file that reads
// it is mapped to a fixture with the URL the viewer serves the bundle at.
const preset = require('../../jest.preset.js');
module.exports = {
  ...preset,
  displayName: require('./package.json').name,
  moduleNameMapper: { '^\\./module-url$': '<rootDir>/test/fixtures/module-url.ts', ...preset.moduleNameMapper },
};
