// checkVolume: a Volume that crossed postMessage is rebuilt whole (its pixel-size flag included) or refused by name.
import { createVolume } from '@seglens/data';
import { checkVolume } from '../../src/worker/volume-check';

describe('checkVolume', () => {
  it.each([
    ['a frame without pixel spacing', true, true],
    ['a series in mm', false, undefined],
  ])('keeps the geometry of %s', (_what, unknown, expected) => {
    const sent = createVolume({
      voxels: new Uint8Array(12),
      dims: [3, 2, 2],
      spacing: unknown ? [1, 1, 1] : [0.7, 0.7, 2.5],
      origin: [1, 2, 3],
      spacingUnknown: unknown,
    });
    // What postMessage delivers: a structured clone.
    const received = checkVolume(structuredClone(sent), 'series');
    expect(received.spacingUnknown).toBe(expected);
    expect(received.spacing).toEqual(sent.spacing);
    expect(received.origin).toEqual([1, 2, 3]);
  });

  it('names the request and the problem', () => {
    expect(() => checkVolume({ voxels: new Uint8Array(5), dims: [3, 2, 1] }, 'series')).toThrow(
      /^series: createVolume: voxels has 5 values but dims 3x2x1 x 1 channel\(s\) need 6$/,
    );
    expect(() => checkVolume(null, 'series')).toThrow(/^series must be a Volume/);
  });
});
