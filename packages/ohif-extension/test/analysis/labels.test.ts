// disagreement, labelledSlices, fineTuneLabels and labelProportions on small hand-made label maps.
import { disagreement, fineTuneLabels, labelledSlices, labelProportions } from '../../src/analysis';

// dims [3, 2, 4]: x fastest, then y, then z. Voxel (i, j, k) at i + 3·(j + 2·k).
const dims: [number, number, number] = [3, 2, 4];
const at = (i: number, j: number, k: number): number => i + 3 * (j + 2 * k);

describe('disagreement', () => {
  it('marks the voxels that differ and counts them', () => {
    const a = Uint8Array.from([0, 1, 2, 2, 0]);
    const b = Uint8Array.from([0, 2, 2, 0, 0]);
    expect(disagreement(a, b)).toEqual({ mask: Uint8Array.from([0, 1, 0, 1, 0]), voxels: 2, fraction: 0.4 });
    expect(disagreement(a, a).voxels).toBe(0);
    expect(() => disagreement(a, new Uint8Array(4))).toThrow(
      'disagreement: the label maps have 5 and 4 voxels; they must be of one series',
    );
  });
});

describe('labelledSlices and fineTuneLabels', () => {
  const labels = new Uint8Array(24);
  labels[at(2, 1, 1)] = 1; // slice z=1, y=1, x=2
  labels[at(0, 0, 3)] = 2; // slice z=3, y=0, x=0
  labels[at(1, 0, 2)] = 255; // unlabelled: not a labelled slice

  it('finds the slices with labels other than 0 and 255 along each axis', () => {
    expect(labelledSlices(labels, dims, 2)).toEqual([1, 3]);
    expect(labelledSlices(labels, dims, 1)).toEqual([0, 1]);
    expect(labelledSlices(labels, dims, 0)).toEqual([0, 2]);
    expect(labelledSlices(new Uint8Array(24), dims, 2)).toEqual([]);
  });

  it('keeps the chosen slices and marks everything else 255', () => {
    const out = fineTuneLabels(labels, dims, 2, [1]);
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 2; j++)
        for (let i = 0; i < 3; i++) expect(out[at(i, j, k)]).toBe(k === 1 ? labels[at(i, j, k)] : 255);
    expect(out[at(2, 1, 1)]).toBe(1);
    expect(out[at(0, 1, 1)]).toBe(0);
    const alongX = fineTuneLabels(labels, dims, 0, [0, 2]);
    expect(Array.from({ length: 24 }, (_, v) => alongX[v] === 255)).toEqual(
      Array.from({ length: 24 }, (_, v) => v % 3 === 1),
    );
    expect(labels[at(0, 0, 0)]).toBe(0); // the input is not changed
    expect(() => fineTuneLabels(labels, dims, 2, [4])).toThrow(
      'fineTuneLabels: slice 4 is outside 0..3 (axis 2)',
    );
    expect(() => labelledSlices(new Uint8Array(5), dims, 2)).toThrow(
      'labelledSlices: labels has 5 values but dims 3x2x4 need 24',
    );
  });

  it('labelProportions are fractions of all voxels per class', () => {
    expect(labelProportions(Uint8Array.from([0, 0, 1, 2]), 3)).toEqual([0.5, 0.25, 0.25]);
  });
});
