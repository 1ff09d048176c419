// `seglens predict`: segments one input with a model and writes the label map in the input's own world:
// a DICOM series gives a DICOM SEG referencing it, a NIfTI volume a NIfTI label map on the same grid, a
// PNG/JPEG image a PNG mask of the same size. Every output goes to a temporary name, then is renamed.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  listDicomFiles,
  readDicomFiles,
  readDicomStudyInfo,
  writeDicomSegFile,
  writeFileAtomic,
  writeNiftiFile,
  type DicomStudyInfo,
  type Volume,
} from '@seglens/data';
import {
  loadModelFromDirectory,
  planSegProvenance,
  segment,
  seriesNumberFor,
  type SegmentProgress,
  type SeglensModel,
} from '@seglens/models';
import { useBackend } from '../backend';
import type { Command } from '../command';
import { backendFlag, jsonFlag, quietFlag } from '../common-flags';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { progressStream } from '../load-split';
import { lossDisplayName } from '../loss-flags';
import { resolveModelDir } from '../model-ref';
import type { CommandSpec, ParsedFlags } from '../options';
import { checkOutputFile } from '../paths';
import { createProgress, type Progress } from '../progress';
import { inputFormat, readForModel, type InputFormat } from '../model-input';
import { greyToPng } from '../report/png';
import { formatTable, percent } from '../table';
import { dicomWebFlags, dicomWebOptions, formatDicomWebBatch, runPredictDicomWeb } from '../dicomweb/predict';

export const predictSpec: CommandSpec = {
  name: 'predict',
  summary: 'segment a DICOM series, a NIfTI volume or an image, writing DICOM SEG, NIfTI or a PNG mask',
  usage:
    '--model <dir|name> --input <DICOM folder|file.nii.gz|image.jpg> --out <seg.dcm|labels.nii.gz|mask.png> [options]',
  flags: [
    {
      name: 'model',
      type: 'string',
      required: true,
      valueName: 'dir|name',
      description: 'a model directory (or a train --out directory), or a shipped model name',
    },
    {
      name: 'input',
      type: 'string',
      valueName: 'path',
      description: 'a folder holding one DICOM series, a .nii/.nii.gz volume, or a .png/.jpg/.jpeg image',
    },
    {
      name: 'out',
      type: 'string',
      valueName: 'file',
      description:
        'output: .dcm (DICOM SEG) for DICOM input, .nii.gz/.nii for NIfTI, .png for images; never the input itself (with --dicomweb: a folder for copies of the SEGs)',
    },
    {
      name: 'series',
      type: 'string',
      valueName: 'uid',
      description: 'the SeriesInstanceUID to segment when the --input folder holds several DICOM series',
    },
    {
      name: 'force',
      type: 'boolean',
      description:
        "segment even when the model does not fit the input (another modality, or slices it would crop or enlarge over 2x): the viewer catalogue's rules",
    },
    ...dicomWebFlags,
    backendFlag,
    jsonFlag,
    quietFlag,
  ],
  details: [
    'DICOM in: a binary DICOM SEG referencing every source instance, one segment per foreground class',
    '(SegmentNumber = class index, the class colour, SegmentDescription "loss <name> (<options>)"), algorithm',
    'type AUTOMATIC (SEMIAUTOMATIC for a fine-tuned model), algorithm name = the model name, SoftwareVersions =',
    '"card sha256:<16 hex>" (the viewer writes the same), SeriesDescription "seglens <model> (<loss>)", a',
    'SeriesNumber in 100000-999999 fixed by model version and source series, patient and study',
    "attributes copied from the series. NIfTI in: a uint8 label map with the input's dims, spacing, origin and",
    "direction. Image in: an 8-bit PNG of the image's size, 0/255 for a two-class model, else class indices.",
    'Grey images are repeated into RGB for three-channel (colour) models.',
    '',
    'Output: a table of voxels per class on stdout, or with --json',
    '  { "input", "output", "format": "dicom-seg"|"nifti"|"png", "model", "loss", "dims",',
    '    "perClass": [{ "name", "voxels", "proportion", "volumeMm3" }] } (volumeMm3 null, and no volume column,',
    '  for an input without a physical voxel size: an image file, a DICOM without PixelSpacing, ACDC)',
    '',
    'With --dicomweb: the studies chosen (--study, --query, --all; --shard i/n), each series the model fits',
    "(modality, channels, slice size: the viewer catalogue's rules) read with WADO-RS, segmented, one SEG per",
    'series (with the same provenance as above) written to --out and/or stored with --store. Series that',
    'already hold a SEG of the same model and version are skipped, so a stopped batch can be run again.',
    'Transient HTTP errors are retried. Output: a table per series, or with --json { "server", "model",',
    '"version", "shard", "studies", "series": [{ "study", "series", "modality", "description", "status",',
    '"detail", "seg", "proportions", "seconds" }], "counts", "retries", "seconds" }; exit 1 if any series failed.',
  ],
  examples: [
    'seglens predict --model hippocampus-rce --input scans/Study1 --out study1-seg.dcm',
    'seglens predict --model runs/hippo --input case.nii.gz --out case-labels.nii.gz',
    'seglens predict --model polyp-rce --input frame.jpg --out frame-mask.png',
    'seglens predict --model hippocampus-rce --input scans/Study1/mixed --series 1.2.826.0.1.3680043.2 --out seg.dcm',
    'SEGLENS_DICOMWEB_TOKEN_FILE=~/.pacs-token seglens predict --model hippocampus-rce --dicomweb https://pacs/dicom-web --query ModalitiesInStudy=MR --store --concurrency 4',
  ],
};

export type OutputFormat = 'dicom-seg' | 'nifti' | 'png';

export interface PredictOptions {
  model: string;
  input: string;
  out: string;
  /** SeriesInstanceUID to pick from a folder holding several series. */
  series?: string;
  backend?: string;
  quiet?: boolean;
  /** Segment even when the model does not fit the input. */
  force?: boolean;
}

export interface PredictResult {
  input: string;
  output: string;
  format: OutputFormat;
  model: string;
  loss: string;
  dims: [number, number, number];
  /** volumeMm3 is null when the input has no physical voxel size (Volume.spacingUnknown): voxels are not mm³. */
  perClass: Array<{ name: string; voxels: number; proportion: number; volumeMm3: number | null }>;
  /** The header repair applied before segmenting (a file of a dataset with a known header defect). */
  headerRepair?: string;
}

const OUTPUT_OF: Record<InputFormat, { format: OutputFormat; pattern: RegExp; text: string }> = {
  dicom: { format: 'dicom-seg', pattern: /\.dcm$/i, text: 'a DICOM series gives a DICOM SEG; name it *.dcm' },
  nifti: {
    format: 'nifti',
    pattern: /\.nii(\.gz)?$/i,
    text: 'a NIfTI input gives a NIfTI label map; name it *.nii.gz or *.nii',
  },
  image: { format: 'png', pattern: /\.png$/i, text: 'an image gives a PNG mask; name it *.png' },
};

export function predictOptions(flags: ParsedFlags): PredictOptions {
  for (const name of ['study', 'query', 'all', 'store', 'concurrency', 'shard'])
    if (flags.has(name)) throw new UsageError(`--${name} applies to a --dicomweb batch`, 'predict');
  return {
    model: flags.requireString('model'),
    input: flags.requireString('input'),
    out: flags.requireString('out'),
    series: flags.string('series'),
    backend: flags.string('backend'),
    quiet: flags.boolean('quiet'),
    force: flags.boolean('force'),
  };
}

/** Patient and study attributes of the series, from its first file (a SEG without them still loads). */
async function studyInfo(folder: string): Promise<DicomStudyInfo | undefined> {
  try {
    const [first] = await readDicomFiles((await listDicomFiles(folder)).slice(0, 1));
    return first ? readDicomStudyInfo(first) : undefined;
  } catch {
    return undefined;
  }
}

function classCounts(labels: Volume, model: SeglensModel): PredictResult['perClass'] {
  const counts = new Array<number>(model.card.classes.length).fill(0);
  for (let i = 0; i < labels.voxels.length; i++) counts[labels.voxels[i]]++;
  const voxelMm3 = labels.spacingUnknown ? null : labels.spacing[0] * labels.spacing[1] * labels.spacing[2];
  return model.card.classes.map((c, k) => ({
    name: c.name,
    voxels: counts[k],
    proportion: counts[k] / labels.voxels.length,
    volumeMm3: voxelMm3 === null ? null : counts[k] * voxelMm3,
  }));
}

async function writeOutput(
  format: InputFormat,
  out: string,
  labels: Volume,
  source: Volume,
  model: SeglensModel,
  input: string,
): Promise<void> {
  await mkdir(path.dirname(out), { recursive: true });
  if (format === 'nifti') {
    await writeNiftiFile(out, labels, { labels: true, description: `seglens ${model.card.name}` });
    return;
  }
  if (format === 'image') {
    // Two classes: 0/255 so the mask is visible and reads back as binary; more: the class index itself.
    const binary = model.card.classes.length === 2;
    const pixels = Uint8Array.from(labels.voxels, (v) => (binary ? v * 255 : v));
    await writeFileAtomic(out, greyToPng(labels.dims[0], labels.dims[1], pixels));
    return;
  }
  const present = new Set(labels.voxels);
  if (![...present].some((v) => v !== 0)) {
    throw new Error(
      `model '${model.card.name}' found no foreground in --input ${input}; a DICOM SEG needs at least one segmented voxel, so nothing was written`,
    );
  }
  const provenance = await planSegProvenance(model.card);
  await writeDicomSegFile(out, labels, source, {
    segments: provenance.segments,
    algorithm: provenance.algorithm,
    study: await studyInfo(input),
    seriesDescription: provenance.seriesDescription,
    // Fixed by model version and source series: a rerun writes the same number (see seriesNumberFor).
    seriesNumber: await seriesNumberFor(provenance.algorithm.version, source.dicom?.seriesInstanceUID ?? ''),
  });
}

export async function runPredict(o: PredictOptions, io: CliIo): Promise<PredictResult> {
  const cwd = io.cwd ?? process.cwd();
  const modelDir = resolveModelDir(o.model, { cwd });
  const inputPath = path.resolve(cwd, o.input);
  const outPath = path.resolve(cwd, o.out);
  const format = inputFormat(o.input, inputPath, 'predict');
  const expected = OUTPUT_OF[format];
  if (!expected.pattern.test(o.out)) throw new UsageError(`--out ${o.out}: ${expected.text}`, 'predict');
  if (o.series !== undefined && format !== 'dicom')
    throw new UsageError(`--series applies to a DICOM folder, not to --input ${o.input}`, 'predict');
  // The input's own files, so that --out can never be one of them (same path, hard link or symbolic link).
  const inputFiles = format === 'dicom' ? await listDicomFiles(inputPath).catch(() => []) : [inputPath];
  checkOutputFile('out', o.out, outPath, inputFiles, 'predict');
  await useBackend(o.backend);
  const model = await loadModelFromDirectory(modelDir);
  try {
    const { source, image, known } = await readForModel(
      { input: o.input, path: inputPath, format, series: o.series, force: o.force, quiet: o.quiet },
      model,
      io,
      'nothing was written',
    );
    let bar: Progress | undefined;
    const onProgress = (p: SegmentProgress) => {
      bar ??= createProgress(progressStream(io, o.quiet), `segmenting ${path.basename(o.input)}`, p.slices, {
        unit: 'slices',
      });
      bar.update(p.slicesDone);
    };
    const segmented = (await segment(model, image, { signal: io.signal, onProgress })).labels;
    // The repair moves only the header: the voxels keep their order, so the labels take the file's header back.
    const labels = known ? { ...segmented, origin: source.origin, direction: source.direction } : segmented;
    bar?.finish();
    // Ctrl-C during the last batch: stop before anything is written.
    io.signal?.throwIfAborted();
    await writeOutput(format, outPath, labels, source, model, o.input);
    return {
      input: inputPath,
      output: outPath,
      format: expected.format,
      model: model.card.name,
      loss: lossDisplayName(model.card.training?.loss),
      dims: [...labels.dims],
      perClass: classCounts(labels, model),
      ...(known ? { headerRepair: known.repair.name } : {}),
    };
  } finally {
    model.net.dispose();
  }
}

export function formatPredict(r: PredictResult): string {
  // A volume's size in mm³ only where the input gives a voxel size; otherwise the voxel count says it all.
  const volume = r.dims[2] > 1 && r.perClass.every((c) => c.volumeMm3 !== null);
  const table = formatTable(
    [
      { header: 'class', align: 'left' },
      { header: 'voxels' },
      { header: 'proportion' },
      ...(volume ? [{ header: 'volume mm3' }] : []),
    ],
    r.perClass.map((c) => [
      c.name,
      String(c.voxels),
      percent(c.proportion),
      ...(volume ? [(c.volumeMm3 ?? Number.NaN).toFixed(0)] : []),
    ]),
  );
  return `${r.model} (${r.loss}) on ${r.input} (${r.dims.join('x')}) -> ${r.output}\n${table}`;
}

export const predictCommand: Command = {
  spec: predictSpec,
  async run(flags, io) {
    if (flags.has('dicomweb')) {
      const batch = await runPredictDicomWeb(dicomWebOptions(flags), io);
      io.stdout.write(flags.boolean('json') ? `${JSON.stringify(batch)}\n` : formatDicomWebBatch(batch));
      if (batch.counts.failed > 0)
        throw new Error(
          `${batch.counts.failed} series failed: ${batch.series
            .filter((x) => x.status === 'failed')
            .map((x) => `${x.series || x.study}: ${x.detail}`)
            .join('; ')}`,
        );
      return;
    }
    const result = await runPredict(predictOptions(flags), io);
    io.stdout.write(flags.boolean('json') ? `${JSON.stringify(result)}\n` : formatPredict(result));
  },
};
