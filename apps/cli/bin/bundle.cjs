#!/usr/bin/env node
// Builds dist/seglens.cjs, the whole CLI in one CommonJS file: apps/cli/src plus the workspace packages'
// sources (@seglens/*, bundled from packages/*/src so no package needs a build of its own first), with the
// npm dependencies (TF.js, fast-png, dcmjs, ...) left external and resolved from node_modules at run time.
// `ensureBundle()` rebuilds only when the bundle is missing or older than any source file, which costs a
// few milliseconds of stat calls when it is fresh and well under a second of esbuild when it is not.
// The mechanism is tools/node-app-bundle.cjs (shared with the viewer); this file says what the CLI bundles.
// `node bin/bundle.cjs [--force]` is the nx build target.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const appDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(appDir, '..', '..');
// SEGLENS_CLI_BUNDLE moves the bundle (the end-to-end test builds a cold one without touching dist/).
const bundlePath = path.resolve(process.env.SEGLENS_CLI_BUNDLE || path.join(appDir, 'dist', 'seglens.cjs'));
const entry = path.join('src', 'main.ts');

/** The repository's bundler, loaded only with the sources present (an installed CLI has no tools/). */
function bundler() {
  return require(path.join(repoRoot, 'tools', 'node-app-bundle.cjs')).createNodeAppBundle({
    appDir,
    entry,
    bundlePath,
    workspacePackages: ['losses', 'metrics', 'data', 'models'],
    inputs: [__filename],
  });
}

/**
 * The path of an up-to-date bundle. Sources present and newer than the bundle: rebuild. No sources (an
 * installed CLI): the shipped bundle as is.
 */
async function ensureBundle(options = {}) {
  if (!fs.existsSync(path.join(appDir, entry))) {
    if (fs.existsSync(bundlePath)) return bundlePath;
    throw new Error(`${bundlePath} is missing and there are no sources to build it from`);
  }
  return bundler().ensureBundle(options);
}

module.exports = { ensureBundle, bundlePath };

if (require.main === module) {
  const started = Date.now();
  ensureBundle({ force: process.argv.includes('--force') }).then(
    () => console.log(`built ${path.relative(repoRoot, bundlePath)} in ${Date.now() - started} ms`),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
