/**
 * Slow, obviously-correct reference implementations the tests compare the package against. They work on
 * voxel coordinates and plain JS arrays, sharing no code with src/, so a bug there cannot hide in both.
 */

export type Triple = readonly [number, number, number];

/** Deterministic PRNG (mulberry32) so random cases are reproducible from their seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function coordsOf(index: number, dims: Triple): Triple {
  const x = index % dims[0];
  const y = Math.floor(index / dims[0]) % dims[1];
  const z = Math.floor(index / (dims[0] * dims[1]));
  return [x, y, z];
}

export function distanceMm(a: Triple, b: Triple, spacing: Triple): number {
  return Math.hypot((a[0] - b[0]) * spacing[0], (a[1] - b[1]) * spacing[1], (a[2] - b[2]) * spacing[2]);
}

/** Random blobs: a few random boxes and balls plus sprinkled single voxels, as a 0/1 mask. */
export function randomShape(dims: Triple, seed: number, density = 0.03): Uint8Array {
  const random = rng(seed);
  const n = dims[0] * dims[1] * dims[2];
  const mask = new Uint8Array(n);
  const blobs = 1 + Math.floor(random() * 3);
  for (let b = 0; b < blobs; b++) {
    const c = dims.map((d) => random() * d);
    const r = dims.map((d) => 0.5 + random() * d * 0.35);
    const ball = random() < 0.5;
    for (let i = 0; i < n; i++) {
      const p = coordsOf(i, dims);
      const u = p.map((v, a) => (dims[a] === 1 ? 0 : (v - c[a]) / r[a]));
      const inside = ball ? u[0] ** 2 + u[1] ** 2 + u[2] ** 2 <= 1 : Math.max(...u.map(Math.abs)) <= 1;
      if (inside) mask[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) if (random() < density) mask[i] = 1;
  return mask;
}

/** EDT by definition: for each voxel the minimum distance to every set voxel. */
export function bruteEdt(mask: ArrayLike<number>, dims: Triple, spacing: Triple): number[] {
  const set: Triple[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) set.push(coordsOf(i, dims));
  return Array.from({ length: mask.length }, (_, i) => {
    const p = coordsOf(i, dims);
    let best = Infinity;
    for (const q of set) best = Math.min(best, distanceMm(p, q, spacing));
    return best;
  });
}

/** Surface voxels by definition: in the mask with a face neighbour (on an axis longer than 1) not in it. */
export function bruteSurface(mask: ArrayLike<number>, dims: Triple): Triple[] {
  const inMask = (p: number[]) =>
    p.every((v, a) => v >= 0 && v < dims[a]) && mask[p[0] + dims[0] * (p[1] + dims[1] * p[2])] !== 0;
  const out: Triple[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const p = coordsOf(i, dims);
    let surface = false;
    for (let a = 0; a < 3; a++) {
      if (dims[a] === 1) continue;
      for (const step of [-1, 1]) {
        const q = [...p];
        q[a] += step;
        if (!inMask(q)) surface = true;
      }
    }
    if (surface) out.push(p);
  }
  return out;
}

/** Directed surface distances by definition, O(|∂A| |∂B|), in voxel index order. */
export function bruteSurfaceDistances(
  pred: ArrayLike<number>,
  truth: ArrayLike<number>,
  dims: Triple,
  spacing: Triple,
): { predToTruth: number[]; truthToPred: number[] } {
  const sa = bruteSurface(pred, dims);
  const sb = bruteSurface(truth, dims);
  const nearest = (from: Triple[], to: Triple[]) =>
    from.map((p) => to.reduce((best, q) => Math.min(best, distanceMm(p, q, spacing)), Infinity));
  return { predToTruth: nearest(sa, sb), truthToPred: nearest(sb, sa) };
}

/** numpy's default (linear) percentile, written from its definition on a sorted copy. */
export function brutePercentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = ((s.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

export function bruteHd(d: { predToTruth: number[]; truthToPred: number[] }, p: number): number {
  if (d.predToTruth.length === 0 || d.truthToPred.length === 0) return NaN;
  return Math.max(brutePercentile(d.predToTruth, p), brutePercentile(d.truthToPred, p));
}

export function bruteAssd(d: { predToTruth: number[]; truthToPred: number[] }): number {
  if (d.predToTruth.length === 0 || d.truthToPred.length === 0) return NaN;
  const all = [...d.predToTruth, ...d.truthToPred];
  return all.reduce((s, v) => s + v, 0) / all.length;
}

export function bruteNsd(d: { predToTruth: number[]; truthToPred: number[] }, tolerance: number): number {
  if (d.predToTruth.length === 0 || d.truthToPred.length === 0) return NaN;
  const all = [...d.predToTruth, ...d.truthToPred];
  return all.filter((v) => v <= tolerance + 1e-9).length / all.length;
}
