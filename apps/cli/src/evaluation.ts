// Segmenting labelled cases with a model and scoring each case with @seglens/metrics: per case (in 3-D with
// the voxel spacing for volumes, per image for 2-D sets), then averaged over cases, NaN distances skipped.
import type { LabelledCase, Volume } from '@seglens/data';
import { averageEvaluations, evaluateSegmentation, type SegmentationEvaluation } from '@seglens/metrics';
import { segment, yieldAndCheck, type SeglensModel } from '@seglens/models';
import { errorMessage } from './errors';

/** The per-class numbers `evaluate --json` prints (each a mean over cases; null in JSON when undefined). */
export interface ClassSummary {
  name: string;
  dsc: number;
  iou: number;
  hd95: number;
  nsd: number;
  trueProportion: number;
  predProportion: number;
  /** Connected regions of the class in the prediction (26-connected in 3-D, 8 in 2-D). */
  predRegions: number;
  /** Share of the predicted voxels in regions that touch no ground-truth voxel of the class. */
  falseRegionShare: number;
}

export interface EvaluationSummary {
  /** Foreground classes, in class order. */
  perClass: ClassSummary[];
  /** Mean over foreground classes of the per-class mean DSC. */
  meanForegroundDsc: number;
  cases: number;
}

/**
 * A reference voxel that says nothing (the losses' ignoreIndex): left out of every count, surface and proportion.
 * Scans of yours get it outside their reference's extent; dataset labels may carry it for unlabelled voxels.
 */
export const NOT_LABELLED = 255;

/** Every metric of one case; errors (e.g. a label the model has no class for) name the case. */
export function evaluateCase(
  model: SeglensModel,
  prediction: Volume,
  truth: LabelledCase,
  nsdTolerance: number,
  /** The foreground classes to score (a reference that labels only some); default: all. */
  scoredClasses?: readonly number[],
): SegmentationEvaluation {
  const classes = model.card.classes;
  try {
    return evaluateSegmentation(prediction.voxels, truth.labels.voxels, {
      dims: truth.labels.dims,
      spacing: truth.labels.spacing,
      numClasses: classes.length,
      classNames: classes.map((c) => c.name),
      nsdTolerance,
      ignoreIndex: NOT_LABELLED,
      ...(scoredClasses ? { classes: [...scoredClasses] } : {}),
    });
  } catch (error) {
    throw new Error(`case ${truth.id} with model '${model.card.name}': ${errorMessage(error)}`);
  }
}

/** Averages per-case evaluations into the summary printed by evaluate and compare. */
export function summarize(evaluations: readonly SegmentationEvaluation[]): EvaluationSummary {
  const average = averageEvaluations(evaluations);
  return {
    perClass: average.perClass.map((c) => ({
      name: c.name,
      dsc: c.metrics.dsc.mean,
      iou: c.metrics.iou.mean,
      hd95: c.metrics.hd95.mean,
      nsd: c.metrics.nsd.mean,
      trueProportion: c.metrics.trueProportion.mean,
      predProportion: c.metrics.predProportion.mean,
      predRegions: c.metrics.predRegions.mean,
      falseRegionShare: c.metrics.falseRegionShare.mean,
    })),
    meanForegroundDsc: average.meanForeground.dsc.mean,
    cases: average.cases,
  };
}

export interface ScoreOptions {
  nsdTolerance: number;
  /** The foreground classes to score; default: all of the model's. */
  classes?: readonly number[];
  /** Ids of the cases whose predicted label maps are kept (for pictures). */
  keep?: ReadonlySet<string>;
  onCase?: (done: number) => void;
  signal?: AbortSignal;
}

export interface ScoredCases {
  evaluations: SegmentationEvaluation[];
  kept: Map<string, Volume>;
}

/** Checks that a model can read a dataset's images (channels) before any case is segmented. */
export function checkModelFits(model: SeglensModel, cases: readonly LabelledCase[], what: string): void {
  const channels = model.card.input.channels;
  const other = cases.find((c) => c.image.channels !== channels);
  if (other) {
    throw new Error(
      `model '${model.card.name}' takes ${channels}-channel images but ${what} case ${other.id} has ${other.image.channels} channel(s)`,
    );
  }
}

/** Segments every case with the model and evaluates it. */
export async function scoreCases(
  model: SeglensModel,
  cases: readonly LabelledCase[],
  o: ScoreOptions,
): Promise<ScoredCases> {
  const evaluations: SegmentationEvaluation[] = [];
  const kept = new Map<string, Volume>();
  for (const c of cases) {
    // Between cases too (the metrics of a case are one long computation): Ctrl-C stops here.
    await yieldAndCheck(o.signal, 'evaluation');
    let labels: Volume;
    try {
      labels = (await segment(model, c.image, { signal: o.signal })).labels;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new Error(`segmenting case ${c.id} with model '${model.card.name}': ${errorMessage(error)}`);
    }
    evaluations.push(evaluateCase(model, labels, c, o.nsdTolerance, o.classes));
    if (o.keep?.has(c.id)) kept.set(c.id, labels);
    o.onCase?.(evaluations.length);
  }
  // Interrupted during the last case: no result, so nothing is printed or written.
  await yieldAndCheck(o.signal, 'evaluation');
  return { evaluations, kept };
}
