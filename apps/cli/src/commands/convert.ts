// `seglens convert`: a copy of a model with its weights stored in another precision (float16 halves the files a
// browser downloads), whose card's validation is measured again on the converted weights, so that the card still
// describes the files it comes with and `seglens evaluate` reproduces it. The copy is refused, and nothing is
// written, when the mean foreground DSC moves by more than --max-dsc-change: float16 only where accuracy holds.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  decodeModel,
  encodeModel,
  loadModelFromDirectory,
  saveModelToDirectory,
  sha256Node,
  validationRecord,
  inferenceConvolution,
  type ModelCard,
  type SeglensModel,
} from '@seglens/models';
import { useBackend } from '../backend';
import type { Command } from '../command';
import { backendFlag, dataFlags, datasetFlag, jsonFlag, quietFlag, RUN_GROUP } from '../common-flags';
import { parseDatasetSpec, type DatasetSpec } from '../datasets';
import { defaultNsdTolerance, distanceUnitOf } from '../distance-unit';
import { checkModelFits } from '../evaluation';
import type { CliIo } from '../io';
import { listSelection, loadSplit, scoreCasesShown } from '../load-split';
import { resolveModelDir, SHIPPED_MODELS } from '../model-ref';
import type { CommandSpec, ParsedFlags } from '../options';
import { formatTable } from '../table';

type WeightDtype = ModelCard['weightDtype'];

export const convertSpec: CommandSpec = {
  name: 'convert',
  summary: 'copy a model with float16 (or float32) weights, its validation measured again on them',
  usage: '--model <dir|name> --out <dir> --dataset <name> [--weights float16] [options]',
  flags: [
    {
      name: 'model',
      type: 'string',
      required: true,
      valueName: 'dir|name',
      description: `a model directory (or a train --out directory), or a shipped model: ${SHIPPED_MODELS.join(', ')}`,
    },
    {
      name: 'out',
      type: 'string',
      required: true,
      valueName: 'dir',
      description: 'where the converted model goes (a new or empty folder)',
    },
    datasetFlag(true),
    {
      name: 'weights',
      type: 'string',
      choices: ['float16', 'float32'],
      default: 'float16',
      valueName: 'dtype',
      group: RUN_GROUP,
      description: 'precision of the stored weights (float16: IEEE half floats, half the size)',
    },
    {
      name: 'max-dsc-change',
      type: 'number',
      min: 0,
      default: 0.002,
      valueName: 'x',
      group: RUN_GROUP,
      description:
        "refuse the copy when the validation mean foreground DSC moves by more than this from the card's",
    },
    ...dataFlags,
    backendFlag,
    jsonFlag,
    quietFlag,
  ],
  details: [
    'The weights are rounded to the chosen precision exactly as the saved files store them (round to nearest',
    "even), and the card's validation cases (the dataset's val split, which must be the card's",
    'training.dataset.validationCases when it lists them) are segmented and scored with the rounded weights, at',
    "the card's NSD tolerance, the way training scored them. The copy's card gets these numbers as its",
    'validation (its training history keeps the numbers measured during training) and weightDtype. Nothing is',
    'written when the DSC moves by more than --max-dsc-change or --out holds files.',
    '',
    'Output: a table, or with --json { "model", "out", "weights", "bytes": { "before", "after" },',
    '  "meanForegroundDsc": { "before", "after", "change" }, "cases", "nsdTolerance" }',
  ],
  examples: [
    'seglens convert --model polyp-rce --dataset polyp --out runs/polyp-rce-f16',
    'seglens convert --model runs/cardiac-rce --dataset cardiac --weights float16 --out models/cardiac-rce',
  ],
};

export interface ConvertOptions {
  model: string;
  out: string;
  dataset: DatasetSpec;
  weights: WeightDtype;
  maxDscChange: number;
  dataDir?: string;
  limit?: number;
  splitSeed?: number;
  groupBy?: string;
  backend?: string;
  quiet?: boolean;
}

export interface ConvertResult {
  model: string;
  out: string;
  weights: WeightDtype;
  bytes: { before: number; after: number };
  /** before: the card's validation (null when it has none); change: after − before. */
  meanForegroundDsc: { before: number | null; after: number; change: number | null };
  cases: number;
  nsdTolerance: number;
}

export function convertOptions(flags: ParsedFlags): ConvertOptions {
  return {
    model: flags.requireString('model'),
    out: flags.requireString('out'),
    dataset: parseDatasetSpec(flags.requireString('dataset')),
    weights: flags.requireString('weights') as WeightDtype,
    maxDscChange: flags.requireNumber('max-dsc-change'),
    dataDir: flags.string('data-dir'),
    limit: flags.number('limit'),
    splitSeed: flags.number('split-seed'),
    groupBy: flags.string('group-by'),
    backend: flags.string('backend'),
    quiet: flags.boolean('quiet'),
  };
}

/** The weights as the files will store them: encoded in `weights` and decoded again, in memory. */
async function rounded(model: SeglensModel, weights: WeightDtype): Promise<SeglensModel> {
  const { files } = await encodeModel(model, sha256Node, { weightDtype: weights });
  return decodeModel(
    async (name) => {
      const bytes = files.get(name);
      if (!bytes) throw new Error(`convert: the encoded model has no file ${name}`);
      return bytes;
    },
    sha256Node,
    `${model.card.name} (${weights})`,
  );
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await fs.readdir(dir)) total += (await fs.stat(path.join(dir, name))).size;
  return total;
}

/** --out must be new or empty: an existing model there is not overwritten. */
async function checkOut(out: string): Promise<void> {
  const entries = await fs.readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new Error(`--out ${out}: ${error.message}`);
  });
  if (entries.length > 0)
    throw new Error(`--out ${out} already holds ${entries.length} file(s); choose a new or empty folder`);
}

/** The card's validation list against the split's cases: the numbers must be measured on the same cases. */
function checkCases(card: ModelCard, ids: readonly string[], dataset: string): void {
  const listed = card.training?.dataset?.validationCases;
  if (!listed) return;
  const mine = [...ids].sort();
  const theirs = [...listed].sort();
  if (mine.length !== theirs.length || mine.some((id, i) => id !== theirs[i])) {
    const missing = theirs.find((id) => !mine.includes(id));
    throw new Error(
      `the val split of ${dataset} (${ids.length} cases) is not the validation list of model '${card.name}' (${listed.length} cases${missing ? `, e.g. ${missing}` : ''}): pass the --split-seed, --limit or --group-by it was trained with`,
    );
  }
}

export async function runConvert(o: ConvertOptions, io: CliIo): Promise<ConvertResult> {
  const modelDir = resolveModelDir(o.model, { cwd: io.cwd });
  const out = path.resolve(io.cwd ?? process.cwd(), o.out);
  await checkOut(out);
  await useBackend(o.backend);
  const original = await loadModelFromDirectory(modelDir);
  let converted: SeglensModel | undefined;
  try {
    const listing = await listSelection(o, io);
    const cases = await loadSplit(listing, 'val', io, o.quiet);
    checkCases(
      original.card,
      cases.map((c) => c.id),
      listing.name,
    );
    checkModelFits(original, cases, listing.name);
    const before = original.card.validation?.meanForegroundDsc ?? null;
    const nsdTolerance =
      original.card.validation?.nsdTolerance ?? defaultNsdTolerance(distanceUnitOf(cases, listing.kind));
    converted = await rounded(original, o.weights);
    const { evaluations } = await scoreCasesShown(
      converted,
      cases,
      `scoring ${original.card.name} in ${o.weights}`,
      io,
      o.quiet,
      { nsdTolerance },
    );
    // The record train() writes after each epoch, from the same function.
    const validation = validationRecord(evaluations, nsdTolerance, inferenceConvolution());
    const after = validation.meanForegroundDsc;
    const change = before === null ? null : after - before;
    if (change !== null && Math.abs(change) > o.maxDscChange)
      throw new Error(
        `model '${original.card.name}' in ${o.weights}: validation mean foreground DSC ${after.toFixed(6)} against the card's ${before!.toFixed(6)} (change ${change.toFixed(6)}, more than --max-dsc-change ${o.maxDscChange}); nothing was written`,
      );
    io.signal?.throwIfAborted();
    // Provenance: the card says where its validation comes from, since it is no longer training's best epoch's.
    const note = `Weights stored as ${o.weights} by seglens convert on ${new Date().toISOString().slice(0, 10)}; validation measured on them (the card's before: ${before === null ? 'none' : before.toFixed(6)}).`;
    const description = [original.card.description, note].filter(Boolean).join(' ');
    await saveModelToDirectory(
      { net: converted.net, card: { ...converted.card, validation, description } },
      out,
      {
        weightDtype: o.weights,
      },
    );
    return {
      model: original.card.name,
      out,
      weights: o.weights,
      bytes: { before: await folderBytes(await filesFolder(modelDir)), after: await folderBytes(out) },
      meanForegroundDsc: { before, after, change },
      cases: cases.length,
      nsdTolerance,
    };
  } finally {
    original.net.dispose();
    converted?.net.dispose();
  }
}

/** The folder holding the model's files: `dir`, or `dir/model` for a training output (as loadModelFromDirectory). */
async function filesFolder(dir: string): Promise<string> {
  const card = await fs.stat(path.join(dir, 'seglens.json')).catch(() => null);
  return card ? dir : path.join(dir, 'model');
}

export function formatConvert(r: ConvertResult): string {
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
  const dsc = (v: number | null): string => (v === null ? '–' : v.toFixed(6));
  const table = formatTable(
    [{ header: '', align: 'left' }, { header: 'before' }, { header: `${r.weights}` }],
    [
      ['files', kb(r.bytes.before), kb(r.bytes.after)],
      ['mean foreground DSC', dsc(r.meanForegroundDsc.before), dsc(r.meanForegroundDsc.after)],
    ],
  );
  const change = r.meanForegroundDsc.change;
  return `${r.model} -> ${r.out} (${r.weights}; validation measured again on ${r.cases} cases, NSD at ${r.nsdTolerance}${change === null ? '' : `; DSC change ${change >= 0 ? '+' : ''}${change.toFixed(6)}`})\n${table}`;
}

export const convertCommand: Command = {
  spec: convertSpec,
  async run(flags, io) {
    const result = await runConvert(convertOptions(flags), io);
    io.stdout.write(flags.boolean('json') ? `${JSON.stringify(result)}\n` : formatConvert(result));
  },
};
