#!/usr/bin/env node
// Checks that every built package loads from the repository root both through require() and import(), with
// the same export names: the contract of each package.json "exports" map. Run after `nx run-many -t build`.
import { createRequire } from 'node:module';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
let failures = 0;
let checked = 0;
for (const dir of ['packages', 'apps']) {
  if (!existsSync(dir)) continue;
  for (const entry of readdirSync(dir)) {
    const pkgFile = path.join(dir, entry, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (pkg.private || !pkg.exports) continue;
    try {
      const cjs = Object.keys(require(pkg.name)).sort();
      const esm = Object.keys(await import(pkg.name)).filter((k) => k !== 'default').sort();
      if (cjs.length === 0) throw new Error('exports nothing');
      if (cjs.join() !== esm.join()) throw new Error(`require() gives [${cjs}] but import() gives [${esm}]`);
      console.log(`ok ${pkg.name}: ${cjs.length} exports through require() and import()`);
      checked++;
    } catch (error) {
      failures++;
      console.error(`FAIL ${pkg.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
console.log(`check-exports: ${checked} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
