import { normalizeVoxels } from '../../src/card';

const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 5));
};

describe('normalizeVoxels', () => {
  it('z-scores with the population standard deviation', () => {
    // mean 5, deviations -3 -1 1 3, variance 5
    close(
      normalizeVoxels(new Uint8Array([2, 4, 6, 8]), 1, { kind: 'zscore' }),
      [-3, -1, 1, 3].map((d) => d / Math.sqrt(5)),
    );
  });

  it('maps a constant volume to zeros, not NaN', () => {
    close(normalizeVoxels(new Int16Array([7, 7, 7]), 1, { kind: 'zscore' }), [0, 0, 0]);
    close(normalizeVoxels(new Int16Array([7, 7, 7]), 1, { kind: 'minmax' }), [0, 0, 0]);
  });

  it('min-max scales each channel on its own', () => {
    // interleaved RGB: channel 0 = 0, 10; channel 1 = 5, 7; channel 2 = 1, 1
    close(normalizeVoxels(new Uint8Array([0, 5, 1, 10, 7, 1]), 3, { kind: 'minmax' }), [0, 0, 0, 1, 1, 0]);
  });

  it('applies fixed means and deviations per channel', () => {
    close(
      normalizeVoxels(new Uint8Array([255, 0, 51, 0]), 2, { kind: 'fixed', mean: [0, 1], std: [255, 2] }),
      [1, -0.5, 0.2, -0.5],
    );
  });

  it('clips to percentiles with linear interpolation (numpy default)', () => {
    // values 0..100: percentile 10 = 10, percentile 90 = 90
    const v = new Float32Array(101).map((_, i) => i);
    const out = normalizeVoxels(v, 1, { kind: 'percentile', lower: 10, upper: 90 });
    expect(out[0]).toBe(0);
    expect(out[10]).toBe(0);
    expect(out[50]).toBeCloseTo(0.5, 6);
    expect(out[90]).toBe(1);
    expect(out[100]).toBe(1);
    // 4 values 0, 1, 2, 10: p25 at position 0.75 -> 0.75; p75 at 2.25 -> 2 + 0.25*8 = 4
    close(normalizeVoxels(new Float32Array([0, 1, 2, 10]), 1, { kind: 'percentile', lower: 25, upper: 75 }), [
      0,
      0.25 / 3.25,
      1.25 / 3.25,
      1,
    ]);
  });

  it('rejects values that do not split into channels', () => {
    expect(() => normalizeVoxels(new Uint8Array(5), 3, { kind: 'none' })).toThrow(
      'normalizeVoxels: 5 values do not split into 3 channel(s)',
    );
  });
});
