// `seglens compare`: several models on the same cases, side by side: per-class metrics, true vs predicted
// region proportions per model, and pictures of a few cases (an HTML report and/or one montage PNG).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, type LabelledCase, type Volume } from '@seglens/data';
import { loadModelFromDirectory, yieldAndCheck, type SeglensModel } from '@seglens/models';
import { useBackend } from '../backend';
import type { Command } from '../command';
import {
  backendFlag,
  dataFlags,
  datasetFlag,
  defaultNsdTolerance,
  jsonFlag,
  nsdFlag,
  quietFlag,
  splitFlag,
  RUN_GROUP,
} from '../common-flags';
import { parseDatasetSpec, type DatasetListing, type DatasetSpec, type Split } from '../datasets';
import { evaluateDicomWebFlags, parseReferenceSelection } from '../dicomweb/evaluate';
import { loadReferenceCases, type ReferenceSelection } from '../dicomweb/reference';
import { UsageError } from '../errors';
import { checkModelFits, scoreCases, summarize, type EvaluationSummary } from '../evaluation';
import type { CliIo } from '../io';
import { listSelection, loadSplit, progressStream } from '../load-split';
import { lossDisplayName } from '../loss-flags';
import { resolveModelDir } from '../model-ref';
import type { CommandSpec, ParsedFlags } from '../options';
import { createProgress } from '../progress';
import { caseFigure, pickCases } from '../report/figures';
import { renderHtmlReport, type ReportTable } from '../report/html';
import { renderCaseRow, renderMontage } from '../report/montage';
import { rasterToPng } from '../report/png';
import type { Rgb } from '../report/raster';
import { compareCharts } from '../report/charts';
import { statisticsTables } from '../report/statistics-tables';
import { compareStatistics, perCaseSummaries, type CaseSummary, type ClassStatistics } from '../statistics';
import { count, fixed, formatTable, percent } from '../table';
import { warnTrainingOverlap } from './evaluate';

export const compareSpec: CommandSpec = {
  name: 'compare',
  summary: 'several models side by side: metrics, region proportions, and pictures of cases (HTML/PNG)',
  usage: '--models <dirA> <dirB> ... --dataset <name> [--report out.html] [--png out.png] [options]',
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
    'Paired statistics compare the first two models (first minus second) case by case: Wilcoxon signed-rank',
    "p-value (scipy's default wilcoxon rules) and a percentile bootstrap 95% CI (10000 resamples, seed 1) of the",
    'mean difference; HD95 pairs where either is undefined are left out. Size bins are thirds of the cases by the',
    "class's true region proportion.",
  ],
  examples: [
    'seglens compare --models hippocampus-ce hippocampus-dice hippocampus-rce --dataset hippocampus --report cmp.html',
    'seglens compare --models runs/a runs/b --dataset polyp --cases 6 --png cmp.png --json',
  ],
};

export interface CompareOptions {
  models: string[];
  /** The cases: a dataset split, or (dicomweb) image series with reference SEGs in an archive. */
  dataset?: DatasetSpec;
  dicomweb?: Omit<ReferenceSelection, 'signal' | 'env'>;
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

export interface ComparedModel extends EvaluationSummary {
  name: string;
  dir: string;
  loss: string;
  /** Every case's per-class numbers, in case order (as `evaluate --per-case`). */
  perCase: CaseSummary[];
}

export interface CompareResult {
  dataset: string;
  split: Split;
  cases: number;
  nsdTolerance: number;
  /** Unit of HD95 and of the NSD tolerance: mm for volumes, pixels for 2-D images (their files carry no size). */
  distanceUnit: 'mm' | 'px';
  shownCases: string[];
  models: ComparedModel[];
  /** Per foreground class: paired statistics of the first two models, proportion bias, size bins. */
  perClass: ClassStatistics[];
  report?: string;
  png?: string;
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
  return {
    models,
    ...(flags.has('dicomweb')
      ? { dicomweb: parseReferenceSelection(flags, 'compare') }
      : { dataset: parseDatasetSpec(flags.requireString('dataset')) }),
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

/** Models must agree on their classes to be compared class by class. */
function checkSameClasses(models: readonly SeglensModel[], refs: readonly string[]): void {
  const names = (m: SeglensModel) => m.card.classes.map((c) => c.name).join(', ');
  const first = names(models[0]);
  models.forEach((m, i) => {
    if (names(m) !== first)
      throw new UsageError(
        `--models: ${refs[i]} has classes [${names(m)}] but ${refs[0]} has [${first}]; only models of the same classes can be compared`,
        'compare',
      );
  });
}

async function writeOutput(file: string, bytes: Uint8Array | string, signal?: AbortSignal): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  // Drawing the pictures is one long computation: a Ctrl-C pressed meanwhile is seen here, before writing.
  await yieldAndCheck(signal, 'compare');
  await writeFileAtomic(file, bytes);
  return file;
}

/** The cases and what the report says about where they come from. */
async function compareCases(
  o: CompareOptions,
  model: SeglensModel,
  io: CliIo,
): Promise<{
  listing: { name: string; kind: DatasetListing['kind']; splitText: string; dataset?: DatasetListing };
  cases: LabelledCase[];
}> {
  if (o.dicomweb) {
    const r = await loadReferenceCases(
      model,
      { ...o.dicomweb, signal: io.signal, env: io.env ?? process.env },
      progressStream(io, o.quiet),
    );
    const splitText = `image series with reference SEG '${o.dicomweb.reference}'`;
    return { listing: { name: r.server, kind: 'volume', splitText }, cases: r.cases };
  }
  const dataset = await listSelection({ ...o, dataset: o.dataset! }, io);
  const cases = await loadSplit(dataset, o.split, io, o.quiet);
  return {
    listing: { name: dataset.name, kind: dataset.kind, splitText: dataset.splitText, dataset },
    cases,
  };
}

export async function runCompare(o: CompareOptions, io: CliIo): Promise<CompareResult> {
  const cwd = io.cwd ?? process.cwd();
  const dirs = o.models.map((ref) => resolveModelDir(ref, { cwd, flag: '--models' }));
  await useBackend(o.backend);
  const models: SeglensModel[] = [];
  try {
    for (const dir of dirs) models.push(await loadModelFromDirectory(dir));
    checkSameClasses(models, o.models);
    const { listing, cases } = await compareCases(o, models[0], io);
    const nsdTolerance = o.nsdTolerance ?? defaultNsdTolerance(listing.kind);
    const wantPictures = o.report !== undefined || o.png !== undefined;
    const shown = wantPictures ? pickCases(cases, o.cases) : [];
    const keep = new Set(shown);
    const kept: Array<Map<string, Volume>> = [];
    const perCaseDsc: Array<Map<string, number>> = [];
    const compared: ComparedModel[] = [];
    for (let m = 0; m < models.length; m++) {
      const model = models[m];
      checkModelFits(model, cases, listing.name);
      if (listing.dataset)
        warnTrainingOverlap(
          model,
          listing.dataset,
          cases.map((c) => c.id),
          o.split,
          io,
        );
      const bar = createProgress(
        progressStream(io, o.quiet),
        `segmenting with ${model.card.name} (${m + 1}/${models.length})`,
        cases.length,
        { unit: 'cases' },
      );
      const scored = await scoreCases(model, cases, {
        nsdTolerance,
        keep,
        onCase: (done) => bar.update(done),
        signal: io.signal,
      });
      bar.finish();
      kept.push(scored.kept);
      perCaseDsc.push(new Map(cases.map((c, i) => [c.id, scored.evaluations[i].meanForegroundDsc])));
      compared.push({
        name: model.card.name,
        dir: dirs[m],
        loss: lossDisplayName(model.card.training?.loss),
        ...summarize(scored.evaluations),
        perCase: perCaseSummaries(
          cases.map((c) => c.id),
          scored.evaluations,
        ),
      });
    }
    const result: CompareResult = {
      dataset: listing.name,
      split: o.split,
      cases: cases.length,
      nsdTolerance,
      distanceUnit: listing.kind === '2d' ? 'px' : 'mm',
      shownCases: shown,
      models: compared,
      perClass: compareStatistics(compared),
    };
    if (wantPictures) {
      const colors: Rgb[] = models[0].card.classes.map((c) => c.color);
      const legend = models[0].card.classes
        .filter((c) => c.index !== 0)
        .map((c) => ({ name: c.name, color: c.color }));
      const rows = shown.map((id) => {
        const c = cases.find((x) => x.id === id)!;
        return {
          id,
          raster: renderCaseRow(
            caseFigure(
              c,
              models.map((_, m) => ({
                model: compared[m].name,
                labels: kept[m].get(id)!,
                dsc: perCaseDsc[m].get(id)!,
              })),
            ),
            colors,
          ),
        };
      });
      const title = `${listing.name} ${o.split}: ${compared.map((m) => `${m.name} (${m.loss})`).join(' vs ')}`;
      if (o.report) {
        const html = renderHtmlReport({
          title: `seglens compare: ${title}`,
          notes: [
            `${count(cases.length, 'case')} of ${listing.name} (split ${o.split}; ${listing.splitText}). Metrics are computed per case (in 3-D with voxel spacing for volumes) and averaged over cases; HD95 and NSD (tolerance ${nsdTolerance} ${result.distanceUnit}) skip cases where a class is missing from the prediction or the truth.`,
            "Region proportions are the share of voxels of each class (the paper's region-size view): a loss with a region-size bias shows as predicted proportions drifting away from the true ones.",
            `Paired statistics: ${compared[0].name} minus ${compared[1].name}, case by case; p from the two-sided Wilcoxon signed-rank test (scipy's default rules), 95% CI of the mean difference from a percentile bootstrap (10000 resamples, seed 1). Size bins: thirds of the cases by the class's true region proportion.`,
            `Pictures: ${shown.length} cases spread from the smallest to the largest true foreground, each at the slice with the most ground-truth foreground; classes are filled and outlined in their colours. FG is the case's foreground proportion, DSC its mean foreground DSC.`,
          ],
          legend,
          tables: compareTables(result),
          charts: await compareCharts(compared),
          figures: rows.map((r) => ({
            caption: r.id,
            alt: `${r.id}: image, ground truth and ${compared.length} predictions`,
            png: rasterToPng(r.raster),
          })),
        });
        result.report = await writeOutput(path.resolve(cwd, o.report), html, io.signal);
      }
      if (o.png) {
        const montage = renderMontage(
          title,
          legend,
          rows.map((r) => r.raster),
        );
        result.png = await writeOutput(path.resolve(cwd, o.png), rasterToPng(montage), io.signal);
      }
    }
    return result;
  } finally {
    for (const m of models) m.net.dispose();
  }
}

/** The tables of the report and of stdout: metrics per class and model, then region proportions. */
export function compareTables(r: CompareResult): ReportTable[] {
  const names = r.models.map((m) => m.name);
  const classes = r.models[0].perClass.map((c) => c.name);
  const metricRows = classes.flatMap((name, k) => [
    [name, 'DSC', ...r.models.map((m) => fixed(m.perClass[k].dsc, 3))],
    [name, 'IoU', ...r.models.map((m) => fixed(m.perClass[k].iou, 3))],
    [name, `HD95 ${r.distanceUnit}`, ...r.models.map((m) => fixed(m.perClass[k].hd95, 2))],
    [name, `NSD@${r.nsdTolerance}`, ...r.models.map((m) => fixed(m.perClass[k].nsd, 3))],
  ]);
  metricRows.push(['mean foreground', 'DSC', ...r.models.map((m) => fixed(m.meanForegroundDsc, 3))]);
  const proportionRows = classes.map((name, k) => [
    name,
    'proportion',
    percent(r.models[0].perClass[k].trueProportion),
    ...r.models.map((m) => percent(m.perClass[k].predProportion)),
  ]);
  return [
    {
      caption: `Metrics (mean over ${count(r.cases, 'case')})`,
      header: ['class', 'metric', ...names],
      rows: metricRows,
    },
    {
      caption: 'Region proportions: true vs predicted (mean over cases)',
      header: ['class', '', 'true', ...names],
      rows: proportionRows,
    },
    ...statisticsTables(r.perClass, names, r.distanceUnit),
  ];
}

export function formatCompare(r: CompareResult): string {
  const lines = [
    `${r.dataset}, split ${r.split}: ${count(r.cases, 'case')}; ${r.models.map((m) => `${m.name} = ${m.loss}`).join(', ')}`,
  ];
  for (const t of compareTables(r)) {
    lines.push(
      '',
      t.caption,
      formatTable(
        t.header.map((h, i) => ({ header: h, align: i < 2 ? ('left' as const) : ('right' as const) })),
        t.rows,
      ).trimEnd(),
    );
  }
  if (r.report || r.png) lines.push('');
  if (r.report) lines.push(`report: ${r.report}`);
  if (r.png) lines.push(`montage: ${r.png}`);
  return `${lines.join('\n')}\n`;
}

export const compareCommand: Command = {
  spec: compareSpec,
  async run(flags, io) {
    const result = await runCompare(compareOptions(flags), io);
    io.stdout.write(flags.boolean('json') ? `${JSON.stringify(result)}\n` : formatCompare(result));
  },
};
