// The U-Net's knobs, their defaults, and the checks that turn a bad value into an error naming it.

/** Normalisation after each 3x3 convolution. */
export type Normalization = 'batch' | 'instance' | 'none';

/** How the decoder doubles resolution: a 2x2 stride-2 transposed conv, or bilinear upsampling + 1x1 conv. */
export type Upsampling = 'transpose' | 'bilinear';

export interface UNetConfig {
  /** Input channels: 1 (grey), 3 (RGB) or 2k+1 adjacent slices for 2.5D. */
  inputChannels: number;
  /** Output channels (classes, background included); the model outputs their logits, no softmax. */
  classes: number;
  /** Resolution levels including the bottleneck; depth 4 pools 3 times. Default 4. */
  depth?: number;
  /** Filters at full resolution, doubled at each level down. Default 16. */
  baseFilters?: number;
  /** Default 'batch'. Convolutions followed by a normalisation have no bias (its beta replaces it). */
  normalization?: Normalization;
  /** Dropout rate applied to the bottleneck's output during training. Default 0 (none). */
  dropout?: number;
  /** Default 'transpose'. */
  upsampling?: Upsampling;
  /** Fixed [height, width], or null (default) for any size divisible by 2^(depth-1). */
  inputSize?: [number, number] | null;
  /** Seed of the He-normal weight initialisers, for reproducible models. Default: unseeded. */
  seed?: number;
}

export type ResolvedUNetConfig = Required<Omit<UNetConfig, 'seed'>> & { seed: number | undefined };

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`UNetConfig.${name} must be a positive integer, got ${value}`);
  return value;
}

/** Fills in defaults and validates; every error names the offending field. */
export function resolveUNetConfig(config: UNetConfig): ResolvedUNetConfig {
  if (config == null || typeof config !== 'object') throw new Error('UNetConfig must be an object');
  const depth = positiveInteger('depth', config.depth ?? 4);
  const resolved: ResolvedUNetConfig = {
    inputChannels: positiveInteger('inputChannels', config.inputChannels),
    classes: positiveInteger('classes', config.classes),
    depth,
    baseFilters: positiveInteger('baseFilters', config.baseFilters ?? 16),
    normalization: config.normalization ?? 'batch',
    dropout: config.dropout ?? 0,
    upsampling: config.upsampling ?? 'transpose',
    inputSize: config.inputSize ?? null,
    seed: config.seed,
  };
  if (!['batch', 'instance', 'none'].includes(resolved.normalization)) {
    throw new Error(
      `UNetConfig.normalization must be 'batch', 'instance' or 'none', got '${resolved.normalization}'`,
    );
  }
  if (!['transpose', 'bilinear'].includes(resolved.upsampling)) {
    throw new Error(`UNetConfig.upsampling must be 'transpose' or 'bilinear', got '${resolved.upsampling}'`);
  }
  if (!(resolved.dropout >= 0 && resolved.dropout < 1)) {
    throw new Error(`UNetConfig.dropout must be in [0, 1), got ${resolved.dropout}`);
  }
  if (resolved.inputSize !== null) checkInputSize(resolved.inputSize, depth, 'UNetConfig.inputSize');
  return resolved;
}

/** Height and width must survive depth-1 halvings exactly, or the skip connections would not line up. */
export function checkInputSize(size: readonly number[], depth: number, what: string): void {
  const factor = 2 ** (depth - 1);
  if (size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0 && n % factor === 0)) {
    throw new Error(
      `${what} must be [height, width], positive multiples of ${factor} (2^(depth-1)), got [${size}]`,
    );
  }
}

/** Filters at each level, full resolution first. */
export function levelFilters(config: ResolvedUNetConfig): number[] {
  return Array.from({ length: config.depth }, (_, i) => config.baseFilters * 2 ** i);
}
