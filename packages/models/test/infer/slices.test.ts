// modelSliceLayout walks a stored volume as the model sees it (re-indexed to the card's orientation, sliced
// along its sliceAxis) without re-indexing a copy: gathering with it must give exactly the slices that
// reorient() + sliceLayout() give, and scattering results with it must put them exactly where reorient()
// back to the stored order would, for every storage orientation and slice axis.
import { orientationCode, reorient, type Volume } from '@seglens/data';
import { modelSliceLayout, sliceLayout, gatherSlices, scatterSlices } from '../../src/infer';
import { gatherNormalizedSliceRange, scatterScoreRange, scatterSliceRange } from '../../src/infer/slices';
import { normalizationCoefficients, normalizeVoxels, type InputNormalization } from '../../src/card';
import { testVolume } from '../io/fixtures';
import { STORAGE_ORDERS } from './storage-orders';

const CODES = STORAGE_ORDERS;

/** A 2-channel volume with a distinct value in every channel of every voxel. */
function distinct(): Volume {
  const base = testVolume([5, 4, 3], 2);
  return { ...base, voxels: Float32Array.from(base.voxels, (_, i) => i + 1) };
}

describe('modelSliceLayout', () => {
  it('covers all 48 storage orders', () => expect(new Set(CODES).size).toBe(48));

  it.each([0, 1, 2] as const)(
    'gathers and scatters as reorient() would, from every storage order (slice axis %i)',
    (sliceAxis) => {
      const source = distinct();
      for (const wanted of ['RAS', 'LPS', 'PIL']) {
        const input = { orientation: wanted, sliceAxis };
        for (const code of CODES) {
          const stored = reorient(source, code);
          expect(orientationCode(stored)).toBe(code);
          const oriented = reorient(stored, wanted);
          const reference = sliceLayout(oriented.dims, sliceAxis);
          const layout = modelSliceLayout(input, stored, 'test');
          expect([layout.count, layout.height, layout.width]).toEqual([
            reference.count,
            reference.height,
            reference.width,
          ]);
          const all = Array.from({ length: reference.count }, (_, s) => s);
          const size = reference.count * reference.height * reference.width * 2;
          const expected = gatherSlices(oriented.voxels, 2, reference, all, new Float32Array(size));
          // segment()'s gather, with an identity normalisation: the strided layout reads what reorient() moved.
          const identity = [0, 1].map(() => ({ offset: 0, scale: 1, min: -Infinity, max: Infinity }));
          const got = gatherNormalizedSliceRange(
            stored.voxels,
            2,
            layout,
            0,
            layout.count,
            identity,
            new Float32Array(size),
          );
          expect(Array.from(got)).toEqual(Array.from(expected));
          // And back: slice data scattered with the layout lands where reorienting to `code` puts it.
          const back = new Float32Array(stored.voxels.length);
          scatterSliceRange(expected, 2, layout, 0, layout.count, back);
          expect(Array.from(back)).toEqual(Array.from(stored.voxels));
          const viaList = new Float32Array(stored.voxels.length);
          scatterSlices(expected, 2, layout, all, viaList);
          expect(Array.from(viaList)).toEqual(Array.from(stored.voxels));
        }
      }
    },
  );

  it('is the plain layout for cards without an orientation and for volumes already stored that way', () => {
    const volume = testVolume([5, 4, 3]);
    expect(modelSliceLayout({ sliceAxis: 2 }, volume, 'test')).toEqual(sliceLayout(volume.dims, 2));
    const code = orientationCode(volume);
    expect(modelSliceLayout({ orientation: code, sliceAxis: 1 }, volume, 'test')).toEqual(
      sliceLayout(volume.dims, 1),
    );
  });

  it('refuses a volume too oblique to name its axes, naming the caller', () => {
    // i and j both closest to the patient's left-right axis.
    const oblique = {
      dims: [4, 4, 4] as [number, number, number],
      direction: [0.8, 0.6, 0, 0.75, -0.66, 0, 0, 0, 1] as Volume['direction'],
    };
    expect(() => modelSliceLayout({ orientation: 'RAS', sliceAxis: 2 }, oblique, 'segment')).toThrow(
      /^segment: cannot show the volume \(orientation LLS\) to the model in its training orientation RAS: the volume is too oblique/,
    );
  });
});

describe('scatterScoreRange', () => {
  it('writes the first highest class (as tf.argMax) and the scores, at the layout positions', () => {
    const layout = sliceLayout([2, 1, 2], 2); // two slices of one row of two pixels
    // Slice 1 only; pixels: clear winner 2, tie between 0 and 1 (first wins), all equal (class 0).
    const scores = Float32Array.from([0.1, 0.2, 0.7, 0.4, 0.4, 0.2]);
    const labels = new Uint8Array(4).fill(9);
    const kept = new Float32Array(12);
    scatterScoreRange(scores, 3, layout, 1, 1, labels, kept);
    expect(Array.from(labels)).toEqual([9, 9, 2, 0]);
    expect(Array.from(kept.subarray(6))).toEqual(Array.from(scores));
    expect(Array.from(kept.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    const equal = new Uint8Array(4).fill(9);
    scatterScoreRange(Float32Array.from([0.5, 0.5, 0.5, 1, 1, 1]), 3, layout, 0, 1, equal);
    expect(Array.from(equal)).toEqual([0, 0, 9, 9]);
  });

  it('gatherNormalizedSliceRange names a slice range outside the volume', () => {
    const layout = sliceLayout([2, 2, 3], 2);
    const none = [{ offset: 0, scale: 1, min: -Infinity, max: Infinity }];
    expect(() =>
      gatherNormalizedSliceRange(new Float32Array(12), 1, layout, 2, 2, none, new Float32Array(8)),
    ).toThrow('gatherNormalizedSliceRange: slice index 3 is outside 0..2');
  });
});

describe('gatherNormalizedSliceRange', () => {
  // Values that float32 cannot hold exactly (float64, and int32 beyond 2^24), so that normalising a float32 copy
  // instead of the raw values would change the bits.
  const raw = Float64Array.from(
    { length: 5 * 4 * 3 * 2 },
    (_, i) => 16_777_217 + i * 1.000_000_1 - (i % 7) * 3e6,
  );
  const specs: InputNormalization[] = [
    { kind: 'window', lower: 1e7, upper: 2e7 },
    { kind: 'percentile', lower: 2, upper: 98 },
    { kind: 'zscore' },
    { kind: 'fixed', mean: [1.5e7, 1e7], std: [3e6, 2e6] },
  ];
  it.each(specs.map((spec) => [spec.kind, spec] as const))(
    'gives normalizeVoxels then gatherSlices to the bit (%s), in every storage order',
    (_kind, spec) => {
      const volume = { ...distinct(), voxels: raw };
      const normalized = normalizeVoxels(raw, 2, spec);
      const coefficients = normalizationCoefficients(raw, 2, spec);
      for (const code of ['LPS', 'SAR', 'RAI']) {
        const layout = modelSliceLayout({ orientation: code, sliceAxis: 2 }, volume, 'test');
        const n = Math.min(2, layout.count - 1);
        const size = n * layout.height * layout.width * 2;
        const indices = Array.from({ length: n }, (_, i) => 1 + i);
        const expected = gatherSlices(normalized, 2, layout, indices, new Float32Array(size));
        const got = gatherNormalizedSliceRange(raw, 2, layout, 1, n, coefficients, new Float32Array(size));
        expect(Array.from(got)).toEqual(Array.from(expected));
      }
    },
  );
});
