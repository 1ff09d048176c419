#!/usr/bin/env node
// Builds an OHIF plugin package (the current directory) into self-contained browser ES modules: OHIF's
// prebuilt app loads extensions and modes with the browser's import() from a URL, so each bundle carries all
// of its dependencies (the @seglens packages from their sources, TF.js, React for the panel shell) and
// imports nothing by bare name. The entries are package.json's "seglensBundles" ({ "<out>.mjs": "<src>" }).
// Output goes to a temporary folder that replaces dist/ only when every bundle succeeded.
import { build } from 'esbuild';
import { readFileSync, rmSync, renameSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'));
const bundles = pkg.seglensBundles;
if (!bundles || typeof bundles !== 'object' || Object.keys(bundles).length === 0) {
  console.error(`build-ohif-plugin: ${pkg.name}'s package.json has no "seglensBundles" map of output -> entry`);
  process.exit(1);
}

/**
 * The Cornerstone codec scripts that @seglens/data loads call require("fs")/require("path") in a Node-only
 * branch and have no "browser" field; map those two names to empty modules for those files only, as web
 * apps do (webpack: resolve.fallback { fs: false }).
 */
const emptyNodeBuiltinsForCodecs = {
  name: 'empty-node-builtins-for-cornerstone-codecs',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(fs|path)$/ }, (args) =>
      /[\\/]@cornerstonejs[\\/]codec-[^\\/]+[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'empty-node-builtin' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};' }));
  },
};

const alias = Object.fromEntries([
  ...['losses', 'metrics', 'data', 'models'].map((p) => [`@seglens/${p}`, path.join(repo, 'packages', p, 'src', 'index.ts')]),
  // Secondary entries: the TF.js-free part of @seglens/models, which the extension's main-thread bundle uses.
  ['@seglens/models/card', path.join(repo, 'packages', 'models', 'src', 'card', 'index.ts')],
]);
const tmp = path.join(cwd, `.dist-tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp);
try {
  for (const [out, entry] of Object.entries(bundles)) {
    await build({
      entryPoints: [path.join(cwd, entry)],
      outfile: path.join(tmp, out),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: process.env.SEGLENS_MINIFY !== '0',
      sourcemap: 'linked',
      alias,
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [emptyNodeBuiltinsForCodecs],
      logLevel: 'warning',
    });
  }
  if (existsSync(path.join(cwd, 'dist'))) rmSync(path.join(cwd, 'dist'), { recursive: true, force: true });
  renameSync(tmp, path.join(cwd, 'dist'));
  console.log(`built ${pkg.name} -> dist/ (${Object.keys(bundles).join(', ')})`);
} catch (error) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`build of ${pkg.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
