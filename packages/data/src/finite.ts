// Not-a-number and infinite voxels: a float NIfTI (or a scaled integer one) can hold them, and every step after
// reading turns them into quiet nonsense — percentiles and z-scores become NaN, the network's softmax NaN, its
// argmax class 0 — so a prediction is all background and metrics fall, with no error anywhere. Readers of
// images for a model call assertFiniteVoxels right after reading.
import type { Volume } from './volume';

export interface NonFiniteCount {
  nan: number;
  infinite: number;
  /** nan + infinite. */
  total: number;
  /** Voxels (channel values) looked at. */
  of: number;
}

/** Counts the NaN and ±Infinity values of a volume (every channel). Integer volumes have none. */
export function countNonFiniteVoxels(volume: Pick<Volume, 'voxels'>): NonFiniteCount {
  const v = volume.voxels;
  let nan = 0;
  let infinite = 0;
  if (v instanceof Float32Array) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      // x - x is 0 for every finite x and NaN for NaN and ±Infinity: one comparison on the common path.
      if (x - x !== 0) {
        if (x !== x) nan++;
        else infinite++;
      }
    }
  }
  return { nan, infinite, total: nan + infinite, of: v.length };
}

/** The error a volume with NaN or infinite voxels gets, naming where it came from. */
export class NonFiniteVoxelsError extends Error {
  constructor(
    readonly source: string,
    readonly count: NonFiniteCount,
  ) {
    const parts = [
      count.nan > 0 ? `${count.nan} NaN` : '',
      count.infinite > 0 ? `${count.infinite} infinite` : '',
    ].filter(Boolean);
    const share = (100 * count.total) / Math.max(1, count.of);
    super(
      `${source}: ${parts.join(' and ')} voxel value${count.total === 1 ? '' : 's'} (${count.total} of ${count.of}, ${share < 0.01 ? '<0.01' : share.toFixed(2)}%); a model cannot segment an image with undefined intensities — fix or mask them first`,
    );
    this.name = 'NonFiniteVoxelsError';
  }
}

/** Throws a NonFiniteVoxelsError naming `source` (a file, a series) when the volume holds NaN or ±Infinity. */
export function assertFiniteVoxels(volume: Pick<Volume, 'voxels'>, source: string): void {
  const count = countNonFiniteVoxels(volume);
  if (count.total > 0) throw new NonFiniteVoxelsError(source, count);
}
