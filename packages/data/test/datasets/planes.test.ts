import { createVolume, extractPlane, planeSize } from '../../src';

// value = 100 k + 10 j + i on a 3x2x4 grid
const volume = createVolume({
  voxels: Int16Array.from(
    { length: 24 },
    (_, n) => (n % 3) + 10 * (Math.floor(n / 3) % 2) + 100 * Math.floor(n / 6),
  ),
  dims: [3, 2, 4],
});

describe('extractPlane', () => {
  it('cuts (i, j), (i, k) and (j, k) planes', () => {
    expect(planeSize(volume.dims, 2)).toEqual({ width: 3, height: 2 });
    expect([...extractPlane(volume, 2, 1).data]).toEqual([100, 101, 102, 110, 111, 112]);
    expect([...extractPlane(volume, 1, 1).data]).toEqual([
      10, 11, 12, 110, 111, 112, 210, 211, 212, 310, 311, 312,
    ]);
    const sagittal = extractPlane(volume, 0, 2);
    expect([sagittal.width, sagittal.height]).toEqual([2, 4]);
    expect([...sagittal.data]).toEqual([2, 12, 102, 112, 202, 212, 302, 312]);
  });

  it('stacks neighbouring slices as channels, repeating the edge slice', () => {
    const plane = extractPlane(volume, 2, 0, 1);
    expect(plane.channels).toBe(3);
    // pixel (0, 0): slices -1 (clamped to 0), 0, 1
    expect([...plane.data.slice(0, 6)]).toEqual([0, 0, 100, 1, 1, 101]);
    expect(plane.data).toBeInstanceOf(Int16Array);
  });
});
