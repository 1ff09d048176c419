// One side of a split (train or validation): decoded cases kept in memory, 2-D samples drawn from them, and
// batches assembled on demand (slice, resize/pad, augment, normalise) so every epoch reuses the decoded data.
import type { Volume } from '../volume';
import {
  centerMatrix,
  resizeMatrix,
  warpBilinear,
  warpNearest,
  type Affine2D,
  type Plane,
} from '../geometry/warp2d';
import { composeAffine, drawAugmentation, type Augmentation } from './augment';
import { applyIntensityMap, type IntensityMap } from './normalize';
import { extractPlane, type SliceAxis } from './planes';
import { mixSeeds, mulberry32, shuffleInPlace } from './random';

/** A decoded case ready for sampling. */
export interface PreparedCase {
  id: string;
  caseId: string;
  image: Volume;
  labels: Volume;
  map: IntensityMap;
}

/** A reference to one 2-D sample: a case and the slice index along the dataset's axis. */
export interface SampleRef {
  case: number;
  slice: number;
}

/** Channels-last batch for TF.js: images [B, H, W, C] float32, labels [B, H, W] int32 class indices. */
export interface Batch {
  images: Float32Array;
  labels: Int32Array;
  shape: [number, number, number, number];
  sampleIds: string[];
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle the sample order (seeded by seed and epoch); default false. */
  shuffle?: boolean;
  /** Apply the dataset's augmentation; default false. */
  augment?: boolean;
  /** Default 0. */
  seed?: number;
  /** Mixed into the seed so each epoch gets a new order and new augmentations; default 0. */
  epoch?: number;
  /** Skip a last batch smaller than batchSize; default false. */
  dropLast?: boolean;
}

export interface SliceSetConfig {
  height: number;
  width: number;
  imageChannels: number;
  axis: SliceAxis;
  context: number;
  fit: 'resize' | 'pad';
  augmentation: Augmentation;
}

const IDENTITY: Affine2D = [1, 0, 0, 0, 1, 0];

export class SliceSet {
  /** Case ids (split units) in this set, sorted. */
  readonly caseIds: string[];
  /** Channels per batch pixel: image channels x (2 context + 1). */
  readonly channels: number;

  constructor(
    private readonly cases: PreparedCase[],
    private readonly samples: SampleRef[],
    private readonly config: SliceSetConfig,
  ) {
    this.caseIds = [...new Set(cases.map((c) => c.caseId))].sort();
    this.channels = config.imageChannels * (2 * config.context + 1);
  }

  /** Number of 2-D samples. */
  get sampleCount(): number {
    return this.samples.length;
  }

  /** Stable name of a sample: the image id, plus the slice for volumes (e.g. "case.nii.gz#k12"). */
  sampleId(index: number): string {
    const ref = this.samples[index];
    const c = this.cases[ref.case];
    return c.image.dims[this.config.axis] === 1 ? c.id : `${c.id}#${'ijk'[this.config.axis]}${ref.slice}`;
  }

  /**
   * Pixels per class over all samples of this set as the network sees them without augmentation (after resizing
   * or padding to the output size, padding counted as background): the region sizes the losses work with.
   */
  classVoxelCounts(numClasses: number): number[] {
    const { height: H, width: W, axis } = this.config;
    const counts = new Array<number>(numClasses).fill(0);
    const scratch = new Int32Array(H * W);
    for (const ref of this.samples) {
      const label = this.plane(this.cases[ref.case].labels, axis, ref.slice, 0);
      let data: ArrayLike<number> = label.data;
      if (label.width !== W || label.height !== H) {
        warpNearest(label, this.fitMatrix(label), scratch, W, H, { fill: 0 });
        data = scratch;
      }
      for (let p = 0; p < data.length; p++) counts[data[p]]++;
    }
    return counts;
  }

  /** Builds the batch of the given sample indices; `random` enables augmentation drawn from it. */
  batch(indices: number[], random?: () => number): Batch {
    const { height: H, width: W, axis, context, augmentation, imageChannels } = this.config;
    const C = this.channels;
    const images = new Float32Array(indices.length * H * W * C);
    const labels = new Int32Array(indices.length * H * W);
    indices.forEach((index, b) => {
      const ref = this.samples[index];
      if (!ref)
        throw new Error(
          `SliceSet.batch: sample index ${index} is out of range (0..${this.samples.length - 1})`,
        );
      const c = this.cases[ref.case];
      const image = this.plane(c.image, axis, ref.slice, context);
      const label = this.plane(c.labels, axis, ref.slice, 0);
      let matrix = this.fitMatrix(image);
      let gain = 1;
      let bias = 0;
      if (random) {
        const draw = drawAugmentation(augmentation, W, H, random);
        matrix = composeAffine(matrix, draw.matrix);
        gain = draw.gain;
        bias = draw.bias;
      }
      const offset = b * H * W * C;
      // NaN marks "outside the image"; applyIntensityMap turns it into 0, the normalised background.
      warpBilinear(image, matrix, images, W, H, { offset, fill: NaN });
      warpNearest(label, matrix, labels, W, H, { offset: b * H * W, fill: 0 });
      const own = images.subarray(offset, offset + H * W * C);
      applyIntensityMap(own, c.map, C, imageChannels);
      if (gain !== 1 || bias !== 0) for (let p = 0; p < own.length; p++) own[p] = own[p] * gain + bias;
    });
    return {
      images,
      labels,
      shape: [indices.length, H, W, C],
      sampleIds: indices.map((i) => this.sampleId(i)),
    };
  }

  /** Iterates over the set in batches; deterministic for a given seed and epoch. */
  *batches(options: BatchOptions): Generator<Batch> {
    const { batchSize } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`SliceSet.batches: batchSize must be a positive integer, got ${batchSize}`);
    }
    const random = mulberry32(mixSeeds(options.seed ?? 0, options.epoch ?? 0));
    const order = Array.from({ length: this.samples.length }, (_, i) => i);
    if (options.shuffle) shuffleInPlace(order, random);
    for (let start = 0; start < order.length; start += batchSize) {
      const indices = order.slice(start, start + batchSize);
      if (options.dropLast && indices.length < batchSize) break;
      yield this.batch(indices, options.augment ? random : undefined);
    }
  }

  /** The map from output pixels to a plane's pixels that resizes or pads it to the output size. */
  private fitMatrix(plane: Plane): Affine2D {
    const { height: H, width: W, fit } = this.config;
    if (plane.width === W && plane.height === H) return IDENTITY;
    return fit === 'resize'
      ? resizeMatrix(plane.width, plane.height, W, H)
      : centerMatrix(plane.width, plane.height, W, H);
  }

  private plane(volume: Volume, axis: SliceAxis, slice: number, context: number): Plane {
    // A 2-D case is its own plane: no copy.
    if (volume.dims[2] === 1 && axis === 2 && context === 0) {
      return {
        data: volume.voxels,
        width: volume.dims[0],
        height: volume.dims[1],
        channels: volume.channels,
      };
    }
    return extractPlane(volume, axis, slice, context);
  }
}
