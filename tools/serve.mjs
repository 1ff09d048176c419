#!/usr/bin/env node
// `npm start`: builds what the viewer needs (Nx builds @seglens/data, the OHIF extension and mode, then the
// viewer's dist/, each only when its inputs changed) and serves it at http://127.0.0.1:3000/.
//
//   npm start                          the demo studies from DICOM JSON manifests (no server needed)
//   npm start -- --orthanc             Orthanc on this machine with the demo studies, viewer on its DICOMweb API
//   npm start -- --port 3001           or PORT=3001 npm start
//   npm start -- --data-dir <dir>      another data directory (else SEGLENS_DATA_DIR, ../shared/data, ./data)
//   npm start -- --no-build            serve what is built
//
// See apps/viewer/README.md.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

let args = process.argv.slice(2);
const build = !args.includes('--no-build');
args = args.filter((a) => a !== '--no-build');

// The data directory decides what the build generates as well as what the server serves.
const env = { ...process.env };
const at = args.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
if (at >= 0) {
  const value = args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
  if (value) env.SEGLENS_DATA_DIR = path.resolve(value);
}

if (build) {
  const nx = require.resolve('nx/bin/nx.js', { paths: [repo] });
  const result = spawnSync(process.execPath, [nx, 'run', 'viewer:build'], {
    cwd: repo,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('npm start: the build failed (see above); nothing is served');
    process.exit(result.status ?? 1);
  }
}

const { ensureBundle } = require(path.join(repo, 'apps', 'viewer', 'bin', 'bundle.cjs'));
const bundle = await ensureBundle();
process.setSourceMapsEnabled(true);
process.exitCode = await require(bundle).main(['serve', ...args]);
