// The flags and help of `seglens compare` (its CommandSpec) and its options read from the parsed flags: at
// least two models, a dataset split or reference SEGs in a DICOMweb archive, and where the pictures go.
import {
  backendFlag,
  dataFlags,
  datasetFlag,
  jsonFlag,
  nsdFlag,
  quietFlag,
  splitFlag,
  RUN_GROUP,
} from '../common-flags';
import { parseDatasetSpec, type DatasetSpec, type Split } from '../datasets';
import { evaluateDicomWebFlags, parseReferenceSelection } from '../dicomweb/evaluate';
import type { ReferenceSelection } from '../dicomweb/reference';
import { UsageError } from '../errors';
import type { CommandSpec, ParsedFlags } from '../options';
import {
  CASE_SOURCE_FLAGS,
  ownScanFlags,
  ownScanRequest,
  refuseOwnScanFlags,
  type OwnScanRequest,
} from '../own-scan';

export const compareSpec: CommandSpec = {
  name: 'compare',
  summary: 'several models side by side: metrics, region proportions, and pictures of cases (HTML/PNG)',
  usage:
    '--models <dirA> <dirB> ... (--dataset <name> | --input <scan> --labels <reference>) [--report out.html] [--png out.png] [options]',
  flags: [
    {
      name: 'models',
      type: 'string',
      required: true,
      variadic: true,
      valueName: 'dir|name',
      description: 'two or more model directories or shipped model names (also as repeated --models)',
    },
    datasetFlag(false),
    splitFlag('val'),
    ...dataFlags,
    nsdFlag,
    {
      name: 'report',
      type: 'string',
      valueName: 'file.html',
      group: 'output options',
      description: 'write a self-contained HTML report: tables and one picture per shown case',
    },
    {
      name: 'png',
      type: 'string',
      valueName: 'file.png',
      group: 'output options',
      description: 'write the shown cases as one montage PNG',
    },
    {
      name: 'cases',
      type: 'integer',
      min: 1,
      max: 50,
      default: 4,
      valueName: 'n',
      group: 'output options',
      description: 'cases shown in the pictures, spread from the smallest to the largest true foreground',
    },
    ...evaluateDicomWebFlags,
    ...ownScanFlags,
    { ...backendFlag, group: RUN_GROUP },
    jsonFlag,
    quietFlag,
  ],
  details: [
    'Every model segments every case of the split; metrics are per case, then averaged (as in evaluate).',
    'Pictures: for each shown case, the slice with the most ground-truth foreground: the image, the truth and',
    "each model's prediction, classes filled and outlined in the models' class colours, with the case's",
    'foreground proportion (FG) and mean foreground DSC underneath.',
    '',
    'Output: a table on stdout, or with --json',
    '  { "dataset", "split", "cases", "nsdTolerance", "distanceUnit", "shownCases": [ids],',
    '    "models": [{ "name", "dir", "loss", "meanForegroundDsc", "perClass": [as evaluate], "perCase": [as evaluate',
    '                 --per-case] }],',
    '    "perClass": [{ "name", "paired": { "metric": "dsc", "meanDifference", "ci95": [low, high], "wilcoxonP",',
    '                   "wilcoxonMethod", "cases" }, "pairedHd95": {same, HD95}, "proportions": [{ "model",',
    '                   "trueProportion", "predProportion", "signedError", "absError" }], "sizeBins": [{ "low", "high",',
    '                   "cases", "models": [{ "model", "dsc", "signedError" }], "paired" }] }], "report", "png" }',
    'A model\'s "name" is its card\'s, followed by the end of its folder when two models share a card name.',
    'Paired statistics compare the first two models (first minus second) case by case: Wilcoxon signed-rank',
    "p-value (scipy's default wilcoxon rules) and a percentile bootstrap 95% CI (10000 resamples, seed 1) of the",
    'mean difference; HD95 pairs where either is undefined are left out. Size bins are thirds of the cases by the',
    "class's true region proportion.",
    'With --input and --labels (one scan of yours, as evaluate reads it): that one case, scored on the classes its',
    'reference labels (voxels outside its extent not scored); the JSON adds "unlabelledClasses", "unmapped" and',
    '"referenceCoverage", and its "perClass" has "name" and',
    '"proportions" only (paired statistics and size bins need two cases or more).',
  ],
  examples: [
    'seglens compare --models hippocampus-ce hippocampus-dice hippocampus-rce --dataset hippocampus --report cmp.html',
    'seglens compare --models runs/a runs/b --dataset polyp --cases 6 --png cmp.png --json',
    "seglens compare --models ct-abdomen-rce ct-abdomen-dice --input ct/ --labels seg.nii.gz --label-map '5=liver' --report ct.html",
  ],
};

export interface CompareOptions {
  models: string[];
  /** The cases: a dataset split, or (dicomweb) image series with reference SEGs in an archive. */
  dataset?: DatasetSpec;
  dicomweb?: Omit<ReferenceSelection, 'signal' | 'env'>;
  /** Or one scan of yours with its reference. */
  ownScan?: OwnScanRequest;
  split: Split;
  dataDir?: string;
  limit?: number;
  splitSeed?: number;
  groupBy?: string;
  nsdTolerance?: number;
  report?: string;
  png?: string;
  cases: number;
  backend?: string;
  quiet?: boolean;
}

export function compareOptions(flags: ParsedFlags): CompareOptions {
  const models = flags.list('models');
  if (models.length < 2)
    throw new UsageError(
      `--models needs at least two models to compare, got ${models.length} (${models.join(', ') || 'none'})`,
      'compare',
    );
  const report = flags.string('report');
  const png = flags.string('png');
  if (report !== undefined && !/\.html?$/i.test(report))
    throw new UsageError(`--report ${report}: the report is HTML; name it *.html`, 'compare');
  if (png !== undefined && !/\.png$/i.test(png))
    throw new UsageError(`--png ${png}: name the montage *.png`, 'compare');
  const source = flags.has('input')
    ? {
        ownScan: ownScanRequest(flags, 'compare', CASE_SOURCE_FLAGS),
      }
    : flags.has('dicomweb')
      ? { dicomweb: parseReferenceSelection(flags, 'compare') }
      : { dataset: parseDatasetSpec(flags.requireString('dataset')) };
  if (!flags.has('input')) refuseOwnScanFlags(flags, 'compare');
  return {
    models,
    ...source,
    split: flags.requireString('split') as Split,
    dataDir: flags.string('data-dir'),
    limit: flags.number('limit'),
    splitSeed: flags.number('split-seed'),
    groupBy: flags.string('group-by'),
    nsdTolerance: flags.number('nsd-tolerance'),
    report,
    png,
    cases: flags.requireNumber('cases'),
    backend: flags.string('backend'),
    quiet: flags.boolean('quiet'),
  };
}
