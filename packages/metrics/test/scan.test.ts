import { regionProportions } from '../src';
import { countLabels, scanLabels } from '../src/scan';
import type { Dims } from '../src/types';

// Rows longer than the scan's pieces (4096 voxels: src/scan.ts, CHUNK) and maps scanned as one long row must give
// what a plain voxel-by-voxel count gives, boxes included, and name the voxel a bad label is at.

/** Deterministic labels in [0, classes) with `ignore` sprinkled in (mulberry32). */
function labels(n: number, classes: number, seed: number, ignore?: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = ignore !== undefined && r < 0.05 ? ignore : Math.floor(r * classes * 0.999);
  }
  return out;
}

/** The scan, voxel by voxel in one loop (what scanLabels computed before it went row by row). */
function plainScan(pred: Uint8Array, truth: Uint8Array, dims: Dims, classes: number, ignore?: number) {
  const [nx, ny] = dims;
  const predCount = new Array<number>(classes).fill(0);
  const truthCount = new Array<number>(classes).fill(0);
  const overlap = new Array<number>(classes).fill(0);
  const box: number[] = [];
  for (let k = 0; k < classes; k++) box.push(dims[0], -1, dims[1], -1, dims[2], -1);
  const grow = (k: number, xyz: number[]) => {
    for (let a = 0; a < 3; a++) {
      box[6 * k + 2 * a] = Math.min(box[6 * k + 2 * a], xyz[a]);
      box[6 * k + 2 * a + 1] = Math.max(box[6 * k + 2 * a + 1], xyz[a]);
    }
  };
  let valid = 0;
  for (let i = 0; i < pred.length; i++) {
    if (pred[i] === ignore || truth[i] === ignore) continue;
    const xyz = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
    valid++;
    predCount[pred[i]]++;
    truthCount[truth[i]]++;
    if (pred[i] === truth[i]) overlap[pred[i]]++;
    grow(pred[i], xyz);
    grow(truth[i], xyz);
  }
  return { valid, ignored: pred.length - valid, predCount, truthCount, overlap, box };
}

describe('scanLabels, row by row in pieces', () => {
  test.each<[string, Dims, number, number | undefined]>([
    ['rows of 10000 (three pieces each), 3 rows, 2 slices', [10000, 3, 2], 4, 255],
    ['one long row of 4097 (a piece of one voxel)', [4097, 1, 1], 3, undefined],
    ['rows shorter than a piece', [37, 29, 5], 5, 255],
  ])('%s: the plain count', (_name, dims, classes, ignore) => {
    const n = dims[0] * dims[1] * dims[2];
    const pred = labels(n, classes, 1, ignore);
    const truth = labels(n, classes, 2, ignore);
    const scan = scanLabels('test', pred, truth, dims, classes, ignore);
    const want = plainScan(pred, truth, dims, classes, ignore);
    expect(scan.valid).toBe(want.valid);
    expect(scan.ignored).toBe(want.ignored);
    expect(Array.from(scan.predCount)).toEqual(want.predCount);
    expect(Array.from(scan.truthCount)).toEqual(want.truthCount);
    expect(Array.from(scan.overlap)).toEqual(want.overlap);
    expect(Array.from(scan.box)).toEqual(want.box);
    // Not a vacuous comparison: every class is present, and the ignore value left voxels out.
    expect(want.predCount.every((c) => c > 0)).toBe(true);
    if (ignore !== undefined) expect(want.ignored).toBeGreaterThan(0);
  });

  test.each<[string, number, 'pred' | 'truth' | 'both', RegExp]>([
    ['a bad prediction in the third piece of the second row', 10000 + 8200, 'pred', /^test: pred\[18200\] is 7;/],
    ['a bad ground truth at the first voxel of a piece', 4096, 'truth', /^test: truth\[4096\] is 7;/],
    ['both bad at one voxel: the prediction is named', 9999, 'both', /^test: pred\[9999\] is 7;/],
  ])('%s', (_name, at, where, message) => {
    const dims: Dims = [10000, 2, 1];
    const pred = labels(20000, 3, 3);
    const truth = labels(20000, 3, 4);
    if (where !== 'truth') pred[at] = 7;
    if (where !== 'pred') truth[at] = 7;
    // A later bad voxel must not be the one named.
    pred[19999] = 9;
    expect(() => scanLabels('test', pred, truth, dims, 3, undefined)).toThrow(message);
  });
});

describe('countLabels and regionProportions over many pieces', () => {
  test('class counts and valid voxels equal a plain count, the ignore value left out', () => {
    const map = labels(3 * 4096 + 17, 4, 5, 200);
    const { counts, valid } = countLabels('test', 'labels', map, 4, 200);
    const want = [0, 0, 0, 0];
    for (const v of map) if (v !== 200) want[v]++;
    expect(Array.from(counts)).toEqual(want);
    expect(valid).toBe(want.reduce((a, b) => a + b));
    expect(valid).toBeLessThan(map.length);
    const p = regionProportions(map, { numClasses: 4, ignoreIndex: 200 });
    expect(Array.from(p)).toEqual(want.map((c) => c / valid));
  });

  test('a bad label past the first piece is named at its index', () => {
    const map = labels(9000, 2, 6);
    map[8191] = 2;
    map[8500] = 3;
    expect(() => regionProportions(map, { numClasses: 2 })).toThrow(
      /^regionProportions: labels\[8191\] is 2; labels must be integers in \[0, 1\]$/,
    );
  });
});
