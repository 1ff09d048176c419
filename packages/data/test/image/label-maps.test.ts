// readMask's 'auto' mode on real files: PNG label maps cut from ACDC cardiac MR labels (class indices 0..3)
// are read as classes, PolypGen's 0/255 masks as binary, and what fits neither is an error naming the file
// and the value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { MAX_LABEL_MAP_INDEX, readMask, readNiftiFile, resolveDataDir, type Volume } from '../../src';

const DATA = resolveDataDir();
const ACDC = join(DATA, 'acdc-cardiac-mr');

/** The slice of a label volume with the most distinct classes, as uint8 rows. */
function busiestSlice(labels: Volume): { width: number; height: number; data: Uint8Array } {
  const [width, height, depth] = labels.dims;
  const plane = width * height;
  let best = 0;
  let bestCount = -1;
  for (let k = 0; k < depth; k++) {
    const seen = new Set(labels.voxels.subarray(k * plane, (k + 1) * plane));
    if (seen.size > bestCount) {
      best = k;
      bestCount = seen.size;
    }
  }
  return { width, height, data: Uint8Array.from(labels.voxels.subarray(best * plane, (best + 1) * plane)) };
}

let slice: { width: number; height: number; data: Uint8Array };
beforeAll(async () => {
  const labels = (await readNiftiFile(join(ACDC, 'labels', 'patient001_frame01.nii.gz'), { labels: true }))
    .volume;
  slice = busiestSlice(labels);
});

const png = (s: { width: number; height: number; data: Uint8Array }) =>
  encodePng({ width: s.width, height: s.height, data: s.data, channels: 1, depth: 8 });

describe("readMask({ mode: 'auto' })", () => {
  it('reads a PNG label map made from a real ACDC slice as its class indices', () => {
    expect([...new Set(slice.data)].sort()).toEqual([0, 1, 2, 3]);
    const mask = readMask(png(slice), { mode: 'auto', name: 'masks/patient001_frame01_s.png' });
    expect(mask.dims).toEqual([slice.width, slice.height, 1]);
    expect([...mask.voxels]).toEqual([...slice.data]);
  });

  it("reads PolypGen's 0/255 masks as binary, the same as mode 'binary'", () => {
    const bytes = readFileSync(join(DATA, 'polypgen-256', 'train', 'masks', '100H0050.png'));
    const auto = readMask(bytes, { mode: 'auto' });
    const binary = readMask(bytes, { mode: 'binary' });
    expect([...auto.voxels]).toEqual([...binary.voxels]);
    const ones = Array.from(auto.voxels).reduce((n, v) => n + v, 0);
    expect(ones).toBeGreaterThan(0);
    expect(Math.max(...auto.voxels)).toBe(1);
  });

  it('refuses a mask mixing 255 with class indices, naming the file and the value', () => {
    const mixed = Uint8Array.from(slice.data, (v) => (v === 3 ? 255 : v));
    const first = mixed.findIndex((v) => v === 1 || v === 2);
    expect(() => readMask(png({ ...slice, data: mixed }), { mode: 'auto', name: 'masks/x.png' })).toThrow(
      `masks/x.png: holds 255 (binary foreground) and ${mixed[first]} at pixel ${first % slice.width},${Math.floor(first / slice.width)} (a class index)`,
    );
  });

  it('refuses a grey image given as a mask (values beyond the class indices)', async () => {
    const image = (await readNiftiFile(join(ACDC, 'images', 'patient001_frame01.nii.gz'))).volume;
    const plane = slice.width * slice.height;
    const grey = Uint8Array.from(image.voxels.subarray(5 * plane, 6 * plane), Number);
    const odd = grey.findIndex((v) => v > MAX_LABEL_MAP_INDEX && v !== 255);
    expect(odd).toBeGreaterThanOrEqual(0);
    expect(() => readMask(png({ ...slice, data: grey }), { mode: 'auto', name: 'masks/grey.png' })).toThrow(
      `masks/grey.png: value ${grey[odd]} at pixel ${odd % slice.width},${Math.floor(odd / slice.width)} is neither a class index (0..63) nor the 255 of a binary mask`,
    );
  });

  it('refuses a label map saved as JPEG (compression changes class indices)', () => {
    const rgba = new Uint8Array(slice.data.length * 4);
    slice.data.forEach((v, i) => rgba.fill(v, 4 * i, 4 * i + 3));
    const bytes = jpeg.encode({ data: rgba, width: slice.width, height: slice.height }, 95).data;
    expect(() => readMask(bytes, { mode: 'auto', name: 'masks/y.jpg' })).toThrow(
      /^masks\/y\.jpg: JPEG mask whose largest value is \d+ \(at pixel \d+,\d+\): a label map must be saved as PNG/,
    );
  });
});
