// A model sees every input in the orientation it was trained in. The shipped hippocampus models learned on
// MSD NIfTI crops stored RAS; the hippocampus DICOM studies were written by another converter (pydicom) as
// LPS slices, IOP 1\0\0\0\1\0, so their stored rows and columns run the other way. Judged on anatomy: the
// labelled crops hold 1.5-4.4% of each class, and the same labels must come out whatever the storage order.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  flipAxis,
  orientationCode,
  permuteAxes,
  readDicomFolder,
  readNiftiFile,
  reorient,
  resolveDataDir,
  type Volume,
} from '@seglens/data';
import { loadModelFromDirectory, modelSliceAxis, segment, type SeglensModel } from '../../src';
import { useWasm } from '../io/fixtures';

const data = resolveDataDir();
const PRETRAINED = join(__dirname, '..', '..', 'pretrained');

function share(labels: Volume, label: number): number {
  let n = 0;
  for (const v of labels.voxels) if (v === label) n++;
  return n / labels.voxels.length;
}

function dsc(a: Volume, b: Volume, label: number): number {
  let both = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.voxels.length; i++) {
    const x = a.voxels[i] === label;
    const y = b.voxels[i] === label;
    if (x) na++;
    if (y) nb++;
    if (x && y) both++;
  }
  return (2 * both) / (na + nb);
}

/** Count of voxels where two label volumes on the same grid differ. */
function differences(a: Volume, b: Volume): number {
  expect(b.dims).toEqual(a.dims);
  let n = 0;
  for (let i = 0; i < a.voxels.length; i++) if (a.voxels[i] !== b.voxels[i]) n++;
  return n;
}

describe('segment() in the model orientation', () => {
  let model: SeglensModel;
  beforeAll(async () => {
    await useWasm();
    model = await loadModelFromDirectory(join(PRETRAINED, 'hippocampus-rce'));
  });

  it('records the orientation of the training volumes in the shipped cards', async () => {
    expect(model.card.input.orientation).toBe('RAS');
    const { volume } = await readNiftiFile(join(data, 'msd-hippocampus', 'images', 'hippocampus_001.nii.gz'));
    expect(orientationCode(volume)).toBe('RAS');
  });

  it.each(['Study1', 'Study2', 'Study3'])(
    'labels %s (DICOM, LPS) with the share of each class the labelled crops have',
    async (study) => {
      const dir = join(data, 'msd-hippocampus-dicom', study);
      const series = await readDicomFolder(join(dir, readdirSync(dir)[0]));
      expect(orientationCode(series)).toBe('LPS');
      const { labels } = await segment(model, series);
      expect(labels.dims).toEqual(series.dims);
      expect(labels.origin).toEqual(series.origin);
      expect(labels.direction).toEqual(series.direction);
      expect(labels.dicom).toBe(series.dicom);
      for (const label of [1, 2]) {
        expect(share(labels, label)).toBeGreaterThan(0.015);
        expect(share(labels, label)).toBeLessThan(0.045);
      }
      // Control: the same pixels stored with both in-plane axes reversed (and k first) are the same anatomy,
      // so the labels, brought back to the series' storage, are the same voxel for voxel.
      const reversed = flipAxis(flipAxis(series, 0), 1);
      const onReversed = (await segment(model, reversed)).labels;
      expect(differences(labels, flipAxis(flipAxis(onReversed, 1), 0))).toBe(0);
      const permuted = permuteAxes(series, [2, 0, 1]);
      const onPermuted = (await segment(model, permuted)).labels;
      expect(differences(labels, permuteAxes(onPermuted, [1, 2, 0]))).toBe(0);
    },
  );

  it('gives the same labels in world space for a NIfTI case stored RAS, LPS or with permuted axes', async () => {
    const file = model.card.training!.dataset.validationCases[0];
    const { volume: image } = await readNiftiFile(join(data, 'msd-hippocampus', 'images', file));
    const { volume: truth } = await readNiftiFile(join(data, 'msd-hippocampus', 'labels', file), {
      labels: true,
    });
    const { labels, probabilities } = await segment(model, image, { probabilities: true });
    for (const label of [1, 2]) expect(dsc(labels, truth, label)).toBeGreaterThan(0.6);
    for (const code of ['LPS', 'SAR', 'PIL']) {
      const stored = reorient(image, code);
      const result = await segment(model, stored, { probabilities: true });
      expect(orientationCode(result.labels)).toBe(code);
      expect(differences(reorient(result.labels, 'RAS'), labels)).toBe(0);
      const back = reorient(result.probabilities!, 'RAS').voxels;
      let worst = 0;
      for (let i = 0; i < back.length; i++)
        worst = Math.max(worst, Math.abs(back[i] - probabilities!.voxels[i]));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('keeps the stored order for cards without an orientation (older files)', async () => {
    const dir = join(data, 'msd-hippocampus-dicom', 'Study1');
    const series = await readDicomFolder(join(dir, readdirSync(dir)[0]));
    const input = { ...model.card.input };
    delete input.orientation;
    const old: SeglensModel = { net: model.net, card: { ...model.card, input } };
    const stored = (await segment(old, series)).labels;
    const asRas = (await segment(model, reorient(series, 'RAS'))).labels;
    // Without an orientation the LPS series is taken as stored: the result is what the model gives on those
    // voxels read as if they were RAS, i.e. the labels of the reversed series, reversed back.
    const seenAsStored = (await segment(model, { ...series, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] }))
      .labels;
    expect(differences(stored, seenAsStored)).toBe(0);
    expect(differences(stored, reorient(asRas, 'LPS'))).toBeGreaterThan(0);
  });

  it('names the axis of a stored volume the model slices along', () => {
    const input = model.card.input;
    expect(modelSliceAxis(input, { direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] })).toEqual({
      axis: 2,
      reversed: false,
    });
    expect(modelSliceAxis(input, { direction: [1, 0, 0, 0, 1, 0, 0, 0, -1] })).toEqual({
      axis: 2,
      reversed: true,
    });
    // A sagittal stack (AIL): the model's S axis is the stack's j, pointing down.
    expect(modelSliceAxis(input, { direction: [0, -1, 0, 0, 0, -1, 1, 0, 0] })).toEqual({
      axis: 1,
      reversed: true,
    });
  });
});
