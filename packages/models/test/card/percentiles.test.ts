// percentilesOf against the definition it replaces: sort a copy (Float32Array's sort, NaNs last), then
// interpolate linearly between the neighbours at (p/100)·(n−1). The same numbers, bit for bit, on data a
// selection finds hard: ties, runs, sorted and reversed input, signed zeros, NaNs, infinities, subnormals, many
// values in one bucket of the radix selection's upper 16 bits, a single value.
import { join } from 'node:path';
import { readNiftiFile, resolveDataDir } from '@seglens/data';
import { percentilesOf } from '../../src/card/percentiles';

function bySort(values: Float32Array, ps: number[]): number[] {
  const sorted = values.slice().sort();
  const n = sorted.length;
  return ps.map((p) => {
    if (n === 0) return Number.NaN;
    const pos = (p / 100) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}

function random(n: number, seed: number, levels = 0): Float32Array {
  let s = seed;
  return new Float32Array(n).map(() => {
    s = (s * 1103515245 + 12345) % 2147483648;
    const u = s / 2147483648;
    return levels > 0 ? Math.floor(u * levels) : (u - 0.3) * 1000;
  });
}

const PS = [0, 0.5, 1, 25, 50, 75, 99, 99.5, 100];

const cases: Array<[string, Float32Array]> = [
  ['random floats', random(10_001, 1)],
  ['random, even length', random(4096, 2)],
  ['few levels (ties)', random(5000, 3, 4)],
  ['constant', new Float32Array(777).fill(3.5)],
  ['sorted', new Float32Array(1000).map((_, i) => i)],
  ['reversed', new Float32Array(1000).map((_, i) => 1000 - i)],
  ['mostly background', new Float32Array(3000).map((_, i) => (i % 97 === 0 ? i : 0))],
  ['signed zeros', new Float32Array([0, -0, 1, -0, 0, -1, -0])],
  ['NaNs among values', new Float32Array([5, Number.NaN, 1, 3, Number.NaN, 2, 4])],
  ['only NaNs', new Float32Array([Number.NaN, Number.NaN])],
  [
    'infinities, subnormals and negatives',
    new Float32Array([Infinity, -1e-45, 3, -Infinity, 1e-45, -2.5, 1e-40, Number.NaN, -1e-40, 0, -0]),
  ],
  // 1 + i·2⁻²³ share their upper 16 bits for i < 128: the selection has to go down to the lower 16 within a bucket
  ['one bucket of the upper 16 bits', random(3000, 5, 128).map((i) => 1 + i * 2 ** -23)],
  ['negative values only', random(2049, 6).map((v) => -Math.abs(v) - 1)],
  ['one value', new Float32Array([7])],
  ['two values', new Float32Array([9, -9])],
  ['empty', new Float32Array(0)],
];

describe('percentilesOf', () => {
  it.each(cases)('gives the sorted percentiles for %s', (_name, values) => {
    const expected = bySort(values, PS);
    const got = percentilesOf(values.slice(), PS);
    expect(got).toEqual(expected);
    // toEqual treats 0 and -0 alike; the normalisation's offset must not change sign either.
    got.forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
  });

  it('leaves the values as they were', () => {
    const values = random(1000, 8);
    const copy = values.slice();
    percentilesOf(values, PS);
    expect(values).toEqual(copy);
  });

  it('finds the percentiles of a real ACDC cardiac MR (216x256x10, read from its NIfTI) as the sort does', async () => {
    const { volume } = await readNiftiFile(
      join(resolveDataDir(), 'acdc-cardiac-mr', 'images', 'patient001_frame01.nii.gz'),
    );
    const values = Float32Array.from(volume.voxels);
    expect(values.length).toBe(216 * 256 * 10);
    const ps = [0.5, 1, 50, 99, 99.5];
    const got = percentilesOf(values, ps);
    expect(got).toEqual(bySort(values, ps));
    // a real spread: the 99.5th percentile well above the median
    expect(got[4]).toBeGreaterThan(got[2] + 10);
  });

  it('finds the percentiles of an MR-sized channel the same way', () => {
    const values = random(256 * 256 * 10, 7, 4096);
    expect(percentilesOf(values.slice(), [0.5, 99.5])).toEqual(bySort(values, [0.5, 99.5]));
  });
});
