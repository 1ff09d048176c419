// The public surface of @seglens/data. Each area keeps its own barrel so the areas stay independent.
export * from './volume';
export * from './config';
export * from './dicom';
export * from './nifti';
export * from './image';
export * from './geometry';
export * from './datasets';
export * from './finite';
export * from './dicomweb';
