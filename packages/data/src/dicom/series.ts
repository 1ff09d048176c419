import { createVolume, type Direction, type Vec3, type Volume } from '../volume';
import { DicomError } from './errors';
import {
  parseInstance,
  SEG_SOP_CLASS_UID,
  toFileInput,
  type DicomInput,
  type FrameGeometry,
  type ParsedInstance,
} from './parse';
import { checkPixelFormat, readStoredFrame, type StoredFrame } from './pixels';

export interface ReadDicomSeriesOptions {
  /** Which series to read when the files hold several; without it, several series are an error. */
  seriesInstanceUID?: string;
  /**
   * Type of the voxels after rescale slope/intercept: 'auto' (default) gives an Int16Array when every slope and
   * intercept is an integer and all rescaled values fit in int16 (CT in HU, most MR), else a Float32Array.
   * 'int16' insists on Int16Array (an Error if values do not fit), 'float32' always gives Float32Array.
   * Colour (RGB) series always give a Uint8Array with 3 channels.
   */
  voxelType?: 'auto' | 'int16' | 'float32';
  /** Name used in errors that concern the whole set of files (e.g. the folder). Default "series". */
  sourceName?: string;
}

/** One series found among a set of DICOM files. */
export interface DicomSeriesSummary {
  seriesInstanceUID: string;
  studyInstanceUID: string;
  modality: string;
  seriesDescription: string;
  sopClassUID: string;
  files: string[];
}

function groupBySeries(instances: ParsedInstance[]): Map<string, ParsedInstance[]> {
  const groups = new Map<string, ParsedInstance[]>();
  for (const inst of instances) {
    const group = groups.get(inst.seriesInstanceUID);
    if (group) group.push(inst);
    else groups.set(inst.seriesInstanceUID, [inst]);
  }
  return groups;
}

function summarise(groups: Map<string, ParsedInstance[]>): DicomSeriesSummary[] {
  return [...groups.entries()].map(([uid, insts]) => ({
    seriesInstanceUID: uid,
    studyInstanceUID: insts[0].studyInstanceUID,
    modality: insts[0].modality,
    seriesDescription: insts[0].seriesDescription,
    sopClassUID: insts[0].sopClassUID,
    files: insts.map((i) => i.file),
  }));
}

function describeSeries(list: DicomSeriesSummary[]): string {
  return list
    .map(
      (s) =>
        `${s.seriesInstanceUID} (${s.modality || '?'}${s.seriesDescription ? ` "${s.seriesDescription}"` : ''}, ${s.files.length} file(s))`,
    )
    .join('; ');
}

/** Lists the series in a set of DICOM files (parsing headers only), e.g. to choose one for readDicomSeries. */
export function listDicomSeries(inputs: DicomInput[]): DicomSeriesSummary[] {
  return summarise(groupBySeries(inputs.map((input, i) => parseInstance(toFileInput(input, i)))));
}

interface Slice {
  inst: ParsedInstance;
  frame: number;
  geometry: FrameGeometry;
  position: Vec3;
  distance: number;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

function cross(a: ArrayLike<number>, b: ArrayLike<number>): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function unit(v: ArrayLike<number>, what: string, file: string): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 1e-6)) throw new DicomError(file, `${what} is not a direction (zero length)`);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Checks that all instances of a series can share one voxel grid. */
function checkConsistency(instances: ParsedInstance[]): void {
  const ref = instances[0];
  for (const inst of instances) {
    if (inst.sopClassUID === SEG_SOP_CLASS_UID) {
      throw new DicomError(
        inst.file,
        'is a DICOM SEG (Segmentation Storage), not an image: read it with readDicomSeg',
      );
    }
    checkPixelFormat(inst);
    if (inst.rows !== ref.rows || inst.columns !== ref.columns) {
      throw new DicomError(
        inst.file,
        `Rows x Columns ${inst.rows}x${inst.columns} differ from ${ref.rows}x${ref.columns} in ${ref.file} of the same series`,
      );
    }
    if (inst.samplesPerPixel !== ref.samplesPerPixel) {
      throw new DicomError(
        inst.file,
        `SamplesPerPixel ${inst.samplesPerPixel} differs from ${ref.samplesPerPixel} in ${ref.file}`,
      );
    }
  }
}

/** Orders the frames of a series along the slice normal and checks that they form a regular grid. */
function orderSlices(instances: ParsedInstance[]): {
  slices: Slice[];
  row: Vec3;
  col: Vec3;
  normal: Vec3;
  sliceSpacing: number;
  pixelSpacing: [number, number];
  /** No PixelSpacing: distances on the Volume are in pixels (e.g. Secondary Capture of a photograph). */
  spacingUnknown: boolean;
} {
  const frames = instances.flatMap((inst) =>
    inst.frames.map((geometry, frame) => ({ inst, frame, geometry })),
  );
  const first = frames[0];
  const orientation = first.geometry.orientation ?? [1, 0, 0, 0, 1, 0];
  const row = unit(orientation.slice(0, 3), 'ImageOrientationPatient row cosine', first.inst.file);
  const col = unit(orientation.slice(3, 6), 'ImageOrientationPatient column cosine', first.inst.file);
  const normal = unit(cross(row, col), 'the slice normal (row x column)', first.inst.file);
  const spacingUnknown = first.geometry.pixelSpacing === undefined;
  const pixelSpacing = first.geometry.pixelSpacing ?? [1, 1];
  if (frames.length > 1) {
    for (const f of frames) {
      if (!f.geometry.position) {
        throw new DicomError(
          f.inst.file,
          `no ImagePositionPatient${f.inst.numberOfFrames > 1 ? ` for frame ${f.frame + 1}` : ''}: slices cannot be ordered by geometry`,
        );
      }
      const o = f.geometry.orientation;
      if (!o || o.some((v, i) => Math.abs(v - orientation[i]) > 1e-4)) {
        throw new DicomError(
          f.inst.file,
          `ImageOrientationPatient [${o?.join(', ') ?? 'missing'}] differs from [${orientation.join(', ')}] in ${first.inst.file}`,
        );
      }
      const ps = f.geometry.pixelSpacing ?? [1, 1];
      if ((f.geometry.pixelSpacing === undefined) !== spacingUnknown) {
        throw new DicomError(
          f.inst.file,
          `PixelSpacing is ${spacingUnknown ? 'present' : 'missing'} here but ${spacingUnknown ? 'missing' : 'present'} in ${first.inst.file}: one series cannot mix pixels and millimetres`,
        );
      }
      if (
        Math.abs(ps[0] - pixelSpacing[0]) > 1e-4 * pixelSpacing[0] ||
        Math.abs(ps[1] - pixelSpacing[1]) > 1e-4 * pixelSpacing[1]
      ) {
        throw new DicomError(
          f.inst.file,
          `PixelSpacing [${ps.join(', ')}] differs from [${pixelSpacing.join(', ')}] in ${first.inst.file}`,
        );
      }
    }
  }
  const slices: Slice[] = frames.map((f) => {
    const position = f.geometry.position ?? [0, 0, 0];
    return { ...f, position, distance: dot(position, normal) };
  });
  // Geometry, not file names or InstanceNumber, decides the order: ascending along the normal makes the
  // Volume's k axis the normal, so (row, column, normal) is a right-handed frame like ITK's.
  slices.sort((a, b) => a.distance - b.distance);
  const name = (s: Slice): string =>
    s.inst.numberOfFrames > 1 ? `${s.inst.file} frame ${s.frame + 1}` : s.inst.file;
  const gaps = slices.slice(1).map((s, i) => s.distance - slices[i].distance);
  for (let i = 0; i < gaps.length; i++) {
    if (gaps[i] < 1e-3) {
      throw new DicomError(
        name(slices[i + 1]),
        `duplicate slice: same position along the slice normal (${slices[i].distance.toFixed(3)} mm) as ${name(slices[i])}`,
      );
    }
  }
  let sliceSpacing = first.inst.spacingBetweenSlices ?? first.geometry.sliceThickness ?? 1;
  if (gaps.length > 0) {
    sliceSpacing = median(gaps);
    // 5 % leaves room for scanner rounding but catches a single missing slice (a 100 % jump).
    for (let i = 0; i < gaps.length; i++) {
      if (Math.abs(gaps[i] - sliceSpacing) > 0.05 * sliceSpacing) {
        throw new DicomError(
          name(slices[i + 1]),
          `slice spacing is not uniform: ${gaps[i].toFixed(3)} mm from ${name(slices[i])} where the series is spaced ${sliceSpacing.toFixed(3)} mm (missing or extra slice?)`,
        );
      }
    }
    // Positions must move along the normal only: a gantry tilt would shear the grid.
    const p0 = slices[0].position;
    const tolerance = Math.max(1e-3, 0.01 * Math.min(pixelSpacing[0], pixelSpacing[1]));
    for (const s of slices) {
      const d: Vec3 = [s.position[0] - p0[0], s.position[1] - p0[1], s.position[2] - p0[2]];
      if (
        Math.abs(dot(d, row)) > tolerance + 1e-3 * Math.abs(s.distance - slices[0].distance) ||
        Math.abs(dot(d, col)) > tolerance + 1e-3 * Math.abs(s.distance - slices[0].distance)
      ) {
        throw new DicomError(
          name(s),
          'slice positions do not lie along the slice normal (gantry tilt or mixed stacks): not a regular grid',
        );
      }
    }
  }
  if (!(sliceSpacing > 0)) sliceSpacing = 1;
  return { slices, row, col, normal, sliceSpacing, pixelSpacing, spacingUnknown };
}

function isInteger(v: number): boolean {
  return Number.isInteger(v);
}

/** Applies rescale slope/intercept and writes all frames into one typed array of the chosen type. */
function assembleGrey(
  frames: StoredFrame[],
  slices: Slice[],
  voxelType: 'auto' | 'int16' | 'float32',
  sourceName: string,
): Int16Array | Float32Array {
  const perSlice = frames[0].length;
  let integral = true;
  let lo = Infinity;
  let hi = -Infinity;
  frames.forEach((values, k) => {
    const { slope, intercept } = slices[k].geometry;
    if (!isInteger(slope) || !isInteger(intercept) || values instanceof Float32Array) integral = false;
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    const a = mn * slope + intercept;
    const b = mx * slope + intercept;
    lo = Math.min(lo, a, b);
    hi = Math.max(hi, a, b);
  });
  const fitsInt16 = integral && lo >= -32768 && hi <= 32767;
  if (voxelType === 'int16' && !fitsInt16) {
    throw new DicomError(
      sourceName,
      `voxelType 'int16' requested but rescaled values span [${lo}, ${hi}]${integral ? '' : ' with non-integer rescale'}`,
    );
  }
  const out =
    voxelType === 'float32' || !fitsInt16
      ? new Float32Array(perSlice * frames.length)
      : new Int16Array(perSlice * frames.length);
  frames.forEach((values, k) => {
    const { slope, intercept } = slices[k].geometry;
    const offset = k * perSlice;
    if (slope === 1 && intercept === 0) {
      out.set(values, offset);
    } else {
      for (let i = 0; i < perSlice; i++) out[offset + i] = values[i] * slope + intercept;
    }
  });
  return out;
}

/**
 * Reads one DICOM series into a Volume. Slices are ordered by ImagePositionPatient projected on the slice
 * normal (never by file name), rescale slope/intercept is applied, multi-frame files are split with their
 * per-frame functional groups, and compressed transfer syntaxes are decoded (codecs load on first use).
 * Every problem is a DicomError naming the file and the reason.
 */
export async function readDicomSeries(
  inputs: DicomInput[],
  options: ReadDicomSeriesOptions = {},
): Promise<Volume> {
  const sourceName = options.sourceName ?? 'series';
  if (inputs.length === 0) throw new DicomError(sourceName, 'no DICOM files given');
  const groups = groupBySeries(inputs.map((input, i) => parseInstance(toFileInput(input, i))));
  let instances: ParsedInstance[];
  if (options.seriesInstanceUID !== undefined) {
    const picked = groups.get(options.seriesInstanceUID);
    if (!picked) {
      throw new DicomError(
        sourceName,
        `series ${options.seriesInstanceUID} is not among the files; found ${describeSeries(summarise(groups))}`,
      );
    }
    instances = picked;
  } else if (groups.size > 1) {
    throw new DicomError(
      sourceName,
      `mixed series: the files hold ${groups.size} series: ${describeSeries(summarise(groups))}; pass seriesInstanceUID to choose one`,
    );
  } else {
    instances = [...groups.values()][0];
  }
  checkConsistency(instances);
  const { slices, row, col, normal, sliceSpacing, pixelSpacing, spacingUnknown } = orderSlices(instances);
  const ref = instances[0];
  const frames: StoredFrame[] = [];
  for (const s of slices) frames.push(await readStoredFrame(s.inst, s.frame));
  let voxels: Uint8Array | Int16Array | Float32Array;
  if (ref.samplesPerPixel === 3) {
    voxels = new Uint8Array(frames[0].length * frames.length);
    frames.forEach((f, k) => voxels.set(f, k * f.length));
  } else {
    voxels = assembleGrey(frames, slices, options.voxelType ?? 'auto', sourceName);
  }
  const multiFrame = instances.some((i) => i.numberOfFrames > 1);
  return createVolume({
    voxels,
    dims: [ref.columns, ref.rows, slices.length],
    // PixelSpacing is [between rows, between columns] = [j, i].
    spacing: [pixelSpacing[1], pixelSpacing[0], sliceSpacing],
    origin: [...slices[0].position] as Vec3,
    direction: [...row, ...col, ...normal] as Direction,
    channels: ref.samplesPerPixel,
    spacingUnknown,
    dicom: {
      studyInstanceUID: ref.studyInstanceUID,
      seriesInstanceUID: ref.seriesInstanceUID,
      frameOfReferenceUID: ref.frameOfReferenceUID || undefined,
      sopInstanceUIDs: slices.map((s) => s.inst.sopInstanceUID),
      sopClassUID: ref.sopClassUID || undefined,
      modality: ref.modality || undefined,
      ...(multiFrame ? { frameNumbers: slices.map((s) => s.frame + 1) } : {}),
      ...(ref.pixelSpacingSource ? { pixelSpacingSource: ref.pixelSpacingSource } : {}),
    },
  });
}
