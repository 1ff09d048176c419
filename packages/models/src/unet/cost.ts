// Parameter count and arithmetic cost of the U-Net from its configuration alone (no model built), so a UI or
// model card can show them and tests can check them against model.countParams().
import { checkInputSize, levelFilters, resolveUNetConfig, type UNetConfig } from './config';

export interface UNetCost {
  /** All weights, as tfjs-layers' countParams() counts them (batch-norm moving statistics included). */
  parameters: number;
  /** Weights the optimiser updates (batch-norm moving mean and variance excluded). */
  trainableParameters: number;
  /** Multiply-accumulates of the convolutions for one image of the given size. */
  macsPerImage: number;
  /** 2 x macsPerImage: the usual "FLOPs" of papers and profilers. Normalisation, ReLU, pooling, bias adds and
   * interpolation are not counted (under 2% of the total for the default network). */
  flopsPerImage: number;
}

/** Cost of `config` for one image of height x width (defaults to config.inputSize). */
export function unetCost(config: UNetConfig, height?: number, width?: number): UNetCost {
  const c = resolveUNetConfig(config);
  const size = height !== undefined ? [height, width ?? height] : c.inputSize;
  if (size == null) throw new Error('unetCost: give height and width, or a config with inputSize');
  checkInputSize(size, c.depth, 'unetCost height and width');
  const filters = levelFilters(c);
  const pixels = (level: number) => (size[0] / 2 ** level) * (size[1] / 2 ** level);
  const normWeights = c.normalization === 'batch' ? 4 : c.normalization === 'instance' ? 2 : 0;
  const normTrainable = c.normalization === 'none' ? 0 : 2;
  let parameters = 0;
  let frozen = 0;
  let macs = 0;
  const conv = (cin: number, cout: number, k: number, outPixels: number, bias: boolean) => {
    parameters += k * k * cin * cout + (bias ? cout : 0);
    macs += k * k * cin * cout * outPixels;
  };
  const block = (cin: number, cout: number, level: number) => {
    conv(cin, cout, 3, pixels(level), c.normalization === 'none');
    parameters += normWeights * cout;
    frozen += (normWeights - normTrainable) * cout;
  };
  let channels = c.inputChannels;
  for (let level = 0; level < c.depth; level++) {
    block(channels, filters[level], level);
    block(filters[level], filters[level], level);
    channels = filters[level];
  }
  for (let level = c.depth - 2; level >= 0; level--) {
    // Transposed 2x2/2: each output pixel gets one tap, so its MACs equal a 1x1 conv at the output size.
    if (c.upsampling === 'transpose') {
      parameters += 4 * channels * filters[level] + filters[level];
      macs += channels * filters[level] * pixels(level);
    } else conv(channels, filters[level], 1, pixels(level), true);
    block(2 * filters[level], filters[level], level);
    block(filters[level], filters[level], level);
    channels = filters[level];
  }
  conv(channels, c.classes, 1, pixels(0), true);
  return {
    parameters,
    trainableParameters: parameters - frozen,
    macsPerImage: macs,
    flopsPerImage: 2 * macs,
  };
}
