// One esbuild bundle (CommonJS, Node 20) of a Node program in this repository, rebuilt only when stale. Shared by
// apps/cli/bin/bundle.cjs and apps/viewer/bin/bundle.cjs, which say only what differs: entry, bundle path and
// the @seglens packages they use.
// - The @seglens packages are bundled from their sources (packages/<name>/src/index.ts, and each secondary entry
//   "./<entry>" of its package.json exports, like @seglens/models/card, from src/<entry>/index.ts), so no
//   package build is needed first.
// - npm packages installed at the repository root stay external and load from node_modules at run time (one
//   copy of TF.js, codecs finding their .wasm files); the few a workspace package keeps in its own node_modules
//   (another version than the root's, e.g. nifti-reader-js in packages/data) are bundled, since the bundle's
//   folder could not require them.
// - The bundle is written to a temporary file and renamed, so concurrent runs never see half a bundle.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const repoRoot = path.resolve(__dirname, '..');

/** Newest modification time (ms) under the given paths; missing paths are skipped. */
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

/** The package folder Node would load `name` from when required in `fromDir`: the first node_modules/<name> up. */
function installedAt(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * esbuild aliases of the given @seglens packages to their sources: the main entry and every secondary entry of
 * the package's exports map (`@seglens/losses/registry` -> packages/losses/src/registry/index.ts). Without the
 * latter, esbuild would append the subpath to the main entry's alias (src/index.ts/registry) and fail.
 */
function workspaceAliases(workspacePackages) {
  return Object.fromEntries(
    workspacePackages.flatMap((p) => {
      const dir = path.join(repoRoot, 'packages', p);
      const { exports: map = {} } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const entries = Object.keys(map)
        .filter((subpath) => subpath !== '.' && subpath !== './package.json')
        .map((subpath) => subpath.replace(/^\.\//, ''));
      return [
        [`@seglens/${p}`, path.join(dir, 'src', 'index.ts')],
        ...entries.map((e) => [`@seglens/${p}/${e}`, path.join(dir, 'src', e, 'index.ts')]),
      ];
    }),
  );
}

/** Builtins and root-installed packages external; @seglens/*, relative paths and nested installs bundled. */
function externalsPlugin(appDir) {
  return {
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
}

/**
 * The bundler of one app.
 * @param {object} spec
 * @param {string} spec.appDir the app's folder (its src/ and package.json are inputs)
 * @param {string} spec.entry the entry file, relative to appDir
 * @param {string} spec.bundlePath where the bundle goes
 * @param {string[]} spec.workspacePackages the @seglens packages bundled from their sources, e.g. ['data']
 * @param {string[]} [spec.inputs] more files whose changes make the bundle stale (the caller's own file)
 * @returns {{ bundlePath: string, entryPath: string, isFresh(): boolean, buildBundle(): Promise<string>,
 *   ensureBundle(options?: { force?: boolean }): Promise<string> }}
 */
function createNodeAppBundle(spec) {
  const { appDir, entry, bundlePath, workspacePackages, inputs = [] } = spec;
  for (const key of ['appDir', 'entry', 'bundlePath'])
    if (typeof spec[key] !== 'string' || spec[key] === '')
      throw new Error(
        `createNodeAppBundle: ${key} must be a non-empty path, got ${JSON.stringify(spec[key])}`,
      );
  if (!Array.isArray(workspacePackages))
    throw new Error(`createNodeAppBundle: workspacePackages must be an array of @seglens package names`);
  const entryPath = path.resolve(appDir, entry);

  /** Folders and files whose changes make the bundle stale. */
  const sourceRoots = () => [
    path.join(appDir, 'src'),
    path.join(appDir, 'package.json'),
    ...workspacePackages.flatMap((p) => [
      path.join(repoRoot, 'packages', p, 'src'),
      path.join(repoRoot, 'packages', p, 'package.json'),
    ]),
    path.join(repoRoot, 'tsconfig.base.json'),
    // An install can change the packages that get bundled (those a workspace package keeps to itself).
    path.join(repoRoot, 'package-lock.json'),
    __filename,
    ...inputs,
  ];

  function isFresh() {
    let built;
    try {
      built = fs.statSync(bundlePath).mtimeMs;
    } catch {
      return false;
    }
    return built >= newestMtime(sourceRoots());
  }

  async function buildBundle() {
    let esbuild;
    try {
      esbuild = require('esbuild');
    } catch {
      throw new Error(`cannot build ${bundlePath}: esbuild is not installed (run \`npm ci\` at ${repoRoot})`);
    }
    const alias = workspaceAliases(workspacePackages);
    const tmp = `${bundlePath}.tmp-${process.pid}`;
    fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
    try {
      await esbuild.build({
        entryPoints: [entryPath],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile: tmp,
        sourcemap: 'inline',
        logLevel: 'error',
        alias,
        plugins: [externalsPlugin(appDir)],
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

  /** The path of an up-to-date bundle, rebuilt first when a source is newer (or with force). */
  async function ensureBundle(options = {}) {
    if (!options.force && isFresh()) return bundlePath;
    return buildBundle();
  }

  return { bundlePath, entryPath, isFresh, buildBundle, ensureBundle };
}

module.exports = { createNodeAppBundle, repoRoot };
