import { DEFAULT_NSD_TOLERANCE, distanceUnitOfGrid, formatDistance, gridShape } from '../src';

describe('distanceUnitOfGrid', () => {
  test.each([
    [false, 'image', 'mm'],
    [false, 'volume', 'mm'],
    [true, 'image', 'px'],
    [true, 'volume', 'voxels'],
  ] as const)('spacingUnknown %s, %s: %s', (spacingUnknown, shape, unit) => {
    expect(distanceUnitOfGrid(spacingUnknown, shape)).toBe(unit);
  });

  test('rejects another shape, naming it', () => {
    expect(() => distanceUnitOfGrid(true, 'slab' as never)).toThrow(
      "distanceUnitOfGrid: shape must be 'image' or 'volume', got slab",
    );
  });
});

describe('gridShape', () => {
  test.each([
    [[256, 256, 1], 'image'],
    [[256, 256, 2], 'volume'],
    [[64, 64, 40], 'volume'],
  ] as const)('%j: %s', (dims, shape) => {
    expect(gridShape(dims)).toBe(shape);
  });
});

describe('DEFAULT_NSD_TOLERANCE', () => {
  test('1 mm, 2 px, 1 voxel', () => {
    expect(DEFAULT_NSD_TOLERANCE).toEqual({ mm: 1, px: 2, voxels: 1 });
  });
});

describe('formatDistance', () => {
  test.each([
    [1, 'mm', '1 mm'],
    [2, 'px', '2 px'],
    [1, 'voxels', '1 voxel'],
    [3, 'voxels', '3 voxels'],
  ] as const)('%s %s → %s', (value, unit, text) => {
    expect(formatDistance(value, unit)).toBe(text);
  });
});
