// MaxPoolGrad by plain loops, for the shapes the SIMD kernel does not take (overlapping windows, channels not in
// fours) or where WebAssembly SIMD is missing: TF.js 4.22's own wasm kernel passes no gradient out of windows whose
// maximum is not above 0, so seglens does not fall back to it.
import type { backend_util } from '@tensorflow/tfjs-core';

export type PoolInfo = ReturnType<typeof backend_util.computePool2DInfo>;

/**
 * dx (NHWC) of max pooling: each output's dy goes to the first position of its window holding the window's
 * maximum (strict >, row-major), as in TF.js's cpu kernel; none when no value exceeds -Infinity (NaN, -Infinity);
 * overlapping windows add up.
 */
export function maxPoolGradLoop(x: Float32Array, dy: Float32Array, dx: Float32Array, info: PoolInfo): void {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels: c,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
  } = info;
  const { filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let ch = 0; ch < c; ch++, o++) {
          let max = -Infinity;
          let at = -1;
          for (let kh = 0; kh < filterHeight; kh++) {
            const iy = oy * strideHeight + kh - top;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kw = 0; kw < filterWidth; kw++) {
              const ix = ox * strideWidth + kw - left;
              if (ix < 0 || ix >= inWidth) continue;
              const i = ((b * inHeight + iy) * inWidth + ix) * c + ch;
              if (x[i] > max) {
                max = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dy[o];
        }
      }
    }
  }
}
