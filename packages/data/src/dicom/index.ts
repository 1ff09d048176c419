// The DICOM half of @seglens/data: series reading, DICOM SEG, OHIF manifests and NIfTI/PNG-to-DICOM.
export { DicomError } from './errors';
export { configureDicomCodecs, type DicomCodecOptions } from './codecs';
export type { DicomFileInput, DicomInput } from './parse';
export {
  readDicomSeries,
  listDicomSeries,
  type ReadDicomSeriesOptions,
  type DicomSeriesSummary,
} from './series';
export { listDicomFiles, readDicomFiles, readDicomFolder } from './node';
export { newUid } from './uid';
