// NIfTI-1/2 reading (RAS affine -> LPS Volume) and NIfTI-1 writing; the *File helpers are Node only.
export {
  readNifti,
  decodeNifti,
  readNiftiHeader,
  type NiftiReadOptions,
  type NiftiHeaderInfo,
  type NiftiImage,
} from './read';
export { writeNifti, type NiftiWriteOptions } from './write';
export { readNiftiFile, writeNiftiFile } from './file';
export {
  qformToAffine,
  rasAffineToGeometry,
  geometryToRasAffine,
  affineToQuaternion,
  type Affine,
} from './affine';
