// The controller's pure helpers.
import { restrictToSlices, validateFineTune } from '../../src/controller/util';
import { initialPanelState, type ModelEntry } from '../../src/panel/state';

const base: ModelEntry = {
  key: 'http://127.0.0.1:3000/_seglens/models/hippocampus-rce/',
  name: 'hippocampus-rce',
  origin: 'shipped',
  task: 'hippocampus',
  modality: 'MR',
  loss: 'rce',
  channels: 1,
  classes: [],
  fits: true,
  selected: true,
};

describe('restrictToSlices', () => {
  it('keeps exactly the chosen slices, in the given order', () => {
    const labels = Uint8Array.from({ length: 2 * 2 * 4 }, (_, i) => i);
    const r = restrictToSlices([2, 2, 4], [3, 1]);
    expect(r.dims).toEqual([2, 2, 2]);
    expect(Array.from(r.pick(labels))).toEqual([12, 13, 14, 15, 4, 5, 6, 7]);
  });
  it('is the identity without slices', () => {
    const labels = new Uint8Array(8);
    expect(restrictToSlices([2, 2, 2], undefined).pick(labels)).toBe(labels);
  });
  it('names a slice outside the volume', () => {
    expect(() => restrictToSlices([2, 2, 4], [4])).toThrow('restrictToSlices: slice 4 is outside 0..3');
  });
});

describe('validateFineTune', () => {
  const ft = { ...initialPanelState().fineTune, labelsSegmentationId: 'labels', baseModelKey: base.key };
  it('accepts the defaults with labels and a fitting base model', () => {
    expect(validateFineTune(ft, base)).toBeNull();
  });
  it.each([
    [{ epochs: 0 }, 'epochs must be a whole number from 1 to 100, got 0'],
    [{ epochs: 2.5 }, 'got 2.5'],
    [{ learningRate: 0 }, 'learning rate must be in (0, 0.1], got 0'],
    [{ learningRate: Number.NaN }, 'got NaN'],
    [{ labelsSegmentationId: null }, 'press "Draw labels"'],
  ])('names the problem with %p', (patch, message) => {
    expect(validateFineTune({ ...ft, ...patch }, base)).toContain(message);
  });
  it('refuses a base model that does not fit the series, with its reason', () => {
    expect(validateFineTune(ft, { ...base, fits: false, fitReason: 'CT series, the model is for MR' })).toBe(
      'Fine-tune: hippocampus-rce does not fit this series (CT series, the model is for MR).',
    );
    expect(validateFineTune(ft, undefined)).toContain('choose a base model');
  });
});
