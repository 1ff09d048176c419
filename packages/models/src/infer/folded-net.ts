// Inference with batch norm folded into the convolution before it. At inference a batch-norm layer is an affine
// map per channel with fixed statistics, y = γ·(x − μ)/√(σ² + ε) + β, so conv → BN → ReLU is one convolution
// with scaled weights and a bias, and TF.js runs it as one FusedConv2D (XNNPACK on wasm) instead of a
// convolution, a FusedBatchNorm and a Relu over the whole activation. On the wasm backend that halves a U-Net's
// forward pass. The folded weights are computed afresh for every FoldedNet from the layers' current values;
// nothing is cached on the model. A caller that segments with one model again and again (the viewer's worker)
// keeps its FoldedNet and passes it to segment(), which uses it only while `isCurrent()`: folding costs a few
// milliseconds, but on wasm every new filter tensor also makes XNNPACK pack a new operator on its first call,
// and the Winograd convolutions transform every filter, which a kept fold (and its warm-up pass) pays once.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { WinogradFilterCache, withWinograd } from '../kernels/simd/winograd-simd';

import {
  CONVOLUTION_ALGORITHM_NAMES,
  isConvolutionAlgorithm,
  type ConvolutionAlgorithm,
} from '../card/types';

export type { ConvolutionAlgorithm };

export interface FoldOptions {
  /** Default: the process's (`setDefaultConvolution`), 'winograd4' unless set. */
  convolution?: ConvolutionAlgorithm;
}

function checkConvolution(convolution: unknown, where: string): ConvolutionAlgorithm {
  if (isConvolutionAlgorithm(convolution)) return convolution;
  throw new Error(
    `${where}: convolution must be one of ${CONVOLUTION_ALGORITHM_NAMES}, got ${JSON.stringify(convolution)}`,
  );
}

let defaultConvolution: ConvolutionAlgorithm = 'winograd4';

/**
 * The convolution every later fold uses when it is not given one (segment(), training's validation, the
 * benchmark): the CLI's `--convolution`. `undefined` puts back 'winograd4'.
 */
export function setDefaultConvolution(convolution: ConvolutionAlgorithm | undefined): void {
  defaultConvolution =
    convolution === undefined ? 'winograd4' : checkConvolution(convolution, 'setDefaultConvolution');
}

/**
 * What a fold with `convolution` (default: the process's) runs its 3×3 convolutions as on the active backend:
 * Winograd's only on wasm. For the record of what measured a card's validation, and the benchmark's.
 */
export function inferenceConvolution(
  convolution: ConvolutionAlgorithm = defaultConvolution,
): ConvolutionAlgorithm {
  return convolution !== 'direct' && tf.getBackend() === 'wasm' ? convolution : 'direct';
}

/** What `layers` hands out for a layer of a functional model; only the parts folding reads. */
interface GraphLayer {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  weights: { originalName: string; read(): tf.Tensor }[];
  inboundNodes: { inputTensors: SymbolicTensor[]; outputTensors: SymbolicTensor[] }[];
  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}

type Step =
  | { kind: 'layer'; layer: GraphLayer; inputs: number[]; outputs: number[] }
  | {
      kind: 'conv';
      input: number;
      output: number;
      filter: tf.Tensor4D;
      bias: tf.Tensor1D;
      strides: [number, number];
      pad: 'same' | 'valid';
      dilations: [number, number];
      relu: boolean;
    };

export interface FoldedNet {
  /** Logits for a batch [n, height, width, channels], as `net.predict` gives them up to rounding. */
  predict(x: tf.Tensor4D): tf.Tensor4D;
  /** The number of conv → batch-norm pairs folded. */
  readonly folded: number;
  /** The network it was folded from. */
  readonly source: LayersModel;
  /** How its 3×3 convolutions run on wasm. */
  readonly convolution: ConvolutionAlgorithm;
  /**
   * Whether every weight of `source` still holds the values it was folded from, and it is not disposed. Training
   * and fine-tuning assign new values to the weights (a new tensor each), after which a fold is stale.
   */
  isCurrent(): boolean;
  /** Frees the folded weights (not the model's). */
  dispose(): void;
}

// A weight's values are replaced by Variable.assign, which gives the variable the new tensor's data id; the ids
// of all weights at fold time therefore tell whether any has been assigned since.
function weightDataIds(net: LayersModel): object[] {
  return net.weights.map((w) => w.read().dataId);
}

// By the name the layer gave the weight ('enc1_conv1/kernel'); `name` may carry a suffix that makes it unique.
function weight(layer: GraphLayer, suffix: string): tf.Tensor | undefined {
  return layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`))?.read();
}

function pair(value: unknown, what: string): [number, number] {
  const v = Array.isArray(value) ? value : [value, value];
  if (v.length !== 2 || !v.every((n) => Number.isInteger(n)))
    throw new Error(`foldBatchNorm: ${what} ${String(value)}`);
  return [v[0] as number, v[1] as number];
}

/** A conv2d that batch norm can fold into: channels last, linear output, the layer's only consumer is `bn`. */
function foldable(conv: GraphLayer, bn: GraphLayer): boolean {
  const c = conv.getConfig();
  const b = bn.getConfig();
  const axis = b.axis as number;
  return (
    conv.getClassName() === 'Conv2D' &&
    c.dataFormat === 'channelsLast' &&
    (c.activation === 'linear' || c.activation === undefined) &&
    bn.getClassName() === 'BatchNormalization' &&
    (axis === -1 || axis === 3)
  );
}

/** W' = W·s and b' = (b − μ)·s + β with s = γ/√(σ² + ε), per output channel. */
function foldWeights(conv: GraphLayer, bn: GraphLayer): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const kernel = weight(conv, 'kernel') as tf.Tensor4D;
    const outChannels = kernel.shape[3];
    const epsilon = bn.getConfig().epsilon as number;
    const gamma = weight(bn, 'gamma') ?? tf.ones([outChannels]);
    const beta = weight(bn, 'beta') ?? tf.zeros([outChannels]);
    const mean = weight(bn, 'moving_mean') as tf.Tensor1D;
    const variance = weight(bn, 'moving_variance') as tf.Tensor1D;
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, epsilon)));
    const convBias = weight(conv, 'bias') ?? tf.zeros([outChannels]);
    return {
      filter: tf.mul(kernel, scale) as tf.Tensor4D,
      bias: tf.add(tf.mul(tf.sub(convBias, mean), scale), beta) as tf.Tensor1D,
    };
  });
}

/**
 * A forward pass of `net` with every conv2d → batchNormalization (→ ReLU) chain run as one fused convolution.
 * Layers that do not fit the pattern (instance norm, transposed convolutions, pooling, concatenation, the head)
 * run as they are, with `training: false`. A model that is not a single-input, single-output graph of layers
 * called once each is run by `net.predict` unchanged.
 */
export function foldBatchNorm(net: LayersModel, options: FoldOptions = {}): FoldedNet {
  const convolution = checkConvolution(options.convolution ?? defaultConvolution, 'foldBatchNorm');
  const tile = convolution === 'winograd4' ? 4 : 2;
  // The kernels are synchronous on wasm, where the setting applies, so it holds for exactly this pass.
  const run = <T>(fn: () => T, cache?: WinogradFilterCache): T =>
    convolution === 'direct' ? fn() : withWinograd(fn, tile, cache);
  const layers = net.layers as unknown as GraphLayer[];
  const graphOk =
    net.inputs.length === 1 && net.outputs.length === 1 && layers.every((l) => l.inboundNodes.length === 1);
  if (!graphOk)
    return {
      predict: (x) => run(() => net.predict(x) as tf.Tensor4D),
      folded: 0,
      source: net,
      convolution,
      isCurrent: () => true, // nothing folded, so nothing can be stale
      dispose: () => undefined,
    };
  const dataIds = weightDataIds(net);

  // Who reads each symbolic tensor: a chain may be fused only when nothing else reads its intermediates.
  const readers = new Map<number, GraphLayer[]>();
  for (const layer of layers) {
    const node = layer.inboundNodes[0];
    if (layer.getClassName() === 'InputLayer') continue;
    for (const t of node.inputTensors) readers.set(t.id, [...(readers.get(t.id) ?? []), layer]);
  }
  const onlyReader = (layer: GraphLayer): GraphLayer | undefined => {
    const outs = layer.inboundNodes[0].outputTensors;
    const r = outs.length === 1 ? readers.get(outs[0].id) : undefined;
    return r && r.length === 1 && !net.outputs.some((o) => o.id === outs[0].id) ? r[0] : undefined;
  };

  const steps: Step[] = [];
  const absorbed = new Set<GraphLayer>();
  let folded = 0;
  try {
    for (const layer of layers) {
      if (absorbed.has(layer) || layer.getClassName() === 'InputLayer') continue;
      const node = layer.inboundNodes[0];
      const bn = onlyReader(layer);
      if (bn && foldable(layer, bn) && node.inputTensors.length === 1) {
        const next = onlyReader(bn);
        const relu =
          next !== undefined && next.getClassName() === 'ReLU' && next.getConfig().maxValue == null;
        const last = relu ? (next as GraphLayer) : bn;
        const c = layer.getConfig();
        steps.push({
          kind: 'conv',
          input: node.inputTensors[0].id,
          output: last.inboundNodes[0].outputTensors[0].id,
          ...foldWeights(layer, bn),
          strides: pair(c.strides, 'strides'),
          pad: c.padding === 'same' ? 'same' : 'valid',
          dilations: pair(c.dilationRate ?? 1, 'dilationRate'),
          relu,
        });
        absorbed.add(bn);
        if (relu) absorbed.add(last);
        folded++;
        continue;
      }
      steps.push({
        kind: 'layer',
        layer,
        inputs: node.inputTensors.map((t) => t.id),
        outputs: node.outputTensors.map((t) => t.id),
      });
    }
  } catch (error) {
    tf.dispose(steps.flatMap((s) => (s.kind === 'conv' ? [s.filter, s.bias] : [])));
    throw error;
  }

  // The folded filters never change while the fold lives, so their Winograd transforms are made on the first pass
  // and kept until dispose(). Layers run as they are read the model's variables: an assign gives those new data
  // ids, so a transform kept for old values is never used for new ones (and a stale fold is not used at all).
  const filterCache = new WinogradFilterCache();
  const inputId = net.inputs[0].id;
  const outputId = net.outputs[0].id;
  const runFolded = <T>(fn: () => T): T => run(fn, filterCache);
  const predict = (x: tf.Tensor4D): tf.Tensor4D =>
    runFolded(() =>
      tf.tidy(() => {
        const values = new Map<number, tf.Tensor>([[inputId, x]]);
        const get = (id: number): tf.Tensor => {
          const v = values.get(id);
          if (!v) throw new Error(`foldBatchNorm: '${net.name}' reads a tensor before it is computed`);
          return v;
        };
        for (const s of steps) {
          if (s.kind === 'conv') {
            values.set(
              s.output,
              tf.fused.conv2d({
                x: get(s.input) as tf.Tensor4D,
                filter: s.filter,
                strides: s.strides,
                pad: s.pad,
                dilations: s.dilations,
                bias: s.bias,
                activation: s.relu ? 'relu' : 'linear',
              }),
            );
            continue;
          }
          const inputs = s.inputs.map(get);
          const out = s.layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
          const outs = Array.isArray(out) ? out : [out];
          s.outputs.forEach((id, i) => values.set(id, outs[i]));
        }
        return get(outputId) as tf.Tensor4D;
      }),
    );
  let disposed = false;
  return {
    predict,
    folded,
    source: net,
    convolution,
    isCurrent: () => {
      if (disposed || net.weights.length !== dataIds.length) return false;
      return weightDataIds(net).every((id, i) => id === dataIds[i]);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      filterCache.dispose();
      tf.dispose(steps.flatMap((s) => (s.kind === 'conv' ? [s.filter, s.bias] : [])));
    },
  };
}
