module.exports = {
  ...require('../../jest.preset.js'),
  displayName: require('./package.json').name,
  // Tests that build a viewer generate every demo study in their beforeAll, the 199-slice CT among them
  // (seconds alone, about a minute when the machine is busy), so hooks get longer than the preset's 2 min.
  testTimeout: 300_000,
};
