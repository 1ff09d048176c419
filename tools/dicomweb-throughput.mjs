#!/usr/bin/env node
// Measures `seglens predict --dicomweb` throughput per model against a real local Orthanc (Debian's orthanc and
// orthanc-dicomweb): starts Orthanc on a free loopback port with made-up credentials, uploads the given DICOM
// folders, runs one batch per model (--all --out <tmp>: nothing is stored, so every model sees every series),
// and prints per model the series segmented, wall time and series per hour. Usage:
//   node tools/dicomweb-throughput.mjs --models hippocampus-rce,hippocampus-dice --folders a,b [--repeat 3] [--concurrency 2]
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    folders: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '2' },
  },
});
if (!values.models || !values.folders) {
  console.error('usage: --models a,b --folders dir1,dir2 [--repeat n] [--concurrency n]');
  process.exit(2);
}
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const plugin = ['/usr/share/orthanc/plugins', '/usr/lib/orthanc/plugins']
  .map((d) => path.join(d, 'libOrthancDicomWeb.so'))
  .find(existsSync);
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = await mkdtemp(path.join(tmpdir(), 'seglens-throughput-'));
const user = `bench-${randomBytes(4).toString('hex')}`;
const password = randomBytes(18).toString('base64url');
await writeFile(
  path.join(dir, 'orthanc.json'),
  JSON.stringify({
    StorageDirectory: path.join(dir, 's'),
    IndexDirectory: path.join(dir, 's'),
    HttpPort: port,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [user]: password },
    DicomServerEnabled: false,
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  }),
  { mode: 0o600 },
);
const orthanc = spawn('/usr/sbin/Orthanc', [path.join(dir, 'orthanc.json')], { stdio: 'ignore' });
const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/system`, { headers: { authorization: auth } }).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error('Orthanc did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  let files = 0;
  for (const folder of values.folders.split(',')) {
    for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.dcm')) continue;
      const r = await fetch(`${base}/instances`, {
        method: 'POST',
        headers: { authorization: auth },
        body: await readFile(path.join(e.parentPath, e.name)),
      });
      if (!r.ok) throw new Error(`upload ${e.name}: ${r.status}`);
      files++;
    }
  }
  console.log(
    `Orthanc on ${base} holds ${files} instances; ${cpus().length} cores, load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    '| model | series per run | process wall s (each run) | batch s (each run) | batch s per series (best run) | series per hour |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const model of values.models.split(',')) {
    const walls = [];
    const batches = [];
    let series = 0;
    for (let r = 0; r < Number(values.repeat); r++) {
      const out = await mkdtemp(path.join(dir, 'out-'));
      const started = process.hrtime.bigint();
      const stdout = execFileSync(
        process.execPath,
        [
          path.join(repo, 'apps/cli/bin/seglens.cjs'),
          'predict',
          '--model',
          model,
          '--dicomweb',
          `${base}/dicom-web`,
          '--all',
          '--out',
          out,
          '--concurrency',
          values.concurrency,
          '--json',
          '--quiet',
        ],
        {
          env: { ...process.env, SEGLENS_DICOMWEB_USER: user, SEGLENS_DICOMWEB_PASSWORD: password },
          encoding: 'utf8',
        },
      );
      walls.push(Number(process.hrtime.bigint() - started) / 1e9);
      const batch = JSON.parse(stdout);
      series = batch.counts.written;
      batches.push(batch.seconds);
    }
    const best = Math.min(...batches);
    console.log(
      `| ${model} | ${series} | ${walls.map((w) => w.toFixed(1)).join(', ')} | ${batches.map((w) => w.toFixed(2)).join(', ')} | ${(best / series).toFixed(2)} | ${Math.round((3600 * series) / best)} |`,
    );
  }
} finally {
  orthanc.kill('SIGTERM');
  await new Promise((r) => orthanc.once('exit', r));
  await rm(dir, { recursive: true, force: true });
}
