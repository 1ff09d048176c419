// Assembles the volumes of btcv-abdomen-ct and acdc-cardiac-mr from what their source repositories hold, for
// tools/fetch-data.mjs. Neither source ships NIfTI volumes of images and labels side by side:
// - BTCV (QYAOYang/VLAlignSeg-): the labels are NIfTI volumes (data/SABS/sabs_CT_normalized/label_<n>.nii.gz),
//   the images PNG slices windowed to -125..275 HU (data/SABS_CHAOS_Merged/processed/img/image_SABS_<n>_slice
//   <kkk>.png). Each image volume is the stack of its slices on its label's grid, stored as the 8-bit values with
//   scl_slope 400/255 and scl_inter -125, so a reader gets HU back.
// - ACDC (antares0811/3DCardiac): HDF5 files (data/ACDC/data/*.h5), whole volumes or one file per slice;
//   tools/acdc-h5-to-nifti.py (python3 with h5py and numpy) joins them into NIfTI volumes.
// Both layouts were read off the source repositories' file lists; the assembly checks what it can (every slice
// present, sizes agree, the liver's HU plausible) and stops with a message naming the file otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** @seglens/data's built readers and writers, loaded only when BTCV is assembled (the other sets need no build). */
async function dataPackage() {
  try {
    return await import('@seglens/data');
  } catch (error) {
    throw new Error(
      `assembling BTCV needs the built @seglens/data (run npm run build first): ${error.message}`,
    );
  }
}
const HU_LOW = -125;
const HU_HIGH = 275;
const BTCV_LIVER = 6;

/** One BTCV case: its label volume and the stack of its PNG slices as 8-bit values on the label's grid. */
async function btcvCase(labelFile, slices) {
  const { readImageFile, readNiftiFile } = await dataPackage();
  const labels = (await readNiftiFile(labelFile, { labels: true })).volume;
  const [nx, ny, nz] = labels.dims;
  if (slices.length !== nz)
    throw new Error(`${labelFile} has ${nz} slices but the source holds ${slices.length} PNG slices for it`);
  const voxels = new Uint8Array(nx * ny * nz);
  for (const [k, file] of slices.entries()) {
    const png = await readImageFile(file);
    if (png.dims[0] !== nx || png.dims[1] !== ny || png.channels !== 1)
      throw new Error(
        `${file} is ${png.dims[0]}x${png.dims[1]}x${png.channels} but its label slice is ${nx}x${ny}x1`,
      );
    voxels.set(png.voxels, k * nx * ny);
  }
  // A slice stacked the wrong way round would put other tissue under the liver label: its mean would leave the
  // range of contrast-enhanced liver.
  let n = 0;
  let sum = 0;
  labels.voxels.forEach((label, i) => {
    if (label === BTCV_LIVER) {
      n++;
      sum += HU_LOW + (voxels[i] * (HU_HIGH - HU_LOW)) / 255;
    }
  });
  if (n > 0 && !(sum / n > 20 && sum / n < 200))
    throw new Error(
      `${labelFile}: the liver's mean is ${(sum / n).toFixed(0)} HU in the stacked PNG slices; the source's layout changed?`,
    );
  return { labels, image: { ...labels, voxels } };
}

/** Encodes 8-bit values as a .nii.gz whose scl_slope/scl_inter give HU in the -125..275 window. */
async function huNifti(volume) {
  const { writeNifti } = await dataPackage();
  const raw = writeNifti(volume, { gzip: false, description: 'CT HU = v*400/255-125' });
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  view.setFloat32(112, (HU_HIGH - HU_LOW) / 255, true);
  view.setFloat32(116, HU_LOW, true);
  return gzipSync(raw);
}

/** btcv-abdomen-ct from an unpacked QYAOYang/VLAlignSeg- archive: every label volume with all its slices. */
export async function collectBtcv(src, out) {
  const labelDir = path.join(src, 'data/SABS/sabs_CT_normalized');
  const imageDir = path.join(src, 'data/SABS_CHAOS_Merged/processed/img');
  for (const dir of [labelDir, imageDir])
    if (!existsSync(dir)) throw new Error(`the source archive has no ${dir}`);
  const pngs = (await readdir(imageDir)).filter((f) => /^image_SABS_\d+_slice\d+\.png$/.test(f)).sort();
  const labels = (await readdir(labelDir)).filter((f) => /^label_\d+\.nii\.gz$/.test(f));
  await mkdir(path.join(out, 'images'), { recursive: true });
  await mkdir(path.join(out, 'labels'), { recursive: true });
  let files = 0;
  for (const labelName of labels.sort((a, b) => parseInt(a.slice(6), 10) - parseInt(b.slice(6), 10))) {
    const n = parseInt(labelName.slice('label_'.length), 10);
    const slices = pngs
      .filter((f) => f.startsWith(`image_SABS_${n}_slice`))
      .map((f) => path.join(imageDir, f));
    // Volumes whose slices the source did not export have no image: leave them out rather than guess.
    if (slices.length === 0) continue;
    const { labels: labelVolume, image } = await btcvCase(path.join(labelDir, labelName), slices);
    const name = `btcv_${String(n).padStart(2, '0')}.nii.gz`;
    const { writeNifti } = await dataPackage();
    await writeFile(path.join(out, 'images', name), await huNifti(image));
    await writeFile(path.join(out, 'labels', name), writeNifti(labelVolume, { labels: true }));
    files += 2;
  }
  if (files === 0) throw new Error(`no label_<n>.nii.gz in ${labelDir} has PNG slices in ${imageDir}`);
  return files;
}

/** acdc-cardiac-mr from an unpacked antares0811/3DCardiac archive, through python3 (h5py, numpy). */
export async function collectAcdc(src, out) {
  const h5Dir = path.join(src, 'data/ACDC/data');
  if (!existsSync(h5Dir)) throw new Error(`the source archive has no ${h5Dir}`);
  const run = spawnSync('python3', [path.join(HERE, 'acdc-h5-to-nifti.py'), h5Dir, out], {
    encoding: 'utf8',
  });
  if (run.error || run.status !== 0)
    throw new Error(
      `converting ACDC's HDF5 files needs python3 with h5py and numpy (Debian: apt install python3-h5py): ${run.error?.message ?? run.stderr.trim()}`,
    );
  const count = Number(run.stdout.trim().split('\n').pop());
  if (!(count > 0)) throw new Error(`no ACDC volumes were written from ${h5Dir}`);
  return count;
}
