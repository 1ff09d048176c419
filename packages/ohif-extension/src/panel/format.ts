/**
 * How numbers and names read in the panel: units always written, fixed decimals so columns line up, and
 * "–" for values that do not exist (e.g. HD95 when one side is empty) rather than "NaN".
 */
import type { BackendName } from './state';

export const MISSING = '–';

const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** A backend's name as people write it ("WebGPU", "WASM"); unknown names in capitals. */
export function backendLabel(name: string): string {
  return (BACKEND_LABELS as Record<string, string>)[name] ?? name.toUpperCase();
}

/** Developer wording of TF.js and the browser APIs, as a user would say it; unknown reasons stay as they are. */
const PLAIN_REASONS: [RegExp, string][] = [
  [/navigator\.gpu is missing/, 'this browser has no WebGPU (or it is turned off)'],
  [/requestAdapter\(\) found no adapter/, 'no WebGPU adapter: no usable GPU for WebGPU here'],
  [/requestAdapter\(\) failed/, 'WebGPU could not reach the GPU'],
  [/not registered/, 'not available in this build'],
  [/context lost|WebGL.*lost/i, 'the GPU dropped the WebGL context'],
];

/** Why a backend was skipped, in plain words (the full reason stays in the tooltip). */
export function plainBackendReason(reason: string): string {
  return PLAIN_REASONS.find(([re]) => re.test(reason))?.[1] ?? reason;
}

/** Short names of the loss registry, as the paper's tables write them; unknown losses keep their own name. */
const LOSS_BADGES: Record<string, string> = {
  rce: 'RCE',
  rfl: 'RFL',
  crossEntropy: 'CE',
  weightedCrossEntropy: 'WCE',
  focal: 'Focal',
  dice: 'Dice',
  logDice: 'LogDice',
  diceCE: 'Dice+CE',
  logDiceCE: 'LogDice+CE',
  diceFocal: 'Dice+Focal',
  logDiceFocal: 'LogDice+Focal',
  dbCE: 'DB+CE',
  regionL1: 'L1',
  regionKL: 'KL',
  diceBias: 'DB',
};

export function lossBadge(loss: string): string {
  return LOSS_BADGES[loss] ?? loss;
}

/** A metric with 3 decimals, "–" when it does not exist. */
export function formatMetric(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : MISSING;
}

/** A term with its sign always written ("+0.512", "−0.031"), "–" when it does not exist. */
export function formatSigned(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const a = Math.abs(x);
  // Tiny terms (an RCE region-size term near 1e-6) in exponent form, so the line keeps to the panel's width.
  const text = a !== 0 && a < 1e-3 ? a.toExponential(2).replace('e-', 'e−') : formatLossValue(a);
  return `${x < 0 ? '−' : '+'}${text}`;
}

/** A loss value or term: 3 decimals, or 3 significant digits for small magnitudes so they do not read as 0. */
export function formatLossValue(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  if (x !== 0 && Math.abs(x) < 0.01) return x.toPrecision(3);
  return x.toFixed(3);
}

/** Milliseconds as "412 ms", or seconds from 10 s on ("12.3 s"). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  // One unit everywhere (seconds), so timings side by side compare at a glance.
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A fraction as a percentage: 0.01234 → "1.23 %". */
export function formatPercent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)} %` : MISSING;
}

/** A count with thousands separators: 12345 → "12,345". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : MISSING;
}

/** The date of an ISO timestamp ("2026-11-23"); anything else is shown as given. */
export function formatDate(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

/** Volume dimensions [columns, rows, slices] as "35 × 51 × 35". */
export function formatDims(dims: readonly number[]): string {
  return dims.join(' × ');
}

/** "slice 12" / "slices 12, 13, 20", in ascending order. */
export function formatSlices(slices: readonly number[]): string {
  // The state holds 0-based slice indices; users read OHIF's 1-based image counter ("20/38"), so show those.
  const sorted = [...slices].sort((a, b) => a - b).map((k) => k + 1);
  return `${sorted.length === 1 ? 'slice' : 'slices'} ${sorted.join(', ')}`;
}

/** An axis tick: no trailing zeros beyond what the step needs. */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}
