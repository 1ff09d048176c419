/**
 * The paper's decompositions of CE and log-Dice into a ground-truth matching term, a region-size term and a
 * constant, per image b (valid pixels Ω_b, n_b = |Ω_b|), with τ = 1 proportions ŷ_bk, p̂_bk (proportions.ts):
 *
 * CE, eq. (6) (proof in Appendix A.3), over all classes k:
 *   total      = −(1/n_b) Σ_{i∈Ω_b} log p_{i,y_i}                      the image's CE
 *   matching   = −(1/n_b) Σ_{i∈Ω_b} log(p_{i,y_i} / p̂_{b,y_i})         H(F|K) by Monte-Carlo, eq. (5)
 *   regionSize = Σ_k ŷ_bk log(ŷ_bk / p̂_bk)                              D_KL(y‖p)
 *   constant   = −Σ_k ŷ_bk log ŷ_bk                                     H(y), fixed by the labels
 *
 * log-Dice, eq. (2), over the classes present in image b (Dice_bk = 2 Σ_{Ω_bk} p_k / (Σ_{Ω_b} p_k + |Ω_bk|)):
 *   total      = −Σ_k log Dice_bk
 *   matching   = −Σ_k log((1/|Ω_bk|) Σ_{i∈Ω_bk} p_ik)                  D_F
 *   regionSize = Σ_k log(p̂_bk + ŷ_bk)                                   D_B
 *   constant   = Σ_k log(1 / (2 ŷ_bk))
 *
 * In both, total = matching + regionSize + constant up to rounding (and the 1e−10 smoothing of ŷ, p̂).
 * Binary mode (C = 1): CE is split over the two regions {background, foreground} with p = {1 − σ(z), σ(z)};
 * log-Dice is the foreground-only −log Dice_1 of eq. (B.1).
 *
 * The per-class sums are taken by TF.js in float32; the logarithms and sums over classes run in float64 here.
 * The batch values are the mean over images that have at least one valid pixel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import { flatten, logSigmoid, type FlatInputs } from './flatten';
import { pixelSums } from './reduce';
import { EPS } from './registry/constants';
import { logSoftmaxLast } from './class-axis';
import type { CommonOptions } from './types';
import { checkKnownKeys, resolveCommon } from './registry/option-checks';
import { checkInputs } from './validate';

export type DecompositionKind = 'ce' | 'logDice';

export interface DecompositionTerms {
  total: number;
  matching: number;
  regionSize: number;
  constant: number;
}

export interface ImageDecomposition extends DecompositionTerms {
  /** n_b, the image's pixels that are not ignoreIndex. Images with none have all terms 0. */
  validPixels: number;
}

export interface Decomposition extends DecompositionTerms {
  kind: DecompositionKind;
  /** The terms of each image, in batch order. */
  perImage: ImageDecomposition[];
}

/** Per image b and region k: [count, Σ_{Ω_b} p, Σ_{Ω_bk} p, Σ_{Ω_bk} log p], as [B, K, 4] (K = 2 in binary mode). */
function regionSums(flat: FlatInputs): Tensor3D {
  let logP: Tensor;
  let target: Tensor;
  if (flat.info.binary) {
    const z = tf.squeeze(flat.logits, [2]);
    const fg = tf.squeeze(flat.target, [2]);
    logP = tf.stack([logSigmoid(tf.neg(z)), logSigmoid(z)], -1);
    target = tf.stack([tf.sub(flat.valid, fg), fg], -1);
  } else {
    logP = logSoftmaxLast(flat.logits);
    target = flat.target;
  }
  const p = tf.exp(logP);
  const sums = [
    pixelSums(target as Tensor3D),
    pixelSums(p as Tensor3D, flat.valid),
    pixelSums(tf.mul(p, target) as Tensor3D),
    pixelSums(tf.mul(logP, target) as Tensor3D),
  ];
  return tf.stack(sums, -1) as Tensor3D;
}

interface RegionSum {
  count: number;
  sumP: number;
  sumPIn: number;
  sumLogPIn: number;
}

function ceTerms(regions: RegionSum[], n: number): DecompositionTerms {
  const t = { total: 0, matching: 0, regionSize: 0, constant: 0 };
  for (const r of regions) {
    const gt = (r.count + EPS) / (n + EPS);
    const pred = (r.sumP + EPS) / (n + EPS);
    t.total -= r.sumLogPIn / n;
    t.matching -= (r.sumLogPIn - r.count * Math.log(pred)) / n;
    t.regionSize += gt * Math.log(gt / pred);
    t.constant -= gt * Math.log(gt);
  }
  return t;
}

function logDiceTerms(regions: RegionSum[], n: number): DecompositionTerms {
  const t = { total: 0, matching: 0, regionSize: 0, constant: 0 };
  for (const r of regions) {
    if (r.count === 0) continue;
    const gt = (r.count + EPS) / (n + EPS);
    const pred = (r.sumP + EPS) / (n + EPS);
    t.total -= Math.log((2 * r.sumPIn) / (r.sumP + r.count));
    t.matching -= Math.log(r.sumPIn / r.count);
    t.regionSize += Math.log(pred + gt);
    t.constant += Math.log(1 / (2 * gt));
  }
  return t;
}

function assemble(
  kind: DecompositionKind,
  values: Float32Array | Int32Array | Uint8Array,
  shape: number[],
  binary: boolean,
): Decomposition {
  const [batch, regions] = shape;
  const perImage: ImageDecomposition[] = [];
  for (let b = 0; b < batch; b++) {
    const rows: RegionSum[] = [];
    for (let k = 0; k < regions; k++) {
      const o = (b * regions + k) * 4;
      rows.push({ count: values[o], sumP: values[o + 1], sumPIn: values[o + 2], sumLogPIn: values[o + 3] });
    }
    const n = rows.reduce((acc, r) => acc + r.count, 0);
    if (n === 0) {
      perImage.push({ total: 0, matching: 0, regionSize: 0, constant: 0, validPixels: 0 });
      continue;
    }
    // Binary log-Dice is the foreground's Dice alone (eq. (B.1)); CE uses both regions.
    const terms = kind === 'ce' ? ceTerms(rows, n) : logDiceTerms(binary ? rows.slice(1) : rows, n);
    perImage.push({ ...terms, validPixels: n });
  }
  const counted = perImage.filter((img) => img.validPixels > 0);
  const mean = (key: keyof DecompositionTerms): number =>
    counted.length === 0 ? 0 : counted.reduce((acc, img) => acc + img[key], 0) / counted.length;
  return {
    kind,
    total: mean('total'),
    matching: mean('matching'),
    regionSize: mean('regionSize'),
    constant: mean('constant'),
    perImage,
  };
}

function prepare(kind: unknown, logits: Tensor, labels: Tensor, options: CommonOptions | undefined) {
  const fn = 'decompose';
  if (kind !== 'ce' && kind !== 'logDice') {
    throw new Error(`${fn}: kind must be 'ce' or 'logDice', got ${JSON.stringify(kind)}`);
  }
  checkKnownKeys(fn, options, []);
  const common = resolveCommon(fn, options);
  const info = checkInputs(fn, logits, labels, common);
  const sums = tf.tidy(() => regionSums(flatten(logits, labels, info, common.ignoreIndex)));
  return { kind: kind as DecompositionKind, sums, binary: info.binary };
}

/**
 * Splits CE (eq. (6)) or log-Dice (eq. (2)) into matching, region-size and constant terms, per image and
 * averaged over the batch, as plain numbers. Reads the per-class sums back synchronously.
 */
export function decompose(
  kind: DecompositionKind,
  logits: Tensor,
  labels: Tensor,
  options?: CommonOptions,
): Decomposition {
  const { sums, binary } = prepare(kind, logits, labels, options);
  try {
    return assemble(kind, sums.dataSync(), sums.shape, binary);
  } finally {
    sums.dispose();
  }
}

/**
 * `decompose` with an asynchronous read-back of the sums, which does not block a WebGL/WebGPU page (the input
 * validation read-back, when `validate` is on, is still synchronous).
 */
export async function decomposeAsync(
  kind: DecompositionKind,
  logits: Tensor,
  labels: Tensor,
  options?: CommonOptions,
): Promise<Decomposition> {
  const { sums, binary } = prepare(kind, logits, labels, options);
  try {
    return assemble(kind, await sums.data(), sums.shape, binary);
  } finally {
    sums.dispose();
  }
}
