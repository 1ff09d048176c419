import { regionProportions } from '../src';

describe('regionProportions', () => {
  test('hand-counted: class count over voxel count', () => {
    const labels = Uint8Array.from([1, 1, 1, 1, 0, 0, 2, 2, 0, 0, 0, 2]);
    expect(Array.from(regionProportions(labels, { numClasses: 4 }))).toEqual([5 / 12, 4 / 12, 3 / 12, 0]);
  });

  test('the ignore value leaves the denominator too, so proportions still sum to 1', () => {
    const labels = Int16Array.from([1, -1, -1, 0, 1, 1, 2, -1]);
    const p = regionProportions(labels, { numClasses: 3, ignoreIndex: -1 });
    expect(Array.from(p)).toEqual([1 / 5, 3 / 5, 1 / 5]);
  });

  test('all voxels ignored: NaN for every class', () => {
    const p = regionProportions(Uint8Array.of(255, 255), { numClasses: 2, ignoreIndex: 255 });
    expect(Array.from(p).every(Number.isNaN)).toBe(true);
  });

  test.each([
    ['out of range label', Uint8Array.of(0, 3), /regionProportions: labels\[1\] is 3/],
    ['empty', new Uint8Array(0), /regionProportions: labels is empty/],
  ])('rejects %s', (_name, labels, message) => {
    expect(() => regionProportions(labels, { numClasses: 3 })).toThrow(message);
  });
});
