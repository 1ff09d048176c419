import { createVolume, lpsToIjk, type Volume } from '../../volume';
import { DicomError } from '../errors';
import { items, nums, readNaturalized, str, type Naturalized } from '../naturalized';
import { SEG_SOP_CLASS_UID, toFileInput, type DicomInput } from '../parse';
import { dicomLabToRgb } from './colour';
import type { DicomCode, DicomSegment } from './types';

export interface ReadDicomSegOptions {
  /** FRACTIONAL segmentations: a voxel belongs to a segment when value / MaximumFractionalValue >= this. Default 0.5. */
  fractionalThreshold?: number;
}

export interface DicomSegResult {
  /**
   * One label per voxel on the source series' grid (same dims, spacing, origin, direction): 0 is background,
   * otherwise the SegmentNumber. Where segments overlap, the highest SegmentNumber wins (segments are painted
   * in increasing number); `masks` then has every segment's own voxels. Uint8Array for up to 255 segments,
   * else Uint16Array.
   */
  labels: Volume;
  segments: DicomSegment[];
  segmentationType: 'BINARY' | 'FRACTIONAL';
  /** True when some voxel belongs to more than one segment. */
  overlapping: boolean;
  /** Per-segment masks (0/1, same layout as labels.voxels), present only when segments overlap. */
  masks?: Map<number, Uint8Array>;
  /** Number of frames stored in the SEG. */
  frameCount: number;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  seriesDescription: string;
}

function code(value: unknown): DicomCode | undefined {
  const item = items(value)[0];
  if (!item) return undefined;
  return {
    value: str(item.CodeValue),
    scheme: str(item.CodingSchemeDesignator),
    meaning: str(item.CodeMeaning),
  };
}

function segmentsOf(ds: Naturalized): DicomSegment[] {
  return items(ds.SegmentSequence).map((s) => {
    const lab = nums(s.RecommendedDisplayCIELabValue);
    const cielab = lab && lab.length === 3 ? (lab as [number, number, number]) : undefined;
    return {
      number: Number(s.SegmentNumber),
      label: str(s.SegmentLabel),
      description: str(s.SegmentDescription) || undefined,
      algorithmType: str(s.SegmentAlgorithmType),
      algorithmName: str(s.SegmentAlgorithmName) || undefined,
      cielab,
      rgb: cielab ? dicomLabToRgb(cielab) : undefined,
      category: code(s.SegmentedPropertyCategoryCodeSequence),
      type: code(s.SegmentedPropertyTypeCodeSequence),
    };
  });
}

/** Concatenated PixelData bytes (dcmjs gives a list of ArrayBuffers). */
function pixelBytes(ds: Naturalized): Uint8Array {
  const parts = (Array.isArray(ds.PixelData) ? ds.PixelData : [ds.PixelData]).filter(
    (p): p is ArrayBuffer => p instanceof ArrayBuffer,
  );
  if (parts.length === 1) return new Uint8Array(parts[0]);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

/** Finds the slice k of `source` that frame `f` of the SEG lies on. */
function sliceOfFrame(
  file: string,
  f: number,
  frame: Naturalized,
  shared: Naturalized | undefined,
  source: Volume,
): number {
  const dicom = source.dicom!;
  const derivation = items(frame.DerivationImageSequence)[0];
  const ref = items(derivation?.SourceImageSequence)[0];
  const sop = str(ref?.ReferencedSOPInstanceUID);
  if (sop) {
    const refFrame = Number(ref?.ReferencedFrameNumber ?? 1) || 1;
    for (let k = 0; k < dicom.sopInstanceUIDs.length; k++) {
      if (dicom.sopInstanceUIDs[k] === sop && (dicom.frameNumbers?.[k] ?? 1) === refFrame) return k;
    }
    throw new DicomError(
      file,
      `frame ${f + 1} references SOP instance ${sop}${refFrame > 1 ? ` frame ${refFrame}` : ''}, which is not in the source series ${dicom.seriesInstanceUID}`,
    );
  }
  // No derivation reference: place the frame by its position in the shared frame of reference.
  const plane = items(frame.PlanePositionSequence)[0] ?? items(shared?.PlanePositionSequence)[0];
  const position = nums(plane?.ImagePositionPatient);
  if (!position || position.length !== 3) {
    throw new DicomError(
      file,
      `frame ${f + 1} has neither a source image reference nor an ImagePositionPatient`,
    );
  }
  const [i, j, k] = lpsToIjk(source, position as [number, number, number]);
  const kr = Math.round(k);
  if (Math.abs(i) > 0.01 || Math.abs(j) > 0.01 || Math.abs(k - kr) > 0.01 || kr < 0 || kr >= source.dims[2]) {
    throw new DicomError(
      file,
      `frame ${f + 1} at [${position.join(', ')}] does not lie on a slice of the source series`,
    );
  }
  return kr;
}

/** Checks that the SEG was made on the source's grid: same frame of reference, size and orientation. */
function checkAgainstSource(file: string, ds: Naturalized, source: Volume): void {
  const dicom = source.dicom;
  if (!dicom)
    throw new DicomError('source', 'the source Volume has no DICOM identity (read it with readDicomSeries)');
  // Any channel count: only the grid matters, and a SEG on an RGB series (an endoscopy frame) is valid DICOM.
  const rows = Number(ds.Rows);
  const columns = Number(ds.Columns);
  if (rows !== source.dims[1] || columns !== source.dims[0]) {
    throw new DicomError(
      file,
      `Rows x Columns ${rows}x${columns} differ from the source series' ${source.dims[1]}x${source.dims[0]}`,
    );
  }
  const referencedSeries = items(ds.ReferencedSeriesSequence)
    .map((s) => str(s.SeriesInstanceUID))
    .filter(Boolean);
  if (referencedSeries.length > 0 && !referencedSeries.includes(dicom.seriesInstanceUID)) {
    throw new DicomError(
      file,
      `references series ${referencedSeries.join(', ')}, not the source series ${dicom.seriesInstanceUID}`,
    );
  }
  const segFor = str(ds.FrameOfReferenceUID);
  if (segFor && dicom.frameOfReferenceUID && segFor !== dicom.frameOfReferenceUID) {
    throw new DicomError(
      file,
      `FrameOfReferenceUID ${segFor} differs from the source series' ${dicom.frameOfReferenceUID}`,
    );
  }
  const shared = items(ds.SharedFunctionalGroupsSequence)[0];
  const iop = nums(items(shared?.PlaneOrientationSequence)[0]?.ImageOrientationPatient);
  if (iop && iop.some((v, n) => Math.abs(v - source.direction[n]) > 1e-3)) {
    throw new DicomError(
      file,
      `ImageOrientationPatient [${iop.join(', ')}] differs from the source series' [${source.direction.slice(0, 6).join(', ')}]`,
    );
  }
}

/**
 * Reads a DICOM SEG (binary or fractional) onto the grid of its source series. Frames are mapped to slices
 * through their referenced SOP instances (or, without references, their positions); overlapping segments are
 * resolved as documented on DicomSegResult.labels.
 */
export function readDicomSeg(
  input: DicomInput,
  source: Volume,
  options: ReadDicomSegOptions = {},
): DicomSegResult {
  const fileInput = toFileInput(input, 0);
  const file = fileInput.name;
  const { dataset: ds } = readNaturalized(fileInput);
  if (str(ds.SOPClassUID) !== SEG_SOP_CLASS_UID) {
    throw new DicomError(
      file,
      `not a DICOM SEG: SOPClassUID is ${str(ds.SOPClassUID) || '(missing)'}, expected ${SEG_SOP_CLASS_UID}`,
    );
  }
  checkAgainstSource(file, ds, source);
  const type = str(ds.SegmentationType);
  if (type !== 'BINARY' && type !== 'FRACTIONAL')
    throw new DicomError(file, `SegmentationType ${type || '(missing)'} is not BINARY or FRACTIONAL`);
  const segments = segmentsOf(ds);
  if (segments.length === 0) throw new DicomError(file, 'SegmentSequence is empty');
  const known = new Set(segments.map((s) => s.number));
  const frames = items(ds.PerFrameFunctionalGroupsSequence);
  const frameCount = Number(ds.NumberOfFrames ?? 1);
  if (frames.length !== frameCount) {
    throw new DicomError(
      file,
      `PerFrameFunctionalGroupsSequence has ${frames.length} items for NumberOfFrames ${frameCount}`,
    );
  }
  const [nx, ny, nz] = source.dims;
  const perFrame = nx * ny;
  const bytes = pixelBytes(ds);
  const bitsAllocated = Number(ds.BitsAllocated);
  if ((type === 'BINARY' && bitsAllocated !== 1) || (type === 'FRACTIONAL' && bitsAllocated !== 8)) {
    throw new DicomError(file, `BitsAllocated ${bitsAllocated} does not fit SegmentationType ${type}`);
  }
  const needed = type === 'BINARY' ? Math.ceil((frameCount * perFrame) / 8) : frameCount * perFrame;
  if (bytes.length < needed) {
    throw new DicomError(
      file,
      `PixelData holds ${bytes.length} bytes but ${frameCount} frames of ${nx}x${ny} need ${needed}`,
    );
  }
  const threshold = (options.fractionalThreshold ?? 0.5) * Number(ds.MaximumFractionalValue ?? 255);
  const shared = items(ds.SharedFunctionalGroupsSequence)[0];
  const sharedSegment = Number(items(shared?.SegmentIdentificationSequence)[0]?.ReferencedSegmentNumber);

  // Resolve every frame first, so reference errors come before any work.
  const placed = frames.map((frame, f) => {
    const segment = Number(
      items(frame.SegmentIdentificationSequence)[0]?.ReferencedSegmentNumber ?? sharedSegment,
    );
    if (!known.has(segment))
      throw new DicomError(
        file,
        `frame ${f + 1} refers to segment ${segment}, which SegmentSequence does not define`,
      );
    return { f, segment, k: sliceOfFrame(file, f, frame, shared, source) };
  });
  const isSet = (f: number, p: number): boolean => {
    if (type === 'BINARY') {
      const bit = f * perFrame + p;
      return ((bytes[bit >> 3] >> (bit & 7)) & 1) === 1;
    }
    return bytes[f * perFrame + p] >= threshold;
  };
  const maxNumber = Math.max(...known);
  const voxels = maxNumber <= 255 ? new Uint8Array(nx * ny * nz) : new Uint16Array(nx * ny * nz);
  let overlapping = false;
  // Increasing segment number, so that the highest number wins where segments overlap.
  const order = [...placed].sort((a, b) => a.segment - b.segment);
  for (const { f, segment, k } of order) {
    const base = k * perFrame;
    for (let p = 0; p < perFrame; p++) {
      if (isSet(f, p)) {
        if (voxels[base + p] !== 0 && voxels[base + p] !== segment) overlapping = true;
        voxels[base + p] = segment;
      }
    }
  }
  let masks: Map<number, Uint8Array> | undefined;
  if (overlapping) {
    masks = new Map([...known].sort((a, b) => a - b).map((n) => [n, new Uint8Array(nx * ny * nz)]));
    for (const { f, segment, k } of placed) {
      const mask = masks.get(segment)!;
      for (let p = 0; p < perFrame; p++) if (isSet(f, p)) mask[k * perFrame + p] = 1;
    }
  }
  const labels = createVolume({
    voxels,
    dims: [nx, ny, nz],
    spacing: [...source.spacing],
    origin: [...source.origin],
    direction: [...source.direction],
    spacingUnknown: source.spacingUnknown,
  });
  return {
    labels,
    segments,
    segmentationType: type,
    overlapping,
    masks,
    frameCount,
    sopInstanceUID: str(ds.SOPInstanceUID),
    seriesInstanceUID: str(ds.SeriesInstanceUID),
    seriesDescription: str(ds.SeriesDescription),
  };
}
