// A 3×3 stride-1 convolution by Winograd's minimal filtering F(m×m, 3×3) (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks", 2016) on the wasm backend, for inference only. Each m×m output tile costs (m + 2)²
// multiplies per input channel and output channel against the direct sum's 9m²: F(2×2, 3×3) 16 against 36 (2.25×
// fewer), F(4×4, 3×3) 36 against 144 (4× fewer). The U-Net's 3×3 layers are most of its inference time. The price is
// another order of additions (and the filter's fractions), so results differ from XNNPACK's (and conv2d's) in the
// last bits: a prediction's scores move by about 1e-6 (F(4×4)'s larger interpolation points, ±2, about 2.5× F(2×2)'s),
// which is why training never runs it (a run and its resumption keep XNNPACK's bits) and inference asks for it by
// name (`withWinograd`).
import type { DataId, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from '../conv-geometry';
import { heapOffset, type WasmHeapBackend, type NamedKernelArgs } from './simd-module';
import { MIN_MACS_PER_THREAD, runSplit, backendPool } from './simd-pool';

/** The output tile's side: F(2×2, 3×3) or F(4×4, 3×3). */
export type WinogradTile = 2 | 4;

/** The tile of the innermost `withWinograd` running now; 0 outside any. */
let activeTile: 0 | WinogradTile = 0;
/** Where the innermost `withWinograd` running now keeps transformed filters; null: none kept. */
let activeCache: WinogradFilterCache | null = null;

/**
 * Transformed filters U = G g Gᵀ (planes × inC × outC floats in the backend's memory) kept from one call to the next,
 * for filters that do not change while it lives: a fold's (FoldedNet). Each Winograd convolution otherwise
 * transforms its filter again on every call; on one image per call (a colonoscopy frame) that was about a fifth of
 * the U-Net's forward pass (F(4×4): 48.6k channel pairs of 162 multiply-adds each, single-threaded, and 36 floats
 * written per pair). Keyed by the filter's data id, which TF.js never gives to other values (a Variable's assign
 * takes the new tensor's id), so an entry can only be unused, never wrong. Costs (tile + 2)²/9 times the filters'
 * memory while kept: F(4×4) four times. The owner frees it with `dispose()`.
 */
export class WinogradFilterCache {
  private readonly kept = new Map<DataId, { backend: KernelBackend; u: Map<WinogradTile, TensorInfo> }>();

  /** U of `filter` for `tile` on `backend`, if kept. */
  get(backend: KernelBackend, filter: TensorInfo, tile: WinogradTile): TensorInfo | undefined {
    const entry = this.kept.get(filter.dataId);
    // A backend started since (the worker's after a lost one) has other memory: the old U is not in it.
    return entry?.backend === backend ? entry.u.get(tile) : undefined;
  }

  /** Keeps `u` (made on `backend`, now owned by the cache) as the U of `filter` for `tile`. */
  keep(backend: KernelBackend, filter: TensorInfo, tile: WinogradTile, u: TensorInfo): void {
    let entry = this.kept.get(filter.dataId);
    if (entry && entry.backend !== backend) {
      this.free(entry);
      entry = undefined;
    }
    if (!entry) {
      entry = { backend, u: new Map() };
      this.kept.set(filter.dataId, entry);
    }
    const old = entry.u.get(tile);
    if (old) backend.disposeData(old.dataId);
    entry.u.set(tile, u);
  }

  /** The number of transformed filters kept. */
  get size(): number {
    let n = 0;
    for (const entry of this.kept.values()) n += entry.u.size;
    return n;
  }

  /** Frees every kept U; the cache can be used again afterwards (it starts empty). */
  dispose(): void {
    for (const entry of this.kept.values()) this.free(entry);
    this.kept.clear();
  }

  private free(entry: { backend: KernelBackend; u: Map<WinogradTile, TensorInfo> }): void {
    // disposeData of data a disposed backend no longer has is a no-op in tfjs-backend-wasm.
    for (const u of entry.u.values()) entry.backend.disposeData(u.dataId);
    entry.u.clear();
  }
}

/**
 * Runs `fn` with 3×3 stride-1 convolutions on wasm computed by Winograd's F(tile×tile, 3×3) where they qualify
 * (`winogradApplies`). `fn` must be synchronous (the wasm backend's kernels are): the setting ends when it returns.
 * With `cache`, transformed filters are taken from it and kept in it (see WinogradFilterCache): only for filters
 * that stay the same while the cache lives.
 */
export function withWinograd<T>(fn: () => T, tile: WinogradTile = 2, cache?: WinogradFilterCache): T {
  if (tile !== 2 && tile !== 4) throw new Error(`withWinograd: tile must be 2 or 4, got ${String(tile)}`);
  const outer = activeTile;
  const outerCache = activeCache;
  activeTile = tile;
  activeCache = cache ?? null;
  try {
    return fn();
  } finally {
    activeTile = outer;
    activeCache = outerCache;
  }
}

/** Whether a convolution runs now inside `withWinograd`. */
export function winogradOn(): boolean {
  return activeTile !== 0;
}

/** 3×3, stride 1, input channels in fours (the SIMD input transform), output channels in eights (as conv2d). */
export function winogradApplies(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 3 &&
    g.filterWidth === 3 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.inChannels % 4 === 0 &&
    g.outChannels % 8 === 0
  );
}

/**
 * Floats of scratch one thread needs: V [planes, tilesWp, inC] and M [planes, tilesWp, outC], each plane up to a
 * cache line apart; planes = (tile + 2)², the transformed patch. F(4×4) also passes each patch through T
 * [inC / 4, 6, 6, 4] (its two transforms in two passes, so that x86's 16 vector registers hold each pass).
 */
function scratchFloats(g: ConvGeometry, tile: WinogradTile): number {
  const tilesWp = Math.ceil(Math.ceil(g.outWidth / tile) / 4) * 4;
  return (
    (tile + 2) ** 2 * (tilesWp * (g.inChannels + g.outChannels) + 32) + (tile === 4 ? 36 * g.inChannels : 0)
  );
}

/** The convolution into `out` (already made); x, filter and bias as Conv2D / FusedConv2D take them. */
export function winogradConv2D(
  args: NamedKernelArgs,
  g: ConvGeometry,
  memory: WebAssembly.Memory,
  out: TensorInfo,
  relu: boolean,
  withBias: boolean,
): void {
  const { inputs, backend } = args;
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const heap = backend as unknown as WasmHeapBackend;
  // A 4×4 tile on a layer narrower than 16 would mostly compute padding (the products run four tiles at a time):
  // 8² 128→128 took 1.05× the direct sum's time by F(4×4) against 0.59× by F(2×2) (bench/winograd.ts, run before
  // this rule existed).
  const tile = activeTile === 4 && g.outWidth >= 16 ? 4 : 2;
  const planes = (tile + 2) ** 2;
  const pool = backendPool(memory);
  const rows = g.batch * Math.ceil(g.outHeight / tile);
  const macsPerRow = planes * Math.ceil(g.outWidth / tile) * g.inChannels * g.outChannels;
  const perThread = scratchFloats(g, tile);
  const cache = activeCache;
  const kept = cache?.get(backend, filter, tile);
  const u = kept ?? heap.makeOutput([planes, g.inChannels, g.outChannels], 'float32');
  let owned = kept === undefined; // this call frees u, unless the cache takes it
  const zeros = heap.makeOutput([g.inChannels], 'float32');
  // Scratch for every thread the pool has; runSplit may use fewer.
  const scratch = heap.makeOutput([pool.threads * perThread], 'float32');
  try {
    heap.typedArrayFromHeap(zeros).fill(0);
    // Offsets only now: each makeOutput may have grown (and moved) the memory.
    const at = {
      x: heapOffset(heap, x),
      u: heapOffset(heap, u),
      bias: withBias && inputs.bias ? heapOffset(heap, inputs.bias) : 0,
      out: heapOffset(heap, out),
      zeros: heapOffset(heap, zeros),
      scratch: heapOffset(heap, scratch),
    };
    if (!kept) {
      const filterKernel = tile === 4 ? pool.kernels.winogradFilter4 : pool.kernels.winogradFilter;
      filterKernel(heapOffset(heap, filter), at.u, g.inChannels, g.outChannels);
      if (cache) {
        cache.keep(backend, filter, tile, u);
        owned = false;
      }
    }
    // Tile rows in chunks, each thread its own scratch (argument 16): every output depends on its own tile only, so
    // the bits do not depend on the thread count or on which thread ran which rows.
    runSplit(
      pool,
      tile === 4 ? 'winograd4x4' : 'winograd3x3',
      rows,
      (r0, r1) => [
        at.x,
        at.u,
        at.bias,
        at.out,
        at.zeros,
        r0,
        r1,
        g.outHeight,
        g.outWidth,
        g.outChannels,
        g.inHeight,
        g.inWidth,
        g.inChannels,
        g.padTop,
        g.padLeft,
        relu ? 1 : 0,
        at.scratch,
      ],
      Math.max(1, Math.ceil(MIN_MACS_PER_THREAD / macsPerRow)),
      1,
      { arg: 16, bytes: perThread * 4 },
    );
  } finally {
    if (owned) backend.disposeData(u.dataId);
    backend.disposeData(zeros.dataId);
    backend.disposeData(scratch.dataId);
  }
}
