// PNG/JPEG images and masks as Volumes with one slice; the *File helpers are Node only.
export { readImage, detectImageFormat, type ImageFormat, type ImageReadOptions } from './decode';
export { readMask, MAX_LABEL_MAP_INDEX, type MaskReadOptions } from './mask';
export { readImageFile, readMaskFile } from './file';
