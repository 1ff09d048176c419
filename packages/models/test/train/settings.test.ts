// The validation's NSD tolerance follows the cases' distance unit by @seglens/metrics's rule, as `seglens evaluate`
// takes it, so a card's NSD and evaluate's are measured alike: 1 mm, 2 px for frames without a size, 1 voxel for
// volumes without one.
import path from 'node:path';
import {
  ACDC_SPACING_DROPPED,
  readImageFile,
  readNiftiFile,
  resolveDataDir,
  type Volume,
} from '@seglens/data';
import type { TrainOptions } from '../../src/train';
import { defaultNsdToleranceOf, settingsOf } from '../../src/train/train-settings';

const data = resolveDataDir();
const polypFrame = (): Promise<Volume> =>
  readImageFile(path.join(data, 'polypgen-256', 'val', 'images', '106OLCV1_100H0014.jpg'));
const acdcVolume = async (): Promise<Volume> =>
  ACDC_SPACING_DROPPED.apply(
    (await readNiftiFile(path.join(data, 'acdc-cardiac-mr', 'images', 'patient003_frame01.nii.gz'))).volume,
  );
const hippocampus = async (): Promise<Volume> =>
  (await readNiftiFile(path.join(data, 'msd-hippocampus', 'images', 'hippocampus_001.nii.gz'))).volume;

describe('defaultNsdToleranceOf', () => {
  it.each([
    ['hippocampus volumes in mm: 1 mm', async () => [await hippocampus()], 1],
    ['polyp frames without a size: 2 px', async () => [await polypFrame(), await polypFrame()], 2],
    ['ACDC volumes whose size was dropped: 1 voxel', async () => [await acdcVolume()], 1],
    ['a frame beside a volume in mm counts as mm', async () => [await polypFrame(), await hippocampus()], 1],
    ['no validation cases: 1', async () => [], 1],
  ])('%s', async (_what, images, tolerance) => {
    const cases = (await images()).map((image) => ({ image }));
    expect(defaultNsdToleranceOf(cases)).toBe(tolerance);
  });

  it('is only the default: an nsdTolerance in the options wins, and a bad one is named', () => {
    expect(settingsOf({ epochs: 1, nsdTolerance: 3 } as TrainOptions, true, 2).nsdTolerance).toBe(3);
    expect(settingsOf({ epochs: 1 } as TrainOptions, true, 2).nsdTolerance).toBe(2);
    expect(() => settingsOf({ epochs: 1, nsdTolerance: -1 } as TrainOptions, true, 2)).toThrow(
      'train: nsdTolerance must be a positive number, got -1',
    );
  });
});
