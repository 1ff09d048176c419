// prepareSlices(): real cases sliced, normalised and fitted once; empty slices optionally left out.
import { normalizeVoxels, type InputSpec } from '../../src/card';
import { networkInput, prepareSlices } from '../../src/train';
import { useWasm } from '../io/fixtures';
import { hippocampusCases } from './hippocampus';

describe('prepareSlices', () => {
  beforeAll(useWasm);
  const input: InputSpec = {
    channels: 1,
    size: [64, 64],
    sliceAxis: 2,
    fit: 'pad',
    normalization: { kind: 'zscore' },
  };

  it('pads every axial slice into the model size, centred, and can skip slices without foreground', async () => {
    const [c] = await hippocampusCases(['hippocampus_001']);
    const [nx, ny, nz] = c.image.dims; // 35 x 51 x 35
    const all = prepareSlices([c], input);
    expect(all.count).toBe(nz);
    const top = Math.floor((64 - ny) / 2);
    const left = Math.floor((64 - nx) / 2);
    const norm = normalizeVoxels(c.image.voxels, 1, input.normalization);
    for (const k of [0, 17, nz - 1])
      for (const [j, i] of [
        [0, 0],
        [ny - 1, nx - 1],
        [20, 11],
      ]) {
        expect(all.images[k * 4096 + (top + j) * 64 + left + i]).toBeCloseTo(norm[(k * ny + j) * nx + i], 5);
        expect(all.labels[k * 4096 + (top + j) * 64 + left + i]).toBe(c.labels.voxels[(k * ny + j) * nx + i]);
      }
    expect(all.images[0]).toBe(0); // padding
    const withForeground: number[] = [];
    for (let k = 0; k < nz; k++)
      if (c.labels.voxels.subarray(k * nx * ny, (k + 1) * nx * ny).some((v) => v !== 0))
        withForeground.push(k);
    const some = prepareSlices([c], input, true);
    expect(Array.from(some.sliceOf)).toEqual(withForeground);
    expect(some.count).toBeLessThan(nz);
    expect(Array.from(some.labels.subarray(0, 4096))).toEqual(
      Array.from(all.labels.subarray(withForeground[0] * 4096, (withForeground[0] + 1) * 4096)),
    );
    // A 2-D model needs no neighbours: only the kept slices' images stay, and each is its own input.
    expect(some.images.length).toBe(some.count * 4096);
    const inputOf = (p: typeof all, i: number) => {
      const out = new Float32Array(4096);
      networkInput(p, i, out);
      return Array.from(out);
    };
    const last = some.count - 1;
    expect(inputOf(some, last)).toEqual(inputOf(all, withForeground[last]));
    expect(inputOf(all, 17)).toEqual(Array.from(all.images.subarray(17 * 4096, 18 * 4096)));
  });
});
