import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyIntensityMap,
  createVolume,
  fitNormalization,
  intensityMap,
  normalizeIntensities,
  readNifti,
  resolveDataDir,
} from '../../src';

const grey = (values: number[]) => ({ voxels: Float32Array.from(values), channels: 1 });

describe('fitNormalization', () => {
  it('z-score over the training images, per channel', () => {
    // Channel 0: 1, 3, 5, 7 -> mean 4, population std sqrt(5); channel 1: 10 everywhere -> std 0.
    const rgbish = { voxels: Float32Array.from([1, 10, 3, 10]), channels: 2 };
    const other = { voxels: Float32Array.from([5, 10, 7, 10]), channels: 2 };
    const n = fitNormalization({ method: 'zscore', scope: 'dataset' }, [rgbish, other], 2);
    expect(n).toEqual({ method: 'zscore', scope: 'dataset', mean: [4, 10], std: [Math.sqrt(5), 0] });
    const out = normalizeIntensities(rgbish, n);
    expect(out[0]).toBeCloseTo(-3 / Math.sqrt(5), 6);
    expect(out[1]).toBe(0); // a constant channel maps to 0 instead of dividing by zero
  });

  it('percentiles interpolate like numpy and clip-and-map to [0, 1]', () => {
    const ramp = grey(Array.from({ length: 101 }, (_, i) => i)); // percentile p of 0..100 is p
    const n = fitNormalization(
      { method: 'percentile', scope: 'dataset', lowPercentile: 10, highPercentile: 90 },
      [ramp],
      1,
    );
    expect(n).toEqual({
      method: 'percentile',
      scope: 'dataset',
      lowPercentile: 10,
      highPercentile: 90,
      low: [10],
      high: [90],
    });
    expect([...normalizeIntensities(grey([0, 10, 50, 90, 100]), n)]).toEqual([0, 0, 0.5, 1, 1]);
    expect(() =>
      fitNormalization({ method: 'percentile', scope: 'case', lowPercentile: 50, highPercentile: 5 }, [], 1),
    ).toThrow('percentiles must satisfy 0 <= low < high <= 100, got 50 and 5');
  });

  it("case scope takes each image's own statistics (numpy on hippocampus_001: p0.5 = 7, p99.5 = 109)", () => {
    const path = join(resolveDataDir(), 'msd-hippocampus', 'images', 'hippocampus_001.nii.gz');
    const volume = readNifti(readFileSync(path));
    const n = fitNormalization({ method: 'percentile', scope: 'case' }, [], 1);
    const map = intensityMap(n, volume);
    expect(map.low[0]).toBe(7);
    expect(map.high[0]).toBe(109);
    const z = intensityMap({ method: 'zscore', scope: 'case' }, volume);
    // numpy: mean 63.52179271708683, std 24.97248203945966.
    expect(-z.offset[0] / z.scale[0]).toBeCloseTo(63.52179271708683, 9);
    expect(1 / z.scale[0]).toBeCloseTo(24.97248203945966, 9);
  });

  it('scale maps values linearly and NaN (outside the image) becomes 0', () => {
    const n = fitNormalization({ method: 'scale', scale: 1 / 255 }, [], 3);
    expect(n).toEqual({ method: 'scale', scale: 1 / 255, offset: 0 });
    const values = Float32Array.from([255, NaN, 51]);
    applyIntensityMap(
      values,
      intensityMap(n, createVolume({ voxels: new Uint8Array(3), dims: [1, 1, 1], channels: 3 })),
      3,
    );
    expect([...values].map((v) => +v.toFixed(6))).toEqual([1, 0, 0.2]);
    expect(() => fitNormalization({ method: 'scale', scale: 0 }, [], 1)).toThrow(
      'normalization: bad scale 0',
    );
  });
});
