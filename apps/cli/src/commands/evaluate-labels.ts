// `seglens evaluate --input <scan> --labels <reference>`: one model on one of the user's own labelled scans against
// a reference made elsewhere (own-scan.ts reads both), scored on the classes the reference labels.
import { loadModelFromDirectory, type SeglensModel } from '@seglens/models';
import { useBackend } from '../backend';
import { defaultNsdTolerance, distanceUnitOf, kindOfCases, type DistanceUnit } from '../distance-unit';
import { scoreCases, summarize, type EvaluationSummary } from '../evaluation';
import type { CliIo } from '../io';
import { lossDisplayName } from '../loss-flags';
import { resolveModelDir } from '../model-ref';
import { loadOwnScan, ownScanNotes, ownScanPaths, type OwnScanRequest } from '../own-scan';
import { formatSummaryTable } from '../statistics';

export interface EvaluateLabelsOptions extends OwnScanRequest {
  model: string;
  nsdTolerance?: number;
  backend?: string;
}

export interface EvaluateLabelsRun {
  summary: EvaluationSummary;
  model: SeglensModel;
  /** The model's foreground classes the reference does not label: not scored. */
  unlabelledClasses: string[];
  /** Label values (or segments) of the reference that are none of the model's classes: counted as background. */
  unmapped: string[];
  /** Share of the scan's voxels inside the reference's extent; the rest is not scored. */
  coverage: number;
  nsdTolerance: number;
  distanceUnit: DistanceUnit;
}

export async function runEvaluateLabels(o: EvaluateLabelsOptions, io: CliIo): Promise<EvaluateLabelsRun> {
  const cwd = io.cwd ?? process.cwd();
  const modelDir = resolveModelDir(o.model, { cwd });
  const paths = ownScanPaths(o, cwd, 'evaluate');
  await useBackend(o.backend);
  const model = await loadModelFromDirectory(modelDir);
  try {
    const scan = await loadOwnScan(o, paths, model, io, 'evaluate');
    const cases = [scan.labelled];
    const distanceUnit = distanceUnitOf(cases, kindOfCases(cases));
    const nsdTolerance = o.nsdTolerance ?? defaultNsdTolerance(distanceUnit);
    const { evaluations } = await scoreCases(model, cases, {
      nsdTolerance,
      classes: scan.classes,
      signal: io.signal,
    });
    return {
      summary: summarize(evaluations),
      model,
      unlabelledClasses: scan.unlabelledClasses,
      unmapped: scan.unmapped,
      coverage: scan.coverage,
      nsdTolerance,
      distanceUnit,
    };
  } finally {
    model.net.dispose();
  }
}

export function formatEvaluateLabels(run: EvaluateLabelsRun, o: EvaluateLabelsOptions): string {
  const { summary, model, nsdTolerance, distanceUnit } = run;
  const title = `model ${model.card.name} (${lossDisplayName(model.card.training?.loss)}) on ${o.input} against ${o.labels}`;
  const notes = ownScanNotes(run.unlabelledClasses, run.unmapped, run.coverage);
  const table = formatSummaryTable(summary, `HD95 ${distanceUnit}`, `NSD@${nsdTolerance}`);
  return `${title}\n${table}${notes.map((n) => `${n}\n`).join('')}`;
}
