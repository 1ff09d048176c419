// The fit rules with the shipped cards (pretrained/: hippocampus MR 64×64 'pad' in RAS, polyp RGB endoscopy
// 128×128 'resize' in LPS) and series read from the real data: hippocampus MR DICOM, CT DICOM slices and a
// PolypGen colonoscopy frame.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  datasetDir,
  readDicomFolder,
  readImageFile,
  resolveDataDir,
  type Direction,
  type Volume,
} from '@seglens/data';
import {
  channelMismatch,
  fitMismatch,
  MAX_ENLARGEMENT,
  modalityMismatch,
  sliceSizeMismatch,
  validateModelCard,
  type FitModel,
  type ModelCard,
} from '../../src/card';

const PRETRAINED = join(__dirname, '..', '..', 'pretrained');
const cardOf = (name: string): ModelCard =>
  validateModelCard(JSON.parse(readFileSync(join(PRETRAINED, name, 'seglens.json'), 'utf8')), name);
const modelOf = (card: ModelCard): FitModel => ({
  modality: card.modality,
  channels: card.input.channels,
  input: card.input,
});
const hippocampus = cardOf('hippocampus-rce');
const polyp = cardOf('polyp-rce');
const IDENTITY: Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
// Rows to P, columns to I, slices to R: a sagittal stack.
const SAGITTAL: Direction = [0, 1, 0, 0, 0, -1, -1, 0, 0];

describe('fit rules', () => {
  it('reads the shipped cards these cases are written for', () => {
    expect([hippocampus.modality, hippocampus.input.channels, hippocampus.input.size]).toEqual([
      'MR',
      1,
      [64, 64],
    ]);
    expect([hippocampus.input.fit, hippocampus.input.orientation, hippocampus.input.sliceAxis]).toEqual([
      'pad',
      'RAS',
      2,
    ]);
    expect([polyp.modality, polyp.input.channels, polyp.input.size, polyp.input.fit]).toEqual([
      'ES',
      3,
      [128, 128],
      'resize',
    ]);
    expect(MAX_ENLARGEMENT).toBe(2);
  });

  it.each<[string | undefined, string, string | null]>([
    ['MR', 'MR', null],
    [' mr', 'MR', null],
    ['CT', 'MR', 'CT series, the model is for MR'],
    ['XC', 'ES', null],
    ['OT', 'endoscopy', null],
    ['es', 'OT', null],
    ['XC', 'MR', 'XC series, the model is for MR'],
    ['MR', 'ES', 'MR series, the model is for ES'],
    [undefined, 'MR', 'the series has no modality; the model is for MR'],
    ['', 'ES', 'the series has no modality; the model is for ES'],
  ])('modality: a %p series and a %p model give %p', (series, model, expected) => {
    expect(modalityMismatch(series, model)).toBe(expected);
  });

  it.each<[number, number, string | null]>([
    [1, 1, null],
    [3, 3, null],
    [3, 1, 'RGB series, model expects grey'],
    [1, 3, 'grey series, model expects RGB'],
    [4, 3, '4-channel series, model expects RGB'],
  ])('channels: %p in the series, %p in the model give %p', (series, model, expected) => {
    expect(channelMismatch(series, model)).toBe(expected);
  });

  it.each<[string, [number, number, number], Direction | undefined, string | null]>([
    ['hippocampus-rce', [64, 64, 1], undefined, null],
    ['hippocampus-rce', [50, 40, 100], IDENTITY, null],
    // The same numbers as a sagittal stack: the RAS model's axial slices run across the images, R × A = 100 × 50.
    [
      'hippocampus-rce',
      [50, 40, 100],
      SAGITTAL,
      "slices are 100×50 pixels, larger than the model's 64×64 input (it would crop them)",
    ],
    // Without a direction the stored order is taken as the model's.
    ['hippocampus-rce', [50, 40, 100], undefined, null],
    [
      'hippocampus-rce',
      [65, 64, 3],
      IDENTITY,
      "slices are 65×64 pixels, larger than the model's 64×64 input (it would crop them)",
    ],
    ['polyp-rce', [64, 64, 5], undefined, null],
    ['polyp-rce', [256, 256, 1], IDENTITY, null],
    [
      'polyp-rce',
      [63, 64, 1],
      IDENTITY,
      "slices are 63×64 pixels, too few for the model's 128×128 input (over 2× enlargement)",
    ],
    [
      // A hippocampus crop (hippocampus-1's 51×35 slices) for a 128×128 model of another task.
      'polyp-rce',
      [51, 35, 1],
      IDENTITY,
      "slices are 51×35 pixels, too few for the model's 128×128 input (over 2× enlargement)",
    ],
    [
      'polyp-rce',
      [20, 300, 1],
      undefined,
      "slices are 20×300 pixels, too few for the model's 128×128 input (over 2× enlargement)",
    ],
    ['polyp-rce', [0, 32, 1], undefined, 'the series has no slices (dims 0×32×1)'],
    ['polyp-rce', [32, 32.5, 1], undefined, 'the series has no slices (dims 32×32.5×1)'],
  ])('slice size: %s, dims %j, direction %j give %p', (name, dims, direction, expected) => {
    expect(sliceSizeMismatch(cardOf(name).input, { dims, ...(direction ? { direction } : {}) })).toBe(
      expected,
    );
  });

  it('without input geometry judges only that the dims are whole and positive', () => {
    expect(sliceSizeMismatch(undefined, { dims: [4000, 4000, 1] })).toBeNull();
    expect(sliceSizeMismatch(undefined, { dims: [4000, 0, 1] })).toBe(
      'the series has no slices (dims 4000×0×1)',
    );
  });

  it('gives the first failing rule: modality, then channels, then slice size', () => {
    const model = modelOf(hippocampus);
    const series = { modality: 'CT', channels: 3, dims: [512, 512, 3] as const };
    expect(fitMismatch(model, series)).toBe('CT series, the model is for MR');
    expect(fitMismatch(model, { ...series, modality: 'MR' })).toBe('RGB series, model expects grey');
    expect(fitMismatch(model, { ...series, modality: 'MR', channels: 1 })).toBe(
      "slices are 512×512 pixels, larger than the model's 64×64 input (it would crop them)",
    );
    const { input: _, ...withoutInput } = model;
    expect(fitMismatch(withoutInput, { ...series, modality: 'MR', channels: 1 })).toBeNull();
  });

  describe('on real series', () => {
    let mr: Volume;
    let ct: Volume;
    let frame: Volume;
    beforeAll(async () => {
      const data = resolveDataDir();
      mr = await readDicomFolder(join(data, 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume'));
      ct = await readDicomFolder(join(data, 'ct-liver-dicom-seg', 'dicom'));
      const images = join(datasetDir('polypgen-256'), 'val', 'images');
      frame = await readImageFile(join(images, readdirSync(images).sort()[0]));
    });

    it.each<['mr' | 'ct' | 'frame', string, string, string | null]>([
      ['mr', 'MR', 'hippocampus-rce', null],
      ['mr', 'MR', 'polyp-rce', 'MR series, the model is for ES'],
      ['ct', 'CT', 'hippocampus-rce', 'CT series, the model is for MR'],
      ['frame', 'XC', 'polyp-rce', null],
      ['frame', 'MR', 'polyp-rce', 'MR series, the model is for ES'],
      ['frame', 'XC', 'hippocampus-rce', 'XC series, the model is for MR'],
    ])('the %s series as %s with %s gives %p', (series, modality, name, expected) => {
      const v = { mr, ct, frame }[series];
      expect(fitMismatch(modelOf(cardOf(name)), { ...v, modality })).toBe(expected);
    });

    it('reads the modalities the series carry', () => {
      expect([mr.dicom?.modality, ct.dicom?.modality]).toEqual(['MR', 'CT']);
      // The frame is RGB 256×256: grey hippocampus models refuse it on channels once the modality matches.
      expect(fitMismatch(modelOf(hippocampus), { ...frame, modality: 'MR' })).toBe(
        'RGB series, model expects grey',
      );
    });
  });
});
