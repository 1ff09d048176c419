// Listing a dataset and loading the cases of one split, with a progress bar: the first step of evaluate,
// compare and train.
import type { LabelledCase } from '@seglens/data';
import type { SeglensModel } from '@seglens/models';
import { scoreCases, type ScoreOptions, type ScoredCases } from './evaluation';
import {
  listDataset,
  loadCases,
  splitPairs,
  type DatasetListing,
  type DatasetSpec,
  type Split,
} from './datasets';
import type { CliIo, OutputStream } from './io';
import { NULL_STREAM } from './io';
import { createProgress } from './progress';

export interface DataSelection {
  dataset: DatasetSpec;
  dataDir?: string;
  limit?: number;
  splitSeed?: number;
  /** `--group-by` (folder datasets). */
  groupBy?: string;
}

/** Where progress goes: stderr, or nowhere with --quiet. */
export function progressStream(io: CliIo, quiet: boolean | undefined): OutputStream {
  return quiet ? NULL_STREAM : io.stderr;
}

/** scoreCases with its progress bar ("<label>: n/N cases") on stderr, as evaluate, compare and convert show it. */
export async function scoreCasesShown(
  model: SeglensModel,
  cases: readonly LabelledCase[],
  label: string,
  io: CliIo,
  quiet: boolean | undefined,
  o: Omit<ScoreOptions, 'onCase' | 'signal'>,
): Promise<ScoredCases> {
  const bar = createProgress(progressStream(io, quiet), label, cases.length, { unit: 'cases' });
  const scored = await scoreCases(model, cases, {
    ...o,
    onCase: (done) => bar.update(done),
    signal: io.signal,
  });
  bar.finish();
  return scored;
}

export async function listSelection(s: DataSelection, io: CliIo): Promise<DatasetListing> {
  return listDataset(s.dataset, {
    dataDir: s.dataDir,
    cwd: io.cwd,
    env: io.env,
    limit: s.limit,
    splitSeed: s.splitSeed,
    groupBy: s.groupBy,
  });
}

/** Loads the cases of `split`; an empty split is an error naming the dataset and the split. */
export async function loadSplit(
  listing: DatasetListing,
  split: Split,
  io: CliIo,
  quiet?: boolean,
): Promise<LabelledCase[]> {
  const pairs = splitPairs(listing, split);
  if (pairs.length === 0)
    throw new Error(`dataset ${listing.name} has no cases in split '${split}' (${listing.splitText})`);
  const bar = createProgress(progressStream(io, quiet), `loading ${listing.name} ${split}`, pairs.length, {
    unit: 'cases',
  });
  const cases = await loadCases(
    pairs,
    listing.kind,
    (done) => bar.update(done),
    io.signal,
    listing.headerRepair,
  );
  bar.finish();
  return cases;
}
