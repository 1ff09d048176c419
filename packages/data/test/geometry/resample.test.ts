import {
  createVolume,
  ijkToLps,
  lpsToIjk,
  resampleLabels,
  sameGrid,
  type Direction,
  type Vec3,
  type Volume,
} from '../../src';

/** A 4x3x2 Int32 label map whose value encodes its own index: i + 10 j + 100 k + 1 (0 stays background). */
function indexed(
  direction: Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1],
  spacing: Vec3 = [1, 1, 1],
  origin: Vec3 = [0, 0, 0],
) {
  const voxels = new Int32Array(24);
  for (let k = 0; k < 2; k++)
    for (let j = 0; j < 3; j++)
      for (let i = 0; i < 4; i++) voxels[i + 4 * (j + 3 * k)] = i + 10 * j + 100 * k + 1;
  return createVolume({ voxels, dims: [4, 3, 2], spacing, origin, direction });
}

const value = (v: Volume, i: number, j: number, k: number): number =>
  v.voxels[i + v.dims[0] * (j + v.dims[1] * k)];

/** The definition, voxel by voxel, with the shared ijkToLps/lpsToIjk (no incremental stepping). */
function bruteForce(source: Volume, target: Volume): number[] {
  const out: number[] = [];
  for (let k = 0; k < target.dims[2]; k++)
    for (let j = 0; j < target.dims[1]; j++)
      for (let i = 0; i < target.dims[0]; i++) {
        const [a, b, c] = lpsToIjk(source, ijkToLps(target, [i, j, k])).map(Math.round);
        const inside =
          a >= 0 && b >= 0 && c >= 0 && a < source.dims[0] && b < source.dims[1] && c < source.dims[2];
        out.push(inside ? value(source, a, b, c) : 0);
      }
  return out;
}

describe('resampleLabels', () => {
  it('is the identity on the same grid and keeps the source array type', () => {
    const source = indexed();
    const out = resampleLabels(source, source);
    expect(out.voxels).toBeInstanceOf(Int32Array);
    expect([...out.voxels]).toEqual([...source.voxels]);
  });

  it('maps a LAS label map onto the LPS grid covering the same voxels (rows reversed)', () => {
    // LAS: j points anterior (-y in LPS). Its row j = 2 is the most posterior one, where the LPS grid starts.
    const las = indexed([1, 0, 0, 0, -1, 0, 0, 0, 1], [0.5, 0.7, 2], [10, 20, 30]);
    const lpsGrid = {
      ...las,
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Direction,
      origin: ijkToLps(las, [0, 2, 0]),
    };
    const out = resampleLabels(las, lpsGrid);
    for (let k = 0; k < 2; k++)
      for (let j = 0; j < 3; j++)
        for (let i = 0; i < 4; i++) expect(value(out, i, j, k)).toBe(value(las, i, 2 - j, k));
  });

  it('handles anisotropic down- and up-sampling (ties round up, centres past the edge are background)', () => {
    const source = indexed();
    const coarse = resampleLabels(source, {
      dims: [2, 2, 1],
      spacing: [2, 2, 2],
      origin: [0, 0, 0],
      direction: source.direction,
    });
    expect([...coarse.voxels]).toEqual([1, 3, 21, 23]);
    const fine = resampleLabels(source, {
      dims: [8, 1, 1],
      spacing: [0.5, 1, 1],
      origin: [0, 0, 0],
      direction: source.direction,
    });
    // i/2 = 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5 -> 0, 1, 1, 2, 2, 3, 3, outside.
    expect([...fine.voxels]).toEqual([1, 2, 2, 3, 3, 4, 4, 0]);
  });

  it('uses the background value outside the source', () => {
    const source = indexed();
    const shifted = resampleLabels(
      source,
      { dims: [4, 1, 1], spacing: [1, 1, 1], origin: [2, 0, 0], direction: source.direction },
      { background: -1 },
    );
    expect([...shifted.voxels]).toEqual([3, 4, -1, -1]);
  });

  it('matches the voxel-by-voxel definition on a rotated, oblique, anisotropic target', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const source = indexed([c, s, 0, -s, c, 0, 0, 0, 1], [1.2, 0.9, 2.5], [-3, 4, 7]);
    const target = createVolume({
      voxels: new Uint8Array(7 * 6 * 5),
      dims: [7, 6, 5],
      spacing: [0.8, 0.6, 1.1],
      origin: [0, 3, 6],
      direction: [0, 1, 0, -1, 0, 0, 0, 0, 1],
    });
    const expected = bruteForce(source, target);
    expect(expected.filter((v) => v > 0).length).toBeGreaterThan(20);
    expect([...resampleLabels(source, target).voxels]).toEqual(expected);
  });

  it('refuses multi-channel sources', () => {
    const rgb = createVolume({ voxels: new Uint8Array(12), dims: [2, 2, 1], channels: 3 });
    expect(() => resampleLabels(rgb, rgb)).toThrow(
      'resampleLabels: the source must have one channel (a label map), got 3',
    );
  });
});

describe('sameGrid', () => {
  it('compares world positions, not the stored fields', () => {
    const a = indexed();
    expect(sameGrid(a, { ...a, origin: [0, 0, 0.0001] })).toBe(true);
    expect(sameGrid(a, { ...a, origin: [0, 0, 0.01] })).toBe(false);
    expect(sameGrid(a, { ...a, spacing: [1, 1, 1.01] })).toBe(false);
    expect(sameGrid(a, { ...a, dims: [4, 3, 3] })).toBe(false);
  });
});
