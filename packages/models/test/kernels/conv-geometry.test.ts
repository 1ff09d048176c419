import { filterGradAxis, inputGradAxis, isPatchwise, padOrCrop, convGeometry } from '../../src/kernels/conv-geometry';

describe('conv-geometry', () => {
  it('turns negative padding into crops', () => {
    expect(padOrCrop(2, -1)).toEqual({ cropBefore: 0, cropAfter: 1, padBefore: 2, padAfter: 0 });
  });

  it('pads x so that the filter-gradient convolution yields exactly K taps', () => {
    // H=7, K=3, stride 2, 'same': out 4, pad total (4-1)*2+3-7 = 2 -> top 1. Needs 3 + 3*2 - 1 - 7 = 1 behind.
    expect(filterGradAxis(7, 3, 2, 1, 4)).toEqual({ cropBefore: 0, cropAfter: 0, padBefore: 1, padAfter: 1 });
    // H=6, K=3, stride 2, 'valid': out 2 uses rows 0..4, so row 5 is cropped.
    expect(filterGradAxis(6, 3, 2, 0, 2)).toEqual({ cropBefore: 0, cropAfter: 1, padBefore: 0, padAfter: 0 });
  });

  it('pads the dilated dy so that the flipped-filter convolution yields the input size', () => {
    // stride 1 'same' 3x3: one on each side.
    expect(inputGradAxis(8, 3, 1, 1, 8)).toEqual({ cropBefore: 0, cropAfter: 0, padBefore: 1, padAfter: 1 });
    // stride 2, K=2, valid, H=8, out 4: dilated length 8, needs 1 in front, 8 + 1 - 1 - 8 = 0 behind.
    expect(inputGradAxis(8, 2, 2, 0, 4)).toEqual({ cropBefore: 0, cropAfter: 0, padBefore: 1, padAfter: 0 });
  });

  it('recognises the non-overlapping 2x2/2 up-convolution', () => {
    expect(isPatchwise(convGeometry([1, 8, 8, 4], [2, 2, 4, 3], 2, 'valid', undefined))).toBe(true);
    expect(isPatchwise(convGeometry([1, 8, 8, 4], [3, 3, 4, 3], 2, 'same', undefined))).toBe(false);
  });
});
