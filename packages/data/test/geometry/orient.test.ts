import {
  createVolume,
  dicomStorageOrientation,
  directionForCode,
  flipAxis,
  isOrientationCode,
  ijkToLps,
  orientationCode,
  permuteAxes,
  reorient,
  type Volume,
} from '../../src';

function las(): Volume {
  const voxels = new Uint16Array(24).map((_, n) => n + 1);
  return createVolume({
    voxels,
    dims: [4, 3, 2],
    spacing: [0.5, 0.7, 2],
    origin: [10, 20, 30],
    direction: [1, 0, 0, 0, -1, 0, 0, 0, 1],
  });
}

/** value -> its world position, to check that re-indexing moves nothing in the patient. */
function worldOf(volume: Volume): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const [nx, ny, nz] = volume.dims;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        out.set(
          volume.voxels[i + nx * (j + ny * k)],
          ijkToLps(volume, [i, j, k]).map((v) => +v.toFixed(6)),
        );
  return out;
}

describe('orientation', () => {
  it('names axes by where they point (DICOM LPS, NIfTI LAS, RAS)', () => {
    expect(orientationCode({ direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] })).toBe('LPS');
    expect(orientationCode(las())).toBe('LAS');
    expect(orientationCode({ direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] })).toBe('RAS');
    expect(orientationCode({ direction: [0, 0, -1, 1, 0, 0, 0, -1, 0] })).toBe('ILA'); // a sagittal stack
  });

  it('flipAxis reverses storage and keeps every world position', () => {
    const v = las();
    const flipped = flipAxis(v, 1);
    expect(orientationCode(flipped)).toBe('LPS');
    expect(flipped.voxels[0]).toBe(v.voxels[4 * 2]); // new row 0 is old row 2
    expect(worldOf(flipped)).toEqual(worldOf(v));
    expect(() => flipAxis(v, 3 as 0)).toThrow('flipAxis: axis must be 0, 1 or 2, got 3');
  });

  it('permuteAxes and reorient move storage, not anatomy', () => {
    const v = las();
    const p = permuteAxes(v, [2, 0, 1]);
    expect(p.dims).toEqual([2, 4, 3]);
    expect(p.spacing).toEqual([2, 0.5, 0.7]);
    expect(orientationCode(p)).toBe('SLA');
    expect(worldOf(p)).toEqual(worldOf(v));
    for (const code of ['LPS', 'RAS', 'SPL', 'IAR']) {
      const r = reorient(v, code);
      expect(orientationCode(r)).toBe(code);
      expect(worldOf(r)).toEqual(worldOf(v));
    }
    expect(() => reorient(v, 'LLS')).toThrow('reorient: "LLS" is not an orientation code');
    expect(() => permuteAxes(v, [0, 0, 1])).toThrow('permuteAxes: order must permute [0, 1, 2], got [0,0,1]');
  });

  it('carries interleaved channels along', () => {
    const rgb = createVolume({ voxels: Uint8Array.from([1, 2, 3, 4, 5, 6]), dims: [2, 1, 1], channels: 3 });
    expect([...flipAxis(rgb, 0).voxels]).toEqual([4, 5, 6, 1, 2, 3]);
  });

  it('isOrientationCode accepts one letter of each pair, upper case', () => {
    for (const code of ['LPS', 'RAS', 'PIR', 'SLA']) expect(isOrientationCode(code)).toBe(true);
    for (const code of ['LLS', 'ras', 'LP', 'LPSX', 'LPQ', 3, undefined])
      expect(isOrientationCode(code)).toBe(false);
  });

  it("dicomStorageOrientation keeps the acquisition plane in the plane's display convention", () => {
    expect(dicomStorageOrientation({ direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] })).toBe('LPS'); // NIfTI RAS
    expect(dicomStorageOrientation(las())).toBe('LPS');
    expect(dicomStorageOrientation({ direction: [0, -1, 0, 1, 0, 0, 0, 0, -1] })).toBe('LPS'); // ARI: axial
    expect(dicomStorageOrientation({ direction: [0, 0, -1, 1, 0, 0, 0, -1, 0] })).toBe('LIP'); // ILA: coronal
    expect(dicomStorageOrientation({ direction: [0, -1, 0, 0, 0, -1, 1, 0, 0] })).toBe('PIR'); // AIL: sagittal
    const s = Math.SQRT1_2; // i and j both half-way between L and P: no name for the axes
    expect(dicomStorageOrientation({ direction: [s, s, 0, -s, s, 0, 0, 0, 1] })).toBeUndefined();
  });
});

describe('directionForCode', () => {
  const letters = [
    ['L', 'R'],
    ['P', 'A'],
    ['S', 'I'],
  ];
  // every axis-aligned orientation: 6 orders of the three anatomical axes, 8 sign choices
  const codes = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ].flatMap((order) =>
    [0, 1, 2, 3, 4, 5, 6, 7].map((signs) => order.map((w, axis) => letters[w][(signs >> axis) & 1]).join('')),
  );

  it.each(codes)('%s is what orientationCode reads back', (code) => {
    expect(orientationCode({ direction: directionForCode(code) })).toBe(code);
  });

  it('gives the cosines themselves: LPS is the identity, RAS flips the first two axes', () => {
    expect(directionForCode('LPS')).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(directionForCode('RAS')).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(directionForCode('PIR')).toEqual([0, 1, 0, 0, 0, -1, -1, 0, 0]);
  });

  it.each(['LPX', 'LLS', 'lps', 'LP'])('rejects %s by name', (code) => {
    expect(() => directionForCode(code)).toThrow(`directionForCode: "${code}" is not an orientation code`);
  });
});
