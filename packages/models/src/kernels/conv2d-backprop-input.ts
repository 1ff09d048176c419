// Conv2DBackpropInput (the input gradient of conv2d, and the forward pass of conv2dTranspose) as a forward
// convolution of the zero-dilated dy with the flipped filter. wasm's own kernel is a plain C++ loop about
// 10x slower than its XNNPACK forward convolution. When kernel size equals stride with no padding (the
// U-Net's 2x2/2 up-convolution) each output pixel comes from one input pixel, so one matMul and a
// depth-to-space transpose do it with no wasted multiplications; on wasm with SIMD, one kernel (simd/upconv-simd.ts).
import type {
  Conv2DBackpropInputAttrs,
  KernelBackend,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, inputGradAxis, isPatchwise, type ConvGeometry, type Shape4 } from './conv-geometry';
import { KernelCalls, kernelInput } from './kernel-calls';
import { simdUpconv } from './simd/upconv-simd';

export interface InputGradArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

function patchwise(calls: KernelCalls, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: b, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw, inChannels: ci } = g;
  const co = g.outChannels;
  // Filter row ky gives output rows ky, ky + kh, ...: the product dy [pixels, co] · w[ky] [co, kw·ci] is already
  // those rows in their final layout ([b, ho, wo·kw·ci] = [b, ho, wo·kw, ci]), so one product per filter row and
  // a concat of whole rows replace a six-axis transpose of the whole output. Each product runs as a 1×1 forward
  // convolution, which adds over co as TF.js's GEMM does (0, then k ascending, one rounded multiply and add
  // each): the same bits, on the backend's threads (test/kernels/conv-transpose-patchwise.test.ts).
  const rows: TensorInfo[] = [];
  for (let ky = 0; ky < kh; ky++) {
    const taps = calls.slice(filter, [ky, 0, 0, 0], [1, kw, ci, co]);
    const w = calls.reshape(calls.transpose(taps, [3, 0, 1, 2]), [1, 1, co, kw * ci]);
    const m = calls.run(
      'Conv2D',
      { x: dy, filter: w },
      { strides: [1, 1], dilations: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
    );
    rows.push(calls.reshape(m, [b * ho, 1, wo * kw * ci]));
  }
  const interleaved =
    rows.length === 1 ? rows[0] : calls.run('Concat', rows as unknown as NamedTensorInfoMap, { axis: 1 });
  return calls.reshape(interleaved, [b, ho * kh, wo * kw, ci]);
}

function viaFlippedConv(calls: KernelCalls, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: b, outHeight: ho, outWidth: wo, outChannels: co, strideHeight: sh, strideWidth: sw } = g;
  let dyd = dy;
  if (sh > 1 || sw > 1) {
    // Insert stride-1 zeros after every pixel: [b, ho, 1, wo, 1, co] padded to [b, ho, sh, wo, sw, co].
    const spread = calls.pad(calls.reshape(dy, [b, ho, 1, wo, 1, co]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    dyd = calls.reshape(spread, [b, ho * sh, wo * sw, co]);
  }
  const ah = inputGradAxis(g.inHeight, g.filterHeight, sh, g.padTop, ho);
  const aw = inputGradAxis(g.inWidth, g.filterWidth, sw, g.padLeft, wo);
  if (ah.cropBefore + ah.cropAfter + aw.cropBefore + aw.cropAfter > 0) {
    const [, h, w] = dyd.shape;
    dyd = calls.slice(
      dyd,
      [0, ah.cropBefore, aw.cropBefore, 0],
      [b, h - ah.cropBefore - ah.cropAfter, w - aw.cropBefore - aw.cropAfter, co],
    );
  }
  // [kh, kw, ci, co] flipped in space and with in/out swapped: [kh, kw, co, ci].
  const flipped = calls.transpose(calls.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
  return calls.run(
    'Conv2D',
    { x: dyd, filter: flipped },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [ah.padBefore, ah.padAfter],
        [aw.padBefore, aw.padAfter],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
}

export function conv2dBackpropInputViaConv(backendName: string): (args: InputGradArgs) => TensorInfo {
  return ({ inputs, backend, attrs }) => {
    const dy = kernelInput(inputs, 'dy', 'Conv2DBackpropInput');
    const filter = kernelInput(inputs, 'filter', 'Conv2DBackpropInput');
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } =
      attrs as unknown as Conv2DBackpropInputAttrs;
    const calls = new KernelCalls(backend, backendName);
    try {
      const channelsFirst = dataFormat === 'NCHW';
      const xShape: Shape4 = channelsFirst
        ? [inputShape[0], inputShape[2], inputShape[3], inputShape[1]]
        : inputShape;
      const dyh = channelsFirst ? calls.transpose(dy, [0, 2, 3, 1]) : dy;
      const g = convGeometry(xShape, filter.shape as Shape4, strides, pad, dimRoundingMode);
      const expected = [g.batch, g.outHeight, g.outWidth, g.outChannels];
      if (dyh.shape.join() !== expected.join()) {
        throw new Error(
          `Conv2DBackpropInput: dy has shape [${dyh.shape}] but inputShape [${inputShape}] gives [${expected}]`,
        );
      }
      // The up-convolution in one SIMD kernel on wasm (channels last); its patchwise products elsewhere.
      const simd = isPatchwise(g) && !channelsFirst ? simdUpconv(backend, dyh, filter, g) : null;
      const dx =
        simd ?? (isPatchwise(g) ? patchwise(calls, dyh, filter, g) : viaFlippedConv(calls, dyh, filter, g));
      return calls.release(channelsFirst ? calls.transpose(dx, [0, 3, 1, 2]) : dx);
    } catch (error) {
      calls.releaseAll();
      throw error;
    }
  };
}
