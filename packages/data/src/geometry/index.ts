// Geometry: label resampling between grids through world coordinates, and re-indexing (flip, permute, reorient).
export { resampleLabels, sameGrid, type Grid, type ResampleOptions } from './resample';
export {
  orientationCode,
  directionForCode,
  isOrientationCode,
  dicomStorageOrientation,
  flipAxis,
  permuteAxes,
  reorient,
} from './orient';
