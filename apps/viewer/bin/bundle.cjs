#!/usr/bin/env node
// Bundles the viewer's Node program (src/main.ts) into dist-node/viewer.cjs with esbuild: apps/viewer/src plus
// @seglens/data from its sources (so no package build is needed first); npm packages installed at the
// repository root stay external and load from node_modules at run time, while the few a workspace package
// keeps in its own node_modules (another version than the root's) are bundled, since dist-node/ could not
// require them. The bundle is rebuilt only when a source is newer than it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const appDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(appDir, '..', '..');
const bundlePath = path.join(appDir, 'dist-node', 'viewer.cjs');
const SEGLENS_PACKAGES = ['data'];

function inputs() {
  return [
    path.join(appDir, 'src'),
    path.join(appDir, 'package.json'),
    ...SEGLENS_PACKAGES.flatMap((p) => [
      path.join(repoRoot, 'packages', p, 'src'),
      path.join(repoRoot, 'packages', p, 'package.json'),
    ]),
    path.join(repoRoot, 'tsconfig.base.json'),
    path.join(repoRoot, 'package-lock.json'),
    __filename,
  ];
}

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function isFresh() {
  try {
    return fs.statSync(bundlePath).mtimeMs >= newestMtime(inputs());
  } catch {
    return false;
  }
}

/** The package folder Node would load `name` from when required in `fromDir`. */
function installedAt(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const externals = {
  name: 'viewer-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@seglens/') || path.isAbsolute(args.path)) return undefined;
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (args.path.startsWith('node:') || builtinModules.includes(name))
        return { path: args.path, external: true };
      if (installedAt(name, args.resolveDir || appDir) === path.join(repoRoot, 'node_modules', name)) {
        return { path: args.path, external: true };
      }
      return undefined;
    });
  },
};

async function buildBundle() {
  const esbuild = require('esbuild');
  const alias = Object.fromEntries(
    SEGLENS_PACKAGES.map((p) => [`@seglens/${p}`, path.join(repoRoot, 'packages', p, 'src', 'index.ts')]),
  );
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
      plugins: [externals],
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

/** The path of an up-to-date bundle, rebuilt first when a source changed (or with force). */
async function ensureBundle(options = {}) {
  if (!options.force && isFresh()) return bundlePath;
  return buildBundle();
}

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
