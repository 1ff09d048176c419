#!/usr/bin/env node
// Checks that every built package loads from the repository root both through require() and import(), with
// the same export names: the contract of each package.json "exports" map. Secondary entries ("./card" of
// @seglens/models) are checked the same way, and must export only names the package's main entry exports too
// (the main entry is the whole public surface; a secondary entry is a part of it that loads without the rest).
// Run after `nx run-many -t build`.
import { createRequire } from 'node:module';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
let failures = 0;
let checked = 0;

/** The export names of `specifier`, the same through require() and import(). */
async function exportNames(specifier) {
  const cjs = Object.keys(require(specifier)).sort();
  const esm = Object.keys(await import(specifier)).filter((k) => k !== 'default').sort();
  if (cjs.length === 0) throw new Error('exports nothing');
  if (cjs.join() !== esm.join()) throw new Error(`require() gives [${cjs}] but import() gives [${esm}]`);
  return cjs;
}

for (const dir of ['packages', 'apps']) {
  if (!existsSync(dir)) continue;
  for (const entry of readdirSync(dir)) {
    const pkgFile = path.join(dir, entry, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (pkg.private || !pkg.exports) continue;
    let main = [];
    const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');
    // The main entry first: secondary entries are compared with it.
    for (const subpath of subpaths.sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : 0))) {
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
      try {
        const names = await exportNames(specifier);
        if (subpath === '.') main = names;
        else {
          const extra = names.filter((n) => !main.includes(n));
          if (extra.length > 0) throw new Error(`exports [${extra}], which ${pkg.name} itself does not`);
        }
        console.log(`ok ${specifier}: ${names.length} exports through require() and import()`);
        checked++;
      } catch (error) {
        failures++;
        console.error(`FAIL ${specifier}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
console.log(`check-exports: ${checked} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
