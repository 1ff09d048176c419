// Where the viewer finds its inputs. The code runs from src/ (tests, through ts-jest) or from the bundle in
// dist-node/ (bin/viewer.cjs); both sit one folder below apps/viewer, so __dirname/.. is the app either way.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const APP_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(APP_DIR, '..', '..');
/** The folder the server serves first (and the build writes). */
export const DEFAULT_DIST_DIR = path.join(APP_DIR, 'dist');
export const VIEWER_README = path.join(APP_DIR, 'README.md');
/**
 * The shipped models (served, and read by the demo studies for their classes and validation cases):
 * packages/models/pretrained, or $SEGLENS_PRETRAINED_DIR to try other model folders before they ship.
 */
export const PRETRAINED_DIR = process.env.SEGLENS_PRETRAINED_DIR
  ? path.resolve(process.env.SEGLENS_PRETRAINED_DIR)
  : path.join(REPO_ROOT, 'packages', 'models', 'pretrained');
/** Where `npx nx run ohif-extension:build` and `ohif-mode:build` put their bundles. */
export const EXTENSION_DIST_DIR = path.join(REPO_ROOT, 'packages', 'ohif-extension', 'dist');
export const MODE_DIST_DIR = path.join(REPO_ROOT, 'packages', 'ohif-mode', 'dist');

// A require rooted at the app, so packages resolve the way Node resolves them for apps/viewer (esbuild leaves
// this call alone, unlike a bare require.resolve).
const requireFromApp = createRequire(path.join(APP_DIR, 'package.json'));

/** Folder of an installed npm package, or an Error that says to install. */
export function packageDir(name: string): string {
  try {
    return path.dirname(requireFromApp.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`${name} is not installed (needed by apps/viewer): run \`npm ci\` in ${REPO_ROOT}`);
  }
}

/** OHIF's prebuilt viewer (node_modules/@ohif/app/dist), checked for its index.html. */
export function ohifDistDir(): string {
  const dir = path.join(packageDir('@ohif/app'), 'dist');
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(
      `${dir}/index.html is missing: @ohif/app looks incomplete; run \`npm ci\` in ${REPO_ROOT}`,
    );
  }
  return dir;
}

/** The .wasm files of TF.js's WASM backend, which the extension loads from /_seglens/tfjs/. */
export function tfjsWasmDir(): string {
  return path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
}
