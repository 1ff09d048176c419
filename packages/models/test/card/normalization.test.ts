import { join } from 'node:path';
import { readNiftiFile, resolveDataDir } from '@seglens/data';
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

  it('windows HU into [0, 1] with fixed bounds, whatever the volume holds', () => {
    // -125 -> 0, 75 -> 0.5, 275 -> 1; beyond the window clipped; no statistic of the volume involved.
    close(
      normalizeVoxels(new Int16Array([-1024, -125, 75, 275, 1500]), 1, {
        kind: 'window',
        lower: -125,
        upper: 275,
      }),
      [0, 0, 0.5, 1, 1],
    );
    close(normalizeVoxels(new Int16Array([75]), 1, { kind: 'window', lower: -125, upper: 275 }), [0.5]);
  });

  it('windows a real BTCV CT read with its NIfTI scaling: the liver is plausible HU, inside (0, 1)', async () => {
    const dir = join(resolveDataDir(), 'btcv-abdomen-ct');
    const [image, labels] = await Promise.all([
      readNiftiFile(join(dir, 'images', 'btcv_00.nii.gz')),
      readNiftiFile(join(dir, 'labels', 'btcv_00.nii.gz'), { labels: true }),
    ]);
    // The file stores bytes 0..255 with scl_slope 400/255 and scl_inter -125: the reader must give HU.
    expect(image.header.sclSlope).toBeCloseTo(400 / 255, 6);
    expect(image.header.sclInter).toBe(-125);
    const hu = image.volume.voxels;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < hu.length; i++) {
      if (hu[i] < lo) lo = hu[i];
      if (hu[i] > hi) hi = hu[i];
    }
    expect(lo).toBeCloseTo(-125, 3);
    expect(hi).toBeCloseTo(275, 3);
    const windowed = normalizeVoxels(hu, 1, { kind: 'window', lower: -125, upper: 275 });
    let n = 0;
    let sumHu = 0;
    let sumWindowed = 0;
    labels.volume.voxels.forEach((label, i) => {
      if (label !== 6) return; // 6: liver in BTCV's class map
      n++;
      sumHu += hu[i];
      sumWindowed += windowed[i];
    });
    expect(n).toBeGreaterThan(100000);
    const liverHu = sumHu / n;
    // Contrast-enhanced liver in the portal venous phase: roughly 50-150 HU.
    expect(liverHu).toBeGreaterThan(50);
    expect(liverHu).toBeLessThan(150);
    expect(sumWindowed / n).toBeCloseTo((liverHu + 125) / 400, 4);
    expect(sumWindowed / n).toBeGreaterThan(0);
    expect(sumWindowed / n).toBeLessThan(1);
  });

  it('rejects values that do not split into channels', () => {
    expect(() => normalizeVoxels(new Uint8Array(5), 3, { kind: 'none' })).toThrow(
      'normalizeVoxels: 5 values do not split into 3 channel(s)',
    );
  });
});
