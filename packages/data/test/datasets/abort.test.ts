// loadLabelledCases stops between files when its signal fires (Ctrl-C while a large dataset loads).
import { join } from 'node:path';
import { loadLabelledCases, resolveDataDir } from '../../src';

const hippocampus = join(resolveDataDir(), 'msd-hippocampus');

describe('loadLabelledCases with a signal', () => {
  it('loads every case when the signal does not fire', async () => {
    const cases = await loadLabelledCases(hippocampus, { limit: 3, signal: new AbortController().signal });
    expect(cases.map((c) => c.id)).toEqual([
      'hippocampus_001.nii.gz',
      'hippocampus_003.nii.gz',
      'hippocampus_004.nii.gz',
    ]);
  });

  it('rejects with an AbortError at the next file once it fires', async () => {
    const controller = new AbortController();
    const loading = loadLabelledCases(hippocampus, { limit: 50, signal: controller.signal });
    // Fires while the first files are being read, as a signal handler would.
    setImmediate(() => controller.abort());
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
  });
});
