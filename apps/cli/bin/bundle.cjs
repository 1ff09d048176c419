#!/usr/bin/env node
// Builds dist/seglens.cjs, the whole CLI in one CommonJS file: apps/cli/src plus the workspace packages'
// sources (@seglens/*, bundled from packages/*/src so no package needs a build of its own first), with the
// npm dependencies (TF.js, fast-png, dcmjs, ...) left external and resolved from node_modules at run time.
// `ensureBundle()` rebuilds only when the bundle is missing or older than any source file, which costs a
// few milliseconds of stat calls when it is fresh and well under a second of esbuild when it is not.
// `node bin/bundle.cjs [--force]` is the nx build target.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const appDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(appDir, '..', '..');
// SEGLENS_CLI_BUNDLE moves the bundle (the end-to-end test builds a cold one without touching dist/).
const bundlePath = path.resolve(process.env.SEGLENS_CLI_BUNDLE || path.join(appDir, 'dist', 'seglens.cjs'));
const WORKSPACE_PACKAGES = ['losses', 'metrics', 'data', 'models'];

/** Folders and files whose changes make the bundle stale. */
function sourceRoots() {
  return [
    path.join(appDir, 'src'),
    path.join(appDir, 'package.json'),
    ...WORKSPACE_PACKAGES.flatMap((p) => [
      path.join(repoRoot, 'packages', p, 'src'),
      path.join(repoRoot, 'packages', p, 'package.json'),
    ]),
    path.join(repoRoot, 'tsconfig.base.json'),
    // An install can change the packages that get bundled (those a workspace package keeps to itself).
    path.join(repoRoot, 'package-lock.json'),
    __filename,
  ];
}

/** Newest modification time (ms) under the given paths; missing paths are skipped (an installed CLI has none). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
    }
  };
  paths.forEach(visit);
  return newest;
}

function isFresh() {
  let built;
  try {
    built = fs.statSync(bundlePath).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestMtime(sourceRoots());
}

/** Bundles src/main.ts into dist/seglens.cjs through a temporary file and a rename (concurrent runs are safe). */
async function buildBundle() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    throw new Error(`cannot build ${bundlePath}: esbuild is not installed (run \`npm ci\` at ${repoRoot})`);
  }
  const alias = {};
  for (const p of WORKSPACE_PACKAGES)
    alias[`@seglens/${p}`] = path.join(repoRoot, 'packages', p, 'src', 'index.ts');
  const tmp = `${bundlePath}.tmp-${process.pid}`;
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
  try {
    await esbuild.build({
      entryPoints: [path.join(appDir, 'src', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: tmp,
      sourcemap: 'inline',
      logLevel: 'error',
      alias,
      plugins: [externalsPlugin],
    });
    fs.renameSync(tmp, bundlePath);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw new Error(
      `building ${bundlePath} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return bundlePath;
}

/**
 * Where a bare import would be found from `fromDir`: the first node_modules/<package> walking up. Packages
 * hoisted to the repository's node_modules stay external (one copy of TF.js, codecs finding their .wasm
 * files); the few a workspace package keeps in its own node_modules (another version than the root's, e.g.
 * nifti-reader-js in packages/data) are bundled, since the bundle could not require them from dist/.
 */
function installedAt(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const externalsPlugin = {
  name: 'seglens-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@seglens/') || path.isAbsolute(args.path)) return undefined;
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (args.path.startsWith('node:') || builtinModules.includes(name))
        return { path: args.path, external: true };
      const at = installedAt(name, args.resolveDir || appDir);
      if (at === path.join(repoRoot, 'node_modules', name)) return { path: args.path, external: true };
      return undefined;
    });
  },
};

/**
 * The path of an up-to-date bundle. Sources present and newer than the bundle: rebuild. No sources (an
 * installed CLI): the shipped bundle as is.
 */
async function ensureBundle(options = {}) {
  if (!options.force && isFresh()) return bundlePath;
  if (!fs.existsSync(path.join(appDir, 'src', 'main.ts'))) {
    if (fs.existsSync(bundlePath)) return bundlePath;
    throw new Error(`${bundlePath} is missing and there are no sources to build it from`);
  }
  return buildBundle();
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
