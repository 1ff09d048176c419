// The VOI window a generated grey series carries: from the 0.5th to the 99.5th percentile of the whole
// volume's intensities. One window for every slice, so the brightness no longer jumps as the user scrolls
// (without one, OHIF windows each slice on its own range), and a few bright outliers do not dim the rest.
import type { Volume } from '@seglens/data';

export function volumeWindow(volume: Volume): { center: number; width: number } {
  if (volume.channels !== 1)
    throw new Error(`volumeWindow: needs a grey volume, got ${volume.channels} channels`);
  const values = Float64Array.from(volume.voxels as ArrayLike<number>)
    .filter(Number.isFinite)
    .sort();
  if (values.length === 0) throw new Error('volumeWindow: the volume has no finite voxel');
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))];
  const lo = at(0.005);
  const hi = at(0.995);
  const width = Math.max(hi - lo, 1);
  return { center: lo + width / 2, width };
}
