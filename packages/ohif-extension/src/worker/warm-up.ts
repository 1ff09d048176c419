// A model's first forward pass in a fresh worker is cold: the backend creates its operators, WebAssembly
// memory grows to the pass's peak, the JIT compiles the code around it (on WebGL/WebGPU: the shaders). On small
// studies that first pass is most of Segment's in-model time. Preloading runs it (2 to 5 times:
// anotherWarmUpPass) on a synthetic volume, through segment() itself so that every step of a real run is
// exercised (normalisation, gather, fit, network, softmax, scores back to the slice's size, read-back, scores at
// the model's size), on slices of the series' own size and geometry, as many as its real segmentation will run
// when the series is small (warmUpSlices: every batch, the last partial one too; a bounded part of a larger one),
// and with the fold of the network the worker keeps for the model (ModelStore.folded), so the XNNPACK operators
// it packs are the ones Segment then runs. Its results are discarded; the model's weights are only read.
import { createVolume, directionForCode, IDENTITY_DIRECTION, type Vec3, type Volume } from '@seglens/data';
import { regionProportions } from '@seglens/metrics';
import {
  modelSliceAxis,
  modelSliceLayout,
  segment,
  type FoldedNet,
  type ModelCard,
  type SeglensModel,
} from '@seglens/models';
import { withMessageTurns } from './message-turns';
import type { PreloadSeries } from './protocol';

/** Slices per forward pass of the worker's segment (the panel does not choose another). */
export const SEGMENT_BATCH_SIZE = 8;

/**
 * Most voxels × channels a warm-up pass segments, unless one batch is more. A warm-up of only the first batch left
 * the rest of the real run's batch loop to the JIT: on the 32-slice hippocampus crop (four batches of 8), V8 still
 * started 14-16 optimising compilations on the worker during the first model of the first Segment, 7-9 after a
 * whole-series warm-up, and that model took 152-196 ms in the model against 107-130 (tools/trace-viewer.mjs,
 * session 41). 2^21 voxels are 8 MB of float32 input: the hippocampus crops, the cardiac series (10 slices, 8 + 2)
 * and a colonoscopy frame warm up whole; a 512 × 512 CT on its first batch, as before (its passes are long already).
 */
export const WARM_UP_MAX_VOXELS = 2 ** 21;

/**
 * Most slices a warm-up pass segments (six batches), so that a long series of small slices (a 64 × 64 × 500 stack is
 * under WARM_UP_MAX_VOXELS) does not make each pass a whole segmentation: a Segment pressed while the preload runs
 * waits for it.
 */
export const WARM_UP_MAX_SLICES = 6 * SEGMENT_BATCH_SIZE;

/**
 * The slices each warm-up pass segments along the model's slice axis: all of them (every batch the real run sends,
 * the last partial one too) up to WARM_UP_MAX_SLICES and WARM_UP_MAX_VOXELS, and never fewer than the first batch
 * (the batch size, or fewer when the series has fewer slices: a colonoscopy frame is one). Without the series, the
 * batch size.
 */
export function warmUpSlices(card: ModelCard, series: PreloadSeries | undefined): number {
  if (series === undefined) return SEGMENT_BATCH_SIZE;
  // It crossed the thread boundary as plain data: say what is wrong instead of failing inside the layout.
  const dims: unknown = series?.dims;
  if (!Array.isArray(dims) || dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 1))
    throw new Error(
      `preload(${card.name}): series.dims must be three whole numbers ≥ 1, got ${JSON.stringify(dims)}`,
    );
  const direction: unknown = series.direction;
  if (direction !== undefined && !(Array.isArray(direction) && direction.length === 9))
    throw new Error(`preload(${card.name}): series.direction must be nine direction cosines`);
  const layout = modelSliceLayout(
    card.input,
    { dims: series.dims, direction: series.direction ?? IDENTITY_DIRECTION },
    `preload(${card.name})`,
  );
  const perSlice = layout.height * layout.width * card.input.channels;
  const fit = Math.max(SEGMENT_BATCH_SIZE, Math.floor(WARM_UP_MAX_VOXELS / perSlice));
  return Math.max(1, Math.min(layout.count, WARM_UP_MAX_SLICES, fit));
}

/**
 * The warm-up input. With the series: `slices` slices of the series' own size and geometry (its dims with the
 * model's slice axis cut to `slices`, its direction), so the warm-up re-indexes, resizes and brings the scores
 * back exactly as the real run does. Without: `slices` slices of exactly the model's input size,
 * stored in the card's orientation. The values are a fixed ramp, not zeros: a constant image would make the
 * z-score normalisation divide by a zero spread.
 */
export function warmUpVolume(card: ModelCard, slices: number, series?: PreloadSeries): Volume {
  const { size, sliceAxis, channels, orientation } = card.input;
  let dims: Vec3;
  let direction: Volume['direction'];
  if (series !== undefined) {
    direction = [...(series.direction ?? IDENTITY_DIRECTION)] as Volume['direction'];
    dims = [...series.dims];
    dims[modelSliceAxis(card.input, { direction }).axis] = slices;
  } else {
    const [height, width] = size;
    // Slices along sliceAxis; rows and columns are the other two axes, lower first (as the models slice).
    dims =
      sliceAxis === 2
        ? [width, height, slices]
        : sliceAxis === 1
          ? [width, slices, height]
          : [slices, width, height];
    direction = orientation === undefined ? [...IDENTITY_DIRECTION] : directionForCode(orientation);
  }
  // The panel's reader gives colour frames as uint8 and grey series as float32 (ohif/volume.ts). Voxels of the
  // same type keep the normalising gather compiled for that one type: after a float32 warm-up V8 compiled it for
  // both, and later uint8 calls were slower in a Node probe (in the viewer's benchmark, within its noise).
  const count = dims[0] * dims[1] * dims[2] * channels;
  const voxels = channels === 3 ? new Uint8Array(count) : new Float32Array(count);
  for (let i = 0; i < voxels.length; i++) voxels[i] = (i * 37) % 251;
  return createVolume({ voxels, dims, channels, direction });
}

/**
 * Passes a warm-up always makes. After one the next call was still cold: in Node (polyp-rce, one 256x256 frame, one
 * wasm thread) the first call after a one-pass warm-up took 48-55 ms and the calls after it 17-31 (scratch timing,
 * session 38, 3 fresh processes); after two the first call was like the rest there.
 */
export const WARM_UP_MIN_PASSES = 2;

/**
 * Passes a warm-up makes at most. In Chromium two were not enough: V8 was still compiling the code around the
 * network (its Maglev and TurboFan tiers, on the renderer's shared background threads) during the first real calls.
 * bench:worker's page with a Chromium trace (a scratch copy, session 39; polyp-rce, one frame, 1 thread, 3 runs each
 * way): after two passes V8 started 17-18 Maglev compilations during the first call, which took 22-26 ms per frame
 * (later calls 18-20); after five, 9 and 19.4-19.5. In the viewer (`bench-viewer-ab --study polyp`, 5 runs each,
 * alternating, a busy host): the in-model median 61.0 -> 34.0 ms per frame against the build with two passes.
 */
export const WARM_UP_MAX_PASSES = 5;

/**
 * Past the minimum, another pass only while the last one took less than this (ms): a short call is what the JIT's
 * share weighs on (a colonoscopy frame: 20-30 ms per call), a long one barely (cardiac-rce, 10 slices: first call
 * per slice 16.2-18.0 -> 14.2-15.0 ms after five passes in the same traced runs, a third at 20.4 with the host
 * busy) and would pay far more per pass (about 150 ms against 25: 300-400 ms more work at preload for its two
 * models). The last pass, not all of them:
 * the first is the cold one (operators, memory, compilation) and says nothing about a call's size.
 */
export const WARM_UP_SHORT_PASS_MS = 100;

/** Whether a warm-up that has made `done` passes, the last of them in `lastPassMs`, makes another. */
export function anotherWarmUpPass(done: number, lastPassMs: number): boolean {
  if (done < WARM_UP_MIN_PASSES) return true;
  return done < WARM_UP_MAX_PASSES && lastPassMs < WARM_UP_SHORT_PASS_MS;
}

/**
 * Makes sure `memory` holds room for the scores of a whole run on `series` (the model's slices × its input size ×
 * classes), written once, so that the operating system hands the worker those pages at preload and not while
 * Segment runs: a fresh array's pages are faulted in on first write (about 13 µs per 4 KB here, a scratch measurement
 * of session 46; 60 ms for the 20-slice CT's 18 MB of scores, whose warm-up covers 8 of its slices). Returns the
 * values it holds room for.
 */
export function prepareScoresMemory(card: ModelCard, series: PreloadSeries, memory: ScoresMemory): number {
  const layout = modelSliceLayout(
    card.input,
    { dims: series.dims, direction: series.direction ?? IDENTITY_DIRECTION },
    `preload(${card.name})`,
  );
  const [height, width] = card.input.size;
  const needed = layout.count * height * width * card.classes.length;
  const held = memory.take();
  memory.keep(held !== null && held.length >= needed ? held : new Float32Array(needed).fill(0));
  return needed;
}

/** Memory for scores kept between segment() calls (ModelStore's spare): taken before a pass, kept after it. */
export interface ScoresMemory {
  take(): Float32Array | null;
  keep(values: Float32Array): void;
}

/**
 * Forward passes of `model` on the warm-up volume, segment() as a real run calls it, results discarded: as many as
 * anotherWarmUpPass allows. Returns how many it made. With `memory`, the passes write their scores into it and
 * leave the last pass's there, so the first real run writes into memory the process already has (when the warm-up
 * volume is the whole series: every demo series but the 20-slice CT, whose warm-up takes 8). `now` is the clock (a
 * test's own).
 */
export async function warmUp(
  model: SeglensModel,
  folded: FoldedNet,
  slices: number,
  series: PreloadSeries | undefined,
  signal: AbortSignal,
  memory?: ScoresMemory,
  now: () => number = () => performance.now(),
): Promise<number> {
  const volume = warmUpVolume(model.card, slices, series);
  let passes = 0;
  let lastPassMs = Infinity;
  while (anotherWarmUpPass(passes, lastPassMs)) {
    const started = now();
    const into = memory?.take() ?? undefined;
    const result = await withMessageTurns(() =>
      segment(model, volume, {
        batchSize: SEGMENT_BATCH_SIZE,
        modelScores: true,
        ...(into ? { modelScoresInto: into } : {}),
        folded,
        signal,
      }),
    ).finally(() => {
      if (into) memory?.keep(into);
    });
    if (result.modelScores) memory?.keep(result.modelScores.values);
    // What the segment handler does next, before the next model starts: compiled here rather than beside it.
    regionProportions(result.labels.voxels as Uint8Array, { numClasses: model.card.classes.length });
    lastPassMs = now() - started;
    passes++;
  }
  return passes;
}
