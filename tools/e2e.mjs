#!/usr/bin/env node
// `npm run e2e`: builds the viewer (and what it needs) and runs only its end-to-end tests in Debian's headless
// Chromium (apps/viewer/test/e2e). Screenshots of every step land in apps/viewer/e2e-artifacts/.
// `npm test` runs them too, as part of the viewer's tests.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args, cwd) => {
  const r = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['nx', 'run', 'viewer:build', '--output-style=static'], repo);
run('npx', ['jest', '--ci', '--runInBand', 'test/e2e', ...process.argv.slice(2)], path.join(repo, 'apps/viewer'));
