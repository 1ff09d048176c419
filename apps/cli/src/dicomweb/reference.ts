// `seglens evaluate --dicomweb --reference <rule>`: the reference of each case is a DICOM SEG in the same study
// as the image series it references. Its segments are matched to the model's classes by name (case and spacing
// ignored), so a SEG drawn in another tool with the same structure names serves as ground truth.
import {
  DICOM_TAG,
  DicomWebClient,
  dicomWebAuthFromEnv,
  jsonString,
  readDicomSeg,
  readDicomSeries,
  type DicomJson,
  type LabelledCase,
  type Volume,
} from '@seglens/data';
import type { SeglensModel } from '@seglens/models';
import { errorMessage } from '../errors';
import { normalizeName, relabel, segmentClassesByName } from '../segment-classes';
import type { OutputStream } from '../io';
import { inShard, listStudies, referencedSeriesUids, type Shard } from './select';

export interface ReferenceSelection {
  baseUrl: string;
  studies?: string[];
  query?: Record<string, string>;
  all?: boolean;
  shard?: Shard;
  /** The reference SEG: its SeriesDescription (case-insensitive), or `label:<regex>`: a SEG with a segment label matching it. */
  reference: string;
  signal?: AbortSignal;
  env: Record<string, string | undefined>;
}

/** Whether a SEG series (its first instance's metadata) is the reference the rule names. */
function isReference(meta: DicomJson, rule: string): boolean {
  if (rule.startsWith('label:')) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(rule.slice(6), 'i');
    } catch (error) {
      throw new Error(`--reference ${rule}: not a regular expression (${errorMessage(error)})`);
    }
    const segments = (meta['00620002']?.Value ?? []) as DicomJson[];
    return segments.some((s) => pattern.test(jsonString(s, '00620005') ?? ''));
  }
  return normalizeName(jsonString(meta, DICOM_TAG.SeriesDescription) ?? '') === normalizeName(rule);
}

/** The reference's label map in the model's class indices; segments without a class of that name are left out. */
function toClassLabels(
  seg: { labels: Volume; segments: Array<{ number: number; label: string }> },
  model: SeglensModel,
  what: string,
): Volume {
  const map = segmentClassesByName(seg.segments, model);
  const missing = model.card.classes.filter((c) => c.index !== 0 && ![...map.values()].includes(c.index));
  if (missing.length > 0)
    throw new Error(
      `${what}: no segment named ${missing.map((c) => `'${c.name}'`).join(', ')} (its segments: ${seg.segments.map((s) => `'${s.label}'`).join(', ')})`,
    );
  return relabel(seg.labels, map);
}

export interface ReferenceCases {
  server: string;
  cases: LabelledCase[];
  /** Studies without a usable reference, and why. */
  skipped: Array<{ study: string; reason: string }>;
}

/** Every (image series, reference SEG) pair of the chosen studies, read as labelled cases. */
export async function loadReferenceCases(
  model: SeglensModel,
  o: ReferenceSelection,
  progress: OutputStream,
): Promise<ReferenceCases> {
  const client = new DicomWebClient({
    baseUrl: o.baseUrl,
    authorization: await dicomWebAuthFromEnv(o.env),
    signal: o.signal,
  });
  const studies = (await listStudies(client, o)).filter((uid) => inShard(uid, o.shard));
  const cases: LabelledCase[] = [];
  const skipped: ReferenceCases['skipped'] = [];
  for (const study of studies) {
    const segs = (await client.searchSeries(study, { Modality: 'SEG' })).filter(
      (s) => jsonString(s, DICOM_TAG.Modality)?.toUpperCase() === 'SEG',
    );
    let found = 0;
    for (const s of segs) {
      const segUid = jsonString(s, DICOM_TAG.SeriesInstanceUID)!;
      const [meta] = await client.seriesMetadata(study, segUid);
      if (!meta || !isReference(meta, o.reference)) continue;
      const source = referencedSeriesUids(meta)[0];
      if (!source) {
        skipped.push({ study, reason: `reference SEG ${segUid} names no referenced series` });
        continue;
      }
      const what = `study ${study}: reference SEG ${segUid}`;
      const image = await readDicomSeries(await client.retrieveSeries(study, source), {
        seriesInstanceUID: source,
      });
      const [segBytes] = await client.retrieveSeries(study, segUid);
      const seg = readDicomSeg(segBytes, image);
      cases.push({ id: `${study}/${source}`, image, labels: toClassLabels(seg, model, what) });
      progress.write(`read ${what} on series ${source}\n`);
      found++;
    }
    if (found === 0) skipped.push({ study, reason: `no SEG matching --reference ${o.reference}` });
  }
  if (cases.length === 0)
    throw new Error(
      `no reference SEG matching --reference ${o.reference} in the ${studies.length} chosen studies${
        skipped.length
          ? ` (${skipped
              .slice(0, 3)
              .map((x) => x.reason)
              .join('; ')})`
          : ''
      }`,
    );
  return { server: client.baseUrl, cases, skipped };
}
