// One input file or DICOM folder read for a model, as `predict` and `evaluate --input` both need it: the format
// from the path, the reader, a dataset's known header repair, grey images repeated for a colour model, and the
// viewer catalogue's fit rules (another modality, slices the model would crop or enlarge over 2x).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  assertFiniteVoxels,
  createVolume,
  listDicomFiles,
  readDicomFolder,
  readImageFile,
  readNiftiFile,
  type Volume,
} from '@seglens/data';
import type { SeglensModel } from '@seglens/models';
import { errorMessage, UsageError } from './errors';
import { modalityFits, volumeFits } from './fits';
import { knownHeaderRepair, type KnownRepair } from './header-repair';
import type { CliIo } from './io';
import { progressStream } from './load-split';
import { statInput } from './paths';

export type InputFormat = 'dicom' | 'nifti' | 'image';

/** The kind of input from the path: a folder is a DICOM series, else the file extension decides. */
export function inputFormat(input: string, absolute: string, command: string): InputFormat {
  if (statInput('input', input, absolute, command).isDirectory()) return 'dicom';
  if (/\.nii(\.gz)?$/i.test(input)) return 'nifti';
  if (/\.(png|jpe?g)$/i.test(input)) return 'image';
  throw new UsageError(
    `--input ${input}: not a DICOM folder, a NIfTI file (.nii, .nii.gz) or an image (.png, .jpg, .jpeg)`,
    command,
  );
}

/** Grey images for a colour model: the grey value in all three channels. */
function toChannels(image: Volume, channels: number, input: string, model: SeglensModel): Volume {
  if (image.channels === channels) return image;
  if (image.channels === 1 && channels === 3) {
    const n = image.voxels.length;
    const rgb = new (image.voxels.constructor as new (length: number) => Volume['voxels'])(n * 3);
    for (let i = 0; i < n; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = image.voxels[i];
    return createVolume({ ...image, voxels: rgb, channels: 3 });
  }
  throw new Error(
    `--input ${input} has ${image.channels}-channel images but model '${model.card.name}' takes ${channels}-channel images`,
  );
}

/**
 * A folder with no files of its own: says which of its subfolders hold files (e.g. the study folder above a
 * series folder), so the user can pass one of them.
 */
async function noFilesMessage(folder: string, input: string): Promise<string> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).length;
    if (files > 0 && dir !== folder) found.push(`${path.relative(folder, dir)} (${files} files)`);
    if (depth < 3 && found.length < 10)
      for (const e of entries.filter((x) => x.isDirectory() && !x.name.startsWith('.')))
        await walk(path.join(dir, e.name), depth + 1);
  };
  await walk(folder, 0);
  if (found.length === 0) return `the folder holds no files`;
  return `the folder holds no files itself; DICOM files may be in its subfolder${found.length > 1 ? 's' : ''} ${found.join(', ')}: pass one as --input, e.g. --input ${path.join(input, found[0].replace(/ \(\d+ files\)$/, ''))}`;
}

async function readInput(format: InputFormat, file: string, input: string, series?: string): Promise<Volume> {
  if (format === 'dicom') {
    if ((await listDicomFiles(file)).length === 0) throw new Error(await noFilesMessage(file, input));
    try {
      return await readDicomFolder(file, { seriesInstanceUID: series });
    } catch (error) {
      // The reader speaks to library users; on the command line the choice is --series.
      throw new Error(errorMessage(error).replace('pass seriesInstanceUID', 'pass --series <uid>'));
    }
  }
  if (format === 'nifti') return (await readNiftiFile(file)).volume;
  return readImageFile(file);
}

export interface ModelInputRequest {
  /** As given on the command line (for messages). */
  input: string;
  /** Absolute path. */
  path: string;
  format: InputFormat;
  series?: string;
  force?: boolean;
  quiet?: boolean;
}

export interface ModelInput {
  /** The file as its header says. */
  source: Volume;
  /** What the model segments: repaired as its dataset's preset reads it, with the model's channels. */
  image: Volume;
  known?: KnownRepair;
}

/**
 * Reads the input and checks the model fits it. `refusal` ends the no-fit message ("nothing was written").
 * Errors name the input.
 */
export async function readForModel(
  r: ModelInputRequest,
  model: SeglensModel,
  io: CliIo,
  refusal: string,
): Promise<ModelInput> {
  let source: Volume;
  try {
    source = await readInput(r.format, r.path, r.input, r.series);
  } catch (error) {
    throw new Error(`--input ${r.input}: ${errorMessage(error)}`);
  }
  assertFiniteVoxels(source, `--input ${r.input}`);
  // A file of a dataset whose headers are known to be wrong (BTCV) is segmented as its preset reads it; outputs
  // keep the file's own header, so they overlay the file in any viewer.
  const known = await knownHeaderRepair(r.path);
  if (known)
    progressStream(io, r.quiet).write(
      `header repair ${known.repair.name} (the file is in the data directory's ${known.folder}): ${known.repair.reason}; the output keeps the file's header\n`,
    );
  const read = known ? known.repair.apply(source) : source;
  const image = toChannels(read, model.card.input.channels, r.input, model);
  // The viewer and a DICOMweb batch refuse a model that does not fit; a file on the command line gets the same
  // rules (NIfTI and images carry no modality, so only their channels and slice size are judged).
  const mismatch =
    (r.format === 'dicom' ? modalityFits(source.dicom?.modality, model) : null) ?? volumeFits(image, model);
  if (mismatch !== null && !r.force)
    throw new Error(
      `--input ${r.input}: model '${model.card.name}' does not fit it: ${mismatch}; ${refusal} (pass --force to segment anyway)`,
    );
  return { source, image, ...(known ? { known } : {}) };
}
