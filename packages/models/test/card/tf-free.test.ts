// @seglens/models/card is what the viewer's main thread imports, so it must load without TF.js (and without
// Node): no file reachable from src/card/index.ts may import @tensorflow/* or a Node built-in. esbuild walks the
// real import graph, with the @seglens packages resolved to their sources as the viewer's bundler does.
import path from 'node:path';
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';

const REPO = path.join(__dirname, '..', '..', '..', '..');
const SEGLENS = /^@seglens\/(losses|metrics|data|models)(?:\/([a-z-]+))?$/;
const NODE_BUILTINS = new Set(builtinModules);

/** Every import of a package (not a file of this repository) reachable from `entry`, as "importer -> package". */
async function packageImports(entry: string): Promise<string[]> {
  const sourcesAndPackages: Plugin = {
    name: 'seglens-sources-other-packages-external',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, ({ path: spec }) => {
        const m = SEGLENS.exec(spec);
        if (!m) return { path: spec, external: true };
        return { path: path.join(REPO, 'packages', m[1], 'src', m[2] ?? '', 'index.ts') };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    absWorkingDir: REPO,
    plugins: [sourcesAndPackages],
  });
  return Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => i.external).map((i) => `${file} -> ${i.path}`),
  );
}

const forbidden = (spec: string): boolean => {
  const name = spec.split(' -> ')[1];
  return name.startsWith('@tensorflow/') || name.startsWith('node:') || NODE_BUILTINS.has(name.split('/')[0]);
};

describe('@seglens/models/card', () => {
  it('reaches no TF.js and no Node built-in', async () => {
    const imports = await packageImports(path.join(REPO, 'packages/models/src/card/index.ts'));
    expect(imports.filter(forbidden)).toEqual([]);
    // It does reach other packages (through @seglens/data), so the walk followed the imports.
    expect(imports.some((i) => i.endsWith(' -> dicom-parser'))).toBe(true);
  });

  it('is the part that differs from the main entry, which does import TF.js', async () => {
    const imports = await packageImports(path.join(REPO, 'packages/models/src/index.ts'));
    expect(imports).toContain('packages/models/src/io/indexeddb.ts -> @tensorflow/tfjs-core');
    expect(imports).toContain('packages/models/src/unet/build-unet.ts -> @tensorflow/tfjs-layers');
  });
});
