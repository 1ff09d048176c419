/**
 * Averaging per-case evaluations over a data set. NaN values (distance metrics of a class missing from a
 * case) are skipped rather than poisoning the mean, and every mean carries the number of values behind it,
 * so a reader can see that an HD95 is over 12 cases, not 20.
 */
import { CLASS_METRIC_NAMES, type ClassMetricName, type SegmentationEvaluation } from './evaluate';
import { meanIgnoringNaN, type MeanWithCount } from './mean';

export type MetricMeans = Record<ClassMetricName, MeanWithCount>;

export interface ClassAverage {
  classIndex: number;
  name: string;
  /** Per metric, the mean over cases (NaN skipped) and the number of cases used. */
  metrics: MetricMeans;
}

export interface EvaluationAverage {
  cases: number;
  perClass: ClassAverage[];
  /**
   * Per metric, the mean over the foreground classes (index ≠ 0) of their case means, NaN class means
   * skipped; `count` is the number of classes used.
   */
  meanForeground: MetricMeans;
}

/** Averages `evaluateSegmentation` results of several cases, which must report the same classes. */
export function averageEvaluations(cases: readonly SegmentationEvaluation[]): EvaluationAverage {
  if (!cases || typeof cases.length !== 'number' || cases.length === 0) {
    throw new Error('averageEvaluations: cases must be a non-empty array of evaluateSegmentation results');
  }
  const reference = cases[0].perClass.map((c) => c.classIndex);
  cases.forEach((evaluation, i) => {
    const classes = evaluation.perClass.map((c) => c.classIndex);
    if (classes.join() !== reference.join()) {
      throw new Error(
        `averageEvaluations: cases[${i}] reports classes [${classes}] but cases[0] reports [${reference}]`,
      );
    }
  });
  const perClass = reference.map((classIndex, j): ClassAverage => {
    const metrics = {} as MetricMeans;
    for (const name of CLASS_METRIC_NAMES)
      metrics[name] = meanIgnoringNaN(cases.map((e) => e.perClass[j][name]));
    return { classIndex, name: cases[0].perClass[j].name, metrics };
  });
  const foreground = perClass.filter((c) => c.classIndex !== 0);
  const meanForeground = {} as MetricMeans;
  for (const name of CLASS_METRIC_NAMES) {
    meanForeground[name] = meanIgnoringNaN(foreground.map((c) => c.metrics[name].mean));
  }
  return { cases: cases.length, perClass, meanForeground };
}
