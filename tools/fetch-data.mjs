#!/usr/bin/env node
// npm run fetch-data: makes the public data sets of seglens available.
//
// 1. If the data directory the project reads (SEGLENS_DATA_DIR, else ../shared/data next to the repository, else
//    ./data) already holds every data set, it says so and exits: no network.
// 2. Otherwise it downloads the source repositories' archives at the pinned commits (the ones named in the
//    data README), unpacks them with the system `tar`, and copies the needed files into ./data/<folder>.
//    Archives go to a temporary name first and are renamed when complete; each data set folder is assembled
//    under a temporary name and renamed at the end, so an interrupted run never leaves a half-filled folder.
//
// Options: --dest <dir> (download here even if a shared copy exists), --only <folder,...>, --dry-run (list what
// would be downloaded, touch nothing), --help. The destination follows SEGLENS_DATA_DIR when it is set.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { collectAcdc, collectBtcv } from './fetch-data-volumes.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Each data set: the repository and commit it comes from, its licence as the source states it, and how to lay
 * out the files. `collect(src, out)` gets
 * the unpacked repository folder and the (temporary) data set folder and returns the number of files copied.
 */
const DATASETS = [
  {
    folder: 'polypgen-256',
    repo: 'AlexMilionis/PolypSegmentation',
    commit: 'b728085',
    what: 'PolypGen colonoscopy frames and polyp masks',
    licence: 'CC BY 4.0 (PolypGen, Sci. Data 2023)',
    collect: collectPolyp,
  },
  {
    folder: 'msd-hippocampus',
    repo: 'WisnuMulya/hippocampal-volume-quantification',
    commit: 'f1c5a0f',
    what: 'MSD Task04 hippocampus MR volumes and labels',
    licence: 'CC BY-SA 4.0 (Medical Segmentation Decathlon)',
    collect: async (src, out) =>
      (await copyFolder(path.join(src, 'data/TrainingSet/images'), path.join(out, 'images'))) +
      (await copyFolder(path.join(src, 'data/TrainingSet/labels'), path.join(out, 'labels'))),
  },
  {
    folder: 'msd-hippocampus-dicom',
    repo: 'WisnuMulya/hippocampal-volume-quantification',
    commit: 'f1c5a0f',
    what: 'three hippocampus crop MR series as DICOM',
    licence: 'CC BY-SA 4.0 (Medical Segmentation Decathlon)',
    collect: collectHippocampusDicom,
  },
  {
    folder: 'ct-abdomen-totalsegmentator',
    repo: 'wasserth/TotalSegmentator',
    commit: '0e65a448',
    what: '20 abdominal CT slices (DICOM, JPEG 2000) and TotalSegmentator labels',
    licence: 'Apache-2.0',
    collect: async (src, out) =>
      (await copyFolder(path.join(src, 'tests/reference_files/example_ct_dicom'), path.join(out, 'dicom'))) +
      (await copyFile(
        path.join(src, 'tests/reference_files/example_seg_dicom.nii.gz'),
        path.join(out, 'labels.nii.gz'),
      )) +
      (await copyFile(path.join(src, 'LICENSE'), path.join(out, 'LICENSE'))),
  },
  {
    folder: 'ct-liver-dicom-seg',
    repo: 'QIICR/dcmqi',
    commit: 'b6137d9e',
    what: '3 CT slices with two DICOM SEG objects',
    licence: 'BSD-3-Clause',
    collect: async (src, out) => {
      const seg = path.join(src, 'data/segmentations');
      return (
        (await copyFolder(path.join(seg, 'ct-3slice'), path.join(out, 'dicom'))) +
        (await copyFile(path.join(seg, 'liver.dcm'), path.join(out, 'liver.dcm'))) +
        (await copyFile(path.join(seg, 'partial_overlaps.dcm'), path.join(out, 'partial_overlaps.dcm'))) +
        (await copyFile(path.join(src, 'LICENSE'), path.join(out, 'LICENSE')))
      );
    },
  },
  {
    folder: 'btcv-abdomen-ct',
    repo: 'QYAOYang/VLAlignSeg-',
    commit: '3981d06',
    what: 'BTCV abdominal CT volumes (HU window -125..275) with 13 manually labelled organs, assembled from PNG slices and label volumes',
    licence: "research use under the BTCV challenge's terms (Synapse); do not redistribute the data",
    collect: collectBtcv,
  },
  {
    folder: 'acdc-cardiac-mr',
    repo: 'antares0811/3DCardiac',
    commit: '7dcd89c',
    what: 'ACDC short-axis cine MR (end-diastole and end-systole) with RV, myocardium and LV labels, joined from HDF5 (needs python3-h5py)',
    licence: 'CC BY-NC-SA 4.0 (ACDC; non-commercial)',
    collect: collectAcdc,
  },
];

// SEGLENS_DATA_MIRROR replaces https://github.com, for mirrors and proxies that serve the same archive paths.
const ARCHIVE_BASE = (process.env.SEGLENS_DATA_MIRROR || 'https://github.com').replace(/\/+$/, '');
const archiveUrl = (repo, commit) => `${ARCHIVE_BASE}/${repo}/archive/${commit}.tar.gz`;

function usage() {
  return [
    'usage: npm run fetch-data -- [--dest <dir>] [--only <folder,...>] [--dry-run]',
    'environment: SEGLENS_DATA_DIR (where the data lives), SEGLENS_DATA_MIRROR (instead of https://github.com)',
    `data sets: ${DATASETS.map((d) => d.folder).join(', ')}`,
  ].join('\n');
}

function parseArgs(argv) {
  const options = { dest: undefined, only: undefined, dryRun: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--dest' || arg === '--only') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      if (arg === '--dest') options.dest = path.resolve(value);
      else options.only = value.split(',').map((s) => s.trim());
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (options.only) {
    const unknown = options.only.filter((f) => !DATASETS.some((d) => d.folder === f));
    if (unknown.length) throw new Error(`unknown data set(s) ${unknown.join(', ')}`);
  }
  return options;
}

const isDir = (p) => existsSync(p) && statSync(p).isDirectory();

async function countFiles(dir) {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? await countFiles(path.join(dir, entry.name)) : 1;
  }
  return n;
}

async function copyFolder(from, to) {
  if (!existsSync(from)) throw new Error(`the source archive has no ${from}`);
  await cp(from, to, { recursive: true });
  return countFiles(to);
}

async function copyFile(from, to) {
  if (!existsSync(from)) throw new Error(`the source archive has no ${from}`);
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to);
  return 1;
}

/** Every folder below `dir` (inclusive) that holds both images/ and masks/: the splits (train, val, ...). */
async function findSplitFolders(dir, found = []) {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  if (names.has('images') && names.has('masks')) found.push(dir);
  for (const name of names) await findSplitFolders(path.join(dir, name), found);
  return found;
}

// The source keeps PolypGen frames in <split>/images and <split>/masks folders below data/. The shared copy was
// resized to 256x256 with masks thresholded at 127 and saved as PNG; the loaders accept the originals as they
// are (any size, `_mask` names, JPEG masks thresholded at 127) and resize at load time.
async function collectPolyp(src, out) {
  const splits = await findSplitFolders(path.join(src, 'data'));
  if (splits.length === 0)
    throw new Error(`no <split>/images + <split>/masks folders under ${path.join(src, 'data')}`);
  let n = 0;
  for (const split of splits) n += await copyFolder(split, path.join(out, path.basename(split)));
  return n;
}

async function collectHippocampusDicom(src, out) {
  const root = path.join(src, 'data/TestVolumes');
  let n = 0;
  for (const study of await readdir(root, { withFileTypes: true })) {
    if (!study.isDirectory()) continue;
    for (const series of await readdir(path.join(root, study.name), { withFileTypes: true })) {
      if (series.isDirectory() && series.name.endsWith('_HCropVolume')) {
        n += await copyFolder(
          path.join(root, study.name, series.name),
          path.join(out, study.name, series.name),
        );
      }
    }
  }
  if (n === 0) throw new Error(`no */*_HCropVolume series under ${root}`);
  return n;
}

/** Streams `url` to `file` through a temporary name. */
async function download(url, file) {
  const tmp = `${file}.part-${process.pid}`;
  let response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (error) {
    throw new Error(
      `cannot reach ${url} (${error.cause?.code ?? error.message}); check the network or proxy`,
    );
  }
  if (!response.ok || !response.body)
    throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  let received = 0;
  const body = Readable.fromWeb(response.body);
  body.on('data', (chunk) => {
    received += chunk.length;
    if (process.stdout.isTTY) process.stdout.write(`\r  ${(received / 1e6).toFixed(1)} MB`);
  });
  try {
    await pipeline(body, createWriteStream(tmp));
  } catch (error) {
    await rm(tmp, { force: true });
    throw new Error(`download of ${url} failed after ${received} bytes: ${error.message}`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  await rename(tmp, file);
  return received;
}

/** Downloads (once) and unpacks a repository archive; returns the unpacked repository folder. */
async function unpackedRepository(repo, commit, cacheDir, workDir) {
  const archive = path.join(cacheDir, `${repo.replace('/', '--')}-${commit}.tar.gz`);
  if (!existsSync(archive)) {
    const url = archiveUrl(repo, commit);
    console.log(`downloading ${url}`);
    const bytes = await download(url, archive);
    console.log(`  saved ${(bytes / 1e6).toFixed(1)} MB to ${archive}`);
  }
  const target = path.join(workDir, `${repo.replace('/', '--')}-${commit}`);
  if (!existsSync(target)) {
    await mkdir(target, { recursive: true });
    const tar = spawnSync('tar', ['-xzf', archive, '-C', target, '--strip-components=1'], {
      encoding: 'utf8',
    });
    if (tar.error || tar.status !== 0) {
      await rm(archive, { force: true }); // a corrupt archive must not be reused
      throw new Error(`could not unpack ${archive}: ${tar.error?.message ?? tar.stderr.trim()}`);
    }
  }
  return target;
}

/** The data directory the project will read, with the same precedence as resolveDataDir in @seglens/data. */
function locateDataDir(dest) {
  if (dest) return { label: '--dest', dir: dest };
  if (process.env.SEGLENS_DATA_DIR)
    return { label: 'SEGLENS_DATA_DIR', dir: path.resolve(process.env.SEGLENS_DATA_DIR) };
  const shared = path.resolve(REPO_ROOT, '..', 'shared', 'data');
  if (isDir(shared)) return { label: '../shared/data', dir: shared };
  return { label: './data', dir: path.join(REPO_ROOT, 'data') };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`fetch-data: ${error.message}\n${usage()}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(usage());
    return;
  }
  const wanted = DATASETS.filter((d) => !options.only || options.only.includes(d.folder));
  const located = locateDataDir(options.dest);
  let dest = located.dir;
  let missing = wanted.filter((d) => !isDir(path.join(dest, d.folder)));
  if (missing.length === 0) {
    console.log(`fetch-data: found every data set in ${dest} (${located.label}); nothing to download:`);
    for (const d of wanted)
      console.log(`  ${d.folder}: ${await countFiles(path.join(dest, d.folder))} files`);
    return;
  }
  if (located.label === '../shared/data') {
    // The shared copy is read-only and incomplete: download the rest into ./data instead.
    dest = path.join(REPO_ROOT, 'data');
    missing = wanted.filter((d) => !isDir(path.join(dest, d.folder)));
    console.log(
      `fetch-data: ../shared/data lacks some data sets; using ${dest} (set SEGLENS_DATA_DIR to it)`,
    );
    if (missing.length === 0) return;
  }
  if (options.dryRun) {
    console.log(`fetch-data (dry run): would download into ${dest}:`);
    for (const d of missing) {
      console.log(
        `  ${d.folder}: ${d.what}\n    from ${archiveUrl(d.repo, d.commit)}\n    licence: ${d.licence}`,
      );
    }
    return;
  }
  await mkdir(dest, { recursive: true });
  const cacheDir = path.join(dest, '.downloads');
  await mkdir(cacheDir, { recursive: true });
  const workDir = await mkdtemp(path.join(dest, '.unpack-'));
  try {
    for (const d of missing) {
      const src = await unpackedRepository(d.repo, d.commit, cacheDir, workDir);
      const tmp = path.join(dest, `.${d.folder}.tmp-${process.pid}`);
      await rm(tmp, { recursive: true, force: true });
      try {
        const files = await d.collect(src, tmp);
        await rename(tmp, path.join(dest, d.folder));
        console.log(`  ${d.folder}: ${files} files`);
      } catch (error) {
        await rm(tmp, { recursive: true, force: true });
        throw new Error(`${d.folder} from ${d.repo}@${d.commit}: ${error.message}`);
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  console.log(`fetch-data: done; data is in ${dest}`);
}

main().catch((error) => {
  console.error(`fetch-data: ${error.message}`);
  process.exit(1);
});
