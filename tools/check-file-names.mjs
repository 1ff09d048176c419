#!/usr/bin/env node
// Checks the file-naming convention of CONTRIBUTING.md: source files and folders of the packages and apps are
// kebab-case (lower-case words joined by hyphens, e.g. surface-distance.ts, cross-entropy.test.ts). The one
// exception is OHIF's module getters (getPanelModule.ts, getCommandsModule.ts), named as OHIF developers expect.
// Usage: node tools/check-file-names.mjs [folder…] (default: every package and app).
import { readdirSync } from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-node', 'coverage', '.nx']);
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const OHIF_GETTER = /^get[A-Z][A-Za-z]*Module$/;

/** The part of a file name before its first dot: `cross-entropy` of `cross-entropy.test.ts`. */
const stem = (name) => name.split('.')[0];

function* offenders(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
      if (!KEBAB.test(entry.name)) yield `${full}/ (folder)`;
      yield* offenders(full);
    } else if (
      CODE.test(entry.name) &&
      !KEBAB.test(stem(entry.name)) &&
      !OHIF_GETTER.test(stem(entry.name))
    ) {
      yield full;
    }
  }
}

const roots =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['packages', 'apps'].flatMap((top) =>
        readdirSync(top, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `${top}/${e.name}`),
      );
const bad = roots.flatMap((root) => [...offenders(root)]);
if (bad.length > 0) {
  console.error(`check-file-names: ${bad.length} name(s) are not kebab-case (see CONTRIBUTING.md):`);
  for (const b of bad) console.error(`  ${b}`);
  process.exit(1);
}
console.log(`check-file-names: ${roots.length} folders, every source file and folder name is kebab-case`);
