// Geometry: label resampling between grids through world coordinates, re-indexing (flip, permute, reorient),
// and 2-D warps for resizing, padding and augmentation.
export { resampleLabels, sameGrid, type Grid, type ResampleOptions } from './resample';
export {
  orientationCode,
  isOrientationCode,
  dicomStorageOrientation,
  flipAxis,
  permuteAxes,
  reorient,
} from './orient';
export {
  warpBilinear,
  warpNearest,
  resizeMatrix,
  centerMatrix,
  resizeBilinear,
  resizeNearest,
  padOrCrop,
  type Plane,
  type PlaneArray,
  type Affine2D,
} from './warp2d';
