// The --dicomweb side of `seglens predict`: its flags, their checks, the run and the summary table.
import path from 'node:path';
import { loadModelFromDirectory } from '@seglens/models';
import { useBackend } from '../backend';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { progressStream } from '../load-split';
import { resolveModelDir } from '../model-ref';
import type { FlagSpec, ParsedFlags } from '../options';
import { formatTable } from '../table';
import { runDicomWebBatch, type DicomWebBatchOptions, type DicomWebBatchResult } from './batch';
import { parseQuery, parseShard } from './select';

const GROUP = 'DICOMweb batch options';

export const dicomWebFlags: FlagSpec[] = [
  {
    name: 'dicomweb',
    type: 'string',
    valueName: 'base-url',
    group: GROUP,
    description:
      'segment the studies of a DICOMweb archive instead of --input (credentials from SEGLENS_DICOMWEB_TOKEN[_FILE] or SEGLENS_DICOMWEB_USER + SEGLENS_DICOMWEB_PASSWORD[_FILE], never on the command line)',
  },
  {
    name: 'study',
    type: 'string',
    variadic: true,
    valueName: 'uid',
    group: GROUP,
    description: 'StudyInstanceUIDs to segment',
  },
  {
    name: 'query',
    type: 'string',
    variadic: true,
    valueName: 'Key=value',
    group: GROUP,
    description: 'QIDO-RS study filters, e.g. ModalitiesInStudy=MR',
  },
  { name: 'all', type: 'boolean', group: GROUP, description: 'every study of the archive' },
  {
    name: 'store',
    type: 'boolean',
    group: GROUP,
    description: 'send each SEG back to the archive with STOW-RS',
  },
  {
    name: 'concurrency',
    type: 'integer',
    min: 1,
    max: 32,
    default: 2,
    valueName: 'n',
    group: GROUP,
    description: 'studies in flight at once (their transfers overlap the segmenting)',
  },
  {
    name: 'shard',
    type: 'string',
    valueName: 'i/n',
    group: GROUP,
    description:
      'take only the i-th of n disjoint shares of the studies (by a hash of the StudyInstanceUID), to split a batch over machines',
  },
];

export interface DicomWebPredictOptions extends DicomWebBatchOptions {
  model: string;
  backend?: string;
  quiet?: boolean;
}

export function dicomWebOptions(flags: ParsedFlags): DicomWebPredictOptions {
  const fail = (message: string): never => {
    throw new UsageError(message, 'predict');
  };
  if (flags.has('input'))
    fail('--input and --dicomweb exclude each other: a batch reads its series from the archive');
  if (flags.has('series'))
    fail(
      '--series applies to --input folders; with --dicomweb choose studies with --study, --query or --all',
    );
  if (flags.has('force'))
    fail('--force applies to --input; a --dicomweb batch segments only the series each model fits');
  const studies = flags.list('study');
  const queryItems = flags.list('query');
  const all = flags.boolean('all');
  const chosen = [studies.length > 0, queryItems.length > 0, all].filter(Boolean).length;
  if (chosen !== 1) fail('--dicomweb needs exactly one of --study <uid>..., --query Key=value... or --all');
  for (const uid of studies)
    if (!/^[0-9.]{1,64}$/.test(uid)) fail(`--study ${uid}: not a DICOM UID (digits and dots)`);
  const query = parseQuery(queryItems);
  if (typeof query === 'string') fail(query);
  const shardText = flags.string('shard');
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  if (typeof shard === 'string') fail(shard);
  const store = flags.boolean('store');
  const out = flags.string('out');
  if (!store && out === undefined)
    fail('--dicomweb without --store or --out would keep nothing: add --store, --out <folder>, or both');
  return {
    model: flags.requireString('model'),
    baseUrl: flags.requireString('dicomweb'),
    studies,
    query: query as Record<string, string>,
    all,
    store,
    out,
    concurrency: flags.requireNumber('concurrency'),
    shard: shard as DicomWebBatchOptions['shard'],
    backend: flags.string('backend'),
    quiet: flags.boolean('quiet'),
  };
}

export async function runPredictDicomWeb(o: DicomWebPredictOptions, io: CliIo): Promise<DicomWebBatchResult> {
  const cwd = io.cwd ?? process.cwd();
  const modelDir = resolveModelDir(o.model, { cwd });
  await useBackend(o.backend);
  const model = await loadModelFromDirectory(modelDir);
  try {
    const out = o.out === undefined ? undefined : path.resolve(cwd, o.out);
    return await runDicomWebBatch(model, { ...o, out }, io, progressStream(io, o.quiet));
  } finally {
    model.net.dispose();
  }
}

export function formatDicomWebBatch(r: DicomWebBatchResult): string {
  const c = r.counts;
  const rows = r.series.map((s) => [
    s.study,
    s.series || '—',
    s.description ?? '',
    s.status,
    s.detail ?? s.seg?.seriesInstanceUID ?? '',
  ]);
  const table = formatTable(
    [
      { header: 'study', align: 'left' },
      { header: 'series', align: 'left' },
      { header: 'description', align: 'left' },
      { header: 'result', align: 'left' },
      { header: 'SEG series / reason', align: 'left' },
    ],
    rows,
  );
  return `${r.model} (${r.version}) on ${r.server}${r.shard ? `, shard ${r.shard}` : ''}: ${r.studies} studies in ${r.seconds.toFixed(1)} s; ${c.stored} stored, ${c.written} written, ${c['already-stored']} already stored, ${c['not-fitting']} not fitting, ${c['no-foreground']} without foreground, ${c.failed} failed; ${r.retries} retried requests\n${table}`;
}
