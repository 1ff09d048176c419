// Instance normalisation (Ulyanov et al. 2016): each image's channel is normalised over its own height and
// width, so it behaves the same at batch size 1 (inference, small-batch fine-tuning) as in training,
// unlike batch normalisation. tfjs-layers has no such layer; registering the class lets models that use it
// be saved and loaded (tf.loadLayersModel) like built-in ones.
import { add, moments, mul, rsqrt, serialization, sub, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable } from '@tensorflow/tfjs-layers';

export interface InstanceNormalizationArgs {
  /** Added to the variance; PyTorch's default. */
  epsilon?: number;
  name?: string;
  trainable?: boolean;
}

type Shape = Array<number | null>;

export class InstanceNormalization extends layers.Layer {
  static className = 'SeglensInstanceNormalization';
  readonly epsilon: number;
  private gamma: LayerVariable | null = null;
  private beta: LayerVariable | null = null;

  constructor(args: InstanceNormalizationArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.epsilon > 0))
      throw new Error(`InstanceNormalization: epsilon must be > 0, got ${this.epsilon}`);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 4 || channels == null) {
      throw new Error(
        `InstanceNormalization: input must be [batch, height, width, channels] with known channels, got [${shape}]`,
      );
    }
    this.gamma = this.addWeight('gamma', [channels], 'float32', initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', initializers.zeros());
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.gamma == null || this.beta == null)
        throw new Error('InstanceNormalization: call before build');
      const { mean, variance } = moments(x, [1, 2], true);
      const scale = mul(rsqrt(add(variance, this.epsilon)), this.gamma.read());
      return add(mul(sub(x, mean), scale), this.beta.read());
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

serialization.registerClass(InstanceNormalization);
