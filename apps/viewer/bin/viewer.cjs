#!/usr/bin/env node
// The viewer's command (`build` and `serve`, see apps/viewer/README.md). Rebuilds its bundle
// (dist-node/viewer.cjs) from the TypeScript sources when one changed, then runs it.
'use strict';
require('./bundle.cjs')
  .ensureBundle()
  .then((bundle) => {
    process.setSourceMapsEnabled(true);
    return require(bundle).main(process.argv.slice(2));
  })
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(
        `seglens-viewer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
