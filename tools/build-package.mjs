#!/usr/bin/env node
// Builds the package in the current directory: one CommonJS and one ES module bundle per entry of its
// package.json "exports" map (its dependencies and peer dependencies stay external, so consumers share one copy
// of TF.js and friends), and the .d.ts files through tsc. "." is src/index.ts -> dist/index.{cjs,mjs}; a
// subpath "./<name>" (a secondary entry, like @seglens/models/card) is src/<name>/index.ts ->
// dist/<name>.{cjs,mjs}, its types dist/types/<name>/index.d.ts. The ES modules of all entries are one build
// with code splitting: code two entries share is one chunk (dist/chunks/) that both import, so a consumer of
// both gets one copy of it and of its state (the loss registry that @seglens/losses and @seglens/losses/registry
// share). CommonJS has no code splitting: each .cjs is whole, and a CommonJS consumer of two entries gets two
// copies. Output goes to a temporary folder that replaces dist/ only when all of it succeeded, so a failed build
// never leaves a half-written dist/.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, renameSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'));
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
].flatMap((name) => [name, `${name}/*`]);
const entries = Object.entries(pkg.exports ?? { '.': {} })
  .filter(([subpath]) => subpath !== './package.json')
  .map(([subpath, targets]) => {
    const name = subpath === '.' ? 'index' : subpath.replace(/^\.\//, '');
    const want = {
      types: `./dist/types/${name === 'index' ? 'index' : `${name}/index`}.d.ts`,
      import: `./dist/${name}.mjs`,
      require: `./dist/${name}.cjs`,
    };
    for (const [key, file] of Object.entries(want))
      if (pkg.exports && targets[key] !== file) {
        console.error(`build-package: ${pkg.name}'s exports["${subpath}"].${key} must be "${file}", got ${JSON.stringify(targets[key])}`);
        process.exit(1);
      }
    return { name, source: path.join(cwd, 'src', name === 'index' ? 'index.ts' : `${name}/index.ts`) };
  });
const tmp = path.join(cwd, `.dist-tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp);
try {
  const common = {
    bundle: true,
    platform: pkg.seglensPlatform ?? 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    sourcemap: true,
    external: [...external, 'node:*', 'fs', 'path', 'os', 'crypto', 'zlib', 'url', 'child_process', 'worker_threads'],
    logLevel: 'warning',
  };
  for (const { name, source } of entries)
    await build({ ...common, entryPoints: [source], format: 'cjs', outfile: path.join(tmp, `${name}.cjs`) });
  await build({
    ...common,
    entryPoints: Object.fromEntries(entries.map(({ name, source }) => [name, source])),
    format: 'esm',
    splitting: true,
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
  });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', path.join(tmp, 'types')], {
    stdio: 'inherit',
  });
  if (existsSync(path.join(cwd, 'dist'))) rmSync(path.join(cwd, 'dist'), { recursive: true, force: true });
  renameSync(tmp, path.join(cwd, 'dist'));
  console.log(`built ${pkg.name} -> dist/ (${entries.map((e) => `${e.name}.cjs, ${e.name}.mjs`).join(', ')}, types/)`);
} catch (error) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`build of ${pkg.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
