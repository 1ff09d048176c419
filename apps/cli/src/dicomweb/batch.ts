// `seglens predict --dicomweb`: a model over the studies of a DICOMweb archive. Per study: QIDO lists its series,
// the ones the model fits are read with WADO-RS, segmented, written as one DICOM SEG each and (with --store) sent
// back with STOW-RS. A series that already holds a SEG of this model and version is skipped, so a batch that was
// stopped can simply be run again. Each SEG is one instance in one STOW request: stored whole or not at all.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  DICOM_TAG,
  DicomWebClient,
  dicomWebAuthFromEnv,
  jsonString,
  jsonStrings,
  readDicomSeries,
  newUid,
  readDicomStudyInfo,
  writeDicomSeg,
  writeFileAtomic,
  type DicomJson,
  type Volume,
} from '@seglens/data';
import {
  planSegProvenance,
  segment,
  seriesNumberFor,
  type SegProvenance,
  type SeglensModel,
} from '@seglens/models';
import { errorMessage } from '../errors';
import type { CliIo, OutputStream } from '../io';
import { modalityFits, volumeFits } from '../fits';
import { inShard, listStudies, referencedSeriesUids, type Shard } from './select';

export interface DicomWebBatchOptions {
  baseUrl: string;
  studies?: string[];
  query?: Record<string, string>;
  all?: boolean;
  store: boolean;
  /** Folder for a copy of each SEG (<study>/<series>.seg.dcm). */
  out?: string;
  concurrency: number;
  shard?: Shard;
}

export type SeriesStatus =
  'stored' | 'written' | 'already-stored' | 'not-fitting' | 'no-foreground' | 'failed';

export interface SeriesOutcome {
  study: string;
  series: string;
  modality?: string;
  description?: string;
  status: SeriesStatus;
  /** Why a series was skipped or failed. */
  detail?: string;
  /** The SEG made for it. */
  seg?: { seriesInstanceUID: string; sopInstanceUID: string; file?: string };
  /** Foreground proportion per class, for a segmented series. */
  proportions?: Record<string, number>;
  seconds?: number;
}

export interface DicomWebBatchResult {
  server: string;
  model: string;
  version: string;
  shard?: string;
  studies: number;
  series: SeriesOutcome[];
  counts: Record<SeriesStatus, number>;
  /** HTTP requests retried after a transient failure. */
  retries: number;
  seconds: number;
}

/** Ctrl-C: an Error named AbortError (the CLI exits 130), made in this realm (see the DICOMweb client). */
function interrupted(): Error {
  const error = new Error('interrupted');
  error.name = 'AbortError';
  return error;
}

/** Series of the study that hold a SEG of this model and version, found from the SEGs' own metadata. */
async function alreadySegmented(
  client: DicomWebClient,
  study: string,
  segSeries: readonly string[],
  model: SeglensModel,
  version: string,
): Promise<Set<string>> {
  const done = new Set<string>();
  for (const uid of segSeries) {
    const [first] = await client.seriesMetadata(study, uid);
    if (!first) continue;
    if (jsonString(first, DICOM_TAG.ManufacturerModelName) !== model.card.name) continue;
    if (!jsonStrings(first, DICOM_TAG.SoftwareVersions).includes(version)) continue;
    for (const ref of referencedSeriesUids(first)) if (ref) done.add(ref);
  }
  return done;
}

interface StudyContext {
  client: DicomWebClient;
  model: SeglensModel;
  /** What every SEG of the batch says about the model (the viewer's export plans the same). */
  provenance: SegProvenance;
  /** provenance.algorithm.version: how the SEGs of this model version are recognised on a rerun. */
  version: string;
  o: DicomWebBatchOptions;
  io: CliIo;
  log: (line: string) => void;
}

async function segmentSeries(ctx: StudyContext, study: string, meta: DicomJson): Promise<SeriesOutcome> {
  const { client, model, o, io } = ctx;
  const series = jsonString(meta, DICOM_TAG.SeriesInstanceUID)!;
  const outcome: SeriesOutcome = {
    study,
    series,
    modality: jsonString(meta, DICOM_TAG.Modality),
    description: jsonString(meta, DICOM_TAG.SeriesDescription),
    status: 'failed',
  };
  const started = Date.now();
  const instances = await client.retrieveSeries(study, series);
  let source: Volume;
  try {
    source = await readDicomSeries(instances, { seriesInstanceUID: series, sourceName: `series ${series}` });
  } catch (error) {
    return {
      ...outcome,
      status: 'not-fitting',
      detail: `not a readable image series: ${errorMessage(error)}`,
    };
  }
  const unfit = volumeFits(source, model);
  if (unfit) return { ...outcome, status: 'not-fitting', detail: unfit };
  const { labels } = await segment(model, source, { signal: io.signal });
  if (io.signal?.aborted) throw interrupted();
  const counts = new Array<number>(model.card.classes.length).fill(0);
  for (let i = 0; i < labels.voxels.length; i++) counts[labels.voxels[i]]++;
  outcome.proportions = Object.fromEntries(
    model.card.classes
      .filter((c) => c.index !== 0)
      .map((c) => [c.name, counts[c.index] / labels.voxels.length]),
  );
  if (counts.slice(1).every((n) => n === 0))
    return {
      ...outcome,
      status: 'no-foreground',
      detail: 'the model found no foreground; a SEG needs at least one voxel',
    };
  const seg = {
    seriesInstanceUID: newUid(),
    sopInstanceUID: newUid(),
  };
  const { provenance } = ctx;
  const bytes = new Uint8Array(
    writeDicomSeg(labels, source, {
      segments: provenance.segments,
      algorithm: provenance.algorithm,
      study: readDicomStudyInfo(instances[0]),
      seriesDescription: provenance.seriesDescription,
      seriesNumber: await seriesNumberFor(provenance.algorithm.version, series),
      ...seg,
    }),
  );
  outcome.seg = seg;
  if (o.out) {
    const file = path.join(o.out, study, `${series}.seg.dcm`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, bytes);
    outcome.seg = { ...seg, file };
    outcome.status = 'written';
  }
  if (o.store) {
    // Ctrl-C pressed while writing the copy: nothing goes to the archive.
    if (io.signal?.aborted) throw interrupted();
    await client.store([bytes], study);
    outcome.status = 'stored';
  }
  outcome.seconds = (Date.now() - started) / 1000;
  return outcome;
}

async function processStudy(ctx: StudyContext, study: string): Promise<SeriesOutcome[]> {
  const all = await ctx.client.searchSeries(study);
  const segSeries = all
    .filter((s) => jsonString(s, DICOM_TAG.Modality)?.toUpperCase() === 'SEG')
    .map((s) => jsonString(s, DICOM_TAG.SeriesInstanceUID)!)
    .filter(Boolean);
  const done = await alreadySegmented(ctx.client, study, segSeries, ctx.model, ctx.version);
  const outcomes: SeriesOutcome[] = [];
  for (const meta of all) {
    const series = jsonString(meta, DICOM_TAG.SeriesInstanceUID);
    const modality = jsonString(meta, DICOM_TAG.Modality);
    if (!series || modality?.toUpperCase() === 'SEG') continue;
    const base = { study, series, modality, description: jsonString(meta, DICOM_TAG.SeriesDescription) };
    const unfit = modalityFits(modality, ctx.model);
    let outcome: SeriesOutcome;
    if (unfit) outcome = { ...base, status: 'not-fitting', detail: unfit };
    else if (done.has(series))
      outcome = {
        ...base,
        status: 'already-stored',
        detail: `holds a SEG of ${ctx.model.card.name} ${ctx.version}`,
      };
    else {
      try {
        outcome = await segmentSeries(ctx, study, meta);
      } catch (error) {
        if (ctx.io.signal?.aborted) throw error;
        outcome = { ...base, status: 'failed', detail: errorMessage(error) };
      }
    }
    ctx.log(describe(outcome));
    outcomes.push(outcome);
  }
  return outcomes;
}

function describe(r: SeriesOutcome): string {
  const what = `study ${r.study} series ${r.series}${r.description ? ` (${r.description})` : ''}`;
  const props = r.proportions
    ? ` [${Object.entries(r.proportions)
        .map(([k, v]) => `${k} ${(v * 100).toFixed(2)}%`)
        .join(', ')}]`
    : '';
  return `${what}: ${r.status}${r.detail ? `: ${r.detail}` : ''}${props}`;
}

const STATUSES: SeriesStatus[] = [
  'stored',
  'written',
  'already-stored',
  'not-fitting',
  'no-foreground',
  'failed',
];

/** Runs the batch; failures of single series are reported in the result, not thrown. */
export async function runDicomWebBatch(
  model: SeglensModel,
  o: DicomWebBatchOptions,
  io: CliIo,
  progress: OutputStream,
): Promise<DicomWebBatchResult> {
  const started = Date.now();
  const authorization = await dicomWebAuthFromEnv(io.env ?? process.env);
  const client = new DicomWebClient({ baseUrl: o.baseUrl, authorization, signal: io.signal });
  const provenance = await planSegProvenance(model.card);
  const version = provenance.algorithm.version;
  const studies = (await listStudies(client, o)).filter((uid) => inShard(uid, o.shard));
  let finished = 0;
  const ctx: StudyContext = {
    client,
    model,
    provenance,
    version,
    o,
    io,
    log: (line) => progress.write(`[${finished}/${studies.length} studies] ${line}\n`),
  };
  const results: SeriesOutcome[][] = new Array(studies.length);
  let next = 0;
  // A pool of --concurrency workers over the studies: downloads and uploads of some overlap the segmenting of
  // another (one model, one backend: segmenting itself takes turns).
  const worker = async (): Promise<void> => {
    while (next < studies.length) {
      const i = next++;
      try {
        results[i] = await processStudy(ctx, studies[i]);
      } catch (error) {
        if (io.signal?.aborted) throw error;
        results[i] = [{ study: studies[i], series: '', status: 'failed', detail: errorMessage(error) }];
        ctx.log(describe(results[i][0]));
      }
      finished++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, Math.max(1, studies.length)) }, worker));
  const series = results.flat();
  const counts = Object.fromEntries(
    STATUSES.map((s) => [s, series.filter((r) => r.status === s).length]),
  ) as Record<SeriesStatus, number>;
  return {
    server: client.baseUrl,
    model: model.card.name,
    version,
    shard: o.shard ? `${o.shard.index}/${o.shard.count}` : undefined,
    studies: studies.length,
    series,
    counts,
    retries: client.retried,
    seconds: (Date.now() - started) / 1000,
  };
}
