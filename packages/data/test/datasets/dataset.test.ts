import { createSegmentationDataset, createVolume, type Batch, type LabelledCase } from '../../src';

/** A 2-D case: a bright square (label 1) on a dark background; image value = 200 * label + 20. */
function squareCase(id: string, size: number, at: number, side: number, caseId?: string): LabelledCase {
  const labels = new Uint8Array(size * size);
  for (let y = at; y < at + side; y++) for (let x = at; x < at + side; x++) labels[y * size + x] = 1;
  const image = Uint8Array.from(labels, (l) => 200 * l + 20);
  return {
    id,
    caseId,
    image: createVolume({ voxels: image, dims: [size, size, 1] }),
    labels: createVolume({ voxels: labels, dims: [size, size, 1] }),
  };
}

const cases = Array.from({ length: 10 }, (_, n) => squareCase(`img${n}.png`, 16, n % 4, 6 + (n % 3)));

function count(labels: Int32Array, value: number): number {
  let n = 0;
  for (const v of labels) if (v === value) n++;
  return n;
}

describe('createSegmentationDataset on 2-D cases', () => {
  const dataset = createSegmentationDataset(cases, {
    name: 'squares',
    size: [8, 8],
    normalization: { method: 'scale', scale: 1 / 255 },
    split: { seed: 3, validationFraction: 0.2 },
  });

  it('records the pipeline in a JSON card', () => {
    const card = JSON.parse(JSON.stringify(dataset.card));
    expect(card).toMatchObject({
      name: 'squares',
      classNames: ['background', 'class 1'],
      inputShape: [8, 8, 1],
      fit: 'resize',
      axis: 2,
      context: 0,
      normalization: { method: 'scale', scale: 1 / 255, offset: 0 },
      samples: { train: 8, validation: 2 },
    });
    expect(card.split.train).toHaveLength(8);
    expect(dataset.train.caseIds).toEqual(card.split.train);
  });

  it('resizes once: 16 -> 8 halves every square side (nearest labels, bilinear intensities)', () => {
    const batch = dataset.train.batch([0]);
    expect(batch.shape).toEqual([1, 8, 8, 1]);
    expect(batch.images).toBeInstanceOf(Float32Array);
    expect(batch.labels).toBeInstanceOf(Int32Array);
    const id = batch.sampleIds[0];
    const n = Number(id.replace(/\D/g, ''));
    const side = 6 + (n % 3);
    // Nearest 16 -> 8 samples source pixels 1, 3, 5, ...: the square of side s starting at a keeps those odd pixels.
    const at = n % 4;
    let odd = 0;
    for (let p = at; p < at + side; p++) if (p % 2 === 1) odd++;
    expect(count(batch.labels, 1)).toBe(odd * odd);
    // Bilinear averages pixel pairs: inside the square the value is (220) / 255.
    const inside = batch.labels.indexOf(1);
    expect(batch.images[inside]).toBeGreaterThan(20 / 255);
  });

  it('iterates every sample once per epoch; shuffles and augmentations depend on seed and epoch only', () => {
    const ids = (batches: Iterable<Batch>) => [...batches].flatMap((b) => b.sampleIds);
    const all = ids(dataset.train.batches({ batchSize: 3 }));
    expect(all).toHaveLength(8);
    const e0 = ids(dataset.train.batches({ batchSize: 3, shuffle: true, seed: 1, epoch: 0 }));
    expect([...e0].sort()).toEqual([...all].sort());
    expect(ids(dataset.train.batches({ batchSize: 3, shuffle: true, seed: 1, epoch: 0 }))).toEqual(e0);
    expect(ids(dataset.train.batches({ batchSize: 3, shuffle: true, seed: 1, epoch: 1 }))).not.toEqual(e0);
    expect([...dataset.train.batches({ batchSize: 3, dropLast: true })].map((b) => b.shape[0])).toEqual([
      3, 3,
    ]);
    const a = [...dataset.train.batches({ batchSize: 4, augment: true, seed: 2 })][0];
    const b = [...dataset.train.batches({ batchSize: 4, augment: true, seed: 2 })][0];
    const c = [...dataset.train.batches({ batchSize: 4, augment: true, seed: 3 })][0];
    expect(a.images).toEqual(b.images);
    expect(a.images).not.toEqual(c.images);
    expect(() => [...dataset.train.batches({ batchSize: 0 })]).toThrow(
      'batchSize must be a positive integer, got 0',
    );
    expect(() => dataset.train.batch([99])).toThrow('sample index 99 is out of range (0..7)');
  });

  it('augmentation moves image and labels together', () => {
    const big = createSegmentationDataset(cases, {
      name: 'squares',
      size: [16, 16],
      normalization: { method: 'scale', scale: 1 / 255 },
      split: { train: cases.map((c) => c.id), validation: [] },
      augmentation: { flipX: 0.5, flipY: 0.5, rotateDegrees: 20, brightness: 0, contrast: 0 },
    });
    let agree = 0;
    let total = 0;
    for (const batch of big.train.batches({ batchSize: 5, augment: true, seed: 9 })) {
      for (let p = 0; p < batch.labels.length; p++) {
        if (batch.images[p] === 0) continue; // outside the rotated image
        total++;
        if (batch.images[p] > 120 / 255 === (batch.labels[p] === 1)) agree++;
      }
    }
    // Only bilinear edge pixels may disagree.
    expect(agree / total).toBeGreaterThan(0.95);
  });
});

describe('createSegmentationDataset on volumes', () => {
  // Two 5x3x4 volumes; label 2 on slice k = 1 only, image = 10 * k + i.
  const volumeCase = (id: string): LabelledCase => {
    const image = Float32Array.from({ length: 60 }, (_, n) => 10 * Math.floor(n / 15) + (n % 5));
    const labels = new Uint8Array(60);
    labels.fill(2, 15, 30);
    return {
      id,
      image: createVolume({ voxels: image, dims: [5, 3, 4] }),
      labels: createVolume({ voxels: labels, dims: [5, 3, 4] }),
    };
  };
  const vols = [volumeCase('a.nii.gz'), volumeCase('b.nii.gz')];
  const options = {
    name: 'vols',
    size: [4, 8] as [number, number],
    fit: 'pad' as const,
    classNames: ['bg', 'one', 'two'],
    normalization: { method: 'scale' as const, scale: 1 },
    split: { train: ['a.nii.gz'], validation: ['b.nii.gz'] },
  };

  it('slices along the axis and pads each plane to the centre', () => {
    const ds = createSegmentationDataset(vols, options);
    expect(ds.train.sampleCount).toBe(4);
    expect(ds.train.sampleId(1)).toBe('a.nii.gz#k1');
    const batch = ds.train.batch([1]);
    // 5x3 padded into 8x4: x offset trunc(-1.5) = -1, y offset trunc(-0.5) = 0 -> pixel (x, y) = source (x - 1, y).
    expect(count(batch.labels, 2)).toBe(15);
    expect(batch.labels[0]).toBe(0);
    expect(batch.labels[1]).toBe(2);
    expect(batch.images[1]).toBe(10); // 10 * k + i with k = 1, i = 0
    expect(batch.images[3 * 8]).toBe(0); // padding row
    // At the 8x4 output size: 4 slices x 32 pixels, 15 of them label 2.
    expect(ds.train.classVoxelCounts(3)).toEqual([4 * 32 - 15, 0, 15]);
  });

  it('skips empty slices and stacks 2.5-D context channels', () => {
    const ds = createSegmentationDataset(vols, { ...options, skipEmptySlices: true, context: 1 });
    expect(ds.train.sampleCount).toBe(1);
    expect(ds.card.inputShape).toEqual([4, 8, 3]);
    const batch = ds.train.batch([0]);
    // Pixel (1, 0) = source i 0: slices k 0, 1, 2 -> 0, 10, 20.
    expect([...batch.images.slice(3, 6)]).toEqual([0, 10, 20]);
  });
});

describe('createSegmentationDataset rejects bad input', () => {
  const base = { name: 'bad', size: [8, 8] as [number, number] };
  it('names the case and the problem', () => {
    expect(() => createSegmentationDataset([], base)).toThrow('dataset bad: no cases');
    const small = squareCase('small.png', 8, 0, 2);
    const mismatched = { ...squareCase('m.png', 16, 0, 4), labels: small.labels };
    expect(() => createSegmentationDataset([mismatched], base)).toThrow(
      'dataset bad: m.png image is 16x16x1 but its labels are 8x8x1',
    );
    const rgb = {
      ...small,
      id: 'rgb.png',
      image: createVolume({ voxels: new Uint8Array(192), dims: [8, 8, 1], channels: 3 }),
    };
    expect(() => createSegmentationDataset([small, rgb], base)).toThrow(
      'dataset bad: rgb.png has 3 channel(s) but small.png has 1',
    );
    expect(() => createSegmentationDataset([small], { ...base, classNames: ['only'] })).toThrow(
      'label 1 found but only 1 class names',
    );
    expect(() => createSegmentationDataset([small, small], base)).toThrow('case id small.png appears twice');
    expect(() =>
      createSegmentationDataset([small, squareCase('x.png', 8, 0, 2)], {
        ...base,
        split: { train: ['small.png'], validation: [] },
      }),
    ).toThrow('case x.png is in neither the train nor the validation list');
    expect(() => createSegmentationDataset([small], { ...base, size: [0, 8] })).toThrow(
      'size must be two positive integers',
    );
  });
});
