// Real-data facts checked with numpy/Pillow: hippocampus has 208 volumes, 7425 k-slices and class totals
// [12356293, 354264, 327677]; PolypGen masks are 0/255 and the first 40 training masks (sorted by name) hold
// 76148 foreground pixels.
import { join } from 'node:path';
import { loadLabelledCases, resolveDataDir } from '../../src';

describe('loadLabelledCases on the real datasets', () => {
  it('decodes all 208 hippocampus volumes with every labelled voxel (numpy totals)', async () => {
    const cases = await loadLabelledCases(join(resolveDataDir(), 'msd-hippocampus'));
    expect(cases).toHaveLength(208);
    expect(cases.reduce((n, c) => n + c.image.dims[2], 0)).toBe(7425);
    const totals = [0, 0, 0];
    for (const c of cases) for (const v of c.labels.voxels) totals[v]++;
    expect(totals).toEqual([12356293, 354264, 327677]);
  });

  it('decodes PolypGen frames as RGB with binary masks (Pillow counts)', async () => {
    const cases = await loadLabelledCases(join(resolveDataDir(), 'polypgen-256', 'train'), { limit: 40 });
    expect(cases).toHaveLength(40);
    expect(cases[0].image).toMatchObject({ dims: [256, 256, 1], channels: 3 });
    let foreground = 0;
    for (const c of cases) for (const v of c.labels.voxels) foreground += v === 1 ? 1 : 0;
    expect(foreground).toBe(76148);
  });
});
