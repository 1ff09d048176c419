/**
 * Independent float64 reference implementations, written from the definitions with plain loops over arrays
 * (no TF.js). Every loss test compares the TF.js result with these.
 * Binary mode (C = 1): p_fg = σ(z), labels in {0, 1}.
 */
import type { Case } from './random';

export const EPS = 1e-10;

interface View {
  B: number;
  N: number;
  C: number;
  binary: boolean;
  /** probabilities of the K label values of pixel (b, i) at temperature tau; K = 2 in binary mode */
  probs(b: number, i: number, tau?: number): number[];
  label(b: number, i: number): number;
  valid(b: number, i: number): boolean;
}

function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function view(c: Case): View {
  const C = c.shape[c.shape.length - 1];
  const B = c.shape[0];
  const N = c.labels.length / B;
  const binary = C === 1;
  return {
    B,
    N,
    C,
    binary,
    probs(b, i, tau = 1) {
      const o = (b * N + i) * C;
      if (binary) {
        const p = sigmoid(tau * c.logits[o]);
        return [1 - p, p];
      }
      return softmax(c.logits.slice(o, o + C).map((v) => tau * v));
    },
    label: (b, i) => c.labels[b * N + i],
    valid: (b, i) => c.labels[b * N + i] !== c.ignoreIndex,
  };
}

function forValid(v: View, f: (b: number, i: number) => void): void {
  for (let b = 0; b < v.B; b++) for (let i = 0; i < v.N; i++) if (v.valid(b, i)) f(b, i);
}

const K = (v: View): number => (v.binary ? 2 : v.C);

export function refCrossEntropy(c: Case, weights?: number[]): number {
  const v = view(c);
  let num = 0;
  let den = 0;
  forValid(v, (b, i) => {
    const y = v.label(b, i);
    const w = weights ? weights[y] : 1;
    num += -w * Math.log(v.probs(b, i)[y]);
    den += w;
  });
  return den === 0 ? 0 : num / den;
}

export function refInverseFrequency(c: Case): number[] {
  const v = view(c);
  const counts = new Array<number>(K(v)).fill(0);
  forValid(v, (b, i) => counts[v.label(b, i)]++);
  return counts.map((n) => (n > 0 ? 1 / n : 0));
}

export function refFocal(c: Case, gamma = 2): number {
  const v = view(c);
  let num = 0;
  let den = 0;
  forValid(v, (b, i) => {
    const p = v.probs(b, i)[v.label(b, i)];
    num += -Math.pow(1 - p, gamma) * Math.log(p);
    den++;
  });
  return den === 0 ? 0 : num / den;
}

/** ŷ per image over all K label values (binary: [background, foreground]). */
export function refGtPairs(c: Case): number[][] {
  const v = view(c);
  return Array.from({ length: v.B }, (_, b) => {
    const counts = new Array<number>(K(v)).fill(0);
    let n = 0;
    for (let i = 0; i < v.N; i++) {
      if (!v.valid(b, i)) continue;
      counts[v.label(b, i)]++;
      n++;
    }
    return counts.map((x) => (x + EPS) / (n + EPS));
  });
}

/** p̂ per image over all K label values (binary: [background, foreground]). */
export function refPredPairs(c: Case, tau: number, everyPixel = false): number[][] {
  const v = view(c);
  return Array.from({ length: v.B }, (_, b) => {
    const sums = new Array<number>(K(v)).fill(0);
    let n = 0;
    for (let i = 0; i < v.N; i++) {
      if (!everyPixel && !v.valid(b, i)) continue;
      v.probs(b, i, tau).forEach((p, k) => (sums[k] += p));
      n++;
    }
    return sums.map((x) => (x + EPS) / (n + EPS));
  });
}

/** What gtProportions / predProportions return: all classes, or the foreground alone in binary mode. */
const asReturned = (pairs: number[][], binary: boolean): number[][] =>
  binary ? pairs.map((r) => [r[1]]) : pairs;

export const refGt = (c: Case): number[][] => asReturned(refGtPairs(c), view(c).binary);
export const refPred = (c: Case, tau = 10, everyPixel = false): number[][] =>
  asReturned(refPredPairs(c, tau, everyPixel), view(c).binary);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export function refRegionL1(c: Case, tau = 10): number {
  const gt = refGt(c);
  const pred = refPred(c, tau);
  return mean(gt.flatMap((row, b) => row.map((g, k) => Math.abs(g - pred[b][k]))));
}

export function refRegionKL(c: Case, tau = 10): number {
  const gt = refGtPairs(c);
  const pred = refPredPairs(c, tau);
  return mean(gt.map((row, b) => row.reduce((acc, g, k) => acc + g * Math.log(g / pred[b][k]), 0)));
}

export function refDiceBias(c: Case, tau = 10): number {
  const gt = refGt(c);
  const pred = refPred(c, tau);
  return mean(gt.flatMap((row, b) => row.map((g, k) => Math.log(pred[b][k] + g + EPS))));
}

/** Soft Dice scores over the batch for each class (binary: the foreground only) and presence flags. */
function refDiceScores(c: Case, smooth: number): { score: number[]; present: boolean[] } {
  const v = view(c);
  const classes = v.binary ? [1] : Array.from({ length: v.C }, (_, k) => k);
  const inter = classes.map(() => 0);
  const sumP = classes.map(() => 0);
  const sumT = classes.map(() => 0);
  forValid(v, (b, i) => {
    const p = v.probs(b, i);
    classes.forEach((k, j) => {
      const t = v.label(b, i) === k ? 1 : 0;
      inter[j] += p[k] * t;
      sumP[j] += p[k];
      sumT[j] += t;
    });
  });
  return {
    score: classes.map((_, j) => (2 * inter[j] + smooth) / Math.max(sumP[j] + sumT[j] + smooth, 1e-7)),
    present: sumT.map((t) => t > 0),
  };
}

export function refDice(c: Case, smooth = 0, includeBackground = true, log = false): number {
  const { score, present } = refDiceScores(c, smooth);
  const perClass = score.map((s, k) => (present[k] ? (log ? -Math.log(Math.max(s, 1e-7)) : 1 - s) : 0));
  return mean(includeBackground || view(c).binary ? perClass : perClass.slice(1));
}

export interface RefTerms {
  total: number;
  matching: number;
  regionSize: number;
  constant: number;
  validPixels: number;
}

/** Per-image decomposition terms straight from the definitions (per-pixel sums, τ = 1 proportions). */
export function refDecompose(c: Case, kind: 'ce' | 'logDice'): RefTerms[] {
  const v = view(c);
  const gt = refGtPairs(c);
  const pred = refPredPairs(c, 1);
  return Array.from({ length: v.B }, (_, b) => {
    const pixels = Array.from({ length: v.N }, (_, i) => i).filter((i) => v.valid(b, i));
    const n = pixels.length;
    const t: RefTerms = { total: 0, matching: 0, regionSize: 0, constant: 0, validPixels: n };
    if (n === 0) return t;
    if (kind === 'ce') {
      for (const i of pixels) {
        const y = v.label(b, i);
        const p = v.probs(b, i)[y];
        t.total -= Math.log(p) / n;
        t.matching -= Math.log(p / pred[b][y]) / n;
      }
      gt[b].forEach((g, k) => {
        t.regionSize += g * Math.log(g / pred[b][k]);
        t.constant -= g * Math.log(g);
      });
      return t;
    }
    const classes = v.binary ? [1] : Array.from({ length: v.C }, (_, k) => k);
    for (const k of classes) {
      const inK = pixels.filter((i) => v.label(b, i) === k);
      if (inK.length === 0) continue;
      const sumIn = inK.reduce((acc, i) => acc + v.probs(b, i)[k], 0);
      const sumAll = pixels.reduce((acc, i) => acc + v.probs(b, i)[k], 0);
      t.total -= Math.log((2 * sumIn) / (sumAll + inK.length));
      t.matching -= Math.log(sumIn / inK.length);
      t.regionSize += Math.log(pred[b][k] + gt[b][k]);
      t.constant += Math.log(1 / (2 * gt[b][k]));
    }
    return t;
  });
}

/** Every registry loss at its paper defaults (the compounds assembled from the single references). */
export const refByName: Record<string, (c: Case) => number> = {
  crossEntropy: (c) => refCrossEntropy(c),
  weightedCrossEntropy: (c) => refCrossEntropy(c, refInverseFrequency(c)),
  focal: (c) => refFocal(c),
  regionL1: (c) => refRegionL1(c),
  regionKL: (c) => refRegionKL(c),
  diceBias: (c) => refDiceBias(c),
  dice: (c) => refDice(c),
  logDice: (c) => refDice(c, 0, true, true),
  rce: (c) => refCrossEntropy(c) + 1 * refRegionL1(c),
  rfl: (c) => refFocal(c) + 1 * refRegionL1(c),
  diceCE: (c) => refCrossEntropy(c) + 0.1 * refDice(c),
  logDiceCE: (c) => refCrossEntropy(c) + 0.1 * refDice(c, 0, true, true),
  diceFocal: (c) => refFocal(c) + 0.1 * refDice(c),
  logDiceFocal: (c) => refFocal(c) + 0.1 * refDice(c, 0, true, true),
  dbCE: (c) => refCrossEntropy(c) + 0.1 * refDiceBias(c),
};
