// segment()'s gather and label scatter in WebAssembly (heap-slices.ts) against the JavaScript loops they stand in
// for (slices.ts): the same float32 bits of the network's input and the same label bytes, for every voxel type,
// one and three channels, context slices, normalisations that round and clamp, and every storage order of the
// volume. Slices that are not one dense run of the volume (slicing along the stored first or second axis) are
// declined, and segment() then uses the JavaScript loops.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { orientationCode, reorient, type Volume, type VoxelArray } from '@seglens/data';
import { modelSliceLayout, sliceLayout, type SliceLayout } from '../../src/infer';
import { gatherNormalizedOnHeap, scatterLabelsOnHeap } from '../../src/infer/heap-slices';
import { gatherNormalizedSliceRange, scatterSliceRange } from '../../src/infer/slices';
import type { ChannelNormalization } from '../../src/card';
import { testVolume } from '../io/fixtures';
import { STORAGE_ORDERS } from './storage-orders';

type Values = VoxelArray;

/** The JavaScript gather's float32 values of slices [start, start + n), as segment() runs it elsewhere. */
function gatherInJs(
  values: Values,
  channels: number,
  layout: SliceLayout,
  start: number,
  n: number,
  coefficients: ChannelNormalization[],
  context: number,
): Float32Array {
  const out = new Float32Array(n * layout.height * layout.width * channels * (2 * context + 1));
  return gatherNormalizedSliceRange(values, channels, layout, start, n, coefficients, out, context);
}

function gatherOnHeap(
  values: Values,
  channels: number,
  layout: SliceLayout,
  start: number,
  n: number,
  coefficients: ChannelNormalization[],
  context: number,
): Float32Array | null {
  const t = gatherNormalizedOnHeap(values, channels, layout, start, n, coefficients, context);
  if (!t) return null;
  const out = t.dataSync() as Float32Array;
  t.dispose();
  return out;
}

/** Bit patterns, so that -0 and 0 (and the last bit of a rounding) count as different. */
function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** Values of every kind a voxel array holds: negatives, fractions, the type's extremes. */
function voxelsOf(kind: string, n: number): Values {
  const raw = Array.from({ length: n }, (_, i) => ((i * 7919) % 1013) - 300 + (i % 7) / 3);
  switch (kind) {
    case 'uint8':
      return Uint8Array.from(raw, (v) => Math.abs(Math.round(v)) % 256);
    case 'int8':
      return Int8Array.from(raw, (v) => Math.round(v) % 128);
    case 'uint16':
      return Uint16Array.from(raw, (v, i) => (i === 3 ? 65535 : Math.abs(Math.round(v * 50))));
    case 'int16':
      return Int16Array.from(raw, (v, i) => (i === 3 ? -32768 : Math.round(v * 30)));
    case 'int32':
      return Int32Array.from(raw, (v, i) => (i === 3 ? -2147483648 : Math.round(v * 1e6)));
    case 'uint32':
      return Uint32Array.from(raw, (v, i) => (i === 3 ? 4294967295 : Math.abs(Math.round(v * 1e6))));
    default:
      return Float32Array.from(raw, (v, i) => (i === 5 ? -0 : v * 1.7));
  }
}

// offset and scale that do not round exactly, clamps that cut some values (the 'percentile' and 'window' kinds).
const NORMALIZATIONS: Record<string, ChannelNormalization> = {
  'fixed, no clamp': { offset: 0, scale: 1 / 255, min: -Infinity, max: Infinity },
  'rounding offset and scale': { offset: 37.3, scale: 1 / 311.7, min: -Infinity, max: Infinity },
  clamped: { offset: -125, scale: 1 / 400, min: 0, max: 1 },
};

describe('gatherNormalizedOnHeap and scatterLabelsOnHeap on wasm', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  it.each(['uint8', 'int8', 'uint16', 'int16', 'int32', 'uint32', 'float32'])(
    '%s voxels: the same bits as the JavaScript gather, for 1 and 3 channels and 0 to 2 context slices',
    (kind) => {
      const dims: [number, number, number] = [13, 9, 7];
      for (const channels of [1, 3]) {
        const values = voxelsOf(kind, dims[0] * dims[1] * dims[2] * channels);
        const layout = sliceLayout(dims, 2);
        for (const [name, c] of Object.entries(NORMALIZATIONS)) {
          const coefficients = Array.from({ length: channels }, (_, ch) => ({
            ...c,
            offset: c.offset + ch * 0.25,
          }));
          for (const context of [0, 1, 2]) {
            // A batch at the start (context clamped to slice 0), one in the middle, one at the end.
            for (const [start, n] of [
              [0, 3],
              [2, 2],
              [5, 2],
            ]) {
              const expected = gatherInJs(values, channels, layout, start, n, coefficients, context);
              const got = gatherOnHeap(values, channels, layout, start, n, coefficients, context);
              expect({ name, context, start, got: got && Array.from(bits(got)) }).toEqual({
                name,
                context,
                start,
                got: Array.from(bits(expected)),
              });
            }
          }
        }
      }
    },
  );

  it('clamps, rounds and keeps -0 as JavaScript does (values checked by hand)', () => {
    const values = Float32Array.from([-0, 0.1, 300, -5, 7, 1e30]);
    const layout = sliceLayout([3, 2, 1], 2);
    const got = gatherOnHeap(values, 1, layout, 0, 1, [{ offset: 0, scale: 1 / 3, min: -1, max: 50 }], 0);
    // 0.1 is float32 0.100000001490116..., divided by 3 in double, then rounded to float32.
    expect(Array.from(got!)).toEqual([-0, Math.fround(Math.fround(0.1) / 3), 50, -1, Math.fround(7 / 3), 50]);
    expect(Object.is(got![0], -0)).toBe(true);
  });

  it('takes every storage order whose slices lie along the stored third axis, and declines the others', () => {
    const base = testVolume([5, 4, 3], 2);
    const source: Volume = { ...base, voxels: Float32Array.from(base.voxels, (_, i) => (i * 37) % 101) };
    const coefficients = [0, 1].map(() => ({ offset: 3.5, scale: 1 / 7.1, min: -Infinity, max: Infinity }));
    let taken = 0;
    let declined = 0;
    for (const code of STORAGE_ORDERS) {
      const stored = reorient(source, code);
      expect(orientationCode(stored)).toBe(code);
      const layout = modelSliceLayout({ orientation: 'RAS', sliceAxis: 2 }, stored, 'test');
      const alongThird = Math.abs(layout.sliceStride) === stored.dims[0] * stored.dims[1];
      const n = layout.count;
      const expected = gatherInJs(stored.voxels, 2, layout, 0, n, coefficients, 1);
      const got = gatherOnHeap(stored.voxels, 2, layout, 0, n, coefficients, 1);
      if (alongThird) {
        taken++;
        expect(got && Array.from(bits(got))).toEqual(Array.from(bits(expected)));
      } else {
        declined++;
        expect(got).toBeNull();
      }
      // Labels: one class per pixel, [n, height, width] int32 as tf.argMax gives them.
      const pixels = n * layout.height * layout.width;
      const classes = tf.tensor3d(
        Int32Array.from({ length: pixels }, (_, i) => (i * 5 + 1) % 251),
        [n, layout.height, layout.width],
        'int32',
      );
      const want = new Uint8Array(stored.dims[0] * stored.dims[1] * stored.dims[2]);
      scatterSliceRange(classes.dataSync(), 1, layout, 0, n, want);
      const labels = new Uint8Array(want.length).fill(255);
      expect(scatterLabelsOnHeap(classes, layout, 0, n, labels)).toBe(alongThird);
      if (alongThird) expect(Array.from(labels)).toEqual(Array.from(want));
      else expect(labels.every((v) => v === 255)).toBe(true);
      classes.dispose();
    }
    // RAS's third axis is one of the three stored axes: a third of the 48 orders.
    expect([taken, declined]).toEqual([16, 32]);
  });

  it('writes only the slices it is given, from a batch in the middle of the volume', () => {
    const dims: [number, number, number] = [6, 5, 8];
    const layout = sliceLayout(dims, 2);
    const classes = tf.tensor3d(
      Int32Array.from({ length: 3 * 30 }, (_, i) => 1 + (i % 3)),
      [3, 5, 6],
      'int32',
    );
    const labels = new Uint8Array(6 * 5 * 8);
    expect(scatterLabelsOnHeap(classes, layout, 4, 3, labels)).toBe(true);
    const perSlice = Array.from({ length: 8 }, (_, s) => labels.subarray(s * 30, s * 30 + 30).some((v) => v));
    expect(perSlice).toEqual([false, false, false, false, true, true, true, false]);
    expect(Array.from(labels.subarray(4 * 30, 4 * 30 + 6))).toEqual([1, 2, 3, 1, 2, 3]);
    classes.dispose();
  });

  it('allocates nothing it does not hand back', () => {
    const dims: [number, number, number] = [16, 16, 4];
    const values = voxelsOf('int16', 16 * 16 * 4);
    const layout = sliceLayout(dims, 2);
    const coefficients = [{ offset: 1, scale: 0.5, min: -Infinity, max: Infinity }];
    const before = tf.memory().numTensors;
    const bytesBefore = tf.memory().numBytes;
    const t = gatherNormalizedOnHeap(values, 1, layout, 0, 4, coefficients, 1)!;
    expect(t.shape).toEqual([4, 16, 16, 3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
    const classes = tf.zeros([4, 16, 16], 'int32');
    expect(scatterLabelsOnHeap(classes, layout, 0, 4, new Uint8Array(16 * 16 * 4))).toBe(true);
    classes.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytesBefore);
  });
});

describe('on a backend other than wasm', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('declines, so that segment() gathers and scatters in JavaScript', () => {
    const layout = sliceLayout([4, 4, 2], 2);
    const coefficients = [{ offset: 0, scale: 1, min: -Infinity, max: Infinity }];
    expect(gatherNormalizedOnHeap(new Float32Array(32), 1, layout, 0, 2, coefficients, 0)).toBeNull();
    const classes = tf.zeros([2, 4, 4], 'int32');
    expect(scatterLabelsOnHeap(classes, layout, 0, 2, new Uint8Array(32))).toBe(false);
    classes.dispose();
  });
});
