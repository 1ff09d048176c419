// The DICOM half of @seglens/data: series reading, DICOM SEG, OHIF manifests and NIfTI/PNG-to-DICOM.
export { DicomError } from './errors';
export { configureDicomCodecs, type DicomCodecOptions } from './codecs';
export type { DicomFileInput, DicomInput } from './parse';
export type { ProjectionSpacingSource } from './projection-spacing';
export {
  readDicomSeries,
  listDicomSeries,
  type ReadDicomSeriesOptions,
  type DicomSeriesSummary,
} from './series';
export {
  listDicomFiles,
  readDicomFiles,
  readDicomFolder,
  readDicomSegFile,
  writeDicomSegFile,
  writeDicomFiles,
  buildOhifManifestForFolder,
} from './node';
export {
  buildOhifManifest,
  type OhifManifest,
  type OhifStudy,
  type OhifSeries,
  type OhifInstance,
  type OhifManifestOptions,
} from './manifest';
export { volumeToDicomSeries, type VolumeToDicomOptions } from './to-dicom';
export { newUid } from './uid';
export { readDicomSeg, type ReadDicomSegOptions, type DicomSegResult } from './seg/read';
export { writeDicomSeg, SEGMENT_PALETTE, type WriteDicomSegOptions, type SegmentationAlgorithm } from './seg/write';
export { readDicomStudyInfo } from './seg/study-info';
export { rgbToDicomLab, dicomLabToRgb, type Rgb, type DicomLab } from './seg/colour';
export type { DicomCode, DicomSegment, SegmentDefinition, DicomStudyInfo } from './seg/types';
