// Bundles the page script for the browser with esbuild, the way a web app's bundler would: browser platform
// (package.json "browser" fields apply, Node built-ins are not available), ES modules, and the in-repo
// @seglens packages taken from their sources so the test never needs a build first.
import { build, type Plugin } from 'esbuild';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../../../..');
const PACKAGES = ['data', 'losses', 'metrics', 'models'];

/**
 * @seglens/data loads the Cornerstone DICOM codecs with dynamic imports (src/dicom/codecs.ts). Their
 * Emscripten scripts (dist/*_decode.js of @cornerstonejs/codec-openjpeg, -libjpeg-turbo-8bit and -charls)
 * call require("fs") and require("path") in an ENVIRONMENT_IS_NODE branch that never runs in a browser, but
 * their package.json has no "browser" field saying so, and bundlers stop at "Could not resolve fs". Web apps
 * map those names to empty modules (webpack: resolve.fallback { fs: false }); this plugin does the same, for
 * those codec files only.
 */
const emptyNodeBuiltinsForCodecs: Plugin = {
  name: 'empty-node-builtins-for-cornerstone-codecs',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(fs|path)$/ }, (args) =>
      /[\\/]@cornerstonejs[\\/]codec-[^\\/]+[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'empty-node-builtin' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({
      contents: 'module.exports = {};',
    }));
  },
};

export const ENTRY = join(__dirname, '..', 'page', 'entry.ts');

/** The bundled page script as JavaScript text. Throws with esbuild's messages (file:line) if bundling fails. */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    alias: Object.fromEntries([
      ...PACKAGES.map((p) => [`@seglens/${p}`, join(REPO, 'packages', p, 'src', 'index.ts')]),
      // The TF.js-free secondary entries (package.json exports): without their own aliases esbuild would
      // append the subpath to the main entry's file ("src/index.ts/registry").
      ['@seglens/models/card', join(REPO, 'packages', 'models', 'src', 'card', 'index.ts')],
      ['@seglens/losses/registry', join(REPO, 'packages', 'losses', 'src', 'registry', 'index.ts')],
    ]),
    plugins: [emptyNodeBuiltinsForCodecs],
    logLevel: 'silent',
  }).catch((error: { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
    const details = (error.errors ?? [])
      .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
      .join('\n');
    throw new Error(
      `bundlePage: esbuild could not bundle ${ENTRY} for the browser:\n${details || String(error)}`,
    );
  });
  return result.outputFiles[0].text;
}
