// The comparison with a reference, computed in the worker (the `compare` request): through a real
// MessageChannel, on a real hippocampus label volume, the same result as compareWithReference on the main
// thread, and the request's own errors come back named.
import { compareWithReference, type CompareInput } from '../../src/analysis/compare';
import type { ClassView } from '../../src/panel/state';
import { hippocampusCase, inProcessWorker } from './harness';

const CLASSES: ClassView[] = [
  { index: 0, name: 'background', color: [0, 0, 0] },
  { index: 1, name: 'anterior', color: [230, 25, 75] },
  { index: 2, name: 'posterior', color: [60, 180, 75] },
];

describe('the worker compares predictions with a reference', () => {
  it('gives what compareWithReference gives on the main thread: the reference itself scores DSC 1', async () => {
    const { labels } = await hippocampusCase();
    const reference = Uint8Array.from(labels.voxels);
    const [nx] = labels.dims;
    // A prediction one voxel to the right of the reference: wrong on the boundaries.
    const shifted = new Uint8Array(reference.length);
    for (let i = 0; i < reference.length; i++) shifted[i] = i % nx === 0 ? 0 : reference[i - 1];
    const input: CompareInput = {
      reference,
      predictions: [
        { name: 'exact', loss: 'rce', labels: reference.slice(), color: [255, 0, 0] },
        { name: 'shifted', loss: 'dice', labels: shifted, color: [0, 0, 255] },
      ],
      dims: labels.dims,
      spacing: labels.spacing,
      classes: CLASSES,
    };
    const worker = inProcessWorker();
    try {
      const inWorker = await worker.client.compare(input);
      expect(inWorker).toEqual(compareWithReference(input));
      const exact = inWorker.rows.filter((r) => r.model === 'exact');
      expect(exact.map((r) => [r.className, r.dsc, r.hd95])).toEqual([
        ['anterior', 1, 0],
        ['posterior', 1, 0],
      ]);
      const off = inWorker.rows.filter((r) => r.model === 'shifted').map((r) => r.dsc);
      expect(off).toHaveLength(2);
      for (const dsc of off) {
        expect(dsc).toBeGreaterThan(0.5);
        expect(dsc).toBeLessThan(1);
      }
      // The page keeps its labels: they were copied, not transferred.
      expect(shifted.length).toBe(reference.length);
    } finally {
      worker.close();
    }
  });

  it('sends back the error of compareWithReference, named', async () => {
    const worker = inProcessWorker();
    try {
      await expect(
        worker.client.compare({
          reference: new Uint8Array(8),
          predictions: [],
          dims: [2, 2, 2],
          spacing: [1, 1, 1],
          classes: [],
        }),
      ).rejects.toThrow('compareWithReference: classes is empty');
    } finally {
      worker.close();
    }
  });
});
