#!/usr/bin/env node
// Bundles the viewer's Node program (src/main.ts) into dist-node/viewer.cjs with esbuild: apps/viewer/src plus
// @seglens/data from its sources (so no package build is needed first); npm packages installed at the
// repository root stay external, those a workspace package keeps in its own node_modules are bundled. The
// mechanism is tools/node-app-bundle.cjs (shared with the CLI); `ensureBundle()` rebuilds only when a source
// is newer than the bundle. `node bin/bundle.cjs` always rebuilds.
'use strict';
const path = require('node:path');
const { createNodeAppBundle, repoRoot } = require('../../../tools/node-app-bundle.cjs');

const { ensureBundle, bundlePath } = createNodeAppBundle({
  appDir: path.resolve(__dirname, '..'),
  entry: path.join('src', 'main.ts'),
  bundlePath: path.resolve(__dirname, '..', 'dist-node', 'viewer.cjs'),
  workspacePackages: ['data'],
  inputs: [__filename],
});

module.exports = { ensureBundle, bundlePath };

if (require.main === module) {
  ensureBundle({ force: true }).then(
    (p) => console.log(`built ${path.relative(repoRoot, p)}`),
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
