#!/usr/bin/env node
// DICOM reading benchmark (prints numbers; it is not a test). Run after building the package:
//   cd packages/data && node ../../tools/build-package.mjs && node bench/dicom.mjs
// Files are read into memory first, so the numbers measure parsing, decoding and Volume assembly, not disk.
// Peers measured in the same run: dcmjs parsing the same uncompressed bytes (parse + naturalize only, no
// voxel assembly), and Pillow (OpenJPEG) decoding the same JPEG 2000 codestreams when /usr/bin/python3 has it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';
import { readDicomSeries } from '../dist/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.SEGLENS_DATA_DIR ?? path.resolve(here, '../../../../shared/data');

function load(folder) {
  return readdirSync(folder)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(folder, name));
      return { name, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    });
}

async function time(fn, repeats) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeats; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e9 / repeats;
}

const mb = (files) => files.reduce((n, f) => n + f.data.byteLength, 0) / 1e6;

// 1. JPEG 2000 CT: first load includes compiling the OpenJPEG WebAssembly module.
const ct = load(path.join(dataDir, 'ct-abdomen-totalsegmentator/dicom'));
const cold = await time(() => readDicomSeries(ct), 1);
const warm = await time(() => readDicomSeries(ct), 3);
console.log(
  `JPEG 2000 CT, 20 slices 512x512 (${mb(ct).toFixed(2)} MB): first load ${(cold * 1000).toFixed(0)} ms (incl. codec start-up), then ${(warm * 1000).toFixed(0)} ms per load (${((warm * 1000) / 20).toFixed(1)} ms/slice)`,
);

const pillow = spawnSync('/usr/bin/python3', ['-c', 'import PIL.Image, numpy'], { encoding: 'utf8' });
if (pillow.status === 0) {
  const dir = mkdtempSync(path.join(tmpdir(), 'j2k-bench-'));
  try {
    for (const f of ct)
      execFileSync('dcmdump', ['+W', dir, path.join(dataDir, 'ct-abdomen-totalsegmentator/dicom', f.name)], {
        stdio: 'ignore',
      });
    const script = [
      'import glob, time, numpy as np',
      'from PIL import Image',
      `files = sorted(glob.glob(${JSON.stringify(dir)} + '/*.1.raw'))`,
      'best = 1e9',
      'for _ in range(3):',
      '    t = time.perf_counter()',
      '    for f in files: np.asarray(Image.open(f))',
      '    best = min(best, time.perf_counter() - t)',
      'print(best)',
    ].join('\n');
    const seconds = Number(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }).trim());
    console.log(
      `  peer: Pillow/OpenJPEG decodes the same 20 codestreams in ${(seconds * 1000).toFixed(0)} ms (ours / Pillow = ${(warm / seconds).toFixed(2)}x)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('  peer: /usr/bin/python3 with Pillow not found, JPEG 2000 peer skipped');
}

// 2. Uncompressed series, read many times.
function dcmjsParse(files) {
  for (const f of files) {
    const buffer = f.data.slice().buffer;
    dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buffer).dict);
  }
}
const quiet = dcmjs.log.getLogger('validation.dcmjs');
quiet.setLevel('silent', false);
const series = [
  ['liver CT, 3 slices 512x512 int16, implicit VR', path.join(dataDir, 'ct-liver-dicom-seg/dicom'), 40],
  [
    'hippocampus MR Study1, 32 slices ~51x35',
    path.join(dataDir, 'msd-hippocampus-dicom/Study1/13_HCropVolume'),
    200,
  ],
  [
    'hippocampus MR Study2, 35 slices',
    path.join(dataDir, 'msd-hippocampus-dicom/Study2/14_HCropVolume'),
    200,
  ],
  [
    'hippocampus MR Study3, 40 slices',
    path.join(dataDir, 'msd-hippocampus-dicom/Study3/11_HCropVolume'),
    200,
  ],
];
for (const [label, folder, repeats] of series) {
  const files = load(folder);
  await readDicomSeries(files); // warm-up (JIT)
  const ours = await time(() => readDicomSeries(files), repeats);
  const peer = await time(() => dcmjsParse(files), Math.max(5, repeats / 4));
  const size = mb(files);
  console.log(
    `${label}: ${(size / ours).toFixed(0)} MB/s into a Volume (${(ours * 1000).toFixed(2)} ms per series); dcmjs parse only ${(size / peer).toFixed(0)} MB/s (ours / dcmjs speed = ${(peer / ours).toFixed(1)}x)`,
  );
}
