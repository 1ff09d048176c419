// Context slices ("2.5-D" input): a model whose card says contextSlices k sees slices s − k..s + k, in its
// training orientation, stacked as channels slice-major, the first or last slice repeated past the volume's ends.
// Gathering, segment(), training's slice preparation, fine-tuning samples and the card must agree on that one
// layout; the expected values here are computed by hand or in plain JavaScript.
import * as tf from '@tensorflow/tfjs-core';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import { createVolume, type Direction, type Volume } from '@seglens/data';
import { createModelCard, networkChannels, validateModelCard, type InputSpec } from '../../src/card';
import type { SeglensModel } from '../../src/io';
import { gatherSlices, segment, sliceLayout } from '../../src/infer';
import { gatherNormalizedSliceRange, stridedSliceLayout } from '../../src/infer/slices';
import { normalizationCoefficients, normalizeVoxels } from '../../src/card';
import { networkInput, prepareSlices } from '../../src/train/cases';
import { prepareSamples } from '../../src/finetune/samples';
import { useWasm } from '../io/fixtures';

/** Voxel value = 100·k + 10·j + i (+ 0.5 for channel 1), so every gathered value names where it came from. */
function labelled(dims: [number, number, number], channels = 1): Volume {
  const [nx, ny, nz] = dims;
  const voxels = new Float32Array(nx * ny * nz * channels);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        for (let c = 0; c < channels; c++)
          voxels[((k * ny + j) * nx + i) * channels + c] = 100 * k + 10 * j + i + c / 2;
  return createVolume({
    voxels,
    dims,
    channels,
    spacing: [1, 1, 3],
    origin: [0, 0, 0],
  });
}

/**
 * One 1×1 convolution over 3 slice channels (k = 1): class 1 where the slice *after* the labelled one (in the
 * model's orientation) is bright, i.e. channel 2 of [s − 1, s, s + 1] above 0.5.
 */
function nextSliceModel(input: Partial<InputSpec>): SeglensModel {
  const net = sequential({
    layers: [layers.conv2d({ inputShape: [null, null, 3], filters: 2, kernelSize: 1, useBias: true })],
  });
  net.setWeights([tf.tensor4d([0, 0, 0, 0, 0, 10], [1, 1, 3, 2]), tf.tensor1d([0, -5])]);
  const card = createModelCard({
    name: 'next-slice',
    task: 'test',
    modality: 'CT',
    classNames: ['background', 'bright above'],
    input: {
      channels: 1,
      size: [8, 8],
      sliceAxis: 2,
      fit: 'pad',
      normalization: { kind: 'none' },
      contextSlices: 1,
      ...input,
    },
    architecture: { inputChannels: 3, classes: 2, depth: 2, baseFilters: 4 },
  });
  return { net: net as unknown as SeglensModel['net'], card };
}

/** A volume whose slices (stored order) are bright (1) or dark (0) as `bright` says, everywhere in the slice. */
function slicesVolume(bright: number[], direction: Direction): Volume {
  const [nx, ny] = [8, 8];
  const voxels = new Float32Array(nx * ny * bright.length);
  bright.forEach((b, k) => voxels.fill(b, k * nx * ny, (k + 1) * nx * ny));
  return createVolume({
    voxels,
    dims: [nx, ny, bright.length],
    spacing: [1, 1, 2],
    origin: [0, 0, 0],
    direction,
  });
}

describe('context slices', () => {
  beforeAll(useWasm);

  it('gathers each slice with its neighbours as channels, slice-major, repeating the end slices', () => {
    // 2 × 1 voxels per slice, 3 slices, 2 channels: slice k's voxel i, channel c is 100k + i + c/2.
    const volume = labelled([2, 1, 3], 2);
    const layout = sliceLayout(volume.dims, 2);
    const out = gatherSlices(volume.voxels, 2, layout, [0, 2], new Float32Array(2 * 2 * 2 * 3), 1);
    // Slice 0: neighbours [0 (repeated), 0, 1]; slice 2: [1, 2, 2 (repeated)]. Per pixel: 3 slices × 2 channels.
    expect(Array.from(out)).toEqual([
      ...[0, 0.5, 0, 0.5, 100, 100.5],
      ...[1, 1.5, 1, 1.5, 101, 101.5],
      ...[100, 100.5, 200, 200.5, 200, 200.5],
      ...[101, 101.5, 201, 201.5, 201, 201.5],
    ]);
    // k = 0 is the plain gather; a negative or fractional k is refused.
    const plain = gatherSlices(volume.voxels, 2, layout, [1], new Float32Array(4));
    expect(Array.from(plain)).toEqual([100, 100.5, 101, 101.5]);
    expect(() => gatherSlices(volume.voxels, 2, layout, [1], new Float32Array(12), -1)).toThrow(
      'gatherSlices: context must be a non-negative integer of slices, got -1',
    );
  });

  it.each([1, 2])(
    'normalises on the way exactly as normalising first (k = %i), on a volume walked backwards',
    (k) => {
      const volume = labelled([3, 2, 5], 1);
      const dims = volume.dims;
      // Slices walked from the last stored slice to the first (as for a series stored the other way up).
      const layout = stridedSliceLayout(
        dims,
        [1, dims[0], -dims[0] * dims[1]],
        (dims[2] - 1) * dims[0] * dims[1],
        2,
      );
      const normalization = { kind: 'zscore' } as const;
      const seen = 2 * k + 1;
      const expected = gatherSlices(
        normalizeVoxels(volume.voxels, 1, normalization),
        1,
        layout,
        [1, 2, 3],
        new Float32Array(3 * 6 * seen),
        k,
      );
      const got = gatherNormalizedSliceRange(
        volume.voxels,
        1,
        layout,
        1,
        3,
        normalizationCoefficients(volume.voxels, 1, normalization),
        new Float32Array(3 * 6 * seen),
        k,
      );
      expect(Array.from(got)).toEqual(Array.from(expected));
      // The first value of walked slice 1 with k neighbours before it: stored slice 4 − 1 + k, clamped to 4.
      const raw = gatherSlices(volume.voxels, 1, layout, [1], new Float32Array(6 * seen), k);
      expect(raw[0]).toBe(100 * Math.min(4, 3 + k));
    },
  );

  it('segment() shows the neighbours in the model orientation, whichever way the series is stored', async () => {
    const bright = [0, 1, 1, 0, 1, 0];
    // Stored with k running superior (the card's LPS): slice s is labelled by stored slice s + 1.
    const up = await segment(
      nextSliceModel({ orientation: 'LPS' }),
      slicesVolume(bright, [1, 0, 0, 0, 1, 0, 0, 0, 1]),
    );
    // Stored with k running inferior ('LPI'): the model's next slice is the stored slice before.
    const down = await segment(
      nextSliceModel({ orientation: 'LPS' }),
      slicesVolume(bright, [1, 0, 0, 0, 1, 0, 0, 0, -1]),
    );
    const perSlice = (v: Volume) => Array.from({ length: bright.length }, (_, s) => v.voxels[s * 64]);
    const n = bright.length;
    expect(perSlice(up.labels)).toEqual(bright.map((_, s) => bright[Math.min(n - 1, s + 1)]));
    expect(perSlice(down.labels)).toEqual(bright.map((_, s) => bright[Math.max(0, s - 1)]));
    expect(perSlice(up.labels)).toEqual([1, 1, 0, 1, 0, 0]);
    expect(perSlice(down.labels)).toEqual([0, 0, 1, 1, 0, 1]);
    // Every pixel of a slice agrees (the model is 1×1 and the slices are uniform).
    for (const v of [up.labels, down.labels])
      for (let s = 0; s < n; s++) expect(new Set(v.voxels.subarray(s * 64, (s + 1) * 64)).size).toBe(1);
  });

  it("keeps a kept slice's neighbours when empty slices are left out, within its own case, channel by channel", () => {
    // Two 2-channel cases of 3 slices; only slice 1 of case b has foreground, so it is the one slice trained on.
    const a = labelled([4, 4, 3], 2);
    const b = createVolume({ ...a, voxels: a.voxels.map((v) => v + 1000) });
    const empty = new Uint8Array(4 * 4 * 3);
    const marked = empty.slice();
    marked[16 + 5] = 1;
    const label = (voxels: Uint8Array) => createVolume({ ...a, voxels, channels: 1 });
    const input: InputSpec = {
      channels: 2,
      size: [4, 4],
      sliceAxis: 2,
      fit: 'pad',
      normalization: { kind: 'none' },
      contextSlices: 1,
    };
    const cases = [
      { id: 'a', image: a, labels: label(empty) },
      { id: 'b', image: b, labels: label(marked) },
    ];
    const kept = prepareSlices(cases, input, true);
    expect(kept).toMatchObject({ count: 1, channels: 6 });
    expect([kept.caseOf[0], kept.sliceOf[0]]).toEqual([1, 1]);
    const out = new Float32Array(16 * 6);
    networkInput(kept, 0, out);
    // Pixel (i 1, j 2): slices 0, 1, 2 of case b, two channels each (c / 2 added to the second).
    expect(Array.from(out.subarray((2 * 4 + 1) * 6, (2 * 4 + 2) * 6))).toEqual([
      1021, 1021.5, 1121, 1121.5, 1221, 1221.5,
    ]);
    // The same as the full preparation's input for that slice.
    const all = prepareSlices(cases, input);
    const full = new Float32Array(16 * 6);
    networkInput(all, 3 + 1, full);
    expect(Array.from(out)).toEqual(Array.from(full));
  });

  it('prepares training slices and fine-tuning samples with the same neighbours', () => {
    const image = labelled([8, 8, 4], 1);
    const labels = createVolume({ ...image, voxels: new Uint8Array(8 * 8 * 4), channels: 1 });
    const input: InputSpec = {
      channels: 1,
      size: [8, 8],
      sliceAxis: 2,
      fit: 'pad',
      normalization: { kind: 'none' },
      contextSlices: 1,
    };
    expect(networkChannels(input)).toBe(3);
    const prepared = prepareSlices([{ id: 'a', image, labels }], input);
    expect(prepared).toMatchObject({ count: 4, channels: 3, sliceChannels: 1, context: 1 });
    // Each slice is stored once; its network input is assembled from the neighbours.
    expect(prepared.images.length).toBe(4 * 64);
    const inputOf = (s: number) => {
      const out = new Float32Array(64 * 3);
      networkInput(prepared, s, out);
      return out;
    };
    // Pixel (i 2, j 5) of every slice: its value in slices s − 1, s, s + 1 (clamped).
    const at = (s: number) => Array.from(inputOf(s).subarray((5 * 8 + 2) * 3, (5 * 8 + 3) * 3));
    expect([0, 1, 2, 3].map(at)).toEqual([
      [52, 52, 152],
      [52, 152, 252],
      [152, 252, 352],
      [252, 352, 352],
    ]);
    const samples = prepareSamples([{ image, labels, slices: [3, 1] }], input, 2);
    expect(samples.count).toBe(2);
    expect(Array.from(samples.images.subarray(0, 64 * 3))).toEqual(Array.from(inputOf(3)));
    expect(Array.from(samples.images.subarray(64 * 3))).toEqual(Array.from(inputOf(1)));
    // A lone 2-D slice has no neighbours to give.
    expect(() =>
      prepareSamples(
        [{ image: new Float32Array(64), labels: new Uint8Array(64), width: 8, height: 8 }],
        input,
        2,
      ),
    ).toThrow(
      'fineTune: samples[0] is a single 2D slice, but the model sees 1 neighbouring slice(s) on each side: give a volume sample ({ image, labels, slices })',
    );
  });

  it('is checked in the card against the network it feeds', () => {
    const card = nextSliceModel({}).card;
    expect(validateModelCard(JSON.parse(JSON.stringify(card))).input.contextSlices).toBe(1);
    const with_ = (contextSlices: unknown, inputChannels = 3) =>
      JSON.parse(
        JSON.stringify({
          ...card,
          input: { ...card.input, contextSlices },
          architecture: { ...card.architecture, inputChannels },
        }),
      );
    expect(() => validateModelCard(with_(2))).toThrow(
      'input.channels × (2·input.contextSlices + 1) must be architecture.inputChannels (3), got number 5',
    );
    expect(() => validateModelCard(with_(1.5))).toThrow(
      'input.contextSlices must be an integer 0-8, got number 1.5',
    );
    expect(() => validateModelCard(with_(9, 19))).toThrow(
      'input.contextSlices must be an integer 0-8, got number 9',
    );
    expect(() => validateModelCard(with_(-1))).toThrow(
      'input.contextSlices must be an integer 0-8, got number -1',
    );
    const twoD = {
      ...card,
      input: { ...card.input },
      architecture: { ...card.architecture, inputChannels: 1 },
    };
    delete (twoD.input as Partial<InputSpec>).contextSlices;
    expect(validateModelCard(JSON.parse(JSON.stringify(twoD))).input.contextSlices).toBeUndefined();
  });
});
