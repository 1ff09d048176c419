#!/usr/bin/env node
// Builds an OHIF plugin package (the current directory) into self-contained browser ES modules: OHIF's
// prebuilt app loads extensions and modes with the browser's import() from a URL, so each bundle carries all
// of its dependencies (the @seglens packages from their sources, TF.js, React for the panel shell) and
// imports nothing by bare name. The entries are package.json's "seglensBundles" ({ "<out>.mjs": "<src>" }).
// Output goes to a temporary folder that replaces dist/ only when every bundle succeeded. Prints each bundle's
// size. Options (for checks, e.g. test/bundle.test.ts of the extension): --out <dir> writes the bundles there
// instead of replacing dist/; --only <bundle> builds just that one (repeatable); --metafile also writes
// <bundle>.meta.json, esbuild's account of which input files the bundle holds and how many bytes each.
import { build } from 'esbuild';
import { readFileSync, rmSync, renameSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
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
const args = process.argv.slice(2);
const only = [];
let outDir = null;
let metafile = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out' && args[i + 1]) outDir = path.resolve(args[++i]);
  else if (args[i] === '--only' && args[i + 1]) only.push(args[++i]);
  else if (args[i] === '--metafile') metafile = true;
  else {
    console.error(`build-ohif-plugin: unknown argument ${JSON.stringify(args[i])} (known: --out <dir>, --only <bundle>, --metafile)`);
    process.exit(1);
  }
}
for (const name of only)
  if (!(name in bundles)) {
    console.error(`build-ohif-plugin: --only ${name}: ${pkg.name} has no such bundle (it has ${Object.keys(bundles).join(', ')})`);
    process.exit(1);
  }
if (only.length > 0 && outDir === null) {
  console.error('build-ohif-plugin: --only needs --out <dir> (dist/ is replaced whole, so it must hold every bundle)');
  process.exit(1);
}
const selected = Object.entries(bundles).filter(([out]) => only.length === 0 || only.includes(out));

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
  // Secondary entries: the TF.js-free parts of @seglens/models and @seglens/losses, which the extension's
  // main-thread bundle uses.
  ['@seglens/models/card', path.join(repo, 'packages', 'models', 'src', 'card', 'index.ts')],
  ['@seglens/losses/registry', path.join(repo, 'packages', 'losses', 'src', 'registry', 'index.ts')],
]);
const tmp = outDir ?? path.join(cwd, `.dist-tmp-${process.pid}`);
if (outDir === null) rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
try {
  for (const [out, entry] of selected) {
    const result = await build({
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
      metafile,
    });
    if (metafile) writeFileSync(path.join(tmp, `${out}.meta.json`), JSON.stringify(result.metafile));
    console.log(`${out}: ${(statSync(path.join(tmp, out)).size / 1024).toFixed(1)} KiB`);
  }
  if (outDir === null) {
    if (existsSync(path.join(cwd, 'dist'))) rmSync(path.join(cwd, 'dist'), { recursive: true, force: true });
    renameSync(tmp, path.join(cwd, 'dist'));
  }
  const where = outDir === null ? 'dist/' : outDir;
  console.log(`built ${pkg.name} -> ${where} (${selected.map(([out]) => out).join(', ')})`);
} catch (error) {
  if (outDir === null) rmSync(tmp, { recursive: true, force: true });
  console.error(`build of ${pkg.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
