import { padOrCrop, resizeBilinear, resizeNearest, warpBilinear, type Affine2D } from '../../src';

describe('2-D resizing with pixel centres aligned', () => {
  const src = { data: Float32Array.from([0, 10, 20, 30]), width: 2, height: 2, channels: 1 };

  it('bilinear 2x2 -> 4x4 gives the half-pixel-centre values computed by hand', () => {
    // Output x maps to source (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 (edges clamp).
    expect([...resizeBilinear(src, 4, 4).data]).toEqual([
      0, 2.5, 7.5, 10, 5, 7.5, 12.5, 15, 15, 17.5, 22.5, 25, 20, 22.5, 27.5, 30,
    ]);
  });

  it('nearest keeps values and type when enlarging and shrinking', () => {
    const labels = { data: Uint8Array.from([1, 2, 3, 4]), width: 2, height: 2, channels: 1 };
    const big = resizeNearest(labels, 4, 4);
    expect(big.data).toBeInstanceOf(Uint8Array);
    expect([...big.data]).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    // Shrinking 4 -> 2 samples source pixel 2x + 0.5 -> rounds to 1 and 3.
    const row = { data: Uint8Array.from([5, 6, 7, 8]), width: 4, height: 1, channels: 1 };
    expect([...resizeNearest(row, 2, 1).data]).toEqual([6, 8]);
  });

  it('pads and crops around the centre, keeping RGB channels together', () => {
    const rgb = { data: Uint8Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3]), width: 3, height: 1, channels: 3 };
    const padded = padOrCrop(rgb, 5, 2, 9);
    // Two columns of padding split 1 + 1; the odd row of padding goes below.
    expect([...padded.data.slice(0, 15)]).toEqual([9, 9, 9, 1, 1, 1, 2, 2, 2, 3, 3, 3, 9, 9, 9]);
    expect([...padded.data.slice(15)]).toEqual(new Array(15).fill(9));
    expect([...padOrCrop(rgb, 1, 1).data]).toEqual([2, 2, 2]);
  });

  it('a mirror matrix flips exactly and out-of-range samples get the fill', () => {
    const row = { data: Float32Array.from([1, 2, 3]), width: 3, height: 1, channels: 1 };
    const mirror: Affine2D = [-1, 0, 2, 0, 1, 0];
    const out = new Float32Array(3);
    warpBilinear(row, mirror, out, 3, 1);
    expect([...out]).toEqual([3, 2, 1]);
    warpBilinear(row, [1, 0, 2, 0, 1, 0], out, 3, 1, { fill: -5 });
    expect([...out]).toEqual([3, -5, -5]);
    expect(() => warpBilinear({ ...row, width: 4 }, mirror, out, 3, 1)).toThrow(
      'warpBilinear: plane of 4x1x1 needs 4 values, got 3',
    );
  });
});
