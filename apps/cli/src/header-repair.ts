// Known header defects of the public datasets in the data directory (@seglens/data's DATASET_HEADER_REPAIRS),
// for single files given on the command line: a file inside such a dataset's folder is read as the dataset's
// preset reads it (as the model was trained), so `predict` on a BTCV volume sees the anatomy the right way up.
// Any other file is read as its header says.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { DATASET_HEADER_REPAIRS, resolveDataDir, type HeaderRepair } from '@seglens/data';

export interface KnownRepair {
  /** The dataset folder of the data directory the file belongs to. */
  folder: string;
  repair: HeaderRepair;
}

/** The repair a file needs because it belongs to a dataset with a known header defect, if any. */
export async function knownHeaderRepair(file: string): Promise<KnownRepair | undefined> {
  let dataDir: string;
  try {
    dataDir = await realpath(resolveDataDir());
  } catch {
    return undefined; // no data directory here: nothing of it to repair
  }
  const real = await realpath(file).catch(() => path.resolve(file));
  for (const [folder, repair] of Object.entries(DATASET_HEADER_REPAIRS)) {
    const relative = path.relative(path.join(dataDir, folder), real);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative))
      return { folder, repair };
  }
  return undefined;
}
