// `seglens compare`: several models on the same cases, side by side: per-class metrics, true vs predicted
// region proportions per model, and pictures of a few cases (an HTML report and/or one montage PNG).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, type LabelledCase, type Volume } from '@seglens/data';
import { loadModelFromDirectory, yieldAndCheck, type SeglensModel } from '@seglens/models';
import { useBackend } from '../backend';
import type { Command } from '../command';
import type { DatasetListing } from '../datasets';
import { defaultNsdTolerance, distanceUnitOf, kindOfCases } from '../distance-unit';
import { loadReferenceCases } from '../dicomweb/reference';
import { UsageError } from '../errors';
import { checkModelFits, summarize } from '../evaluation';
import type { CliIo } from '../io';
import { listSelection, loadSplit, progressStream, scoreCasesShown } from '../load-split';
import { lossDisplayName } from '../loss-flags';
import { distinctModelLabels } from '../model-labels';
import { resolveModelDir } from '../model-ref';
import { caseFigure, pickCases } from '../report/figures';
import { renderHtmlReport } from '../report/html';
import { renderCaseRow, renderMontage } from '../report/montage';
import { rasterToPng } from '../report/png';
import type { Rgb } from '../report/raster';
import { compareCharts } from '../report/charts';
import { classProportions, compareStatistics, perCaseSummaries } from '../statistics';
import { count } from '../table';
import { compareOptions, compareSpec, type CompareOptions } from './compare-options';
import { compareTables, formatCompare, type ComparedModel, type CompareResult } from './compare-output';
import { warnTrainingOverlap } from './evaluate';
import { loadOwnScan, ownScanNotes, ownScanPaths, type OwnScan, type OwnScanPaths } from '../own-scan';

export { compareSpec, compareOptions, type CompareOptions } from './compare-options';
export { compareTables, formatCompare, type ComparedModel, type CompareResult } from './compare-output';

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
  scanPaths?: OwnScanPaths,
): Promise<{
  listing: { name: string; kind: DatasetListing['kind']; splitText: string; dataset?: DatasetListing };
  cases: LabelledCase[];
  /** One scan of yours: the classes its reference labels, and what it leaves out. */
  scan?: Omit<OwnScan, 'labelled'>;
}> {
  if (o.ownScan && scanPaths) {
    const { labelled, ...scan } = await loadOwnScan(o.ownScan, scanPaths, model, io, 'compare');
    const cases = [labelled];
    const splitText = `one scan against ${o.ownScan.labels}`;
    return { listing: { name: o.ownScan.input, kind: kindOfCases(cases), splitText }, cases, scan };
  }
  if (o.dicomweb) {
    const r = await loadReferenceCases(
      model,
      { ...o.dicomweb, signal: io.signal, env: io.env ?? process.env },
      progressStream(io, o.quiet),
    );
    const splitText = `image series with reference SEG '${o.dicomweb.reference}'`;
    return { listing: { name: r.server, kind: kindOfCases(r.cases), splitText }, cases: r.cases };
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
  // Paths first: a typo in --input or --labels is reported before any model is read.
  const scanPaths = o.ownScan ? ownScanPaths(o.ownScan, cwd, 'compare') : undefined;
  await useBackend(o.backend);
  const models: SeglensModel[] = [];
  try {
    for (const dir of dirs) models.push(await loadModelFromDirectory(dir));
    checkSameClasses(models, o.models);
    const labels = distinctModelLabels(
      models.map((m) => m.card.name),
      dirs,
    );
    const { listing, cases, scan } = await compareCases(o, models[0], io, scanPaths);
    // Before segmenting: cases that mix millimetres with pixels are refused without the wait.
    const distanceUnit = distanceUnitOf(cases, listing.kind);
    const nsdTolerance = o.nsdTolerance ?? defaultNsdTolerance(distanceUnit);
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
      const scored = await scoreCasesShown(
        model,
        cases,
        `segmenting with ${labels[m]} (${m + 1}/${models.length})`,
        io,
        o.quiet,
        { nsdTolerance, keep, ...(scan ? { classes: scan.classes } : {}) },
      );
      kept.push(scored.kept);
      perCaseDsc.push(new Map(cases.map((c, i) => [c.id, scored.evaluations[i].meanForegroundDsc])));
      compared.push({
        name: labels[m],
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
      // One scan of yours is all of its cases.
      split: o.ownScan ? 'all' : o.split,
      cases: cases.length,
      nsdTolerance,
      distanceUnit,
      shownCases: shown,
      models: compared,
      // Paired tests and size bins of one case would give a difference as if it had a spread: left out.
      perClass: cases.length > 1 ? compareStatistics(compared) : classProportions(compared),
      ...(scan
        ? {
            unlabelledClasses: scan.unlabelledClasses,
            unmapped: scan.unmapped,
            referenceCoverage: scan.coverage,
          }
        : {}),
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
      const title = `${listing.name} ${result.split}: ${compared.map((m) => `${m.name} (${m.loss})`).join(' vs ')}`;
      if (o.report) {
        const html = renderHtmlReport({
          title: `seglens compare: ${title}`,
          notes: [
            `${count(cases.length, 'case')} of ${listing.name} (split ${result.split}; ${listing.splitText}). Metrics are computed per case (in 3-D with voxel spacing for volumes) and averaged over cases; HD95 and NSD (tolerance ${nsdTolerance} ${result.distanceUnit}) skip cases where a class is missing from the prediction or the truth.`,
            "Region proportions are the share of voxels of each class (the paper's region-size view): a loss with a region-size bias shows as predicted proportions drifting away from the true ones.",
            cases.length > 1
              ? `Paired statistics: ${compared[0].name} minus ${compared[1].name}, case by case; p from the two-sided Wilcoxon signed-rank test (scipy's default rules), 95% CI of the mean difference from a percentile bootstrap (10000 resamples, seed 1). Size bins: thirds of the cases by the class's true region proportion.`
              : 'No paired statistics: the difference of one case has no spread to test.',
            ...(result.unlabelledClasses?.length
              ? [`Not in the reference, so not scored: ${result.unlabelledClasses.join(', ')}.`]
              : []),
            // The coverage line of the text output, as a sentence.
            ...ownScanNotes([], [], result.referenceCoverage).map(
              (n) => `${n[0].toUpperCase()}${n.slice(1)}.`,
            ),
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

export const compareCommand: Command = {
  spec: compareSpec,
  async run(flags, io) {
    const result = await runCompare(compareOptions(flags), io);
    io.stdout.write(flags.boolean('json') ? `${JSON.stringify(result)}\n` : formatCompare(result));
  },
};
