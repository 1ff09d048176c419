/**
 * Every registry loss at its paper defaults against the float64 reference of test/helpers/reference.ts, on
 * random 2D, 3D, 1D-spatial and binary inputs, with and without ignored pixels.
 */
import { lossNames, lossRegistry } from '../src';
import { randomCase } from './helpers/random';
import { refByName } from './helpers/reference';
import { useBackend, valueOf } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const shapes: Array<[string, number[], number]> = [
  ['2D multi-class', [2, 5, 4, 3], 0],
  ['2D multi-class with ignored pixels', [2, 5, 4, 3], 0.25],
  ['3D multi-class with ignored pixels', [2, 3, 4, 3, 4], 0.2],
  ['1D spatial, two classes', [3, 7, 2], 0],
  ['2D binary', [2, 6, 5, 1], 0],
  ['3D binary with ignored pixels', [2, 3, 3, 4, 1], 0.2],
];

describe.each(shapes)('%s %j', (_name, shape, ignoreFraction) => {
  const c = randomCase(shape, 1234 + shape.length * 7 + Math.round(ignoreFraction * 100), ignoreFraction);
  test.each(lossNames.map((n) => [n]))('%s matches the float64 reference', (name) => {
    const expected = refByName[name](c);
    const actual = valueOf(c, (z, y) => lossRegistry[name].fn(z, y));
    expect(Number.isFinite(expected)).toBe(true);
    expect(actual).toBeCloseTo(expected, 4);
  });
});
