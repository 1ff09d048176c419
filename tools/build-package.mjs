#!/usr/bin/env node
// Builds the package in the current directory: one CommonJS and one ES module bundle of src/index.ts (its
// dependencies and peer dependencies stay external, so consumers share one copy of TF.js and friends), and
// the .d.ts files through tsc. Output goes to a temporary folder that replaces dist/ only when all of it
// succeeded, so a failed build never leaves a half-written dist/.
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
const tmp = path.join(cwd, `.dist-tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp);
try {
  const common = {
    entryPoints: [path.join(cwd, 'src/index.ts')],
    bundle: true,
    platform: pkg.seglensPlatform ?? 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    sourcemap: true,
    external: [...external, 'node:*', 'fs', 'path', 'os', 'crypto', 'zlib', 'url', 'child_process', 'worker_threads'],
    logLevel: 'warning',
  };
  await build({ ...common, format: 'cjs', outfile: path.join(tmp, 'index.cjs') });
  await build({ ...common, format: 'esm', outfile: path.join(tmp, 'index.mjs') });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', path.join(tmp, 'types')], {
    stdio: 'inherit',
  });
  if (existsSync(path.join(cwd, 'dist'))) rmSync(path.join(cwd, 'dist'), { recursive: true, force: true });
  renameSync(tmp, path.join(cwd, 'dist'));
  console.log(`built ${pkg.name} -> dist/ (index.cjs, index.mjs, types/)`);
} catch (error) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`build of ${pkg.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
