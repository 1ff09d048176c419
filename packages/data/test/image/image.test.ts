import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import {
  detectImageFormat,
  readImage,
  readImageFile,
  readMask,
  readMaskFile,
  resolveDataDir,
} from '../../src';
import { makePng } from './png-bytes';

const POLYP = join(resolveDataDir(), 'polypgen-256', 'train');

// An 8x8 greyscale JPEG (quality 100) made with Pillow: rows 0-3 are 0, 32, ..., 224 and rows 4-7 the reverse.
const GREY_JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/' +
  'wAALCAAIAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEI' +
  'I0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip' +
  'qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/AI/+FH/8Q9//ADNH/DXX/CEf9QX/AIUH/af9nf8AcW+N' +
  'P2LzvL/6e/Lz/Hjn/9k=';

describe('readImage on PolypGen', () => {
  it('decodes a 256x256 RGB JPEG to 3 interleaved channels (values as Pillow decodes them)', async () => {
    const image = await readImageFile(join(POLYP, 'images', '100H0050.jpg'));
    expect(image.dims).toEqual([256, 256, 1]);
    expect(image.channels).toBe(3);
    expect(image.voxels).toBeInstanceOf(Uint8Array);
    const mean = [0, 0, 0];
    for (let p = 0; p < 256 * 256; p++)
      for (let c = 0; c < 3; c++) mean[c] += image.voxels[3 * p + c] / 65536;
    // Pillow (libjpeg): channel means 156.035, 108.580, 72.263; pixel (x 100, y 128) = [92, 46, 22].
    expect(mean[0]).toBeCloseTo(156.035, 0);
    expect(mean[1]).toBeCloseTo(108.58, 0);
    expect(mean[2]).toBeCloseTo(72.263, 0);
    const p = 128 * 256 + 100;
    [92, 46, 22].forEach((v, c) => expect(Math.abs(image.voxels[3 * p + c] - v)).toBeLessThanOrEqual(2));
  });

  it('reads the PNG mask as 0/1 with the foreground pixel count Pillow finds (1366)', async () => {
    const mask = await readMaskFile(join(POLYP, 'masks', '100H0050.png'));
    expect(mask.dims).toEqual([256, 256, 1]);
    expect(mask.channels).toBe(1);
    const histogram = [0, 0];
    for (const v of mask.voxels) histogram[v]++;
    expect(histogram).toEqual([65536 - 1366, 1366]);
  });
});

describe('readImage colour types', () => {
  it('keeps greyscale JPEGs as one channel', () => {
    const image = readImage(Buffer.from(GREY_JPEG, 'base64'));
    expect(image.channels).toBe(1);
    expect(image.dims).toEqual([8, 8, 1]);
    const row0 = [0, 32, 64, 96, 128, 160, 192, 224];
    row0.forEach((v, x) => expect(Math.abs(image.voxels[x] - v)).toBeLessThanOrEqual(2));
    row0.forEach((v, x) => expect(Math.abs(image.voxels[7 * 8 + x] - (255 - v))).toBeLessThanOrEqual(2));
  });

  it('drops alpha from RGBA and grey+alpha PNGs', () => {
    const rgba = readImage(
      makePng({ width: 2, height: 1, colorType: 6, depth: 8, rows: [[1, 2, 3, 9, 4, 5, 6, 9]] }),
    );
    expect(rgba.channels).toBe(3);
    expect([...rgba.voxels]).toEqual([1, 2, 3, 4, 5, 6]);
    const greyAlpha = readImage(
      makePng({ width: 2, height: 1, colorType: 4, depth: 8, rows: [[7, 0, 8, 255]] }),
    );
    expect(greyAlpha.channels).toBe(1);
    expect([...greyAlpha.voxels]).toEqual([7, 8]);
  });

  it('expands palettes (grey palettes to one channel) and unpacks 1-bit rows', () => {
    const colour = makePng({
      width: 3,
      height: 1,
      colorType: 3,
      depth: 8,
      rows: [[2, 0, 1]],
      palette: [
        [10, 20, 30],
        [40, 50, 60],
        [70, 80, 90],
      ],
    });
    expect([...readImage(colour).voxels]).toEqual([70, 80, 90, 10, 20, 30, 40, 50, 60]);
    // 1-bit palette: 10 pixels per row packed in 2 bytes, MSB first.
    const bits = makePng({
      width: 10,
      height: 2,
      colorType: 3,
      depth: 1,
      rows: [
        [0b10110000, 0b01000000],
        [0b00000000, 0b11000000],
      ],
      palette: [
        [0, 0, 0],
        [255, 255, 255],
      ],
    });
    const image = readImage(bits);
    expect(image.channels).toBe(1);
    expect([...image.voxels].map((v) => (v ? 1 : 0))).toEqual([
      1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
    ]);
  });

  it('reads the 1-bit greyscale PNGs Pillow writes for mode "1" masks', () => {
    // Pillow: a 10x2 bool image with pixels (0,0), (2,0), (3,0), (8,1), (9,1) set.
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAoAAAACAQAAAABJGnB9AAAADklEQVR4nGPYwMDAcAAABDYBcfWyx+kAAAAASUVORK5CYII=';
    const mask = readMask(Buffer.from(png, 'base64'));
    expect(mask.dims).toEqual([10, 2, 1]);
    expect([...mask.voxels]).toEqual([1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('keeps 16-bit greyscale as Uint16Array', () => {
    const image = readImage(
      makePng({ width: 2, height: 1, colorType: 0, depth: 16, rows: [[0x12, 0x34, 0xff, 0xff]] }),
    );
    expect(image.voxels).toBeInstanceOf(Uint16Array);
    expect([...image.voxels]).toEqual([0x1234, 0xffff]);
  });
});

describe('readMask', () => {
  const grey = (values: number[]): Uint8Array =>
    makePng({ width: values.length, height: 1, colorType: 0, depth: 8, rows: [values] });

  it('accepts 0/255 and 0/1 masks and equal-channel RGB masks', () => {
    expect([...readMask(grey([0, 255, 255, 0])).voxels]).toEqual([0, 1, 1, 0]);
    expect([...readMask(grey([1, 0, 1, 1])).voxels]).toEqual([1, 0, 1, 1]);
    const rgb = makePng({ width: 2, height: 1, colorType: 2, depth: 8, rows: [[255, 255, 255, 0, 0, 0]] });
    expect([...readMask(rgb).voxels]).toEqual([1, 0]);
  });

  it('rejects other values unless a threshold or labels mode is asked for', () => {
    expect(() => readMask(grey([0, 255, 128, 0]), { name: 'masks/a.png' })).toThrow(
      'masks/a.png: binary mask holds 128 at pixel 2,0 (only 0 and 255 are allowed)',
    );
    expect([...readMask(grey([0, 255, 128, 100]), { threshold: 127 }).voxels]).toEqual([0, 1, 1, 0]);
    expect([...readMask(grey([0, 1, 2, 1]), { mode: 'labels' }).voxels]).toEqual([0, 1, 2, 1]);
    const colour = makePng({ width: 2, height: 1, colorType: 2, depth: 8, rows: [[255, 0, 0, 0, 0, 0]] });
    expect(() => readMask(colour, { name: 'm.png' })).toThrow('m.png: colour mask (pixel 0,0 is not grey)');
  });

  it('thresholds JPEG masks at 127 by default (lossy edges)', () => {
    const data = new Uint8Array(16 * 16 * 4);
    for (let p = 0; p < 256; p++) data.fill(p % 16 < 8 ? 255 : 0, 4 * p, 4 * p + 4);
    const encoded = jpeg.encode({ data, width: 16, height: 16 }, 75).data;
    const mask = readMask(encoded);
    expect(mask.voxels[0]).toBe(1);
    expect(mask.voxels[15]).toBe(0);
    let on = 0;
    for (const v of mask.voxels) on += v;
    expect(on).toBe(128);
  });
});

describe('bad image input', () => {
  it('names the file and the reason', async () => {
    expect(detectImageFormat(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(() => readImage(new Uint8Array([1, 2, 3, 4]), { name: 'x.bmp' })).toThrow(
      'x.bmp: not a PNG or JPEG image (unrecognised signature)',
    );
    const png = readFileSync(join(POLYP, 'masks', '100H0050.png'));
    expect(() => readImage(png.subarray(0, 60), { name: 'cut.png' })).toThrow(
      /^cut\.png: corrupt or unsupported PNG/,
    );
    const jpg = readFileSync(join(POLYP, 'images', '100H0050.jpg'));
    expect(() => readImage(jpg.subarray(0, 400), { name: 'cut.jpg' })).toThrow(/^cut\.jpg: corrupt JPEG/);
    await expect(readImageFile(join(POLYP, 'images', 'absent.jpg'))).rejects.toThrow(
      /readImageFile: cannot read .*absent\.jpg/,
    );
  });
});
