// `seglens evaluate`: per-class DSC, IoU, HD95, NSD and true vs predicted region proportions of one model on
// one split of a dataset, each computed per case and averaged over cases.
import { loadModelFromDirectory, type SeglensModel } from '@seglens/models';
import { useBackend } from '../backend';
import type { Command } from '../command';
import {
  backendFlag,
  dataFlags,
  datasetFlag,
  jsonFlag,
  nsdFlag,
  quietFlag,
  RUN_GROUP,
  splitFlag,
} from '../common-flags';
import { parseDatasetSpec, type DatasetListing, type DatasetSpec, type Split } from '../datasets';
import { defaultNsdTolerance, distanceUnitOf, type DistanceUnit } from '../distance-unit';
import { evaluateDicomWebFlags, formatEvaluateDicomWeb, runEvaluateDicomWeb } from '../dicomweb/evaluate';
import { formatEvaluateLabels, runEvaluateLabels, type EvaluateLabelsOptions } from './evaluate-labels';
import { UsageError } from '../errors';
import { checkModelFits, summarize, type EvaluationSummary } from '../evaluation';
import type { CliIo } from '../io';
import { listSelection, loadSplit, scoreCasesShown } from '../load-split';
import { lossDisplayName } from '../loss-flags';
import { resolveModelDir, SHIPPED_MODELS } from '../model-ref';
import type { CommandSpec, ParsedFlags } from '../options';
import { CASE_SOURCE_FLAGS, ownScanFlags, ownScanRequest, refuseOwnScanFlags } from '../own-scan';
import { formatSummaryTable, perCaseSummaries, type CaseSummary } from '../statistics';
import { count } from '../table';

export const evaluateSpec: CommandSpec = {
  name: 'evaluate',
  summary:
    'score a model on a dataset split, or on one labelled scan of yours: per-class DSC, IoU, HD95, NSD and region proportions',
  usage:
    '--model <dir|name> --dataset <name> [--split val] [options] | --model <dir|name> --input <scan> --labels <reference> [--label-map v=class,...]',
  flags: [
    {
      name: 'model',
      type: 'string',
      required: true,
      valueName: 'dir|name',
      description: `a model directory (or a train --out directory), or a shipped model: ${SHIPPED_MODELS.join(', ')}`,
    },
    datasetFlag(false),
    splitFlag('val'),
    ...dataFlags,
    nsdFlag,
    ...evaluateDicomWebFlags,
    ...ownScanFlags,
    backendFlag,
    jsonFlag,
    {
      name: 'per-case',
      type: 'boolean',
      group: RUN_GROUP,
      description: "with --json: also every case's per-class numbers (perCase), to recompute any statistic",
    },
    quietFlag,
  ],
  details: [
    'Each case is segmented whole (every slice of a volume) and scored on its own grid: in 3-D with the voxel',
    'spacing for volumes, per image for 2-D sets. Per-class numbers are means over cases; HD95 and NSD skip cases',
    'where the class is missing from the prediction or the truth. meanForegroundDsc is the mean over the',
    "foreground classes of their mean DSC. Proportions are the shares of the valid voxels (the paper's region",
    'proportions); over-segmentation shows as pred > true.',
    '',
    'Output: a table on stdout, or with --json exactly',
    '  { "perClass": [{ "name", "dsc", "iou", "hd95", "nsd", "trueProportion", "predProportion",',
    '      "predRegions", "falseRegionShare" }],',
    '    "meanForegroundDsc", "cases" }   (null where a mean has no defined value)',
    '  and with --per-case also "perCase": [{ "id", "perClass": [as above, that case\'s values] }]',
    '',
    'One scan of yours (--input, --labels): a DICOM series, a NIfTI volume or an image, against a DICOM SEG of the',
    "series (segments matched to the model's classes by name), or a NIfTI label map or PNG mask placed through its own",
    "geometry (values = the model's class indices, or mapped with --label-map). Only the classes the reference labels",
    "are scored; the others are listed. Voxels of the scan outside the reference's extent are not scored (not",
    'background); a reference that covers none of the scan is an error. With --json also "unlabelledClasses",',
    '"unmapped" (reference labels that are none of the model\'s classes, counted as background) and',
    '"referenceCoverage" (the share of the scan\'s voxels inside the reference).',
  ],
  examples: [
    'seglens evaluate --model hippocampus-rce --dataset hippocampus --split val',
    "seglens evaluate --model ct-abdomen-rce --input ct-series/ --labels totalseg.nii.gz --label-map '1=spleen,5=liver,6=stomach'",
    'seglens evaluate --model runs/polyp --dataset folder:./my-polyps --split all --json',
    "seglens evaluate --model hippocampus-rce --dicomweb http://pacs/dicom-web --all --reference 'manual hippocampus'",
  ],
};

export interface EvaluateOptions {
  model: string;
  dataset: DatasetSpec;
  split: Split;
  dataDir?: string;
  limit?: number;
  splitSeed?: number;
  groupBy?: string;
  /** Default: defaultNsdTolerance of the cases' distance unit. */
  nsdTolerance?: number;
  backend?: string;
  quiet?: boolean;
  /** Keep every case's numbers (`--per-case`). */
  perCase?: boolean;
}

export function evaluateOptions(flags: ParsedFlags): EvaluateOptions {
  if (flags.boolean('per-case') && !flags.boolean('json'))
    throw new UsageError(
      '--per-case adds the per-case numbers to the JSON output: use it with --json',
      'evaluate',
    );
  if (flags.has('reference')) throw new UsageError('--reference applies to --dicomweb', 'evaluate');
  return {
    model: flags.requireString('model'),
    dataset: parseDatasetSpec(flags.requireString('dataset')),
    split: flags.requireString('split') as Split,
    dataDir: flags.string('data-dir'),
    limit: flags.number('limit'),
    splitSeed: flags.number('split-seed'),
    groupBy: flags.string('group-by'),
    nsdTolerance: flags.number('nsd-tolerance'),
    backend: flags.string('backend'),
    quiet: flags.boolean('quiet'),
    perCase: flags.boolean('per-case'),
  };
}

/** `--input <scan> --labels <reference>`: checked against the dataset and archive flags it replaces. */
export function evaluateLabelsOptions(flags: ParsedFlags): EvaluateLabelsOptions {
  const scan = ownScanRequest(flags, 'evaluate', [...CASE_SOURCE_FLAGS, 'per-case']);
  return {
    ...scan,
    model: flags.requireString('model'),
    nsdTolerance: flags.number('nsd-tolerance'),
    backend: flags.string('backend'),
  };
}

/** Warns when cases a model trained on are among those it is scored on (a leak that inflates the numbers). */
export function warnTrainingOverlap(
  model: SeglensModel,
  listing: DatasetListing,
  ids: readonly string[],
  split: Split,
  io: CliIo,
): void {
  const training = model.card.training?.dataset;
  // Only the validation side promises unseen cases; 'train' and 'all' include training cases by definition.
  if (split !== 'val' || !training || training.name !== listing.name) return;
  const trained = new Set(training.trainCases);
  const overlap = ids.filter((id) => trained.has(id)).length;
  if (overlap > 0) {
    io.stderr.write(
      `warning: ${overlap} of the ${count(ids.length, `${split} case`)} were training cases of model '${model.card.name}' (it was trained with another --limit or --split-seed?)\n`,
    );
  }
}

export interface EvaluateRun {
  summary: EvaluationSummary;
  /** Every case's per-class numbers, in case order. */
  perCase: CaseSummary[];
  model: SeglensModel;
  listing: DatasetListing;
  nsdTolerance: number;
  /** Unit of HD95 and the NSD tolerance, from the cases' files (distanceUnitOf). */
  distanceUnit: DistanceUnit;
}

/** The whole evaluation; returns what `--json` prints plus context for the table. */
export async function runEvaluate(o: EvaluateOptions, io: CliIo): Promise<EvaluateRun> {
  const modelDir = resolveModelDir(o.model, { cwd: io.cwd });
  // The backend before the model: its weights are created on whichever backend is active.
  await useBackend(o.backend);
  const model = await loadModelFromDirectory(modelDir);
  try {
    const listing = await listSelection(o, io);
    const cases = await loadSplit(listing, o.split, io, o.quiet);
    checkModelFits(model, cases, listing.name);
    // Before segmenting: cases that mix millimetres with pixels are refused without the wait.
    const distanceUnit = distanceUnitOf(cases, listing.kind);
    warnTrainingOverlap(
      model,
      listing,
      cases.map((c) => c.id),
      o.split,
      io,
    );
    const nsdTolerance = o.nsdTolerance ?? defaultNsdTolerance(distanceUnit);
    const { evaluations } = await scoreCasesShown(
      model,
      cases,
      `segmenting with ${model.card.name}`,
      io,
      o.quiet,
      { nsdTolerance },
    );
    const perCase = perCaseSummaries(
      cases.map((c) => c.id),
      evaluations,
    );
    return {
      summary: summarize(evaluations),
      perCase,
      model,
      listing,
      nsdTolerance,
      distanceUnit,
    };
  } finally {
    model.net.dispose();
  }
}

export function formatEvaluation(run: EvaluateRun, split: Split): string {
  const { summary, model, listing, nsdTolerance, distanceUnit } = run;
  const title = `model ${model.card.name} (${lossDisplayName(model.card.training?.loss)}) on ${listing.name}, split ${split}: ${count(summary.cases, 'case')}`;
  const table = formatSummaryTable(summary, `HD95 ${distanceUnit}`, `NSD@${nsdTolerance}`);
  return `${title}\n${table}`;
}

export const evaluateCommand: Command = {
  spec: evaluateSpec,
  async run(flags, io) {
    if (flags.has('input')) {
      const o = evaluateLabelsOptions(flags);
      const run = await runEvaluateLabels(o, io);
      io.stdout.write(
        flags.boolean('json')
          ? `${JSON.stringify({ ...run.summary, unlabelledClasses: run.unlabelledClasses, unmapped: run.unmapped, referenceCoverage: run.coverage })}\n`
          : formatEvaluateLabels(run, o),
      );
      return;
    }
    refuseOwnScanFlags(flags, 'evaluate');
    if (flags.has('dicomweb')) {
      if (flags.boolean('per-case') && !flags.boolean('json'))
        throw new UsageError(
          '--per-case adds the per-case numbers to the JSON output: use it with --json',
          'evaluate',
        );
      const r = await runEvaluateDicomWeb(flags, io);
      const json = {
        ...r.summary,
        ...(flags.boolean('per-case') ? { perCase: r.perCase } : {}),
        skipped: r.skipped,
      };
      io.stdout.write(flags.boolean('json') ? `${JSON.stringify(json)}\n` : formatEvaluateDicomWeb(r));
      return;
    }
    const o = evaluateOptions(flags);
    const run = await runEvaluate(o, io);
    io.stdout.write(
      flags.boolean('json')
        ? `${JSON.stringify(o.perCase ? { ...run.summary, perCase: run.perCase } : run.summary)}\n`
        : formatEvaluation(run, o.split),
    );
  },
};
