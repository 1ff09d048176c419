#!/usr/bin/env node
// The `seglens` command. Works straight after `npm ci`, before any build: bin/bundle.cjs (re)builds
// dist/seglens.cjs from the TypeScript sources with esbuild when it is missing or older than a source file
// (well under a second; a fresh bundle costs only a few stat calls), then this runs it. See apps/cli/README.md.
'use strict';
const fail = (error) => {
  process.stderr.write(
    `seglens: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
};
require('./bundle.cjs')
  .ensureBundle()
  .then((bundle) => {
    process.setSourceMapsEnabled(true);
    return require(bundle).main(process.argv.slice(2));
  })
  .then((code) => {
    process.exitCode = code;
  }, fail);
