import { surfaceVoxels, type Dims } from '../src';
import { bruteSurface, coordsOf, randomShape, type Triple } from './helpers/brute-force';

function maskFrom(dims: Triple, inside: (x: number, y: number, z: number) => boolean): Uint8Array {
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  mask.forEach((_, i) => {
    const [x, y, z] = coordsOf(i, dims);
    mask[i] = inside(x, y, z) ? 1 : 0;
  });
  return mask;
}

const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);

describe('surfaceVoxels', () => {
  test('2D: a 3x3 square inside a 5x5 image has the 8 ring pixels as surface (4-connectivity)', () => {
    const dims: Triple = [5, 5, 1];
    const s = surfaceVoxels(
      maskFrom(dims, (x, y) => x >= 1 && x <= 3 && y >= 1 && y <= 3),
      dims,
    );
    expect(count(s)).toBe(8);
    expect(s[2 + 5 * 2]).toBe(0); // the centre
    expect(s[1 + 5 * 1]).toBe(1);
  });

  test('2D: a plus shape keeps its centre interior under 4-connectivity', () => {
    const dims: Triple = [3, 3, 1];
    const s = surfaceVoxels(Uint8Array.from([0, 1, 0, 1, 1, 1, 0, 1, 0]), dims);
    // Centre (1,1) has all 4 face neighbours in the mask; the diagonal corners outside do not matter.
    expect(Array.from(s)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  test('the image border counts as outside: a full 5x5 image has its 16 border pixels as surface', () => {
    const s = surfaceVoxels(new Uint8Array(25).fill(1), [5, 5, 1]);
    expect(count(s)).toBe(16);
    expect(s[2 + 5 * 2]).toBe(0);
  });

  test('3D: a 3x3x3 cube in a 5x5x5 volume has 26 surface voxels, the centre is interior', () => {
    const dims: Triple = [5, 5, 5];
    const inCube = (v: number) => v >= 1 && v <= 3;
    const s = surfaceVoxels(
      maskFrom(dims, (x, y, z) => inCube(x) && inCube(y) && inCube(z)),
      dims,
    );
    expect(count(s)).toBe(26);
    expect(s[2 + 5 * (2 + 5 * 2)]).toBe(0);
  });

  test('3D: a one-slice-thick mask in a multi-slice volume is all surface (z neighbours are outside)', () => {
    const dims: Triple = [5, 5, 3];
    const s = surfaceVoxels(
      maskFrom(dims, (_x, _y, z) => z === 1),
      dims,
    );
    expect(count(s)).toBe(25);
  });

  test('an empty mask has no surface; a single voxel is its own surface', () => {
    expect(count(surfaceVoxels(new Uint8Array(27), [3, 3, 3]))).toBe(0);
    const one = new Uint8Array(27);
    one[13] = 1;
    expect(Array.from(surfaceVoxels(one, [3, 3, 3])).indexOf(1)).toBe(13);
  });

  test.each([
    ['2D', [16, 13, 1], 11],
    ['3D', [9, 10, 7], 12],
    ['3D slab', [9, 1, 8], 13],
    ['1D line', [20, 1, 1], 14],
  ] as [string, Triple, number][])('matches the definition on random shapes: %s', (_name, dims, seed) => {
    for (let trial = 0; trial < 4; trial++) {
      const mask = randomShape(dims, seed * 10 + trial, 0.05);
      const got = surfaceVoxels(mask, dims);
      const want = new Uint8Array(mask.length);
      for (const [x, y, z] of bruteSurface(mask, dims)) want[x + dims[0] * (y + dims[1] * z)] = 1;
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(count(got)).toBeGreaterThan(0);
    }
  });

  test.each([
    [
      'length mismatch',
      () => surfaceVoxels(new Uint8Array(3), [2, 2, 1]),
      /surfaceVoxels: mask has 3 values but dims 2x2x1 need 4/,
    ],
    [
      'bad dims',
      () => surfaceVoxels(new Uint8Array(4), [2, 2] as unknown as Dims),
      /surfaceVoxels: dims must be \[nx, ny, nz\]/,
    ],
  ])('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
