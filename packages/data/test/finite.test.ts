// NaN and infinite voxels in a real MR volume are counted exactly and refused with a message naming the source.
import { join } from 'node:path';
import {
  assertFiniteVoxels,
  countNonFiniteVoxels,
  NonFiniteVoxelsError,
  readNiftiFile,
  resolveDataDir,
  type Volume,
} from '../src';

const file = join(resolveDataDir(), 'msd-hippocampus', 'images', 'hippocampus_001.nii.gz');

async function floatCopy(): Promise<Volume> {
  const { volume } = await readNiftiFile(file);
  return { ...volume, voxels: Float32Array.from(volume.voxels, Number) };
}

describe('countNonFiniteVoxels / assertFiniteVoxels', () => {
  it('finds none in the real volume (uint8 on disk, and as float32)', async () => {
    const { volume } = await readNiftiFile(file);
    expect(volume.voxels).toBeInstanceOf(Uint8Array);
    expect(countNonFiniteVoxels(volume)).toEqual({ nan: 0, infinite: 0, total: 0, of: 35 * 51 * 35 });
    const copy = await floatCopy();
    expect(() => assertFiniteVoxels(copy, file)).not.toThrow();
  });

  it('counts NaN and ±Infinity separately and names the source and the share', async () => {
    const copy = await floatCopy();
    const v = copy.voxels as Float32Array;
    for (let i = 0; i < 100; i++) v[i * 7] = Number.NaN;
    v[1] = Number.POSITIVE_INFINITY;
    v[2] = Number.NEGATIVE_INFINITY;
    expect(countNonFiniteVoxels(copy)).toEqual({ nan: 100, infinite: 2, total: 102, of: 62475 });
    let error: unknown;
    try {
      assertFiniteVoxels(copy, 'scan.nii.gz');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteVoxelsError);
    expect((error as Error).message).toBe(
      'scan.nii.gz: 100 NaN and 2 infinite voxel values (102 of 62475, 0.16%); a model cannot segment an image with undefined intensities — fix or mask them first',
    );
  });
});
