/**
 * The comparison table and the proportion chart: every prediction against a reference (a DICOM SEG or the
 * user's labels) with @seglens/metrics, per foreground class: DSC, IoU, HD95 and NSD (DEFAULT_NSD_TOLERANCE), with the
 * metrics package's empty-set rules (a class absent from both: DSC/IoU 1 and distances NaN; absent from one
 * side: DSC/IoU 0 and distances NaN), and the prediction's regions (count, share off the reference), which the
 * table shows on hover. Reference voxels labelled 255 are left out of everything.
 *
 * Proportions are per class index (background included) over the voxels the reference labels (every voxel
 * without a reference), so the reference and the models are compared on the same voxels.
 */
import type { Vec3 } from '@seglens/data';
import {
  DEFAULT_NSD_TOLERANCE,
  evaluateSegmentation,
  regionProportions,
  type DistanceUnit,
  type LabelArray,
} from '@seglens/metrics';
import type { ClassView, MetricRow, ProportionSeries } from '../panel/state';
import type { Rgb } from './colors';

/** Reference label of voxels without a reference (the metrics' ignoreIndex). */
export const NO_REFERENCE = 255;
/** Colour of the reference's proportion bars unless the caller picks one. */
export const REFERENCE_COLOR: Rgb = [230, 230, 230];

export interface PredictionInput {
  /** Model name, shown in the table. */
  name: string;
  loss: string;
  labels: LabelArray;
  color: Rgb;
}

export interface CompareInput {
  /** Class index per voxel; 255 = no reference there. null: no reference (proportions only). */
  reference: Uint8Array | null;
  predictions: readonly PredictionInput[];
  dims: Vec3;
  /** mm between voxel centres along x, y, z (all 1 when distanceUnit is 'px' or 'voxels'). */
  spacing: Vec3;
  /**
   * distanceUnitOfGrid of the series: 'px' for an image without a pixel spacing, 'voxels' for slices without one
   * (Volume.spacingUnknown); default 'mm'.
   */
  distanceUnit?: DistanceUnit;
  /** The classes (background, index 0, included); rows are made for the others, in this order. */
  classes: readonly ClassView[];
  /**
   * Foreground class indices the reference labels (default: all). The others get no rows and no reference
   * proportion (NaN): a reference of the liver alone calls the spleen background, and scoring a model's spleen
   * against that would give it DSC 0 where it found one and 1 where it did not, both meaningless.
   */
  labelled?: readonly number[];
  referenceColor?: Rgb;
}

export interface Comparison {
  rows: MetricRow[];
  /** Names of the foreground classes the reference does not label (not scored), in class order. */
  unscored: string[];
  /** The unit of the rows' HD95 and of the NSD tolerance. */
  distanceUnit: DistanceUnit;
  /** Reference first (when there is one), then each prediction. */
  proportions: ProportionSeries[];
}

function classCount(classes: readonly ClassView[]): number {
  if (!Array.isArray(classes) || classes.length === 0)
    throw new Error('compareWithReference: classes is empty');
  const seen = new Set<number>();
  for (const c of classes) {
    if (!Number.isInteger(c.index) || c.index < 0 || c.index >= NO_REFERENCE || seen.has(c.index))
      throw new Error(
        `compareWithReference: class ${JSON.stringify(c.name)} has index ${c.index}; indices must be distinct integers 0..254`,
      );
    seen.add(c.index);
  }
  return Math.max(...seen) + 1;
}

/** The prediction with 255 where the reference has none (so its proportions use the reference's voxels). */
function onReferenceVoxels(labels: LabelArray, reference: Uint8Array | null): LabelArray {
  if (!reference || !reference.includes(NO_REFERENCE)) return labels;
  const out = Uint8Array.from(labels);
  for (let i = 0; i < out.length; i++) if (reference[i] === NO_REFERENCE) out[i] = NO_REFERENCE;
  return out;
}

/** The foreground classes a reference labelling `labelled` (default: every class) leaves unscored. */
export function unscoredClasses(
  classes: readonly ClassView[],
  labelled: readonly number[] | undefined,
): ClassView[] {
  return labelled ? classes.filter((c) => c.index !== 0 && !labelled.includes(c.index)) : [];
}

export function compareWithReference(input: CompareInput): Comparison {
  const { reference, predictions, dims, spacing, classes } = input;
  const distanceUnit = input.distanceUnit ?? 'mm';
  const numClasses = classCount(classes);
  const voxels = dims[0] * dims[1] * dims[2];
  if (reference && reference.length !== voxels)
    throw new Error(
      `compareWithReference: reference has ${reference.length} voxels but dims ${dims.join('x')} need ${voxels}`,
    );
  predictions.forEach((p) => {
    if (p.labels.length !== voxels)
      throw new Error(
        `compareWithReference: prediction ${JSON.stringify(p.name)} has ${p.labels.length} voxels but dims ${dims.join('x')} need ${voxels}`,
      );
  });
  const proportionsOf = (labels: LabelArray): number[] =>
    Array.from(regionProportions(labels, { numClasses, ignoreIndex: NO_REFERENCE }));
  const proportions: ProportionSeries[] = predictions.map((p) => ({
    source: p.name,
    color: p.color,
    values: proportionsOf(onReferenceVoxels(p.labels, reference)),
  }));
  if (!reference) return { rows: [], unscored: [], proportions, distanceUnit };

  const unscored = unscoredClasses(classes, input.labelled);
  const foreground = classes.filter((c) => c.index !== 0 && !unscored.includes(c));
  const classNames = Array.from(
    { length: numClasses },
    (_, k) => classes.find((c) => c.index === k)?.name ?? `class ${k}`,
  );
  const rows: MetricRow[] = [];
  // A reference none of whose segments names a class scores nothing (its names are reported by the caller).
  for (const p of foreground.length > 0 ? predictions : []) {
    const evaluation = evaluateSegmentation(p.labels, reference, {
      dims,
      spacing,
      numClasses,
      // @seglens/metrics's rule (1 mm; 2 px; 1 voxel), the one `seglens evaluate` and `compare` use: same NSD.
      nsdTolerance: DEFAULT_NSD_TOLERANCE[distanceUnit],
      classes: foreground.map((c) => c.index),
      classNames,
      ignoreIndex: NO_REFERENCE,
    });
    for (const c of evaluation.perClass) {
      rows.push({
        model: p.name,
        loss: p.loss,
        className: c.name,
        classIndex: c.classIndex,
        dsc: c.dsc,
        iou: c.iou,
        hd95: c.hd95,
        nsd: c.nsd,
        predRegions: c.predRegions,
        falseRegionShare: c.falseRegionShare,
      });
    }
  }
  const referenceValues = proportionsOf(reference);
  for (const c of unscored) referenceValues[c.index] = Number.NaN;
  return {
    rows,
    unscored: unscored.map((c) => c.name),
    distanceUnit,
    proportions: [
      {
        source: 'reference',
        color: input.referenceColor ?? REFERENCE_COLOR,
        values: referenceValues,
      },
      ...proportions,
    ],
  };
}
