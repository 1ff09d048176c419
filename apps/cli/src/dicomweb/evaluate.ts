// `seglens evaluate --dicomweb <url> --reference <rule>`: the model against reference SEGs stored in the archive,
// case by case (a case = an image series with its reference SEG), with the same metrics and output as evaluate.
import { loadModelFromDirectory } from '@seglens/models';
import { useBackend } from '../backend';
import { defaultNsdTolerance, distanceUnitOf, kindOfCases, type DistanceUnit } from '../distance-unit';
import { UsageError } from '../errors';
import { checkModelFits, scoreCases, summarize, type EvaluationSummary } from '../evaluation';
import type { CliIo } from '../io';
import { progressStream } from '../load-split';
import { lossDisplayName } from '../loss-flags';
import { resolveModelDir } from '../model-ref';
import type { FlagSpec, ParsedFlags } from '../options';
import { createProgress } from '../progress';
import { formatSummaryTable, perCaseSummaries, type CaseSummary } from '../statistics';
import { count } from '../table';
import { dicomWebFlags } from './predict';
import { loadReferenceCases, type ReferenceSelection } from './reference';
import { parseQuery, parseShard } from './select';

export const evaluateDicomWebFlags: FlagSpec[] = [
  ...dicomWebFlags.filter((f) => ['dicomweb', 'study', 'query', 'all', 'shard'].includes(f.name)),
  {
    name: 'reference',
    type: 'string',
    valueName: 'description|label:regex',
    group: 'DICOMweb batch options',
    description:
      "with --dicomweb: the reference SEG of each study, by SeriesDescription (case-insensitive) or label:<regex> (a SEG with a matching segment label); its segments are matched to the model's classes by name",
  },
];

export interface EvaluateDicomWebRun {
  summary: EvaluationSummary;
  perCase: CaseSummary[];
  skipped: Array<{ study: string; reason: string }>;
  server: string;
  model: string;
  loss: string;
  /** Unit of HD95: mm, or px/voxels for images without PixelSpacing (distanceUnitOf). */
  distanceUnit: DistanceUnit;
}

/** The archive side of evaluate/compare --dicomweb: server, studies, shard and reference rule, checked. */
export function parseReferenceSelection(
  flags: ParsedFlags,
  command: string,
): Omit<ReferenceSelection, 'signal' | 'env'> {
  const fail = (m: string): never => {
    throw new UsageError(m, command);
  };
  if (flags.has('dataset'))
    fail('--dataset and --dicomweb exclude each other: the cases come from the archive');
  const reference =
    flags.string('reference') ?? fail('--dicomweb needs --reference <SEG series description | label:regex>');
  const studies = flags.list('study');
  const queryItems = flags.list('query');
  const all = flags.boolean('all');
  if ([studies.length > 0, queryItems.length > 0, all].filter(Boolean).length !== 1)
    fail('--dicomweb needs exactly one of --study <uid>..., --query Key=value... or --all');
  const query = parseQuery(queryItems);
  if (typeof query === 'string') fail(query);
  const shardText = flags.string('shard');
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  if (typeof shard === 'string') fail(shard);
  return {
    baseUrl: flags.requireString('dicomweb'),
    studies,
    query: query as Record<string, string>,
    all,
    shard: shard as ReferenceSelection['shard'],
    reference,
  };
}

export async function runEvaluateDicomWeb(flags: ParsedFlags, io: CliIo): Promise<EvaluateDicomWebRun> {
  const archive = parseReferenceSelection(flags, 'evaluate');
  const quiet = flags.boolean('quiet');
  const modelDir = resolveModelDir(flags.requireString('model'), { cwd: io.cwd });
  await useBackend(flags.string('backend'));
  const model = await loadModelFromDirectory(modelDir);
  try {
    const selection: ReferenceSelection = { ...archive, signal: io.signal, env: io.env ?? process.env };
    const progress = progressStream(io, quiet);
    const { cases, skipped, server } = await loadReferenceCases(model, selection, progress);
    checkModelFits(model, cases, server);
    const kind = kindOfCases(cases);
    const distanceUnit = distanceUnitOf(cases, kind);
    const bar = createProgress(progress, `segmenting with ${model.card.name}`, cases.length, {
      unit: 'cases',
    });
    const { evaluations } = await scoreCases(model, cases, {
      nsdTolerance: flags.number('nsd-tolerance') ?? defaultNsdTolerance(distanceUnit),
      onCase: (done) => bar.update(done),
      signal: io.signal,
    });
    bar.finish();
    return {
      summary: summarize(evaluations),
      perCase: perCaseSummaries(
        cases.map((c) => c.id),
        evaluations,
      ),
      skipped,
      server,
      model: model.card.name,
      loss: lossDisplayName(model.card.training?.loss),
      distanceUnit,
    };
  } finally {
    model.net.dispose();
  }
}

export function formatEvaluateDicomWeb(r: EvaluateDicomWebRun): string {
  const table = formatSummaryTable(r.summary, `HD95 ${r.distanceUnit}`, 'NSD');
  const skipped = r.skipped.map((s) => `skipped study ${s.study}: ${s.reason}\n`).join('');
  return `model ${r.model} (${r.loss}) against reference SEGs on ${r.server}: ${count(r.summary.cases, 'case')}\n${table}${skipped}`;
}
