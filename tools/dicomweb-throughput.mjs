#!/usr/bin/env node
// Measures `seglens predict --dicomweb` throughput per model against a real local Orthanc (Debian's orthanc and
// orthanc-dicomweb): starts Orthanc on a free loopback port with made-up credentials, uploads the given DICOM
// folders, runs one batch per model (--all --out <tmp>: nothing is stored, so every model sees every series),
// and prints per model the series segmented, wall time and series per hour, then each series' own seconds in the
// model's best run and why any series was not segmented. Usage:
//   node tools/dicomweb-throughput.mjs --models hippocampus-rce,hippocampus-dice --folders a,b [--repeat 3] [--concurrency 2]
// Every file under the folders named *.dcm or carrying the DICOM Part 10 "DICM" marker is uploaded (archives and
// scanners often write files without an extension, e.g. CT.<SOP Instance UID>); other files (LICENSE, NIfTI) are not.
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
    help: { type: 'boolean', short: 'h' },
  },
});
const usage =
  'usage: node tools/dicomweb-throughput.mjs --models a,b --folders dir1,dir2 [--repeat n (3)] [--concurrency n (2)]';
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.models || !values.folders) {
  console.error(usage);
  process.exit(2);
}
for (const flag of ['repeat', 'concurrency']) {
  if (!/^[1-9][0-9]*$/.test(values[flag])) {
    console.error(`--${flag} ${values[flag]}: must be a whole number of at least 1\n${usage}`);
    process.exit(2);
  }
}
for (const folder of values.folders.split(',')) {
  if (!existsSync(folder)) {
    console.error(`--folders: ${folder} does not exist`);
    process.exit(2);
  }
}
/** A DICOM Part 10 file: 128-byte preamble, then "DICM". */
const isDicom = (name, bytes) =>
  name.toLowerCase().endsWith('.dcm') ||
  (bytes.length > 132 && bytes.toString('latin1', 128, 132) === 'DICM');
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
      if (!e.isFile()) continue;
      const bytes = await readFile(path.join(e.parentPath, e.name));
      if (!isDicom(e.name, bytes)) continue;
      const r = await fetch(`${base}/instances`, {
        method: 'POST',
        headers: { authorization: auth },
        body: bytes,
      });
      if (!r.ok)
        throw new Error(`upload ${path.join(e.parentPath, e.name)}: HTTP ${r.status} ${await r.text()}`);
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
  const notes = [];
  for (const model of values.models.split(',')) {
    const walls = [];
    const batches = [];
    let series = 0;
    let bestRun;
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
      // A series the model segmented but found nothing in (no SEG written) cost as much as a written one.
      series = batch.counts.written + batch.counts['no-foreground'];
      batches.push(batch.seconds);
      if (!bestRun || batch.seconds < bestRun.seconds) bestRun = batch;
    }
    const best = bestRun.seconds;
    const perSeries = series ? (best / series).toFixed(2) : '-';
    const perHour = series ? Math.round((3600 * series) / best) : 0;
    console.log(
      `| ${model} | ${series} | ${walls.map((w) => w.toFixed(1)).join(', ')} | ${batches.map((w) => w.toFixed(2)).join(', ')} | ${perSeries} | ${perHour} |`,
    );
    for (const s of bestRun.series) {
      const what = `${model}: ${s.modality ?? '?'} "${s.description ?? s.series}"`;
      if (s.status === 'written' || s.status === 'no-foreground')
        notes.push(
          `${what} ${s.seconds?.toFixed(2)} s${s.status === 'no-foreground' ? ' (no foreground)' : ''}`,
        );
      else notes.push(`${what} ${s.status}${s.detail ? `: ${s.detail}` : ''}`);
    }
  }
  console.log(
    `\nEach series in the model's best run (load now ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}):`,
  );
  for (const n of notes) console.log(`  ${n}`);
} finally {
  orthanc.kill('SIGTERM');
  await new Promise((r) => orthanc.once('exit', r));
  await rm(dir, { recursive: true, force: true });
}
