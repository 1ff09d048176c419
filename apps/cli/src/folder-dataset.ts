// `train --dataset folder:<path>`: a folder described for trainOnDataset. Every label file is read once to find
// the classes: PNG masks are binary (0/255) or label maps (class indices), each file decided by its values
// (readMask's 'auto'); a folder mixing the two, a label beyond the named classes, or class indices with gaps
// (without names for them) is an error naming the file and the value.
import type { FolderDataset, InputSpec } from '@seglens/models';
import { readMaskFile } from '@seglens/data';
import { CLASSES_FILE } from './class-names';
import { loadCase, loadLabels, splitPairs, type DatasetListing } from './datasets';
import type { CliIo } from './io';
import { progressStream } from './load-split';
import { createProgress } from './progress';

interface LabelScan {
  /** Largest label and the first file holding it. */
  max: number;
  maxFile: string;
  /** Which label values occur anywhere. */
  present: Set<number>;
  /** The first 2-D mask holding 255 (binary) and the first holding a class index above 1 (label map). */
  binaryFile?: string;
  labelMapFile?: string;
  labelMapMax: number;
  fitsPad: boolean;
}

async function scanLabels(
  listing: DatasetListing,
  size: number,
  io: CliIo,
  quiet?: boolean,
): Promise<LabelScan> {
  // By file name, so messages name the same files whatever the split.
  const pairs = splitPairs(listing, 'all');
  const bar = createProgress(progressStream(io, quiet), `reading ${listing.name} labels`, pairs.length, {
    unit: 'files',
  });
  const scan: LabelScan = {
    max: 0,
    maxFile: pairs[0].label,
    present: new Set(),
    labelMapMax: 0,
    fitsPad: true,
  };
  for (const [i, pair] of pairs.entries()) {
    io.signal?.throwIfAborted();
    const labels = await loadLabels(pair, listing.kind, listing.headerRepair);
    const v = labels.voxels;
    let fileMax = 0;
    for (let p = 0; p < v.length; p++) {
      if (v[p] > fileMax) fileMax = v[p];
      scan.present.add(v[p]);
    }
    if (fileMax > scan.max) {
      scan.max = fileMax;
      scan.maxFile = pair.label;
    }
    if (listing.kind === '2d' && fileMax > 0) {
      // 'auto' gives 0/1 for binary masks and the indices for label maps; the raw values tell which it was.
      const raw = await readMaskFile(pair.label, { mode: 'labels' });
      const binary = /\.jpe?g$/i.test(pair.label) || raw.voxels.some((x) => x === 255);
      if (binary) scan.binaryFile ??= pair.label;
      else if (fileMax > 1 && !scan.labelMapFile) {
        scan.labelMapFile = pair.label;
        scan.labelMapMax = fileMax;
      }
    }
    if (labels.dims[0] > size || labels.dims[1] > size) scan.fitsPad = false;
    bar.update(i + 1);
  }
  bar.finish();
  return scan;
}

/** Class names from --class-names, classes.json or the largest label, checked against what the labels hold. */
function classNamesFor(listing: DatasetListing, scan: LabelScan, flagNames?: string[]): string[] {
  if (scan.binaryFile && scan.labelMapFile)
    throw new Error(
      `${scan.binaryFile} is a binary mask (0 and 255) but ${scan.labelMapFile} is a label map (class indices up to ${scan.labelMapMax}): the masks of a folder must all be one or the other`,
    );
  const named = flagNames ?? listing.classNames;
  if (named) {
    if (scan.max >= named.length)
      throw new Error(
        `${scan.maxFile} holds label ${scan.max} but ${flagNames ? '--class-names' : `${listing.root}/${CLASSES_FILE}`} names ${named.length} classes (labels 0..${named.length - 1})`,
      );
    return named;
  }
  const missing = Array.from({ length: scan.max }, (_, k) => k + 1).filter((k) => !scan.present.has(k));
  if (missing.length > 0)
    throw new Error(
      `${scan.maxFile} holds label ${scan.max} but no label file holds ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}: name the classes in ${listing.root}/${CLASSES_FILE} or with --class-names if those classes exist, else fix the labels`,
    );
  return ['background', ...Array.from({ length: Math.max(1, scan.max) }, (_, k) => `class ${k + 1}`)];
}

/**
 * A folder dataset described for trainOnDataset: 8-bit 2-D images scaled to [0, 1] (as the polyp preset),
 * anything else z-scored per image or volume; slices padded when they all fit the size, else resized; the
 * split unit from --group-by.
 */
export async function folderDataset(
  listing: DatasetListing,
  size: number,
  io: CliIo,
  options: { quiet?: boolean; classNames?: string[] } = {},
): Promise<FolderDataset> {
  const scan = await scanLabels(listing, size, io, options.quiet);
  const classNames = classNamesFor(listing, scan, options.classNames);
  const pairs = [...listing.train, ...listing.validation];
  const first = (await loadCase(pairs[0], listing.kind, listing.headerRepair)).image;
  const eightBit = listing.kind === '2d' && first.voxels instanceof Uint8Array;
  const channels = first.channels;
  const normalization: InputSpec['normalization'] = eightBit
    ? { kind: 'fixed', mean: new Array(channels).fill(0), std: new Array(channels).fill(255) }
    : { kind: 'zscore' };
  return {
    folder: listing.root,
    name: listing.name,
    task: listing.task,
    modality: listing.modality,
    classNames,
    input: {
      channels,
      size: [size, size],
      sliceAxis: 2,
      fit: listing.kind === '2d' || !scan.fitsPad ? 'resize' : 'pad',
      normalization,
    },
    ...(listing.groupBy === undefined ? {} : { groupBy: listing.groupBy }),
    maskMode: 'auto',
  };
}
