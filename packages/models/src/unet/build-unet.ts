// The 2D U-Net (Ronneberger et al. 2015) as a tfjs-layers functional model: per level two 3x3 conv +
// normalisation + ReLU blocks, 2x2 max-pooling down, transposed-conv (or bilinear) up, skip concatenation,
// and a 1x1 convolution head giving per-pixel logits. Layer names say where a layer sits (enc1_conv1,
// bottleneck_conv2, dec1_up, head), so that fine-tuning can freeze or replace parts by name.
import {
  initializers,
  layers,
  model as functionalModel,
  input,
  type LayersModel,
  type SymbolicTensor,
} from '@tensorflow/tfjs-layers';
import { levelFilters, resolveUNetConfig, type ResolvedUNetConfig, type UNetConfig } from './config';
import { InstanceNormalization } from './instance-norm';

class Builder {
  private seedOffset = 0;
  constructor(private readonly config: ResolvedUNetConfig) {}

  init() {
    // TF.js treats a seed of 0 as "no seed" (Math.random), so seed 0 would not repeat. Every layer gets its
    // own seed from the user's, and none is ever 0.
    const seed = this.config.seed === undefined ? undefined : this.config.seed * 1009 + ++this.seedOffset;
    return initializers.heNormal({ seed });
  }

  /** conv 3x3 -> norm -> ReLU; with no normalisation the bias and ReLU fuse into the convolution. */
  convBlock(x: SymbolicTensor, filters: number, name: string): SymbolicTensor {
    const norm = this.config.normalization;
    const conv = layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      useBias: norm === 'none',
      activation: norm === 'none' ? 'relu' : 'linear',
      kernelInitializer: this.init(),
      name,
    });
    let y = conv.apply(x) as SymbolicTensor;
    if (norm === 'none') return y;
    // PyTorch's defaults (eps 1e-5, running-stat momentum 0.1 = Keras momentum 0.9), to match the peer.
    const normLayer =
      norm === 'batch'
        ? layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9, name: `${name}_bn` })
        : new InstanceNormalization({ epsilon: 1e-5, name: `${name}_in` });
    y = normLayer.apply(y) as SymbolicTensor;
    return layers.reLU({ name: `${name}_relu` }).apply(y) as SymbolicTensor;
  }

  up(x: SymbolicTensor, filters: number, name: string): SymbolicTensor {
    if (this.config.upsampling === 'transpose') {
      const up = layers.conv2dTranspose({
        filters,
        kernelSize: 2,
        strides: 2,
        padding: 'valid',
        kernelInitializer: this.init(),
        name,
      });
      return up.apply(x) as SymbolicTensor;
    }
    const resized = layers
      .upSampling2d({ size: [2, 2], interpolation: 'bilinear', name: `${name}_resize` })
      .apply(x) as SymbolicTensor;
    return layers
      .conv2d({ filters, kernelSize: 1, kernelInitializer: this.init(), name })
      .apply(resized) as SymbolicTensor;
  }
}

/** Builds an untrained U-Net; input [batch, height, width, inputChannels], output logits [.., classes]. */
export function createUNet(config: UNetConfig): LayersModel {
  const c = resolveUNetConfig(config);
  const b = new Builder(c);
  const filters = levelFilters(c);
  const [height, width] = c.inputSize ?? [null, null];
  const image = input({ shape: [height, width, c.inputChannels], name: 'image' });
  const skips: SymbolicTensor[] = [];
  let x: SymbolicTensor = image;
  for (let level = 0; level < c.depth - 1; level++) {
    const name = `enc${level + 1}`;
    x = b.convBlock(b.convBlock(x, filters[level], `${name}_conv1`), filters[level], `${name}_conv2`);
    skips.push(x);
    x = layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }).apply(x) as SymbolicTensor;
  }
  const deepest = filters[c.depth - 1];
  x = b.convBlock(b.convBlock(x, deepest, 'bottleneck_conv1'), deepest, 'bottleneck_conv2');
  if (c.dropout > 0)
    x = layers.dropout({ rate: c.dropout, name: 'bottleneck_dropout' }).apply(x) as SymbolicTensor;
  for (let level = c.depth - 2; level >= 0; level--) {
    const name = `dec${level + 1}`;
    const up = b.up(x, filters[level], `${name}_up`);
    x = layers.concatenate({ axis: -1, name: `${name}_concat` }).apply([skips[level], up]) as SymbolicTensor;
    x = b.convBlock(b.convBlock(x, filters[level], `${name}_conv1`), filters[level], `${name}_conv2`);
  }
  const logits = layers
    .conv2d({ filters: c.classes, kernelSize: 1, kernelInitializer: b.init(), name: 'head' })
    .apply(x) as SymbolicTensor;
  return functionalModel({ inputs: image, outputs: logits, name: 'seglens_unet' });
}
