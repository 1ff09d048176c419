// Adam (Kingma & Ba 2015) with PyTorch's update and defaults (betas 0.9/0.999, eps 1e-8 added to the
// bias-corrected sqrt(v)). Written out rather than using tf.train.adam so that the learning rate can be
// halved between epochs and the whole state (iteration count, both moments) saved and restored exactly. Where
// seglens's kernels are registered (wasm), each weight's update is one kernel with the same bits.
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../kernels/simd/adam-simd';

export interface AdamConfig {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamState {
  /** Updates applied so far. */
  iteration: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  learningRate: number;
  iteration = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly variables: tf.Variable[],
    config: AdamConfig,
  ) {
    this.learningRate = config.learningRate;
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-8;
    if (!(this.learningRate > 0)) throw new Error(`Adam: learningRate must be > 0, got ${this.learningRate}`);
    // Inside tidy so that the zeros the variables start from are freed (tidy never frees variables).
    this.m = tf.tidy(() => variables.map((w) => tf.variable(tf.zerosLike(w), false)));
    this.v = tf.tidy(() => variables.map((w) => tf.variable(tf.zerosLike(w), false)));
  }

  /** One update from gradients given in the order of the variables. */
  apply(grads: readonly tf.Tensor[]): void {
    if (grads.length !== this.variables.length)
      throw new Error(`Adam.apply: ${grads.length} gradients for ${this.variables.length} variables`);
    this.iteration += 1;
    const stepSize = this.learningRate / (1 - this.beta1 ** this.iteration);
    const sqrtCorrection = Math.sqrt(1 - this.beta2 ** this.iteration);
    if (getKernel(ADAM_UPDATE, tf.getBackend())) {
      this.applyFused(grads, stepSize, sqrtCorrection);
      return;
    }
    tf.tidy(() => {
      const b1 = tf.scalar(this.beta1);
      const b2 = tf.scalar(this.beta2);
      const c1 = tf.scalar(1 - this.beta1);
      const c2 = tf.scalar(1 - this.beta2);
      const step = tf.scalar(-stepSize);
      const eps = tf.scalar(this.epsilon);
      const corr = tf.scalar(sqrtCorrection);
      grads.forEach((g, i) => {
        const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, c1));
        const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), c2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), corr), eps);
        this.variables[i].assign(tf.add(this.variables[i], tf.mul(step, tf.div(m, denom))));
      });
    });
  }

  // The same float32 operations in the same order as apply's ops, as one kernel per weight (wasm; same bits).
  private applyFused(grads: readonly tf.Tensor[], stepSize: number, sqrtCorrection: number): void {
    const attrs: AdamUpdateAttrs = {
      beta1: this.beta1,
      oneMinusBeta1: 1 - this.beta1,
      beta2: this.beta2,
      oneMinusBeta2: 1 - this.beta2,
      step: -stepSize,
      sqrtCorrection,
      epsilon: this.epsilon,
    };
    tf.tidy(() => {
      grads.forEach((g, i) => {
        const inputs = { x: this.variables[i], g, m: this.m[i], v: this.v[i] };
        const [w, m, v] = tf
          .engine()
          .runKernel(ADAM_UPDATE, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor[];
        this.m[i].assign(m);
        this.v[i].assign(v);
        this.variables[i].assign(w);
      });
    });
  }

  state(): AdamState {
    return {
      iteration: this.iteration,
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }

  /** Both moments of every variable, first moments then second, as one float32 array. */
  async moments(): Promise<Float32Array> {
    const parts = await Promise.all([...this.m, ...this.v].map((t) => t.data() as Promise<Float32Array>));
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** Restores what state() and moments() saved. */
  restore(state: AdamState, moments: Float32Array): void {
    const sizes = [...this.m, ...this.v].map((t) => t.size);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (moments.length !== total)
      throw new Error(
        `Adam.restore: the saved moments have ${moments.length} values but the model needs ${total}`,
      );
    let o = 0;
    [...this.m, ...this.v].forEach((t) => {
      tf.tidy(() => t.assign(tf.tensor(moments.subarray(o, o + t.size), t.shape, 'float32')));
      o += t.size;
    });
    this.iteration = state.iteration;
    this.learningRate = state.learningRate;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
