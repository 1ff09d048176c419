// Intensity normalisation, recorded as plain JSON so a model card can store it and inference can repeat it.
import type { VoxelArray } from '../volume';

/** What to compute. `scope: 'case'` uses each image's own statistics (MR, whose units vary between scans). */
export type NormalizationSpec =
  | { method: 'zscore'; scope: 'dataset' | 'case' }
  | { method: 'percentile'; scope: 'dataset' | 'case'; lowPercentile?: number; highPercentile?: number }
  | { method: 'scale'; scale: number; offset?: number };

/**
 * The fitted normalisation, per channel where it has numbers:
 * - zscore: v' = (v - mean) / std;
 * - percentile: v is clipped to [low, high] (the given percentiles) and mapped linearly to [0, 1];
 * - scale: v' = v * scale + offset.
 * With scope 'case' the numbers are computed from each image when it is normalised (training and inference alike).
 */
export type Normalization =
  | { method: 'zscore'; scope: 'dataset'; mean: number[]; std: number[] }
  | { method: 'zscore'; scope: 'case' }
  | {
      method: 'percentile';
      scope: 'dataset';
      lowPercentile: number;
      highPercentile: number;
      low: number[];
      high: number[];
    }
  | { method: 'percentile'; scope: 'case'; lowPercentile: number; highPercentile: number }
  | { method: 'scale'; scale: number; offset: number };

/** Per-channel clip-then-affine map: v' = clamp(v, low, high) * scale + offset. */
export interface IntensityMap {
  low: Float64Array;
  high: Float64Array;
  scale: Float64Array;
  offset: Float64Array;
}

/** Interleaved image values. */
export interface ChannelData {
  voxels: VoxelArray;
  channels: number;
}

// Percentiles come from at most this many values per channel (an even stride through the data), which keeps
// fitting fast on large datasets while moving a percentile by far less than a grey level.
const MAX_SAMPLES = 1 << 21;

function channelValues(images: ChannelData[], channel: number, channels: number): Float32Array {
  const total = images.reduce((n, im) => n + im.voxels.length / channels, 0);
  const stride = Math.max(1, Math.ceil(total / MAX_SAMPLES));
  const out = new Float32Array(Math.ceil(total / stride) + images.length);
  let n = 0;
  let skip = 0;
  for (const { voxels } of images) {
    for (let p = channel; p < voxels.length; p += channels) {
      if (skip-- > 0) continue;
      out[n++] = voxels[p];
      skip = stride - 1;
    }
  }
  return out.subarray(0, n).sort();
}

function percentileOf(sorted: Float32Array, percent: number): number {
  if (sorted.length === 0) return 0;
  const rank = (percent / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

function meanStd(images: ChannelData[], channel: number, channels: number): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const { voxels } of images) {
    for (let p = channel; p < voxels.length; p += channels) {
      const v = voxels[p];
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  const mean = n ? sum / n : 0;
  const variance = n ? Math.max(0, sumSq / n - mean * mean) : 0;
  return { mean, std: Math.sqrt(variance) };
}

function checkPercentiles(low: number, high: number): void {
  if (!(low >= 0 && high <= 100 && low < high)) {
    throw new Error(`normalization: percentiles must satisfy 0 <= low < high <= 100, got ${low} and ${high}`);
  }
}

/**
 * Fits a normalisation on training images only (validation statistics must not leak into training). All images
 * must have `channels` interleaved channels.
 */
export function fitNormalization(
  spec: NormalizationSpec,
  images: ChannelData[],
  channels: number,
): Normalization {
  const perChannel = <T>(f: (c: number) => T): T[] => Array.from({ length: channels }, (_, c) => f(c));
  switch (spec.method) {
    case 'scale':
      if (!Number.isFinite(spec.scale) || spec.scale === 0)
        throw new Error(`normalization: bad scale ${spec.scale}`);
      return { method: 'scale', scale: spec.scale, offset: spec.offset ?? 0 };
    case 'zscore': {
      if (spec.scope === 'case') return { method: 'zscore', scope: 'case' };
      const stats = perChannel((c) => meanStd(images, c, channels));
      return {
        method: 'zscore',
        scope: 'dataset',
        mean: stats.map((s) => s.mean),
        std: stats.map((s) => s.std),
      };
    }
    case 'percentile': {
      const lowPercentile = spec.lowPercentile ?? 0.5;
      const highPercentile = spec.highPercentile ?? 99.5;
      checkPercentiles(lowPercentile, highPercentile);
      if (spec.scope === 'case')
        return { method: 'percentile', scope: 'case', lowPercentile, highPercentile };
      const sorted = perChannel((c) => channelValues(images, c, channels));
      return {
        method: 'percentile',
        scope: 'dataset',
        lowPercentile,
        highPercentile,
        low: sorted.map((s) => percentileOf(s, lowPercentile)),
        high: sorted.map((s) => percentileOf(s, highPercentile)),
      };
    }
    default:
      throw new Error(`normalization: unknown method ${(spec as { method: string }).method}`);
  }
}

/** The per-channel map that applies `normalization` to `image` (case scope computes the image's statistics). */
export function intensityMap(normalization: Normalization, image: ChannelData): IntensityMap {
  const channels = image.channels;
  const map: IntensityMap = {
    low: new Float64Array(channels).fill(-Infinity),
    high: new Float64Array(channels).fill(Infinity),
    scale: new Float64Array(channels).fill(1),
    offset: new Float64Array(channels),
  };
  for (let c = 0; c < channels; c++) {
    if (normalization.method === 'scale') {
      map.scale[c] = normalization.scale;
      map.offset[c] = normalization.offset;
    } else if (normalization.method === 'zscore') {
      const { mean, std } =
        normalization.scope === 'case'
          ? meanStd([image], c, channels)
          : { mean: normalization.mean[c], std: normalization.std[c] };
      const safeStd = std > 1e-12 ? std : 1; // a constant image stays constant instead of dividing by zero
      map.scale[c] = 1 / safeStd;
      map.offset[c] = -mean / safeStd;
    } else {
      let low: number;
      let high: number;
      if (normalization.scope === 'case') {
        const sorted = channelValues([image], c, channels);
        low = percentileOf(sorted, normalization.lowPercentile);
        high = percentileOf(sorted, normalization.highPercentile);
      } else {
        low = normalization.low[c];
        high = normalization.high[c];
      }
      const range = high - low > 1e-12 ? high - low : 1;
      map.low[c] = low;
      map.high[c] = high;
      map.scale[c] = 1 / range;
      map.offset[c] = -low / range;
    }
  }
  return map;
}

/** Normalises interleaved values with a map; NaN (used for "outside the image") becomes 0. */
export function applyIntensityMap(
  values: Float32Array,
  map: IntensityMap,
  channels: number,
  mapChannels = channels,
): void {
  for (let p = 0; p < values.length; p += channels) {
    for (let c = 0; c < channels; c++) {
      const m = c % mapChannels;
      const v = values[p + c];
      if (v !== v) {
        values[p + c] = 0;
        continue;
      }
      const clipped = v < map.low[m] ? map.low[m] : v > map.high[m] ? map.high[m] : v;
      values[p + c] = clipped * map.scale[m] + map.offset[m];
    }
  }
}

/** Normalises a whole image (e.g. a DICOM volume at inference) with a fitted normalisation. */
export function normalizeIntensities(image: ChannelData, normalization: Normalization): Float32Array {
  const out = Float32Array.from(image.voxels);
  applyIntensityMap(out, intensityMap(normalization, image), image.channels);
  return out;
}
